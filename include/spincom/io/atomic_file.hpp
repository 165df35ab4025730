#pragma once
// Writing a file all-or-nothing: the content goes to "NAME.tmp.PID" in the same directory and
// is renamed over NAME only once it is complete, so a failure never leaves a half-written file.
#include <filesystem>
#include <functional>
#include <ostream>

namespace spincom {

/// Creates `dir` (and parents) if needed. Throws IoError with the path and the reason.
void ensure_directory(const std::filesystem::path& dir);

/// Calls `write(stream)` and commits the file atomically. Throws IoError when the file cannot
/// be created, written or renamed (the temporary file is removed).
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace spincom
