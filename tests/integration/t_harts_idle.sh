# More harts than vCPUs: the spare harts wait in the hypervisor without disturbing the guest,
# whose SBI answers match native QEMU's (one hart), and the machine still ends when it does.
. "$(dirname "$0")/lib.sh"
g=sbi-probe
bin="$ROOT/build/guests/$g.bin"
native_run "$OUT/$g.harts.native" "$bin" 64M || fail "native run exited $?"
guest_lines "$OUT/$g.harts.native" "$g" >"$OUT/$g.harts.native.lines"
for mode in $MODES; do
	sv="$OUT/$g.harts4.$mode"
	sv_run "$sv" --harts 4 --vm "kernel=$bin,mem=64M,mode=$mode" || fail "$mode: exited $?: $(tail -3 "$sv")"
	guest_lines "$sv" "$g" >"$sv.lines"
	diff -u "$OUT/$g.harts.native.lines" "$sv.lines" || fail "$mode: output differs from native"
	grep -q "^\[shadowvisor\] shadowvisor: 4 hart(s)" "$sv" || fail "$mode: the machine had no 4 harts"
	grep -q "^\[shadowvisor\] stats hart=3 exits=" "$sv" || fail "$mode: hart 3 never came up"
done
