#!/usr/bin/env python3
"""Property test (issue 13): random valid parameter sets never put NaN or inf into an output.

Usage: property_finite_outputs.py SPINCOM [SETS] [SEED]

Draws SETS parameter sets (default 60, seed 20261202) from the documented ranges (read from
`spincom params`, never restated here): log-uniform over positive ranges, uniform over signed ones,
and the lower bound 0 itself with probability 1/4 where it is valid. For each set it runs
  steady (text and --json), a 3-point detuning sweep (CSV), dynamics (CSV, 5 times) and, for every
  fourth set, a short simulate (256 trajectories, 4 samples),
and requires of each run:
  * an exit code of 0, 3 (a refused combination: one `spincom: error:` line naming the value and
    what is valid) or 5 (not stable: simulate/dynamics refuse an unstable point);
  * never 1 (internal error) or 6 (numerical failure): inside the documented ranges every failure
    must be a clear refusal or a result;
  * no `nan` or `inf` token in stdout or in any file written, and no JSON null except where the
    schema documents it (E_N and the quantities of a point without a steady state).
Deterministic: the sets come from a fixed seed, so a failure is reproducible (the set is printed).
"""
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile

TOKEN = re.compile(r"(?<![A-Za-z_])(?<!-> )[-+]?(nan|inf|infinity)(?![A-Za-z_])", re.IGNORECASE)  # not "t -> inf"
# Sweep CSV columns that are nan by the documented rule (the header: where no steady state exists).
SWEEP_UNDEFINED = {"E_N", "E_N_raw", "nu_minus", "Delta_E_N"}
ALLOWED = {0, 3, 5}


def parameter_ranges(spincom):
    """{key: (lower, upper)} from the listing `spincom params` prints (valid ... and <= ...)."""
    out = subprocess.run([spincom, "params"], capture_output=True, text=True, check=True).stdout
    ranges = {}
    for line in out.splitlines():
        m = re.match(r"\s+(\w+)\s+\S+\s+\S+\s+.*\(valid >=? ([-+0-9.e]+) and <= ([-+0-9.e]+)", line)
        if m:
            ranges[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    if len(ranges) != 13:
        raise SystemExit(f"expected 13 parameter ranges from `spincom params`, found {len(ranges)}: {ranges}")
    return ranges


def draw(rng, ranges):
    values = {}
    for key, (lo, hi) in ranges.items():
        if lo == 0.0 and rng.random() < 0.25:
            values[key] = 0.0
        elif lo > 0.0:
            values[key] = math.exp(rng.uniform(math.log(lo), math.log(hi)))
        elif lo == 0.0:
            values[key] = math.exp(rng.uniform(math.log(hi) - 30.0, math.log(hi)))
        else:  # signed: detuning and dn/dlambda, mostly of order 1 in their units, sometimes large
            scale = 10.0 ** rng.uniform(-3.0, math.log10(hi))
            values[key] = rng.choice([-1.0, 1.0]) * scale
    return values


def flags(values):
    out = []
    for key, v in values.items():
        out += [f"--{key}", repr(v)]
    return out


def check_text(text, what):
    m = TOKEN.search(text)
    return [f"{what} contains '{m.group(0)}' near: {text[max(0, m.start() - 120):m.end() + 40]!r}"] if m else []


def check_json_nulls(node, path, problems):
    # README, "JSON output": these are null where a point has no steady state (or, for the SI Hurwitz
    # determinants, where they overflow a double; Theta_k holds their logarithms).
    documented = {"E_N", "nu_minus", "V", "lyapunov_residual", "Delta_E_N", "selected_index", "physical",
                  "min_symplectic_eigenvalue", "warning", "hurwitz_dets", "stable", "steady_state_exists"}
    if isinstance(node, dict):
        for k, v in node.items():
            check_json_nulls(v, f"{path}.{k}", problems)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            check_json_nulls(v, f"{path}[{i}]", problems)
    elif node is None and path.split(".")[-1].split("[")[0] not in documented:
        problems.append(f"JSON null at {path}")


def check_sweep_csv(path):
    """nan only where the header's rule allows it: E_N, E_N_raw and nu_minus of a row with stable = 0,
    and Delta_E_N of a grid point where a direction has no steady state."""
    with open(path) as f:
        lines = [l.rstrip("\n") for l in f if not l.startswith("#")]
    header, rows = lines[0].split(","), [l.split(",") for l in lines[1:]]
    col = {name: i for i, name in enumerate(header)}
    point = lambda r: tuple(r[:col["direction"]])
    unstable_points = {point(r) for r in rows if r[col["stable"]] == "0"}
    problems = []
    for n, r in enumerate(rows):
        for name, value in zip(header, r):
            if not TOKEN.fullmatch(value):
                continue
            allowed = name in SWEEP_UNDEFINED and (
                r[col["stable"]] == "0" or (name == "Delta_E_N" and point(r) in unstable_points))
            if not allowed:
                problems.append(f"s.csv row {n + 1}: {name} = {value} (stable = {r[col['stable']]})")
    return problems


def run(spincom, args, work):
    p = subprocess.run([spincom] + args, cwd=work, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                       timeout=300)
    problems = []
    if p.returncode not in ALLOWED:
        problems.append(f"exit {p.returncode}")
    if p.returncode != 0 and len([l for l in p.stderr.splitlines() if l.startswith("spincom: error:")]) != 1:
        problems.append("a refusal without exactly one 'spincom: error:' line")
    problems += check_text(p.stdout, "stdout")
    for root, _, files in os.walk(work):
        for name in files:
            path = os.path.join(root, name)
            if name == "s.csv":
                problems += check_sweep_csv(path)
            elif name.endswith((".csv", ".txt", ".json")):
                with open(path) as f:
                    problems += check_text(f.read(), name)
            os.remove(path)
    return p, problems


def check_set(spincom, values, index, work):
    base = flags(values)
    results = []
    p, problems = run(spincom, ["steady"] + base, work)
    results.append(("steady", problems, p))
    p, problems = run(spincom, ["steady", "--json"] + base, work)
    if p.returncode == 0:
        check_json_nulls(json.loads(p.stdout), "", problems)
    results.append(("steady --json", problems, p))
    d = values["detuning"]
    sweep_flags = list(base)
    i = sweep_flags.index("--detuning")
    del sweep_flags[i:i + 2]
    p, problems = run(spincom, ["sweep", "--axis", f"detuning:{d}:{d * 1.01 + 0.01}:3", "--output", "s.csv"]
                      + sweep_flags, work)
    results.append(("sweep", problems, p))
    p, problems = run(spincom, ["dynamics", "--output-dir", "dyn"] + base, work)
    results.append(("dynamics", problems, p))
    if p.returncode == 5:  # not stable: the growth itself, which must stay finite or be refused
        p, problems = run(spincom, ["dynamics", "--allow-unstable", "--output-dir", "dyn"] + base, work)
        results.append(("dynamics --allow-unstable", problems, p))
    if index % 4 == 0:
        sim = ["simulate", "--trajectories", "256", "--samples", "4", "--output-dir", "sim"]
        p, problems = run(spincom, sim + base, work)
        results.append(("simulate", problems, p))
        if p.returncode == 5:
            p, problems = run(spincom, sim + ["--allow-unstable"] + base, work)
            results.append(("simulate --allow-unstable", problems, p))
    return results


def main():
    spincom = os.path.abspath(sys.argv[1])
    sets = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261202
    ranges = parameter_ranges(spincom)
    rng = random.Random(seed)
    failures, codes = [], {}
    with tempfile.TemporaryDirectory(prefix="spincom-property-") as work:
        for index in range(sets):
            values = draw(rng, ranges)
            for what, problems, p in check_set(spincom, values, index, work):
                codes[(what, p.returncode)] = codes.get((what, p.returncode), 0) + 1
                if problems:
                    failures.append(f"set {index} ({' '.join(flags(values))}): {what}: {'; '.join(problems)}\n"
                                    f"    stderr: {p.stderr.strip()[:500]}")
    summary = ", ".join(f"{w} exit {c}: {n}" for (w, c), n in sorted(codes.items()))
    print(f"{sets} random parameter sets (seed {seed}): {summary}")
    for f in failures:
        print(f)
    print(f"{len(failures)} runs put NaN/inf in an output or failed unclearly")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
