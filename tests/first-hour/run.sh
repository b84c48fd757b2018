#!/bin/bash
# A new user's first hour, scripted: on a machine with nothing installed, `make run` builds
# everything and brings up both VMs; each answers at its shell after sitting idle, and both are
# powered off (make run exits 0); then `make test` passes. Prints how long each took, and fails
# on any error line make run printed on the way. Meant for a fresh root:
#   scripts/fresh-root.sh tests/first-hour/run.sh
# (it also runs in a clone that is already set up, where it only measures the run itself).
set -u
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh" # wait_for
cd "$ROOT" || exit 1
DIR=build/first-hour
mkdir -p "$DIR"
rm -f "$DIR/in"
mkfifo "$DIR/in"
: >"$DIR/run.out"

t0=$SECONDS
setsid make run <"$DIR/in" >"$DIR/run.out" 2>&1 &
PID=$!
exec 3>"$DIR/in"
stop() {
	echo "first-hour: $1; last output:"
	tail -30 "$DIR/run.out" | tr -d '\r'
	kill -TERM -- -"$PID" 2>/dev/null
	exit 1
}
# await SECONDS PATTERN: a line of make run's output matching PATTERN, or the run is stopped.
await() {
	wait_for "$DIR/run.out" "$1" "$2" ||
		stop "waited $1 s for '$2'$(kill -0 "$PID" 2>/dev/null || echo ': make run ended')"
}
await 3600 '\[shadow\] / # '
await 120 '\[nested\] / # '
echo "first-hour: make run showed both prompts after $((SECONDS - t0)) s"
sleep 30
# shellcheck disable=SC2016 # the guest's shell expands it
printf 'echo shadow-$((40+2))\n' >&3
await 60 '^\[shadow\] shadow-42$'
printf 'poweroff\n' >&3
await 60 "'shadow' stopped: guest shut down"
sleep 30
printf '\x1d1' >&3
await 30 "console input goes to vm1 'nested'"
# shellcheck disable=SC2016
printf 'echo nested-$((40+2))\n' >&3
await 60 '^\[nested\] nested-42$'
printf 'poweroff\n' >&3
exec 3>&-
wait "$PID"
status=$?
[ $status -eq 0 ] || stop "make run exited $status"
errors=$(tr -d '\r' <"$DIR/run.out" | grep -iwE 'error|not found|no such file' |
	grep -v '^\[\(shadow\|nested\)\]' | head -5)
[ -z "$errors" ] || stop "error lines on the way: $errors"
echo "first-hour: make run done after $((SECONDS - t0)) s"

t1=$SECONDS
make test >"$DIR/test.out" 2>&1 || {
	tail -40 "$DIR/test.out"
	echo "first-hour: make test failed"
	exit 1
}
echo "first-hour: make test passed in $((SECONDS - t1)) s"
