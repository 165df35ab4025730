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

/// `steps` steps of one slice held in registers (state u, main engines v), the noise-column count
/// fixed at compile time so every loop unrolls. Row r of u <- M u + N xi is summed as the portable
/// loop does: M[r][0] u0 + ... + M[r][5] u5 + N[r][0] xi0 + ... + N[r][r] xi_r.
template <std::size_t NoiseColumns>
HWY_INLINE void step_slice(const LaneAffine& a, VF (&u)[6], Streams& v, LaneStreams& aux, std::size_t lane0,
                           std::size_t steps, const ZigguratTables& t) {
  const DF df;
  VF xi[NoiseColumns > 0 ? NoiseColumns : 1];
  for (std::size_t s = 0; s < steps; ++s) {
    for (std::size_t j = 0; j < NoiseColumns; ++j) xi[j] = normal(v, aux, lane0, t);
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
}

HWY_INLINE void load_state(const LaneBlock& b, std::size_t lane0, VF (&u)[6]) {
  const DF df;
  for (int r = 0; r < 6; ++r) u[r] = hn::Load(df, b.u[r] + lane0);
}

HWY_INLINE void store_state(const VF (&u)[6], LaneBlock& b, std::size_t lane0) {
  const DF df;
  for (int r = 0; r < 6; ++r) hn::Store(u[r], df, b.u[r] + lane0);
}

template <std::size_t NoiseColumns>
HWY_NOINLINE void advance_fixed(const LaneAffine& a, LaneBlock& b, std::size_t steps) {
  const ZigguratTables& t = ziggurat_tables();
  for (std::size_t lane0 = 0; lane0 < lane_width; lane0 += V) {
    Streams v = load_streams(b.streams, lane0);
    VF u[6];
    load_state(b, lane0, u);
    step_slice<NoiseColumns>(a, u, v, b.streams, lane0, steps, t);
    store_state(u, b, lane0);
    store_streams(v, b.streams, lane0);
  }
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

/// LaneAccumulators::add for the lanes of one slice, lane l into slot l: per lane the operations
/// of add() in its order (n + 1, one division, delta = x - mean, mean + delta (1/n), x - mean, then
/// the upper triangle of M2 row by row), V lanes per vector. No lane waits for another: the slots
/// are independent accumulators (decision 64), so the update is a few loads, products and stores.
/// Fresh: the slots are taken to be zero and not read (they may hold garbage), the same operations
/// on +0.0 in place of each load, so the same bits as adding into LaneAccumulators{} (decision 85).
template <bool Fresh = false>
HWY_INLINE void add_slice(LaneAccumulators& acc, const VF (&x)[6], std::size_t lane0) {
  const DF df;
  const VF one = hn::Set(df, 1.0);
  auto load = [&](const double* p) { return Fresh ? hn::Zero(df) : hn::Load(df, p); };
  const VF n = hn::Add(load(acc.n + lane0), one);
  hn::Store(n, df, acc.n + lane0);
  const VF inv_n = hn::Div(one, n);
  VF delta[6], e[6];
  for (int r = 0; r < 6; ++r) {
    const VF mean = load(acc.mean[r] + lane0);
    delta[r] = hn::Sub(x[r], mean);
    const VF updated = hn::Add(mean, hn::Mul(delta[r], inv_n));
    hn::Store(updated, df, acc.mean[r] + lane0);
    e[r] = hn::Sub(x[r], updated);
  }
#pragma GCC unroll 6
  for (std::size_t r = 0; r < 6; ++r)
#pragma GCC unroll 6
    for (std::size_t c = r; c < 6; ++c) {
      double* m2 = acc.m2[LaneAccumulators::upper(r, c)] + lane0;
      hn::Store(hn::Add(load(m2), hn::Mul(delta[r], e[c])), df, m2);
    }
}

/// The eight lanes at once into slots 0..7.
void add_lanes(LaneAccumulators& acc, const double (&u)[6][lane_width]) {
  const DF df;
  for (std::size_t lane0 = 0; lane0 < lane_width; lane0 += V) {
    VF x[6];
    for (int r = 0; r < 6; ++r) x[r] = hn::LoadU(df, u[r] + lane0);
    add_slice(acc, x, lane0);
  }
}

/// The fused sample loop: per sample k, `steps` steps (step_slice) and the slice into acc[k]
/// (add_slice), the state and the engines in registers throughout, and with a trace the state
/// stored at trace[(k * 6 + r) * 8 + lane]. The probe sums u * 0 over every sampled state: +-0
/// while all are finite, NaN from the first non-finite one on. Fresh: acc[k] is overwritten
/// (add_slice<true>), each slice setting its lanes of every field.
template <std::size_t NoiseColumns, bool Fresh>
HWY_NOINLINE bool advance_sampled_fixed(const LaneAffine& a, LaneBlock& b, std::size_t steps, std::size_t samples,
                                        LaneAccumulators* acc, double* trace) {
  const DF df;
  const VF zero = hn::Zero(df);
  const ZigguratTables& t = ziggurat_tables();
  VF probe = zero;
  for (std::size_t lane0 = 0; lane0 < lane_width; lane0 += V) {
    Streams v = load_streams(b.streams, lane0);
    VF u[6];
    load_state(b, lane0, u);
    for (std::size_t k = 0; k < samples; ++k) {
      step_slice<NoiseColumns>(a, u, v, b.streams, lane0, steps, t);
      add_slice<Fresh>(acc[k], u, lane0);
      for (int r = 0; r < 6; ++r) probe = hn::Add(probe, hn::Mul(u[r], zero));
      if (trace)
        for (int r = 0; r < 6; ++r) hn::StoreU(u[r], df, trace + (k * 6 + static_cast<std::size_t>(r)) * lane_width + lane0);
    }
    store_state(u, b, lane0);
    store_streams(v, b.streams, lane0);
  }
  return hn::AllTrue(df, hn::Eq(probe, zero));
}

template <bool Fresh>
bool advance_sampled_as(const LaneAffine& a, LaneBlock& b, std::size_t steps, std::size_t samples,
                        LaneAccumulators* acc, double* trace) {
  switch (a.normals_per_step()) {
    case 0: return advance_sampled_fixed<0, Fresh>(a, b, steps, samples, acc, trace);
    case 1: return advance_sampled_fixed<1, Fresh>(a, b, steps, samples, acc, trace);
    case 2: return advance_sampled_fixed<2, Fresh>(a, b, steps, samples, acc, trace);
    case 3: return advance_sampled_fixed<3, Fresh>(a, b, steps, samples, acc, trace);
    case 4: return advance_sampled_fixed<4, Fresh>(a, b, steps, samples, acc, trace);
    case 5: return advance_sampled_fixed<5, Fresh>(a, b, steps, samples, acc, trace);
    default: return advance_sampled_fixed<6, Fresh>(a, b, steps, samples, acc, trace);
  }
}

bool advance_sampled(const LaneAffine& a, LaneBlock& b, std::size_t steps, std::size_t samples,
                     LaneAccumulators* acc, double* trace, bool overwrite) {
  return overwrite ? advance_sampled_as<true>(a, b, steps, samples, acc, trace)
                   : advance_sampled_as<false>(a, b, steps, samples, acc, trace);
}

/// Every entry finite: the sum of x * 0 over the block is +-0 when it is, NaN otherwise.
bool lanes_finite(const double (&u)[6][lane_width]) {
  const DF df;
  const VF zero = hn::Zero(df);
  VF probe = zero;
  for (std::size_t lane0 = 0; lane0 < lane_width; lane0 += V)
    for (int r = 0; r < 6; ++r) probe = hn::Add(probe, hn::Mul(hn::LoadU(df, u[r] + lane0), zero));
  return hn::AllTrue(df, hn::Eq(probe, zero));
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
      static const LaneSimdOps ops{&N_AVX3::advance, &N_AVX3::add_lanes, &N_AVX3::fill_normals,
                                   &N_AVX3::lanes_finite, &N_AVX3::advance_sampled};
      return cpu_runs<HWY_AVX3>() ? &ops : nullptr;
    }
#endif
#if HWY_TARGETS & HWY_AVX2
    case LaneKernel::avx2: {
      static const LaneSimdOps ops{&N_AVX2::advance, &N_AVX2::add_lanes, &N_AVX2::fill_normals,
                                   &N_AVX2::lanes_finite, &N_AVX2::advance_sampled};
      return cpu_runs<HWY_AVX2>() ? &ops : nullptr;
    }
#endif
#if HWY_TARGETS & HWY_SCALAR
    case LaneKernel::generic: {
      static const LaneSimdOps ops{&N_SCALAR::advance, &N_SCALAR::add_lanes, &N_SCALAR::fill_normals,
                                   &N_SCALAR::lanes_finite, &N_SCALAR::advance_sampled};
      return &ops;
    }
#endif
    default: return nullptr;
  }
}

}  // namespace spincom
#endif
