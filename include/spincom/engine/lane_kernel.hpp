#pragma once
// Which implementation of the eight-lane kernels (lane_block.hpp) runs.
//
//   portable  the plain scalar loop over the eight lanes: the reference every other kernel is
//             tested against bit for bit, and the one the divergence replay uses;
//   generic   the one SIMD source (src/engine/lane_simd.cpp, Google Highway) compiled for
//             Highway's scalar target: one lane per vector, runs on every CPU;
//   avx2      the same source for AVX2 (four lanes per vector, two vectors per block);
//   avx512    the same source for AVX-512 (eight lanes, one vector per block).
// All four perform the same IEEE operations in the same order with no fused multiply-add
// (decision 44), so a trajectory's finite numbers do not depend on the kernel.
//
// The ensembles run `chosen_lane_kernel()`: the fastest the CPU runs, unless the environment
// variable SPINCOM_LANE_KERNEL names another (for tests and benchmarks: `SPINCOM_LANE_KERNEL=avx2`).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spincom {

enum class LaneKernel { portable, generic, avx2, avx512 };

inline constexpr const char* lane_kernel_variable = "SPINCOM_LANE_KERNEL";

std::string_view to_string(LaneKernel kernel);
/// "portable", "generic", "avx2" or "avx512"; nullopt for any other text.
std::optional<LaneKernel> parse_lane_kernel(std::string_view name);

/// Doubles per SIMD vector of the kernel: 1, 1, 4 or 8.
std::size_t vector_lanes(LaneKernel kernel);

/// Whether this binary has the kernel and this CPU runs it.
bool lane_kernel_available(LaneKernel kernel);
/// Every available kernel, portable first.
std::vector<LaneKernel> available_lane_kernels();
/// The fastest available kernel: avx512, else avx2, else generic.
LaneKernel fastest_lane_kernel();

/// The fastest kernel, or the one SPINCOM_LANE_KERNEL names. Throws InvalidParameter when the
/// variable names no kernel or one this CPU cannot run.
LaneKernel chosen_lane_kernel();

/// "avx512 (8 lanes per vector)": what the benchmarks print next to every figure.
std::string describe(LaneKernel kernel);

}  // namespace spincom
