#include "spincom/io/parameter_line.hpp"

#include "spincom/io/number_format.hpp"

namespace spincom {

std::string parameter_assignments(const Parameters& p) {
  std::string out;
  for (const auto& row : parameter_table()) out += " " + std::string(row.key) + "=" + format_number(p.*(row.member));
  out += " bath=" + std::string(to_string(p.bath));
  return out;
}

void append_guard_lines(std::vector<std::string>& lines, const std::string& note, const StabilityMargin& m,
                        const std::vector<Warning>& warnings) {
  if (!note.empty()) lines.push_back(note);
  lines.push_back("stability_margin: max_re_eig=" + format_number(m.max_re_eig) + " over_kappa=" + format_number(m.over_kappa) +
                  " over_gamma_m=" + format_number(m.over_gamma_m) + " marginal=" + (m.marginal() ? "1" : "0"));
  for (const auto& w : warnings) lines.push_back("warning " + w.code + ": " + w.message);
}

}  // namespace spincom
