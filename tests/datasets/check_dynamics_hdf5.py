#!/usr/bin/env python3
"""`spincom dynamics --output FILE.h5`, read with h5py (Debian python3-h5py):
  - the moments and V(t) of each direction equal, bit for bit, the CSV writer's round-trip decimal
    text of the same run (dynamics_<dir>.csv, covariance_<dir>.csv);
  - the schema: /time and every dataset with its "unit" attribute, the metrics (NaN for "none"),
    A, D, V0, the Lyapunov V, /<dir>/parameters with units, and the provenance attributes;
  - the output set: an earlier file is kept without --force (exit 9) and replaced with it; a name
    without .h5/.hdf5 is refused with exit 3 and no file; --output with --output-dir is exit 2.
Everything runs in a private temporary folder. Usage: check_dynamics_hdf5.py SPINCOM
"""
import csv
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

spincom = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="spincom_dynamics_h5_")
failures = []
QUAD = ["X_driven", "Y_driven", "X_other", "Y_other", "q", "p"]
MOMENTS = ["E_N", "E_N_raw", "nu_minus", "n_mechanics", "n_driven", "n_other", "purity", "distance_steady"]


def run(*args):
    return subprocess.run([spincom, *args], cwd=work, capture_output=True, text=True)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def read_csv(path):
    with open(path) as fh:
        rows = [r for r in csv.reader(line for line in fh if not line.startswith("#"))]
    return rows[0], np.array([[float(x) for x in r] for r in rows[1:]])


def same(a, b):  # bit for bit, NaN equal to NaN
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


common = ["dynamics", "--direction", "both", "--times", "log:1e-9:3e-6:40"]
r = run(*common, "--output-dir", "csv")
check(r.returncode == 0, "dynamics writes the CSV folder")
r = run(*common, "--output", "run.h5")
check(r.returncode == 0 and "run.h5" in r.stdout, "dynamics --output run.h5 writes the file and says so")

with h5py.File(os.path.join(work, "run.h5"), "r") as f:
    attrs = dict(f.attrs)
    for key in ["spincom_version", "git_commit", "command", "pair", "initial", "directions", "conventions"]:
        check(key in attrs, f"root attribute {key}")
    check(attrs.get("directions") == "ccw,cw" and attrs.get("pair") == "driven,mechanics", "directions and pair")
    check("--output run.h5" in attrs.get("command", ""), "the command line is stored")
    t = f["time"][...]
    check(t.shape == (40,) and f["time"].attrs["unit"] == "s", "/time [40] in s")
    for d in ["ccw", "cw"]:
        g = f[d]
        header, moments = read_csv(os.path.join(work, "csv", f"dynamics_{d}.csv"))
        check(same(t, moments[:, 0]), f"{d}: /time equals the CSV's t")
        for name in MOMENTS:
            ok = same(g[name][...], moments[:, header.index(name)]) and g[name].attrs["unit"] == "1"
            check(ok, f"{d}: {name} equals the CSV column bit for bit, unit 1")
        cheader, cov = read_csv(os.path.join(work, "csv", f"covariance_{d}.csv"))
        V = g["V"][...]
        check(V.shape == (40, 6, 6) and np.array_equal(V, np.transpose(V, (0, 2, 1))), f"{d}: V [40, 6, 6], symmetric")
        ok = all(same(V[:, k, l], cov[:, cheader.index(f"V_{QUAD[k]}_{QUAD[l]}")]) for k in range(6) for l in range(k, 6))
        check(ok, f"{d}: V equals covariance_{d}.csv entry by entry")
        n_m = float(g["derived/n_m"][()])
        V0 = np.diag([0.5, 0.5, 0.5, 0.5, n_m + 0.5, n_m + 0.5])
        check(np.max(np.abs(g["V0"][...] - V0)) <= 1e-12 * (n_m + 0.5), f"{d}: V0 is the vacuum-thermal start")
        check(g["model/A"].shape == (6, 6) and g["model/A"].attrs["unit"] == "s^-1" and g["model/D"].attrs["unit"] == "s^-1",
              f"{d}: A and D in s^-1")
        Vl = g["V_lyapunov"][...]
        check(np.max(np.abs(V[-1] - Vl)) / np.max(np.abs(Vl)) < 1e-3, f"{d}: V(3 us) is close to the stored Lyapunov V")
        m = g["metrics"]
        check(m["t90"].attrs["unit"] == "s" and m["max_re_lambda"].attrs["unit"] == "s^-1", f"{d}: metric units")
        check(float(m["max_re_lambda"][()]) < 0 and float(m["E_N_steady"][()]) > 0, f"{d}: stable and entangled")
        check(abs(float(g["parameters/detuning"][()]) - g.attrs["detuning"]) == 0.0, f"{d}: parameters/detuning = the point's")
        check(g["derived/kappa"].attrs["unit"] == "s^-1", f"{d}: derived quantities with units")
        check(g.attrs["direction"] == d and "method" in g.attrs and "resolution_note" in g.attrs, f"{d}: point attributes")

r = run(*common, "--output", "run.h5")
check(r.returncode == 9, "an earlier file is kept without --force (exit 9)")
r = run("dynamics", "--direction", "ccw", "--times", "linear:0:1e-6:5", "--output", "run.h5", "--force")
with h5py.File(os.path.join(work, "run.h5"), "r") as f:
    check(r.returncode == 0 and f["time"].shape == (5,) and "cw" not in f, "--force replaces it whole")
r = run("dynamics", "--output", "run.csv")
check(r.returncode == 3 and "--output = run.csv" in r.stderr and ".h5" in r.stderr and "Hint" in r.stderr,
      "a name without .h5 is refused with exit 3, the flag, the valid forms and a hint")
check(not os.path.exists(os.path.join(work, "run.csv")), "and nothing is written")
r = run("dynamics", "--output", "x.h5", "--output-dir", "d")
check(r.returncode == 2, "--output with --output-dir is refused (exit 2)")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
