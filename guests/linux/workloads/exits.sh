# Sourced by the shell workloads: the VM's exit counts over a measurement, through svcounters
# (shadowvisor's counters extension), or exits=na natively or without it. The caller defines
# now_ns, its clock: an empty measurement spans the same commands as the real one (two clock
# reads, a save) and its cost is subtracted.

# exits_begin: just before the measured part's first clock read.
exits_begin() {
	command -v svcounters >/dev/null || return 0
	c0=$(svcounters save)
	now_ns
	now_ns
	c1=$(svcounters save)
	e0=$(svcounters save)
}

# exits_end OPS: after its last clock read; prints " exits=na" or " exits_per_op=... ...".
exits_end() {
	if [ -n "${e0:-}" ]; then
		svcounters report "$1" "$e0" "$c0" "$c1"
	else
		echo " exits=na"
	fi
}
