#include "spincom/io/hdf5_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include <hdf5.h>

#include "spincom/core/error.hpp"

namespace spincom::h5 {
namespace {

/// HDF5's innermost message for the last failure (its stack is walked, not printed).
std::string last_hdf5_message() {
  std::string message;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD,
           [](unsigned, const H5E_error2_t* e, void* out) -> herr_t {
             auto* m = static_cast<std::string*>(out);
             if (m->empty() && e->desc) *m = e->desc;
             return 0;
           },
           &message);
  return message.empty() ? std::string("unknown HDF5 error") : message;
}

[[noreturn]] void fail(const std::string& what) {
  const int err = errno;
  std::string reason = last_hdf5_message();
  if (err != 0) reason += "; " + std::string(std::strerror(err));
  throw IoError("HDF5: " + what + " failed (" + reason + ").");
}

void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

/// Turns HDF5's automatic error printing off once: failures become IoError messages.
void quiet() {
  static const bool done = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)done;
}

/// An access list for a table's chunks. Filtered (deflate) chunks pass through a cache that holds
/// every chunk a round touches (4 times the whole rows of one chunk, `chunk_bytes`; at least
/// 32 MiB), so partial chunks are neither re-read nor compressed twice. Unfiltered chunks have no
/// cache: HDF5 then writes a round's rows straight from the caller's buffer into the file (one
/// write per chunk, a partial chunk included, as no chunk is ever filled), instead of copying them
/// into cache buffers, fresh memory for each chunk, and writing those.
Handle chunk_cache(const std::string& name, std::size_t chunk_bytes, bool filtered) {
  Handle dapl(H5Pcreate(H5P_DATASET_ACCESS), "access list of " + name);
  const std::size_t cache = filtered ? std::max<std::size_t>(std::size_t{32} << 20, 4 * chunk_bytes) : 0;
  check(H5Pset_chunk_cache(dapl.id(), 12421, cache, 1.0), "chunk cache of " + name);
  return dapl;
}

std::vector<hsize_t> to_hsize(const std::vector<std::size_t>& dims) { return {dims.begin(), dims.end()}; }

}  // namespace

Handle::Handle(Id id, const std::string& what) : id_(id) {
  if (id_ < 0) fail(what);
}
Handle::Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, -1)) {}
Handle& Handle::operator=(Handle&& o) noexcept {
  std::swap(id_, o.id_);
  return *this;
}
Handle::~Handle() {
  if (id_ < 0) return;
  switch (H5Iget_type(id_)) {
    case H5I_FILE: H5Fclose(id_); break;
    case H5I_GROUP: H5Gclose(id_); break;
    case H5I_DATASET: H5Dclose(id_); break;
    case H5I_DATASPACE: H5Sclose(id_); break;
    case H5I_ATTR: H5Aclose(id_); break;
    case H5I_DATATYPE: H5Tclose(id_); break;
    case H5I_GENPROP_LST: H5Pclose(id_); break;
    default: break;
  }
}

Location Location::group(const std::string& name) const {
  return Location(Handle(H5Gcreate2(id(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "creating group " + name));
}

Location Location::open_group(const std::string& name) const {
  return Location(Handle(H5Gopen2(id(), name.c_str(), H5P_DEFAULT), "opening group " + name));
}

Location Location::dataset(const std::string& name) const {
  return Location(Handle(H5Dopen2(id(), name.c_str(), H5P_DEFAULT), "opening dataset " + name));
}

bool Location::has(const std::string& name) const {
  const htri_t e = H5Lexists(id(), name.c_str(), H5P_DEFAULT);
  check(e, "looking up " + name);
  return e > 0;
}

void Location::write(const std::string& name, const std::vector<std::size_t>& dims, const double* data,
                     const std::string& unit) const {
  const auto d = to_hsize(dims);
  const Handle space(H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr), "dataspace of " + name);
  Handle set(H5Dcreate2(id(), name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
             "creating dataset " + name);
  check(H5Dwrite(set.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "writing dataset " + name);
  if (!unit.empty()) Location(std::move(set)).attribute("unit", unit);  // on the dataset just written
}

void Location::write(const std::string& name, const std::vector<std::size_t>& dims, const std::uint64_t* data) const {
  const auto d = to_hsize(dims);
  const Handle space(H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr), "dataspace of " + name);
  const Handle set(H5Dcreate2(id(), name.c_str(), H5T_STD_U64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   "creating dataset " + name);
  check(H5Dwrite(set.id(), H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "writing dataset " + name);
}

void Location::write_scalar(const std::string& name, double value, const std::string& unit) const {
  const Handle space(H5Screate(H5S_SCALAR), "dataspace of " + name);
  Handle set(H5Dcreate2(id(), name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
             "creating dataset " + name);
  check(H5Dwrite(set.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value), "writing dataset " + name);
  Location(std::move(set)).attribute("unit", unit);  // on the dataset just written
}

void Location::attribute(const std::string& name, double value) const {
  const Handle space(H5Screate(H5S_SCALAR), "dataspace of attribute " + name);
  const Handle a(H5Acreate2(id(), name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT), "attribute " + name);
  check(H5Awrite(a.id(), H5T_NATIVE_DOUBLE, &value), "writing attribute " + name);
}

void Location::attribute(const std::string& name, std::uint64_t value) const {
  const Handle space(H5Screate(H5S_SCALAR), "dataspace of attribute " + name);
  const Handle a(H5Acreate2(id(), name.c_str(), H5T_STD_U64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT), "attribute " + name);
  check(H5Awrite(a.id(), H5T_NATIVE_UINT64, &value), "writing attribute " + name);
}

void Location::attribute(const std::string& name, const std::string& value) const {
  // A variable-length UTF-8 string: h5py reads it as str.
  const Handle type(H5Tcopy(H5T_C_S1), "string type");
  check(H5Tset_size(type.id(), H5T_VARIABLE), "string type");
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "string type");
  const Handle space(H5Screate(H5S_SCALAR), "dataspace of attribute " + name);
  const Handle a(H5Acreate2(id(), name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), "attribute " + name);
  const char* text = value.c_str();
  check(H5Awrite(a.id(), type.id(), &text), "writing attribute " + name);
}

void Location::attribute(const std::string& name, const std::vector<double>& values) const {
  const hsize_t n = values.size();
  const Handle space(H5Screate_simple(1, &n, nullptr), "dataspace of attribute " + name);
  const Handle a(H5Acreate2(id(), name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT), "attribute " + name);
  check(H5Awrite(a.id(), H5T_NATIVE_DOUBLE, values.data()), "writing attribute " + name);
}

File::File(const std::filesystem::path& path)
    : Location([&] {
        quiet();
        errno = 0;
        // The output set owns locking (its staging folder); HDF5's own flock is not needed.
        const Handle fapl(H5Pcreate(H5P_FILE_ACCESS), "file access list");
        H5Pset_file_locking(fapl.id(), false, true);
        return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.id()), "creating " + path.string());
      }()) {}

File File::open_existing(const std::filesystem::path& path) {
  quiet();
  errno = 0;
  const Handle fapl(H5Pcreate(H5P_FILE_ACCESS), "file access list");
  H5Pset_file_locking(fapl.id(), false, true);
  return File(Handle(H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.id()), "opening " + path.string()));
}

void File::flush() const { check(H5Fflush(id(), H5F_SCOPE_GLOBAL), "writing the file to disk"); }

AppendableTable::AppendableTable(const Location& at, const std::string& name, std::size_t b, std::size_t c,
                                 int deflate_level)
    : b_(b), c_(c), name_(name) {
  // Chunks of about 1 MiB: whole rows (all times) when a row fits, else a run of times of one row.
  if (b == 0 || c == 0) throw std::logic_error("AppendableTable " + name + ": a row has no elements");
  const std::size_t row_bytes = b * c * sizeof(double), target = std::size_t{1} << 20;
  hsize_t chunk[3] = {1, static_cast<hsize_t>(b), static_cast<hsize_t>(c)};
  if (row_bytes <= target)
    chunk[0] = static_cast<hsize_t>(target / row_bytes);
  else
    chunk[1] = static_cast<hsize_t>(std::max<std::size_t>(1, target / (c * sizeof(double))));
  const hsize_t dims[3] = {0, b, c}, max_dims[3] = {H5S_UNLIMITED, b, c};
  const Handle space(H5Screate_simple(3, dims, max_dims), "dataspace of " + name);
  const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), "creation list of " + name);
  check(H5Pset_chunk(dcpl.id(), 3, chunk), "chunking " + name);
  // Every element is written (whole rows): no fill of new chunks before they are.
  check(H5Pset_fill_time(dcpl.id(), H5D_FILL_TIME_NEVER), "fill time of " + name);
  if (deflate_level > 0) {
    check(H5Pset_shuffle(dcpl.id()), "shuffle filter of " + name);
    check(H5Pset_deflate(dcpl.id(), static_cast<unsigned>(deflate_level)), "deflate filter of " + name);
  }
  const Handle dapl = chunk_cache(name, row_bytes * chunk[0], deflate_level > 0);
  dataset_ = Handle(H5Dcreate2(at.id(), name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, dcpl.id(), dapl.id()),
                    "creating dataset " + name);
}

AppendableTable::AppendableTable(Handle dataset, std::size_t rows, std::size_t b, std::size_t c, std::string name)
    : dataset_(std::move(dataset)), b_(b), c_(c), rows_(rows), name_(std::move(name)) {}

AppendableTable AppendableTable::open(const Location& at, const std::string& name) {
  if (!at.has(name)) throw IoError("HDF5: the dataset " + name + " is missing.");
  Handle probe(H5Dopen2(at.id(), name.c_str(), H5P_DEFAULT), "opening dataset " + name);
  const Handle space(H5Dget_space(probe.id()), "dataspace of " + name);
  const Handle type(H5Dget_type(probe.id()), "type of " + name);
  const Handle dcpl(H5Dget_create_plist(probe.id()), "creation list of " + name);
  hsize_t dims[3] = {0, 0, 0}, chunk[3] = {0, 0, 0};
  if (H5Sget_simple_extent_ndims(space.id()) != 3 || H5Tequal(type.id(), H5T_IEEE_F64LE) <= 0 ||
      H5Pget_chunk(dcpl.id(), 3, chunk) != 3)
    throw IoError("HDF5: the dataset " + name + " is not a chunked 3-D table of doubles.");
  check(H5Sget_simple_extent_dims(space.id(), dims, nullptr), "reading the shape of " + name);
  probe = Handle();  // reopened with the chunk cache of a new table
  const bool filtered = H5Pget_nfilters(dcpl.id()) > 0;
  const Handle dapl =
      chunk_cache(name, static_cast<std::size_t>(chunk[0] * dims[1] * dims[2]) * sizeof(double), filtered);
  Handle set(H5Dopen2(at.id(), name.c_str(), dapl.id()), "opening dataset " + name);
  return AppendableTable(std::move(set), dims[0], dims[1], dims[2], name);
}

void AppendableTable::truncate(std::size_t rows) {
  if (rows > rows_) throw std::logic_error("AppendableTable " + name_ + ": cannot truncate to more rows");
  const hsize_t shape[3] = {rows, b_, c_};
  check(H5Dset_extent(dataset_.id(), shape), "cutting " + name_);
  rows_ = rows;
}

void AppendableTable::append(std::size_t count, const double* data) {
  if (count == 0) return;
  const hsize_t grown[3] = {rows_ + count, b_, c_};
  check(H5Dset_extent(dataset_.id(), grown), "extending " + name_);
  const Handle file_space(H5Dget_space(dataset_.id()), "dataspace of " + name_);
  const hsize_t start[3] = {rows_, 0, 0}, size[3] = {count, b_, c_};
  check(H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start, nullptr, size, nullptr), "selecting rows of " + name_);
  const Handle memory(H5Screate_simple(3, size, nullptr), "memory space of " + name_);
  check(H5Dwrite(dataset_.id(), H5T_NATIVE_DOUBLE, memory.id(), file_space.id(), H5P_DEFAULT, data),
        "writing rows of " + name_);
  rows_ += count;
}

}  // namespace spincom::h5
