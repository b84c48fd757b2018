# libfdt, the device-tree library of OpenSBI, U-Boot, Xen, QEMU and Linux, compiled twice from
# the same sources: freestanding into the firmware (HV_CFLAGS) and for the host (PORTABLE_SRCS),
# where the unit tests and fuzzers link it. Included by the top-level Makefile.
#
# The sources are upstream dtc's libfdt as Debian's linux-source-6.1 carries it
# (scripts/dtc/libfdt, synced from dtc 1.6.1): that package is already installed for the Linux
# guests, while the device-tree-compiler source package's tarballs cannot be fetched from the
# Debian mirror here. Only the library is taken, never its libfdt_env.h: include/libfdt_env.h,
# built on our lib, is found through -Iinclude instead.

LIBFDT_DIR   := $(BUILD)/libfdt
# The parts the hypervisor uses: reading, sequential writing and error strings (fdt_addresses.c
# would pull in the read-write part for one function).
LIBFDT_FILES := fdt.c fdt_ro.c fdt_sw.c fdt_strerror.c libfdt.h fdt.h libfdt_internal.h
LIBFDT_SRCS  := $(patsubst %,$(LIBFDT_DIR)/%,$(filter %.c,$(LIBFDT_FILES)))
LIBFDT_HDRS  := $(patsubst %,$(LIBFDT_DIR)/%,$(filter %.h,$(LIBFDT_FILES)))

# One read of the kernel tarball (about ten seconds) for these files alone.
# LINUX_TARBALL comes from guests/linux/linux.mk, included later: recipes expand when they run.
$(LIBFDT_SRCS) $(LIBFDT_HDRS) &: | $(SETUP)
	@echo "libfdt: extracting scripts/dtc/libfdt from $(LINUX_TARBALL)"
	@rm -rf $(LIBFDT_DIR) && mkdir -p $(LIBFDT_DIR)
	tar -xf $(LINUX_TARBALL) -C $(LIBFDT_DIR) --strip-components=4 \
		$(patsubst %,linux-source-6.1/scripts/dtc/libfdt/%,$(LIBFDT_FILES))
	@touch $(LIBFDT_SRCS) $(LIBFDT_HDRS)

LIBFDT_HV_OBJS := $(patsubst %,$(BUILD)/hv/%.o,$(LIBFDT_SRCS))
HV_OBJS += $(LIBFDT_HV_OBJS)
PORTABLE_SRCS += $(LIBFDT_SRCS)
# Every object may include <libfdt.h>, so the headers come first.
$(HV_OBJS): | $(LIBFDT_HDRS)
# A section per function, so that the link's --gc-sections drops the half of the library the
# hypervisor does not call (3.6 KiB of the image). -fwrapv: fdt_next_tag computes the offset past
# a property in an int, which a hostile length overflows (undefined; still so upstream, dtc
# issue #188); wrapped, it fails the bounds check that follows.
$(LIBFDT_HV_OBJS): HV_CFLAGS += -ffunction-sections -fdata-sections -fwrapv

# The unit tests link the library built the same way (the fuzzers too: tests/fuzz/fuzz.mk).
LIBFDT_UNIT_OBJS := $(patsubst $(LIBFDT_DIR)/%.c,$(BUILD)/host-libfdt/%.o,$(LIBFDT_SRCS))
.SECONDARY: $(LIBFDT_UNIT_OBJS)
$(BUILD)/host-libfdt/%.o: $(LIBFDT_DIR)/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -fwrapv -c -o $@ $<
