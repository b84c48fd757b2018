# Workloads run inside Linux guests to compare shadow paging with native: one static program per
# guests/linux/workloads/NAME.c, each printing one `result workload=NAME ...` line (see the
# sources). shellmacro.sh is a busybox sh script, copied as it is into an initramfs.

WORKLOADS := forkwait execloop firsttouch mmapchurn mprotect pipeping threads tlbmiss
WORKLOAD_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -static
WORKLOAD_BINS := $(patsubst %,$(BUILD)/linux/workloads/%,$(WORKLOADS))
WORKLOAD_SCRIPTS := guests/linux/workloads/shellmacro.sh

$(BUILD)/linux/workloads/threads: WORKLOAD_CFLAGS += -pthread

$(BUILD)/linux/workloads/%: guests/linux/workloads/%.c guests/linux/workloads/workload.h \
		guests/linux/workloads/workloads.mk | $(SETUP)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(WORKLOAD_CFLAGS) -o $@ $<

.PHONY: workloads
workloads: $(WORKLOAD_BINS)

# Into the busybox rootfs (guests/linux/busybox.mk reads ROOTFS_FILES: include this first).
ROOTFS_FILES += $(foreach w,$(WORKLOADS),/bin/$(w)=$(BUILD)/linux/workloads/$(w)) \
	/bin/shellmacro.sh=guests/linux/workloads/shellmacro.sh \
	/bin/run-all.sh=guests/linux/workloads/run-all.sh
