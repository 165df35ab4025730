#include "spincom/engine/paired_heun_kernel.hpp"

#include <cmath>

#include "spincom/engine/divergence.hpp"
#include "spincom/sde/noise_factor.hpp"

namespace spincom {

namespace {
Vector6 column(const double (&x)[6][lane_width], std::size_t l) {
  Vector6 u;
  for (int r = 0; r < 6; ++r) u(r) = x[r][l];
  return u;
}
void set_column(double (&x)[6][lane_width], std::size_t l, const Vector6& u) {
  for (int r = 0; r < 6; ++r) x[r][l] = u(r);
}
}  // namespace

HeunLaneStep::HeunLaneStep(const LangevinEquations& eq, double step, const Vector6& sqrt_Dh_in,
                           const AffineStep* partner)
    : G0(eq.coefficients().G0), half_G0(0.5 * eq.coefficients().G0), h(step), half_h(0.5 * step),
      paired(partner != nullptr) {
  for (int r = 0; r < 6; ++r) {
    f_ref[r] = eq.drift_at_reference()(r);
    sqrt_Dh[r] = sqrt_Dh_in(r);
    for (int c = 0; c < 6; ++c) {
      A[r * 6 + c] = eq.jacobian_at_reference()(r, c);
      M[r * 6 + c] = partner ? partner->M(r, c) : (r == c ? 1.0 : 0.0);
      N[r * 6 + c] = partner ? partner->N(r, c) : 0.0;
    }
  }
}

PairedHeunKernel::PairedHeunKernel(const LangevinEquations& eq, const Matrix6& D, double h, const Vector6& mean0,
                                   const Matrix6& V0, const std::optional<Matrix6>& A_linear)
    : PairedHeunKernel(eq, D, h, mean0, V0, A_linear, chosen_lane_kernel()) {}

PairedHeunKernel::PairedHeunKernel(const LangevinEquations& eq, const Matrix6& D, double h, const Vector6& mean0,
                                   const Matrix6& V0, const std::optional<Matrix6>& A_linear, LaneKernel kernel)
    : eq_(eq),
      h_(h),
      sqrt_Dh_((D.diagonal() * h).cwiseSqrt()),
      mean0_(mean0),
      L0_(noise_factor(V0).L),
      paired_(A_linear.has_value()),
      linear_{h, Matrix6::Identity(), Matrix6::Zero()},
      lanes_step_(eq, h, sqrt_Dh_, nullptr),
      isa_(kernel) {
  if (paired_) {
    linear_ = StochasticHeun::affine(*A_linear, Matrix6(D.diagonal().cwiseSqrt().asDiagonal()), h);
    lanes_step_ = HeunLaneStep(eq, h, sqrt_Dh_, &linear_);
  }
}

void PairedHeunKernel::start(Block& b, std::size_t l, const NormalSource& source) const {
  NormalSource noise = source;
  const Vector6 u0 = mean0_ + L0_ * noise.vector();
  set_column(b.u, l, u0);
  set_column(b.v, l, u0);
  b.streams.set(l, noise);
}

void PairedHeunKernel::step_one(Vector6& u, Vector6& v, NormalSource& noise) const {
  const Vector6 xi = noise.vector();
  heun_langevin_step(eq_, u, h_, sqrt_Dh_, xi);
  if (paired_) v = linear_.M * v + linear_.N * xi;
}

void PairedHeunKernel::advance_portable(Block& b, std::size_t steps) const {
  for (std::size_t l = 0; l < lane_width; ++l) {
    NormalSource noise = b.streams.source(l);
    Vector6 u = column(b.u, l), v = column(b.v, l);
    for (std::size_t s = 0; s < steps; ++s) step_one(u, v, noise);
    set_column(b.u, l, u);
    set_column(b.v, l, v);
    b.streams.set(l, noise);
  }
}

void PairedHeunKernel::advance(Block& b, std::size_t steps) const {
  if (isa_ == LaneKernel::portable) return advance_portable(b, steps);
  advance_heun_lanes(lanes_step_, b, steps, isa_);
}

/// x * 0 is NaN exactly for an infinite or NaN x (only the nonlinear state u is checked).
bool PairedHeunKernel::all_finite(const Block& b) const { return lanes_finite(b.u, isa_); }

bool PairedHeunKernel::lane_finite(const Block& b, std::size_t l) const { return column(b.u, l).allFinite(); }

/// The trajectory alone, on the scalar path (every lane kernel rounds as it does).
std::size_t PairedHeunKernel::first_nonfinite_step(const NormalSource& source, std::size_t total_steps) const {
  NormalSource noise = source;
  Vector6 u = mean0_ + L0_ * noise.vector();
  Vector6 v = u;
  if (!u.allFinite()) return 0;
  for (std::size_t s = 1; s <= total_steps; ++s) {
    step_one(u, v, noise);
    if (!u.allFinite()) return s;
  }
  return no_trajectory;
}

/// Lane by lane in lane order, each channel with exactly add()'s arithmetic (add_lanes).
void PairedHeunKernel::accumulate(LaneAccumulators* const* per_channel, const Block& b, std::size_t first_slot,
                                  std::size_t active) const {
  add_lanes(*per_channel[0], b.u, first_slot, active, isa_);
  if (!paired_) return;
  add_lanes(*per_channel[1], b.v, first_slot, active, isa_);
  double difference[6][lane_width];
  for (int r = 0; r < 6; ++r)
    for (std::size_t l = 0; l < lane_width; ++l) difference[r][l] = b.u[r][l] - b.v[r][l];
  add_lanes(*per_channel[2], difference, first_slot, active, isa_);
}

Vector6 PairedHeunKernel::state(const Block& b, std::size_t l, std::size_t channel) const {
  switch (channel) {
    case 1: return column(b.v, l);
    case 2: return column(b.u, l) - column(b.v, l);
    default: return column(b.u, l);
  }
}

}  // namespace spincom
