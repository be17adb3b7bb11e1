/*
 * The machine both host benchmarks run on: one node with RAM at 4 KiB-640
 * KiB, 1 MiB-3 GiB and 4 GiB-end, backed by a lazily mapped window so
 * only what the code touches costs memory. Returns the window (for
 * host_lazy_phys_window_free), or NULL, having said why, when it cannot be mapped.
 */
#ifndef BENCH_MACHINE_H
#define BENCH_MACHINE_H

#include <stdio.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <efimm/host.h>
#include <efimm/numa.h>
#include <efimm/setup.h>

static inline void *bench_fake_machine(phys_addr_t end)
{
	void *win;

	memblock_reset();
	memblock_add_node(0x1000, 0x9f000, 0, 0);
	memblock_add_node(0x100000, 3 * SZ_1G - 0x100000, 0, 0);
	memblock_add_node(4 * SZ_1G, end - 4 * SZ_1G, 0, 0);
	max_pfn = PFN_DOWN(end);
	max_low_pfn = 1UL << 20;
	win = host_lazy_phys_window(end);
	if (!win) {
		fprintf(stderr, "bench: cannot map a %llu GiB window\n", (unsigned long long)(end >> 30));
		return NULL;
	}
	node_set(0, &node_possible_map);
	alloc_node_data(0);
	node_set_online(0);
	return win;
}

#endif
