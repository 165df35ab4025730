#pragma once
// Eight trajectories of the truncated-Wigner equations (Eq. 3, langevin_equations.hpp), each with
// its linearized partner on the same normals, stepped together in SIMD lanes (structure of
// arrays, as lane_block.hpp). One step per lane is exactly today's scalar step
// (heun_langevin_step, and v <- M v + N xi with Eigen): the same IEEE operations in the same
// order, no fused multiply-add (heun_lane_simd.cpp is compiled with -ffp-contract=off), so a
// trajectory's finite numbers do not depend on the kernel (tests/numeric/test_lane_kernels.cpp).
#include <cstddef>

#include "spincom/engine/lane_block.hpp"
#include "spincom/nonlinear/langevin_equations.hpp"
#include "spincom/sde/affine_step.hpp"

namespace spincom {

/// The state of eight trajectories: u[quadrature][lane] (displaced frame) and the partner v.
struct alignas(64) HeunLaneBlock {
  double u[6][lane_width];
  double v[6][lane_width];
  LaneStreams streams;
};

/// The coefficients of one stochastic Heun step of Eq. (3) and of the partner's affine step,
/// flattened for broadcasting; every product is formed as the scalar code forms it.
struct HeunLaneStep {
  alignas(64) double A[36];  ///< the Jacobian at the reference A_r, row-major, s^-1
  double f_ref[6];           ///< the drift at the reference, s^-1
  double G0;                 ///< G0, s^-1
  double half_G0;            ///< 0.5 * G0, as the drift forms it
  double h;                  ///< step, s
  double half_h;             ///< 0.5 * h, as StochasticHeun::step forms it
  double sqrt_Dh[6];         ///< B dW = sqrt_Dh .* xi
  alignas(64) double M[36];  ///< the partner's M, row-major
  alignas(64) double N[36];  ///< the partner's N, row-major (all six columns, as Eigen's N * xi)
  bool paired = false;

  HeunLaneStep(const LangevinEquations& eq, double h, const Vector6& sqrt_Dh, const AffineStep* partner);
};

/// `steps` Heun steps of all eight lanes (and of their partners when step.paired) with one of
/// the SIMD kernels (generic, avx2, avx512). Throws InvalidParameter for LaneKernel::portable
/// (the reference is the scalar code itself, paired_heun_kernel.cpp) or a kernel this binary or
/// CPU cannot run.
void advance_heun_lanes(const HeunLaneStep& step, HeunLaneBlock& block, std::size_t steps, LaneKernel kernel);

}  // namespace spincom
