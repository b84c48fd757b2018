# Containment: a VM that spins with interrupts off, one that floods SBI calls, a Linux kernel
# that panics and one guest that outgrows its shadow pool are stopped or throttled with a
# message, while a Linux VM beside them, with 2 vCPUs on the machine's 2 harts, finishes its
# workloads correctly.
. "$(dirname "$0")/lib.sh"
G="$ROOT/build/guests"
ROOTFS="$ROOT/build/linux/rootfs.cpio.gz"
SMOKE="$ROOT/build/linux/smoke.cpio.gz"
out="$OUT/containment"

"$ROOT/shadowvisor" run --timeout 600 --harts 2 \
	--vm "kernel=$LINUX_IMAGE,initrd=$ROOTFS,mem=256M,name=linux,mode=nested,vcpus=2,append=$LINUX_APPEND sv.run=/bin/run-all.sh" \
	--vm "kernel=$G/spinner.bin,mem=16M,name=spinner" \
	--vm "kernel=$G/sbi-flood.bin,mem=16M,name=flood,mode=nested" \
	--vm "kernel=$LINUX_IMAGE,initrd=$SMOKE,mem=128M,name=panic,append=$LINUX_APPEND rdinit=/nonexistent" \
	--vm "kernel=$G/as-storm.bin,mem=64M,name=storm,pool=64K" \
	</dev/null >"$out" 2>&1
status=$?
tr -d '\r' <"$out" >"$out.txt"
# The worst ending decides the machine's status: the panicking kernel's reboot (4).
[ $status -eq 4 ] || fail "run exited $status, expected 4: $(tail -5 "$out.txt")"
grep -q "'spinner' stopped: not answering" "$out.txt" || fail "the spinner was not stopped"
grep -q "'flood' floods SBI calls" "$out.txt" || fail "no message about the SBI flood"
grep -qE "^\[flood\] sbi-flood: calls [0-9]+ wrong answers 0$" "$out.txt" || fail "flood: wrong answers"
grep -q "'flood' stopped: guest shut down" "$out.txt" || fail "flood did not shut down cleanly"
grep -q "^\[panic\] .*Kernel panic" "$out.txt" || fail "the panic VM did not panic"
grep -q "'panic' stopped: guest asked for a reboot" "$out.txt" || fail "the panic was not contained"
grep -q "'storm': its shadow page-table pool (64 KiB) is full" "$out.txt" || fail "no pool message"
grep -qx "\[storm\] as-storm: done" "$out.txt" || fail "storm did not finish"
grep -q "'storm' stopped: guest shut down" "$out.txt" || fail "storm did not shut down cleanly"
sed -n 's/^\[linux\] //p' "$out.txt" | grep '^result workload=' >"$out.results"
check_workloads "$out.results" linux
grep -q "'linux' stopped: guest shut down" "$out.txt" || fail "linux did not shut down cleanly"
