#include "spincom/dynamics/sample_list.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "spincom/core/error.hpp"
#include "spincom/core/units.hpp"

namespace spincom {
namespace {

std::string forms(const SampleListRules& r) {
  return "valid forms are linear:START:STOP:COUNT, log:START:STOP:COUNT (0 < START < STOP) or comma-separated "
         "values, in " + std::string(r.unit) + ", COUNT in 2.." + std::to_string(max_sample_count) +
         ". Example: " + std::string(r.field) + (r.rate ? " = linear:0:200M:401" : " = linear:0:2e-6:201");
}

[[noreturn]] void refuse(const SampleListRules& r, std::string_view text, const std::string& why) {
  throw InvalidParameter(std::string(r.field) + " = '" + std::string(text) + "': " + why + "; " + forms(r) + ".");
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t at = text.find(sep); at != std::string_view::npos; at = text.find(sep, start)) {
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

double number(std::string_view token, const SampleListRules& r, std::string_view text) {
  token = trim(token);
  if (token.empty()) refuse(r, text, "an empty value");
  if (r.rate) return parse_quantity(token, Unit::rate, r.field);
  const std::string s(token);
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v))
    refuse(r, text, "'" + s + "' is not a finite number");
  return v;
}

std::size_t count(std::string_view token, const SampleListRules& r, std::string_view text) {
  const std::string s(trim(token));
  char* end = nullptr;
  const long long n = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || end != s.c_str() + s.size() || n < 2 || static_cast<unsigned long long>(n) > max_sample_count)
    refuse(r, text, "COUNT '" + s + "' is not an integer in 2.." + std::to_string(max_sample_count));
  return static_cast<std::size_t>(n);
}

void check_values(const std::vector<double>& v, const SampleListRules& r, std::string_view text) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (r.nonnegative && v[i] < 0.0) refuse(r, text, "value " + format_value(v[i]) + " is negative (valid: >= 0)");
    if (r.ascending && i > 0 && !(v[i] > v[i - 1]))
      refuse(r, text, "values must be strictly ascending, but " + format_value(v[i]) + " follows " + format_value(v[i - 1]));
  }
}

std::vector<double> ranged(std::string_view kind, const std::vector<std::string_view>& parts, const SampleListRules& r,
                           std::string_view text) {
  if (parts.size() != 4) refuse(r, text, std::string(kind) + " needs START:STOP:COUNT");
  const double start = number(parts[1], r, text), stop = number(parts[2], r, text);
  const std::size_t n = count(parts[3], r, text);
  if (!(stop > start)) refuse(r, text, "STOP " + format_value(stop) + " must be above START " + format_value(start));
  if (kind == "log" && !(start > 0.0)) refuse(r, text, "log needs START > 0, got " + format_value(start));
  return kind == "log" ? log_samples(start, stop, n) : linear_samples(start, stop, n);
}

}  // namespace

std::vector<double> linear_samples(double start, double stop, std::size_t count) {
  if (count < 2 || count > max_sample_count || !(stop > start) || !std::isfinite(start) || !std::isfinite(stop))
    throw InvalidParameter("linear samples from " + format_value(start) + " to " + format_value(stop) + " with count " +
                           std::to_string(count) + ": valid is start < stop, both finite, count in 2.." +
                           std::to_string(max_sample_count) + ".");
  std::vector<double> v(count);
  for (std::size_t i = 0; i < count; ++i)
    v[i] = start + (stop - start) * static_cast<double>(i) / static_cast<double>(count - 1);
  v.back() = stop;
  return v;
}

std::vector<double> log_samples(double start, double stop, std::size_t count) {
  if (!(start > 0.0))
    throw InvalidParameter("log samples need start > 0, got " + format_value(start) + ". Hint: use linear samples from 0.");
  std::vector<double> v = linear_samples(std::log(start), std::log(stop), count);
  for (double& x : v) x = std::exp(x);
  v.front() = start;
  v.back() = stop;
  return v;
}

std::vector<double> parse_sample_list(std::string_view text, const SampleListRules& r) {
  const std::vector<std::string_view> parts = split(text, ':');
  std::vector<double> v;
  const std::string_view kind = trim(parts[0]);
  if (kind == "linear" || kind == "log") {
    v = ranged(kind, parts, r, text);
  } else if (parts.size() == 1) {
    const std::vector<std::string_view> items = split(text, ',');
    if (items.size() > max_sample_count) refuse(r, text, "more than " + std::to_string(max_sample_count) + " values");
    for (std::string_view item : items) v.push_back(number(item, r, text));
  } else {
    refuse(r, text, "unknown kind '" + std::string(kind) + "'");
  }
  check_values(v, r, text);
  return v;
}

}  // namespace spincom
