#!/usr/bin/python3
"""Plots the CSVs written by examples/figures/make_figures.sh (spincom sweep) into the figures of
Jiao et al., PRL 125, 143605 (2020): fig2.png, fig3_ad.png, fig3e.png, fig3f.png, figS2.png,
figS3.png, figS4.png.

Usage: /usr/bin/python3 examples/figures/plot_figures.py OUT_DIR [--fig3-J J]
Needs Debian's python3-numpy and python3-matplotlib. Conventions (docs/figures.md):
- Omega_r = +Omega for the ccw-driven direction (Delta_F > 0), -Omega for cw (supplement, S3).
- Points without a steady state (no stable fixed point) are grey and hatched, never zero.
- Every rate is angular (s^-1); "kHz" labels mean 1e3 s^-1, as in the paper.
"""
import argparse
import csv
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.patches as mpatches  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

UNSTABLE = dict(facecolor="0.82", edgecolor="0.55", hatch="///", linewidth=0.0)
COLORS = {"still": "black", "ccw": "tab:blue", "cw": "tab:red"}


def read_sweep(path):
    """(axes, columns): axes = [(key, count)], columns = {name: np.array} (direction as str)."""
    axes, lines = [], []
    with open(path) as f:
        for line in f:
            if line.startswith("# axis "):
                key, rest = line[len("# axis "):].split(":", 1)
                axes.append((key, int(rest.split(",")[1].split()[0])))
            elif not line.startswith("#"):
                lines.append(line)
    rows = list(csv.DictReader(lines))
    cols = {}
    for k in rows[0]:
        if k == "direction":
            cols[k] = np.array([r[k] for r in rows])
        else:
            cols[k] = np.array([float(r[k]) for r in rows])
    return axes, cols


def select(cols, mask):
    return {k: v[mask] for k, v in cols.items()}


def grid(cols, axes, direction, name, branch0=False):
    """Column `name` of one direction as a 2-D array [axis1, axis0] (one row per grid point)."""
    m = cols["direction"] == direction
    if branch0:
        m &= cols["branch"] == 0
    elif "selected" in cols:
        # branches=stable: one row per point and direction (the lowest root when none is stable)
        pass
    v = cols[name][m]
    n0 = axes[0][1]
    n1 = axes[1][1] if len(axes) > 1 else 1
    assert v.size == n0 * n1, (name, v.size, n0, n1)
    return v.reshape(n1, n0)


def axis_values(cols, axes, k, direction="ccw"):
    m = cols["direction"] == direction
    v = cols[axes[k][0]][m]
    n0 = axes[0][1]
    return v[:n0] if k == 0 else v[::n0]


def hatch_background(ax, label=True):
    """Grey hatched background: whatever a map leaves masked (no steady state) shows it."""
    ax.add_patch(mpatches.Rectangle((0, 0), 1, 1, transform=ax.transAxes, zorder=-1, **UNSTABLE))
    if label:
        return mpatches.Patch(label="no steady state (unstable)", **UNSTABLE)
    return None


def shade_unstable(ax, x, stable, color, label=None, lane=None):
    """Hatched bands where a curve has no steady state: full height (lane None), or a strip at
    the top of the axes (lane k = 0, 1, ...) so that several curves can be told apart."""
    bad = ~stable.astype(bool)
    if not bad.any():
        return
    dx = np.diff(x).min() / 2 if x.size > 1 else 0
    if lane is None:
        y0, y1 = 0.0, 1.0
    else:
        y1 = 0.99 - 0.045 * lane
        y0 = y1 - 0.04
    i = 0
    first = True
    while i < x.size:
        if bad[i]:
            j = i
            while j + 1 < x.size and bad[j + 1]:
                j += 1
            ax.axvspan(x[i] - dx, x[j] + dx, ymin=y0, ymax=y1, facecolor=color, alpha=0.25 if lane is not None else 0.12,
                       hatch="///", edgecolor=color, linewidth=0, label=(label if first else None))
            first = False
            i = j + 1
        else:
            i += 1


def lane_room(ax, n_lanes):
    """Raise the top of the y range so n_lanes strips at the top do not cover the curves."""
    lo, hi = ax.get_ylim()
    ax.set_ylim(lo, lo + (hi - lo) / (1.0 - 0.045 * n_lanes - 0.02))


def signed_map(cols, axes, name, omega_axis, branch0=False):
    """Join ccw (Omega_r = +Omega) and cw (Omega_r = -Omega) into one map over signed Omega_r.
    omega_axis: 0 or 1, which sweep axis is Omega. Returns (Omega_r, other axis values, Z[other, Omega_r])."""
    zc = grid(cols, axes, "ccw", name, branch0)
    zw = grid(cols, axes, "cw", name, branch0)
    if omega_axis == 0:
        zc, zw = zc.T, zw.T  # -> [Omega, other]
    om = axis_values(cols, axes, omega_axis)
    other = axis_values(cols, axes, 1 - omega_axis)
    # Omega = 0 appears in both halves; keep it once (both directions agree there).
    keep = om > 0
    omr = np.concatenate([-om[keep][::-1], om])
    z = np.concatenate([zw[keep][::-1], zc], axis=0)
    return omr, other, z.T  # Z[other, Omega_r]


def cell_limits(v, log=False):
    """The extent of 'nearest' cells centred on v (linear or geometric spacing)."""
    if log:
        r = np.sqrt(v[1] / v[0])
        return v[0] / r, v[-1] * r
    h = (v[1] - v[0]) / 2
    return v[0] - h, v[-1] + h


def pmesh(ax, x, y, z, mask, ylog=False, **kw):
    """A masked map; masked cells show the hatched background. Limits are the grid's extent, so
    that no uncomputed margin looks like an unstable region."""
    zm = np.ma.masked_where(mask, z)
    m = ax.pcolormesh(x, y, zm, shading="nearest", **kw)
    ax.set_xlim(*cell_limits(x))
    ax.set_ylim(*cell_limits(y, ylog))
    return m


def zero_crossings(x, y):
    s = np.sign(y)
    out = []
    for i in range(len(x) - 1):
        if np.isfinite(y[i]) and np.isfinite(y[i + 1]) and s[i] != 0 and s[i] != s[i + 1]:
            out.append(x[i] - y[i] * (x[i + 1] - x[i]) / (y[i + 1] - y[i]))
    return out


# ---------------------------------------------------------------------------------------------
def fig2(out):
    axes, c = read_sweep(os.path.join(out, "fig2.csv"))
    x = axis_values(c, axes, 0)
    E = {"still": grid(c, axes, "ccw", "E_N")[0], "ccw": grid(c, axes, "ccw", "E_N")[1],
         "cw": grid(c, axes, "cw", "E_N")[1]}
    N = {"still": grid(c, axes, "ccw", "N_driven")[0], "ccw": grid(c, axes, "ccw", "N_driven")[1],
         "cw": grid(c, axes, "cw", "N_driven")[1]}
    S = {"still": grid(c, axes, "ccw", "stable")[0], "ccw": grid(c, axes, "ccw", "stable")[1],
         "cw": grid(c, axes, "cw", "stable")[1]}
    labels = {"still": r"$\Omega = 0$", "ccw": r"$\Omega$ = 8 kHz, drive CCW ($\Delta_F>0$)",
              "cw": r"$\Omega$ = 8 kHz, drive CW ($\Delta_F<0$)"}
    fig, ax = plt.subplots(1, 3, figsize=(15, 4.3))
    for lane, k in enumerate(("still", "ccw", "cw")):
        st = S[k].astype(bool)
        ax[0].plot(x, E[k], color=COLORS[k], label=labels[k])
        ax[1].plot(x, np.where(st, N[k], np.nan) / 1e9, color=COLORS[k], label=labels[k])
        ax[1].plot(x, np.where(st, np.nan, N[k]) / 1e9, color=COLORS[k], ls=":", lw=1)
    for a in ax[:2]:
        lane_room(a, 3)
        for lane, k in enumerate(("still", "ccw", "cw")):
            shade_unstable(a, x, S[k], COLORS[k], "no steady state: " + labels[k].split(",")[-1], lane)
    ax[0].set(xlabel=r"$\Delta_c/\omega_m$", ylabel=r"$E_N$ (driven optics vs mechanics)",
              title="(a) $J=0$, $P$ = 20 mW")
    ax[0].legend(fontsize=6.5, loc="center right")
    ax[1].set(xlabel=r"$\Delta_c/\omega_m$", ylabel=r"$N_j = |\alpha_{driven}|^2$  [$10^9$]",
              title="(b) driven-mode photons (dotted: unstable fixed point)")
    # (c) quantum vs classical nonreciprocity around 0.27 and 1
    dE = E["ccw"] - E["cw"]
    dN = (N["ccw"] - N["cw"]) / (N["ccw"] + N["cw"])
    both = S["ccw"].astype(bool) & S["cw"].astype(bool)
    ax[2].plot(x, np.where(both, dE, np.nan), color="tab:purple", label=r"$E_{N,ccw}-E_{N,cw}$")
    ax2 = ax[2].twinx()
    ax2.plot(x, dN, color="tab:green", label=r"$(N_{ccw}-N_{cw})/(N_{ccw}+N_{cw})$")
    ax2.set_ylabel(r"$(N_{ccw}-N_{cw})/(N_{ccw}+N_{cw})$", color="tab:green")
    shade_unstable(ax[2], x, both, "0.4", "one direction unstable")
    for xc in zero_crossings(x, dN):
        if 0.0 < xc < 1.6:
            ax[2].axvline(xc, color="tab:green", ls=":", lw=1)
            ax[2].annotate(f"N equal\n{xc:.3f}", (xc, 0.55), xycoords=("data", "axes fraction"), fontsize=7,
                           color="tab:green", ha="center")
    for xc in zero_crossings(x, np.where(both, dE, np.nan)):
        if 0.0 < xc < 1.6:
            ax[2].axvline(xc, color="tab:purple", ls="--", lw=1)
            ax[2].annotate(f"$E_N$ equal\n{xc:.3f}", (xc, 0.1), xycoords=("data", "axes fraction"), fontsize=7,
                           color="tab:purple", ha="center")
    ax[2].axhline(0, color="0.5", lw=0.5)
    ax[2].set(xlabel=r"$\Delta_c/\omega_m$", ylabel=r"$\Delta E_N$", title="(c) quantum vs classical nonreciprocity",
              xlim=(0.0, 1.6))
    ax[2].legend(loc="upper left", fontsize=7)
    ax2.legend(loc="lower right", fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "fig2.png"), dpi=130)
    plt.close(fig)


def fig3_ad(out, J_label):
    axes, c = read_sweep(os.path.join(out, "fig3_curves.csv"))
    ai, ci = read_sweep(os.path.join(out, "fig3_ideal.csv"))
    x = axis_values(c, axes, 0)
    xi = axis_values(ci, ai, 0)
    Ei, Gi = grid(ci, ai, "ccw", "E_N")[0], grid(ci, ai, "ccw", "abs_G_driven_over_omega_m")[0]
    fig, ax = plt.subplots(2, 2, figsize=(11, 8), sharex=True)
    Si = grid(ci, ai, "ccw", "stable")[0]
    for row, (name, ylab) in enumerate([("E_N", r"$E_N$"), ("abs_G_driven_over_omega_m", r"$|G_j|/\omega_m$")]):
        ideal = Ei if name == "E_N" else Gi
        for col, om_i in enumerate((0, 1)):
            a = ax[row, col]
            a.plot(xi, ideal, color="0.5", ls="--", label="ideal: $J=0$, $\\Omega=0$")
            dirs = ("ccw",) if om_i == 0 else ("ccw", "cw")
            lanes = [(xi, Si, "0.5", "ideal")]
            for d in dirs:
                y = grid(c, axes, d, name)[om_i]
                st = grid(c, axes, d, "stable")[om_i].astype(bool)
                lab = "$\\Omega=0$" if om_i == 0 else f"23 kHz, drive {d.upper()}"
                col_ = COLORS["still"] if om_i == 0 else COLORS[d]
                a.plot(x, np.where(st, y, np.nan), color=col_, label=lab)
                if name != "E_N":
                    a.plot(x, np.where(st, np.nan, y), color=col_, ls=":", lw=1)
                lanes.append((x, st, col_, lab))
            lane_room(a, len(lanes))
            for k, (xx, st, col_, lab) in enumerate(lanes):
                shade_unstable(a, xx, st, col_, "no steady state: " + lab, k)
            a.set(ylabel=ylab)
            a.legend(fontsize=7, loc="center right")
    ax[0, 0].set_title(f"(a) $\\Omega = 0$, $J$ = {J_label} s$^{{-1}}$")
    ax[0, 1].set_title(f"(b) $\\Omega$ = 23 kHz, $J$ = {J_label} s$^{{-1}}$")
    ax[1, 0].set_title("(c) driven-mode coupling (dotted: unstable fixed point)")
    ax[1, 1].set_title("(d) driven-mode coupling (dotted: unstable fixed point)")
    for a in ax[1]:
        a.set_xlabel(r"$\Delta_c/\omega_m$")
    fig.tight_layout()
    fig.savefig(os.path.join(out, "fig3_ad.png"), dpi=130)
    plt.close(fig)


def fig3e(out, J_label):
    axes, c = read_sweep(os.path.join(out, "fig3e.csv"))
    omr, x, G = signed_map(c, axes, "abs_G_driven_over_omega_m", 1)
    _, _, S = signed_map(c, axes, "stable", 1)
    fig, ax = plt.subplots(figsize=(7, 5))
    h = hatch_background(ax)
    m = pmesh(ax, x, omr / 1e3, G.T, ~S.T.astype(bool), cmap="viridis")
    fig.colorbar(m, ax=ax, label=r"$|G_{driven}|/\omega_m$")
    ax.set(xlabel=r"$\Delta_c/\omega_m$", ylabel=r"$\Omega_r$ [$10^3$ s$^{-1}$]  (+: drive CCW, $-$: drive CW)",
           title=f"(e) driven-mode coupling, $J$ = {J_label} s$^{{-1}}$")
    ax.legend(handles=[h], loc="lower right", fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "fig3e.png"), dpi=130)
    plt.close(fig)


def fig3f(out, J_fig3=None):
    axes, c = read_sweep(os.path.join(out, "fig3f.csv"))
    # axes: J (0), Omega (1)
    omr, J, chi = signed_map(c, axes, "chi", 1)
    _, _, found = signed_map(c, axes, "found", 1)
    fig, ax = plt.subplots(figsize=(7, 5))
    h = hatch_background(ax)
    m = pmesh(ax, omr / 1e3, J / 1e6, chi * 100, ~found.astype(bool) | ~np.isfinite(chi), cmap="magma",
              vmin=0, vmax=100)
    fig.colorbar(m, ax=ax, label=r"revival factor $\chi$ [%] (Eq. 14)")
    # chi -> 1 as J -> 0 at any Omega, so the map's maximum over J > 0 only says how fine the J grid
    # is; what the map shows is chi along the Fig. 3 J (docs/figures.md).
    handles = [h]
    if J_fig3 is not None:
        jj = int(np.argmin(np.abs(J - J_fig3)))
        oo = int(np.nanargmax(chi[jj]))
        ax.axhline(J[jj] / 1e6, color="c", lw=0.8, ls="--")
        ax.plot(omr[oo] / 1e3, J[jj] / 1e6, "c*", ms=12,
                label=f"max along $J$ = {J[jj] / 1e6:.0f}e6: $\\chi$ = {chi[jj, oo] * 100:.1f}% at $\\Omega_r$ = {omr[oo] / 1e3:.1f}e3")
        handles.append(ax.lines[-1])
    ax.set(xlabel=r"$\Omega_r$ [$10^3$ s$^{-1}$]  (+: drive CCW, $-$: drive CW)", ylabel=r"$J$ [$10^6$ s$^{-1}$]",
           title=r"(f) $\chi = \max_{\Delta_c} E_N(\Omega, J)\, /\, \max_{\Delta_c} E_N(0, 0)$")
    ax.legend(handles=handles, loc="lower left", fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "fig3f.png"), dpi=130)
    plt.close(fig)


def figS2(out):
    axes, c = read_sweep(os.path.join(out, "figS2.csv"))
    # axes: detuning (0), Omega (1); branch 0 = the fixed point with the fewest photons
    omr, x, T5 = signed_map(c, axes, "Theta_5", 1, branch0=True)
    _, _, T6 = signed_map(c, axes, "Theta_6", 1, branch0=True)
    _, _, S = signed_map(c, axes, "stable", 1, branch0=True)
    fig, ax = plt.subplots(1, 2, figsize=(15, 5.5))
    for a, T, name in ((ax[0], T5, "(b) $\\Theta_5$"), (ax[1], T6, "(c) $\\Theta_6$")):
        # Theta_k = +-ln|det theta_k| (SI determinants) sits near +-300 everywhere: one colour scale
        # would show only its sign, so each sign gets its own scale.
        pos = np.ma.masked_where(~(T > 0), T)
        neg = np.ma.masked_where(~(T < 0), T)
        mp = a.pcolormesh(omr / 1e3, x, pos, shading="nearest", cmap="Reds")
        mn = a.pcolormesh(omr / 1e3, x, neg, shading="nearest", cmap="Blues_r")
        fig.colorbar(mn, ax=a, label=name[4:] + r" < 0", pad=0.01)
        fig.colorbar(mp, ax=a, label=name[4:] + r" > 0", pad=0.06)
        a.contour(omr / 1e3, x, S.astype(float), levels=[0.5], colors="k", linewidths=1.5)
        a.contourf(omr / 1e3, x, S.astype(float), levels=[-0.5, 0.5], colors="none", hatches=["//"])
        a.set(xlabel=r"$\Omega_r$ [$10^3$ s$^{-1}$]  (+: drive CCW, $-$: drive CW)", ylabel=r"$\Delta_c/\omega_m$",
              title=name + r" $= \pm\ln|\det\theta_k|$ (SI): $J/\kappa = 2$, $P$ = 20 mW" + "\n(black line: stability boundary of the fewest-photon fixed point)")
        a.legend(handles=[mpatches.Patch(facecolor="none", hatch="//", edgecolor="k", label="unstable")],
                 loc="lower right", fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "figS2.png"), dpi=130)
    plt.close(fig)


def figS3(out):
    fig = plt.figure(figsize=(13, 13))
    gs = fig.add_gridspec(3, 2)
    a0, c0 = read_sweep(os.path.join(out, "figS3_T0.csv"))
    T = axis_values(c0, a0, 0)
    for k, (name, label, det) in enumerate((("figS3_T8", "8", "1.2"), ("figS3_T23", "23", "2.06"))):
        a = fig.add_subplot(gs[0, k])
        ax_, c = read_sweep(os.path.join(out, name + ".csv"))
        lanes = [(grid(c0, a0, "ccw", "stable")[k], "black", "$\\Omega = 0$")]
        a.plot(T * 1e3, grid(c0, a0, "ccw", "E_N")[k], color="black", label="$\\Omega = 0$")
        for d in ("ccw", "cw"):
            lab = f"{label} kHz, drive {d.upper()}"
            a.plot(T * 1e3, grid(c, ax_, d, "E_N")[0], color=COLORS[d], label=lab)
            lanes.append((grid(c, ax_, d, "stable")[0], COLORS[d], lab))
        lane_room(a, len(lanes))
        for i, (st, col_, lab) in enumerate(lanes):
            shade_unstable(a, T * 1e3, st, col_, "no steady state: " + lab, i)
        a.set(xlabel="T [mK]", ylabel="$E_N$", title=f"({'ab'[k]}) $\\Omega$ = {label} kHz, $\\Delta_c/\\omega_m$ = {det}")
        a.legend(fontsize=7, loc="center right")
    a = fig.add_subplot(gs[1, :])
    ax_, c = read_sweep(os.path.join(out, "figS3_OmegaT.csv"))
    omr, Tm, E = signed_map(c, ax_, "E_N", 0)
    _, _, S = signed_map(c, ax_, "stable", 0)
    h = hatch_background(a)
    m = pmesh(a, omr / 1e3, Tm * 1e3, E, ~S.astype(bool), cmap="viridis")
    fig.colorbar(m, ax=a, label="$E_N$")
    a.contour(omr / 1e3, Tm * 1e3, np.where(S.astype(bool), E, 0.0), levels=[1e-9], colors="w", linewidths=1)
    a.set(xlabel=r"$\Omega_r$ [$10^3$ s$^{-1}$]  (+: drive CCW, $-$: drive CW)", ylabel="T [mK]",
          title=r"(c,d) $E_N$ over $(\Omega_r, T)$ at $\Delta_c/\omega_m$ = 1.2 (white line: $E_N = 0$)")
    a.legend(handles=[h], loc="upper right", fontsize=7)
    for k, (name, label) in enumerate((("figS3e", "8"), ("figS3f", "23"))):
        a = fig.add_subplot(gs[2, k])
        ax_, c = read_sweep(os.path.join(out, name + ".csv"))
        x = axis_values(c, ax_, 0)
        Ty = axis_values(c, ax_, 1)
        dE = grid(c, ax_, "ccw", "Delta_E_N")
        h = hatch_background(a)
        lim = np.nanmax(np.abs(dE))
        m = pmesh(a, x, Ty * 1e3, dE, ~np.isfinite(dE), cmap="RdBu_r", vmin=-lim, vmax=lim)
        fig.colorbar(m, ax=a, label=r"$\Delta E_N = E_{N,ccw} - E_{N,cw}$")
        a.set(xlabel=r"$\Delta_c/\omega_m$", ylabel="T [mK]", title=f"({'ef'[k]}) $\\Omega$ = {label} kHz")
        a.legend(handles=[mpatches.Patch(label="a direction has no steady state", **UNSTABLE)], loc="upper right",
                 fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "figS3.png"), dpi=110)
    plt.close(fig)


def figS4(out):
    fig, ax = plt.subplots(2, 2, figsize=(13, 10))
    axes, c = read_sweep(os.path.join(out, "figS4a.csv"))
    x = axis_values(c, axes, 0)
    Q = axis_values(c, axes, 1)
    dE = grid(c, axes, "ccw", "Delta_E_N")
    a = ax[0, 0]
    h = hatch_background(a, label=False)
    lim = np.nanmax(np.abs(dE))
    m = pmesh(a, x, Q, dE, ~np.isfinite(dE), ylog=True, cmap="RdBu_r", vmin=-lim, vmax=lim)
    a.set_yscale("log")
    fig.colorbar(m, ax=a, label=r"$\Delta E_N$")
    a.set(xlabel=r"$\Delta_c/\omega_m$", ylabel="optical Q", title=r"(a) $\Delta E_N$, T = 130 mK, $\Omega$ = 8 kHz, J = 0")
    a.legend(handles=[mpatches.Patch(label="a direction has no steady state", **UNSTABLE)], loc="upper right",
             fontsize=7)
    axes, c = read_sweep(os.path.join(out, "figS4b.csv"))
    T = axis_values(c, axes, 0)
    Q = axis_values(c, axes, 1)
    for k, d in enumerate(("ccw", "cw")):
        a = ax[0, 1] if d == "ccw" else ax[1, 0]
        E = grid(c, axes, d, "E_N")
        S = grid(c, axes, d, "stable").astype(bool)
        h = hatch_background(a)
        m = pmesh(a, T * 1e3, Q, E, ~S, ylog=True, cmap="viridis")
        a.contour(T * 1e3, Q, np.where(S, E, 0.0), levels=[1e-9], colors="w", linewidths=1)
        a.set_yscale("log")
        fig.colorbar(m, ax=a, label="$E_N$")
        a.set(xlabel="T [mK]", ylabel="optical Q",
              title=f"(b{k + 1}) $E_N$, drive {d.upper()}, $\\Omega$ = 8 kHz, $\\Delta_c/\\omega_m$ = 1.2 (white: $E_N=0$)")
        a.legend(handles=[h], loc="upper right", fontsize=7)
    axes, c = read_sweep(os.path.join(out, "figS4c.csv"))
    Q = axis_values(c, axes, 0)
    a = ax[1, 1]
    a.plot(Q, grid(c, axes, "ccw", "E_N")[0], color="black", label="$\\Omega = 0$")
    shade_unstable(a, Q, grid(c, axes, "ccw", "stable")[0], "black", "unstable: $\\Omega=0$")
    for d in ("ccw", "cw"):
        a.plot(Q, grid(c, axes, d, "E_N")[1], color=COLORS[d], label=f"8 kHz, drive {d.upper()}")
        shade_unstable(a, Q, grid(c, axes, d, "stable")[1], COLORS[d], f"unstable: {d}")
    a.set_xscale("log")
    a.set(xlabel="optical Q", ylabel="$E_N$", title=r"(c) $J = 50\times10^6$ s$^{-1}$, $\Delta_c/\omega_m$ = 1.6")
    a.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "figS4.png"), dpi=110)
    plt.close(fig)


def parse_rate(text):
    """'66M' -> 66e6, '66e6' -> 66e6 (SI prefixes k, M, G as spincom accepts them); None if not a number."""
    scale = {"k": 1e3, "M": 1e6, "G": 1e9}
    try:
        return float(text[:-1]) * scale[text[-1]] if text and text[-1] in scale else float(text)
    except ValueError:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--fig3-J", default="?")
    args = ap.parse_args()
    J_fig3 = parse_rate(args.fig3_J)
    for f in (fig2, lambda o: fig3_ad(o, args.fig3_J), lambda o: fig3e(o, args.fig3_J), lambda o: fig3f(o, J_fig3),
              figS2, figS3, figS4):
        f(args.out)
    print("wrote", ", ".join(n for n in sorted(os.listdir(args.out)) if n.endswith(".png")), "in", args.out)


if __name__ == "__main__":
    main()
