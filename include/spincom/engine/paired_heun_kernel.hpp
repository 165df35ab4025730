#pragma once
// The kernel of the nonlinear truncated-Wigner equations (Eq. 3, langevin_equations.hpp) for the
// ensemble driver: eight trajectories u per block in SIMD lanes (heun_lanes.hpp), stepped with
// the stochastic Heun step of sde/stochastic_heun.hpp, each optionally paired with its linearized
// partner v <- M v + N xi (M = I + A h + (A h)^2/2, N = (I + A h/2) B sqrt(h)) driven by the same
// normals from the same initial sample, so nonlinear minus linear is measured with the sampling
// noise of both largely cancelled. Channels: u; with a partner also v and u - v.
//
// Per trajectory the normals are drawn as: the initial Wigner sample u(0) = mean0 + L0 xi_0,
// then one 6-vector xi per step, with B dW = sqrt(D h) xi (D diagonal).
//
// The lane kernel (lane_kernel.hpp, chosen_lane_kernel()) steps the lanes: `portable` runs the
// scalar step below (heun_langevin_step and Eigen's M v + N xi) lane by lane; generic, avx2 and
// avx512 run heun_lane_simd.cpp, bit for bit the same.
#include <cstddef>
#include <optional>

#include "spincom/engine/heun_lanes.hpp"
#include "spincom/nonlinear/langevin_equations.hpp"
#include "spincom/random/normal_source.hpp"
#include "spincom/sde/affine_step.hpp"
#include "spincom/sde/stochastic_heun.hpp"
#include "spincom/statistics/lane_accumulators.hpp"

namespace spincom {

/// One stochastic Heun step of Eq. (3) with the normals xi: B dW = sqrt_Dh .* xi.
inline void heun_langevin_step(const LangevinEquations& eq, Vector6& u, double h, const Vector6& sqrt_Dh,
                               const Vector6& xi) {
  const auto drift = [&eq](const Vector6& x, Vector6& dxdt, double /*t*/) { eq(x, dxdt); };
  StochasticHeun::step(drift, u, 0.0, h, Vector6(sqrt_Dh.cwiseProduct(xi)));
}

class PairedHeunKernel {
 public:
  using Block = HeunLaneBlock;
  static constexpr std::size_t lanes = lane_width;

  /// `D` diagonal (>= 0); `A_linear`: the drift of the paired linearized trajectory, if any.
  /// Throws InvalidParameter when V0 is not a covariance, or when SPINCOM_LANE_KERNEL names a
  /// kernel that cannot run.
  PairedHeunKernel(const LangevinEquations& eq, const Matrix6& D, double h, const Vector6& mean0, const Matrix6& V0,
                   const std::optional<Matrix6>& A_linear);
  /// The same with the lane kernel given (tests and benchmarks).
  PairedHeunKernel(const LangevinEquations& eq, const Matrix6& D, double h, const Vector6& mean0, const Matrix6& V0,
                   const std::optional<Matrix6>& A_linear, LaneKernel kernel);

  [[nodiscard]] std::size_t channels() const { return paired_ ? 3 : 1; }
  [[nodiscard]] LaneKernel lane_kernel() const { return isa_; }

  void start(Block& block, std::size_t lane, const NormalSource& source) const;
  void advance(Block& block, std::size_t steps) const;
  [[nodiscard]] bool all_finite(const Block& block) const;
  [[nodiscard]] bool lane_finite(const Block& block, std::size_t lane) const;
  [[nodiscard]] std::size_t first_nonfinite_step(const NormalSource& source, std::size_t total_steps) const;
  void accumulate(LaneAccumulators* const* per_channel, const Block& block, std::size_t first_slot,
                  std::size_t active) const;
  [[nodiscard]] Vector6 state(const Block& block, std::size_t lane, std::size_t channel) const;

 private:
  /// The scalar step of one trajectory: today's path, the reference of the lane kernels.
  void step_one(Vector6& u, Vector6& v, NormalSource& noise) const;
  void advance_portable(Block& block, std::size_t steps) const;

  const LangevinEquations& eq_;
  double h_;
  Vector6 sqrt_Dh_;
  Vector6 mean0_;
  Matrix6 L0_;
  bool paired_;
  AffineStep linear_;
  HeunLaneStep lanes_step_;
  LaneKernel isa_;
};

}  // namespace spincom
