#!/usr/bin/python3
"""Compare `spincom steady --json` against the independent Python reference.

Usage (from the repo root, with the system python that has numpy/scipy):
    /usr/bin/python3 tests/reference/compare_steady.py PATH_TO_spincom
    /usr/bin/python3 tests/reference/compare_steady.py --self-test

Each case runs
    spincom steady --json --direction both --branches all
                   --detuning D --Omega W --J J --power P
and every fixed point of both directions is compared with steady_reference.
One line is printed per fixed point ("point"); a missing/extra fixed point
counts as a failed point.  The last line is "N passed, M failed"; the exit
status is 0 only when nothing failed.
"""
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import steady_reference as ref  # noqa: E402

KAPPA = ref.derived({}, "ccw")["kappa"]  # Table I kappa, for J = 2 kappa

# (detuning, Omega, J, power): Table I points in both directions, plus a
# bistable point (3 fixed points per direction) and a 5-fixed-point case.
CASES = [
    (0.27, 8e3, 0.0, 0.02),
    (0.6, 0.0, 0.0, 0.02),
    (1.0, 8e3, 0.0, 0.02),          # Table I defaults
    (1.4, 23e3, 0.0, 0.02),
    (1.0, 0.0, 2 * KAPPA, 0.02),    # J = 2 kappa: unstable in both directions
    (2.0, 8e3, 2 * KAPPA, 0.02),    # J = 2 kappa: stable, E_N > 0 both ways
    (2.4, 23e3, 2 * KAPPA, 0.02),
    (3.0, 8e3, 0.0, 0.2),           # bistable: 3 fixed points, each direction
    (4.0, 8e3, 2 * KAPPA, 0.5),     # 5 fixed points (quintic), ccw
]

TOL = 1e-8      # relative tolerance on scalars, G and V
TOL_EN = 1e-6   # absolute tolerance on E_N


def rel(a, b, floor=0.0):
    """|a - b| relative to max(|b|, floor) (0 when both are exactly equal)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    diff = np.max(np.abs(a - b))
    scale = max(np.max(np.abs(b)), floor)
    return 0.0 if diff == 0 else (diff / scale if scale > 0 else np.inf)


def compare_point(cpp, r, omega_m):
    """Worst differences for one fixed point; returns (ok, dict of diffs)."""
    Ntot = r["N_driven"] + r["N_other"]
    G1, G2 = r["G_driven"], r["G_other"]
    Gscale = max(abs(G1), abs(G2))
    diffs = {
        "q_s": rel(cpp["q_s"], r["q_s"]),
        "N_driven": rel(cpp["N_driven"], r["N_driven"]),
        # N_other is exactly 0 when J = 0: floor at round-off of N_total
        "N_other": rel(cpp["N_other"], r["N_other"], 1e-16 * Ntot),
        "Dt": max(rel(cpp["Delta_tilde_driven"], r["Delta_tilde_driven"], omega_m),
                  rel(cpp["Delta_tilde_other"], r["Delta_tilde_other"], omega_m)),
        "|G|": max(rel(np.hypot(*cpp["G_driven"]), abs(G1)),
                   rel(np.hypot(*cpp["G_other"]), abs(G2), 1e-16 * Gscale)),
        # components: absolute floor 1e-8 |G| (i.e. relative to |G|)
        "Gxy": max(rel(cpp["G_driven"], [G1.real, G1.imag], abs(G1)),
                   rel(cpp["G_other"], [G2.real, G2.imag], max(abs(G2), 1e-16 * Gscale))),
    }
    ok = all(v <= TOL for v in diffs.values())
    if bool(cpp["stable"]) != bool(r["stable"]):
        diffs["stable"] = "MISMATCH"
        ok = False
    elif r["stable"]:
        if cpp.get("V") is None or cpp.get("E_N") is None:
            diffs["V"] = "MISSING"
            ok = False
        else:
            # Each entry on its natural scale sqrt(V_ii V_jj), so the ~0.5 optical block is
            # checked as tightly as the ~1e2 mechanical one.
            Vc, Vr = np.asarray(cpp["V"], dtype=float), np.asarray(r["V"], dtype=float)
            d = np.sqrt(np.outer(np.diag(Vr), np.diag(Vr)))
            diffs["V"] = float(np.max(np.abs(Vc - Vr) / d))
            diffs["E_N_abs"] = abs(cpp["E_N"] - r["E_N"])
            ok = ok and diffs["V"] <= TOL and diffs["E_N_abs"] <= TOL_EN
    return ok, diffs


def fmt(diffs):
    return " ".join(f"{k}={v:.1e}" if isinstance(v, float) else f"{k}={v}"
                    for k, v in diffs.items())


def run_case(binary, case):
    det, W, J, P = case
    cmd = [binary, "steady", "--json", "--direction", "both", "--branches", "all",
           "--detuning", repr(det), "--Omega", repr(W), "--J", repr(J),
           "--power", repr(P)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {out.returncode}: {out.stderr.strip()}")
    return json.loads(out.stdout)


def compare(binary):
    passed = failed = 0
    for case in CASES:
        det, W, J, P = case
        params = dict(detuning=det, Omega=W, J=J, power=P)
        label = f"det={det} Omega={W:g} J={J:.6g} P={P}"
        try:
            js = run_case(binary, case)
        except Exception as e:  # noqa: BLE001 - report and count as failed
            print(f"FAIL {label}: {e}")
            failed += 1
            continue
        for direction in ("ccw", "cw"):
            d = ref.derived(params, direction)
            refs = ref.steady(params, direction)
            block = js["directions"][direction]
            fps = sorted(block["fixed_points"], key=lambda f: f["q_s"])
            dF = rel(block["Delta_F"], d["Delta_F"], 1e-16 * d["omega_m"])
            if len(fps) != len(refs):
                print(f"FAIL {label} {direction}: {len(fps)} fixed points, "
                      f"reference has {len(refs)} (q_s = {[f['q_s'] for f in refs]})")
                failed += 1
                continue
            for i, (c, r) in enumerate(zip(fps, refs)):
                ok, diffs = compare_point(c, r, d["omega_m"])
                ok = ok and dF <= TOL
                en = "" if r["E_N"] is None else f" E_N={r['E_N']:.6f}"
                print(f"{'ok  ' if ok else 'FAIL'} {label} {direction} #{i} "
                      f"stable={r['stable']}{en} Delta_F={dF:.1e} {fmt(diffs)}")
                passed += ok
                failed += not ok
    print(f"{passed} passed, {failed} failed")
    return failed == 0


def self_test():
    """Internal consistency of the reference (no binary needed)."""
    problems = []

    def check(cond, msg):
        print(("ok   " if cond else "FAIL ") + msg)
        if not cond:
            problems.append(msg)

    # physics.md section 1 numbers (Table I, Omega = 0, J = 0)
    d = ref.derived(dict(Omega=0.0, J=0.0), "ccw")
    check(abs(d["kappa"] / 3.7977e7 - 1) < 1e-4, f"kappa = {d['kappa']:.6e} (3.7977e7)")
    check(abs(d["G0"] / 452.0 - 1) < 1e-4, f"G0 = {d['G0']:.4f} (452.0)")
    check(abs(d["n_m"] / 269.65 - 1) < 1e-4, f"n_m = {d['n_m']:.4f} (269.65)")
    check(abs(d["x_zp"] / 0.409e-15 - 1) < 1e-3, f"x_zp = {d['x_zp']:.4e} m (0.409 fm)")
    check(abs(d["omega_c"] / 1.2153e15 - 1) < 1e-4, f"omega_c = {d['omega_c']:.5e} (1.2153e15)")
    for W, want in ((8e3, 0.455), (23e3, 1.309)):
        dF = ref.derived(dict(Omega=W), "cw")["Delta_F"] / d["omega_m"]
        check(abs(-dF - want) < 5e-4, f"Delta_F/omega_m (cw, Omega={W:g}) = {dF:.4f} (-{want})")

    for det, W, J, P in CASES:
        params = dict(detuning=det, Omega=W, J=J, power=P)
        for direction in ("ccw", "cw"):
            d = ref.derived(params, direction)
            fps = ref.steady(params, direction)
            label = f"det={det} Omega={W:g} J={J:.4g} P={P} {direction}"
            # independent root count: the quintic of physics.md section 3
            qroots = quintic_roots(d)
            xs = np.array([f["q_s"] * d["G0"] for f in fps])
            same = len(qroots) == len(xs) and np.allclose(qroots, xs, rtol=1e-6)
            check(same, f"{label}: {len(xs)} fixed point(s), quintic agrees")
            for f in fps:
                # Eq. 7: q_s = (G0/omega_m) N
                N = f["N_driven"] + f["N_other"]
                e7 = abs(f["q_s"] - d["G0"] / d["omega_m"] * N) / f["q_s"]
                # alpha_j solve the steady Langevin equations (physics.md sec. 7)
                a1, a2 = f["alpha_driven"], f["alpha_other"]
                k, J, eps = d["kappa"], d["J"], d["epsilon"]
                r1 = -(1j * f["Delta_tilde_driven"] + k) * a1 - 1j * J * a2 + eps
                r2 = -(1j * f["Delta_tilde_other"] + k) * a2 - 1j * J * a1
                lang = max(abs(r1), abs(r2)) / eps
                msg = (f"  q_s={f['q_s']:.10g} stable={f['stable']} Eq7 rel={e7:.1e}"
                       f" Langevin rel={lang:.1e}")
                ok = e7 < 1e-10 and lang < 1e-10
                if f["stable"]:
                    A, D, V = f["A"], f["D"], f["V"]
                    res = np.linalg.norm(A @ V + V @ A.T + D) / np.linalg.norm(D)
                    Vp = V[np.ix_([0, 1, 4, 5], [0, 1, 4, 5])]
                    # second route to nu_minus: smallest symplectic eigenvalue
                    # of the partial transpose (p -> -p) of V'
                    Om = np.kron(np.eye(2), [[0.0, 1.0], [-1.0, 0.0]])
                    Pt = np.diag([1.0, 1.0, 1.0, -1.0])
                    nu_min = np.min(np.abs(np.linalg.eigvals(1j * Om @ Pt @ Vp @ Pt)))
                    # physicality V + (i/2) Omega >= 0 on the full 3-mode state
                    Om6 = np.kron(np.eye(3), [[0.0, 1.0], [-1.0, 0.0]])
                    phys = np.min(np.linalg.eigvalsh(V + 0.5j * Om6)) / np.max(np.abs(V))
                    msg += (f" lyap_res={res:.1e} E_N={f['E_N']:.8f}"
                            f" |nu-(formula)-nu-(symplectic)|={abs(f['nu_minus'] - nu_min):.1e}")
                    ok = ok and res < 1e-10 and abs(f["nu_minus"] - nu_min) < 1e-8 \
                        and phys > -1e-12
                check(ok, msg)

    # E_N at Table I defaults, both directions (for the report)
    for direction in ("ccw", "cw"):
        f = ref.steady({}, direction)
        print(f"Table I defaults {direction}: "
              + ", ".join(f"q_s={p['q_s']:.10g} N_driven={p['N_driven']:.10g} "
                          f"stable={p['stable']} E_N={p['E_N']}" for p in f))
    print(f"self-test: {'PASSED' if not problems else f'{len(problems)} FAILED'}")
    return not problems


def quintic_roots(d):
    """Real roots x in [0, x_max] of x|P(x)|^2 - (G0^2 eps^2/omega_m)(kappa^2 +
    (Delta_2 - x)^2 + J^2), in units of omega_m (physics.md section 3)."""
    w = d["omega_m"]
    k, J, D1, D2 = d["kappa"] / w, d["J"] / w, d["Delta_1"] / w, d["Delta_2"] / w
    c = d["G0"]**2 * d["epsilon"]**2 / w**4
    P = np.polynomial.Polynomial
    d1, d2, y = P([D1, -1.0]), P([D2, -1.0]), P([0.0, 1.0])
    P2 = (k**2 + J**2 - d1 * d2)**2 + k**2 * (d1 + d2)**2
    poly = y * P2 - c * (k**2 + d2**2 + J**2)
    r = poly.roots()
    xmax = c / k**2
    real = np.sort(r[np.abs(r.imag) < 1e-7 * max(1.0, xmax)].real)
    return real[(real >= -1e-12) & (real <= xmax * (1 + 1e-12))] * w


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    ok = self_test() if sys.argv[1] == "--self-test" else compare(sys.argv[1])
    sys.exit(0 if ok else 1)
