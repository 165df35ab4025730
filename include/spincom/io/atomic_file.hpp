#pragma once
// Writing a file all-or-nothing: the content goes to "NAME.tmp.PID" in the same directory and
// is renamed over NAME only once it is complete, so a failure never leaves a half-written file.
#include <filesystem>
#include <functional>
#include <ostream>

namespace spincom {

/// Creates `dir` (and parents) if needed. Throws IoError with the path and the reason.
void ensure_directory(const std::filesystem::path& dir);

/// Checks before a long computation that `file` can be written: not empty, not an existing
/// directory, and its directory exists (created if needed) and is writable. Throws IoError.
void check_output_file(const std::filesystem::path& file);

/// Calls `write(stream)` and commits the file atomically. Throws IoError when the file cannot
/// be created, written or renamed (the temporary file is removed).
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace spincom
