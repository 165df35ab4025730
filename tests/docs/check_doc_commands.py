"""Every table of docs/nonlinear.md states the command that reproduces it; run each at reduced size.

Usage: check_doc_commands.py SPINCOM DOC [MIN_COMMANDS]

A "Reproduce" paragraph (from a line starting with "Reproduce" to the next blank line) names its
commands in backticks. Each `spincom ...` command is run with the spincom binary given, at
reduced size (--trajectories 64 --groups 8) and into a fresh folder (--output-dir), and must
work: simulate exits 0 and writes its files; validate (whose statistical verdict needs the full
ensemble) exits 0 or 8 and every model check passes, since those do not depend on the ensemble.
Commands of other programs (ctest, the test binary, the benchmark) are tests or timings that CTest
and the bench run themselves. Fails when fewer than MIN_COMMANDS spincom commands are found, so a
table cannot lose its command silently. Python 3 standard library only.
"""
import pathlib
import re
import subprocess
import sys
import tempfile


def reproduce_commands(text):
    commands = []
    for para in re.split(r"\n\s*\n", text):
        stripped = para.lstrip()
        if not stripped.startswith("Reproduce"):
            continue
        commands += [c.strip() for c in re.findall(r"`([^`]+)`", para) if c.strip().startswith("spincom ")]
    return commands


def reduced(command, out_dir):
    args = command.split()[1:]
    kept = []
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("--trajectories", "--groups", "--output-dir"):
            skip = True
            continue
        kept.append(a)
    return kept + ["--trajectories", "64", "--groups", "8", "--output-dir", str(out_dir)]


def check(spincom, command, out_dir):
    args = reduced(command, out_dir)
    run = subprocess.run([spincom] + args, capture_output=True, text=True, timeout=600)
    problems = []
    if args[0] == "simulate":
        if run.returncode != 0:
            problems.append("exit %d" % run.returncode)
        if not (out_dir / "nonlinear_timeseries.csv").is_file():
            problems.append("no nonlinear_timeseries.csv written")
        if "noise-free switch-on: reached root #" not in run.stdout and "--allow-unstable" not in args:
            problems.append("no switch-on line")
    elif args[0] == "validate":
        if run.returncode not in (0, 8):
            problems.append("exit %d" % run.returncode)
        model = run.stdout.split("model checks", 1)
        lines = [l for l in model[1].splitlines() if l.strip().startswith("[")] if len(model) == 2 else []
        if not lines:
            problems.append("no model checks printed")
        problems += ["model check failed: " + l.strip()[:120] for l in lines if not l.strip().startswith("[ ok ]")]
    else:
        problems.append("unknown subcommand " + args[0])
    return problems, run


def main():
    spincom, doc = sys.argv[1], pathlib.Path(sys.argv[2])
    minimum = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    commands = reproduce_commands(doc.read_text())
    print("%d spincom commands in %s" % (len(commands), doc))
    failures = 0
    with tempfile.TemporaryDirectory(prefix="spincom_doc_commands_") as tmp:
        for i, command in enumerate(commands):
            problems, run = check(spincom, command, pathlib.Path(tmp) / str(i))
            print(("FAIL " if problems else "ok   ") + command)
            for p in problems:
                print("     " + p)
            if problems:
                failures += 1
                sys.stdout.write(run.stdout[-2000:] + run.stderr[-2000:])
    if len(commands) < minimum:
        print("FAIL: %d commands found, expected at least %d" % (len(commands), minimum))
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
