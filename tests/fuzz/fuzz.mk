# libFuzzer targets, included by the top-level Makefile, which defines BUILD and PORTABLE_SRCS:
# shadow_fuzz drives the shadow MMU core against its reference (shadow_model.c), emulate_fuzz
# the emulator of guest page-table stores with hostile instructions and registers, fdt_fuzz the
# host device-tree probe with malformed trees.
# `make fuzz-smoke` runs them for seventy seconds together, `make fuzz` for FUZZ_SECONDS each.
# Each has its corpus in $(BUILD)/fuzz/NAME.corpus; crash inputs land in $(BUILD)/fuzz/.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 1800
FUZZ_CFLAGS  := -std=c11 -Wall -Wextra -Werror -O1 -g -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Iinclude -I$(LIBFDT_DIR) -Itests/unit -Itests/fuzz
FUZZ_TARGETS := shadow_fuzz emulate_fuzz fdt_fuzz
FUZZ_BINS    := $(patsubst %,$(BUILD)/fuzz/%,$(FUZZ_TARGETS))
# Inputs of 1 KiB at most; fdt_fuzz's are trees, and its seed (QEMU's virt tree) is nearly 5 KiB.
FUZZ_MAX_LEN_fdt_fuzz := 8192
# -rss_limit_mb: ASan quarantine and the corpus take a few hundred MiB; more means a leak.
fuzz_run = cd $(BUILD)/fuzz && ./$(1) -print_final_stats=1 -rss_limit_mb=2048 \
	-max_len=$(or $(FUZZ_MAX_LEN_$(1)),1024) -len_control=20 -max_total_time=$(2) $(1).corpus

.PHONY: fuzz fuzz-smoke

# libfdt with -fwrapv, as the firmware and the unit tests build it (lib/libfdt.mk says why).
LIBFDT_FUZZ_OBJS := $(patsubst $(LIBFDT_DIR)/%.c,$(BUILD)/fuzz/libfdt/%.o,$(LIBFDT_SRCS))
.SECONDARY: $(LIBFDT_FUZZ_OBJS)
$(BUILD)/fuzz/libfdt/%.o: $(LIBFDT_DIR)/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fwrapv -c -o $@ $<

$(BUILD)/fuzz/shadow_fuzz: tests/fuzz/shadow_model.c tests/fuzz/shadow_model.h
$(BUILD)/fuzz/emulate_fuzz: tests/fuzz/exit_env.c
# Its seed: QEMU's virt tree with a kernel and a ramdisk module, cut to its header's totalsize.
$(BUILD)/fuzz/fdt_fuzz: $(BUILD)/fuzz/fdt_fuzz.corpus/virt.dtb
$(BUILD)/fuzz/fdt_fuzz.corpus/virt.dtb: $(BUILD)/virt.dtb
	@mkdir -p $(dir $@)
	head -c $$(od -An -tu1 -j4 -N4 $< | awk '{print ((($$1*256)+$$2)*256+$$3)*256+$$4}') $< >$@
$(BUILD)/fuzz/%: tests/fuzz/%.c $(PORTABLE_SRCS) $(LIBFDT_FUZZ_OBJS)
	@mkdir -p $(dir $@) $@.corpus
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(filter-out $(LIBFDT_SRCS),$(PORTABLE_SRCS)) \
		$(LIBFDT_FUZZ_OBJS)

fuzz-smoke: $(FUZZ_BINS)
	$(call fuzz_run,shadow_fuzz,40)
	$(call fuzz_run,emulate_fuzz,20)
	$(call fuzz_run,fdt_fuzz,10)

fuzz: $(FUZZ_BINS)
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(FUZZ_SECONDS)) &&) true
