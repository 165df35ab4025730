#pragma once
// A thin owner of HDF5 C-API handles (Debian's libhdf5-dev, serial): files, groups, datasets,
// scalar and string attributes, and one extendible chunked dataset. Every failure throws IoError
// with the object's name and HDF5's own message; HDF5's automatic error printing is off.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace spincom::h5 {

using Id = std::int64_t;  ///< hid_t

/// Owns one handle; closes it with the right H5*close.
class Handle {
 public:
  Handle() = default;
  Handle(Id id, const std::string& what);  ///< throws IoError for a negative id
  Handle(Handle&& o) noexcept;
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle();
  [[nodiscard]] Id id() const { return id_; }

 private:
  Id id_ = -1;
};

/// A location (file or group) to add things to.
class Location {
 public:
  explicit Location(Handle h) : h_(std::move(h)) {}
  [[nodiscard]] Id id() const { return h_.id(); }

  Location group(const std::string& name) const;
  /// An existing group or dataset here, to add to (a dataset: attributes). Throws IoError.
  Location open_group(const std::string& name) const;
  Location dataset(const std::string& name) const;
  /// Whether a link (dataset or group) of this name exists here.
  [[nodiscard]] bool has(const std::string& name) const;
  /// A dense double dataset of the given shape (row-major); `data` has the product of dims. A
  /// non-empty `unit` becomes the dataset's "unit" attribute.
  void write(const std::string& name, const std::vector<std::size_t>& dims, const double* data,
             const std::string& unit = "") const;
  void write(const std::string& name, const std::vector<double>& v, const std::string& unit = "") const {
    write(name, {v.size()}, v.data(), unit);
  }
  void write(const std::string& name, const std::vector<std::size_t>& dims, const std::uint64_t* data) const;
  void write_scalar(const std::string& name, double value, const std::string& unit) const;  ///< with a "unit" attribute

  void attribute(const std::string& name, double value) const;
  void attribute(const std::string& name, std::uint64_t value) const;
  void attribute(const std::string& name, const std::string& value) const;
  void attribute(const std::string& name, const std::vector<double>& values) const;

 private:
  Handle h_;
};

/// A new file (truncating one that exists: the output set's staging file), or an existing one
/// opened for writing (a resumed run's).
class File : public Location {
 public:
  explicit File(const std::filesystem::path& path);
  /// Opens an existing file read-write. Throws IoError (missing, not HDF5, damaged).
  static File open_existing(const std::filesystem::path& path);
  void flush() const;  ///< throws IoError (e.g. a full disk)

 private:
  explicit File(Handle h) : Location(std::move(h)) {}
};

/// A 3-D double dataset [rows, b, c], extendible in its first dimension, chunked, optionally
/// with shuffle + deflate; rows are appended in order.
class AppendableTable {
 public:
  AppendableTable(const Location& at, const std::string& name, std::size_t b, std::size_t c, int deflate_level);
  /// The existing table `name` at `at`, to append to. Throws IoError when it is missing or not a
  /// 3-D double table.
  static AppendableTable open(const Location& at, const std::string& name);
  /// Appends `count` rows (count x b x c doubles, row-major).
  void append(std::size_t count, const double* data);
  /// Cuts the table to its first `rows` rows (rows() must be at least that).
  void truncate(std::size_t rows);
  [[nodiscard]] std::size_t rows() const { return rows_; }
  [[nodiscard]] std::size_t b() const { return b_; }
  [[nodiscard]] std::size_t c() const { return c_; }
  [[nodiscard]] Id id() const { return dataset_.id(); }

 private:
  AppendableTable(Handle dataset, std::size_t rows, std::size_t b, std::size_t c, std::string name);
  Handle dataset_;
  std::size_t b_, c_, rows_ = 0;
  std::string name_;
};

}  // namespace spincom::h5
