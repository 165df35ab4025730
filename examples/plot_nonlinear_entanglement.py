#!/usr/bin/python3
"""Nonlinear (truncated Wigner, Eq. 3) vs linearized E_N(t): both ensembles with their 95%
jackknife CIs, the linear closed form and the Lyapunov value; below, the paired difference
(same noise) with its CI.

Usage: spincom simulate --model nonlinear --detuning 0.2965 --output-dir out
       /usr/bin/python3 examples/plot_nonlinear_entanglement.py [DIR] [PNG]
       (defaults: out, figures/nonlinear_entanglement.png)
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
    png = sys.argv[2] if len(sys.argv) > 2 else os.path.join("figures", "nonlinear_entanglement.png")
    ts = read_csv(os.path.join(d, "nonlinear_timeseries.csv"))
    t = [r["t"] * 1e6 for r in ts]
    fig, (a1, a2) = plt.subplots(2, 1, figsize=(7, 7), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    for key, color, label, dx in (("E_N", "tab:blue", "nonlinear ensemble", 0.0),
                                  ("E_N_linear", "tab:green", "linearized ensemble (same noise)", 0.004)):
        a1.errorbar([x + dx * t[-1] for x in t], [max(0.0, r[key]) for r in ts], yerr=[r[key + "_ci"] for r in ts],
                    fmt="o", ms=3, capsize=2, color=color, label=label + ", 95% CI")
    a1.plot(t, [max(0.0, r["E_N_closed_form"]) for r in ts], "-", color="black", lw=1, label="linear closed form V(t)")
    lyap = ts[-1]["E_N_lyapunov"]
    if lyap == lyap:
        a1.axhline(max(0.0, lyap), color="tab:red", ls="--", lw=1, label=f"Lyapunov ({max(0.0, lyap):.4f})")
    a1.set_ylabel("E_N = max(0, -ln 2 nu^-)")
    a1.set_title(f"E_N(t): nonlinear Eq. (3) vs linearization, {int(ts[-1]['n'])} trajectories")
    a1.legend(fontsize=8, loc="lower right")
    a2.errorbar(t, [r["E_N_difference"] for r in ts], yerr=[r["E_N_difference_ci"] for r in ts], fmt="o", ms=3,
                capsize=2, color="tab:purple", label="nonlinear - linearized (paired, unclipped), 95% CI")
    a2.axhline(0.0, color="black", lw=0.8)
    a2.set_ylabel("Delta E_N")
    a2.set_xlabel("t [us]")
    a2.legend(fontsize=8)
    for a in (a1, a2):
        a.grid(alpha=0.3)
    fig.tight_layout()
    os.makedirs(os.path.dirname(png) or ".", exist_ok=True)  # never inside a result folder
    fig.savefig(png, dpi=120)
    print("wrote", png)


if __name__ == "__main__":
    main()
