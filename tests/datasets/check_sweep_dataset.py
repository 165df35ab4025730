#!/usr/bin/env python3
"""`spincom sweep --output FILE.h5`, read with h5py: every column of /rows equals the same sweep's
CSV column bit for bit (the CSV holds round-trip decimal text), for a plain 2-D sweep, a sweep of
every branch, and a --max-over sweep; /grid holds the axes; /Delta_E_N per grid point matches
the rows; the parameters and provenance are there. Usage: check_sweep_dataset.py SPINCOM
"""
import csv
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

spincom = os.path.abspath(sys.argv[1])
work = tempfile.mkdtemp(prefix="spincom_sweep_h5_")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(*args):
    r = subprocess.run([spincom, *args], cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"spincom {' '.join(args)} exited {r.returncode}:\n{r.stderr}")


def same_values(a, b):
    """Bit for bit, NaN where the other has NaN (the CSV writes every NaN as "nan")."""
    nan = np.isnan(a)
    return a.shape == b.shape and np.array_equal(nan, np.isnan(b)) and a[~nan].tobytes() == b[~nan].tobytes()


def read_csv(name):
    with open(os.path.join(work, name)) as fh:
        rows = list(csv.reader(line for line in fh if not line.startswith("#")))
    return {name: [r[i] for r in rows[1:]] for i, name in enumerate(rows[0])}


def compare(args, name):
    run("sweep", *args, "--output", name + ".csv")
    run("sweep", *args, "--output", name + ".h5")
    table = read_csv(name + ".csv")
    with h5py.File(os.path.join(work, name + ".h5"), "r") as f:
        rows = f["rows"]
        n = f["rows"].attrs["rows"]
        check(n == len(table["direction"]), f"{name}: {n} rows, as in the CSV")
        codes = np.array([0 if d == "ccw" else 1 for d in table["direction"]])
        check(np.array_equal(rows["direction"][...], codes), f"{name}: direction codes == CSV directions")
        same = [c for c in rows if c not in ("direction", "point") and c in table and
                same_values(rows[c][...].astype(float), np.array([float(x) for x in table[c]]))]
        missing = [c for c in table if c not in rows and c not in [k for k in f["parameters"]]]
        check(len(same) == len([c for c in rows if c in table and c != "direction"]) and not missing,
              f"{name}: {len(same)} columns == CSV bit for bit (not in HDF5: {missing})")
        for key in f["grid"].attrs["axes"].split(","):
            values = sorted(set(float(x) for x in table[key]))
            check(np.array_equal(np.sort(f["grid"][key][...]), np.array(values)), f"{name}: /grid/{key} == the CSV's values")
        check(f.attrs["command"].endswith(name + ".h5") and "git_commit" in f.attrs and "power" in f["parameters"]
              and f["parameters/power"].attrs["unit"] == "W", f"{name}: provenance and /parameters with units")
        if "Delta_E_N" in f:
            d = f["Delta_E_N"][...]
            per_row = d[rows["point"][...]]
            check(same_values(per_row, rows["Delta_E_N"][...]), f"{name}: /Delta_E_N[point] == rows/Delta_E_N")


compare(["--axis", "Omega:0:20k:7", "--axis", "J:0:1e6:3"], "plain")
compare(["--axis", "detuning:-1:3:9", "--branches", "all"], "branches")
compare(["--axis", "Omega:0:20k:4", "--max-over", "detuning:0:2:21"], "max_over")

subprocess.run(["rm", "-rf", work])
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
