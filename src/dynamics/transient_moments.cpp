#include "spincom/dynamics/transient_moments.hpp"

#include <cmath>
#include <limits>

#include "spincom/core/error.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/measures/occupation.hpp"
#include "spincom/measures/purity.hpp"
#include "spincom/measures/relative_difference.hpp"

namespace spincom {

void check_bipartition(const Bipartition& pair, std::string_view field) {
  if (pair.a == pair.b)
    throw InvalidParameter(std::string(field) + " = " + std::string(to_string(pair.a)) + "," + std::string(to_string(pair.b)) +
                           " names the same mode twice: E_N needs two different modes (driven, other, mechanics). "
                           "Hint: driven,mechanics (default) or other,mechanics.");
}

Bipartition parse_bipartition(std::string_view text) {
  const auto mode = [&](std::string_view name) {
    for (Mode m : {Mode::driven, Mode::other, Mode::mechanics})
      if (name == to_string(m)) return m;
    throw InvalidParameter("dynamics.pair = '" + std::string(text) + "': '" + std::string(name) +
                           "' is not a mode; valid are two of driven, other, mechanics separated by a comma. Hint: "
                           "driven,mechanics (default) or other,mechanics.");
  };
  const auto comma = text.find(',');
  if (comma == std::string_view::npos)
    throw InvalidParameter("dynamics.pair = '" + std::string(text) + "': valid is two modes separated by a comma, from "
                           "driven, other, mechanics. Hint: driven,mechanics (default).");
  const Bipartition pair{mode(text.substr(0, comma)), mode(text.substr(comma + 1))};
  check_bipartition(pair);
  return pair;
}

MomentsSample moments_of(double t, const Matrix6& V, const Bipartition& pair, const Matrix6* V_steady) {
  MomentsSample s;
  s.t = t;
  s.V = V;
  const LogNegativity ln = log_negativity(V, pair.a, pair.b);
  s.nu_minus = ln.nu_minus;
  s.E_N = ln.E_N;
  s.E_N_raw = -std::log(2.0 * ln.nu_minus);
  s.n_mechanics = occupation(V, Mode::mechanics);
  s.n_driven = occupation(V, Mode::driven);
  s.n_other = occupation(V, Mode::other);
  s.purity = purity(V);
  s.distance_steady = V_steady ? relative_max_difference(V, *V_steady) : std::numeric_limits<double>::quiet_NaN();
  return s;
}

std::vector<MomentsSample> transient_moments(const CovarianceEvolution& evolution, const std::vector<double>& times,
                                             const Bipartition& pair, const std::optional<Matrix6>& V_steady) {
  check_bipartition(pair);
  std::vector<MomentsSample> out;
  out.reserve(times.size());
  const Matrix6* steady = V_steady ? &*V_steady : nullptr;
  for (double t : times) out.push_back(moments_of(t, evolution(t), pair, steady));
  return out;
}

}  // namespace spincom
