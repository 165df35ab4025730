#!/usr/bin/env bash
# Regenerates every figure of Jiao et al., PRL 125, 143605 (2020) that issue 3 lists, as CSV
# (spincom sweep) plus PNG (examples/figures/plot_figures.py, Debian's python3-matplotlib).
#
#   bash examples/figures/make_figures.sh [OUT_DIR] [SPINCOM]      (defaults: figures/paper, build/spincom)
#   FIG3_J=... THREADS=... bash examples/figures/make_figures.sh
#
# FIG3_J: the backscattering rate of Fig. 3(a-e), s^-1 or with a suffix (the paper does not
# state it; docs/figures.md derives the default from the "about 2.5x" claim).
# Every choice the paper leaves open is listed in docs/figures.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-figures/paper}"
spincom="${2:-build/spincom}"
threads="${THREADS:-0}"
fig3_j="${FIG3_J:-66M}"
py=/usr/bin/python3
mkdir -p "$out"
[ -x "$spincom" ] || { echo "make_figures.sh: $spincom is not an executable; build first (cmake --build build --target spincom)" >&2; exit 2; }

# J = 2 kappa for Fig. S2, from spincom's own derived kappa (Table I).
kappa=$("$spincom" params --json | "$py" -c 'import json,sys; print(json.load(sys.stdin)["derived"]["kappa"])')
j_s2=$("$py" -c "print(repr(2*$kappa))")

run() {  # run NAME ARGS...: one sweep, timed
  local name="$1"; shift
  local t0=$(date +%s.%N)
  "$spincom" sweep --force --threads "$threads" "$@" --output "$out/$name.csv" > "$out/$name.log"
  printf '%-22s %6.1f s  %s\n' "$name.csv" "$(echo "$(date +%s.%N) - $t0" | bc)" "$(tail -n 1 "$out/$name.log")"
}

# Fig. 2: J = 0, P = 20 mW; Omega = 0 and 8 kHz, both directions (Omega_r = +-8 kHz).
run fig2 --axis detuning:-0.5:2.5:1201 --axis Omega:0:8k:2 --J 0 --power 20mW
# Fig. 3(a-d): J = FIG3_J, Omega = 0 and 23 kHz; and the ideal device (J = 0, Omega = 0).
run fig3_curves --axis detuning:-2:4:1201 --axis Omega:0:23k:2 --J "$fig3_j"
run fig3_ideal --axis detuning:-2:4:1201 --Omega 0 --J 0 --direction ccw
# Fig. 3(e): |G_j|/omega_m over (Delta_c/omega_m, Omega) at J = FIG3_J.
run fig3e --axis detuning:-2:4:241 --axis Omega:0:30k:121 --J "$fig3_j"
# Fig. 3(f): chi (Eq. 14) over (J, Omega), refined Delta_c maxima.
run fig3f --axis J:0:100M:51 --axis Omega:0:40k:51 --max-over detuning:-3.5:5:121
# Fig. 3 sensitivity: the max over Delta_c of E_N vs J at Omega = 0 and 23 kHz (docs/figures.md).
run fig3_ratio_vs_J --axis J:0:150M:31 --axis Omega:0:23k:2 --max-over detuning:-4:6:201
# Fig. S2(b,c): Theta_5, Theta_6 over (Omega_r, Delta_c/omega_m) at J = 2 kappa, P = 20 mW; all branches.
run figS2 --axis detuning:-1:4:201 --axis Omega:0:40k:101 --J "$j_s2" --power 20mW --branches all
# Fig. S3(a,b): E_N vs T at a fixed detuning (the paper does not give it): near the peak of the cw
# direction at 130 mK, Delta_c/omega_m = 1.2 at 8 kHz (the value of Fig. S4(b)) and 2.06 at 23 kHz;
# the stationary device at the same two detunings.
run figS3_T0 --axis temperature:0.01:1:199 --axis detuning:1.2:2.06:2 --Omega 0 --direction ccw
run figS3_T8 --axis temperature:0.01:1:199 --detuning 1.2 --Omega 8k
run figS3_T23 --axis temperature:0.01:1:199 --detuning 2.06 --Omega 23k
# Fig. S3(c,d): E_N over (Omega_r, T) at Delta_c/omega_m = 1.2.
run figS3_OmegaT --axis Omega:0:30k:121 --axis temperature:0.01:1:100 --detuning 1.2
# Fig. S3(e,f): Delta E_N over (Delta_c/omega_m, T) at 8 and 23 kHz.
run figS3e --axis detuning:-1:3:201 --axis temperature:0.01:1:100 --Omega 8k
run figS3f --axis detuning:-1:3:201 --axis temperature:0.01:1:100 --Omega 23k
# Fig. S4(a): Delta E_N over (Delta_c/omega_m, Q) at 130 mK, Omega = 8 kHz, J = 0.
run figS4a --axis detuning:-1:3:201 --axis Q:1e6:1e8:101:log --Omega 8k
# Fig. S4(b): E_N over (T, Q) at Delta_c/omega_m = 1.2, Omega = 8 kHz.
run figS4b --axis temperature:0.01:1:100 --axis Q:1e6:1e8:101:log --detuning 1.2 --Omega 8k
# Fig. S4(c): E_N vs Q at Delta_c/omega_m = 1.6, J = 50e6 s^-1, Omega = 0 and 8 kHz.
run figS4c --axis Q:1e6:1e8:201:log --axis Omega:0:8k:2 --detuning 1.6 --J 50M

"$py" "$here/plot_figures.py" "$out" --fig3-J "$fig3_j"
