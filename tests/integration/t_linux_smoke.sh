# An unmodified Linux 6.1 kernel under the shadow MMU: boot to userspace, fork+exit+wait and
# first-touch faults, clean power-off; the same lines natively.
. "$(dirname "$0")/lib.sh"
INITRAMFS="$ROOT/build/linux/smoke.cpio.gz"

linux_native "$OUT/linux-smoke.native" "$INITRAMFS" || fail "native run exited $?"
linux_sv "$OUT/linux-smoke.sv" "$INITRAMFS" || fail "shadowvisor run exited $?: $(tail -5 "$OUT/linux-smoke.sv")"
for f in native sv; do
	tr -d '\r' <"$OUT/linux-smoke.$f" | grep '^init: ' >"$OUT/linux-smoke.$f.lines"
done
tail -1 "$OUT/linux-smoke.native.lines" | grep -qx "init: done" || fail "native run did not finish"
diff -u "$OUT/linux-smoke.native.lines" "$OUT/linux-smoke.sv.lines" || fail "outputs differ"
grep -q "stopped: guest shut down" "$OUT/linux-smoke.sv" || fail "no clean SRST shutdown"
# For the log: the cost of the shadow MMU on this run.
grep -h '^info:' "$OUT/linux-smoke.native" "$OUT/linux-smoke.sv" | tr -d '\r'
grep '^\[shadowvisor\] stats' "$OUT/linux-smoke.sv"
