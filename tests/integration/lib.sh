# Helpers for integration tests: run a guest natively (QEMU + OpenSBI) or under shadowvisor,
# and extract the lines a guest prints that must match between the two.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/build/test-out"
mkdir -p "$OUT"

# native_run OUTFILE KERNEL [MEM]: the same guest on QEMU's own OpenSBI; returns QEMU's status.
native_run() {
	local out="$1" kernel="$2" mem="${3:-64M}"
	timeout 60 qemu-system-riscv64 -M virt -cpu rv64 -smp 1 -m "$mem" -nographic \
		-bios default -kernel "$kernel" </dev/null >"$out" 2>&1
}

# sv_run OUTFILE ARGS...: ./shadowvisor run ARGS with a timeout; returns its status.
sv_run() {
	local out="$1"
	shift
	"$ROOT/shadowvisor" run --timeout 60 "$@" </dev/null >"$out" 2>&1
}

# guest_lines FILE NAME: the guest's lines from "NAME: start" to "NAME: done", without the
# environment-specific "info:" lines and without hypervisor messages.
guest_lines() {
	tr -d '\r' <"$1" | sed -n "/^$2: start\$/,/^$2: done\$/p" | grep -v -e '^info:' -e '^\[shadowvisor\]'
}

fail() {
	echo "FAIL: $*"
	exit 1
}

# hv_direct OUTFILE MACHINE_MEM KERNEL BOOTARGS: QEMU with shadowvisor and one kernel module,
# bypassing the host command's checks so the hypervisor's own checks are what is tested.
hv_direct() {
	local out="$1" mem="$2" kernel="$3" bootargs="$4"
	make -s -C "$ROOT" hv >/dev/null || return 99
	timeout 60 qemu-system-riscv64 -M virt -cpu rv64 -smp 1 -m "$mem" -nographic \
		-bios "$ROOT/build/shadowvisor.bin" \
		-device "guest-loader,addr=0x80400000,kernel=$kernel,bootargs=${bootargs//,/,,}" \
		</dev/null >"$out" 2>&1
}

# The MMU modes every fidelity test runs in.
MODES="shadow nested"

# check_fidelity GUEST [MIN_LINES] [EXTRA_VMSPEC]: guests/GUEST natively and under shadowvisor
# in each of $MODES, 64 MiB each, all shut down cleanly and print the same lines. EXTRA_VMSPEC
# (",pool=64K") is added to the shadowvisor runs; their output files are named after it.
# Leaves the shadow run's stats line in STATS.
check_fidelity() {
	local g="$1" min="${2:-5}" extra="${3:-}" bin="$ROOT/build/guests/$1.bin" mode sv
	native_run "$OUT/$g.native" "$bin" 64M || fail "$g: native run exited $?"
	guest_lines "$OUT/$g.native" "$g" >"$OUT/$g.native.lines"
	[ "$(wc -l <"$OUT/$g.native.lines")" -ge "$min" ] || fail "$g: native run printed too little"
	tail -1 "$OUT/$g.native.lines" | grep -q "^$g: done$" || fail "$g: native run did not finish"
	for mode in $MODES; do
		sv="$OUT/$g${extra//[,=]/_}.$mode"
		sv_run "$sv" --vm "kernel=$bin,mem=64M,mode=$mode$extra" ||
			fail "$g: $mode run exited $?: $(tail -3 "$sv")"
		guest_lines "$sv" "$g" >"$sv.lines"
		diff -u "$OUT/$g.native.lines" "$sv.lines" || fail "$g: $mode output differs from native"
		grep -q "stopped: guest shut down" "$sv" || fail "$g: $mode: no clean SRST shutdown"
		grep -q "^\[shadowvisor\] stats vm=vm0 mode=$mode exits=" "$sv" ||
			fail "$g: $mode: no stats line"
	done
	STATS=$(grep "^\[shadowvisor\] stats vm=vm0" "$OUT/$g${extra//[,=]/_}.shadow")
}

# counter NAME: a counter from the stats line check_fidelity left in STATS.
counter() {
	echo "$STATS" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

LINUX_IMAGE="$ROOT/build/linux/obj/arch/riscv/boot/Image"
LINUX_APPEND="console=hvc0 earlycon=sbi panic=-1"

# linux_native OUTFILE INITRAMFS [APPEND]: the kernel on QEMU's OpenSBI, 256 MiB, one hart.
linux_native() {
	timeout 600 qemu-system-riscv64 -M virt -cpu rv64 -smp 1 -m 256M -nographic -bios default \
		-kernel "$LINUX_IMAGE" -initrd "$2" -append "${3:-$LINUX_APPEND}" </dev/null >"$1" 2>&1
}

# linux_sv OUTFILE INITRAMFS MODE [APPEND]: the same under shadowvisor in MMU mode MODE.
linux_sv() {
	"$ROOT/shadowvisor" run --timeout 600 \
		--vm "kernel=$LINUX_IMAGE,initrd=$2,mem=256M,mode=$3,append=${4:-$LINUX_APPEND}" \
		</dev/null >"$1" 2>&1
}

# check_workloads RESULTS WHO: RESULTS holds the workload suite's result lines; all ten must
# be there and have passed their own checks.
check_workloads() {
	[ "$(wc -l <"$1")" -eq 10 ] || fail "$2: expected 10 result lines, got $(wc -l <"$1")"
	if grep -v 'check=ok' "$1"; then
		fail "$2: a workload failed its check"
	fi
}

# Interactive sessions: PID is the guest run whose console output goes to the FILE.
# wait_for FILE SECONDS PATTERN: until a line of FILE (without \r) matches the grep -E PATTERN.
wait_for() {
	local deadline=$((SECONDS + $2))
	until tr -d '\r' <"$1" | grep -qE "$3"; do
		[ $SECONDS -lt $deadline ] || return 1
		kill -0 "$PID" 2>/dev/null || return 1
		sleep 0.2
	done
}

# prompts FILE: how many shell prompts FILE has shown.
prompts() {
	grep -o '/ # ' "$1" | wc -l
}

# wait_prompts FILE SECONDS N: until FILE has shown N prompts.
wait_prompts() {
	local deadline=$((SECONDS + $2))
	until [ "$(prompts "$1")" -ge "$3" ]; do
		[ $SECONDS -lt $deadline ] || return 1
		kill -0 "$PID" 2>/dev/null || return 1
		sleep 0.2
	done
}
