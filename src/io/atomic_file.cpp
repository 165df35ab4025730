#include "spincom/io/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include <unistd.h>

#include "spincom/core/error.hpp"

namespace spincom {

void ensure_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
      throw IoError("cannot create output directory '" + dir.string() + "': " +
                    (ec ? ec.message() : std::string("a file of that name exists")) +
                    ". Hint: choose a writable --output-dir.");
  }
  // Probe writability now, before any long computation.
  const std::filesystem::path probe = dir / (".spincom-write-probe." + std::to_string(::getpid()));
  std::ofstream(probe) << "";
  if (!std::filesystem::exists(probe, ec))
    throw IoError("output directory '" + dir.string() + "' is not writable. Hint: choose a writable --output-dir.");
  std::filesystem::remove(probe, ec);
}

void check_output_file(const std::filesystem::path& file) {
  if (file.empty() || !file.has_filename())
    throw IoError("output file '" + file.string() + "' names no file. Hint: e.g. --output out/sweep.csv.");
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw IoError("output file '" + file.string() + "' is a directory. Hint: give a file name, e.g. " +
                  (file / "sweep.csv").string() + ".");
  ensure_directory(file.has_parent_path() ? file.parent_path() : std::filesystem::path("."));
}

void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  const std::filesystem::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out)
      throw IoError("cannot write '" + path.string() + "': " + std::strerror(errno) +
                    ". Hint: choose a writable --output-dir.");
    write(out);
    out.flush();
    if (!out) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw IoError("writing '" + path.string() + "' failed (disk full?). Nothing was written.");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    const std::string reason = ec.message();
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw IoError("cannot move the finished file into place at '" + path.string() + "': " + reason + ".");
  }
}

}  // namespace spincom
