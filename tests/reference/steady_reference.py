"""Independent Python reference for the spincom steady-state chain.

Derived only from shared/docs/physics.md (sections 1-6, 10); it does not use
the C++ sources.  numpy + scipy only; run with /usr/bin/python3.

    steady(params, direction) -> list of fixed points (dicts), ascending q_s

Chain: parameters -> mean field (all real fixed points of Eq. 7, found by a
dense scan of g(x) = x - (G0^2/omega_m) N(x) plus brentq, NOT by polynomial
roots) -> drift A and diffusion D (section 4) -> stability from eigenvalues
-> Lyapunov covariance V -> logarithmic negativity E_N (section 5).
"""
import numpy as np
import scipy.linalg
import scipy.optimize

# CODATA 2018 exact / recommended values
HBAR = 1.054571817e-34
K_B = 1.380649e-23
C_LIGHT = 299792458.0

# Table I defaults (every rate angular, s^-1); detuning = Delta_c / omega_m
DEFAULTS = dict(omega_m=63e6, gamma_m=5.2e3, mass=1e-11, radius=1.1e-3,
                wavelength=1.55e-6, index=1.48, dn_dlambda=0.0, Q=3.2e7,
                temperature=0.13, power=0.02, Omega=8e3, J=0.0, detuning=1.0)


def derived(params, direction):
    """Derived constants for one driving direction ('ccw' or 'cw')."""
    p = dict(DEFAULTS, **params)
    d = dict(p)
    omega_c = 2 * np.pi * C_LIGHT / p["wavelength"]
    d["omega_c"] = omega_c
    d["kappa"] = omega_c / p["Q"]
    d["x_zp"] = np.sqrt(HBAR / (p["mass"] * p["omega_m"]))
    d["G0"] = omega_c * d["x_zp"] / p["radius"]
    T = p["temperature"]
    d["n_m"] = 0.0 if T == 0 else 1.0 / np.expm1(HBAR * p["omega_m"] / (K_B * T))
    # Sagnac shift, Eq. (1); sign by direction (physics.md section 2)
    n, lam = p["index"], p["wavelength"]
    mag = p["Omega"] * n * p["radius"] * omega_c / C_LIGHT * (
        1 - 1 / n**2 - (lam / n) * p["dn_dlambda"])
    if direction == "ccw":
        d["Delta_F"] = mag
    elif direction == "cw":
        d["Delta_F"] = -mag
    else:
        raise ValueError("direction must be 'ccw' or 'cw'")
    d["Delta_c"] = p["detuning"] * p["omega_m"]
    d["Delta_1"] = d["Delta_c"] + d["Delta_F"]      # driven mode
    d["Delta_2"] = d["Delta_c"] - d["Delta_F"]      # other mode
    # laser frequency exactly omega_c - Delta_c (no omega_l ~ omega_c shortcut)
    omega_l = omega_c - d["Delta_c"]
    d["epsilon"] = np.sqrt(2 * d["kappa"] * p["power"] / (HBAR * omega_l))
    return d


def amplitudes(d, x):
    """alpha_1, alpha_2 of Eq. (7) at radiation-pressure shift x = G0 q_s."""
    k, J, eps = d["kappa"], d["J"], d["epsilon"]
    Dt1, Dt2 = d["Delta_1"] - x, d["Delta_2"] - x
    a1 = (1j * Dt2 + k) * eps / ((1j * Dt1 + k) * (1j * Dt2 + k) + J**2)
    a2 = -1j * J * a1 / (1j * Dt2 + k)
    return a1, a2


def photon_number(d, x):
    a1, a2 = amplitudes(d, x)
    return abs(a1)**2 + abs(a2)**2


def self_consistency(d, x):
    """g(x) = x - (G0^2/omega_m) N(x); zero at a fixed point."""
    return x - d["G0"]**2 / d["omega_m"] * photon_number(d, x)


def find_shifts(d, n_min=20001):
    """All real roots x of g on [0, x_max], ascending.

    Energy balance gives N <= eps^2/kappa^2, so every root lies in
    [0, x_max] with x_max = G0^2 eps^2 / (omega_m kappa^2).  g(0) < 0 and
    g(x_max) >= 0.  N(x) varies on the scale kappa, so the scan step is at
    most kappa/200; each sign change is refined by brentq.
    """
    xmax = d["G0"]**2 * d["epsilon"]**2 / (d["omega_m"] * d["kappa"]**2)
    if xmax == 0.0:
        return [0.0]
    npts = int(max(n_min, min(4e6, 200 * xmax / d["kappa"])))
    xs = np.linspace(0.0, xmax, npts)
    gs = _vector_g(d, xs)
    roots = []
    for i in np.nonzero(gs[:-1] * gs[1:] <= 0)[0]:
        if gs[i] == 0.0:
            r = xs[i]
        elif gs[i + 1] == 0.0:
            continue  # picked up as the left end of the next interval
        else:
            r = scipy.optimize.brentq(lambda x: self_consistency(d, x),
                                      xs[i], xs[i + 1], xtol=1e-15 * xmax,
                                      rtol=4 * np.finfo(float).eps, maxiter=500)
        roots.append(r)
    return sorted(roots)


def _vector_g(d, xs):
    """Vectorised g(x) for the scan (same formula as self_consistency)."""
    a1, a2 = amplitudes(d, xs)
    return xs - d["G0"]**2 / d["omega_m"] * (np.abs(a1)**2 + np.abs(a2)**2)


def drift_diffusion(d, x, a1, a2):
    """Drift A and diffusion D, u = (X1, Y1, X2, Y2, q, p) (physics.md sec. 4)."""
    k, J, wm, gm = d["kappa"], d["J"], d["omega_m"], d["gamma_m"]
    Dt1, Dt2 = d["Delta_1"] - x, d["Delta_2"] - x
    G1 = np.sqrt(2) * d["G0"] * a1
    G2 = np.sqrt(2) * d["G0"] * a2
    A = np.array([
        [-k,       Dt1,      0.0,      J,        -G1.imag, 0.0],
        [-Dt1,     -k,       -J,       0.0,      G1.real,  0.0],
        [0.0,      J,        -k,       Dt2,      -G2.imag, 0.0],
        [-J,       0.0,      -Dt2,     -k,       G2.real,  0.0],
        [0.0,      0.0,      0.0,      0.0,      0.0,      wm],
        [G1.real,  G1.imag,  G2.real,  G2.imag,  -wm,      -gm]])
    D = np.diag([k, k, k, k, 0.0, gm * (2 * d["n_m"] + 1)])
    return A, D, G1, G2


def lyapunov(A, D, refine=2):
    """Solve A V + V A^T = -D (Bartels-Stewart, scaled, with refinement)."""
    s = np.max(np.abs(A))
    As, Ds = A / s, D / s
    V = scipy.linalg.solve_continuous_lyapunov(As, -Ds)
    for _ in range(refine):  # iterative refinement on the residual
        R = As @ V + V @ As.T + Ds
        V = V + scipy.linalg.solve_continuous_lyapunov(As, -R)
    return 0.5 * (V + V.T)


def log_negativity(Vp):
    """E_N of a 4x4 two-mode covariance matrix (physics.md section 5)."""
    Am, Bm, Cm = Vp[:2, :2], Vp[2:, 2:], Vp[:2, 2:]
    Sigma = np.linalg.det(Am) + np.linalg.det(Bm) - 2 * np.linalg.det(Cm)
    detV = np.linalg.det(Vp)
    disc = np.sqrt(max(Sigma**2 - 4 * detV, 0.0))
    nu2 = 0.5 * (Sigma - disc)            # = nu_minus^2
    nu_minus = np.sqrt(max(nu2, 0.0))
    return max(0.0, -np.log(2 * nu_minus)), nu_minus


def steady(params, direction):
    """All fixed points for one direction, sorted by ascending q_s."""
    d = derived(params, direction)
    out = []
    for x in find_shifts(d):
        a1, a2 = amplitudes(d, x)
        A, D, G1, G2 = drift_diffusion(d, x, a1, a2)
        max_re = float(np.max(np.linalg.eigvals(A).real))
        fp = dict(q_s=x / d["G0"], N_driven=abs(a1)**2, N_other=abs(a2)**2,
                  Delta_tilde_driven=d["Delta_1"] - x,
                  Delta_tilde_other=d["Delta_2"] - x,
                  alpha_driven=a1, alpha_other=a2, G_driven=G1, G_other=G2,
                  A=A, D=D, max_re_eig=max_re, stable=max_re < 0,
                  V=None, E_N=None, nu_minus=None)
        if fp["stable"]:
            V = lyapunov(A, D)
            fp["V"] = V
            fp["E_N"], fp["nu_minus"] = log_negativity(V[np.ix_([0, 1, 4, 5], [0, 1, 4, 5])])
        out.append(fp)
    return out
