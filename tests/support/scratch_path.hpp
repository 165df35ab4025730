#pragma once
// A path in the system's temporary folder private to this test process (the process id, then the
// name), so that test runs side by side (ctest -j, several checkouts) never share an output.
#include <filesystem>
#include <string>

#include <unistd.h>

namespace spincom::test {

inline std::filesystem::path scratch_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "_" + name);
}

}  // namespace spincom::test
