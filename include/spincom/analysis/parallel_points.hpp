#pragma once
// Runs independent grid points over OpenMP threads. Each point writes only its own slot of
// the caller's output, so results do not depend on the thread count or the schedule.
#include <cstddef>
#include <functional>

namespace spincom {

/// Calls work(point) for every point in [0, n). The first exception thrown by any point stops
/// the remaining work and is rethrown (same type) after the loop. progress(done, n) is called
/// from one thread only, and once more at the end.
void for_each_point(std::size_t n, int threads, const std::function<void(std::size_t)>& work,
                    const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace spincom
