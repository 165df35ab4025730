#!/usr/bin/python3
"""Hysteresis loop (100 mW, Omega = 8 kHz, ccw): the roots of Eq. (7) (stable solid, unstable
dashed) and where quasi-static up and down sweeps of Delta_c end; a limit cycle is drawn as the
range of q it covers.

Usage: spincom validate --model nonlinear --write --output-dir out
       /usr/bin/python3 examples/plot_hysteresis.py [DIR] [PNG]   (defaults: out, figures/hysteresis.png)
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nonlinear_plot_common import read_csv  # noqa: E402


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "out"
    png = sys.argv[2] if len(sys.argv) > 2 else os.path.join("figures", "hysteresis.png")
    roots = read_csv(os.path.join(d, "hysteresis_roots.csv"))
    sweep = read_csv(os.path.join(d, "hysteresis.csv"))
    lo = min(s["detuning"] for s in sweep) - 0.02
    hi = max(s["detuning"] for s in sweep) + 0.02
    roots = [r for r in roots if lo <= r["detuning"] <= hi]
    fig, ax = plt.subplots(figsize=(8, 5.5))
    st = [r for r in roots if r["stable"]]
    un = [r for r in roots if not r["stable"]]
    ax.plot([r["detuning"] for r in st], [r["q_s"] / 1e3 for r in st], ".", color="black", ms=2,
            label="stable roots of Eq. (7)")
    ax.plot([r["detuning"] for r in un], [r["q_s"] / 1e3 for r in un], ".", color="gray", ms=1,
            label="unstable roots of Eq. (7)")
    for direction, m, c, dx in (("up", "^", "tab:blue", -0.003), ("down", "v", "tab:red", 0.003)):
        sel = [s for s in sweep if s["direction"] == direction]
        fixed = [s for s in sel if s["root"] >= 0]
        cyc = [s for s in sel if s["root"] < 0]
        ax.plot([s["detuning"] + dx for s in fixed], [s["q"] / 1e3 for s in fixed], m, color=c, ms=6,
                label=f"{direction} sweep: fixed point")
        for s in cyc:
            ax.plot([s["detuning"] + dx] * 2, [s["q_min"] / 1e3, s["q_max"] / 1e3], "-", color=c, lw=2, alpha=0.6)
        if cyc:
            ax.plot([], [], "-", color=c, lw=2, alpha=0.6, label=f"{direction} sweep: limit cycle (q range)")
    ax.set_xlabel("Delta_c / omega_m")
    ax.set_ylabel("q [10^3 x_zp]")
    ax.set_title("Quasi-static Delta_c sweeps, 100 mW, Omega = 8 kHz, ccw (20 us per step)\n"
                 "hysteresis: the up sweep stays on the limit cycle, the down sweep on the lower branch", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    os.makedirs(os.path.dirname(png) or ".", exist_ok=True)  # never inside a result folder
    fig.savefig(png, dpi=120)
    print("wrote", png)


if __name__ == "__main__":
    main()
