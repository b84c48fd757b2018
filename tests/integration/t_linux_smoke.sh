# An unmodified Linux 6.1 kernel in each MMU mode (and nested mode with an Sv48x4 G-stage): boot
# to userspace, fork+exit+wait and first-touch faults, clean power-off; the same lines natively.
. "$(dirname "$0")/lib.sh"
INITRAMFS="$ROOT/build/linux/smoke.cpio.gz"

linux_native "$OUT/linux-smoke.native" "$INITRAMFS" || fail "native run exited $?"
tr -d '\r' <"$OUT/linux-smoke.native" | grep '^init: ' >"$OUT/linux-smoke.native.lines"
tail -1 "$OUT/linux-smoke.native.lines" | grep -qx "init: done" || fail "native run did not finish"
RUNS="$MODES nested,gstage=sv48x4"
for mode in $RUNS; do
	f="$OUT/linux-smoke.${mode//[,=]/_}"
	linux_sv "$f" "$INITRAMFS" "$mode" || fail "$mode run exited $?: $(tail -5 "$f")"
	tr -d '\r' <"$f" | grep '^init: ' >"$f.lines"
	diff -u "$OUT/linux-smoke.native.lines" "$f.lines" || fail "$mode output differs from native"
	grep -q "stopped: guest shut down" "$f" || fail "$mode: no clean SRST shutdown"
done
# For the log: what each mode cost on this run.
for f in native $RUNS; do
	tr -d '\r' <"$OUT/linux-smoke.${f//[,=]/_}" | sed -n "s/^info: /$f: /p"
done
grep -h '^\[shadowvisor\] stats' $(for m in $RUNS; do echo "$OUT/linux-smoke.${m//[,=]/_}"; done)
