/*
 * Shared set-up for the node/zone/memmap tests (test_mm_init.c,
 * test_sparse.c): a hand-built memblock layout over a lazily backed window
 * of "physical memory", nodes made possible and online with their
 * pg_data_t, then x86_paging_init with the console captured.
 */
#ifndef MM_INIT_TEST_UTIL_H
#define MM_INIT_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/pageblock-flags.h>
#include <efimm/host.h>
#include <efimm/platform.h>
#include <efimm/mm_init.h>
#include <efimm/numa.h>
#include <efimm/setup.h>

struct ram { phys_addr_t start, end; int nid; }; /* [start, end] inclusive, as Linux prints */

static char mt_out[1 << 16];
static void *mt_win;
static phys_addr_t mt_win_size;

/* The layout, nodes 0..nr_nodes-1 possible and online, then paging_init; returns the output. */
static inline const char *mt_boot(const struct ram *r, int n, int nr_nodes, bool build)
{
	memblock_reset();
	mminit_reset_params();
	mminit_build_memmap = build;
	for (int i = 0; i < n; i++)
		assert_int_equal(memblock_add_node(r[i].start, r[i].end + 1 - r[i].start, r[i].nid, 0), 0);
	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	max_low_pfn = min(max_pfn, 1UL << 20);
	host_lazy_phys_window_free(mt_win, mt_win_size);
	mt_win_size = memblock_end_of_DRAM();
	mt_win = host_lazy_phys_window(mt_win_size);
	assert_non_null(mt_win);
	nodes_clear(&node_possible_map);
	nodes_clear(&node_online_map);
	memset(node_data, 0, sizeof(node_data));
	host_capture_start(mt_out, sizeof(mt_out));
	for (int nid = 0; nid < nr_nodes; nid++) {
		node_set(nid, &node_possible_map);
		alloc_node_data(nid);
		node_set_online(nid);
	}
	nr_node_ids = (unsigned int)nr_nodes;
	return mt_out;
}

static inline const char *mt_paging_init(void)
{
	x86_paging_init();
	host_capture_stop();
	return mt_out;
}

/* The lines of out that start with one of the prefixes, in order, joined with '\n'. */
static inline const char *mt_lines(const char *out, const char *const *prefixes)
{
	static char buf[1 << 14];
	size_t len = 0;

	buf[0] = '\0';
	for (const char *p = out; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);

		for (const char *const *pre = prefixes; *pre; pre++)
			if (!strncmp(p, *pre, strlen(*pre)) && len + n < sizeof(buf)) {
				memcpy(buf + len, p, n);
				len += n;
				buf[len] = '\0';
				break;
			}
		p += n;
	}
	return buf;
}

static const char *const mt_zone_prefixes[] = { "Zone ranges:", "  DMA ", "  DMA32 ", "  Normal ", "  Device ",
						"Movable zone start", "  Node ", "Initmem setup", "On node ", NULL };

static inline int mt_teardown(void **state)
{
	(void)state;
	host_capture_stop();
	host_lazy_phys_window_free(mt_win, mt_win_size);
	mt_win = NULL;
	mt_win_size = 0;
	mminit_reset_params();
	return 0;
}

#define ZONE(nid, z) (&NODE_DATA(nid)->node_zones[z])

#endif
