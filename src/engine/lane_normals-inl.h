// Per instruction set (Highway's -inl convention: included once per target from inside a
// foreach_target file): the eight lanes' random streams as 8 / V vectors of V lanes, and the
// ziggurat normal of ziggurat_normal.hpp on them, bit for bit the scalar standard_normal().
// Shared by the affine (lane_simd.cpp) and the Heun (heun_lane_simd.cpp) lane kernels.
#if defined(SPINCOM_ENGINE_LANE_NORMALS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SPINCOM_ENGINE_LANE_NORMALS_INL_H_
#undef SPINCOM_ENGINE_LANE_NORMALS_INL_H_
#else
#define SPINCOM_ENGINE_LANE_NORMALS_INL_H_
#endif

#include <hwy/highway.h>

#include <cmath>
#include <cstdint>

#include "spincom/engine/lane_block.hpp"
#include "spincom/random/ziggurat_normal.hpp"

HWY_BEFORE_NAMESPACE();
namespace spincom::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DF = hn::ScalableTag<double>;
using DU = hn::RebindToUnsigned<DF>;
using DI = hn::RebindToSigned<DF>;
using VF = hn::Vec<DF>;
using VU = hn::Vec<DU>;

/// Lanes per vector, and vectors (slices) per block of eight lanes.
constexpr std::size_t V = HWY_LANES(double);
constexpr std::size_t slices = lane_width / V;
static_assert(lane_width % V == 0, "a block must be whole vectors");

/// The main engines of one slice (lanes lane0 .. lane0 + V - 1).
struct Streams {
  VU s0, s1, s2, s3;
};

HWY_INLINE Streams load_streams(const LaneStreams& st, std::size_t lane0) {
  const DU du;
  return {hn::Load(du, st.s[0] + lane0), hn::Load(du, st.s[1] + lane0), hn::Load(du, st.s[2] + lane0),
          hn::Load(du, st.s[3] + lane0)};
}

HWY_INLINE void store_streams(const Streams& v, LaneStreams& st, std::size_t lane0) {
  const DU du;
  hn::Store(v.s0, du, st.s[0] + lane0);
  hn::Store(v.s1, du, st.s[1] + lane0);
  hn::Store(v.s2, du, st.s[2] + lane0);
  hn::Store(v.s3, du, st.s[3] + lane0);
}

/// xoshiro256++ (xoshiro256pp.hpp) on V lanes: rotl(x, k) is RotateRight<64 - k>.
HWY_INLINE VU next_word(Streams& v) {
  const VU word = hn::Add(hn::RotateRight<64 - 23>(hn::Add(v.s0, v.s3)), v.s0);
  const VU shifted = hn::ShiftLeft<17>(v.s1);
  v.s2 = hn::Xor(v.s2, v.s0);
  v.s3 = hn::Xor(v.s3, v.s1);
  v.s1 = hn::Xor(v.s1, v.s2);
  v.s0 = hn::Xor(v.s0, v.s3);
  v.s2 = hn::Xor(v.s2, shifted);
  v.s3 = hn::RotateRight<64 - 45>(v.s3);
  return word;
}

/// The lanes whose fast path failed finish on the scalar slow path (ziggurat_slow_path), which
/// draws from their auxiliary engines in `aux`, never from the main ones held in registers.
inline HWY_NOINLINE VF finish_rejected(VU word, VF x, LaneStreams& aux, std::size_t lane0, const ZigguratTables& t) {
  const DF df;
  const DU du;
  HWY_ALIGN std::uint64_t words[V];
  HWY_ALIGN double values[V];
  hn::Store(word, du, words);
  hn::Store(x, df, values);
  for (std::size_t i = 0; i < V; ++i) {
    const std::uint64_t w = words[i];
    if (std::abs(ziggurat_uniform(w)) < t.ratio[w & ZigguratTables::layer_mask]) continue;  // accepted
    const std::size_t l = lane0 + i;
    Xoshiro256pp engine(Xoshiro256pp::State{aux.s[4][l], aux.s[5][l], aux.s[6][l], aux.s[7][l]});
    values[i] = ziggurat_slow_path(engine, w);
    for (std::size_t k = 0; k < 4; ++k) aux.s[k + 4][l] = engine.state()[k];
  }
  return hn::Load(df, values);
}

/// One standard normal per lane of the slice, as standard_normal() (ziggurat_normal.hpp).
HWY_INLINE VF normal(Streams& v, LaneStreams& aux, std::size_t lane0, const ZigguratTables& t) {
  const DF df;
  const DU du;
  const DI di;
  const VU word = next_word(v);
  const auto layer = hn::BitCast(di, hn::And(word, hn::Set(du, ZigguratTables::layer_mask)));
  // The top 53 bits fit a signed 64-bit integer, so the conversion is exact on every target.
  const VF mantissa = hn::ConvertTo(df, hn::BitCast(di, hn::ShiftRight<11>(word)));
  const VF u = hn::Sub(hn::Mul(mantissa, hn::Set(df, 0x1p-52)), hn::Set(df, 1.0));
  const VF ratio = hn::GatherIndex(df, t.ratio.data(), layer);
  const VF x = hn::Mul(u, hn::GatherIndex(df, t.x.data(), layer));
  if (hn::AllTrue(df, hn::Lt(hn::Abs(u), ratio))) return x;
  return finish_rejected(word, x, aux, lane0, t);
}

}  // namespace spincom::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // per-target include guard
