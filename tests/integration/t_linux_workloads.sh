# The workload suite in a Linux guest, natively and in each MMU mode: every workload must
# pass its own correctness check in all of them; the timings are printed for the log.
. "$(dirname "$0")/lib.sh"
ROOTFS="$ROOT/build/linux/rootfs.cpio.gz"
APPEND="$LINUX_APPEND sv.run=/bin/run-all.sh"

linux_native "$OUT/workloads.native" "$ROOTFS" "$APPEND" || fail "native run exited $?"
for mode in $MODES; do
	linux_sv "$OUT/workloads.$mode" "$ROOTFS" "$mode" "$APPEND" ||
		fail "$mode run exited $?: $(tail -5 "$OUT/workloads.$mode")"
done
# us_per_op FILE: "workload us_per_op" lines, sorted by workload.
us_per_op() {
	sed 's/.*workload=\([a-z]*\).*us_per_op=\([0-9.]*\).*/\1 \2/' "$1" | sort
}
for f in native $MODES; do
	tr -d '\r' <"$OUT/workloads.$f" | grep '^result workload=' >"$OUT/workloads.$f.results"
	check_workloads "$OUT/workloads.$f.results" "$f"
	tr -d '\r' <"$OUT/workloads.$f" | grep -qx "workloads: done status=0" || fail "$f: runner failed"
	[ "$f" = native ] && continue
	# For the log: microseconds per operation, this mode over native.
	join <(us_per_op "$OUT/workloads.native.results") <(us_per_op "$OUT/workloads.$f.results") |
		awk -v m="$f" '{printf "ratio %-6s %-11s native %10.1f us  %10.1f us  %5.2fx\n", m, $1, $2, $3, $3 / $2}'
	grep '^\[shadowvisor\] stats' "$OUT/workloads.$f"
done
# The exit counts come through the backdoor instruction: SIGILL natively, counted under
# shadowvisor in both modes (in shadow mode every fork takes page-fault exits).
grep -v ' exits=na$' "$OUT/workloads.native.results" && fail "native: exit counts without a hypervisor"
tr -d '\r' <"$OUT/workloads.native" | grep -qx "backdoor: na" || fail "native: the backdoor did not raise SIGILL"
for mode in $MODES; do
	grep -v ' exits_per_op=[0-9.]* pf_per_op=' "$OUT/workloads.$mode.results" && fail "$mode: no exit counts"
	tr -d '\r' <"$OUT/workloads.$mode" | grep -qx "backdoor: ok" ||
		fail "$mode: backdoor check: $(grep -a backdoor: "$OUT/workloads.$mode")"
done
grep -q 'workload=forkwait .* pf_per_op=[1-9]' "$OUT/workloads.shadow.results" ||
	fail "shadow: forkwait without page faults"
