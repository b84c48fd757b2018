#!/bin/sh
# Runs every workload once, in a fixed order, each printing its one result line; the first
# failure is reported but the others still run. Started by /init through sv.run=. First, the
# hypervisor backdoor's limits (svcounters check: "backdoor: na" natively).
status=0
/bin/svcounters check || status=1
for w in forkwait execloop firsttouch mmapchurn mprotect pipeping threads tlbmiss; do
	/bin/"$w" || status=1
done
sh /bin/shellmacro.sh || status=1
sh /bin/parallel.sh || status=1
echo "workloads: done status=$status"
exit $status
