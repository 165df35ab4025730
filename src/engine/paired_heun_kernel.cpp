#include "spincom/engine/paired_heun_kernel.hpp"

#include "spincom/engine/divergence.hpp"
#include "spincom/sde/noise_factor.hpp"

namespace spincom {

PairedHeunKernel::PairedHeunKernel(const LangevinEquations& eq, const Matrix6& D, double h, const Vector6& mean0,
                                   const Matrix6& V0, const std::optional<Matrix6>& A_linear)
    : eq_(eq),
      h_(h),
      sqrt_Dh_((D.diagonal() * h).cwiseSqrt()),
      mean0_(mean0),
      L0_(noise_factor(V0).L),
      paired_(A_linear.has_value()),
      linear_{h, Matrix6::Identity(), Matrix6::Zero()} {
  if (paired_) linear_ = StochasticHeun::affine(*A_linear, Matrix6(D.diagonal().cwiseSqrt().asDiagonal()), h);
}

void PairedHeunKernel::start(Block& b, std::size_t /*lane*/, const NormalSource& source) const {
  b.noise = source;
  b.u = mean0_ + L0_ * b.noise.vector();
  b.v = b.u;
}

void PairedHeunKernel::advance(Block& b, std::size_t steps) const {
  for (std::size_t s = 0; s < steps; ++s) {
    const Vector6 xi = b.noise.vector();
    heun_langevin_step(eq_, b.u, h_, sqrt_Dh_, xi);
    if (paired_) b.v = linear_.M * b.v + linear_.N * xi;
  }
}

std::size_t PairedHeunKernel::first_nonfinite_step(const NormalSource& source, std::size_t total_steps) const {
  Block b;
  start(b, 0, source);
  if (!b.u.allFinite()) return 0;
  for (std::size_t s = 1; s <= total_steps; ++s) {
    advance(b, 1);
    if (!b.u.allFinite()) return s;
  }
  return no_trajectory;
}

void PairedHeunKernel::accumulate(CovarianceAccumulator* const* per_channel, const Block& b, std::size_t /*active*/) const {
  per_channel[0]->add(b.u);
  if (!paired_) return;
  per_channel[1]->add(b.v);
  per_channel[2]->add(b.u - b.v);
}

Vector6 PairedHeunKernel::state(const Block& b, std::size_t /*lane*/, std::size_t channel) const {
  switch (channel) {
    case 1: return b.v;
    case 2: return b.u - b.v;
    default: return b.u;
  }
}

}  // namespace spincom
