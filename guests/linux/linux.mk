# Linux guests, from Debian's linux-source-6.1 only: an out-of-tree build whose configuration is
# tinyconfig plus guests/linux/kernel.config. Make's dependencies are the cache: an unchanged
# configuration rebuilds nothing. The Image is touched even when kbuild leaves it as it was
# (a fragment edit that changes no option), or make would run kbuild every time.

LINUX_TARBALL := /usr/src/linux-source-6.1.tar.xz
LINUX_SRC     := $(BUILD)/linux/src
LINUX_OBJ     := $(BUILD)/linux/obj
LINUX_MAKE     = $(MAKE) -C $(LINUX_SRC) O=$(abspath $(LINUX_OBJ)) ARCH=riscv CROSS_COMPILE=$(CROSS)
LINUX_IMAGE   := $(LINUX_OBJ)/arch/riscv/boot/Image
SMOKE_INITRAMFS := $(BUILD)/linux/smoke.cpio.gz

$(LINUX_SRC)/Makefile: | $(SETUP)
	@echo "linux: extracting $(LINUX_TARBALL)"
	@mkdir -p $(LINUX_SRC)
	tar -xf $(LINUX_TARBALL) -C $(LINUX_SRC) --strip-components=1
	@touch $@

$(LINUX_OBJ)/.config: guests/linux/kernel.config $(LINUX_SRC)/Makefile
	@mkdir -p $(LINUX_OBJ)
	$(LINUX_MAKE) -s tinyconfig
	cd $(LINUX_OBJ) && $(abspath $(LINUX_SRC))/scripts/kconfig/merge_config.sh -m -O . .config \
		$(abspath guests/linux/kernel.config) >/dev/null
	$(LINUX_MAKE) -s olddefconfig
	@for opt in $$(grep -o '^CONFIG_[A-Z0-9_]*=y' guests/linux/kernel.config); do \
		grep -qx "$$opt" $@ || { echo "linux: $$opt did not survive olddefconfig" >&2; exit 1; }; \
	done

$(LINUX_IMAGE): $(LINUX_OBJ)/.config
	@echo "linux: building the kernel (a few minutes the first time)"
	$(LINUX_MAKE) -s -j$$(nproc) Image
	@touch $@

$(BUILD)/linux/smoke-init: guests/linux/smoke/init.c | $(SETUP)
	@mkdir -p $(dir $@)
	$(CROSS)gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -static -o $@ $<

# gen_init_cpio comes with the kernel build: device nodes without root.
$(SMOKE_INITRAMFS): guests/linux/smoke/initramfs.list $(BUILD)/linux/smoke-init $(LINUX_IMAGE)
	sed 's|@INIT@|$(abspath $(BUILD)/linux/smoke-init)|' $< >$(BUILD)/linux/smoke.list
	$(LINUX_OBJ)/usr/gen_init_cpio $(BUILD)/linux/smoke.list | gzip -9 >$@

linux: $(LINUX_IMAGE) $(SMOKE_INITRAMFS)
