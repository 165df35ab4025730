#pragma once
// Mistakes are exceptions (this hierarchy); outcomes such as an unstable point are status.
// Every message states what was wrong, the value, the valid range and a hint.
// The CLI maps each class to its own exit code (exit_code below).
#include <stdexcept>
#include <string>

namespace spincom {

namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int internal = 1;          ///< a bug: please report
inline constexpr int usage = 2;             ///< command-line syntax, contradictory flags
inline constexpr int invalid_parameter = 3; ///< a value out of range, NaN, unknown name
inline constexpr int config = 4;            ///< a missing, unreadable or malformed config/preset
inline constexpr int unstable = 5;          ///< the operation needs a stable point and has none
inline constexpr int numerical = 6;         ///< a numerical method failed
inline constexpr int io = 7;                ///< output could not be written
inline constexpr int validation_failed = 8; ///< `spincom validate`: a check failed
inline constexpr int output_conflict = 9;   ///< an earlier result (no --force) or another run at the output
inline constexpr int interrupted = 10;      ///< SIGINT/SIGTERM: a checkpoint was written; --resume continues
}  // namespace exit_code

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  [[nodiscard]] virtual int exit_code() const noexcept { return exit_code::internal; }
};

/// A parameter value is outside its valid range, non-finite, or an unknown name.
class InvalidParameter : public Error {
 public:
  using Error::Error;
  [[nodiscard]] int exit_code() const noexcept override { return exit_code::invalid_parameter; }
};

/// Flags that contradict each other.
class UsageError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] int exit_code() const noexcept override { return exit_code::usage; }
};

/// A config file or preset is missing, unreadable, malformed, or has an unknown key.
class ConfigError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] int exit_code() const noexcept override { return exit_code::config; }
};

/// The requested operation needs a stable (Hurwitz) drift matrix.
class UnstableSystem : public Error {
 public:
  using Error::Error;
  [[nodiscard]] int exit_code() const noexcept override { return exit_code::unstable; }
};

/// A numerical method did not converge or produced a non-finite value.
class NumericalFailure : public Error {
 public:
  using Error::Error;
  [[nodiscard]] int exit_code() const noexcept override { return exit_code::numerical; }
};

/// Output could not be written.
class IoError : public Error {
 public:
  using Error::Error;
  [[nodiscard]] int exit_code() const noexcept override { return exit_code::io; }
};

/// The output place holds an earlier result (and replacing it was not asked for), or another
/// run is writing there. Nothing was written.
class OutputConflict : public Error {
 public:
  using Error::Error;
  [[nodiscard]] int exit_code() const noexcept override { return exit_code::output_conflict; }
};

/// The run was asked to stop (SIGINT/SIGTERM) and wrote a checkpoint to continue from.
class Interrupted : public Error {
 public:
  using Error::Error;
  [[nodiscard]] int exit_code() const noexcept override { return exit_code::interrupted; }
};

/// An error every process of an MPI run raised together, after agreeing on it in a collective
/// (the one that failed first names it): each process can end normally, none waits for another.
/// Carries the exit code of the original error.
class AgreedError : public Error {
 public:
  AgreedError(const std::string& what, int code) : Error(what), code_(code) {}
  [[nodiscard]] int exit_code() const noexcept override { return code_; }

 private:
  int code_;
};

/// Formats a double with full precision for messages.
std::string format_value(double x);

}  // namespace spincom
