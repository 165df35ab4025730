#pragma once
// A list of sample points (times in s, or angular frequencies in s^-1) given as text:
//   linear:START:STOP:COUNT   COUNT >= 2 equally spaced points, both ends included
//   log:START:STOP:COUNT      COUNT >= 2 geometrically spaced points, 0 < START < STOP
//   v1,v2,...                 explicit values (a single value is allowed)
// Values are plain SI numbers, or rates with a unit suffix where the field is a rate ("50M").
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace spincom {

/// Upper bound on COUNT and on the number of explicit values.
inline constexpr std::size_t max_sample_count = 10'000'000;

struct SampleListRules {
  std::string_view field;    ///< the spec field named in messages, e.g. "dynamics.times"
  std::string_view unit;     ///< "s" or "s^-1", for messages
  bool nonnegative = false;  ///< refuse values < 0 (times)
  bool ascending = false;    ///< refuse explicit lists that are not strictly ascending (times)
  bool rate = false;         ///< accept unit suffixes of angular rates ("50M"); "Hz" is refused
};

/// Parses and checks `text`. Throws InvalidParameter naming rules.field, the value, the valid
/// forms and an example.
std::vector<double> parse_sample_list(std::string_view text, const SampleListRules& rules);

/// `count` points from start to stop, equally spaced (log: in log scale). Throws InvalidParameter
/// as parse_sample_list.
std::vector<double> linear_samples(double start, double stop, std::size_t count);
std::vector<double> log_samples(double start, double stop, std::size_t count);

}  // namespace spincom
