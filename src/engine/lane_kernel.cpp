#include "spincom/engine/lane_kernel.hpp"

#include <cstdlib>
#include <string>

#include "spincom/core/error.hpp"
#include "spincom/engine/lane_simd.hpp"

namespace spincom {

namespace {
constexpr LaneKernel all_kernels[] = {LaneKernel::portable, LaneKernel::generic, LaneKernel::avx2, LaneKernel::avx512};

std::string names(const std::vector<LaneKernel>& kernels) {
  std::string out;
  for (LaneKernel k : kernels) out += (out.empty() ? "" : ", ") + std::string(to_string(k));
  return out;
}
}  // namespace

std::string_view to_string(LaneKernel kernel) {
  switch (kernel) {
    case LaneKernel::generic: return "generic";
    case LaneKernel::avx2: return "avx2";
    case LaneKernel::avx512: return "avx512";
    default: return "portable";
  }
}

std::optional<LaneKernel> parse_lane_kernel(std::string_view name) {
  for (LaneKernel k : all_kernels)
    if (name == to_string(k)) return k;
  return std::nullopt;
}

std::size_t vector_lanes(LaneKernel kernel) {
  switch (kernel) {
    case LaneKernel::avx2: return 4;
    case LaneKernel::avx512: return 8;
    default: return 1;
  }
}

bool lane_kernel_available(LaneKernel kernel) {
  return kernel == LaneKernel::portable || lane_simd_ops(kernel) != nullptr;
}

std::vector<LaneKernel> available_lane_kernels() {
  std::vector<LaneKernel> out;
  for (LaneKernel k : all_kernels)
    if (lane_kernel_available(k)) out.push_back(k);
  return out;
}

LaneKernel fastest_lane_kernel() {
  static const LaneKernel fastest = available_lane_kernels().back();
  return fastest;
}

LaneKernel chosen_lane_kernel() {
  const char* value = std::getenv(lane_kernel_variable);
  if (value == nullptr || *value == '\0') return fastest_lane_kernel();
  const std::optional<LaneKernel> kernel = parse_lane_kernel(value);
  const std::string available = names(available_lane_kernels());
  if (!kernel)
    throw InvalidParameter(std::string(lane_kernel_variable) + "=" + value + " names no lane kernel: valid are " +
                           available + ". Hint: unset it to run the fastest.");
  if (!lane_kernel_available(*kernel))
    throw InvalidParameter(std::string(lane_kernel_variable) + "=" + value +
                           ": this binary or CPU cannot run it; available are " + available +
                           ". Hint: unset it to run the fastest.");
  return *kernel;
}

std::string describe(LaneKernel kernel) {
  const std::size_t n = vector_lanes(kernel);
  return std::string(to_string(kernel)) + " (" + std::to_string(n) + (n == 1 ? " lane" : " lanes") + " per vector)";
}

}  // namespace spincom
