// The HDF5 trajectory table (io/trajectory_dataset.hpp): rows appended in rounds read back bit
// for bit with the HDF5 C API, special values included; the filters are the documented ones; the
// parsers of the dataset flags refuse what they cannot honour.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <vector>

#include <hdf5.h>

#include "spincom/core/error.hpp"
#include "spincom/io/trajectory_dataset.hpp"
#include "support/scratch_path.hpp"

using namespace spincom;

TEST_CASE("Trajectory rows appended in rounds read back bit for bit, special values included") {
  const auto path = spincom::test::scratch_path("dataset.h5");
  const double inf = std::numeric_limits<double>::infinity();
  const double specials[] = {0.0, -0.0, inf, -inf, std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(), -1.5e-300};
  DatasetSpec spec;
  spec.save_trajectories = DatasetSpec::all;
  spec.selection.quadratures = {true, false, false, false, true, true};  // X_driven, q, p
  spec.deflate = 1;
  std::vector<double> all;
  {
    TrajectoryDataset d(path, spec);
    std::size_t first = 0;
    for (std::size_t count : {2u, 3u, 1u}) {  // three rounds of rows [count, 5 times, 3 quadratures]
      std::vector<double> rows(count * 5 * 3);
      for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = specials[(all.size() + i) % 8] * (1.0 + 1e-3 * static_cast<double>(i));
      d.append(first, count, rows);
      all.insert(all.end(), rows.begin(), rows.end());
      first += count;
    }
  }  // closed
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  const hid_t set = H5Dopen2(f, "trajectories", H5P_DEFAULT);
  REQUIRE(set >= 0);
  const hid_t space = H5Dget_space(set);
  hsize_t dims[3] = {};
  REQUIRE(H5Sget_simple_extent_ndims(space) == 3);
  H5Sget_simple_extent_dims(space, dims, nullptr);
  CHECK(dims[0] == 6);
  CHECK(dims[1] == 5);
  CHECK(dims[2] == 3);
  std::vector<double> back(all.size());
  REQUIRE(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, back.data()) >= 0);
  CHECK(std::memcmp(back.data(), all.data(), all.size() * sizeof(double)) == 0);
  const hid_t dcpl = H5Dget_create_plist(set);
  CHECK(H5Pget_nfilters(dcpl) == 2);  // shuffle, then deflate
  unsigned flags = 0;
  std::size_t n = 1;
  unsigned level = 0;
  CHECK(H5Pget_filter2(dcpl, 0, &flags, &n, &level, 0, nullptr, nullptr) == H5Z_FILTER_SHUFFLE);
  n = 1;
  CHECK(H5Pget_filter2(dcpl, 1, &flags, &n, &level, 0, nullptr, nullptr) == H5Z_FILTER_DEFLATE);
  CHECK(level == 1);
  H5Pclose(dcpl);
  H5Sclose(space);
  H5Dclose(set);
  H5Fclose(f);
  std::filesystem::remove(path);
}

TEST_CASE("Dataset flags: counts, quadrature lists and levels are parsed or refused with the valid range") {
  CHECK(parse_save_count("all") == DatasetSpec::all);
  CHECK(parse_save_count("0") == 0);
  CHECK(parse_save_count("1000") == 1000);
  for (const char* bad : {"", "-1", "1e3", "some", "12x"}) CHECK_THROWS_WITH(parse_save_count(bad), Catch::Contains("valid is all or a whole number"));
  CHECK(parse_quadrature_list("q,p") == std::array<bool, 6>{false, false, false, false, true, true});
  CHECK(parse_quadrature_list("all") == std::array<bool, 6>{true, true, true, true, true, true});
  CHECK_THROWS_WITH(parse_quadrature_list("q,x"), Catch::Contains("'x'") && Catch::Contains("valid are X_driven"));
  CHECK_THROWS_WITH(parse_quadrature_list(""), Catch::Contains("is not a quadrature"));
  DatasetSpec spec;
  CHECK(spec.deflate == 0);  // uncompressed by default (decision 36)
  spec.deflate = 10;
  CHECK_THROWS_WITH(check_dataset_spec(spec), Catch::Contains("dataset.deflate = 10") && Catch::Contains("0 (no compression, the default) to 9"));
  spec.deflate = 1;
  spec.selection.time_stride = 0;
  CHECK_THROWS_AS(check_dataset_spec(spec), InvalidParameter);
  spec.selection.time_stride = 1;
  spec.selection.quadratures = {};
  CHECK_THROWS_WITH(check_dataset_spec(spec), Catch::Contains("keeps none"));
}

TEST_CASE("Unfiltered rows written past the chunk cache read back bit for bit across partial chunks") {
  // 2001 times x 6 quadratures: 96 KB rows, chunks of 10 rows. Rounds of 7, 9, 13, 1 and 10 rows
  // start and end inside chunks, so every chunk but the last is written in two or three pieces.
  const auto path = spincom::test::scratch_path("plain.h5");
  DatasetSpec spec;
  spec.save_trajectories = DatasetSpec::all;
  spec.deflate = 0;
  constexpr std::size_t times = 2001, row = times * 6;
  std::vector<double> all;
  {
    TrajectoryDataset d(path, spec);
    std::size_t first = 0;
    for (std::size_t count : {7u, 9u, 13u, 1u, 10u}) {
      std::vector<double> rows(count * row);
      for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = std::sin(static_cast<double>(all.size() + i)) * 1e3;
      d.append(first, count, rows);
      all.insert(all.end(), rows.begin(), rows.end());
      first += count;
    }
  }
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(f >= 0);
  const hid_t set = H5Dopen2(f, "trajectories", H5P_DEFAULT);
  REQUIRE(set >= 0);
  const hid_t dcpl = H5Dget_create_plist(set);
  CHECK(H5Pget_nfilters(dcpl) == 0);
  hsize_t chunk[3] = {};
  CHECK(H5Pget_chunk(dcpl, 3, chunk) == 3);
  CHECK(chunk[0] == 10);
  std::vector<double> back(all.size());
  REQUIRE(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, back.data()) >= 0);
  CHECK(std::memcmp(back.data(), all.data(), all.size() * sizeof(double)) == 0);
  H5Pclose(dcpl);
  H5Dclose(set);
  H5Fclose(f);
  std::filesystem::remove(path);
}
