#!/usr/bin/env python3
"""Table-driven bad-input test of the spincom CLI (issue 13).

Usage: bad_input.py SPINCOM CASES_FILE [MPIEXEC]

Each case line of CASES_FILE is `EXIT | PATTERN | ARGS`:
  EXIT     the exit code the refusal must have (README, "Exit codes and bad input");
  PATTERN  a Python regular expression the stderr must match (searched, case-sensitive): it names
           the value and the valid range, choices or the fix;
  ARGS     the command line after `spincom`, split like a shell does (shlex); `{fx}` is the fixture
           folder (files the cases read: malformed V0 files, TOML files, a FIFO, a device node, a
           link, an earlier result).
Blank lines and lines starting with # are comments.

Every case runs in a fresh, empty working folder (the default outputs, ./out and ./spectrum.csv,
would land there) and must:
  * exit with EXIT;
  * print exactly one `spincom: error:` line on stderr, no `internal error`, and match PATTERN;
  * print nothing on stdout (a refusal produces no partial report);
  * write nothing: the working folder stays empty and the fixture folder keeps every entry's name,
    type, size and modification time.
Deterministic (no randomness): a failure is a real regression.
"""
import os
import re
import shlex
import stat
import subprocess
import sys
import tempfile

V0_FILES = {
    "V0_5x6.txt": "\n".join("0.5 0 0 0 0 0" for _ in range(5)),
    "V0_nan.txt": "\n".join(" ".join("nan" if (i == 0 and j == 0) else ("0.5" if i == j else "0")
                                    for j in range(6)) for i in range(6)),
    "V0_huge.txt": "\n".join(" ".join("1e300" if i == j else "0" for j in range(6)) for i in range(6)),
    "V0_subvacuum.txt": "\n".join(" ".join("0.1" if i == j else "0" for j in range(6)) for i in range(6)),
    "V0_asymmetric.txt": "\n".join(" ".join("0.5" if i == j else ("0.1" if (i, j) == (0, 1) else "0")
                                           for j in range(6)) for i in range(6)),
    "V0_words.txt": "one two three\n",
    "V0_empty.txt": "",
}
TOML_FILES = {
    "malformed.toml": "power = = 3\n",
    "unknown_key.toml": "powr = \"20mW\"\n",
    "bad_value.toml": "power = \"-1W\"\n",
    "bad_type.toml": "power = [1, 2]\n",
    "milli_rate.toml": "J = \"50m\"\n",
}


def make_fixtures(fx, spincom):
    for name, text in {**V0_FILES, **TOML_FILES}.items():
        with open(os.path.join(fx, name), "w") as f:
            f.write(text)
    with open(os.path.join(fx, "V0_2MB.txt"), "w") as f:
        f.write(("0.5 0 0 0 0 0\n" * 150000))
    os.mkfifo(os.path.join(fx, "fifo"))
    os.mkfifo(os.path.join(fx, "fifo.h5"))
    os.mknod(os.path.join(fx, "device"), 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    os.mkdir(os.path.join(fx, "target"))
    os.symlink(os.path.join(fx, "target"), os.path.join(fx, "link"))
    with open(os.path.join(fx, "regular_file"), "w") as f:
        f.write("not a folder\n")
    os.mkdir(os.path.join(fx, "earlier"))  # an earlier simulate result (a complete set)
    for name in ("covariance.csv", "mean.csv", "paths.csv", "summary.csv"):
        with open(os.path.join(fx, "earlier", name), "w") as f:
            f.write("earlier\n")
    with open(os.path.join(fx, "earlier.csv"), "w") as f:
        f.write("earlier\n")
    # A real earlier result, written by spincom itself: replaced only with --force.
    subprocess.run([spincom, "simulate", "--trajectories", "256", "--output-dir", os.path.join(fx, "earlier_run")],
                   check=True, capture_output=True, stdin=subprocess.DEVNULL)


def snapshot(folder):
    out = {}
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in dirs + files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            out[os.path.relpath(path, folder)] = (stat.S_IFMT(st.st_mode), st.st_size, st.st_mtime_ns)
    return out


def read_cases(path):
    cases = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split(" | ", 2)]
            if len(parts) != 3:
                raise SystemExit(f"{path}:{number}: expected 'EXIT | PATTERN | ARGS', got {line!r}")
            cases.append((number, {int(c) for c in parts[0].split('|')}, parts[1], parts[2]))
    return cases


def run_case(spincom, fx, case):
    number, code, pattern, args = case
    argv = [spincom] + [a.replace("{fx}", fx) for a in shlex.split(args)]
    problems = []
    with tempfile.TemporaryDirectory(prefix="spincom-bad-input-") as work:
        before = snapshot(fx)
        try:
            p = subprocess.run(argv, cwd=work, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            return [f"line {number}: `{args}` did not finish in 120 s"]
        err_lines = [l for l in p.stderr.splitlines() if l.startswith("spincom: error:")]
        if p.returncode not in code:
            problems.append(f"exit {p.returncode}, expected {'/'.join(map(str, sorted(code)))}")
        if len(err_lines) != 1:
            problems.append(f"{len(err_lines)} 'spincom: error:' lines, expected 1")
        if "internal error" in p.stderr:
            problems.append("an internal error")
        if not re.search(pattern, p.stderr):
            problems.append(f"stderr does not match /{pattern}/")
        if p.stdout.strip():
            problems.append(f"stdout is not empty: {p.stdout[:200]!r}")
        left = os.listdir(work)
        if left:
            problems.append(f"wrote {left} in the working folder")
        if snapshot(fx) != before:
            problems.append("changed the fixture folder")
    if problems:
        return [f"line {number}: spincom {args}\n    " + "; ".join(problems) + f"\n    stderr: {p.stderr.strip()[:600]}"]
    return []


def main():
    spincom, cases_file = os.path.abspath(sys.argv[1]), sys.argv[2]
    cases = read_cases(cases_file)
    with tempfile.TemporaryDirectory(prefix="spincom-bad-input-fx-") as fx:
        make_fixtures(fx, spincom)
        failures = []
        for case in cases:
            failures += run_case(spincom, fx, case)
    subcommands = sorted({shlex.split(c[3])[0] for c in cases if c[3]})
    print(f"{len(cases)} bad-input cases over {len(subcommands)} subcommands ({', '.join(subcommands)}): "
          f"{len(cases) - len(failures)} as expected, {len(failures)} not")
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
