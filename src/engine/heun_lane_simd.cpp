// The Heun lane kernel of Eq. (3) (heun_lanes.hpp) written once against Google Highway and
// compiled for AVX-512, AVX2 and the scalar fallback, as the affine one (lane_simd.cpp,
// decision 44). Each lane repeats today's scalar step operation by operation:
//   xi = 6 normals;  B dW = sqrt_Dh .* xi;
//   f(x) = ((A_r x computed row by row, left to right) + f_ref) with the nonlinear remainder
//          f0 -= gq Y1, f1 += gq X1, f2 -= gq Y2, f3 += gq X2 (gq = G0 dq),
//          f5 += (0.5 G0) (((X1^2 + Y1^2) + X2^2) + Y2^2);
//   predictor = (u + h f(u)) + B dW;  u <- u + ((0.5 h) (f(u) + f(predictor)) + B dW);
//   partner v <- (M v) + (N xi), each product row by row, left to right (Eigen's order).
// Compiled with -ffp-contract=off (CMakeLists.txt): nothing fuses into an FMA.
#ifndef HWY_DISABLED_TARGETS
#define HWY_DISABLED_TARGETS (HWY_SSE4 | HWY_SSSE3)  // as lane_simd.cpp
#endif
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "engine/heun_lane_simd.cpp"  // found through src/ (CMakeLists.txt)
#include <hwy/foreach_target.h>  // must come before highway.h

#include <hwy/highway.h>

#include <string>

#include "engine/lane_normals-inl.h"
#include "spincom/core/error.hpp"
#include "spincom/engine/heun_lanes.hpp"

HWY_BEFORE_NAMESPACE();
namespace spincom::HWY_NAMESPACE {

/// Row r of the row-major 6x6 `m` times x, summed left to right.
HWY_INLINE VF row_times(const double* m, int r, const VF* x) {
  const DF df;
  VF acc = hn::Mul(hn::Set(df, m[r * 6]), x[0]);
  for (int c = 1; c < 6; ++c) acc = hn::Add(acc, hn::Mul(hn::Set(df, m[r * 6 + c]), x[c]));
  return acc;
}

/// The drift f(x) of Eq. (3) in the displaced frame (LangevinEquations::operator()).
HWY_INLINE void drift(const HeunLaneStep& k, const VF* x, VF* f) {
  const DF df;
  for (int r = 0; r < 6; ++r) f[r] = hn::Add(row_times(k.A, r, x), hn::Set(df, k.f_ref[r]));
  const VF gq = hn::Mul(hn::Set(df, k.G0), x[4]);
  f[0] = hn::Sub(f[0], hn::Mul(gq, x[1]));
  f[1] = hn::Add(f[1], hn::Mul(gq, x[0]));
  f[2] = hn::Sub(f[2], hn::Mul(gq, x[3]));
  f[3] = hn::Add(f[3], hn::Mul(gq, x[2]));
  const VF norm = hn::Add(hn::Add(hn::Add(hn::Mul(x[0], x[0]), hn::Mul(x[1], x[1])), hn::Mul(x[2], x[2])),
                          hn::Mul(x[3], x[3]));
  f[5] = hn::Add(f[5], hn::Mul(hn::Set(df, k.half_G0), norm));
}

/// One stochastic Heun step (StochasticHeun::step) with the increment bdw.
HWY_INLINE void heun_step(const HeunLaneStep& k, VF* u, const VF* bdw) {
  const DF df;
  VF f0[6], predictor[6], f1[6];
  drift(k, u, f0);
  for (int r = 0; r < 6; ++r) predictor[r] = hn::Add(hn::Add(u[r], hn::Mul(hn::Set(df, k.h), f0[r])), bdw[r]);
  drift(k, predictor, f1);
  for (int r = 0; r < 6; ++r)
    u[r] = hn::Add(u[r], hn::Add(hn::Mul(hn::Set(df, k.half_h), hn::Add(f0[r], f1[r])), bdw[r]));
}

/// The partner's affine step v <- (M v) + (N xi).
HWY_INLINE void partner_step(const HeunLaneStep& k, VF* v, const VF* xi) {
  VF next[6];
  for (int r = 0; r < 6; ++r) next[r] = hn::Add(row_times(k.M, r, v), row_times(k.N, r, xi));
  for (int r = 0; r < 6; ++r) v[r] = next[r];
}

/// One slice (lanes lane0 .. lane0 + V - 1) for `steps` steps, the state in registers.
template <bool Paired>
HWY_INLINE void advance_slice(const HeunLaneStep& k, HeunLaneBlock& b, std::size_t lane0, std::size_t steps,
                              const ZigguratTables& t) {
  const DF df;
  Streams streams = load_streams(b.streams, lane0);
  VF u[6], v[6];
  for (int r = 0; r < 6; ++r) {
    u[r] = hn::Load(df, b.u[r] + lane0);
    v[r] = hn::Load(df, b.v[r] + lane0);
  }
  for (std::size_t s = 0; s < steps; ++s) {
    VF xi[6], bdw[6];
    for (int j = 0; j < 6; ++j) xi[j] = normal(streams, b.streams, lane0, t);
    for (int j = 0; j < 6; ++j) bdw[j] = hn::Mul(hn::Set(df, k.sqrt_Dh[j]), xi[j]);
    heun_step(k, u, bdw);
    if constexpr (Paired) partner_step(k, v, xi);
  }
  for (int r = 0; r < 6; ++r) {
    hn::Store(u[r], df, b.u[r] + lane0);
    hn::Store(v[r], df, b.v[r] + lane0);
  }
  store_streams(streams, b.streams, lane0);
}

void advance_heun(const HeunLaneStep& k, HeunLaneBlock& b, std::size_t steps) {
  const ZigguratTables& t = ziggurat_tables();
  for (std::size_t lane0 = 0; lane0 < lane_width; lane0 += V) {
    if (k.paired) advance_slice<true>(k, b, lane0, steps, t);
    else advance_slice<false>(k, b, lane0, steps, t);
  }
}

}  // namespace spincom::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace spincom {

namespace {
using HeunAdvance = void (*)(const HeunLaneStep&, HeunLaneBlock&, std::size_t);

/// The kernel's entry point, or nullptr when this binary lacks it or this CPU cannot run it.
HeunAdvance heun_entry(LaneKernel kernel) {
  if (!lane_kernel_available(kernel)) return nullptr;
  switch (kernel) {
#if HWY_TARGETS & HWY_AVX3
    case LaneKernel::avx512: return &N_AVX3::advance_heun;
#endif
#if HWY_TARGETS & HWY_AVX2
    case LaneKernel::avx2: return &N_AVX2::advance_heun;
#endif
#if HWY_TARGETS & HWY_SCALAR
    case LaneKernel::generic: return &N_SCALAR::advance_heun;
#endif
    default: return nullptr;
  }
}
}  // namespace

void advance_heun_lanes(const HeunLaneStep& step, HeunLaneBlock& block, std::size_t steps, LaneKernel kernel) {
  const HeunAdvance entry = heun_entry(kernel);
  if (entry == nullptr)
    throw InvalidParameter("Heun lane kernel " + std::string(to_string(kernel)) +
                           ": not a SIMD kernel this binary and CPU run. Hint: the portable reference is "
                           "PairedHeunKernel's scalar path; use chosen_lane_kernel().");
  entry(step, block, steps);
}

}  // namespace spincom
#endif
