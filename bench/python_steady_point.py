"""Per-point steady-state pipeline in numpy/scipy, written as a user of qom or QuGIT would.

For each detuning: mean field (all real roots of the quintic of physics.md section 3 via
numpy.roots, in units of omega_m) -> drift matrix A (Eq. 6) and diffusion D -> stability from
numpy.linalg.eigvals -> scipy.linalg.solve_continuous_lyapunov -> E_N (Eqs. 12-13) of the
stable branch with the fewest photons. One point per loop iteration, no vectorization across
points: the per-point cost a sweep pays in Python.

Run with Debian's python3 (numpy + scipy), one BLAS thread:
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/python_steady_point.py [--points N] [--repeats R]
Prints the median per-point time in microseconds and E_N at Table I (Delta_c/omega_m = 0.2965,
ccw, Omega = 8e3 s^-1), so the two implementations can be checked to agree.
"""
import argparse
import time

import numpy as np
import scipy.linalg

HBAR = 1.054571817e-34
K_B = 1.380649e-23
C = 299792458.0

TABLE_I = dict(omega_m=63e6, gamma_m=5.2e3, mass=1e-11, radius=1.1e-3, wavelength=1.55e-6,
               index=1.48, Q=3.2e7, temperature=0.13, power=0.02, Omega=8e3, J=0.0)


def steady_entanglement(p, detuning, sign=+1):
    wm = p["omega_m"]
    wc = 2 * np.pi * C / p["wavelength"]
    kappa = wc / p["Q"]
    xzp = np.sqrt(HBAR / (p["mass"] * wm))
    G0 = wc * xzp / p["radius"]
    nm = 1.0 / np.expm1(HBAR * wm / (K_B * p["temperature"]))
    n = p["index"]
    dF = sign * p["Omega"] * n * p["radius"] * wc / C * (1 - 1 / n**2)
    dc = detuning * wm
    eps = np.sqrt(2 * kappa * p["power"] / (HBAR * (wc - dc)))
    J = p["J"]
    # quintic in y = x/omega_m, x = G0 q_s
    k, j, d1, d2 = kappa / wm, J / wm, (dc + dF) / wm, (dc - dF) / wm
    c = G0**2 * eps**2 / wm**4
    P = np.polynomial.Polynomial
    D1, D2 = P([d1, -1.0]), P([d2, -1.0])
    absP2 = (k**2 + j**2 - D1 * D2)**2 + k**2 * (D1 + D2)**2
    g = P([0.0, 1.0]) * absP2 - c * (k**2 + D2**2 + j**2)
    roots = np.roots(g.coef[::-1])
    real = np.sort(roots[np.abs(roots.imag) < 1e-9 * (1 + np.abs(roots.real))].real * wm)
    Dmat = np.diag([kappa, kappa, kappa, kappa, 0.0, p["gamma_m"] * (2 * nm + 1)])
    for x in real:  # ascending photon number: the first stable one is the selected branch
        Dt1, Dt2 = dc + dF - x, dc - dF - x
        a1 = (1j * Dt2 + kappa) * eps / ((1j * Dt1 + kappa) * (1j * Dt2 + kappa) + J**2)
        a2 = -1j * J * a1 / (1j * Dt2 + kappa)
        G1, G2 = np.sqrt(2) * G0 * a1, np.sqrt(2) * G0 * a2
        A = np.array([
            [-kappa, Dt1, 0, J, -G1.imag, 0],
            [-Dt1, -kappa, -J, 0, G1.real, 0],
            [0, J, -kappa, Dt2, -G2.imag, 0],
            [-J, 0, -Dt2, -kappa, G2.real, 0],
            [0, 0, 0, 0, 0, wm],
            [G1.real, G1.imag, G2.real, G2.imag, -wm, -p["gamma_m"]],
        ], dtype=float)
        if np.max(np.linalg.eigvals(A).real) >= 0:
            continue
        V = scipy.linalg.solve_continuous_lyapunov(A, -Dmat)
        idx = [0, 1, 4, 5]
        Vp = V[np.ix_(idx, idx)]
        a, b, cc = Vp[:2, :2], Vp[2:, 2:], Vp[:2, 2:]
        sigma = np.linalg.det(a) + np.linalg.det(b) - 2 * np.linalg.det(cc)
        nu = np.sqrt(sigma - np.sqrt(sigma**2 - 4 * np.linalg.det(Vp))) / np.sqrt(2)
        return max(0.0, -np.log(2 * nu))
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    detunings = np.linspace(0.2, 1.6, args.points)  # the range the C++ benchmark cycles through
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for dc in detunings:
            steady_entanglement(TABLE_I, dc)
        times.append((time.perf_counter() - t0) / args.points)
    print(f"python_per_point_us {np.median(times) * 1e6:.2f}")
    print(f"python_E_N_check {steady_entanglement(TABLE_I, 0.2965):.9f}")
    A = np.diag([-1.0, -2, -3, -4, -5, -6]) + 0.1
    Q = np.eye(6)
    t0 = time.perf_counter()
    for _ in range(2000):
        scipy.linalg.solve_continuous_lyapunov(A, -Q)
    print(f"python_lyapunov_only_us {(time.perf_counter() - t0) / 2000 * 1e6:.2f}")


if __name__ == "__main__":
    main()
