#!/usr/bin/env python3
"""Load a spincom HDF5 dataset, recompute V(t) and E_N(t) from the stored trajectories, check them
against the stored summary, and plot.

Usage:
  spincom simulate --trajectories 4096 --output run.h5 --save-trajectories all
  /usr/bin/python3 examples/read_dataset.py run.h5 [--plot PNG]

Needs Debian's python3-h5py and python3-numpy (python3-matplotlib for --plot). Exits 1 when the
recomputed statistics disagree with the summary (beyond rounding), 0 otherwise. The check needs
every trajectory of the run stored with all six quadratures; with a subset (--save-trajectories N,
--save-quadratures) it reports what it can compare and checks that.

Schema (README, "HDF5 datasets"): /time [T'], /trajectories [n, T', Q] (u = X_driven, Y_driven,
X_other, Y_other, q, p; vacuum variance 1/2), /trajectory_index [n], /summary/{t, V, E_N, ...},
/parameters/NAME and /derived/NAME with a "unit" attribute, root attributes for provenance.
"""
import argparse
import sys

import h5py
import numpy as np


def log_negativity(V, a=(0, 1), b=(4, 5)):
    """E_N = max(0, -ln 2 nu^-) between modes a and b of V (Eqs. 12-13), and nu^-."""
    idx = list(a) + list(b)
    Vp = V[np.ix_(idx, idx)]
    A, B, C = Vp[:2, :2], Vp[2:, 2:], Vp[:2, 2:]
    sigma = np.linalg.det(A) + np.linalg.det(B) - 2.0 * np.linalg.det(C)
    nu = np.sqrt((sigma - np.sqrt(sigma * sigma - 4.0 * np.linalg.det(Vp))) / 2.0)
    return max(0.0, -np.log(2.0 * nu)), nu


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset")
    ap.add_argument("--plot", help="write a PNG of E_N(t) and a few q(t) traces")
    args = ap.parse_args()

    with h5py.File(args.dataset, "r") as f:
        attrs = dict(f.attrs)
        x = f["trajectories"][...]          # [n, T', Q]
        t = f["time"][...]
        index = f["trajectory_index"][...]
        s = {k: f["summary"][k][...] for k in f["summary"]}
        units = {k: f["parameters"][k].attrs["unit"] for k in f["parameters"]}
        params = {k: float(f["parameters"][k][()]) for k in f["parameters"]}

    n, T, Q = x.shape
    print(f"{args.dataset}: spincom {attrs['spincom_version']} ({attrs['git_commit']}), model {attrs['model']}, "
          f"{attrs['trajectories']} trajectories from index {attrs['first_trajectory']}, {n} stored, "
          f"{T} times x {Q} quadratures ({attrs['quadratures']})")
    print(f"  power = {params['power']} {units['power']}, detuning = {params['detuning']} omega_m, "
          f"seed {attrs['seed']}, dt = {attrs['dt']:.6g} s")
    failures = []
    if n and not np.array_equal(index, np.arange(attrs["first_trajectory"], attrs["first_trajectory"] + n)):
        failures.append("trajectory_index is not the consecutive range from first_trajectory")
    stride = int(attrs["time_stride"])
    if not np.array_equal(t, s["t"][::stride]):
        failures.append("/time is not every time_stride-th summary time")

    complete = n == attrs["trajectories"] and Q == 6
    if n >= 2 and Q == 6:
        # Recompute V around the ensemble mean (sample covariance, n - 1) and E_N at every stored time.
        V = np.einsum("ntq,ntr->tqr", x - x.mean(axis=0), x - x.mean(axis=0)) / (n - 1)
        E = np.array([log_negativity(v)[0] for v in V])
        if complete:
            Vs = s["V"][::stride]
            scale = np.abs(Vs).max(axis=(1, 2))[:, None, None]  # relative to the largest entry at each time
            dV = (np.abs(V - Vs) / scale).max()
            Es = np.array([log_negativity(v)[0] for v in Vs])
            print(f"  recomputed V vs /summary/V: max relative difference {dV:.2e}")
            print(f"  recomputed E_N vs E_N of /summary/V: max difference {np.abs(E - Es).max():.2e}")
            if not dV <= 1e-9:
                failures.append(f"V differs from the summary by {dV:.3e} (relative)")
            if not np.abs(E - Es).max() <= 1e-8:
                failures.append("E_N differs from the summary")
            mean_diff = np.abs(x.mean(axis=0) - s["mean"][::stride]).max()
            if not mean_diff <= 1e-9 * max(1.0, np.abs(s["mean"]).max()):
                failures.append(f"mean differs from the summary by {mean_diff:.3e}")
        else:
            print(f"  {n} of {attrs['trajectories']} trajectories stored: recomputed E_N(t_end) = {E[-1]:.4f} "
                  f"(summary, all trajectories: {s['E_N'][-1]:.4f} +- {s['E_N_ci'][-1]:.4f})")
    print(f"  E_N(t_end) = {s['E_N'][-1]:.6f} +- {s['E_N_ci'][-1]:.6f}, unclipped {s['E_N_unclipped'][-1]:.6f}, "
          f"nu^- = {s['nu_minus'][-1]:.6f}")

    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, (a1, a2) = plt.subplots(2, 1, figsize=(7, 6), sharex=True)
        a1.fill_between(s["t"] * 1e6, s["E_N"] - s["E_N_ci"], s["E_N"] + s["E_N_ci"], alpha=0.3, label="95% CI")
        a1.plot(s["t"] * 1e6, s["E_N"], label="E_N (summary)")
        if n >= 2 and Q == 6:
            a1.plot(t * 1e6, E, "--", label=f"E_N from {n} stored trajectories")
        a1.set_ylabel("E_N")
        a1.legend()
        names = attrs["quadratures"].split(",")
        j = names.index("q") if "q" in names else 0
        for i in range(min(n, 5)):
            a2.plot(t * 1e6, x[i, :, j], lw=0.8)
        a2.set_xlabel("t [us]")
        a2.set_ylabel(names[j])
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)
        print(f"  wrote {args.plot}")

    for msg in failures:
        print("FAIL:", msg)
    if not failures:
        print("OK: the stored trajectories reproduce the stored summary" if complete else "OK")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
