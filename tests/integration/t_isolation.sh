# Isolation: two hostile guests, one per MMU mode, try every way out of their VMs (random page
# tables naming memory outside their RAM and devices, self-mapping tables written through the
# store emulation, Bare mode, SBI calls given foreign buffers) while a Linux VM beside them
# runs the workload suite, whose programs check their own results, and a memory canary that
# checks 32 MiB over and over meanwhile. Zero violations, and Linux's results and canary intact.
# Beside them, an SMP Linux VM (nested, 2 vCPUs) runs the workload suite too. Five vCPUs on two
# harts: the hostile guests run in parallel with Linux and move between harts.
. "$(dirname "$0")/lib.sh"
H="$ROOT/build/guests/hostile.bin"
ROOTFS="$ROOT/build/linux/rootfs.cpio.gz"
out="$OUT/isolation"

"$ROOT/shadowvisor" run --timeout 600 --harts 2 \
	--vm "kernel=$H,mem=64M,name=hostile-shadow" \
	--vm "kernel=$H,mem=64M,name=hostile-nested,mode=nested" \
	--vm "kernel=$LINUX_IMAGE,initrd=$ROOTFS,mem=256M,name=linux,append=$LINUX_APPEND sv.run=/bin/canary-run.sh" \
	--vm "kernel=$LINUX_IMAGE,initrd=$ROOTFS,mem=256M,name=linux-smp,mode=nested,vcpus=2,append=$LINUX_APPEND sv.run=/bin/run-all.sh" \
	</dev/null >"$out" 2>&1 ||
	fail "run exited $?: $(grep -aE "stopped|hostile:|workloads: done|canary" "$out" | tail -12)"
tr -d '\r' <"$out" >"$out.txt"
for n in hostile-shadow hostile-nested; do
	grep -E "^\[$n\] hostile: attempts [0-9]+ violations 0$" "$out.txt" ||
		fail "$n: $(grep "^\[$n\]" "$out.txt" | tail -3)"
	grep -q "'$n' stopped: guest shut down" "$out.txt" || fail "$n did not shut down cleanly"
done
sed -n 's/^\[linux\] //p' "$out.txt" | grep '^result workload=' >"$out.results"
check_workloads "$out.results" linux
grep -qx "\[linux\] workloads: done status=0" "$out.txt" || fail "linux: the runner failed"
grep -qE "^\[linux\] canary: mib=32 passes=[0-9]+ check=ok$" "$out.txt" ||
	fail "linux: the memory canary changed: $(grep '^\[linux\] canary:' "$out.txt")"
grep -qx "\[linux\] canary-run: done status=0" "$out.txt" || fail "linux: canary-run failed"
grep -q "'linux' stopped: guest shut down" "$out.txt" || fail "linux did not shut down cleanly"
sed -n 's/^\[linux-smp\] //p' "$out.txt" | grep '^result workload=' >"$out.smp.results"
check_workloads "$out.smp.results" linux-smp
grep -qx "\[linux-smp\] workloads: done status=0" "$out.txt" || fail "linux-smp: the runner failed"
grep -q "'linux-smp' stopped: guest shut down" "$out.txt" || fail "linux-smp did not shut down"
for h in 0 1; do
	grep -qE "^\[shadowvisor\] stats hart=$h exits=[1-9]" "$out.txt" || fail "hart $h ran no guest"
done
