#pragma once
// The columns of `spincom sweep`'s output, once for both writers (CSV and HDF5): after the
// parameter columns and the direction, each column has a name, a unit and its value per row.
#include <vector>

#include "spincom/steady/peak_sweep.hpp"
#include "spincom/steady/sweep.hpp"

namespace spincom {

/// One column of a sweep row: `value(result, row, p)`, p = the row's parameters.
template <class Result, class Row>
struct SweepColumn {
  const char* name;
  const char* unit;    ///< "1" for dimensionless numbers and flags
  bool whole;          ///< an index, a count or a 0/1 flag (an integer in HDF5)
  double (*value)(const Result&, const Row&, const Parameters&);
};

/// The columns of a plain sweep (one row per fixed point), in CSV order.
const std::vector<SweepColumn<SweepResult, SweepRow>>& sweep_columns();
/// The columns of a --max-over sweep (one row per grid point and direction), in CSV order.
const std::vector<SweepColumn<PeakSweepResult, PeakSweepRow>>& peak_sweep_columns();

/// The parameters of a row: the base with the row's axis values (and, for --max-over, the
/// detuning of the maximum).
Parameters row_parameters(const SweepResult& r, const SweepRow& row, const Parameters& base);
Parameters row_parameters(const PeakSweepResult& r, const PeakSweepRow& row, const Parameters& base);

}  // namespace spincom
