#!/usr/bin/python3
"""The numpy peer of bench/nonlinear_bench.cpp: the same truncated-Wigner equations (Eq. 3 in the
displaced frame, langevin_equations.hpp) and the same stochastic Heun step on a batch U (batch, 6),
as a physicist would vectorize it with numpy:

    f(U)  = U @ A.T + f_ref;  f[:, 0] -= G0 dq Y1;  f[:, 1] += G0 dq X1;  (same for mode 2)
            f[:, 5] += G0/2 (X1^2 + Y1^2 + X2^2 + Y2^2)
    BdW   = sqrt(D h) * rng.standard_normal((batch, 6))
    P     = U + h f(U) + BdW;   U += h/2 (f(U) + f(P)) + BdW

with numpy's default_rng (PCG64) and the running sums (sum U, U^T U) at every sample time, as the
C++ side accumulates statistics at every sample. The model comes from
`build/bench/spincom_bench_nonlinear --dump-model`.

Usage:  numpy_heun_batch.py MODEL.json [--batch 4096] [--repeats 3] [--json]
Prints trajectory-steps/s (best of the repeats) per CPU second of this process, as the C++
single-thread figures count CPU time (robust to other load); the wall-clock rate is reported too.
Run it with OPENBLAS_NUM_THREADS=1 for one core.
"""
import argparse
import json
import sys
import time

import numpy as np


def drift(U, A, f_ref, G0):
    f = U @ A.T
    f += f_ref
    gq = G0 * U[:, 4]
    f[:, 0] -= gq * U[:, 1]
    f[:, 1] += gq * U[:, 0]
    f[:, 2] -= gq * U[:, 3]
    f[:, 3] += gq * U[:, 2]
    f[:, 5] += 0.5 * G0 * np.einsum("ij,ij->i", U[:, :4], U[:, :4])
    return f


def run(m, batch, seed):
    A, f_ref, G0 = np.array(m["A"]), np.array(m["f_ref"]), m["G0"]
    sqrt_Dh, h = np.array(m["sqrt_Dh"]), m["h"]
    samples, steps = m["samples"], m["steps_per_sample"]
    rng = np.random.default_rng(seed)
    U = rng.standard_normal((batch, 6)) @ np.linalg.cholesky(np.array(m["V0"])).T
    S1 = np.zeros((samples + 1, 6))
    S2 = np.zeros((samples + 1, 6, 6))
    S1[0], S2[0] = U.sum(axis=0), U.T @ U
    for k in range(1, samples + 1):
        for _ in range(steps):
            BdW = sqrt_Dh * rng.standard_normal((batch, 6))
            f0 = drift(U, A, f_ref, G0)
            P = U + h * f0 + BdW
            U += 0.5 * h * (f0 + drift(P, A, f_ref, G0)) + BdW
        S1[k], S2[k] = U.sum(axis=0), U.T @ U
    return S1, S2, U


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    m = json.load(sys.stdin) if a.model == "-" else json.load(open(a.model))
    best_cpu = best_wall = float("inf")
    for r in range(a.repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        _, _, U = run(m, a.batch, 1000 + r)
        best_cpu = min(best_cpu, time.process_time() - c0)
        best_wall = min(best_wall, time.perf_counter() - t0)
    steps = a.batch * m["samples"] * m["steps_per_sample"]
    rate, wall_rate = steps / best_cpu, steps / best_wall
    finite = bool(np.isfinite(U).all())
    if a.json:
        print(json.dumps({"traj_steps_per_s": rate, "wall_traj_steps_per_s": wall_rate, "batch": a.batch,
                          "numpy": np.__version__, "finite": finite}))
    else:
        print(f"numpy Heun batch {a.batch}: {rate:.4g} trajectory-steps per CPU second ({1e9 / rate:.1f} ns per step; "
              f"wall {1e9 / wall_rate:.1f} ns), finite={finite}")


if __name__ == "__main__":
    main()
