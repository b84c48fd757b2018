# The workload suite in a Linux guest, natively and under shadowvisor: every workload must
# pass its own correctness check in both; the timings are printed for the log.
. "$(dirname "$0")/lib.sh"
ROOTFS="$ROOT/build/linux/rootfs.cpio.gz"
APPEND="$LINUX_APPEND sv.run=/bin/run-all.sh"

timeout 600 qemu-system-riscv64 -M virt -cpu rv64 -smp 1 -m 256M -nographic -bios default \
	-kernel "$LINUX_IMAGE" -initrd "$ROOTFS" -append "$APPEND" </dev/null >"$OUT/workloads.native" 2>&1 ||
	fail "native run exited $?"
"$ROOT/shadowvisor" run --timeout 600 --vm "kernel=$LINUX_IMAGE,initrd=$ROOTFS,mem=256M,append=$APPEND" \
	</dev/null >"$OUT/workloads.sv" 2>&1 || fail "shadowvisor run exited $?: $(tail -5 "$OUT/workloads.sv")"
for f in native sv; do
	tr -d '\r' <"$OUT/workloads.$f" | grep '^result workload=' >"$OUT/workloads.$f.results"
	[ "$(wc -l <"$OUT/workloads.$f.results")" -eq 9 ] || fail "$f: expected 9 result lines"
	if grep -v 'check=ok' "$OUT/workloads.$f.results"; then
		fail "$f: a workload failed its check"
	fi
	tr -d '\r' <"$OUT/workloads.$f" | grep -qx "workloads: done status=0" || fail "$f: runner failed"
done
# The exit counts come through the backdoor instruction: SIGILL natively, counted under shadowvisor
# (every fork takes page-fault exits).
grep -v ' exits=na$' "$OUT/workloads.native.results" && fail "native: exit counts without a hypervisor"
grep -v ' exits_per_op=[0-9.]* pf_per_op=' "$OUT/workloads.sv.results" && fail "sv: no exit counts"
grep -q 'workload=forkwait .* pf_per_op=[1-9]' "$OUT/workloads.sv.results" || fail "sv: forkwait without page faults"
tr -d '\r' <"$OUT/workloads.native" | grep -qx "backdoor: na" || fail "native: the backdoor did not raise SIGILL"
tr -d '\r' <"$OUT/workloads.sv" | grep -qx "backdoor: ok" || fail "sv: backdoor check: $(grep -a backdoor: "$OUT/workloads.sv")"
# For the log: per-workload microseconds per operation, shadowvisor over native.
join <(sed 's/.*workload=\([a-z]*\).*us_per_op=\([0-9.]*\).*/\1 \2/' "$OUT/workloads.native.results" | sort) \
	<(sed 's/.*workload=\([a-z]*\).*us_per_op=\([0-9.]*\).*/\1 \2/' "$OUT/workloads.sv.results" | sort) |
	awk '{printf "ratio %-11s native %10.1f us  shadow %10.1f us  %5.2fx\n", $1, $2, $3, $3 / $2}'
grep '^\[shadowvisor\] stats' "$OUT/workloads.sv"
