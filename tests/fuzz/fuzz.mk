# libFuzzer targets, included by the top-level Makefile, which defines BUILD and PORTABLE_SRCS:
# shadow_fuzz drives the shadow MMU core against its reference (shadow_model.c), emulate_fuzz
# the emulator of guest page-table stores with hostile instructions and registers.
# `make fuzz-smoke` runs them for a minute together, `make fuzz` for FUZZ_SECONDS each. Each has
# its corpus in $(BUILD)/fuzz/NAME.corpus; crash inputs land in $(BUILD)/fuzz/.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 1800
FUZZ_CFLAGS  := -std=c11 -Wall -Wextra -Werror -O1 -g -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Iinclude -I$(LIBFDT_DIR) -Itests/unit -Itests/fuzz
FUZZ_TARGETS := shadow_fuzz emulate_fuzz
FUZZ_BINS    := $(patsubst %,$(BUILD)/fuzz/%,$(FUZZ_TARGETS))
# -rss_limit_mb: ASan quarantine and the corpus take a few hundred MiB; more means a leak.
fuzz_run = cd $(BUILD)/fuzz && ./$(1) -print_final_stats=1 -rss_limit_mb=2048 -max_len=1024 \
	-len_control=20 -max_total_time=$(2) $(1).corpus

.PHONY: fuzz fuzz-smoke

$(BUILD)/fuzz/shadow_fuzz: tests/fuzz/shadow_model.c tests/fuzz/shadow_model.h
$(BUILD)/fuzz/emulate_fuzz: tests/fuzz/exit_env.c
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/unit/phys_host.c $(PORTABLE_SRCS)
	@mkdir -p $(dir $@) $@.corpus
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< tests/unit/phys_host.c $(PORTABLE_SRCS)

fuzz-smoke: $(FUZZ_BINS)
	$(call fuzz_run,shadow_fuzz,40)
	$(call fuzz_run,emulate_fuzz,20)

fuzz: $(FUZZ_BINS)
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(FUZZ_SECONDS)) &&) true
