#pragma once
// Runs independent grid points over OpenMP threads. Each point writes only its own slot of
// the caller's output, so results do not depend on the thread count or the schedule.
#include <cstddef>
#include <functional>

namespace spincom {

/// Thread counts above this are refused (each OpenMP thread takes a stack; 1e5 of them crash).
inline constexpr int max_point_threads = 1024;

/// Calls work(point) for every point in [0, n). threads = 0 uses every core; threads outside
/// [0, max_point_threads] throw InvalidParameter. The first exception thrown by any point stops
/// the remaining work and is rethrown (same type) after the loop. progress(done, n) is called
/// from one thread only, and once more at the end.
void for_each_point(std::size_t n, int threads, const std::function<void(std::size_t)>& work,
                    const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace spincom
