# Shadow paging needs no H extension: on a CPU without it, the conformance guest and Linux
# print what they print natively on that CPU. (Nested mode's refusal there: t_bad_input.sh.)
. "$(dirname "$0")/lib.sh"
CPU="rv64,h=false"
BIN="$ROOT/build/guests/sbi-probe.bin"
INITRAMFS="$ROOT/build/linux/smoke.cpio.gz"

timeout 60 qemu-system-riscv64 -M virt -cpu "$CPU" -smp 1 -m 64M -nographic -bios default \
	-kernel "$BIN" </dev/null >"$OUT/noh.sbi.native" 2>&1 || fail "native sbi-probe exited $?"
"$ROOT/shadowvisor" run --timeout 60 --cpu "$CPU" --vm "kernel=$BIN,mem=64M" \
	</dev/null >"$OUT/noh.sbi.shadow" 2>&1 || fail "sbi-probe under shadowvisor exited $?"
guest_lines "$OUT/noh.sbi.native" sbi-probe >"$OUT/noh.sbi.native.lines"
guest_lines "$OUT/noh.sbi.shadow" sbi-probe >"$OUT/noh.sbi.shadow.lines"
tail -1 "$OUT/noh.sbi.native.lines" | grep -qx "sbi-probe: done" || fail "native sbi-probe did not finish"
diff -u "$OUT/noh.sbi.native.lines" "$OUT/noh.sbi.shadow.lines" || fail "sbi-probe differs"
grep -q "rv64imafdc_" "$OUT/noh.sbi.shadow" || fail "the CPU still has H: $(head -1 "$OUT/noh.sbi.shadow")"

"$ROOT/shadowvisor" run --timeout 300 --cpu "$CPU" \
	--vm "kernel=$LINUX_IMAGE,initrd=$INITRAMFS,mem=256M,append=$LINUX_APPEND" \
	</dev/null >"$OUT/noh.linux.shadow" 2>&1 || fail "Linux under shadowvisor exited $?"
tr -d '\r' <"$OUT/noh.linux.shadow" | grep -qx "init: done" || fail "Linux did not finish"
grep -q "stopped: guest shut down" "$OUT/noh.linux.shadow" || fail "no clean shutdown"
