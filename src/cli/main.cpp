// spincom: command-line front end. Thin: parses, calls the library, maps errors to exit codes.
#include <cerrno>
#include <chrono>
#include <thread>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "field_flags.hpp"
#include "mpi_session.hpp"
#include "spincom/core/error.hpp"
#include "spincom/core/version.hpp"

namespace {

/// An unknown first word is named as such, with the valid subcommands (CLI11 would say only that
/// a subcommand is required). Returns the exit code, or 0 when the word is known or an option.
int refuse_unknown_subcommand(CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return 0;
  std::string valid;
  for (const auto* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == argv[1]) return 0;
    valid += (valid.empty() ? "" : ", ") + sub->get_name();
  }
  std::cerr << "spincom: error: unknown subcommand '" << argv[1] << "': valid are " << valid
            << ". Hint: run 'spincom --help' for what each does.\n";
  return spincom::exit_code::usage;
}

/// A value given as an empty string ("--V0 ''", "--seed="") is refused: it would otherwise fall
/// back to the default without a word. Run once a subcommand's options are parsed, before its
/// callback. Throws InvalidParameter naming the flag.
void refuse_empty_values(const CLI::App& sub) {
  for (const CLI::Option* opt : sub.get_options()) {
    if (opt->count() == 0 || opt->get_expected_min() < 1) continue;  // absent, or a flag without a value
    for (const std::string& value : opt->results())
      if (value.find_first_not_of(" \t") == std::string::npos)
        throw spincom::InvalidParameter(opt->get_name() + " was given an empty value: valid is " +
                                        (opt->get_type_name().empty() || opt->get_type_name() == "TEXT" ? "a non-empty value"
                                                                                           : "a " + opt->get_type_name()) +
                                        ". Hint: leave " + opt->get_name() +
                                        " out for its default; an empty value never means the default.");
  }
}

/// Standard output is flushed and checked at the end: a report that could not be written (a full
/// disk, a closed pipe) is an error, not a silent success. Only the speaking rank checks (the
/// others' output is discarded on purpose).
int standard_output_written(bool speaks) {
  if (!speaks) return 0;
  std::cout.flush();
  if (std::cout) return 0;
  std::cerr << "spincom: error: writing to standard output failed (" << std::strerror(errno)
            << "): the report is incomplete. Hint: check the redirection or the pipe, or free space.\n";
  return spincom::exit_code::io;
}

/// Ends every rank after an error that not all ranks may share (an error they all raise together
/// is an AgreedError and needs no abort). Rank 0 has printed the message and aborts at once. Any
/// other rank first gives rank 0 time to reach the same error and abort everyone with its message
/// out (input errors are found by every rank alike); if it is still alive after that, the error was
/// its own, so it prints it, with its rank, on the real stderr before aborting.
void report_then_abort(const spincom::cli::MpiSession& mpi, std::streambuf* err, const std::string& message,
                       int code) {
  if (mpi.size() <= 1) return;
  if (mpi.rank() != 0) {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    std::ostream(err) << message << " (rank " << mpi.rank() << " only)\n" << std::flush;
  }
  mpi.abort_if_parallel(code);
}

}  // namespace

int main(int argc, char** argv) {
  const spincom::cli::MpiSession mpi(argc, argv);  // a no-op unless started by mpirun
  if (mpi.size() > 1) {
    const std::string sub = argc > 1 ? argv[1] : "";
    if (sub != "simulate" && sub != "validate" && sub != "sweep") {  // rank 0 runs it alone
      if (mpi.rank() != 0) return 0;
      std::cerr << "spincom: note: only simulate, validate and sweep use MPI ranks; this command runs on rank 0\n";
    }
  }
  std::streambuf* const rank0_err = std::cerr.rdbuf();  // kept for a rank's own last word (report_then_abort)
  if (mpi.rank() != 0) {  // rank 0 speaks for all ranks (they compute the same statistics)
    std::cout.rdbuf(nullptr);
    std::cerr.rdbuf(nullptr);
  }
  CLI::App app{"spincom: stochastic and steady-state simulator for spinning-resonator cavity "
               "optomechanics (Jiao et al., PRL 125, 143605 (2020)).\nUnits SI, rates angular "
               "(s^-1); u = (X_driven, Y_driven, X_other, Y_other, q, p); vacuum variance 1/2."};
  app.set_version_flag("--version", spincom::version);
  app.require_subcommand(1);
  spincom::cli::setup_params(app);
  spincom::cli::setup_steady(app);
  const std::string command = spincom::cli::command_line(argc, argv);
  spincom::cli::setup_simulate(app, command);
  spincom::cli::setup_validate(app, command);
  spincom::cli::setup_sweep(app, command);
  spincom::cli::setup_feasibility(app);
  spincom::cli::setup_dynamics(app, command);
  spincom::cli::setup_spectrum(app, command);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    sub->parse_complete_callback([sub] { refuse_empty_values(*sub); });
  if (const int refused = refuse_unknown_subcommand(app, argc, argv)) return refused;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string sub;
    for (const auto* s : app.get_subcommands()) sub = s->get_name();
    std::cerr << "spincom: error: " << e.what() << ". Hint: run 'spincom " << (sub.empty() ? "" : sub + " ")
              << "--help' for the valid options and values.\n";
    // A value outside its valid set or range is an invalid parameter; everything else is usage.
    const bool bad_value = dynamic_cast<const CLI::ValidationError*>(&e) != nullptr;
    return bad_value ? spincom::exit_code::invalid_parameter : spincom::exit_code::usage;
  } catch (const spincom::AgreedError& e) {  // every rank raised it together: none is left waiting
    std::cerr << "spincom: error: " << spincom::cli::with_flag_names(e.what()) << "\n";
    return e.exit_code();
  } catch (const spincom::Interrupted& e) {  // every rank took the same stop decision: none is left waiting
    std::cerr << "spincom: error: " << spincom::cli::with_flag_names(e.what()) << "\n";
    return e.exit_code();
  } catch (const spincom::Error& e) {
    const std::string message = "spincom: error: " + spincom::cli::with_flag_names(e.what());
    std::cerr << message << "\n";
    report_then_abort(mpi, rank0_err, message, e.exit_code());
    return e.exit_code();
  } catch (const std::exception& e) {
    const std::string message = std::string("spincom: internal error: ") + e.what() +
                                "\nThis is a bug; please report it with the command line.";
    std::cerr << message << "\n";
    report_then_abort(mpi, rank0_err, message, spincom::exit_code::internal);
    return spincom::exit_code::internal;
  }
  return standard_output_written(mpi.rank() == 0);
}
