# The kernel's memory-management selftests (tools/testing/selftests/vm of the guest kernel's
# source), cross-built statically with the selftests' own flags against the UAPI headers of the
# configured kernel, and run in the guest by run-selftests.sh (see
# tests/integration/t_linux_selftests.sh). Make's dependencies are the cache.
# Left out:
#  - ksm_tests and migration need libnuma, mlock-random-test and memfd_secret need libcap:
#    Debian 12 has neither for riscv64 (not a release architecture), and the cross toolchain
#    has only the C library.
#  - hmm-tests needs the test_hmm kernel module and ZONE_DEVICE memory.
#  - protection_keys is for x86 and powerpc only (the selftests' Makefile skips it too).
#  - transhuge-stress loops until it is killed and gives no verdict.
#  - write_to_hugetlbfs is a helper of the hugetlb cgroup scripts, not a test of its own.
#
# The tests (13 MB) go into their own initramfs, $(SELFTESTS_INITRAMFS): the busybox rootfs
# followed by a second cpio archive with /selftests (Linux unpacks concatenated archives). In the
# default rootfs they would make every Linux guest's initramfs twice as large and slower to boot.

SELFTESTS_SRC := $(LINUX_SRC)/tools/testing/selftests/vm
SELFTESTS_DIR := $(BUILD)/linux/selftests
SELFTESTS_HDR := $(BUILD)/linux/headers
SELFTESTS := compaction_test gup_test hugepage-mmap hugepage-mremap hugepage-shm \
	hugepage-vmemmap hugetlb-madvise khugepaged madv_populate map_fixed_noreplace map_hugetlb \
	map_populate mlock2-tests mrelease_test mremap_dontunmap mremap_test on-fault-limit \
	soft-dirty split_huge_page_test thuge-gen userfaultfd va_128TBswitch virtual_address_range
SELFTESTS_BINS := $(patsubst %,$(SELFTESTS_DIR)/bin/%,$(SELFTESTS))
SELFTESTS_INITRAMFS := $(BUILD)/linux/selftests.cpio.gz
# As in the selftests' Makefile, plus -static: the initramfs has no C library.
SELFTESTS_CFLAGS := -Wall -I $(LINUX_SRC) -isystem $(SELFTESTS_HDR)/include -static

# After the kernel build: both use its object directory.
$(SELFTESTS_HDR)/.installed: $(LINUX_IMAGE)
	$(LINUX_MAKE) -s headers_install INSTALL_HDR_PATH=$(abspath $(SELFTESTS_HDR))
	@touch $@

# The sources come with the kernel tree's extraction. Saying so lets make pick the pattern rule
# below in a clean build, where the tree is extracted during the same run (make would otherwise
# decide from its stale view of the directory that there is no way to make the binaries).
$(SELFTESTS_SRC)/%.c: | $(LINUX_SRC)/Makefile
	@test -f $@
# They are sources, not intermediate files make may delete once the tests are built.
.PRECIOUS: $(SELFTESTS_SRC)/%.c

$(SELFTESTS_DIR)/bin/%: $(SELFTESTS_SRC)/%.c $(SELFTESTS_HDR)/.installed \
		guests/linux/selftests/selftests.mk
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(SELFTESTS_CFLAGS) -o $@ $(filter %.c,$^) -lrt -lpthread
$(patsubst %,$(SELFTESTS_DIR)/bin/%,khugepaged madv_populate soft-dirty split_huge_page_test \
	userfaultfd): $(SELFTESTS_SRC)/vm_util.c
# userfaultfd's feature probe fails on kernels without every feature: see uffd-features.h.
$(SELFTESTS_DIR)/bin/userfaultfd: guests/linux/selftests/uffd-features.h
$(SELFTESTS_DIR)/bin/userfaultfd: SELFTESTS_CFLAGS += -include guests/linux/selftests/uffd-features.h
# mrelease_test never includes <sys/syscall.h>, so its syscall numbers fall back to -1 (ENOSYS)
# and it skips everywhere.
$(SELFTESTS_DIR)/bin/mrelease_test: SELFTESTS_CFLAGS += -include sys/syscall.h

$(SELFTESTS_DIR)/selftests.list: guests/linux/selftests/selftests.mk
	@mkdir -p $(dir $@)
	@{ echo 'dir /selftests 0755 0 0'; \
		echo 'file /bin/run-selftests.sh $(abspath guests/linux/selftests/run-selftests.sh) 0755 0 0'; \
		$(foreach t,$(SELFTESTS),echo 'file /selftests/$(t) $(abspath $(SELFTESTS_DIR)/bin/$(t)) 0755 0 0';) \
	} >$@

$(SELFTESTS_INITRAMFS): $(ROOTFS_INITRAMFS) $(SELFTESTS_DIR)/selftests.list $(SELFTESTS_BINS) \
		guests/linux/selftests/run-selftests.sh
	{ cat $(ROOTFS_INITRAMFS); \
		$(LINUX_OBJ)/usr/gen_init_cpio $(SELFTESTS_DIR)/selftests.list | gzip -9n; } >$@.tmp
	@mv $@.tmp $@

.PHONY: selftests
selftests: $(SELFTESTS_INITRAMFS)
