#include "spincom/steady/parallel_points.hpp"

#include <atomic>
#include <exception>
#include <string>

#include "spincom/core/error.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace spincom {

void for_each_point(std::size_t n, int threads, const std::function<void(std::size_t)>& work,
                    const std::function<void(std::size_t, std::size_t)>& progress) {
  if (threads < 0 || threads > max_point_threads)
    throw InvalidParameter("threads = " + std::to_string(threads) + " is out of range: valid is 0 (all cores) to " +
                           std::to_string(max_point_threads) + ". Hint: leave it out to use every core.");
  std::atomic<std::size_t> done{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  const auto total = static_cast<long long>(n);
#ifdef _OPENMP
  const int n_threads = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(n_threads)
#else
  (void)threads;
#endif
  for (long long ip = 0; ip < total; ++ip) {
    if (failed.load()) continue;
    try {
      work(static_cast<std::size_t>(ip));
    } catch (...) {
#ifdef _OPENMP
#pragma omp critical(spincom_for_each_point_error)
#endif
      {
        if (!failed.exchange(true)) first_error = std::current_exception();
      }
    }
    const std::size_t finished = ++done;
#ifdef _OPENMP
    if (progress && omp_get_thread_num() == 0) progress(finished, n);
#else
    if (progress) progress(finished, n);
#endif
  }
  if (first_error) std::rethrow_exception(first_error);
  if (progress) progress(n, n);
}

}  // namespace spincom
