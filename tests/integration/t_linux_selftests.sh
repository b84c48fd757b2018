# The kernel's mm selftests in a Linux guest (guests/linux/selftests), natively, under shadowvisor
# in each MMU mode, and in shadow mode with a shadow pool small enough to reclaim and zap: every
# run must finish, and the tests that pass must be the same (a test that fails natively may fail
# in all). The per-test results are printed for the log.
. "$(dirname "$0")/lib.sh"
INITRD="$ROOT/build/linux/selftests.cpio.gz"
APPEND="$LINUX_APPEND sv.run=/bin/run-selftests.sh"
# Fewer passes natively means the kernel configuration or the runner lost tests.
MIN_PASS=23

# sv_selftests NAME EXTRA_VMSPEC: the suite under shadowvisor into $OUT/selftests.NAME.
sv_selftests() {
	"$ROOT/shadowvisor" run --timeout 900 \
		--vm "kernel=$LINUX_IMAGE,initrd=$INITRD,mem=256M$2,append=$APPEND" \
		</dev/null >"$OUT/selftests.$1" 2>&1 || fail "$1 run exited $?: $(tail -5 "$OUT/selftests.$1")"
}

timeout 900 qemu-system-riscv64 -M virt -cpu rv64 -smp 1 -m 256M -nographic -bios default \
	-kernel "$LINUX_IMAGE" -initrd "$INITRD" -append "$APPEND" </dev/null >"$OUT/selftests.native" 2>&1 ||
	fail "native run exited $?"
sv_selftests sv ""
sv_selftests sv-nested ",mode=nested"
sv_selftests sv-pool ",pool=256K"
for f in native sv sv-nested sv-pool; do
	tr -d '\r' <"$OUT/selftests.$f" | grep -qx 'selftests: done' || fail "$f: the suite did not finish"
	tr -d '\r' <"$OUT/selftests.$f" | sed -n 's/^selftest name=\([^ ]*\) result=\([a-z]*\) .*/\1 \2/p' \
		>"$OUT/selftests.$f.results"
	awk '$2 == "pass" { print $1 }' "$OUT/selftests.$f.results" >"$OUT/selftests.$f.pass"
done
# For the log: each test's result in the four runs.
awk 'FILENAME ~ /sv-pool/ { pool[$1] = $2; next } FILENAME ~ /sv-nested/ { nested[$1] = $2; next }
	FILENAME ~ /sv\.results/ { sv[$1] = $2; next }
	{ printf "selftest %-30s native %-7s shadow %-7s nested %-7s small pool %s\n", $1, $2, sv[$1],
		nested[$1], pool[$1] }' "$OUT/selftests.sv-pool.results" "$OUT/selftests.sv-nested.results" \
	"$OUT/selftests.sv.results" "$OUT/selftests.native.results"
grep -h '^\[shadowvisor\] stats' "$OUT/selftests.sv" "$OUT/selftests.sv-nested" "$OUT/selftests.sv-pool"
[ "$(wc -l <"$OUT/selftests.native.pass")" -ge "$MIN_PASS" ] ||
	fail "only $(wc -l <"$OUT/selftests.native.pass") selftests passed natively"
diff -u "$OUT/selftests.native.pass" "$OUT/selftests.sv.pass" || fail "the passing selftests differ"
diff -u "$OUT/selftests.native.pass" "$OUT/selftests.sv-nested.pass" ||
	fail "the passing selftests differ in nested mode"
diff -u "$OUT/selftests.native.pass" "$OUT/selftests.sv-pool.pass" ||
	fail "the passing selftests differ with a small pool"
