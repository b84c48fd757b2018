# Two Linux VMs at once, as `make run` starts them (guests/linux/two-vms.conf: one shadow, one
# nested, two vCPUs each on two harts, as nproc says): labelled output, input to one VM at a
# time switched with Ctrl-], and
# the hypervisor console's list, stats, restart, stop and vm commands; the machine ends cleanly
# when the restarted VM powers off, and both harts ran guests.
. "$(dirname "$0")/lib.sh"
out="$OUT/multi-console"
fifo="$out.fifo"
make -s -C "$ROOT" rootfs >/dev/null || fail "make rootfs failed"

rm -f "$fifo"
mkfifo "$fifo"
: >"$out"
setsid "$ROOT/shadowvisor" run --timeout 240 --config "$ROOT/guests/linux/two-vms.conf" \
	<"$fifo" >"$out" 2>&1 &
PID=$!
exec 3>"$fifo"

stuck() {
	kill -TERM -- -"$PID" 2>/dev/null
	exec 3>&-
	rm -f "$fifo"
	fail "$1; last output: $(tail -c 800 "$out" | tr -d '\r')"
}
# step PATTERN WHAT: waits for a line matching PATTERN, or fails saying WHAT went wrong.
step() {
	wait_for "$out" 90 "$1" || stuck "$2"
}
# count_at_least PATTERN N WHAT: waits until N lines match PATTERN.
count_at_least() {
	local deadline=$((SECONDS + 90))
	until [ "$(tr -d '\r' <"$out" | grep -cE "$1")" -ge "$2" ]; do
		[ $SECONDS -lt $deadline ] && kill -0 "$PID" 2>/dev/null || stuck "$3"
		sleep 0.2
	done
}

step '^\[shadow\] shadowvisor guest: busybox shell' "the shadow VM did not boot"
step '^\[nested\] shadowvisor guest: busybox shell' "the nested VM did not boot"
step '\[shadow\] / # ' "no prompt from the shadow VM"
step '\[nested\] / # ' "no prompt from the nested VM"
printf 'echo hello-$((6*7))-shadow\n' >&3
step '^\[shadow\] hello-42-shadow$' "the shadow VM did not run typed input"
printf 'echo cpus-$(nproc)\n' >&3
step '^\[shadow\] cpus-2$' "nproc in the shadow VM did not say 2"
printf '\x1d1' >&3
step "console input goes to vm1 'nested'" "Ctrl-] 1 did not switch the input"
printf 'echo hello-$((6*7))-nested\n' >&3
step '^\[nested\] hello-42-nested$' "the nested VM did not run typed input"
printf 'echo cpus-$(nproc)\n' >&3
step '^\[nested\] cpus-2$' "nproc in the nested VM did not say 2"
printf '\x1dh' >&3
step 'shadowvisor> ' "Ctrl-] h gave no hypervisor console"
printf 'list\n' >&3
step 'vm1 nested +nested +running +256 MiB resident=[1-9][0-9]* MiB .* harts: (h[01]|-) (h[01]|-)$' \
	"list did not show the nested VM"
step 'guest memory: [0-9]+ MiB free of [1-9][0-9]* MiB' "list did not show the guest memory left"
printf 'stats shadow\n' >&3
step 'stats vm=shadow mode=shadow exits=' "stats did not print the shadow VM's counters"
printf 'restart shadow\n' >&3
step "vm0 'shadow' restarted from its original images" "restart did not restart the VM"
count_at_least '^\[shadow\] shadowvisor guest: busybox shell' 2 "the restarted VM did not boot"
printf 'stop nested\n' >&3
step "'nested' stopped: stopped from the hypervisor console" "stop did not stop the VM"
printf 'vm shadow\n' >&3
step "console input goes to vm0 'shadow'" "vm did not switch the input"
count_at_least '\[shadow\] / # ' 2 "no prompt from the restarted VM"
printf 'poweroff\n' >&3
exec 3>&-
wait "$PID"
status=$?
rm -f "$fifo"
tr -d '\r' <"$out" >"$out.txt"
[ $status -eq 0 ] || fail "the machine exited $status: $(tail -5 "$out.txt")"
if grep -q '^\[shadow\] hello-42-nested$' "$out.txt"; then
	fail "input for the nested VM reached the shadow VM"
fi
grep -q "'shadow' stopped: guest shut down" "$out.txt" || fail "the shadow VM did not power off"
for h in 0 1; do
	grep -qE "^\[shadowvisor\] stats hart=$h exits=[1-9]" "$out.txt" || fail "hart $h ran no guest"
done
