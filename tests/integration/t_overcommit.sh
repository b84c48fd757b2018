# Guest RAM is backed on first touch, so VMs may have more RAM between them than the machine.
# Two Linux VMs of 256 MiB (one per MMU mode) run the workload suite on a machine with less
# memory than their RAM: both finish, every workload passing its check. Then memory really
# runs out: memhog touches all of a 512 MiB VM on a 128 MiB machine and is stopped with a
# message, while a small memhog beside it finds every page it wrote intact and shuts down
# cleanly. Both ways round in the MMU modes.
. "$(dirname "$0")/lib.sh"
ROOTFS="$ROOT/build/linux/rootfs.cpio.gz"
APPEND="$LINUX_APPEND sv.run=/bin/run-all.sh"
MEMHOG="$ROOT/build/guests/memhog.bin"

out="$OUT/overcommit.linux"
"$ROOT/shadowvisor" run --timeout 600 --machine-mem 352M \
	--vm "kernel=$LINUX_IMAGE,initrd=$ROOTFS,mem=256M,mode=shadow,name=a,append=$APPEND" \
	--vm "kernel=$LINUX_IMAGE,initrd=$ROOTFS,mem=256M,mode=nested,name=b,append=$APPEND" \
	</dev/null >"$out" 2>&1 || fail "the overcommitted run exited $?: $(tail -5 "$out")"
grep -q "RAM 0x80000000 + 352 MiB" "$out" || fail "the machine did not get 352 MiB"
for vm in a b; do
	tr -d '\r' <"$out" | sed -n "s/^\[$vm\] //p" | grep '^result workload=' >"$out.$vm.results"
	check_workloads "$out.$vm.results" "overcommitted VM $vm"
	tr -d '\r' <"$out" | grep -qx "\[$vm\] workloads: done status=0" || fail "VM $vm: runner failed"
	grep -q "vm[01] '$vm' stopped: guest shut down" "$out" || fail "VM $vm did not shut down cleanly"
done
grep -o "stats vm=[ab] mode=[a-z]*\|resident_kib=[0-9]*" "$out" | paste - -

for modes in "shadow nested" "nested shadow"; do
	set -- $modes
	out="$OUT/overcommit.oom.$1"
	sv_run "$out" --machine-mem 128M --vm "kernel=$MEMHOG,mem=16M,name=small,mode=$1" \
		--vm "kernel=$MEMHOG,mem=512M,name=big,mode=$2"
	status=$?
	[ $status -eq 3 ] || fail "small $1, big $2: status $status, expected 3: $(tail -5 "$out")"
	grep -q "vm1 'big' stopped: out of memory" "$out" || fail "big $2 was not stopped for memory"
	tr -d '\r' <"$out" | grep -q "^\[small\] memhog: all pages intact" ||
		fail "small $1 lost memory: $(grep -a memhog "$out")"
	grep -q "vm0 'small' stopped: guest shut down" "$out" || fail "small $1 did not shut down"
	# The small one was checking its pages when the big one ran out.
	tr -d '\r' <"$out" | sed -n '/small\] memhog: touched/,/all pages intact/p' |
		grep -q "'big' stopped: out of memory" ||
		fail "small $1 was not running when big $2 ran out"
done
exit 0
