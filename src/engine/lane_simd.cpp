// The lane kernels written once against Google Highway (decision 44) and compiled for AVX-512,
// AVX2 and Highway's scalar target (lane_kernel.hpp: avx512, avx2, generic); the portable
// reference loop is in lane_block.cpp. Highway's foreach_target includes this file once per
// instruction set (HWY_TARGET_INCLUDE), each copy in its own namespace N_<TARGET>.
//
// Same bits everywhere: a vector holds V = 1, 4 or 8 lanes and a block of eight lanes is 8 / V
// slices, each stepped with the operations of the portable loop in its order: xoshiro256++ with
// 64-bit adds, xors, shifts and rotates; the ziggurat's fast path as exact arithmetic (a 53-bit
// integer converted, times 2^-52, minus 1, one product); the affine row sum left to right. This
// file is compiled with -ffp-contract=off (CMakeLists.txt), so no multiply and add fuse even
// where the instruction set has FMA.
#ifndef HWY_DISABLED_TARGETS
// Only AVX-512, AVX2 and the scalar fallback: SSE4/SSSE3 machines run the fallback.
#define HWY_DISABLED_TARGETS (HWY_SSE4 | HWY_SSSE3)
#endif
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "engine/lane_simd.cpp"  // found through src/ (CMakeLists.txt)
#include <hwy/foreach_target.h>  // must come before highway.h

#include <hwy/highway.h>

#include <cstdint>

#include "engine/lane_normals-inl.h"
#include "spincom/engine/lane_simd.hpp"

HWY_BEFORE_NAMESPACE();
namespace spincom::HWY_NAMESPACE {

void fill_normals(LaneStreams& streams, double* out, std::size_t rows) {
  const DF df;
  const ZigguratTables& t = ziggurat_tables();
  for (std::size_t lane0 = 0; lane0 < lane_width; lane0 += V) {
    Streams v = load_streams(streams, lane0);
    for (std::size_t r = 0; r < rows; ++r) hn::StoreU(normal(v, streams, lane0, t), df, out + r * lane_width + lane0);
    store_streams(v, streams, lane0);
  }
}

/// One slice for `steps` steps, the noise-column count fixed at compile time so every loop
/// unrolls and the state, the normals and the streams stay in registers. Row r of u <- M u + N xi
/// is summed as the portable loop does: M[r][0] u0 + ... + M[r][5] u5 + N[r][0] xi0 + ... + N[r][r] xi_r.
template <std::size_t NoiseColumns>
HWY_INLINE void advance_slice(const LaneAffine& a, LaneBlock& b, std::size_t lane0, std::size_t steps,
                              const ZigguratTables& t) {
  const DF df;
  Streams v = load_streams(b.streams, lane0);
  VF u[6], xi[NoiseColumns > 0 ? NoiseColumns : 1];
  for (int r = 0; r < 6; ++r) u[r] = hn::Load(df, b.u[r] + lane0);
  for (std::size_t s = 0; s < steps; ++s) {
    for (std::size_t j = 0; j < NoiseColumns; ++j) xi[j] = normal(v, b.streams, lane0, t);
    VF next[6];
    for (int r = 0; r < 6; ++r) {
      VF acc = hn::Mul(hn::Set(df, a.M[r * 6]), u[0]);
      for (int c = 1; c < 6; ++c) acc = hn::Add(acc, hn::Mul(hn::Set(df, a.M[r * 6 + c]), u[c]));
      for (std::size_t j = 0; j < NoiseColumns && j <= static_cast<std::size_t>(r); ++j)
        acc = hn::Add(acc, hn::Mul(hn::Set(df, a.N[r * 6 + static_cast<int>(j)]), xi[j]));
      next[r] = acc;
    }
    for (int r = 0; r < 6; ++r) u[r] = next[r];
  }
  for (int r = 0; r < 6; ++r) hn::Store(u[r], df, b.u[r] + lane0);
  store_streams(v, b.streams, lane0);
}

template <std::size_t NoiseColumns>
HWY_NOINLINE void advance_fixed(const LaneAffine& a, LaneBlock& b, std::size_t steps) {
  const ZigguratTables& t = ziggurat_tables();
  for (std::size_t lane0 = 0; lane0 < lane_width; lane0 += V) advance_slice<NoiseColumns>(a, b, lane0, steps, t);
}

void advance(const LaneAffine& a, LaneBlock& b, std::size_t steps) {
  switch (a.normals_per_step()) {
    case 0: return advance_fixed<0>(a, b, steps);
    case 1: return advance_fixed<1>(a, b, steps);
    case 2: return advance_fixed<2>(a, b, steps);
    case 3: return advance_fixed<3>(a, b, steps);
    case 4: return advance_fixed<4>(a, b, steps);
    case 5: return advance_fixed<5>(a, b, steps);
    default: return advance_fixed<6>(a, b, steps);
  }
}

/// Entries first .. first + V - 1 of six contiguous doubles (zero past the sixth), and back.
HWY_INLINE VF load_six(const double* p, std::size_t first) {
  const DF df;
  if (first >= 6) return hn::Zero(df);
  if (first + V <= 6) return hn::LoadU(df, p + first);
  return hn::MaskedLoad(hn::FirstN(df, 6 - first), df, p + first);
}

HWY_INLINE void store_six(VF v, double* p, std::size_t first) {
  const DF df;
  if (first >= 6) return;
  if (first + V <= 6) return hn::StoreU(v, df, p + first);
  hn::BlendedStore(v, hn::FirstN(df, 6 - first), df, p + first);
}

/// CovarianceAccumulator::add for lanes 0 .. lanes-1 in lane order, with the arithmetic of add():
/// n += 1; delta = x - mean; mean += delta * (1/n); M2(r, c) += delta(r) (x - mean)(c). The six
/// rows are held as 8 / V vectors (rows past the sixth are zero padding, never stored); mean and
/// the six columns of M2 stay in registers across the lanes; the lanes' x are transposed out of
/// the block first, and (x - mean)(c) is broadcast from its vector by a lane permutation.
void add_lanes(CovarianceAccumulator& acc, const double (&u)[6][lane_width], std::size_t lanes) {
  const DF df;
  VF mean[slices], col[6][slices];
  for (std::size_t k = 0; k < slices; ++k) {
    mean[k] = load_six(acc.mean.data(), k * V);
    for (int c = 0; c < 6; ++c) col[c][k] = load_six(acc.M2.data() + 6 * c, k * V);
  }
  HWY_ALIGN double x_of[lane_width][lane_width] = {};  // x_of[l][r] = u[r][l]; rows 6 and 7 stay 0
  for (std::size_t l = 0; l < lanes; ++l)
    for (int r = 0; r < 6; ++r) x_of[l][r] = u[r][l];
  HWY_ALIGN std::int64_t pick[V][V];  // pick[j]: every lane takes lane j
  for (std::size_t j = 0; j < V; ++j)
    for (std::size_t i = 0; i < V; ++i) pick[j][i] = static_cast<std::int64_t>(j);
  std::size_t n = acc.n;
  for (std::size_t l = 0; l < lanes; ++l) {
    ++n;
    const VF inv_n = hn::Set(df, 1.0 / static_cast<double>(n));
    VF delta[slices], e[slices];
    for (std::size_t k = 0; k < slices; ++k) {
      const VF x = hn::Load(df, x_of[l] + k * V);
      delta[k] = hn::Sub(x, mean[k]);
      mean[k] = hn::Add(mean[k], hn::Mul(delta[k], inv_n));
      e[k] = hn::Sub(x, mean[k]);
    }
    for (std::size_t c = 0; c < 6; ++c) {
      const VF e_c = hn::TableLookupLanes(e[c / V], hn::SetTableIndices(df, pick[c % V]));
      for (std::size_t k = 0; k < slices; ++k) col[c][k] = hn::Add(col[c][k], hn::Mul(delta[k], e_c));
    }
  }
  acc.n = n;
  for (std::size_t k = 0; k < slices; ++k) {
    store_six(mean[k], acc.mean.data(), k * V);
    for (int c = 0; c < 6; ++c) store_six(col[c][k], acc.M2.data() + 6 * c, k * V);
  }
}

}  // namespace spincom::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace spincom {

namespace {
/// Highway 1.0's SupportedTargets() runs CPUID at every call (slow, and trapped under a
/// hypervisor): ask once.
template <long long Target>
bool cpu_runs() {
  static const long long supported = hwy::SupportedTargets();
  return (supported & Target) != 0;
}
}  // namespace

const LaneSimdOps* lane_simd_ops(LaneKernel kernel) {
  switch (kernel) {
#if HWY_TARGETS & HWY_AVX3
    case LaneKernel::avx512: {
      static const LaneSimdOps ops{&N_AVX3::advance, &N_AVX3::add_lanes, &N_AVX3::fill_normals};
      return cpu_runs<HWY_AVX3>() ? &ops : nullptr;
    }
#endif
#if HWY_TARGETS & HWY_AVX2
    case LaneKernel::avx2: {
      static const LaneSimdOps ops{&N_AVX2::advance, &N_AVX2::add_lanes, &N_AVX2::fill_normals};
      return cpu_runs<HWY_AVX2>() ? &ops : nullptr;
    }
#endif
#if HWY_TARGETS & HWY_SCALAR
    case LaneKernel::generic: {
      static const LaneSimdOps ops{&N_SCALAR::advance, &N_SCALAR::add_lanes, &N_SCALAR::fill_normals};
      return &ops;
    }
#endif
    default: return nullptr;
  }
}

}  // namespace spincom
#endif
