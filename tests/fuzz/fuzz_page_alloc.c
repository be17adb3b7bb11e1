/*
 * libFuzzer target for the buddy allocator: each input boots one node of
 * 1 MiB - 64 MiB (DMA and DMA32) from memblock, through memblock_free_all
 * and the watermarks, then decodes its bytes into operations: allocations
 * of every order with mixed gfp flags (zones, migrate types, __GFP_ZERO,
 * __GFP_COMP, atomic), frees, immediate double frees and frees of a
 * too-large order (which must be reported and change nothing), pcp drains.
 * The checker (page_alloc_verify) runs every 32 operations and at the end;
 * after freeing everything the free page count must be back where it began.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/gfp.h>
#include <efimm/host.h>
#include <efimm/platform.h>
#include <efimm/mm_init.h>
#include <efimm/numa.h>
#include <efimm/setup.h>
#include <efimm/page_alloc.h>

#define SLOTS 256
#define RAM_END 0x4000000UL

static void *window;
static char out[1 << 16];

#define CHECK(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond)) {                                                                         \
			host_capture_stop();                                                           \
			fprintf(stderr, "fuzz_page_alloc: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                       \
		}                                                                                      \
	} while (0)

static void boot(void)
{
	memblock_reset();
	mminit_reset_params();
	mminit_build_memmap = true;
	CHECK(memblock_add_node(0x100000, RAM_END - 0x100000, 0, 0) == 0);
	max_pfn = PFN_DOWN(RAM_END);
	max_low_pfn = max_pfn;
	if (!window)
		window = host_lazy_phys_window(RAM_END);
	CHECK(window);
	nodes_clear(&node_possible_map);
	nodes_clear(&node_online_map);
	memset(node_data, 0, sizeof(node_data));
	host_capture_start(out, sizeof(out));
	node_set(0, &node_possible_map);
	alloc_node_data(0);
	node_set_online(0);
	nr_node_ids = 1;
	x86_paging_init();
	build_all_zonelists(NULL);
	memblock_free_all();
	init_per_zone_wmark_min();
	memset(&page_alloc_stats, 0, sizeof(page_alloc_stats));
}

static const gfp_t gfps[8] = { GFP_KERNEL, GFP_KERNEL | __GFP_MOVABLE, GFP_KERNEL | __GFP_RECLAIMABLE, GFP_ATOMIC,
			       GFP_DMA, GFP_KERNEL | __GFP_COMP, GFP_KERNEL | __GFP_ZERO, GFP_DMA32 | __GFP_MOVABLE };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct page *held[SLOTS];
	static unsigned char held_order[SLOTS];
	unsigned long before, bad = 0;

	boot();
	before = nr_free_pages();
	memset(held, 0, sizeof(held));
	for (size_t i = 0; i + 2 < size; i += 3) {
		unsigned int slot = data[i + 1], arg = data[i + 2];

		switch (data[i] & 7) {
		case 0: case 1: case 2: case 3:
			if (held[slot])
				break;
			held_order[slot] = (unsigned char)((arg & 0x80) ? (arg & 0xf) % 11 : arg % 4);
			held[slot] = alloc_pages(gfps[(arg >> 4) & 7] | __GFP_NOWARN, held_order[slot]);
			if (held[slot] && ((arg >> 4) & 7) == 6)
				CHECK(((unsigned char *)page_address(held[slot]))[(PAGE_SIZE << held_order[slot]) - 1] == 0);
			if (held[slot])
				memset(page_address(held[slot]), (int)arg, PAGE_SIZE);
			break;
		case 4: case 5:
			if (!held[slot])
				break;
			__free_pages(held[slot], held_order[slot]);
			if (data[i] & 8) { /* at once again: a double free */
				__free_pages(held[slot], held_order[slot]);
				CHECK(page_alloc_stats.bad_pages == ++bad);
			}
			held[slot] = NULL;
			break;
		case 6:
			if (held[slot] && held_order[slot] < MAX_PAGE_ORDER && (arg & 1)) {
				/* too large an order: refused */
				unsigned long b;

				b = page_alloc_stats.bad_pages;
				__free_pages(held[slot], held_order[slot] + 1u);
				/*
				 * the aligned buddy region starts with a free block, a block on a pcp
				 * list (efimm's pcp page type) or an allocated head: always caught
				 */
				CHECK(page_alloc_stats.bad_pages == b + 1);
				bad = page_alloc_stats.bad_pages;
				CHECK(page_ref_count(held[slot]) == 1);
			}
			break;
		default:
			drain_all_pages(NULL);
			break;
		}
		if ((i / 3) % 32 == 31)
			CHECK(page_alloc_verify() == 0);
	}
	CHECK(page_alloc_verify() == 0);
	for (int s = 0; s < SLOTS; s++)
		if (held[s])
			__free_pages(held[s], held_order[s]);
	drain_all_pages(NULL);
	CHECK(page_alloc_verify() == 0);
	CHECK(nr_free_pages() == before);
	host_capture_stop();
	return 0;
}
