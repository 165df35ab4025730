#pragma once
// Runs the spincom binary under test (SPINCOM_CLI_PATH) and captures its exit status and output.
#include <sys/wait.h>

#include <array>
#include <initializer_list>
#include <cstdio>
#include <string>

#include <catch2/catch.hpp>

namespace spincom::test {

struct Run {
  int status;
  std::string output;  // stdout, and stderr unless stdout_only
};

/// Runs spincom with `args`; stderr is merged into `output` unless `stdout_only`.
inline Run run(const std::string& args, bool stdout_only = false) {
  const std::string cmd =
      std::string(SPINCOM_CLI_PATH) + " " + args + (stdout_only ? " 2>/dev/zero" : " 2>&1");
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe)) out += buf.data();
  const int raw = pclose(pipe);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : 128, out};
}

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// Runs spincom with `args` and checks a refusal: the exit code, every part of the message, and
/// no internal error.
inline void check_refused_with(const std::string& args, int code, std::initializer_list<const char*> parts) {
  const Run r = run(args);
  INFO("spincom " << args << "\n" << r.output);
  CHECK(r.status == code);
  for (const char* p : parts) CHECK_THAT(r.output, Catch::Contains(p));
  CHECK_THAT(r.output, !Catch::Contains("internal error"));
}

}  // namespace spincom::test
