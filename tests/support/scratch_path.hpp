#pragma once
// A path private to this test process: inside a folder of the system's temporary folder named
// after the process id, so that test runs side by side (ctest -j, several checkouts) never share
// an output. The folder and all it holds are removed when the test process exits normally, so a
// test run leaves nothing behind in the temporary folder.
#include <filesystem>
#include <string>
#include <system_error>

#include <unistd.h>

namespace spincom::test {

namespace detail {

class ScratchRoot {
 public:
  ScratchRoot()
      : path_(std::filesystem::temp_directory_path() / ("spincom_tests_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchRoot() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchRoot(const ScratchRoot&) = delete;
  ScratchRoot& operator=(const ScratchRoot&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace detail

// The folder under which every scratch path of this process lies.
inline const std::filesystem::path& scratch_root() {
  static const detail::ScratchRoot root;
  return root.path();
}

inline std::filesystem::path scratch_path(const std::string& name) { return scratch_root() / name; }

}  // namespace spincom::test
