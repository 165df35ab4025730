#!/usr/bin/env python3
"""HDF5 datasets through the binary, read with h5py (Debian python3-h5py):
  - round trip: the stored trajectories equal, bit for bit, the same trajectories written as
    round-trip decimal text by the CSV writer (paths.csv), for the linear and the nonlinear model;
  - determinism: 1 and 2 threads, 2 MPI ranks (when an mpiexec is given), and two pieces over
    disjoint trajectory ranges concatenated give the bits of one run;
  - provenance: the command rebuilt from the stored attributes alone reproduces the dataset;
  - the summary-only dataset has the schema, an empty trajectory table, and the CSV's E_N;
  - the example reader (examples/read_dataset.py) recomputes V and E_N from the trajectories and
    agrees with the stored summary.
Everything runs in a private temporary folder. Usage: check_datasets.py SPINCOM EXAMPLES_DIR [MPIEXEC]
"""
import csv
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

spincom, examples = os.path.abspath(sys.argv[1]), sys.argv[2]
mpiexec = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
work = tempfile.mkdtemp(prefix="spincom_datasets_")
failures = []


def run(*args, launcher=()):
    r = subprocess.run([*launcher, spincom, *args], cwd=work, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"spincom {' '.join(args)} exited {r.returncode}:\n{r.stderr}")
    return r.stdout


def load(name):
    with h5py.File(os.path.join(work, name), "r") as f:
        return {"x": f["trajectories"][...], "index": f["trajectory_index"][...], "time": f["time"][...],
                "attrs": dict(f.attrs), "E_N": f["summary/E_N"][...],
                "parameters": {k: float(f["parameters"][k][()]) for k in f["parameters"]},
                "bath": f["parameters"].attrs["bath"]}


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def same_bits(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


small = ["--trajectories", "512", "--groups", "16", "--samples", "40", "--seed", "7"]

# Round trip against the CSV writer's round-trip decimal text.
for model, extra, csvname in [("linear", [], "paths.csv"),
                              ("nonlinear", ["--model", "nonlinear", "--detuning", "0.3"], "nonlinear_paths.csv")]:
    run("simulate", *small, *extra, "--paths", "20", "--output-dir", f"csv_{model}")
    run("simulate", *small, *extra, "--output", f"{model}.h5", "--save-trajectories", "20")
    with open(os.path.join(work, f"csv_{model}", csvname)) as fh:
        rows = [r for r in csv.reader(line for line in fh if not line.startswith("#"))]
    header, body = rows[0], rows[1:]
    cols = [header.index(q) for q in ["X_driven", "Y_driven", "X_other", "Y_other", "q", "p"]]
    from_csv = np.array([[float(r[c]) for c in cols] for r in body]).reshape(20, -1, 6)
    d = load(f"{model}.h5")
    check(same_bits(d["x"], from_csv), f"{model}: h5py trajectories == CSV paths, bit for bit")
    check(np.array_equal(d["index"], np.arange(20)), f"{model}: trajectory_index 0..19")

# Threads, ranks and pieces.
run("simulate", *small, "--threads", "1", "--output", "t1.h5", "--save-trajectories", "all")
run("simulate", *small, "--threads", "2", "--output", "t2.h5", "--save-trajectories", "all")
one = load("t1.h5")
check(one["x"].shape == (512, 41, 6), "all 512 trajectories x 41 times x 6 stored")
check(same_bits(one["x"], load("t2.h5")["x"]), "1 thread == 2 threads, bit for bit")
if mpiexec:
    run("simulate", *small, "--output", "mpi.h5", "--save-trajectories", "all",
        launcher=(mpiexec, "-n", "2", "--oversubscribe", "--allow-run-as-root"))
    two = load("mpi.h5")
    check(same_bits(one["x"], two["x"]), "2 MPI ranks == 1 process, bit for bit")
    check(two["attrs"]["processes"] == 2, "the dataset records 2 processes")
piece_args = ["--groups", "16", "--samples", "40", "--seed", "7", "--save-trajectories", "all", "--trajectories", "256"]
run("simulate", *piece_args, "--first-trajectory", "0", "--output", "piece0.h5")
run("simulate", *piece_args, "--first-trajectory", "256", "--output", "piece1.h5")
p0, p1 = load("piece0.h5"), load("piece1.h5")
check(same_bits(np.concatenate([p0["x"], p1["x"]]), one["x"]), "two pieces concatenated == one run, bit for bit")
check(np.array_equal(np.concatenate([p0["index"], p1["index"]]), np.arange(512)), "the pieces' indices concatenate")

# Provenance: rebuild the command from the stored attributes alone.
a = one["attrs"]
cmd = ["simulate", "--direction", a["direction"], "--stepper", a["stepper"], "--initial", a["initial"],
       "--dt", repr(a["dt"]), "--t-end", repr(a["t_end"]), "--samples", str(a["samples"]), "--seed", str(a["seed"]),
       "--groups", str(a["jackknife_groups"]), "--trajectories", str(a["trajectories"]),
       "--first-trajectory", str(a["first_trajectory"]), "--bath", one["bath"],
       "--output", "again.h5", "--save-trajectories", "all"]
for key, value in one["parameters"].items():
    cmd += [f"--{key}", repr(value)]
run(*cmd)
check(same_bits(load("again.h5")["x"], one["x"]), "rerun from the stored attributes reproduces the trajectories")

# Summary only: the schema holds, the table is empty, E_N is the CSV's.
run("simulate", *small, "--output", "summary.h5")
s = load("summary.h5")
check(s["x"].shape == (0, 41, 6) and s["attrs"]["saved_trajectories"] == 0, "summary-only: empty trajectory table")
with open(os.path.join(work, "csv_linear", "timeseries.csv")) as fh:
    rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))]
check(np.array_equal(s["E_N"], np.array([float(r["E_N"]) for r in rows])), "summary E_N == timeseries.csv E_N")

# The example reader agrees with the stored summary.
r = subprocess.run([sys.executable, os.path.join(examples, "read_dataset.py"), os.path.join(work, "t1.h5")],
                   capture_output=True, text=True)
print(r.stdout, end="")
check(r.returncode == 0 and "OK: the stored trajectories reproduce the stored summary" in r.stdout,
      "examples/read_dataset.py: recomputed V and E_N == stored summary")

subprocess.run(["rm", "-rf", work])
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
