#!/usr/bin/python3
"""Stability map in the Fig. S2 plane (J = 2 kappa): Routh-Hurwitz (background) vs the
noise-free nonlinear simulation (markers); disagreements circled.

Usage: spincom validate --model nonlinear --write --output-dir out
       /usr/bin/python3 examples/plot_stability_map.py [DIR] [PNG]   (defaults: out, figures/stability_map.png)
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nonlinear_plot_common import read_csv  # noqa: E402

MARKERS = {"converges": ("o", "tab:green"), "grows": ("^", "tab:orange"), "limit-cycle": ("s", "tab:red"),
           "other-root": ("D", "tab:purple"), "diverges": ("x", "black")}


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "out"
    png = sys.argv[2] if len(sys.argv) > 2 else os.path.join("figures", "stability_map.png")
    pts = read_csv(os.path.join(d, "stability_map.csv"))
    fig, ax = plt.subplots(figsize=(8, 6))
    dets = sorted({p["detuning"] for p in pts})
    oms = sorted({p["Omega_r"] for p in pts})
    dx = (dets[1] - dets[0]) / 2
    dy = (oms[1] - oms[0]) / 2 / 1e3
    for p in pts:
        ax.add_patch(plt.Rectangle((p["detuning"] - dx, p["Omega_r"] / 1e3 - dy), 2 * dx, 2 * dy,
                                   color="#d8f0d8" if p["routh_hurwitz_stable"] else "#f6d5d5", lw=0))
    for outcome, (m, c) in MARKERS.items():
        sel = [p for p in pts if p["outcome"] == outcome]
        if sel:
            ax.plot([p["detuning"] for p in sel], [p["Omega_r"] / 1e3 for p in sel], m, color=c, ms=5,
                    label=f"simulation: {outcome} ({len(sel)})")
    bad = [p for p in pts if not p["agree"]]
    if bad:
        ax.plot([p["detuning"] for p in bad], [p["Omega_r"] / 1e3 for p in bad], "o", mfc="none", mec="black", ms=13,
                mew=1.5, label=f"disagreement ({len(bad)})")
    agree = sum(1 for p in pts if p["agree"])
    ax.set_xlim(dets[0] - dx, dets[-1] + dx)
    ax.set_ylim(oms[0] / 1e3 - dy, oms[-1] / 1e3 + dy)
    ax.set_xlabel("Delta_c / omega_m")
    ax.set_ylabel("Omega_r [10^3 s^-1]  (> 0: ccw drive, < 0: cw)")
    ax.set_title(f"Fig. S2 plane, J = 2 kappa, 20 mW\nRouth-Hurwitz (green: stable, red: unstable) vs simulation, "
                 f"agreement {agree}/{len(pts)}", fontsize=10)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    os.makedirs(os.path.dirname(png) or ".", exist_ok=True)  # never inside a result folder
    fig.savefig(png, dpi=120)
    print("wrote", png)


if __name__ == "__main__":
    main()
