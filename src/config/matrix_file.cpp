#include "spincom/config/matrix_file.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "spincom/core/error.hpp"

namespace spincom {

/// A matrix file is a regular file of at most this many bytes (a 6 x 6 matrix with comments is a
/// few kB); a device or a FIFO is never read (/dev/zero would never end).
inline constexpr std::uintmax_t max_matrix_file_bytes = 1 << 20;

namespace {

/// The largest entry magnitude a covariance file may hold (in units where the vacuum variance is
/// 1/2): far above any physical state, far below where E_N and the Lyapunov checks overflow.
constexpr double max_matrix_entry = 1e100;

std::string entry_name(int r, int c) {
  return "V0 row " + std::to_string(r + 1) + ", column " + std::to_string(c + 1);
}

/// Every entry finite and of magnitude <= max_matrix_entry, and the matrix symmetric; the message
/// names the first entry that is not.
void check_entries(const std::filesystem::path& file, const Matrix6& V) {
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 6; ++c) {
      if (std::isfinite(V(r, c)) && std::abs(V(r, c)) <= max_matrix_entry) continue;
      throw ConfigError(file.string() + ": " + entry_name(r, c) + " = " + format_value(V(r, c)) +
                        ": valid is a finite number of magnitude <= " + format_value(max_matrix_entry) +
                        " (vacuum variance 1/2). Hint: check the file's numbers and units.");
    }
  const double tolerance = 1e-12 * V.cwiseAbs().maxCoeff();
  for (int r = 0; r < 6; ++r)
    for (int c = r + 1; c < 6; ++c) {
      if (std::abs(V(r, c) - V(c, r)) <= tolerance) continue;
      throw ConfigError(file.string() + ": V0 is not symmetric: " + entry_name(r, c) + " = " + format_value(V(r, c)) +
                        " but " + entry_name(c, r) + " = " + format_value(V(c, r)) +
                        ". Hint: a covariance matrix is symmetric; give both entries the same value.");
    }
}

}  // namespace

Matrix6 read_matrix6(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw ConfigError("matrix file '" + file.string() + "' does not exist or is not a regular file (a device, a FIFO "
                      "or a folder is not read). Hint: give --V0 a text file with 6 rows of 6 numbers.");
  if (const auto bytes = std::filesystem::file_size(file, ec); !ec && bytes > max_matrix_file_bytes)
    throw ConfigError("matrix file '" + file.string() + "' has " + std::to_string(bytes) + " bytes; a 6 x 6 matrix "
                      "file has at most " + std::to_string(max_matrix_file_bytes) + ". Hint: check the path of --V0.");
  std::ifstream in(file);
  if (!in)
    throw ConfigError("matrix file '" + file.string() + "' cannot be opened. Hint: check the path of --V0.");
  Matrix6 V;
  int row = 0, line_no = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    for (char& c : line)
      if (c == ',' || c == '\t' || c == '\r') c = ' ';
    const auto first = line.find_first_not_of(' ');
    if (first == std::string::npos || line[first] == '#') continue;
    std::vector<double> values;
    const char* p = line.data();
    const char* end = line.data() + line.size();
    while (p < end) {
      while (p < end && *p == ' ') ++p;
      if (p == end) break;
      double x = 0.0;
      const auto [next, ec] = std::from_chars(p, end, x);
      if (ec != std::errc())
        throw ConfigError(file.string() + ":" + std::to_string(line_no) + ": '" + std::string(p, end) +
                          "' is not a number. Hint: six numbers per row, separated by spaces or commas.");
      values.push_back(x);
      p = next;
    }
    if (values.size() != 6 || row >= 6)
      throw ConfigError(file.string() + ":" + std::to_string(line_no) + ": expected row " + std::to_string(row + 1) +
                        " of 6 with 6 numbers, found " + std::to_string(values.size()) +
                        (row >= 6 ? " (more than 6 rows)" : "") + ". Hint: a 6 x 6 matrix in the order u = "
                        "(X_driven, Y_driven, X_other, Y_other, q, p).");
    for (int c = 0; c < 6; ++c) V(row, c) = values[static_cast<std::size_t>(c)];
    ++row;
  }
  if (row != 6)
    throw ConfigError(file.string() + ": found " + std::to_string(row) + " rows, expected 6.");
  check_entries(file, V);
  return V;
}

}  // namespace spincom
