# Workloads run inside Linux guests to compare shadow paging with native: one static program per
# guests/linux/workloads/NAME.c, each printing one `result workload=NAME ...` line (see the
# sources). shellmacro.sh and parallel.sh (copies of it at once, for SMP guests) are busybox sh
# scripts, copied as they are into an initramfs, with exits.sh, which both source.

WORKLOADS := forkwait execloop firsttouch mmapchurn mprotect pipeping threads tlbmiss
# -Iinclude: only for sbi/counters.h, the hypervisor's counters extension (constants only).
WORKLOAD_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -static -Iinclude
# Tools, not workloads: bootmark prints the time since reset (the benchmark's boot time, and
# shellmacro.sh's clock), svcounters the exit counts for shellmacro.sh, canary checks memory
# beside other VMs, shootdown checks TLB shootdowns in SMP guests.
WORKLOAD_TOOLS := bootmark svcounters canary shootdown
WORKLOAD_BINS := $(patsubst %,$(BUILD)/linux/workloads/%,$(WORKLOADS) $(WORKLOAD_TOOLS))
WORKLOAD_SCRIPTS := guests/linux/workloads/shellmacro.sh guests/linux/workloads/parallel.sh \
	guests/linux/workloads/exits.sh

$(BUILD)/linux/workloads/threads $(BUILD)/linux/workloads/shootdown: WORKLOAD_CFLAGS += -pthread

$(BUILD)/linux/workloads/%: guests/linux/workloads/%.c guests/linux/workloads/workload.h \
		include/sbi/counters.h guests/linux/workloads/workloads.mk | $(SETUP)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(WORKLOAD_CFLAGS) -o $@ $<

.PHONY: workloads
workloads: $(WORKLOAD_BINS)

# Into the busybox rootfs (guests/linux/busybox.mk reads ROOTFS_FILES: include this first).
ROOTFS_FILES += $(foreach w,$(WORKLOADS) $(WORKLOAD_TOOLS),/bin/$(w)=$(BUILD)/linux/workloads/$(w)) \
	/bin/shellmacro.sh=guests/linux/workloads/shellmacro.sh \
	/bin/parallel.sh=guests/linux/workloads/parallel.sh \
	/bin/exits.sh=guests/linux/workloads/exits.sh \
	/bin/run-all.sh=guests/linux/workloads/run-all.sh \
	/bin/canary-run.sh=guests/linux/workloads/canary-run.sh \
	/bin/bench.sh=guests/linux/workloads/bench.sh
# This file lists the initramfs's files: a change to it rebuilds the initramfs.
$(BUILD)/linux/rootfs.cpio.gz: guests/linux/workloads/workloads.mk
