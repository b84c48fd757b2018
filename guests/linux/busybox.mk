# Busybox userland for the Linux guests, from Debian's busybox source package only (fetched with
# `apt-get source`, Debian's patches applied): busybox's defconfig plus guests/linux/busybox.config,
# one static riscv64 binary, installed with its applet links into a staging directory. The
# initramfs $(ROOTFS_INITRAMFS) holds it, /init (guests/linux/rootfs/init) and /etc/inittab.
# Make's dependencies are the cache: an unchanged configuration rebuilds nothing.

BUSYBOX_DIR     := $(BUILD)/busybox
BUSYBOX_SRC     := $(BUSYBOX_DIR)/src
BUSYBOX_OBJ     := $(BUSYBOX_DIR)/obj
BUSYBOX_INSTALL := $(BUSYBOX_DIR)/install
BUSYBOX_MAKE     = $(MAKE) -C $(BUSYBOX_SRC) O=$(abspath $(BUSYBOX_OBJ)) CROSS_COMPILE=$(CROSS)
BUSYBOX_BIN     := $(BUSYBOX_INSTALL)/bin/busybox
ROOTFS_DIR      := guests/linux/rootfs
ROOTFS_INITRAMFS := $(BUILD)/linux/rootfs.cpio.gz

.PHONY: busybox rootfs

# Downloads from the Debian mirror in /etc/apt (setup.sh adds its deb-src entry) and unpacks.
$(BUSYBOX_SRC)/Makefile: | $(SETUP)
	@echo "busybox: fetching Debian's source package (apt-get source busybox)"
	@rm -rf $(BUSYBOX_DIR)/fetch $(BUSYBOX_SRC)
	@mkdir -p $(BUSYBOX_DIR)/fetch
	@cd $(BUSYBOX_DIR)/fetch && apt-get source -q busybox >../fetch.log 2>&1 || \
		{ cat ../fetch.log >&2; echo "busybox: apt-get source busybox failed" >&2; exit 1; }
	@ls $(BUSYBOX_DIR)/fetch/*.dsc
	mv $$(find $(BUSYBOX_DIR)/fetch -mindepth 1 -maxdepth 1 -type d -name 'busybox-*') $(BUSYBOX_SRC)
	@touch $@

# defconfig, then every CONFIG_ line of the fragment replaces busybox's own, then oldconfig
# settles what depends on them (new questions take their defaults).
$(BUSYBOX_OBJ)/.config: guests/linux/busybox.config $(BUSYBOX_SRC)/Makefile
	@mkdir -p $(BUSYBOX_OBJ)
	$(BUSYBOX_MAKE) -s defconfig >/dev/null
	@grep -E '^(CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$$)' $< >$(BUSYBOX_OBJ)/fragment
	@awk 'NR == FNR { match($$0, /CONFIG_[A-Za-z0-9_]+/); set[substr($$0, RSTART, RLENGTH)]; next } \
		!(match($$0, /CONFIG_[A-Za-z0-9_]+/) && substr($$0, RSTART, RLENGTH) in set)' \
		$(BUSYBOX_OBJ)/fragment $@ >$@.merged
	@cat $(BUSYBOX_OBJ)/fragment >>$@.merged
	@mv $@.merged $@
	yes '' | $(BUSYBOX_MAKE) -s oldconfig >/dev/null
	@while IFS= read -r line; do \
		grep -qxF "$$line" $@ || { echo "busybox: '$$line' did not survive oldconfig" >&2; exit 1; }; \
	done <$(BUSYBOX_OBJ)/fragment

$(BUSYBOX_BIN): $(BUSYBOX_OBJ)/.config
	@echo "busybox: building (static; a few minutes the first time; log: $(BUSYBOX_DIR)/build.log)"
	@$(BUSYBOX_MAKE) -s -j$$(nproc) busybox busybox.links >$(BUSYBOX_DIR)/build.log 2>&1 || \
		{ tail -40 $(BUSYBOX_DIR)/build.log >&2; \
		echo "busybox: build failed, see $(BUSYBOX_DIR)/build.log" >&2; exit 1; }
	@rm -rf $(BUSYBOX_INSTALL)
	$(BUSYBOX_MAKE) -s CONFIG_PREFIX=$(abspath $(BUSYBOX_INSTALL)) install >/dev/null
	@touch $@

busybox: $(BUSYBOX_BIN)

# Other fragments add files to the initramfs as GUEST_PATH=HOST_FILE (mode 0755, into one of
# the directories of initramfs.list), e.g. ROOTFS_FILES += /bin/run-all.sh=path/run-all.sh.
# The recipe reads ROOTFS_FILES when it runs; a fragment included after this one must also make
# its files (and itself) prerequisites: $(ROOTFS_INITRAMFS): HOST_FILES.
ROOTFS_FILES ?=
rootfs_part = $(word $(2),$(subst =, ,$(1)))

# gen_init_cpio comes with the kernel build: device nodes without root. busybox.links names
# every applet's path; each becomes a link to /bin/busybox.
$(ROOTFS_INITRAMFS): $(ROOTFS_DIR)/initramfs.list $(ROOTFS_DIR)/init $(ROOTFS_DIR)/inittab \
		guests/linux/busybox.mk $(BUSYBOX_BIN) $(LINUX_IMAGE) \
		$(foreach f,$(ROOTFS_FILES),$(call rootfs_part,$(f),2))
	@mkdir -p $(dir $@)
	{ sed -e 's|@BUSYBOX@|$(abspath $(BUSYBOX_BIN))|' -e 's|@ROOTFS@|$(abspath $(ROOTFS_DIR))|' $<; \
		grep -vx /bin/busybox $(BUSYBOX_OBJ)/busybox.links | sed 's|.*|slink & /bin/busybox 0777 0 0|'; \
		$(foreach f,$(ROOTFS_FILES),echo 'file $(call rootfs_part,$(f),1) \
			$(abspath $(call rootfs_part,$(f),2)) 0755 0 0';) \
	} >$(BUILD)/linux/rootfs.list
	$(LINUX_OBJ)/usr/gen_init_cpio $(BUILD)/linux/rootfs.list | gzip -9n >$@.tmp
	@mv $@.tmp $@

rootfs: $(ROOTFS_INITRAMFS)
