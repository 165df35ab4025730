#pragma once
// The benchmarks repeat whole runs in one process, each allocating its accumulators afresh
// (5.8 MB per statistics channel at 101 samples). glibc returns freed memory at the top of the
// heap to the kernel once more than M_TRIM_THRESHOLD is free (by default twice the largest chunk
// freed so far), and whether that happens between two iterations depends on the order of
// unrelated small allocations: the three channels of the paired nonlinear run did, and each
// iteration then page-faulted its 17 MB back in (1.60 instead of 1.30 ms). A user's run
// allocates once. So the benchmarks keep freed memory mapped: every iteration measures a run
// whose memory the process already has, as all earlier figures did (decision 85).
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace spincom::bench {

inline void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_TRIM_THRESHOLD, 1 << 30);  // never trim the heap below 1 GiB of free memory
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // serve allocations below 32 MiB (glibc's largest) from the heap
#endif
}

}  // namespace spincom::bench
