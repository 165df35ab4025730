#!/usr/bin/python3
"""Peer (a) of bench/ensemble_bench.cpp: numpy-vectorized Euler-Maruyama over a batch.

What a physicist would write for du = A u dt + B dW on a batch of trajectories U (batch, 6):

    U += dt * U @ A.T + sqrt(dt) * rng.standard_normal((batch, 6)) @ B.T

with numpy's default_rng (PCG64), accumulating the mean and covariance at the sample times as
running sums (sum U, U^T U). Two variants are timed:

  plain  the line above, verbatim;
  tuned  the same scheme in affine form U <- U M^T + Z N^T (M = I + A dt, N = B sqrt(dt)),
         preallocated buffers, in-place matmul, one standard_normal call per sample interval.

The model (A, B, V0, dt, samples, steps_per_sample) comes from
`build/bench/spincom_bench_ensemble --dump-model` (JSON file or stdin), so both peers integrate
the same A and D at the same step.

Usage:  numpy_em_batch.py MODEL.json [--batch 4096] [--repeats 5] [--json]
Prints trajectory-steps/s (best of the repeats) per variant; --json prints one JSON object.
For a per-core figure run it with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1.
"""
import argparse
import json
import os
import sys
import time

import numpy as np


def load_model(path):
    if path == "-":
        return json.load(sys.stdin)
    with open(path) as f:
        return json.load(f)


def initial_batch(rng, V0, batch):
    # u(0) ~ N(0, V0); V0 is diagonal positive definite here, but keep it general.
    L0 = np.linalg.cholesky(V0)
    return rng.standard_normal((batch, 6)) @ L0.T


def run_plain(A, B, V0, dt, batch, samples, steps_per_sample, seed):
    rng = np.random.default_rng(seed)
    U = initial_batch(rng, V0, batch)
    S1 = np.zeros((samples + 1, 6))
    S2 = np.zeros((samples + 1, 6, 6))
    S1[0] = U.sum(axis=0)
    S2[0] = U.T @ U
    sqdt = np.sqrt(dt)
    for k in range(1, samples + 1):
        for _ in range(steps_per_sample):
            U += dt * U @ A.T + sqdt * rng.standard_normal((batch, 6)) @ B.T
        S1[k] = U.sum(axis=0)
        S2[k] = U.T @ U
    return finish(S1, S2, batch)


def run_tuned(A, B, V0, dt, batch, samples, steps_per_sample, seed):
    rng = np.random.default_rng(seed)
    # Transposed views of C-ordered M, N: with the reference BLAS the (N, T) gemm order is
    # about 2x faster than multiplying by a contiguous copy of M^T.
    MT = (np.eye(6) + A * dt).T
    NT = (B * np.sqrt(dt)).T
    U = initial_batch(rng, V0, batch)
    V = np.empty_like(U)
    Z = np.empty((steps_per_sample, batch, 6))
    W = np.empty_like(U)
    S1 = np.zeros((samples + 1, 6))
    S2 = np.zeros((samples + 1, 6, 6))
    S1[0] = U.sum(axis=0)
    S2[0] = U.T @ U
    for k in range(1, samples + 1):
        rng.standard_normal(out=Z)
        for s in range(steps_per_sample):
            np.matmul(U, MT, out=V)
            np.matmul(Z[s], NT, out=W)
            V += W
            U, V = V, U
        S1[k] = U.sum(axis=0)
        S2[k] = U.T @ U
    return finish(S1, S2, batch)


def finish(S1, S2, n):
    mean = S1 / n
    cov = (S2 - n * np.einsum("ki,kj->kij", mean, mean)) / (n - 1)
    return mean, cov


def best_rate(fn, args, batch, samples, steps_per_sample, repeats):
    steps = batch * samples * steps_per_sample
    fn(*args, seed=0)  # warm-up (imports, allocation, BLAS init)
    best = float("inf")
    for r in range(repeats):
        t0 = time.perf_counter()
        out = fn(*args, seed=r + 1)
        best = min(best, time.perf_counter() - t0)
    return steps / best, out


def blas_name():
    """The BLAS shared library actually loaded (Linux), e.g. .../blas/libblas.so.3 (reference)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.split()[-1].lower()}
        return ",".join(sorted(libs)) or "unknown"
    except OSError:
        return "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help="JSON from spincom_bench_ensemble --dump-model ('-' = stdin)")
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    a = ap.parse_args()

    m = load_model(a.model)
    A, B, V0 = (np.array(m[k], dtype=float) for k in ("A", "B", "V0"))
    dt = float(m["h"])
    samples, sps = int(m["samples"]), int(m["steps_per_sample"])
    args = (A, B, V0, dt, a.batch, samples, sps)

    # Sanity: B B^T reproduces D, and both variants agree with the scheme's own covariance.
    D = np.array(m["D"], dtype=float)
    assert np.allclose(B @ B.T, D, rtol=1e-10, atol=1e-12 * np.abs(D).max()), "B B^T != D"

    results = {}
    for name, fn in (("plain", run_plain), ("tuned", run_tuned)):
        rate, (mean, cov) = best_rate(fn, args, a.batch, samples, sps, a.repeats)
        assert np.all(np.isfinite(cov)), f"{name}: non-finite covariance"
        results[name] = {"traj_steps_per_s": rate, "ns_per_traj_step": 1e9 / rate}

    # The scheme's expected covariance at the final time, V <- M V M^T + N N^T (a loose check
    # that the timed code integrates the right SDE: relative diagonal error within ~6 SE).
    M = np.eye(6) + A * dt
    N = B * np.sqrt(dt)
    V = V0.copy()
    for _ in range(samples * sps):
        V = M @ V @ M.T + N @ N.T
    _, cov = run_tuned(*args, seed=99)
    rel = np.abs(np.diag(cov[-1]) - np.diag(V)) / np.diag(V)
    se = np.sqrt(2.0 / (a.batch - 1))
    check_ok = bool(np.all(rel < 6 * se))

    env = {k: os.environ.get(k, "<unset>") for k in
           ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    report = {
        "numpy": np.__version__,
        "blas": blas_name(),
        "batch": a.batch,
        "samples": samples,
        "steps_per_sample": sps,
        "dt": dt,
        "repeats": a.repeats,
        "env": env,
        "variants": results,
        "covariance_check_ok": check_ok,
        "covariance_check_max_rel_err": float(rel.max()),
    }
    if a.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"numpy {np.__version__} (BLAS: {report['blas']}), batch {a.batch}, "
              f"{samples} x {sps} steps, dt = {dt:g} s, best of {a.repeats}")
        print("env: " + ", ".join(f"{k}={v}" for k, v in env.items()))
        for name, r in results.items():
            print(f"  {name:6s} {r['traj_steps_per_s']:12.4g} traj-steps/s  {r['ns_per_traj_step']:8.2f} ns/traj-step")
        print(f"  covariance check vs V <- M V M^T + N N^T: {'ok' if check_ok else 'FAILED'} "
              f"(max rel err {rel.max():.3g}, 6 SE = {6 * se:.3g})")
    return 0 if check_ok else 1


if __name__ == "__main__":
    sys.exit(main())
