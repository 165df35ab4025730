#!/usr/bin/env bash
# Checkpoint and resume through the binary: the result of an interrupted and resumed run is the
# result of an uninterrupted one, bit for bit (every CSV but its "# command" line):
#   - linear, SIGTERM (exit 10, checkpoint kept), resumed with another thread count;
#   - linear, SIGKILL after a periodic checkpoint (--checkpoint-every), resumed;
#   - nonlinear, SIGINT, resumed;
#   - 2 MPI ranks, SIGTERM to mpirun, resumed by one process (when an mpiexec is given);
# and a run without --resume never deletes an interrupted run's checkpoint (exit 9).
# SIGKILL is sent once a periodic checkpoint exists, the other signals once the output is open
# (polled): the rounds grow from 8 trajectories per group, so the run stops long before its end on
# any machine. Everything runs in a private temporary folder.
# Usage: checkpoint_resume.sh SPINCOM [MPIEXEC]
set -uo pipefail
spincom=$(realpath "$1")
mpiexec=${2:-}
work=$(mktemp -d /tmp/spincom_checkpoint.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

same_result() {  # same_result DIR_A DIR_B WHAT
  local f ok=1
  for f in "$1"/*.csv; do
    if ! cmp -s <(grep -v '^# command' "$f") <(grep -v '^# command' "$2/$(basename "$f")"); then
      ok=0
      fail "$3: $(basename "$f") differs: $(diff <(grep -v '^# command' "$f") <(grep -v '^# command' "$2/$(basename "$f")") | head -4)"
    fi
  done
  [ "$ok" -eq 1 ] && echo "ok   $3: resumed == uninterrupted, bit for bit"
}

wait_for() {  # wait_for PATH PID: until PATH exists (while PID runs)
  for _ in $(seq 600); do
    [ -e "$1" ] && return 0
    kill -0 "$2" 2>/dev/zero || return 1
    sleep 0.05
  done
  return 1
}

interrupt_and_resume() {  # NAME SIGNAL "ARGS" RUN_THREADS RESUME_THREADS [LAUNCHER...]
  local name=$1 sig=$2 args=$3 run_threads=$4 resume_threads=$5
  shift 5
  # shellcheck disable=SC2086
  "$@" "$spincom" $args --threads "$run_threads" --checkpoint-every 0.3 --output-dir "$name" >"$name.out" 2>"$name.err" &
  local pid=$!
  if [ "$sig" = KILL ]; then
    wait_for ".$name.spincom-partial/checkpoint.spincom" "$pid" || { fail "$name: no checkpoint appeared ($(tail -2 "$name.err"))"; return; }
    sleep 0.5  # let it run past the checkpoint: the resume must redo that part
  else  # once the output is open (the stop handler is in place): it stops in one of its first, short rounds
    wait_for ".$name.spincom-partial" "$pid" || { fail "$name: no partial folder appeared ($(tail -2 "$name.err"))"; return; }
    sleep 0.3
  fi
  kill "-$sig" "$pid"
  wait "$pid"
  local rc=$?
  if [ "$sig" = KILL ]; then
    [ "$rc" -ne 0 ] || fail "$name: finished before SIGKILL arrived"
  elif [ -z "$*" ]; then
    [ "$rc" -eq 10 ] || fail "$name: interrupted run exited $rc, expected 10: $(tail -2 "$name.err")"
    grep -q "interrupted after" "$name.err" || fail "$name: no interruption message"
  fi
  [ -d "$name" ] && fail "$name: an interrupted run published its result folder"
  # A run without --resume keeps the checkpoint and says so.
  # shellcheck disable=SC2086
  "$spincom" $args --output-dir "$name" >"$name.refused" 2>&1
  rc=$?
  [ "$rc" -eq 9 ] && grep -q "resume" "$name.refused" || fail "$name: a run without --resume exited $rc: $(cat "$name.refused")"
  # shellcheck disable=SC2086
  "$spincom" $args --threads "$resume_threads" --resume --output-dir "$name" >"$name.resumed" 2>&1 || fail "$name: resume failed: $(tail -3 "$name.resumed")"
  [ ! -e ".$name.spincom-partial" ] || fail "$name: the partial folder is left after the resume"
}

linear="simulate --trajectories 32000000 --samples 20 --seed 5"  # threads are given per run
"$spincom" $linear --threads 2 --output-dir linear_full >/dev/zero 2>&1 || fail "linear reference run"
interrupt_and_resume lin_term TERM "$linear" 2 1
same_result linear_full lin_term "linear, SIGTERM, 2 threads then 1"
interrupt_and_resume lin_kill KILL "$linear" 1 2
same_result linear_full lin_kill "linear, SIGKILL after a periodic checkpoint"

nonlinear="simulate --model nonlinear --trajectories 524288 --samples 10 --seed 5 --detuning 0.3"
"$spincom" $nonlinear --threads 2 --output-dir nonlinear_full >/dev/zero 2>&1 || fail "nonlinear reference run"
interrupt_and_resume nl_int INT "$nonlinear" 2 1
same_result nonlinear_full nl_int "nonlinear, SIGINT"

if [ -n "$mpiexec" ]; then
  # Twice the trajectories at half the samples: more rounds left when the signal comes (a signal
  # during the last round lets the run finish), at the same cost per run.
  mpi="simulate --trajectories 32000000 --samples 10 --seed 5"
  "$spincom" $mpi --threads 2 --output-dir mpi_full >/dev/zero 2>&1 || fail "MPI reference run"
  interrupt_and_resume mpi_term TERM "$mpi" 1 2 "$mpiexec" -n 2 --oversubscribe --allow-run-as-root
  same_result mpi_full mpi_term "2 MPI ranks, SIGTERM, resumed by one process"
fi

[ "$failures" -eq 0 ] && echo "checkpoint and resume: all checks passed"
exit "$failures"
