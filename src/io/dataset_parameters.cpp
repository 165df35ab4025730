#include "spincom/io/dataset_parameters.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "spincom/core/units.hpp"
#include "spincom/model/derived_quantities.hpp"

namespace spincom {

void write_parameters(const h5::Location& root, const Parameters& p) {
  const h5::Location g = root.group("parameters");
  for (const auto& row : parameter_table()) {
    const std::string_view sym = unit_symbol(row.unit);
    g.write_scalar(std::string(row.key), p.*(row.member), sym.empty() ? "1" : std::string(sym));
  }
  g.attribute("bath", std::string(to_string(p.bath)));
  const DerivedQuantities d = derive(p);
  const h5::Location v = root.group("derived");
  const std::pair<const char*, double> rates[] = {{"omega_c", d.omega_c}, {"kappa", d.kappa},     {"G0", d.G0},
                                                  {"Delta_c", d.Delta_c}, {"omega_l", d.omega_l}, {"epsilon", d.epsilon},
                                                  {"Delta_F", d.Delta_F}};
  for (const auto& [name, value] : rates) v.write_scalar(name, value, "s^-1");
  v.write_scalar("x_zp", d.x_zp, "m");
  v.write_scalar("n_m", d.n_m, "1");
  v.write_scalar("Q_m", d.Q_m, "1");
}

}  // namespace spincom
