#!/usr/bin/env bash
# `spincom sweep` under mpirun with 2 ranks writes the file of one process, bit for bit (every
# line but the '# command' line): a 2-D sweep, every branch of a bistable detuning sweep, and a
# --max-over sweep, as CSV and as HDF5 (compared with h5py when the system python has it).
# Rank 0 alone prints. Usage: sweep_ranks_match_one_process.sh SPINCOM MPIEXEC
set -euo pipefail
spincom="$(realpath "$1")"
mpiexec="$2"
work="$(mktemp -d -t spincom-mpi-sweep.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$work"
status=0
fail() { echo "FAIL: $*" >&2; status=1; }
mpi() { OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "$mpiexec" -n 2 --oversubscribe "$spincom" "$@"; }

cases=("--axis Omega:0:20k:9 --axis J:0:1e6:1001"            # 9009 points: more than one chunk per rank
       "--axis detuning:-1:3:4001 --power 0.1 --branches all"  # 1 to 3 rows per point
       "--axis Omega:0:20k:30 --max-over detuning:0:2:21")
for i in "${!cases[@]}"; do
  # shellcheck disable=SC2086
  "$spincom" sweep ${cases[$i]} --threads 1 --output "one$i.csv" >/dev/zero 2>&1 || fail "case $i: one process"
  # shellcheck disable=SC2086
  mpi sweep ${cases[$i]} --threads 1 --output "two$i.csv" >"two$i.txt" 2>"two$i.err" || fail "case $i: 2 ranks: $(tail -3 "two$i.err")"
  cmp -s <(grep -v '^# command' "one$i.csv") <(grep -v '^# command' "two$i.csv") || fail "case $i: 2 ranks differ from 1 process"
  [ "$(grep -c "written to" "two$i.txt")" = 1 ] || fail "case $i: the summary was not printed once"
done
# HDF5: the same rows (every dataset but the command attribute).
# shellcheck disable=SC2086
"$spincom" sweep ${cases[0]} --output one.h5 >/dev/zero 2>&1 && mpi sweep ${cases[0]} --output two.h5 >/dev/zero 2>&1 ||
  fail "HDF5 runs"
if /usr/bin/python3 -c "import h5py" 2>/dev/zero; then
  /usr/bin/python3 - one.h5 two.h5 <<'PY' || fail "HDF5: 2 ranks differ from 1 process"
import sys, h5py
def contents(name):
    out = {}
    with h5py.File(name, "r") as f:
        f.visititems(lambda k, o: out.__setitem__(k, o[...].tobytes()) if isinstance(o, h5py.Dataset) else None)
    return out
sys.exit(0 if contents(sys.argv[1]) == contents(sys.argv[2]) else 1)
PY
fi
[ $status = 0 ] && echo "PASS: 2 MPI ranks reproduce the one-process sweep files bit for bit"
exit $status
