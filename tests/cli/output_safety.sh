#!/usr/bin/env bash
# Output sets through the real binary: an earlier result is kept (exit 9) unless --force; a full
# disk (ulimit -f, SIGXFSZ ignored) leaves the earlier set intact with a true message; a second
# run into the same place is refused at once (exit 9); SIGTERM and SIGKILL leave no partial set
# that the next run trips over; special files made here (FIFO, device node, links) are never
# replaced. Everything happens in a private temporary folder (never a system path).
# Usage: output_safety.sh SPINCOM
set -uo pipefail
spincom=$(realpath "$1")
work=$(mktemp -d /tmp/spincom_output_safety.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
expect() {  # expect CODE PATTERN -- command...
  local code=$1 pattern=$2
  shift 3
  "$@" >out.txt 2>err.txt
  local rc=$?
  [ "$rc" -eq "$code" ] || fail "'$*' exited $rc, expected $code: $(cat err.txt)"
  grep -q -- "$pattern" err.txt || fail "'$*': message lacks '$pattern': $(cat err.txt)"
}
small=(simulate --trajectories 64 --groups 8 --samples 4)
long=(simulate --trajectories 40000000 --samples 400)  # runs for minutes: only ever killed

# An earlier result is kept unless --force.
"$spincom" "${small[@]}" --output-dir run >/dev/zero 2>&1 || fail "first run"
sum_before=$(cat run/* | md5sum)
expect 9 "holds an earlier result" -- "$spincom" "${small[@]}" --seed 2 --output-dir run
[ "$(cat run/* | md5sum)" = "$sum_before" ] || fail "a refused run changed the earlier result"

# A full disk: the earlier set intact, the message true, no partial folder left.
( ulimit -f 4; trap '' XFSZ; exec "$spincom" simulate --trajectories 64 --groups 8 --samples 400 --seed 3 --force --output-dir run ) >out.txt 2>err.txt
rc=$?
[ "$rc" -eq 7 ] || fail "full disk exited $rc, expected 7: $(cat err.txt)"
grep -q "Nothing was written; the earlier result at 'run' is intact" err.txt || fail "full-disk message: $(cat err.txt)"
[ "$(cat run/* | md5sum)" = "$sum_before" ] || fail "the full disk changed the earlier result"
[ -z "$(ls -A | grep spincom-partial)" ] || fail "a partial folder was left after the full disk"

# Two runs into one place: the second is refused at once. SIGTERM stops a CSV run with a
# checkpoint (exit 10), which a plain rerun keeps (exit 9) and --force discards.
"$spincom" "${long[@]}" --output-dir busy >/dev/zero 2>&1 &
pid=$!
for _ in $(seq 50); do [ -d .busy.spincom-partial ] && break; sleep 0.1; done
expect 9 "another spincom run is writing" -- "$spincom" "${small[@]}" --output-dir busy
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 10 ] || fail "SIGTERM: exit $rc, expected 10 (interrupted, checkpoint written)"
[ ! -e busy ] && [ -f .busy.spincom-partial/checkpoint.spincom ] || fail "SIGTERM: $(ls -A . .busy.spincom-partial)"
expect 9 "left a checkpoint" -- "$spincom" "${small[@]}" --output-dir busy
"$spincom" "${small[@]}" --force --output-dir busy >/dev/zero 2>&1 || fail "--force did not discard the checkpoint"
[ -f busy/spincom-manifest.json ] && [ ! -e .busy.spincom-partial ] || fail "after --force: $(ls -A)"

# SIGTERM on a dataset run checkpoints it like a CSV run: nothing published, the partial file kept.
"$spincom" "${long[@]}" --output busy.h5 --save-trajectories 1000 >/dev/zero 2>&1 &
pid=$!
for _ in $(seq 50); do [ -f .busy.h5.spincom-partial/busy.h5 ] && break; sleep 0.1; done
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 10 ] || fail "SIGTERM on a dataset run: exit $rc, expected 10"
[ ! -e busy.h5 ] && [ -f .busy.h5.spincom-partial/checkpoint.spincom ] || fail "SIGTERM on a dataset run: $(ls -A . .busy.h5.spincom-partial)"
rm -rf .busy.h5.spincom-partial

# SIGTERM on a run that keeps no checkpoint (validate) removes its partial folder.
"$spincom" validate "${long[@]:1}" --write --output-dir checked >/dev/zero 2>&1 &
pid=$!
for _ in $(seq 50); do [ -d .checked.spincom-partial ] && break; sleep 0.1; done
[ -d .checked.spincom-partial ] || fail "validate --write made no partial folder"
kill -TERM "$pid"
wait "$pid"
[ ! -e checked ] && [ ! -e .checked.spincom-partial ] || fail "SIGTERM on validate left $(ls -A)"

# SIGKILL leaves a partial folder; the next run finds it unlocked, clears it and succeeds.
"$spincom" "${long[@]}" --output-dir killed >/dev/zero 2>&1 &
pid=$!
for _ in $(seq 50); do [ -d .killed.spincom-partial ] && break; sleep 0.1; done
kill -KILL "$pid"
wait "$pid" 2>/dev/zero
"$spincom" "${small[@]}" --output-dir killed >/dev/zero 2>&1 || fail "the run after a SIGKILL was refused"
[ -f killed/spincom-manifest.json ] && [ ! -e .killed.spincom-partial ] || fail "after SIGKILL: $(ls -A)"

# Special files made here are never replaced (as root the old writer renamed over /dev/null).
mkfifo fifo
mknod device c 1 3
ln -s run link
ln -s nowhere dangling
for target in fifo device link dangling; do
  before=$(stat -c %F "$target")
  expect 7 "never replaces it" -- "$spincom" sweep --axis detuning:0:1:2 --force --output "$target"
  expect 7 "never replaces it" -- "$spincom" "${small[@]}" --force --output-dir "$target"
  [ "$(stat -c %F "$target")" = "$before" ] || fail "$target became $(stat -c %F "$target")"
done

# --output - writes the sweep to standard output and its summary line to stderr.
"$spincom" sweep --axis detuning:0:1:2 --output - >out.txt 2>err.txt || fail "sweep --output -"
grep -q "^# spincom" out.txt && grep -q "written to -" err.txt || fail "sweep --output - streams"

# A report that cannot be written to standard output (a full device, made here) is an error.
mknod full c 1 7
for args in "steady --json" "steady" "params"; do
  # shellcheck disable=SC2086
  "$spincom" $args >full 2>err.txt
  rc=$?
  [ "$rc" -eq 7 ] && grep -q "writing to standard output failed" err.txt || fail "$args > full: exit $rc: $(cat err.txt)"
done

# An error message that cannot be written to standard error is still a failing exit, never 0.
"$spincom" steady --power -1 >out.txt 2>full
rc=$?
[ "$rc" -ne 0 ] || fail "a refusal with stderr on a full device exited 0"
# A run whose warning cannot be written to stderr exits 7 (its result file is written).
sweep_args="sweep --axis power:1mW:2mW:2 --max-over detuning:-0.5:0.2:30 --force --output warned.csv"
# shellcheck disable=SC2086
"$spincom" $sweep_args >out.txt 2>err.txt
grep -q "warning \[max_over_guards\]" err.txt || fail "the sweep used here no longer warns: $(cat err.txt)"
# shellcheck disable=SC2086
"$spincom" $sweep_args >out.txt 2>full
rc=$?
[ "$rc" -eq 7 ] || fail "a warning lost on a full stderr exited $rc, expected 7"

[ "$failures" -eq 0 ] && echo "output safety: all checks passed"
exit "$failures"
