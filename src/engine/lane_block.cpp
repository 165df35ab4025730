// Compiled with -ffp-contract=off (CMakeLists.txt): the portable and the AVX-512 kernels must
// round identically, so neither may fuse a multiply and an add.
#include "spincom/engine/lane_block.hpp"

#include <cmath>

#include <Eigen/QR>

#include "spincom/core/error.hpp"
#include "spincom/random/ziggurat_normal.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
// GCC 12's AVX-512 headers trip -Wmaybe-uninitialized on their own _mm512_undefined_* (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#define SPINCOM_HAVE_AVX512_KERNEL 1
#endif

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

namespace {
Xoshiro256pp aux_engine(const LaneStreams& st, std::size_t lane) {
  return Xoshiro256pp(Xoshiro256pp::State{st.s[4][lane], st.s[5][lane], st.s[6][lane], st.s[7][lane]});
}
void set_aux(LaneStreams& st, std::size_t lane, const Xoshiro256pp& aux) {
  for (std::size_t w = 0; w < 4; ++w) st.s[w + 4][lane] = aux.state()[w];
}
}  // namespace

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

std::string_view to_string(LaneKernel kernel) {
  return kernel == LaneKernel::avx512 ? "avx512" : "portable";
}

LaneKernel fastest_lane_kernel() {
#ifdef SPINCOM_HAVE_AVX512_KERNEL
  static const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  return avx512 ? LaneKernel::avx512 : LaneKernel::portable;
#else
  return LaneKernel::portable;
#endif
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

void add_lanes_portable(CovarianceAccumulator& acc, const LaneBlock& b, std::size_t lanes) {
  for (std::size_t l = 0; l < lanes; ++l) {
    Vector6 u;
    for (int r = 0; r < 6; ++r) u(r) = b.u[r][l];
    acc.add(u);
  }
}

// ---- AVX-512 ---------------------------------------------------------------------------------

#ifdef SPINCOM_HAVE_AVX512_KERNEL
#define SPINCOM_AVX512 __attribute__((target("avx512f,avx512dq")))

struct Avx512Streams {
  __m512i s0, s1, s2, s3;
};

SPINCOM_AVX512 inline Avx512Streams load_streams(const LaneStreams& st) {
  return {_mm512_load_si512(st.s[0]), _mm512_load_si512(st.s[1]), _mm512_load_si512(st.s[2]),
          _mm512_load_si512(st.s[3])};
}

SPINCOM_AVX512 inline void store_streams(const Avx512Streams& v, LaneStreams& st) {
  _mm512_store_si512(st.s[0], v.s0);
  _mm512_store_si512(st.s[1], v.s1);
  _mm512_store_si512(st.s[2], v.s2);
  _mm512_store_si512(st.s[3], v.s3);
}

/// One standard normal per lane; lanes whose fast path fails finish on the scalar slow path,
/// which draws from their auxiliary engines (in `aux`), never from the main ones in `v`.
SPINCOM_AVX512 inline __m512d normal_avx512(Avx512Streams& v, LaneStreams& aux, const ZigguratTables& t) {
  // xoshiro256++ on eight lanes.
  const __m512i word = _mm512_add_epi64(_mm512_rol_epi64(_mm512_add_epi64(v.s0, v.s3), 23), v.s0);
  const __m512i shifted = _mm512_slli_epi64(v.s1, 17);
  v.s2 = _mm512_xor_si512(v.s2, v.s0);
  v.s3 = _mm512_xor_si512(v.s3, v.s1);
  v.s1 = _mm512_xor_si512(v.s1, v.s2);
  v.s0 = _mm512_xor_si512(v.s0, v.s3);
  v.s2 = _mm512_xor_si512(v.s2, shifted);
  v.s3 = _mm512_rol_epi64(v.s3, 45);
  // Ziggurat fast path, as ziggurat_uniform() and standard_normal().
  const __m512i layer = _mm512_and_si512(word, _mm512_set1_epi64(ZigguratTables::layer_mask));
  const __m512d u = _mm512_sub_pd(
      _mm512_mul_pd(_mm512_cvtepu64_pd(_mm512_srli_epi64(word, 11)), _mm512_set1_pd(0x1p-52)),
      _mm512_set1_pd(1.0));
  const __m512d ratio = _mm512_i64gather_pd(layer, t.ratio.data(), 8);
  const __m512d width = _mm512_i64gather_pd(layer, t.x.data(), 8);
  const __mmask8 accepted = _mm512_cmp_pd_mask(_mm512_abs_pd(u), ratio, _CMP_LT_OQ);
  __m512d x = _mm512_mul_pd(u, width);
  if (accepted != 0xFF) {
    alignas(64) std::uint64_t words[lane_width];
    alignas(64) double values[lane_width];
    _mm512_store_si512(words, word);
    _mm512_store_pd(values, x);
    for (std::size_t l = 0; l < lane_width; ++l)
      if (!(accepted & (1u << l))) {
        Xoshiro256pp engine = aux_engine(aux, l);
        values[l] = ziggurat_slow_path(engine, words[l]);
        set_aux(aux, l, engine);
      }
    x = _mm512_load_pd(values);
  }
  return x;
}

SPINCOM_AVX512 void fill_avx512(LaneStreams& streams, double* out, std::size_t rows) {
  const ZigguratTables& t = ziggurat_tables();
  Avx512Streams v = load_streams(streams);
  for (std::size_t r = 0; r < rows; ++r) _mm512_storeu_pd(out + r * lane_width, normal_avx512(v, streams, t));
  store_streams(v, streams);
}

/// The step with the noise-column count fixed at compile time, so every loop unrolls and the
/// state, the normals and the accumulators stay in registers.
template <std::size_t NoiseColumns>
SPINCOM_AVX512 void advance_avx512_fixed(const LaneAffine& a, LaneBlock& b, std::size_t steps) {
  const ZigguratTables& t = ziggurat_tables();
  Avx512Streams v = load_streams(b.streams);
  __m512d u[6], xi[NoiseColumns > 0 ? NoiseColumns : 1];
  for (int r = 0; r < 6; ++r) u[r] = _mm512_load_pd(b.u[r]);
  for (std::size_t s = 0; s < steps; ++s) {
    for (std::size_t j = 0; j < NoiseColumns; ++j) xi[j] = normal_avx512(v, b.streams, t);
    __m512d next[6];
    for (int r = 0; r < 6; ++r) {
      __m512d acc = _mm512_mul_pd(_mm512_set1_pd(a.M[r * 6]), u[0]);
      for (int c = 1; c < 6; ++c) acc = _mm512_add_pd(acc, _mm512_mul_pd(_mm512_set1_pd(a.M[r * 6 + c]), u[c]));
      for (std::size_t j = 0; j < NoiseColumns && j <= static_cast<std::size_t>(r); ++j)
        acc = _mm512_add_pd(acc, _mm512_mul_pd(_mm512_set1_pd(a.N[r * 6 + static_cast<int>(j)]), xi[j]));
      next[r] = acc;
    }
    for (int r = 0; r < 6; ++r) u[r] = next[r];
  }
  for (int r = 0; r < 6; ++r) _mm512_store_pd(b.u[r], u[r]);
  store_streams(v, b.streams);
}

SPINCOM_AVX512 void advance_avx512(const LaneAffine& a, LaneBlock& b, std::size_t steps) {
  switch (a.normals_per_step()) {
    case 0: return advance_avx512_fixed<0>(a, b, steps);
    case 1: return advance_avx512_fixed<1>(a, b, steps);
    case 2: return advance_avx512_fixed<2>(a, b, steps);
    case 3: return advance_avx512_fixed<3>(a, b, steps);
    case 4: return advance_avx512_fixed<4>(a, b, steps);
    case 5: return advance_avx512_fixed<5>(a, b, steps);
    default: return advance_avx512_fixed<6>(a, b, steps);
  }
}

/// CovarianceAccumulator::add for lanes 0..lanes-1, with n, mean and the six columns of M2 held
/// in registers: n += 1; delta = x - mean; mean += delta * (1/n); M2(r, c) += delta(r) (x - mean)(c).
SPINCOM_AVX512 void add_lanes_avx512(CovarianceAccumulator& acc, const LaneBlock& b, std::size_t lanes) {
  constexpr __mmask8 six = 0x3F;
  const __m512i rows = _mm512_set_epi64(0, 0, 40, 32, 24, 16, 8, 0);  // u[r][l] at r * 8 + l
  __m512d mean = _mm512_maskz_loadu_pd(six, acc.mean.data());
  __m512d col[6];
  for (int c = 0; c < 6; ++c) col[c] = _mm512_maskz_loadu_pd(six, acc.M2.data() + 6 * c);
  std::size_t n = acc.n;
  for (std::size_t l = 0; l < lanes; ++l) {
    const __m512d x = _mm512_mask_i64gather_pd(_mm512_setzero_pd(), six,
                                               _mm512_add_epi64(rows, _mm512_set1_epi64(static_cast<long long>(l))),
                                               &b.u[0][0], 8);
    ++n;
    const __m512d delta = _mm512_sub_pd(x, mean);
    mean = _mm512_add_pd(mean, _mm512_mul_pd(delta, _mm512_set1_pd(1.0 / static_cast<double>(n))));
    const __m512d e = _mm512_sub_pd(x, mean);
    for (int c = 0; c < 6; ++c)
      col[c] = _mm512_add_pd(col[c], _mm512_mul_pd(delta, _mm512_permutexvar_pd(_mm512_set1_epi64(c), e)));
  }
  acc.n = n;
  _mm512_mask_storeu_pd(acc.mean.data(), six, mean);
  for (int c = 0; c < 6; ++c) _mm512_mask_storeu_pd(acc.M2.data() + 6 * c, six, col[c]);
}
#endif

}  // namespace

namespace {
void require_supported(LaneKernel kernel) {
  if (kernel == LaneKernel::avx512 && fastest_lane_kernel() != LaneKernel::avx512)
    throw InvalidParameter("lane kernel avx512: this CPU lacks AVX-512F/DQ. Hint: use fastest_lane_kernel().");
}
}  // namespace

void advance_lanes(const LaneAffine& step, LaneBlock& block, std::size_t steps, LaneKernel kernel) {
  require_supported(kernel);
#ifdef SPINCOM_HAVE_AVX512_KERNEL
  if (kernel == LaneKernel::avx512) return advance_avx512(step, block, steps);
#endif
  (void)kernel;
  advance_portable(step, block, steps);
}

void add_lanes(CovarianceAccumulator& acc, const LaneBlock& block, std::size_t lanes, LaneKernel kernel) {
  require_supported(kernel);
#ifdef SPINCOM_HAVE_AVX512_KERNEL
  if (kernel == LaneKernel::avx512) return add_lanes_avx512(acc, block, lanes);
#endif
  add_lanes_portable(acc, block, lanes);
}

void fill_lane_normals(LaneStreams& streams, double* out, std::size_t rows, LaneKernel kernel) {
  require_supported(kernel);
#ifdef SPINCOM_HAVE_AVX512_KERNEL
  if (kernel == LaneKernel::avx512) return fill_avx512(streams, out, rows);
#endif
  (void)kernel;
  fill_portable(streams, out, rows);
}

}  // namespace spincom
