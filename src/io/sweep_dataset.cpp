#include "spincom/io/sweep_dataset.hpp"

#include <cstdint>
#include <vector>

#include "spincom/core/units.hpp"
#include "spincom/io/hdf5_file.hpp"
#include "spincom/io/hdf5_provenance.hpp"
#include "spincom/io/sweep_columns.hpp"

namespace spincom {
namespace {

std::string unit_of(const std::string& key) {
  const std::string_view sym = unit_symbol(find_parameter(key)->unit);
  return sym.empty() ? "1" : std::string(sym);
}

void write_column(const h5::Location& at, const std::string& name, const std::vector<double>& v, const std::string& unit,
                  bool whole) {
  if (whole) {
    const std::vector<std::uint64_t> n(v.begin(), v.end());
    at.write(name, {n.size()}, n.data());
  } else {
    at.write(name, v);
  }
  at.dataset(name).attribute("unit", unit);
}

/// /grid/KEY per axis, first axis fastest, with its unit and spacing.
void write_grid(const h5::Location& root, const SweepGrid& g) {
  const h5::Location grid = root.group("grid");
  std::string order;
  for (std::size_t k = 0; k < g.axes.size(); ++k) {
    write_column(grid, g.axes[k].key, g.axis_values[k], unit_of(g.axes[k].key), false);
    grid.dataset(g.axes[k].key).attribute("spacing", std::string(g.axes[k].log ? "log" : "linear"));
    order += (order.empty() ? "" : ",") + g.axes[k].key;
  }
  grid.attribute("axes", order);
  grid.attribute("points", static_cast<std::uint64_t>(g.n_points));
  grid.attribute("order", std::string("point p has axis-0 index p mod count_0 (first axis fastest), axis-1 index p / count_0"));
}

/// /rows: point, direction, each axis's value, then the columns.
template <class Result, class Row>
void write_rows(const h5::Location& root, const Result& r, const std::vector<Row>& rows, const Parameters& base,
                const std::vector<SweepColumn<Result, Row>>& columns) {
  const h5::Location at = root.group("rows");
  std::vector<double> point, direction;
  std::vector<std::vector<double>> axis(r.axes.size()), value(columns.size());
  for (const Row& w : rows) {
    const Parameters p = row_parameters(r, w, base);
    point.push_back(static_cast<double>(w.point));
    direction.push_back(w.direction == Direction::ccw ? 0.0 : 1.0);
    const std::vector<double> v = r.point_values(w.point);
    for (std::size_t k = 0; k < v.size(); ++k) axis[k].push_back(v[k]);
    for (std::size_t c = 0; c < columns.size(); ++c) value[c].push_back(columns[c].value(r, w, p));
  }
  write_column(at, "point", point, "1", true);
  write_column(at, "direction", direction, "1", true);
  at.dataset("direction").attribute("codes", std::string("0 = ccw (Delta_F > 0), 1 = cw (Delta_F < 0)"));
  for (std::size_t k = 0; k < r.axes.size(); ++k) write_column(at, r.axes[k].key, axis[k], unit_of(r.axes[k].key), false);
  for (std::size_t c = 0; c < columns.size(); ++c)
    write_column(at, columns[c].name, value[c], columns[c].unit, columns[c].whole);
  at.attribute("rows", static_cast<std::uint64_t>(rows.size()));
}

}  // namespace

void write_sweep_dataset(const SweepResult& r, const Parameters& base, const std::filesystem::path& path,
                         const std::string& command_line) {
  const h5::File file(path);
  write_provenance(file, command_line);
  file.attribute("kind", std::string("sweep of the steady state (Eqs. 7, 6, 11-13; S3): one row per fixed point"));
  write_parameter_groups(file, base);
  write_grid(file, r);
  write_rows(file, r, r.rows, base, sweep_columns());
  write_column(file, "Delta_E_N", r.Delta_E_N, "1", false);
  file.flush();
}

void write_peak_sweep_dataset(const PeakSweepResult& r, const Parameters& base, const std::filesystem::path& path,
                              const std::string& command_line) {
  const h5::File file(path);
  write_provenance(file, command_line);
  file.attribute("kind", std::string("sweep of the E_N maximum over the detuning and chi (Eq. 14): one row per grid point "
                                     "and direction"));
  file.attribute("max_over", std::vector<double>{r.scan.lower, r.scan.upper, static_cast<double>(r.scan.points)});
  write_parameter_groups(file, base);
  write_grid(file, r);
  write_rows(file, r, r.rows, base, peak_sweep_columns());
  std::vector<double> detuning;
  for (const auto& w : r.rows) detuning.push_back(w.peak.detuning);
  write_column(file.open_group("rows"), "detuning", detuning, "1", false);
  file.flush();
}

bool is_hdf5_name(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".h5" || ext == ".hdf5";
}

}  // namespace spincom
