# libFuzzer target for the shadow MMU core; included by the top-level Makefile, which defines
# BUILD and PORTABLE_SRCS. `make fuzz-smoke` runs it for a minute, `make fuzz` for
# FUZZ_SECONDS. The corpus lives in $(BUILD)/fuzz/corpus, crash inputs in $(BUILD)/fuzz/.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 1800
FUZZ_CFLAGS  := -std=c11 -Wall -Wextra -Werror -O1 -g -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Iinclude -I$(LIBFDT_DIR) -Itests/unit -Itests/fuzz
FUZZ_BIN     := $(BUILD)/fuzz/shadow_fuzz
FUZZ_CORPUS  := $(BUILD)/fuzz/corpus
# -rss_limit_mb: ASan quarantine and the corpus take a few hundred MiB; more means a leak.
FUZZ_RUN      = cd $(BUILD)/fuzz && ./shadow_fuzz -print_final_stats=1 -rss_limit_mb=2048 \
	-max_len=1024 -len_control=20 corpus

.PHONY: fuzz fuzz-smoke

$(FUZZ_BIN): tests/fuzz/shadow_fuzz.c tests/fuzz/shadow_model.c tests/fuzz/shadow_model.h \
		tests/unit/phys_host.c $(PORTABLE_SRCS)
	@mkdir -p $(dir $@) $(FUZZ_CORPUS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ tests/fuzz/shadow_fuzz.c tests/unit/phys_host.c \
		$(PORTABLE_SRCS)

fuzz-smoke: $(FUZZ_BIN)
	$(FUZZ_RUN) -max_total_time=60

fuzz: $(FUZZ_BIN)
	$(FUZZ_RUN) -max_total_time=$(FUZZ_SECONDS)
