# Test guests: bare-metal S-mode programs, each guests/NAME/*.c linked with the shared runtime
# in guests/lib, built as flat binaries loaded at 0x80200000 (natively and under shadowvisor).

GUESTS := sbi-probe fault-probe paging-probe as-storm spinner sbi-flood hostile exit-cost memhog
GUEST_LIB_SRCS := guests/lib/start.S guests/lib/sbi.c guests/lib/print.c guests/lib/probes.S
GUEST_CFLAGS = -std=c11 -Wall -Wextra -Werror -O2 -march=rv64imac_zicsr_zifencei -mabi=lp64 \
	-mcmodel=medany -ffreestanding -nostdlib -nostdinc $(CROSS_ISYSTEM) -Iguests/lib -static \
	-no-pie -fno-pic -MMD -MP
GUEST_LDFLAGS := -Wl,--build-id=none -T guests/lib/link.ld

define guest_rules
$(BUILD)/guests/$(1).elf: $(patsubst %,$(BUILD)/guests/obj/%.o,$(GUEST_LIB_SRCS) $(wildcard guests/$(1)/*.c guests/$(1)/*.S)) guests/lib/link.ld
	$(CROSS)gcc $$(GUEST_CFLAGS) $$(GUEST_LDFLAGS) -o $$@ $$(filter %.o,$$^)
endef
$(foreach g,$(GUESTS),$(eval $(call guest_rules,$(g))))

$(BUILD)/guests/%.bin: $(BUILD)/guests/%.elf
	$(CROSS)objcopy -O binary $< $@

$(BUILD)/guests/obj/%.o: % | $(SETUP)
	@mkdir -p $(dir $@)
	$(CROSS)gcc $(GUEST_CFLAGS) -c -o $@ $<

# exit-cost reads the counters extension, whose constants the hypervisor's header holds.
$(BUILD)/guests/obj/guests/exit-cost/main.c.o: GUEST_CFLAGS += -Iinclude

GUEST_BINS := $(patsubst %,$(BUILD)/guests/%.bin,$(GUESTS))
-include $(wildcard $(BUILD)/guests/obj/guests/*/*.d)
