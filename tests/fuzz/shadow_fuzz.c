/*
 * libFuzzer target for the shadow MMU: the input picks the configuration, then drives the
 * harness operation by operation; any contradiction with the reference aborts with the log.
 */
/* First: it sets the feature macros for the system headers. */
#include "shadow_model.c"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Tiny pools force zap-alls; 4 pages is one Sv48 path, the least that makes progress. */
	static const unsigned pools[] = {4, 5, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128};
	/* 2 MiB, 6 MiB and 3 GiB of RAM hold whole superpages, the shadow's own among them. */
	static const unsigned rams[] = {SM_HOT_PAGES, 512, 1536, SM_HUGE_RAM_PAGES};
	struct sm_config cfg;
	struct sm m;

	if (size < 4)
		return 0;
	cfg.pool_pages = pools[data[0] % ARRAY_SIZE(pools)];
	cfg.ram_pages = rams[data[1] % ARRAY_SIZE(rams)];
	cfg.ram_misaligned = data[1] & 0x80;
	/* Each pins its root in a slot of its own (SM_MAX_VCPUS <= SHADOW_PINNED). */
	cfg.nvcpus = 1 + (data[1] >> 2) % SM_MAX_VCPUS;
	cfg.seed = (uint64_t)data[2] | (uint64_t)data[3] << 8;
	if (sm_init(&m, &cfg) < 0)
		abort();
	sm_input(&m, data + 4, size - 4, 0);
	/* Bounds a run whatever the input's length. */
	if (!sm_run(&m, 4096)) {
		fprintf(stderr, "shadow_fuzz: pool %u ram %u%s vcpus %u seed %llu\n%s",
		        cfg.pool_pages, cfg.ram_pages, cfg.ram_misaligned ? " misaligned" : "",
		        cfg.nvcpus, (unsigned long long)cfg.seed, sm_error(&m));
		abort();
	}
	sm_fini(&m);
	return 0;
}
