#!/usr/bin/python3
"""Laser switch-on transient of Eq. (3): the noise-free mean field (Dormand-Prince) and the
truncated-Wigner ensemble mean, with the relative distance to the root of Eq. (7).

Usage: spincom simulate --model nonlinear --start switch-on --detuning 1 --output-dir out/switch_on
       /usr/bin/python3 examples/plot_nonlinear_switch_on.py [DIR] [PNG]
       (defaults: out/switch_on, figures/switch_on.png)
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nonlinear_plot_common import read_csv  # noqa: E402


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "out/switch_on"
    png = sys.argv[2] if len(sys.argv) > 2 else os.path.join("figures", "switch_on.png")
    mf = [r for r in read_csv(os.path.join(d, "mean_field.csv")) if r["run"] == "switch_on"]
    ts = read_csv(os.path.join(d, "nonlinear_timeseries.csv"))
    n_root = mf[-1]["N"]
    fig, (a1, a2, a3) = plt.subplots(3, 1, figsize=(7, 8), sharex=True)
    t = [r["t"] * 1e6 for r in mf]
    a1.plot(t, [r["N"] / n_root for r in mf], "-", color="black", lw=1, label="noise-free mean field (dopri5)")
    a1.plot([r["t"] * 1e6 for r in ts], [r["N_coherent"] / n_root for r in ts], "o", ms=3, color="tab:orange",
            label=f"ensemble mean amplitude, |<a>|^2 ({int(ts[-1]['n'])} Wigner trajectories)")
    a1.set_ylabel("N / N_root")
    a1.legend(fontsize=8)
    a1.set_title(f"Laser switch-on: empty cavity -> root of Eq. (7), N_root = {n_root:.4g}")
    a2.plot(t, [r["q"] for r in mf], "-", color="tab:blue", lw=1)
    a2.set_ylabel("q [x_zp]")
    a3.semilogy(t, [max(r["distance"], 1e-16) for r in mf], "-", color="tab:red", lw=1)
    a3.axhline(1e-8, color="gray", ls="--", lw=1, label="1e-8 (test tolerance)")
    a3.set_ylabel("|z - z_root| / |z_root|")
    a3.set_xlabel("t [us]")
    a3.legend(fontsize=8)
    for a in (a1, a2, a3):
        a.grid(alpha=0.3)
    fig.tight_layout()
    os.makedirs(os.path.dirname(png) or ".", exist_ok=True)  # never inside a result folder
    fig.savefig(png, dpi=120)
    print("wrote", png)


if __name__ == "__main__":
    main()
