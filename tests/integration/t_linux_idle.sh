# Idle VMs are not "not answering": a Linux VM left at its shell waits in wfi with interrupts
# off, and must never be stopped for it. As a user does it:
# - one VM alone, in each MMU mode, idle at its shell for 60 s, then a command, then poweroff;
# - make run's two VMs (one per mode), both idle for 60 s, both answer; one is powered off, the
#   other, idle 60 s more, still answers and powers off; the run exits 0.
# The runs go side by side (they are idle most of the time).
. "$(dirname "$0")/lib.sh"
ROOTFS="$ROOT/build/linux/rootfs.cpio.gz"
IDLE_S=60
make -s -C "$ROOT" rootfs >/dev/null || fail "make rootfs failed"

# A session: CMD runs with its console input from a FIFO; ask WHAT PATTERN types WHAT and waits
# for a line matching PATTERN. Each session runs in its own subshell, writing into fd 3; a run
# that ended early makes the writes fail (not kill the subshell) and the next wait report it.
start() {
	trap '' PIPE
	local out="$1" fifo="$1.fifo"
	shift
	rm -f "$fifo"
	mkfifo "$fifo"
	: >"$out"
	setsid "$@" <"$fifo" >"$out" 2>&1 &
	PID=$!
	exec 3>"$fifo"
	OUTF="$out"
}
stuck() {
	kill -TERM -- -"$PID" 2>/dev/null
	exec 3>&-
	echo "$(basename "$OUTF"): $1; last output: $(tail -c 600 "$OUTF" | tr -d '\r')" >"$OUTF.fail"
	exit 1
}
ask() {
	printf '%s\n' "$1" >&3
	wait_for "$OUTF" 60 "$2" || stuck "no answer to '$1'"
}
# focus N NAME: Ctrl-] N gives the console input to VM N.
focus() {
	local n
	n=$(tr -d '\r' <"$OUTF" | grep -c "console input goes to vm$1 '$2'")
	printf '\x1d%s' "$1" >&3
	local deadline=$((SECONDS + 30))
	until [ "$(tr -d '\r' <"$OUTF" | grep -c "console input goes to vm$1 '$2'")" -gt "$n" ]; do
		[ $SECONDS -lt $deadline ] || stuck "Ctrl-] $1 did not switch the input"
		sleep 0.2
	done
}
finish() {
	exec 3>&-
	wait "$PID"
	local status=$?
	rm -f "$OUTF.fifo"
	[ $status -eq 0 ] || stuck "the run exited $status"
}

# single OUT MODE: one VM, idle, then asked, then powered off.
single() (
	start "$1" "$ROOT/shadowvisor" run --timeout 300 \
		--vm "kernel=$LINUX_IMAGE,initrd=$ROOTFS,mem=256M,mode=$2,append=$LINUX_APPEND"
	wait_prompts "$OUTF" 90 1 || stuck "no shell prompt"
	sleep $IDLE_S
	ask 'echo awake-$((40+2))' '^awake-42$'
	printf 'poweroff\n' >&3
	finish
	grep -q "stopped: guest shut down" "$OUTF" || stuck "no clean shutdown"
)

# pair OUT: make run's configuration.
pair() (
	start "$1" "$ROOT/shadowvisor" run --timeout 400 --config "$ROOT/guests/linux/two-vms.conf"
	wait_for "$OUTF" 90 '\[shadow\] / # ' || stuck "no prompt from the shadow VM"
	wait_for "$OUTF" 90 '\[nested\] / # ' || stuck "no prompt from the nested VM"
	sleep $IDLE_S
	ask 'echo shadow-awake-$((40+2))' '^\[shadow\] shadow-awake-42$'
	focus 1 nested
	ask 'echo nested-awake-$((40+2))' '^\[nested\] nested-awake-42$'
	focus 0 shadow
	printf 'poweroff\n' >&3
	wait_for "$OUTF" 60 "'shadow' stopped: guest shut down" || stuck "the shadow VM did not power off"
	sleep $IDLE_S
	focus 1 nested
	ask 'echo still-here-$((40+2))' '^\[nested\] still-here-42$'
	printf 'poweroff\n' >&3
	finish
	grep -q "'nested' stopped: guest shut down" "$OUTF" || stuck "the nested VM did not power off"
)

rm -f "$OUT"/idle.*
single "$OUT/idle.shadow" shadow &
s1=$!
single "$OUT/idle.nested" nested &
s2=$!
pair "$OUT/idle.pair" &
s3=$!
failed=0
for p in $s1 $s2 $s3; do
	wait $p || failed=1
done
if [ $failed -ne 0 ]; then
	cat "$OUT"/idle.*.fail 2>/dev/null
	fail "an idle VM was stopped or did not answer"
fi
if grep -h "not answering" "$OUT"/idle.shadow "$OUT"/idle.nested "$OUT"/idle.pair; then
	fail "an idle VM was stopped as not answering"
fi
