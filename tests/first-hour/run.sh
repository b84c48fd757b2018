#!/bin/bash
# A new user's first hour, scripted: on a machine with nothing installed, `make run` builds
# everything and brings up both VMs; each answers at its shell after sitting idle, and both are
# powered off (make run exits 0); then `make test` passes. Prints how long each took, and fails
# on any error line make run printed on the way. Meant for a fresh root:
#   scripts/fresh-root.sh tests/first-hour/run.sh
# (it also runs in a clone that is already set up, where it only measures the run itself).
set -u
cd "$(dirname "$0")/../.." || exit 1
OUT=build/first-hour
mkdir -p "$OUT"
rm -f "$OUT/in"
mkfifo "$OUT/in"
: >"$OUT/run.out"

t0=$SECONDS
setsid make run <"$OUT/in" >"$OUT/run.out" 2>&1 &
PID=$!
exec 3>"$OUT/in"
fail() {
	echo "first-hour: $1; last output:"
	tail -30 "$OUT/run.out" | tr -d '\r'
	kill -TERM -- -"$PID" 2>/dev/null
	exit 1
}
# wait_for SECONDS PATTERN
wait_for() {
	local deadline=$((SECONDS + $1))
	until tr -d '\r' <"$OUT/run.out" | grep -qE "$2"; do
		[ $SECONDS -lt $deadline ] || fail "waited $1 s for '$2'"
		kill -0 "$PID" 2>/dev/null || fail "make run ended early"
		sleep 1
	done
}
wait_for 3600 '\[shadow\] / # '
wait_for 120 '\[nested\] / # '
echo "first-hour: make run showed both prompts after $((SECONDS - t0)) s"
sleep 30
# shellcheck disable=SC2016 # the guest's shell expands it
printf 'echo shadow-$((40+2))\n' >&3
wait_for 60 '^\[shadow\] shadow-42$'
printf 'poweroff\n' >&3
wait_for 60 "'shadow' stopped: guest shut down"
sleep 30
printf '\x1d1' >&3
wait_for 30 "console input goes to vm1 'nested'"
# shellcheck disable=SC2016
printf 'echo nested-$((40+2))\n' >&3
wait_for 60 '^\[nested\] nested-42$'
printf 'poweroff\n' >&3
exec 3>&-
wait "$PID"
status=$?
[ $status -eq 0 ] || fail "make run exited $status"
errors=$(tr -d '\r' <"$OUT/run.out" | grep -iwE 'error|not found|no such file' |
	grep -v '^\[\(shadow\|nested\)\]' | head -5)
[ -z "$errors" ] || fail "error lines on the way: $errors"
echo "first-hour: make run done after $((SECONDS - t0)) s"

t1=$SECONDS
make test >"$OUT/test.out" 2>&1 || {
	tail -40 "$OUT/test.out"
	echo "first-hour: make test failed"
	exit 1
}
echo "first-hour: make test passed in $((SECONDS - t1)) s"
