/*
 * Shared set-up for the SLUB tests (test_slub*.c): a fake machine with a
 * buddy allocator (memblock layout over a lazily backed window, paging_init,
 * zonelists, memblock_free_all, watermarks, as efimm's stage_buddy), then
 * kmem_cache_init with a chosen slub_debug= and CPU count, the console
 * captured so the tests can read the reports.
 */
#ifndef SLUB_TEST_UTIL_H
#define SLUB_TEST_UTIL_H

#include "mm_init_test_util.h"
#include <linux/gfp.h>
#include <linux/slab.h>
#include <efimm/page_alloc.h>
#include "../../mm/slab.h"

static char st_out[1 << 20];
static unsigned long st_free_before_slab; /* nr_free_pages() before kmem_cache_init */

/* 1 MiB - 512 MiB on one node. */
static const struct ram st_one_node[] = { { 0x100000, 0x1fffffff, 0 } };
/* Two nodes of 256 MiB. */
static const struct ram st_two_nodes[] = { { 0x100000, 0xfffffff, 0 }, { 0x10000000, 0x1fffffff, 1 } };

/* Boot the fake machine, then SLUB with debug (NULL: none) and cpus CPUs; the console is captured. */
static inline const char *st_boot_nodes(const struct ram *r, int n, int nodes, const char *debug, unsigned int cpus)
{
	mt_boot(r, n, nodes, true);
	x86_paging_init();
	build_all_zonelists(NULL);
	memblock_free_all();
	init_per_zone_wmark_min();
	host_capture_stop();
	slab_reset();
	if (debug)
		assert_int_equal(setup_slub_debug(debug), 0);
	nr_cpu_ids = cpus;
	st_free_before_slab = nr_free_pages();
	host_capture_start(st_out, sizeof(st_out));
	kmem_cache_init();
	kmem_cache_init_late();
	assert_true(slab_is_available());
	return st_out;
}

static inline const char *st_boot(const char *debug)
{
	return st_boot_nodes(st_one_node, 1, 1, debug, 1);
}

/* Restart the capture: what the next steps print. */
static inline const char *st_capture(void)
{
	host_capture_stop();
	st_out[0] = '\0';
	host_capture_start(st_out, sizeof(st_out));
	return st_out;
}

static inline int st_teardown(void **state)
{
	host_capture_stop();
	slab_reset();
	return mt_teardown(state);
}

/* Linux's calculate_order, worked out again here from the formula (not from mm/slub.c). */
static inline unsigned int st_fls(unsigned long x)
{
	unsigned int r = 0;

	while (x) {
		r++;
		x >>= 1;
	}
	return r;
}

static inline unsigned int st_get_order(unsigned long size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

static inline unsigned int st_expected_order(unsigned int size, unsigned int cpus, unsigned int min_order,
					     unsigned int max_order, unsigned int min_objects)
{
	unsigned int max_objects, order, min_o;

	if (!min_objects)
		min_objects = 4 * (st_fls(cpus) + 1);
	max_objects = (unsigned int)((PAGE_SIZE << max_order) / size);
	if (max_objects < 1)
		max_objects = 1;
	if (min_objects > max_objects)
		min_objects = max_objects;
	min_o = st_get_order((unsigned long)min_objects * size);
	if (min_o < min_order)
		min_o = min_order;
	if ((PAGE_SIZE << min_o) / size > 32767)
		return st_get_order((unsigned long)size * 32767) - 1;
	for (unsigned int frac = 16; frac > 1; frac /= 2) {
		for (order = min_o; order <= max_order; order++) {
			unsigned long slab = PAGE_SIZE << order;

			if (slab % size <= slab / frac)
				return order;
		}
	}
	return st_get_order(size);
}

#endif
