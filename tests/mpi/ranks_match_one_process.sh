#!/usr/bin/env bash
# `spincom simulate` under mpirun with 2 ranks writes the same numbers as one process: the
# jackknife groups are split over the ranks and summed exactly (include/spincom/ensemble/
# run_ensemble.hpp, RankPartition). Only '#' header lines (command line, process count) differ.
# Usage: ranks_match_one_process.sh SPINCOM MPIEXEC
set -euo pipefail
spincom="$1"
mpiexec="$2"
work="$(mktemp -d -t spincom-mpi.XXXXXX)"
trap 'rm -rf "$work"' EXIT
args=(simulate --trajectories 2048 --samples 20 --paths 3 --threads 1 --seed 7)
"$spincom" "${args[@]}" --output-dir "$work/one" >"$work/one.txt"
# Open MPI refuses root without these; the test machine (CI) runs as root.
OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
  "$mpiexec" -n 2 --oversubscribe "$spincom" "${args[@]}" --output-dir "$work/two" >"$work/two.txt"
status=0
for f in timeseries.csv covariance.csv mean.csv paths.csv; do
  if ! cmp -s <(grep -v '^#' "$work/one/$f") <(grep -v '^#' "$work/two/$f"); then
    echo "FAIL: $f differs between 1 process and 2 MPI ranks" >&2
    status=1
  fi
done
grep -q '^# .*processes=2' "$work/two/timeseries.csv" || { echo "FAIL: the 2-rank header does not say processes=2" >&2; status=1; }
# rank 0 alone prints: the report appears once
[ "$(grep -c '^steady state (Lyapunov)' "$work/two.txt")" = 1 ] || { echo "FAIL: the report was printed more than once" >&2; status=1; }
[ $status = 0 ] && echo "PASS: 2 MPI ranks reproduce the one-process output bit for bit"
exit $status
