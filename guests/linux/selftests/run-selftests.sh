#!/bin/sh
# Runs the kernel's mm selftests (guests/linux/selftests/selftests.mk puts them in /selftests),
# each under a time limit, and prints one line per test run:
#   selftest name=NAME result=pass|fail|skip|timeout status=N
# then "selftests: done". A run that does not pass also prints the end of its output, each line
# prefixed "NAME| " and cut to 200 characters. Started by /init through sv.run=. The runs and
# their setup follow the kernel's run_vmtests.sh, with sizes scaled down so that each takes
# seconds in a 256 MiB, one-hart TCG guest (the upstream sizes need 256 MiB of huge pages or
# 128 MiB per test).
LIMIT=60
BIN=/selftests
HUGE=/tmp/huge

PATH=$BIN:$PATH

# run NAME COMMAND ARGS...: one run; status 4 is KSFT_SKIP, and a run that outlives LIMIT is
# killed with SIGTERM by busybox timeout (status 128 + 15).
run() {
	name=$1
	shift
	timeout "$LIMIT" "$@" >/tmp/selftest.out 2>&1
	status=$?
	case $status in
	0) result=pass ;;
	4) result=skip ;;
	143) result=timeout ;;
	*) result=fail ;;
	esac
	[ "$result" = pass ] || tail -n 20 /tmp/selftest.out | cut -c 1-200 | sed "s/^/$name| /"
	echo "selftest name=$name result=$result status=$status"
}

# gup_test and split_huge_page_test use debugfs; the hugetlb tests use 20 huge pages (40 MiB:
# hugetlb-madvise wants 20 free) and files in a hugetlbfs mount, as run_vmtests.sh sets up.
# hugepage-mmap opens huge/hugepagefile relative to its working directory.
cd /tmp || exit 1
mount -t debugfs debugfs /sys/kernel/debug
echo 20 >/proc/sys/vm/nr_hugepages
mkdir -p "$HUGE"
mount -t hugetlbfs hugetlbfs "$HUGE"
# on-fault-limit checks an RLIMIT_MEMLOCK that root's CAP_IPC_LOCK would bypass.
echo 'nobody:x:65534:65534:nobody:/:/bin/false' >/etc/passwd

# Failing natively too, with this kernel in this guest: hugepage-mmap and hugepage-shm (they
# want 256 MiB of huge pages), khugepaged (its last test wants 512 huge pages),
# split_huge_page_test (it makes four huge pages and expects smaps to count one) and
# hugetlb-madvise.
run hugepage-mmap hugepage-mmap
run hugepage-shm hugepage-shm
run map_hugetlb map_hugetlb 8
run hugepage-mremap hugepage-mremap 8 "$HUGE/huge_mremap"
run hugepage-vmemmap hugepage-vmemmap
run hugetlb-madvise hugetlb-madvise "$HUGE/madvise-test"
run map_fixed_noreplace map_fixed_noreplace
run gup_test-get gup_test -u -m 8
run gup_test-pin gup_test -a -m 8
run gup_test-dump gup_test -ct -m 8 -F 0x1 0 19 0x1000
for mod in "" ":dev"; do
	run "userfaultfd-anon$mod" userfaultfd "anon$mod" 8 8
	run "userfaultfd-hugetlb$mod" userfaultfd "hugetlb$mod" 4 8
	run "userfaultfd-hugetlb_shared$mod" userfaultfd "hugetlb_shared$mod" 4 8 "$HUGE/uffd-test"
	rm -f "$HUGE/uffd-test"
	run "userfaultfd-shmem$mod" userfaultfd "shmem$mod" 8 8
done
umount "$HUGE"
echo 0 >/proc/sys/vm/nr_hugepages
run compaction_test compaction_test
run on-fault-limit chpst -u nobody on-fault-limit
run map_populate map_populate
run mlock2-tests mlock2-tests
run mrelease_test mrelease_test
# mremap_test moves 2 GiB regions (touching only 4 MiB of them), more than the heuristic
# overcommit allows in 256 MiB.
echo 1 >/proc/sys/vm/overcommit_memory
run mremap_test mremap_test
echo 0 >/proc/sys/vm/overcommit_memory
run thuge-gen thuge-gen
run virtual_address_range virtual_address_range
run va_128TBswitch va_128TBswitch
run mremap_dontunmap mremap_dontunmap
run madv_populate madv_populate
run soft-dirty soft-dirty
run split_huge_page_test split_huge_page_test
run khugepaged khugepaged
echo "selftests: done"
