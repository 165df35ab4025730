// The portable reference loop of the lane kernels and the dispatch to the SIMD ones
// (lane_simd.cpp). Compiled with -ffp-contract=off (CMakeLists.txt): every kernel must round
// identically, so none may fuse a multiply and an add.
#include "spincom/engine/lane_block.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>

#include <Eigen/QR>

#include "spincom/core/error.hpp"
#include "spincom/engine/lane_simd.hpp"
#include "spincom/random/ziggurat_normal.hpp"

namespace spincom {

void LaneStreams::set(std::size_t lane, const NormalSource& source) {
  for (std::size_t w = 0; w < 4; ++w) {
    s[w][lane] = source.main_engine().state()[w];
    s[w + 4][lane] = source.aux_engine().state()[w];
  }
}

NormalSource LaneStreams::source(std::size_t lane) const {
  return NormalSource(Xoshiro256pp(Xoshiro256pp::State{s[0][lane], s[1][lane], s[2][lane], s[3][lane]}),
                      Xoshiro256pp(Xoshiro256pp::State{s[4][lane], s[5][lane], s[6][lane], s[7][lane]}));
}

LaneAffine::LaneAffine(const AffineStep& step) {
  std::vector<int> columns;
  for (int c = 0; c < 6; ++c)
    if (!step.N.col(c).isZero(0.0)) columns.push_back(c);
  const auto k = static_cast<Eigen::Index>(columns.size());
  // N' = R^T from the QR factorization N_k^T = Q R of the nonzero columns: N' N'^T = N N^T, and
  // N' is lower trapezoidal (row r has columns 0..r), which saves 15 of the 36 products.
  Eigen::MatrixXd Nk(6, k);
  for (Eigen::Index j = 0; j < k; ++j) Nk.col(j) = step.N.col(columns[static_cast<std::size_t>(j)]);
  Eigen::MatrixXd L = Eigen::MatrixXd::Zero(6, k);
  if (k > 0) {
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(Nk.transpose());
    L = qr.matrixQR().triangularView<Eigen::Upper>().toDenseMatrix().transpose();
  }
  noise_columns = static_cast<std::size_t>(k);
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 6; ++c) {
      M[r * 6 + c] = step.M(r, c);
      N[r * 6 + c] = c < k && c <= r ? L(r, c) : 0.0;
    }
}

namespace {

// ---- portable --------------------------------------------------------------------------------

void fill_portable(LaneStreams& streams, double* out, std::size_t rows) {
  for (std::size_t l = 0; l < lane_width; ++l) {
    NormalSource source = streams.source(l);
    for (std::size_t r = 0; r < rows; ++r) out[r * lane_width + l] = source();
    streams.set(l, source);
  }
}

void advance_portable(const LaneAffine& a, LaneBlock& b, std::size_t steps) {
  const std::size_t n_noise = a.normals_per_step();
  double xi[6 * lane_width];
  double next[6][lane_width];
  for (std::size_t s = 0; s < steps; ++s) {
    fill_portable(b.streams, xi, n_noise);
    for (int r = 0; r < 6; ++r)
      for (std::size_t l = 0; l < lane_width; ++l) {
        double acc = a.M[r * 6] * b.u[0][l];
        for (int c = 1; c < 6; ++c) acc = acc + a.M[r * 6 + c] * b.u[c][l];
        for (std::size_t j = 0; j < n_noise && j <= static_cast<std::size_t>(r); ++j)
          acc = acc + a.N[r * 6 + static_cast<int>(j)] * xi[j * lane_width + l];
        next[r][l] = acc;
      }
    for (int r = 0; r < 6; ++r)
      for (std::size_t l = 0; l < lane_width; ++l) b.u[r][l] = next[r][l];
  }
}

void add_lanes_portable(LaneAccumulators& acc, const double (&x)[6][lane_width], std::size_t first_slot,
                        std::size_t lanes) {
  for (std::size_t l = 0; l < lanes; ++l) {
    Vector6 u;
    for (int r = 0; r < 6; ++r) u(r) = x[r][l];
    acc.add((first_slot + l) % LaneAccumulators::slots, u);
  }
}

bool finite_portable(const double (&u)[6][lane_width]) {
  double probe[lane_width] = {};
  for (int r = 0; r < 6; ++r)
    for (std::size_t l = 0; l < lane_width; ++l) probe[l] += u[r][l] * 0.0;
  bool finite = true;
  for (std::size_t l = 0; l < lane_width; ++l) finite &= probe[l] == 0.0;
  return finite;
}

/// The kernel's SIMD entry points; nullptr for the portable loop. Throws when it cannot run here.
/// Looked up once per kernel (the ensemble calls these at every sample of every block).
const LaneSimdOps* simd_ops(LaneKernel kernel) {
  static const LaneSimdOps* const table[] = {nullptr, lane_simd_ops(LaneKernel::generic),
                                             lane_simd_ops(LaneKernel::avx2), lane_simd_ops(LaneKernel::avx512)};
  if (kernel == LaneKernel::portable) return nullptr;
  if (const LaneSimdOps* ops = table[static_cast<int>(kernel)]) return ops;
  throw InvalidParameter("lane kernel " + std::string(to_string(kernel)) +
                         ": this binary or CPU cannot run it. Hint: use chosen_lane_kernel().");
}
}  // namespace

void advance_lanes(const LaneAffine& step, LaneBlock& block, std::size_t steps, LaneKernel kernel) {
  if (const LaneSimdOps* ops = simd_ops(kernel)) return ops->advance(step, block, steps);
  advance_portable(step, block, steps);
}

void add_lanes(LaneAccumulators& acc, const double (&u)[6][lane_width], std::size_t first_slot, std::size_t lanes,
               LaneKernel kernel) {
  const LaneSimdOps* ops = simd_ops(kernel);
  if (ops && first_slot == 0 && lanes == lane_width) return ops->add(acc, u);
  add_lanes_portable(acc, u, first_slot, lanes);
}

bool advance_and_add_lanes(const LaneAffine& step, LaneBlock& block, std::size_t steps, std::size_t samples,
                           LaneAccumulators* acc, LaneKernel kernel, double* trace, bool overwrite) {
  if (const LaneSimdOps* ops = simd_ops(kernel))
    return ops->advance_sampled(step, block, steps, samples, acc, trace, overwrite);
  if (overwrite) std::uninitialized_value_construct_n(acc, samples);  // the reference: zeros, then add
  bool finite = true;
  for (std::size_t k = 0; k < samples; ++k) {
    advance_portable(step, block, steps);
    add_lanes_portable(acc[k], block.u, 0, lane_width);
    finite &= finite_portable(block.u);
    if (trace) std::copy(&block.u[0][0], &block.u[0][0] + 6 * lane_width, trace + k * 6 * lane_width);
  }
  return finite;
}

bool lanes_finite(const double (&u)[6][lane_width], LaneKernel kernel) {
  if (const LaneSimdOps* ops = simd_ops(kernel)) return ops->finite(u);
  return finite_portable(u);
}

void fill_lane_normals(LaneStreams& streams, double* out, std::size_t rows, LaneKernel kernel) {
  if (const LaneSimdOps* ops = simd_ops(kernel)) return ops->fill(streams, out, rows);
  fill_portable(streams, out, rows);
}

}  // namespace spincom
