#!/bin/sh
# shellmacro: many short processes, the way shell scripts use them: subshells, command
# substitutions, pipelines, expr, sh -c. Every step's output or exit status is checked, so a
# process that computed garbage fails the run instead of making it look fast. Written for
# busybox ash; needs the sh, cat and expr applets (date is optional) and /bin/exits.sh.
#
# usage: shellmacro.sh [ITERATIONS]     ops = iterations, each about ten processes (most of them a
# fork+exec of busybox: 70-120 ms an iteration natively under QEMU TCG, hence the default of 10)
NAME=shellmacro

fail() {
	echo "result workload=$NAME check=FAILED reason=$1 at=${2:-0}"
	exit 1
}

ops=${1:-10}
case $ops in
'' | *[!0-9]* | 0*) fail bad-argument ;;
esac

# The clock, in nanoseconds: the time CSR through bootmark (10 MHz) where it is installed, else
# date +%s%N where the date applet has %N, else /proc/uptime (centiseconds), else date +%s.
clock=none
probe=$(bootmark 2>/dev/null)
case $probe in
'bootmark time='[0-9]*) clock=timecsr ;;
esac
if [ $clock = none ]; then
	probe=$(date +%s%N 2>/dev/null)
	case $probe in
	'' | *[!0-9]*) ;;
	*) [ ${#probe} -ge 19 ] && clock=ns ;;
	esac
fi
if [ $clock = none ]; then
	if [ -r /proc/uptime ]; then
		clock=uptime
	else
		probe=$(date +%s 2>/dev/null)
		case $probe in
		'' | *[!0-9]*) fail no-clock ;;
		esac
		clock=sec
	fi
fi

now_ns() {
	case $clock in
	timecsr)
		t=$(bootmark)
		t=$((${t#bootmark time=} * 100))
		;;
	ns) t=$(date +%s%N) ;;
	uptime)
		read -r up _ </proc/uptime
		s=${up%.*}
		f=${up#*.}
		f=${f#0}
		t=$((s * 1000000000 + f * 10000000))
		;;
	sec) t=$(($(date +%s) * 1000000000)) ;;
	esac
}

# Exit counts (exits.sh): shadowvisor only, exits=na natively.
. /bin/exits.sh
exits_begin
now_ns
t0=$t
i=0
while [ $i -lt $ops ]; do
	# A subshell: fork and exit with a status.
	(
		true
		exit $((i & 7))
	)
	[ $? -eq $((i & 7)) ] || fail subshell-status $i
	# A pipeline inside a command substitution.
	x=$(echo "hello $i" | cat)
	[ "$x" = "hello $i" ] || fail echo-cat $i
	# An external command's output.
	y=$(expr $i \* 3 + 1)
	[ "$y" = $((i * 3 + 1)) ] || fail expr $i
	# A longer pipeline.
	z=$(echo "$i-$i" | cat | cat | cat)
	[ "$z" = "$i-$i" ] || fail pipeline $i
	# A fresh shell: fork and exec.
	sh -c "exit $((i % 5))"
	[ $? -eq $((i % 5)) ] || fail sh-c-status $i
	i=$((i + 1))
done
now_ns
ns=$((t - t0))
exits=$(exits_end "$ops")
[ $ns -gt 0 ] || ns=1

per=$((ns / ops))
printf 'result workload=%s ops=%d seconds=%d.%06d us_per_op=%d.%03d check=ok clock=%s%s\n' \
	$NAME $ops $((ns / 1000000000)) $((ns % 1000000000 / 1000)) $((per / 1000)) \
	$((per % 1000)) $clock "$exits"
