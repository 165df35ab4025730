#!/usr/bin/env bash
# `spincom simulate` under mpirun with 2 ranks writes the same numbers as one process: the
# ensemble driver splits the jackknife groups over the ranks and sums them exactly
# (include/spincom/engine/ensemble_driver.hpp, RankPartition). Only '#' header lines (command
# line, process count) differ.
# Usage: ranks_match_one_process.sh SPINCOM MPIEXEC [linear|nonlinear]
set -euo pipefail
spincom="$1"
mpiexec="$2"
model="${3:-linear}"
work="$(mktemp -d -t spincom-mpi.XXXXXX)"
trap 'rm -rf "$work"' EXIT
case "$model" in
  linear)
    args=(simulate --trajectories 2048 --samples 20 --paths 3 --threads 1 --seed 7)
    files=(timeseries.csv covariance.csv mean.csv paths.csv) ;;
  nonlinear)
    args=(simulate --model nonlinear --trajectories 256 --samples 10 --paths 3 --threads 1 --seed 7)
    files=(nonlinear_timeseries.csv nonlinear_covariance.csv nonlinear_paths.csv mean_field.csv) ;;
  *) echo "unknown model '$model': valid are linear, nonlinear" >&2; exit 2 ;;
esac
"$spincom" "${args[@]}" --output-dir "$work/one" >"$work/one.txt"
# Open MPI refuses root without these; the test machine (CI) runs as root.
OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
  "$mpiexec" -n 2 --oversubscribe "$spincom" "${args[@]}" --output-dir "$work/two" >"$work/two.txt"
status=0
for f in "${files[@]}"; do
  if ! cmp -s <(grep -v '^#' "$work/one/$f") <(grep -v '^#' "$work/two/$f"); then
    echo "FAIL: $f differs between 1 process and 2 MPI ranks" >&2
    status=1
  fi
done
grep -q '^# .*processes=2' "$work/two/${files[0]}" || { echo "FAIL: the 2-rank header does not say processes=2" >&2; status=1; }
# rank 0 alone prints: the report appears once
[ "$(grep -c '^steady state (Lyapunov)' "$work/two.txt")" = 1 ] || { echo "FAIL: the report was printed more than once" >&2; status=1; }
[ $status = 0 ] && echo "PASS: 2 MPI ranks reproduce the one-process $model output bit for bit"
exit $status
