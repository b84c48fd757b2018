#!/bin/sh
# parallel: COPIES copies of shellmacro.sh at once (by default one per CPU online), so that an
# SMP guest's processes keep every vCPU busy: forks, execs, pipes and page faults on all of
# them together. ops = the copies' iterations together; us_per_op is wall time over them, so
# it halves when twice the CPUs do twice the work in the same time. Each copy checks its own
# results, and one that fails fails the run. Needs bootmark (the time CSR) for its clock.
#
# usage: parallel.sh [COPIES [ITERATIONS]]
NAME=parallel

fail() {
	echo "result workload=$NAME check=FAILED reason=$1 at=${2:-0}"
	exit 1
}

copies=${1:-$(nproc)}
iters=${2:-10}
for n in "$copies" "$iters"; do
	case $n in
	'' | *[!0-9]* | 0*) fail bad-argument ;;
	esac
done

# The time CSR at 10 MHz, in nanoseconds.
now_ns() {
	t=$(bootmark) || fail no-clock
	case $t in
	'bootmark time='[0-9]*) t=$((${t#bootmark time=} * 100)) ;;
	*) fail no-clock ;;
	esac
}

# The VM's exits over the run (exits.sh): shadowvisor only, exits=na natively.
. /bin/exits.sh
exits_begin
dir=/tmp/parallel.$$
mkdir -p $dir || fail no-tmp
now_ns
t0=$t
i=0
while [ $i -lt "$copies" ]; do
	sh /bin/shellmacro.sh "$iters" >$dir/$i 2>&1 &
	i=$((i + 1))
done
wait
now_ns
ns=$((t - t0))
i=0
while [ $i -lt "$copies" ]; do
	grep -q '^result workload=shellmacro .* check=ok' $dir/$i || fail copy $i
	i=$((i + 1))
done
rm -rf $dir

ops=$((copies * iters))
exits=$(exits_end "$ops")
per=$((ns / ops))
printf 'result workload=%s ops=%d copies=%d seconds=%d.%06d us_per_op=%d.%03d check=ok%s\n' \
	$NAME $ops "$copies" $((ns / 1000000000)) $((ns % 1000000000 / 1000)) $((per / 1000)) \
	$((per % 1000)) "$exits"
