# The kernel's mm selftests in a Linux guest (guests/linux/selftests), natively and under
# shadowvisor: both runs must finish, and the tests that pass must be the same (a test that
# fails natively may fail in both). The per-test results are printed for the log.
. "$(dirname "$0")/lib.sh"
INITRD="$ROOT/build/linux/selftests.cpio.gz"
APPEND="$LINUX_APPEND sv.run=/bin/run-selftests.sh"
# Fewer passes natively means the kernel configuration or the runner lost tests.
MIN_PASS=14

timeout 900 qemu-system-riscv64 -M virt -cpu rv64 -smp 1 -m 256M -nographic -bios default \
	-kernel "$LINUX_IMAGE" -initrd "$INITRD" -append "$APPEND" </dev/null >"$OUT/selftests.native" 2>&1 ||
	fail "native run exited $?"
"$ROOT/shadowvisor" run --timeout 900 --vm "kernel=$LINUX_IMAGE,initrd=$INITRD,mem=256M,append=$APPEND" \
	</dev/null >"$OUT/selftests.sv" 2>&1 || fail "shadowvisor run exited $?: $(tail -5 "$OUT/selftests.sv")"
for f in native sv; do
	tr -d '\r' <"$OUT/selftests.$f" | grep -qx 'selftests: done' || fail "$f: the suite did not finish"
	tr -d '\r' <"$OUT/selftests.$f" | sed -n 's/^selftest name=\([^ ]*\) result=\([a-z]*\) .*/\1 \2/p' \
		>"$OUT/selftests.$f.results"
	awk '$2 == "pass" { print $1 }' "$OUT/selftests.$f.results" >"$OUT/selftests.$f.pass"
done
# For the log: each test's result natively and under shadowvisor.
awk 'NR == FNR { sv[$1] = $2; next }
	{ printf "selftest %-30s native %-8s shadow %s\n", $1, $2, ($1 in sv) ? sv[$1] : "missing" }' \
	"$OUT/selftests.sv.results" "$OUT/selftests.native.results"
grep '^\[shadowvisor\] stats' "$OUT/selftests.sv"
[ "$(wc -l <"$OUT/selftests.native.pass")" -ge "$MIN_PASS" ] ||
	fail "only $(wc -l <"$OUT/selftests.native.pass") selftests passed natively"
diff -u "$OUT/selftests.native.pass" "$OUT/selftests.sv.pass" || fail "the passing selftests differ"
