#!/usr/bin/env python3
"""Checkpoint and resume of HDF5 dataset runs through the binary (docs/decisions.md 61), read with
h5py: the dataset of an interrupted and resumed run equals the uninterrupted run's in every
dataset and every attribute but "command", bit for bit:
  - linear, rows straight into the file: SIGTERM (exit 10), resumed with another thread count;
  - linear, rows in the journal (--checkpoint-every): SIGKILL after a periodic checkpoint, resumed;
  - nonlinear, SIGINT, resumed;
  - 2 MPI ranks, SIGUSR1 to mpiexec (which forwards it), resumed by one process (when an mpiexec is given);
and refused resumes keep the interrupted run: --checkpoint-every on a run written straight into
its file (exit 2), other dataset flags (exit 4), no --resume (exit 9); each leaves the checkpoint,
and the proper resume then succeeds. The signals are sent once the run shows progress or a
checkpoint exists or once the output is open (polled), not after a fixed time. Everything runs in a private temporary folder.
Usage: check_dataset_resume.py SPINCOM [MPIEXEC]
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

spincom = os.path.abspath(sys.argv[1])
mpiexec = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
work = tempfile.mkdtemp(prefix="spincom_dataset_resume_")
mpi_launcher = [mpiexec, "-n", "2", "--oversubscribe", "--allow-run-as-root"] if mpiexec else []
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(args, launcher=()):
    return subprocess.run([*launcher, spincom, *args], cwd=work, capture_output=True, text=True)


def contents(name):
    """Every dataset's bytes and shape, and every attribute but the command line."""
    out = {}
    with h5py.File(os.path.join(work, name), "r") as f:
        f.visititems(lambda key, obj: out.__setitem__(key, (obj.shape, obj[...].tobytes()))
                     if isinstance(obj, h5py.Dataset) else None)
        for key, value in f.attrs.items():
            if key != "command":
                out["@" + key] = np.asarray(value).tobytes() if not isinstance(value, str) else value
    return out


def partial(name):
    return os.path.join(work, f".{name}.spincom-partial")


def wait_until(condition, proc, seconds=120):
    end = time.time() + seconds
    while time.time() < end:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def interrupt(name, args, sig, threads, launcher=()):
    """Starts the run, signals it once it is under way, and returns its exit code."""
    err = open(os.path.join(work, name + ".err"), "w")
    proc = subprocess.Popen([*launcher, spincom, *args, "--threads", str(threads), "--output", name], cwd=work,
                            stdout=open(os.path.join(work, name + ".out"), "w"),
                            stderr=err)
    if sig == signal.SIGKILL:  # after a periodic checkpoint, and past it: the resume redoes that part
        started = wait_until(lambda: os.path.exists(os.path.join(partial(name), "checkpoint.spincom")), proc)
        time.sleep(0.5)
    else:  # once the output is open (the stop handler is in place): the run stops in one of its first,
        # short rounds (they grow 4x from 8 trajectories per group), long before its end
        started = wait_until(lambda: os.path.exists(os.path.join(partial(name), name)), proc)
        time.sleep(0.3)
    if not started:
        check(False, f"{name}: the run ended before it could be interrupted (exit {proc.poll()})")
    proc.send_signal(sig)
    return proc.wait()


def resume(name, args, threads):
    r = run([*args, "--threads", str(threads), "--output", name, "--resume"])
    check(r.returncode == 0, f"{name}: resumed (exit {r.returncode}: {r.stderr.strip()[-300:]})")
    check(not os.path.exists(partial(name)), f"{name}: no partial folder left after the resume")


# Slow enough per trajectory (many samples), few bytes per saved trajectory (q at 3 times).
linear = ["simulate", "--trajectories", "600000", "--samples", "200", "--seed", "5", "--save-trajectories", "all",
          "--save-every", "100", "--save-quadratures", "q"]
check(run([*linear, "--threads", "2", "--output", "linear_full.h5"]).returncode == 0, "linear reference run")
full = contents("linear_full.h5")

rc = interrupt("lin_term.h5", linear, signal.SIGTERM, 2)
check(rc == 10, f"linear SIGTERM: exit {rc}, expected 10")
check(os.path.exists(os.path.join(partial("lin_term.h5"), "checkpoint.spincom")), "linear SIGTERM: checkpoint kept")
check(not os.path.exists(os.path.join(work, "lin_term.h5")), "linear SIGTERM: nothing published")
# Refused resumes leave the interrupted run as it was.
r = run([*linear, "--output", "lin_term.h5", "--resume", "--checkpoint-every", "1"])
check(r.returncode == 2 and "--checkpoint-every" in r.stderr, f"direct rows + --checkpoint-every on resume refused (exit {r.returncode})")
r = run([*[a if a != "100" else "50" for a in linear], "--output", "lin_term.h5", "--resume"])
check(r.returncode == 4 and "interrupted run" in r.stderr, f"other --save-every on resume refused (exit {r.returncode})")
r = run([*linear, "--output", "lin_term.h5"])
check(r.returncode == 9 and "--resume" in r.stderr, f"a run without --resume refused (exit {r.returncode})")
check(os.path.exists(os.path.join(partial("lin_term.h5"), "checkpoint.spincom")), "refused resumes kept the checkpoint")
resume("lin_term.h5", linear, 1)
check(contents("lin_term.h5") == full, "linear, SIGTERM, 2 threads then 1: resumed == uninterrupted, bit for bit")

rc = interrupt("lin_kill.h5", [*linear, "--checkpoint-every", "0.3"], signal.SIGKILL, 1)
check(rc == -signal.SIGKILL, f"linear SIGKILL: killed (exit {rc})")
check(os.path.exists(os.path.join(partial("lin_kill.h5"), "trajectories.journal")), "periodic checkpoints keep a journal")
resume("lin_kill.h5", [*linear, "--checkpoint-every", "0.3"], 2)
check(contents("lin_kill.h5") == full, "linear, SIGKILL after a periodic checkpoint: resumed == uninterrupted, bit for bit")

nonlinear = ["simulate", "--model", "nonlinear", "--trajectories", "262144", "--samples", "10", "--seed", "5",
             "--detuning", "0.3", "--save-trajectories", "all", "--save-quadratures", "q,p"]
check(run([*nonlinear, "--threads", "2", "--output", "nonlinear_full.h5"]).returncode == 0, "nonlinear reference run")
rc = interrupt("nl_int.h5", nonlinear, signal.SIGINT, 2)
check(rc == 10, f"nonlinear SIGINT: exit {rc}, expected 10")
resume("nl_int.h5", nonlinear, 1)
check(contents("nl_int.h5") == contents("nonlinear_full.h5"), "nonlinear, SIGINT: resumed == uninterrupted, bit for bit")

if mpiexec:
    # Open MPI's mpirun forwards SIGUSR1 to every rank (it kills them on SIGINT/SIGTERM).
    rc = interrupt("mpi_term.h5", linear, signal.SIGUSR1, 1, launcher=mpi_launcher)
    check(rc == 10, f"2 MPI ranks, SIGUSR1 to mpiexec: exit {rc}, expected 10")
    resume("mpi_term.h5", linear, 2)
    mpi = contents("mpi_term.h5")
    mpi.pop("@processes", None)
    one = dict(full)
    one.pop("@processes", None)
    check(mpi == one, "2 MPI ranks, SIGUSR1, resumed by one process == uninterrupted, bit for bit")

subprocess.run(["rm", "-rf", work])
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
