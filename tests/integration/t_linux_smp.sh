# SMP Linux guests (nested mode; shadow mode runs one vCPU per VM for now): the kernel brings up
# every vCPU it is given, as natively at the same -smp, and the TLB-shootdown check (threads on
# other vCPUs touching memory that one thread mprotects or unmaps) finds no access that
# succeeded after the call returned: with a hart per vCPU, with vCPUs time-sliced on fewer
# harts (and moving between them), and natively. The workload suite and the mm selftests in a
# 2-vCPU guest on 2 harts give the results they give natively at -smp 2. Shadow mode refuses
# vcpus > 1 with a reason.
# A limit: QEMU 7.2 flushes a hart's whole TLB at every change of V (riscv_cpu_set_virt_enabled),
# so in nested mode every exit flushes, and the guest's check passed even with the remote flush
# removed on purpose (core/hv_lock.c). The flushes the target harts count show the shootdowns.
. "$(dirname "$0")/lib.sh"
ROOTFS="$ROOT/build/linux/rootfs.cpio.gz"
make -s -C "$ROOT" rootfs >/dev/null || fail "make rootfs failed"

# smp-check.sh ROUNDS (a second initramfs archive): what the kernel brought up, then the check.
cat >"$OUT/smp-check.sh" <<'SCRIPT'
#!/bin/sh
echo "smp: cpus=$(grep -c ^processor /proc/cpuinfo) online=$(cat /sys/devices/system/cpu/online)"
/bin/shootdown "$(sed -n 's/.*sv\.rounds=\([0-9]*\).*/\1/p' /proc/cmdline)"
SCRIPT
echo "file /bin/smp-check.sh $OUT/smp-check.sh 0755 0 0" >"$OUT/smp-check.list"
"$ROOT/build/linux/obj/usr/gen_init_cpio" "$OUT/smp-check.list" | gzip >"$OUT/smp-check.cpio.gz" ||
	fail "gen_init_cpio failed"
cat "$ROOTFS" "$OUT/smp-check.cpio.gz" >"$OUT/smp-initrd.cpio.gz"
append() { echo "$LINUX_APPEND sv.run=/bin/smp-check.sh sv.rounds=$1"; }

# check FILE VCPUS ROUNDS: the kernel's CPUs and a clean shootdown check.
check() {
	tr -d '\r' <"$1" >"$1.txt"
	grep -qx "smp: cpus=$2 online=0-$(($2 - 1))" "$1.txt" ||
		fail "$1: not $2 CPUs: $(grep '^smp:' "$1.txt")"
	grep -qE "^shootdown: cpus=$2 workers=$(($2 - 1)) rounds=$3 .* violations=0 check=ok$" "$1.txt" ||
		fail "$1: $(grep -E '^shootdown:' "$1.txt" || tail -3 "$1.txt")"
	grep -qx "init: sv.run exit 0" "$1.txt" || fail "$1: the check failed"
}

timeout 300 qemu-system-riscv64 -M virt -cpu rv64 -smp 2 -m 256M -nographic -bios default \
	-kernel "$LINUX_IMAGE" -initrd "$OUT/smp-initrd.cpio.gz" -append "$(append 2000)" \
	</dev/null >"$OUT/smp.native" 2>&1 || fail "native run exited $?"
check "$OUT/smp.native" 2 2000

# vcpus harts rounds: one hart each, then time-sliced (fewer rounds: a waiting thread's vCPU
# runs only when its hart's slice ends).
for run in "2 2 2000" "4 2 200" "2 1 100"; do
	set -- $run
	f="$OUT/smp.v$1h$2"
	"$ROOT/shadowvisor" run --timeout 300 --harts "$2" \
		--vm "kernel=$LINUX_IMAGE,initrd=$OUT/smp-initrd.cpio.gz,mem=256M,mode=nested,vcpus=$1,append=$(append "$3")" \
		</dev/null >"$f" 2>&1 || fail "vcpus=$1 on $2 harts exited $?: $(tail -3 "$f")"
	check "$f" "$1" "$3"
	grep -q "stopped: guest shut down" "$f.txt" || fail "$f: no clean shutdown"
done
# Remote fences became shootdowns, and the other hart did the flushes (counted where done).
grep -qE "^\[shadowvisor\] stats hart=[01] .* flushes=[1-9]" "$OUT/smp.v2h2.txt" ||
	fail "no hart flushed its TLB for another's remote fence"

# native_smp2 OUTFILE INITRAMFS APPEND / sv_smp2 OUTFILE INITRAMFS APPEND: 2 harts, 2 vCPUs.
native_smp2() {
	timeout 900 qemu-system-riscv64 -M virt -cpu rv64 -smp 2 -m 256M -nographic -bios default \
		-kernel "$LINUX_IMAGE" -initrd "$2" -append "$3" </dev/null >"$1" 2>&1 || fail "$1: exited $?"
	tr -d '\r' <"$1" >"$1.txt"
}
sv_smp2() {
	"$ROOT/shadowvisor" run --timeout 900 --harts 2 \
		--vm "kernel=$LINUX_IMAGE,initrd=$2,mem=256M,mode=nested,vcpus=2,append=$3" \
		</dev/null >"$1" 2>&1 || fail "$1: exited $?: $(tail -3 "$1")"
	tr -d '\r' <"$1" >"$1.txt"
}
for run in native_smp2 sv_smp2; do
	f="$OUT/smp-workloads.$run"
	$run "$f" "$ROOTFS" "$LINUX_APPEND sv.run=/bin/run-all.sh"
	grep '^result workload=' "$f.txt" >"$f.results"
	check_workloads "$f.results" "$run"
	grep -qx "workloads: done status=0" "$f.txt" || fail "$run: the workload runner failed"
done
SELFTESTS="$ROOT/build/linux/selftests.cpio.gz"
make -s -C "$ROOT" selftests >/dev/null || fail "make selftests failed"
for run in native_smp2 sv_smp2; do
	f="$OUT/smp-selftests.$run"
	$run "$f" "$SELFTESTS" "$LINUX_APPEND sv.run=/bin/run-selftests.sh"
	grep -qx 'selftests: done' "$f.txt" || fail "$run: the selftests did not finish"
	sed -n 's/^selftest name=\([^ ]*\) result=pass .*/\1/p' "$f.txt" >"$f.pass"
done
diff -u "$OUT/smp-selftests.native_smp2.pass" "$OUT/smp-selftests.sv_smp2.pass" ||
	fail "the passing selftests differ at 2 vCPUs"

"$ROOT/shadowvisor" run --timeout 60 --vm "kernel=$LINUX_IMAGE,mode=shadow,vcpus=2" \
	</dev/null >"$OUT/smp.shadow" 2>&1
[ $? -eq 64 ] || fail "shadow mode with vcpus=2 was not refused"
grep -q "vcpus=2 needs mode=nested" "$OUT/smp.shadow" || fail "no reason for the refusal"
hv_direct "$OUT/smp.shadow.hv" 128M "$LINUX_IMAGE" $'name=smp\nmem=64M\nvcpus=2'
[ $? -eq 2 ] || fail "the hypervisor did not refuse shadow mode with vcpus=2"
grep -q "shadow mode runs one vCPU per VM for now" "$OUT/smp.shadow.hv" || fail "no reason from the hypervisor"
