#!/usr/bin/env bash
# Behaviour snapshot: run a FIXED set of spincom commands with the given binary and keep every
# CSV they write, so that two builds (before / after a restructuring) can be compared bit for
# bit with scripts/compare-behaviour.py.
#
#   bash scripts/behaviour-snapshot.sh BIN OUTDIR
#   /usr/bin/python3 scripts/compare-behaviour.py BEFORE_DIR AFTER_DIR [--allow FILE:COLUMN[:RELTOL] ...]
#
# OUTDIR must not exist yet (it is created; the script refuses to reuse or overwrite one). Each
# case runs with OUTDIR/<case> as its working directory and writes its CSVs there (simulate:
# --output-dir out, moved up into the case folder afterwards; sweep: --output <case>.csv), next to stdout.txt, stderr.txt and rc.txt. Nothing
# is written outside OUTDIR. OUTDIR/commands.txt lists each case's command line, exit code and
# wall time. The comparison uses only the CSV data (lines not starting with '#'), so the
# '#' metadata (which records the binary path) may differ between builds.
#
# Every case uses fixed seeds and --threads 2 (results do not depend on the thread count) and
# uses only flags that exist both before and after the restructuring. Each case takes well under
# 20 s on 2 cores (the EM case is the longest: its automatic dt is ~4.5e-12 s).
# Exit code: 0 if every case exited 0, 1 if any case failed (the others still run), 2 on usage.
set -uo pipefail

usage() { echo "usage: $0 BIN OUTDIR   (OUTDIR must not exist)" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
BIN=$1
OUTDIR=$2

[[ -f $BIN && -x $BIN ]] || { echo "$0: error: BIN '$BIN' is not an executable file" >&2; exit 2; }
BIN=$(cd "$(dirname -- "$BIN")" && pwd -P)/$(basename -- "$BIN")

if [[ -e $OUTDIR || -L $OUTDIR ]]; then
  echo "$0: error: OUTDIR '$OUTDIR' already exists; give a new directory" >&2
  exit 2
fi
# mkdir without -p: fails if OUTDIR appeared meanwhile or its parent does not exist.
mkdir -- "$OUTDIR" || { echo "$0: error: cannot create OUTDIR '$OUTDIR' (does its parent exist?)" >&2; exit 2; }
OUTDIR=$(cd -- "$OUTDIR" && pwd -P)

export LC_ALL=C            # locale-independent number formatting, whatever the caller's locale
unset SPINCOM_DATA_DIR     # the built-in Table I only, no preset directory override
SEED=20201001              # the default master seed, given explicitly
THREADS=2

# The fixed set: "name|arguments". Arguments are split on spaces (none contains one).
CASES=(
  # The main job: linear, exact stepper, trajectories added until the 95% CI of E_N at t_end is
  # <= 0.005 (the default --target-tol; ~234k trajectories, < 1 s).
  "linear-exact-target|simulate --seed $SEED --threads $THREADS --output-dir out"
  # Fixed-size ensembles with the two time-stepping schemes, automatic dt (1% weak-bias rule).
  "linear-em|simulate --stepper em --trajectories 1024 --seed $SEED --threads $THREADS --output-dir out"
  "linear-heun|simulate --stepper heun --trajectories 2048 --seed $SEED --threads $THREADS --output-dir out"
  # The cw direction with backscattering J, at its E_N peak, exact stepper, adaptive size.
  "linear-cw-J|simulate --direction cw --J 5e7 --target-tol 0.01 --seed $SEED --threads $THREADS --output-dir out"
  # Nonlinear truncated-Wigner Heun ensembles (paired with the linearization).
  "nonlinear-fixed-point|simulate --model nonlinear --start fixed-point --trajectories 512 --samples 20 --seed $SEED --threads $THREADS --output-dir out"
  "nonlinear-switch-on|simulate --model nonlinear --start switch-on --trajectories 512 --samples 20 --seed $SEED --threads $THREADS --output-dir out"
  "nonlinear-lyapunov-start|simulate --model nonlinear --start fixed-point --initial steady-state --trajectories 512 --samples 20 --seed $SEED --threads $THREADS --output-dir out"
  # Steady-state sweeps: a 2-D grid (with unstable, nan rows), maxima over the detuning + chi,
  # and every fixed point in a bistable region (100 mW, Omega = 0: 1 -> 3 -> 1 roots).
  "sweep-2d|sweep --axis detuning:-0.5:2.5:31 --axis Omega:0:30k:7 --J 5e7 --threads $THREADS --output sweep-2d.csv"
  "sweep-max-over|sweep --axis J:0:100M:5 --axis Omega:0:40k:5 --max-over detuning:-3.5:5:121 --threads $THREADS --output sweep-max-over.csv"
  "sweep-branches-all|sweep --axis detuning:0:4:41 --power 100mW --Omega 0 --branches all --threads $THREADS --output sweep-branches-all.csv"
)

{
  echo "# behaviour snapshot: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# BIN: $BIN"
  echo "# host: $(uname -n), $(nproc) cores"
  echo "# case | exit code | wall s | command (run in OUTDIR/case)"
} > "$OUTDIR/commands.txt"

failed=0
for entry in "${CASES[@]}"; do
  name=${entry%%|*}
  args=${entry#*|}
  dir=$OUTDIR/$name
  mkdir -- "$dir"
  read -r -a argv <<< "$args"
  printf '%-24s ' "$name" >&2
  start=$(date +%s.%N)
  ( cd -- "$dir" && exec timeout 600 "$BIN" "${argv[@]}" ) > "$dir/stdout.txt" 2> "$dir/stderr.txt"
  rc=$?
  end=$(date +%s.%N)
  if [[ -d $dir/out ]]; then  # the simulate CSVs (not the manifest: it holds a time stamp)
    mv -- "$dir"/out/*.csv "$dir"/ && rm -r -- "$dir/out"
  fi
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  echo "$rc" > "$dir/rc.txt"
  echo "$name | $rc | $secs | spincom $args" >> "$OUTDIR/commands.txt"
  if [[ $rc -ne 0 ]]; then
    failed=1
    echo "FAILED (exit $rc, ${secs} s): see $dir/stderr.txt" >&2
  else
    echo "ok (${secs} s)" >&2
  fi
done

echo "snapshot written to $OUTDIR ($(find "$OUTDIR" -name '*.csv' | wc -l) CSV files)" >&2
exit "$failed"
