"""The full nonlinear quantum master equation of Eq. (3) in a Fock basis (issue 14).

H = Delta_1 a^dag a + omega_m b^dag b - G0 a^dag a q + i eps (a^dag - a),  q = (b + b^dag)/sqrt2,
L = sqrt(2 kappa) a,  sqrt(gamma_m (n_m + 1)) b,  sqrt(gamma_m n_m) b^dag     (hbar = 1),

i.e. the operator form of the Langevin equations of docs/nonlinear.md with the symmetric
(Lindblad) mechanical bath, whose Heisenberg equations are exactly Eq. (3) with --bath symmetric.
Only the driven optical mode and the mechanics are kept: at J = 0 the other mode starts in and
stays in the vacuum exactly (its only coupling, -G0 c^dag c q, annihilates the vacuum), so the
state is rho (x) |0><0| and every moment of the other mode is the vacuum's.

The basis is the Fock basis of the fluctuations around the classical root (alpha, beta):
a = alpha + d, b = beta + c with d, c truncated at n_a, n_b quanta. This is a change of basis, not
an approximation: every term of H and of the dissipators is kept, written with a and b. The
steady state is the fixed point of the jump map (power iteration, one Sylvester solve per step),
rates in units of kappa.

Only numpy and scipy (Debian python3-numpy, python3-scipy).
"""
import math

import numpy as np
import scipy.linalg as sla
import scipy.sparse.linalg as spla


def classical_root(Delta, kappa, G0, eps, omega_m, gamma_m):
    """The lowest root of the classical mean field with the symmetric bath: (alpha, q, p)."""
    c = G0 * omega_m / (omega_m ** 2 + 0.25 * gamma_m ** 2)

    def f(q):
        return q - c * eps ** 2 / (kappa ** 2 + (Delta - G0 * q) ** 2)

    hi = 1e-6 + c * eps ** 2 / kappa ** 2  # f(hi) >= 0: the right side is at most c eps^2/kappa^2
    lo = 0.0
    # the lowest sign change of f on [0, hi], scanned then bisected
    grid = np.linspace(lo, hi, 20001)
    values = np.array([f(q) for q in grid])
    k = int(np.argmax(values >= 0.0))
    lo, hi = grid[max(k - 1, 0)], grid[k]
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if f(mid) < 0.0:
            lo = mid
        else:
            hi = mid
    q = 0.5 * (lo + hi)
    p = gamma_m * q / (2.0 * omega_m)
    alpha = eps / (kappa + 1j * (Delta - G0 * q))
    return alpha, q, p


def _destroy(n):
    return np.diag(np.sqrt(np.arange(1, n, dtype=float)), 1).astype(complex)


def _solve_steady(H, collapse, tol=1e-11, max_iter=5000):
    """The steady state of d rho/dt = -i[H, rho] + sum_C D[C] rho (dense, n x n).

    L = S + J with S(rho) = K rho + rho K^dag, K = -i H - sum C^dag C / 2, and J(rho) =
    sum C rho C^dag. L rho = 0 is rho = M(rho) with M = -S^-1 J (completely positive), so rho is
    the eigenvector of M with the largest eigenvalue (1): Arnoldi (ARPACK) on M, each product one
    Sylvester solve on the Schur form of K (LAPACK trsyl). Checked: ||L rho|| <= 1e3 tol ||J rho||.
    """
    n = H.shape[0]
    K = -1j * H - 0.5 * sum(C.conj().T @ C for C in collapse)
    T, U = sla.schur(K, output="complex")
    Uh = U.conj().T

    def jump(rho):
        return sum(C @ rho @ C.conj().T for C in collapse)

    count = [0]

    def M(x):
        count[0] += 1
        Q = -(Uh @ jump(x.reshape(n, n)) @ U)
        Z, scale, info = sla.lapack.ztrsyl(T, T, Q, trana="N", tranb="C")
        if info < 0:
            raise RuntimeError("trsyl failed: info = %d" % info)
        return (U @ (Z / scale) @ Uh).reshape(-1)

    op = spla.LinearOperator((n * n, n * n), matvec=M, dtype=complex)
    start = np.zeros((n, n), dtype=complex)
    start[0, 0] = 1.0
    _, vectors = spla.eigs(op, k=1, which="LM", v0=start.reshape(-1), tol=tol, ncv=min(40, n * n - 2), maxiter=max_iter)
    rho = vectors[:, 0].reshape(n, n)
    rho = 0.5 * (rho + rho.conj().T)
    rho /= np.trace(rho).real
    Jr = jump(rho)
    residual = np.linalg.norm(K @ rho + rho @ K.conj().T + Jr) / np.linalg.norm(Jr)
    if not residual <= 1e3 * tol:
        raise RuntimeError("the steady state did not converge: residual %g" % residual)
    return rho, count[0], residual


def steady_state(Delta, kappa, G0, eps, omega_m, gamma_m, n_m, n_a=8, n_b=20):
    """The steady state of the master equation and its moments.

    Returns a dict: N (= <a^dag a>), q, p (<q>, <p> in x_zp), V (4x4 covariance of
    X, Y, q, p with X = sqrt2 Re a, vacuum variance 1/2), E_N (unclipped -ln 2 nu^- of V),
    tail (largest population in the top Fock level of either mode: the truncation check),
    iterations and residual of the solver.
    """
    k = kappa  # rates in units of kappa
    Delta, G0, eps, omega_m, gamma_m = Delta / k, G0 / k, eps / k, omega_m / k, gamma_m / k
    alpha, q0, p0 = classical_root(Delta, 1.0, G0, eps, omega_m, gamma_m)
    beta = (q0 + 1j * p0) / math.sqrt(2.0)
    d = np.kron(_destroy(n_a), np.eye(n_b))
    c = np.kron(np.eye(n_a), _destroy(n_b))
    I = np.eye(n_a * n_b, dtype=complex)
    a, b = alpha * I + d, beta * I + c
    ad, bd = a.conj().T, b.conj().T
    q = (b + bd) / math.sqrt(2.0)
    p = (b - bd) / (1j * math.sqrt(2.0))
    n_op = ad @ a
    H = Delta * n_op + omega_m * (bd @ b) - G0 * (n_op @ q) + 1j * eps * (ad - a)
    # Each collapse operator C = c0 + C' (c0 its constant part) is replaced by C' with
    # H += (i/2)(c0^* C' - c0 C'^dag): the same Liouvillian, and the jumps are the fluctuations'.
    collapse = [(math.sqrt(2.0) * alpha, math.sqrt(2.0) * d)]
    if gamma_m > 0.0:
        collapse += [(math.sqrt(gamma_m * (n_m + 1.0)) * beta, math.sqrt(gamma_m * (n_m + 1.0)) * c),
                     (math.sqrt(gamma_m * n_m) * np.conj(beta), math.sqrt(gamma_m * n_m) * c.conj().T)]
    for c0, C in collapse:
        H = H + 0.5j * (np.conj(c0) * C - c0 * C.conj().T)
    H = 0.5 * (H + H.conj().T)
    rho, iterations, residual = _solve_steady(H, [C for _, C in collapse])
    X = (a + ad) / math.sqrt(2.0)
    Y = (a - ad) / (1j * math.sqrt(2.0))
    R = [X, Y, q, p]
    m = [np.trace(Ri @ rho).real for Ri in R]
    V = np.empty((4, 4))
    for i in range(4):
        for j in range(4):
            V[i, j] = 0.5 * np.trace((R[i] @ R[j] + R[j] @ R[i]) @ rho).real - m[i] * m[j]
    pops = np.diag(rho).real.reshape(n_a, n_b)
    tail = max(pops[-1, :].sum(), pops[:, -1].sum())
    return {"N": np.trace(n_op @ rho).real, "q": m[2], "p": m[3], "X": m[0], "Y": m[1], "V": V,
            "E_N": raw_log_negativity(V), "tail": tail, "root_q": q0, "root_N": abs(alpha) ** 2,
            "iterations": iterations, "residual": residual}


def raw_log_negativity(V):
    """-ln 2 nu^- of the two-mode covariance V (4x4, modes (0,1) and (2,3)), unclipped (Eqs. 12-13)."""
    A, B, C = V[:2, :2], V[2:, 2:], V[:2, 2:]
    sigma = np.linalg.det(A) + np.linalg.det(B) - 2.0 * np.linalg.det(C)
    det = np.linalg.det(V)
    nu_plus_sq = 0.5 * (sigma + math.sqrt(max(sigma * sigma - 4.0 * det, 0.0)))
    nu_minus = math.sqrt(det / nu_plus_sq)
    return -math.log(2.0 * nu_minus)
