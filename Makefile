# shadowvisor: `make run` boots a guest, `make test` checks everything. Both install what is
# missing first (scripts/setup.sh, Debian packages only).

CROSS    ?= riscv64-linux-gnu-
HOSTCC   ?= gcc
BUILD    := build
SETUP    := $(BUILD)/.setup-done

# The cross compiler's own headers (stdint.h, stdbool.h, ...), asked for by the shell that runs
# each recipe: the compiler may not be installed yet while this file is parsed (setup installs it).
CROSS_ISYSTEM = -isystem "$$($(CROSS)gcc -print-file-name=include)"

# The firmware: freestanding, no FPU use (the guest owns the FP registers), position-dependent.
HV_CFLAGS = -std=c11 -Wall -Wextra -Werror -O2 -g -march=rv64imac_zicsr_zifencei -mabi=lp64 \
	-mcmodel=medany -ffreestanding -fno-builtin -nostdinc -fno-pic -fno-stack-protector \
	-fno-omit-frame-pointer $(CROSS_ISYSTEM) -Ilib/freestanding/include -Iinclude -I$(LIBFDT_DIR) \
	-MMD -MP
HV_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--gc-sections -Wl,--no-warn-rwx-segments -T boot/link.ld

HV_SRCS := $(wildcard arch/*.S boot/*.S boot/*.c core/*.S core/*.c mm/*.c mmu/*.c sbi/*.c dev/*.c \
	lib/*.c)
HV_OBJS := $(patsubst %,$(BUILD)/hv/%.o,$(HV_SRCS))

# MMU, memory, configuration and device-tree logic that also compiles for the host, where tests
# check it.
PORTABLE_SRCS := lib/printf.c mm/page_alloc.c mm/chunk_arena.c mm/pt_pool.c mm/pmap.c mmu/pt.c mmu/guest_walk.c \
	mmu/insn_decode.c mmu/shadow_core.c mmu/shadow_oos.c mmu/shadow_fault.c mmu/shadow_emulate.c \
	core/vm_config.c core/guest_layout.c core/guest_fdt.c core/watchdog.c boot/platform.c
# libfdt, in both builds: LIBFDT_DIR, its sources added to HV_OBJS and PORTABLE_SRCS.
include lib/libfdt.mk
HOST_CFLAGS := -std=c11 -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -Iinclude -I$(LIBFDT_DIR) -Itests/unit
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))

.PHONY: all hv guests linux rootfs setup test unit integration run lint format clean bench \
	bench-smoke bench-smp bench-mem deps-check fresh-test
all: hv guests

$(SETUP): scripts/setup.sh
	@scripts/setup.sh
	@mkdir -p $(BUILD) && touch $@
setup: $(SETUP)

hv: $(BUILD)/shadowvisor.bin
$(BUILD)/shadowvisor.elf: $(HV_OBJS) boot/link.ld | $(SETUP)
	$(CROSS)gcc $(HV_CFLAGS) $(HV_LDFLAGS) -o $@ $(HV_OBJS)
$(BUILD)/shadowvisor.bin: $(BUILD)/shadowvisor.elf
	$(CROSS)objcopy -O binary $< $@
$(BUILD)/hv/%.o: % | $(SETUP)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(HV_CFLAGS) -c -o $@ $<

include guests/guests.mk
guests: $(GUEST_BINS)
include guests/linux/linux.mk
include guests/linux/workloads/workloads.mk
include guests/linux/busybox.mk
include guests/linux/selftests/selftests.mk

$(BUILD)/unit/%: tests/unit/%.c $(PORTABLE_SRCS) $(LIBFDT_UNIT_OBJS) | $(SETUP)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter-out tests/fuzz/% $(LIBFDT_SRCS),$^) -lcmocka
# test_shadow includes the fuzzer's harness, so it is rebuilt when the harness changes.
$(BUILD)/unit/test_shadow: tests/fuzz/shadow_model.c tests/fuzz/shadow_model.h
$(BUILD)/unit/test_shadow_exits: tests/fuzz/exit_env.c

# The device tree QEMU's virt machine really passes, with a kernel and a ramdisk module placed
# by the guest-loader as the host command does (a 64 KiB image each), for the probe's tests.
$(BUILD)/virt.dtb: | $(SETUP)
	@mkdir -p $(BUILD)/unit && truncate -s 64K $(BUILD)/unit/module.img
	qemu-system-riscv64 -M virt,dumpdtb=$@ -m 256M -smp 2 -nographic \
		-device guest-loader,addr=0x80400000,initrd=$(BUILD)/unit/module.img \
		-device "guest-loader,addr=0x80600000,kernel=$(BUILD)/unit/module.img,bootargs=$$(printf 'name=a\nmem=64M')" \
		>/dev/null 2>&1

# The per-VM trees the writer before libfdt produced, which test_guest_fdt compares with.
GOLDEN_DTBS := $(patsubst tests/unit/golden/%.dts,$(BUILD)/unit/golden/%.dtb,\
	$(wildcard tests/unit/golden/*.dts))
$(BUILD)/unit/golden/%.dtb: tests/unit/golden/%.dts | $(SETUP)
	@mkdir -p $(dir $@)
	dtc -q -I dts -O dtb -o $@ $<

unit: $(UNIT_TESTS) $(BUILD)/virt.dtb $(GOLDEN_DTBS)
	@FDT_TEST_DTB=$(BUILD)/virt.dtb GUEST_FDT_GOLDEN=$(BUILD)/unit/golden \
		tests/run-unit.sh $(UNIT_TESTS)

integration: all linux rootfs selftests
	@tests/integration/run.sh

include tests/fuzz/fuzz.mk

# Native, shadow and nested side by side (tools/bench/bench.py): BENCH_REPS (wall-clock runs,
# default 5), BENCH_ICOUNT_REPS (instruction-count runs, default 2) and BENCH_MODES change it.
bench: hv rootfs $(BUILD)/guests/exit-cost.bin
	tools/bench/bench.py
# SMP on the wall clock (tools/bench/smp.py): N VMs on N harts, and SMP guests; results/smp/.
bench-smp: hv rootfs
	tools/bench/smp.py
# Host memory of 4 and 8 identical Linux VMs, booted and after the workloads; results/mem/.
bench-mem: hv rootfs
	tools/bench/mem.py
# One short run of each kind, to check the harness end to end; its report stays in build/.
bench-smoke: hv rootfs $(BUILD)/guests/exit-cost.bin
	tools/bench/bench.py --scale smoke --reps 1 --icount-reps 1 --timeout 300 \
		--out $(BUILD)/bench-smoke
	@test -s $(BUILD)/bench-smoke/report.md

test: deps-check lint unit fuzz-smoke integration bench-smoke

# What a fresh machine's first run needs (tests/deps/check.sh); `make fresh-test` is the real
# thing: make test in a new Debian 12 root (scripts/fresh-root.sh, half an hour, needs root).
deps-check:
	@tests/deps/check.sh
fresh-test:
	scripts/fresh-root.sh make test

# Two Linux VMs side by side, one per MMU mode (guests/linux/two-vms.conf).
run: hv rootfs
	@echo "make run: two Linux VMs; Ctrl-] 0 / Ctrl-] 1 switch the console, Ctrl-] h is the hypervisor console"
	./shadowvisor run --config guests/linux/two-vms.conf

lint: | $(SETUP)
	tools/deps/include-graph.py
	cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem -Iinclude -Ilib/freestanding/include \
		boot core mm mmu sbi dev lib
	clang-format --dry-run --Werror $(filter %.c,$(HV_SRCS)) $$(find include tests guests -name '*.[ch]')

format:
	clang-format -i $(filter %.c,$(HV_SRCS)) $$(find include tests guests -name '*.[ch]')

clean:
	rm -rf $(BUILD)

-include $(HV_OBJS:.o=.d)
