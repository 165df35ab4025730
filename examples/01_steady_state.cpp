// Example 1: the steady-state chain through the library, as in docs/architecture.md:
//   parameters -> mean field -> A, D -> stability -> Lyapunov V -> E_N.
// Build: cmake --build build --target example_01_steady_state; run: build/examples/example_01_steady_state
#include <cstdio>

#include "spincom/steady/steady_state.hpp"
#include "spincom/covariance/lyapunov.hpp"

int main() {
  using namespace spincom;
  Parameters p;       // Table I: P = 20 mW, T = 130 mK, Omega = 8e3 s^-1, J = 0
  p.detuning = 0.3;   // Delta_c/omega_m near the ccw peak of Fig. 2(a)
  const DerivedQuantities d = derive(p);
  for (Direction dir : {Direction::ccw, Direction::cw}) {
    const auto roots = solve_mean_field(mean_field_problem(p, d, dir));  // Eq. (7), all roots
    const FixedPoint& fp = roots.front();                                // lowest photon number
    const LinearModel lin = linearize(p, d, fp);                         // Eq. (6) and D
    const StabilityReport st = check_stability(lin.A);                   // S3: RH + eigenvalues
    std::printf("%-3s: N_driven = %.4e, Delta~/omega_m = %.4f, max Re lambda = %+.4e s^-1, ",
                std::string(to_string(dir)).c_str(), fp.N_driven, fp.Delta_tilde_driven / p.omega_m,
                st.max_re_eig);
    if (!st.stable()) {
      std::printf("unstable: no steady state\n");
      continue;
    }
    const auto V = solve_lyapunov<6>(lin.A, lin.D);                      // Eq. (11)
    std::printf("E_N = %.6f\n", log_negativity(V.V).E_N);               // Eqs. (12)-(13)
  }
}
