#!/usr/bin/python3
"""Plot the output of `spincom simulate`: E_N(t) of the ensemble with its 95% jackknife CI over
the closed-form (covariance ODE) reference and the Lyapunov steady state, and a few sample
trajectories.

Usage: /usr/bin/python3 examples/plot_entanglement_dynamics.py [OUTPUT_DIR] [PNG]
       (defaults: out, figures/entanglement_dynamics.png). Needs Debian's python3-matplotlib.
"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read_csv(path):
    """Rows of a spincom CSV as dicts of floats, skipping '#' metadata lines."""
    with open(path) as f:
        lines = [line for line in f if not line.startswith("#")]
    return [{k: float(v) for k, v in row.items()} for row in csv.DictReader(lines)]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "out"
    png = sys.argv[2] if len(sys.argv) > 2 else os.path.join("figures", "entanglement_dynamics.png")
    ts = read_csv(os.path.join(out, "timeseries.csv"))
    paths = read_csv(os.path.join(out, "paths.csv"))
    t_us = [r["t"] * 1e6 for r in ts]

    fig, (ax, axp) = plt.subplots(2, 1, figsize=(7, 7), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    lo = [r["E_N"] - r["E_N_ci"] for r in ts]
    hi = [r["E_N"] + r["E_N_ci"] for r in ts]
    ax.fill_between(t_us, lo, hi, color="tab:blue", alpha=0.25, label="ensemble 95% CI (jackknife)")
    ax.plot(t_us, [r["E_N"] for r in ts], ".", color="tab:blue", ms=4, label="ensemble E_N")
    ax.plot(t_us, [r["E_N_reference"] for r in ts], "-", color="black", lw=1.2, label="closed form / covariance ODE")
    lyap = ts[-1]["E_N_lyapunov"]
    if lyap == lyap:  # not NaN: the point is stable
        ax.axhline(lyap, color="tab:red", ls="--", lw=1, label=f"Lyapunov steady state ({lyap:.4f})")
    ax.set_ylabel("E_N (driven optics vs mechanics)")
    ax.set_title(f"Entanglement build-up, {int(ts[-1]['n'])} trajectories")
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(alpha=0.3)

    by_traj = {}
    for r in paths:
        by_traj.setdefault(int(r["trajectory"]), []).append(r)
    for i, rows in sorted(by_traj.items())[:4]:
        axp.plot([r["t"] * 1e6 for r in rows], [r["q"] for r in rows], lw=0.8, label=f"trajectory {i}: q")
    axp.set_xlabel("t [us]")
    axp.set_ylabel("q fluctuation (units of x_zp)")
    axp.legend(loc="upper right", fontsize=7, ncol=2)
    axp.grid(alpha=0.3)
    fig.tight_layout()
    os.makedirs(os.path.dirname(png) or ".", exist_ok=True)  # never inside a result folder
    fig.savefig(png, dpi=120)
    print(f"wrote {png}")


if __name__ == "__main__":
    main()
