#include "spincom/config/matrix_file.hpp"

#include <charconv>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "spincom/core/error.hpp"

namespace spincom {

/// A matrix file is a regular file of at most this many bytes (a 6 x 6 matrix with comments is a
/// few kB); a device or a FIFO is never read (/dev/zero would never end).
inline constexpr std::uintmax_t max_matrix_file_bytes = 1 << 20;

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
  if (!V.allFinite() || (V - V.transpose()).cwiseAbs().maxCoeff() > 1e-12 * V.cwiseAbs().maxCoeff())
    throw ConfigError(file.string() + ": V0 must be finite and symmetric.");
  return V;
}

}  // namespace spincom
