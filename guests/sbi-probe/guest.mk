# SPDX-License-Identifier: MIT
#
# guests/sbi-probe: GNU make fragment.
#
# Include from the top-level Makefile (make runs from the repo root), or use
# standalone:  make -f guests/sbi-probe/guest.mk build/guests/sbi-probe.bin
#
# Defines build/guests/sbi-probe.elf and build/guests/sbi-probe.bin, plus the
# phony targets sbi-probe and sbi-probe-clean. All other variables are
# prefixed SBI_PROBE_ so they do not clash with the including Makefile.

# Must be evaluated before any other include changes MAKEFILE_LIST.
SBI_PROBE_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))

# Keep the including Makefile's default goal (restored at the end), and note
# whether this fragment is the only makefile (make -f .../guest.mk).
SBI_PROBE_SAVED_GOAL := $(.DEFAULT_GOAL)
SBI_PROBE_STANDALONE := $(if $(filter 1,$(words $(MAKEFILE_LIST))),1)

CROSS ?= riscv64-linux-gnu-

SBI_PROBE_OUT   := build/guests
SBI_PROBE_OBJ   := $(SBI_PROBE_OUT)/sbi-probe
SBI_PROBE_ELF   := $(SBI_PROBE_OUT)/sbi-probe.elf
SBI_PROBE_BIN   := $(SBI_PROBE_OUT)/sbi-probe.bin
SBI_PROBE_LDS   := $(SBI_PROBE_DIR)/link.ld

SBI_PROBE_CC      = $(CROSS)gcc
SBI_PROBE_OBJCOPY = $(CROSS)objcopy

SBI_PROBE_SRCS := start.S main.c sbi.c print.c
SBI_PROBE_OBJS := $(addprefix $(SBI_PROBE_OBJ)/,$(addsuffix .o,$(basename $(SBI_PROBE_SRCS))))

# Recursively expanded so the compiler is only queried when building.
SBI_PROBE_CFLAGS = -std=c11 -Wall -Wextra -Werror -O2 \
	-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
	-ffreestanding -nostdlib -nostdinc \
	-isystem $(shell $(SBI_PROBE_CC) -print-file-name=include) \
	-static -no-pie -fno-pic
SBI_PROBE_LDFLAGS = -Wl,--build-id=none -T $(SBI_PROBE_LDS)

.PHONY: sbi-probe sbi-probe-clean
sbi-probe: $(SBI_PROBE_BIN)

$(SBI_PROBE_BIN): $(SBI_PROBE_ELF)
	$(SBI_PROBE_OBJCOPY) -O binary $< $@

$(SBI_PROBE_ELF): $(SBI_PROBE_OBJS) $(SBI_PROBE_LDS) $(SBI_PROBE_DIR)/guest.mk
	@mkdir -p $(@D)
	$(SBI_PROBE_CC) $(SBI_PROBE_CFLAGS) $(SBI_PROBE_LDFLAGS) -o $@ $(SBI_PROBE_OBJS)

$(SBI_PROBE_OBJ)/%.o: $(SBI_PROBE_DIR)/%.c $(SBI_PROBE_DIR)/guest.mk
	@mkdir -p $(@D)
	$(SBI_PROBE_CC) $(SBI_PROBE_CFLAGS) -MMD -MP -c -o $@ $<

$(SBI_PROBE_OBJ)/%.o: $(SBI_PROBE_DIR)/%.S $(SBI_PROBE_DIR)/guest.mk
	@mkdir -p $(@D)
	$(SBI_PROBE_CC) $(SBI_PROBE_CFLAGS) -MMD -MP -c -o $@ $<

sbi-probe-clean:
	rm -rf $(SBI_PROBE_OBJ) $(SBI_PROBE_ELF) $(SBI_PROBE_BIN)

-include $(SBI_PROBE_OBJS:.o=.d)

# Standalone use: default to the binary. Included: leave the including
# Makefile's default goal alone (even if it defines its first target later).
ifeq ($(SBI_PROBE_SAVED_GOAL),)
ifeq ($(SBI_PROBE_STANDALONE),1)
.DEFAULT_GOAL := sbi-probe
else
.DEFAULT_GOAL :=
endif
else
.DEFAULT_GOAL := $(SBI_PROBE_SAVED_GOAL)
endif
