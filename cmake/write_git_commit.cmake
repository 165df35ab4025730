# Writes OUT (a header with spincom::git_commit) from `git describe` of SRC, at every build, and
# touches the file only when the commit changed, so only its one user recompiles.
execute_process(COMMAND git -C "${SRC}" describe --always --dirty --abbrev=40
                OUTPUT_VARIABLE commit ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT commit)
  set(commit "unknown (not built from a git checkout)")
endif()
set(content "#pragma once\n// Generated at build time by cmake/write_git_commit.cmake.\nnamespace spincom {\ninline constexpr const char* git_commit = \"${commit}\";\n}  // namespace spincom\n")
set(old "")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL content)
  file(WRITE "${OUT}" "${content}")
endif()
