#!/bin/sh
# The benchmark's guest side (tools/bench/), started by /init through sv.run=/bin/bench.sh:
# the boot-time mark first, then every workload once. sv.bench=smoke on the kernel command line
# selects tiny sizes (a check that everything runs), otherwise the benchmark sizes: tlbmiss
# with a working set far beyond any TLB (QEMU's included), so nearly every access walks.
scale=full
read -r cmdline </proc/cmdline
for arg in $cmdline; do
	case "$arg" in
	sv.bench=*) scale="${arg#sv.bench=}" ;;
	esac
done

/bin/bootmark || exit 1
# The paging mode the kernel chose (Linux takes the deepest one satp accepts): modes compare
# only on the same one.
sed -n 's/^mmu[[:space:]]*: */bench: mmu=/p' /proc/cpuinfo
if [ "$scale" = smoke ]; then
	set -- "forkwait 20" "execloop 10" "firsttouch 2" "mmapchurn 100" "mprotect 100" \
		"pipeping 100" "threads 5" "tlbmiss 20000 8" "shellmacro.sh 2"
else
	set -- "forkwait 500" "execloop 200" "firsttouch 48" "mmapchurn 3000" "mprotect 10000" \
		"pipeping 4000" "threads 150" "tlbmiss 4000000 256" "shellmacro.sh 10"
fi
status=0
for w in "$@"; do
	# Word splitting is wanted: "NAME ARGS".
	# shellcheck disable=SC2086
	case "$w" in
	*.sh*) sh /bin/$w || status=1 ;;
	*) /bin/$w || status=1 ;;
	esac
done
echo "bench: done status=$status scale=$scale"
exit $status
