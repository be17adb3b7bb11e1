/*
 * The buddy allocator (mm/page_alloc*.c) over hand-built zones in a lazily
 * backed host window: memblock_free_all's exact managed counts, alloc and
 * free at every order with merging back, migrate-type fallback and
 * stealing, watermark and lowmem_reserve numbers worked out by hand from
 * Linux 6.12's formulas, zonelist order for 2- and 4-node distance tables,
 * the bad-free reports (pages waiting on pcp lists included), the pcp
 * lists' sizing as Linux 6.12 moves it (refills, frees at high, free_high,
 * ZONE_BELOW_HIGH), every gfp zone-bit combination, and a random run of a
 * million operations with the checker (page_alloc_verify) after every batch.
 */
#include "mm_init_test_util.h"
#include <linux/gfp.h>
#include <linux/numa_memblks.h>
#include <efimm/page_alloc.h>

/* Layout, paging_init, zonelists, memblock_free_all, watermarks: as efimm's stage_buddy. */
static const char *pa_boot(const struct ram *r, int n, int nr_nodes)
{
	mt_boot(r, n, nr_nodes, true);
	x86_paging_init();
	build_all_zonelists(NULL);
	memblock_free_all();
	init_per_zone_wmark_min();
	host_capture_stop();
	memset(&page_alloc_stats, 0, sizeof(page_alloc_stats));
	return mt_out;
}

static unsigned long zone_free(int nid, int z)
{
	return zone_page_state(ZONE(nid, z), NR_FREE_PAGES);
}

/* 1 MiB - 256 MiB on one node: DMA [0x100, 0x1000), DMA32 the rest. */
static const struct ram one_node[] = { { 0x100000, 0xfffffff, 0 } };

static void test_free_all_and_total_pages(void **state)
{
	const char *out = pa_boot(one_node, 1, 1);
	unsigned long reserved = 0, managed;

	/* Total pages: present pages of the zonelist's zones (high watermarks still 0): 0xff00. */
	assert_non_null(strstr(out, "Built 1 zonelists, mobility grouping on.  Total pages: 65280\n"));
	assert_non_null(strstr(out, "Policy zone: DMA32\n"));
	for (unsigned long pfn = 0x100; pfn < 0x10000; pfn++)
		reserved += PageReserved(pfn_to_page(pfn));
	managed = zone_managed_pages(ZONE(0, ZONE_DMA)) + zone_managed_pages(ZONE(0, ZONE_DMA32));
	assert_int_equal(managed, 0xff00 - reserved);
	assert_int_equal(totalram_pages(), managed);
	assert_int_equal(nr_free_pages(), managed);
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

static void test_alloc_free_every_order(void **state)
{
	unsigned long before;

	pa_boot(one_node, 1, 1);
	before = nr_free_pages();
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *p = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);
		unsigned long pfn;
		unsigned char *mem;

		assert_non_null(p);
		pfn = page_to_pfn(p);
		assert_int_equal(pfn & ((1UL << order) - 1), 0);
		assert_int_equal(page_ref_count(p), 1);
		mem = page_address(p);
		for (size_t i = 0; i < (PAGE_SIZE << order); i += 512)
			assert_int_equal(mem[i], 0);
		memset(mem, 0xa5, PAGE_SIZE << order);
		assert_int_equal(page_alloc_verify(), 0);
		__free_pages(p, order);
		assert_int_equal(page_alloc_verify(), 0);
	}
	drain_all_pages(NULL);
	/* Everything merged back: the same free pages, no pcp pages. */
	assert_int_equal(nr_free_pages(), before);
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

static void test_merging_restores_free_area(void **state)
{
	struct page *pages[64];
	unsigned long nr_free[NR_PAGE_ORDERS];

	pa_boot(one_node, 1, 1);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		nr_free[o] = ZONE(0, ZONE_DMA32)->free_area[o].nr_free;
	for (int i = 0; i < 64; i++)
		assert_non_null(pages[i] = alloc_pages(GFP_KERNEL | __GFP_MOVABLE, (unsigned int)(i % 5)));
	for (int i = 63; i >= 0; i -= 2)
		__free_pages(pages[i], (unsigned int)(i % 5));
	for (int i = 0; i < 64; i += 2)
		__free_pages(pages[i], (unsigned int)(i % 5));
	drain_all_pages(NULL);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(ZONE(0, ZONE_DMA32)->free_area[o].nr_free, nr_free[o]);
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

static void test_compound_and_exact(void **state)
{
	struct page *p;
	void *v;

	pa_boot(one_node, 1, 1);
	p = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	assert_non_null(p);
	assert_true(PageHead(p));
	assert_int_equal(compound_order(p), 3);
	assert_ptr_equal(compound_head(p + 5), p);
	__free_pages(p, 2); /* wrong order: refused */
	assert_int_equal(page_alloc_stats.bad_pages, 1);
	__free_pages(p, 3);
	assert_false(PageHead(p));
	v = alloc_pages_exact(5 * PAGE_SIZE, GFP_KERNEL);
	assert_non_null(v);
	free_pages_exact(v, 5 * PAGE_SIZE);
	assert_int_equal(get_zeroed_page(GFP_KERNEL) != 0, 1);
	assert_int_equal(page_alloc_stats.bad_pages, 1);
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

static void test_gfp_zone_and_migratetype(void **state)
{
	struct page *p;

	assert_int_equal(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	assert_int_equal(gfp_zone(GFP_DMA), ZONE_DMA);
	assert_int_equal(gfp_zone(GFP_DMA32), ZONE_DMA32);
	assert_int_equal(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	assert_int_equal(gfp_zone_checked(__GFP_DMA | __GFP_DMA32), -1);
	/* every combination of the zone bits, as Linux's GFP_ZONE_TABLE and GFP_ZONE_BAD (no HIGHMEM zone) */
	{
		static const int want[16] = {
			[0] = ZONE_NORMAL, [___GFP_DMA] = ZONE_DMA, [___GFP_HIGHMEM] = ZONE_NORMAL,
			[___GFP_DMA32] = ZONE_DMA32, [___GFP_MOVABLE] = ZONE_NORMAL,
			[___GFP_MOVABLE | ___GFP_DMA] = ZONE_DMA, [___GFP_MOVABLE | ___GFP_HIGHMEM] = ZONE_MOVABLE,
			[___GFP_MOVABLE | ___GFP_DMA32] = ZONE_DMA32,
			[___GFP_DMA | ___GFP_HIGHMEM] = -1, [___GFP_DMA | ___GFP_DMA32] = -1,
			[___GFP_DMA32 | ___GFP_HIGHMEM] = -1, [___GFP_DMA | ___GFP_DMA32 | ___GFP_HIGHMEM] = -1,
			[___GFP_MOVABLE | ___GFP_DMA | ___GFP_HIGHMEM] = -1, [___GFP_MOVABLE | ___GFP_DMA | ___GFP_DMA32] = -1,
			[___GFP_MOVABLE | ___GFP_DMA32 | ___GFP_HIGHMEM] = -1, [15] = -1,
		};

		for (gfp_t z = 0; z < 16; z++)
			assert_int_equal(gfp_zone_checked(GFP_KERNEL | z), want[z]);
	}
	assert_int_equal(gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
	assert_int_equal(gfp_migratetype(__GFP_MOVABLE), MIGRATE_MOVABLE);
	assert_int_equal(gfp_migratetype(__GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	assert_int_equal(GFP_KERNEL, 0xcc0);
	assert_int_equal(GFP_ATOMIC, 0x820);
	pa_boot(one_node, 1, 1);
	p = alloc_pages(GFP_DMA, 0);
	assert_non_null(p);
	assert_int_equal(page_zonenum(p), ZONE_DMA);
	__free_pages(p, 0);
	p = alloc_pages(GFP_KERNEL, 0); /* no Normal zone: falls back to DMA32 */
	assert_int_equal(page_zonenum(p), ZONE_DMA32);
	__free_pages(p, 0);
	mt_teardown(state);
}

/* All pageblocks start MOVABLE: the first unmovable request steals a whole order-10 block (2 pageblocks). */
static void test_fallback_steals_pageblock(void **state)
{
	struct page *p, *q;
	unsigned long pfn;

	pa_boot(one_node, 1, 1);
	p = alloc_pages(GFP_KERNEL, 0);
	assert_non_null(p);
	pfn = page_to_pfn(p);
	assert_int_equal(get_pfnblock_migratetype(pfn), MIGRATE_UNMOVABLE);
	assert_int_equal(page_alloc_stats.steals, 1);
	/* the stolen block serves the next unmovable requests without stealing again */
	q = alloc_pages(GFP_KERNEL, 2);
	assert_int_equal(get_pfnblock_migratetype(page_to_pfn(q)), MIGRATE_UNMOVABLE);
	assert_int_equal(page_alloc_stats.steals, 1);
	/* movable requests keep to MOVABLE blocks */
	assert_int_equal(get_pfnblock_migratetype(page_to_pfn(alloc_pages(GFP_KERNEL | __GFP_MOVABLE, 0))),
			 MIGRATE_MOVABLE);
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

/*
 * The facts file's example: 240000 lowmem pages, DMA 3977 + DMA32 236023.
 * min_free_kbytes = int_sqrt(240000 * 4 * 16) = int_sqrt(15360000) = 3919.
 * pages_min = 3919 >> 2 = 979. DMA: min = 979 * 3977 / 240000 = 16, step =
 * max(16 >> 2, 3977 * 10 / 10000 = 3) = 4: low 20, high 24. DMA32: min =
 * 979 * 236023 / 240000 = 962, step = max(240, 236) = 240: low 1202, high
 * 1442. lowmem_reserve: DMA[DMA32] = 236023 / 256 = 921 = DMA[Normal] ...,
 * DMA32[Normal] = 0.
 */
static void test_watermarks_linux_formulas(void **state)
{
	struct zone *dma, *dma32;

	pa_boot(one_node, 1, 1);
	dma = ZONE(0, ZONE_DMA);
	dma32 = ZONE(0, ZONE_DMA32);
	dma->managed_pages = 3977;
	dma32->managed_pages = 236023;
	memset(dma->_watermark, 0, sizeof(dma->_watermark));
	memset(dma32->_watermark, 0, sizeof(dma32->_watermark));
	calculate_min_free_kbytes();
	assert_int_equal(min_free_kbytes, 3919);
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
	assert_int_equal(min_wmark_pages(dma), 16);
	assert_int_equal(low_wmark_pages(dma), 20);
	assert_int_equal(high_wmark_pages(dma), 24);
	assert_int_equal(min_wmark_pages(dma32), 962);
	assert_int_equal(low_wmark_pages(dma32), 1202);
	assert_int_equal(high_wmark_pages(dma32), 1442);
	assert_int_equal(dma->lowmem_reserve[ZONE_DMA32], 921);
	assert_int_equal(dma->lowmem_reserve[ZONE_NORMAL], 921);
	assert_int_equal(dma->lowmem_reserve[ZONE_MOVABLE], 921);
	assert_int_equal(dma32->lowmem_reserve[ZONE_NORMAL], 0);
	/* small and huge ends of the clamp */
	dma->managed_pages = 10;
	dma32->managed_pages = 0;
	memset(dma->_watermark, 0, sizeof(dma->_watermark));
	calculate_min_free_kbytes();
	assert_int_equal(min_free_kbytes, 128);
	mt_teardown(state);
}

/* The walk honours lowmem_reserve: a DMA32 request may not take DMA's last pages. */
static void test_watermark_blocks_allocation(void **state)
{
	struct page *p;
	int n = 0;

	pa_boot(one_node, 1, 1);
	while ((p = alloc_pages(GFP_DMA | __GFP_NOWARN, 0)))
		n++;
	/* DMA stops at its min watermark (the slow path), not at 0 */
	assert_true(zone_free(0, ZONE_DMA) > 0);
	assert_true(zone_free(0, ZONE_DMA) <= min_wmark_pages(ZONE(0, ZONE_DMA)) + 1);
	assert_int_equal(page_alloc_stats.alloc_failures, 1);
	assert_true(n > 3000);
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

static void test_failure_report(void **state)
{
	pa_boot(one_node, 1, 1);
	host_capture_start(mt_out, sizeof(mt_out));
	assert_null(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	while (alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER))
		;
	host_capture_stop();
	assert_non_null(strstr(mt_out, "efimm: page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), nodemask=(null)"));
	assert_non_null(strstr(mt_out, "Node 0 DMA32 free:"));
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

static void test_bad_frees(void **state)
{
	struct page *p, fake;
	unsigned long nr_free;

	pa_boot(one_node, 1, 1);
	p = alloc_pages(GFP_KERNEL, 1);
	__free_pages(p, 1);
	drain_all_pages(NULL);
	nr_free = nr_free_pages();
	host_capture_start(mt_out, sizeof(mt_out));
	__free_pages(p, 1); /* double free (it is a free buddy block or part of one) */
	assert_int_equal(page_alloc_stats.bad_pages, 1);
	/* wrong order: the order-4 block's buddy (split off by expand) is a free block, not part of it */
	p = alloc_pages(GFP_KERNEL, 4);
	__free_pages(p, 5);
	assert_int_equal(page_alloc_stats.bad_pages, 2);
	assert_int_equal(page_ref_count(p), 1);
	__free_pages(p, 64); /* an order no shift can take: refused, not undefined */
	assert_int_equal(page_alloc_stats.bad_pages, 3);
	assert_int_equal(page_ref_count(p), 1);
	__free_pages(p, 4);
	assert_int_equal(page_alloc_stats.bad_pages, 3);
	memset(&fake, 0xff, sizeof(fake));
	__free_pages(&fake, 0); /* no page of any zone */
	host_capture_stop();
	assert_non_null(strstr(mt_out, "BUG: Bad page state in process efimm"));
	assert_non_null(strstr(mt_out, "page dumped because:"));
	assert_non_null(strstr(mt_out, "not a page of any zone"));
	drain_all_pages(NULL);
	assert_int_equal(page_alloc_verify(), 0);
	(void)nr_free;
	mt_teardown(state);
}

static void test_free_reserved_page(void **state)
{
	static const struct ram r[] = { { 0x100000, 0x7ffffff, 0 } };
	struct page *page;

	mt_boot(r, 1, 1, true);
	memblock_reserve(0x400000, 0x1000);
	x86_paging_init();
	build_all_zonelists(NULL);
	memblock_free_all();
	init_per_zone_wmark_min();
	host_capture_stop();
	memset(&page_alloc_stats, 0, sizeof(page_alloc_stats));
	page = pfn_to_page(0x400);
	assert_true(PageReserved(page));
	host_capture_start(mt_out, sizeof(mt_out));
	__free_pages(page, 0);
	host_capture_stop();
	assert_int_equal(page_alloc_stats.bad_pages, 1);
	assert_non_null(strstr(mt_out, "reserved"));
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

/*
 * A page waiting on a pcp list: freeing it again is a double free, and a
 * block freed with an order that takes it in is refused (efimm's pcp page
 * type; the pages past a block are otherwise free buddy or allocated).
 */
static void test_bad_frees_of_pcp_pages(void **state)
{
	struct page *b;

	pa_boot(one_node, 1, 1);
	b = alloc_pages(GFP_KERNEL, 1);
	assert_non_null(b);
	set_page_count(b + 1, 1); /* split_page: two order-0 pages */
	__free_pages(b + 1, 0);
	assert_int_equal(b[1].page_type, PAGE_TYPE_PCP);
	assert_int_equal(page_alloc_verify(), 0);
	host_capture_start(mt_out, sizeof(mt_out));
	__free_pages(b + 1, 0); /* double free of a pcp page */
	assert_int_equal(page_alloc_stats.bad_pages, 1);
	__free_pages(b, 1); /* wrong order: b + 1 waits on a pcp list */
	assert_int_equal(page_alloc_stats.bad_pages, 2);
	host_capture_stop();
	assert_non_null(strstr(mt_out, "page is already free (on a per-cpu list): double free?"));
	assert_int_equal(page_ref_count(b), 1);
	__free_pages(b, 0);
	assert_int_equal(page_alloc_stats.bad_pages, 2);
	assert_int_equal(page_alloc_verify(), 0);
	drain_all_pages(NULL);
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

/* A drained pcp with batch 4 and high between 16 and max (Linux's field meanings), no flags. */
static struct per_cpu_pages *pcp_setup(struct zone *zone, int high_max)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset;

	drain_all_pages(NULL);
	pcp->batch = 4;
	pcp->high = pcp->high_min = 16;
	pcp->high_max = high_max;
	pcp->free_count = 0;
	pcp->alloc_factor = 0;
	pcp->flags = 0;
	zone->flags = 0;
	return pcp;
}

/*
 * Refills (nr_pcp_alloc): the first takes batch << alloc_factor = 4 pages
 * and raises high by the batch (16 -> 20; max_nr_alloc = max(20 - 0 - 4,
 * 4) = 16 >= 4, so alloc_factor becomes 1); the next, the list empty again
 * after 4 allocations, takes 8 (high 28, max_nr_alloc 24, alloc_factor 2).
 * A free halves alloc_factor and counts in free_count.
 */
static void test_pcp_refill_sizes(void **state)
{
	struct zone *zone;
	struct per_cpu_pages *pcp;
	struct page *p[5];

	pa_boot(one_node, 1, 1);
	zone = ZONE(0, ZONE_DMA32);
	free_page((unsigned long)page_address(alloc_pages(GFP_KERNEL, 0))); /* steal an unmovable block first */
	pcp = pcp_setup(zone, 64);
	p[0] = alloc_pages(GFP_KERNEL, 0);
	assert_int_equal(pcp->count, 3);
	assert_int_equal(pcp->high, 20);
	assert_int_equal(pcp->alloc_factor, 1);
	for (int i = 1; i < 5; i++)
		p[i] = alloc_pages(GFP_KERNEL, 0);
	assert_int_equal(pcp->count, 7);
	assert_int_equal(pcp->high, 28);
	assert_int_equal(pcp->alloc_factor, 2);
	__free_pages(p[4], 0);
	assert_int_equal(pcp->count, 8);
	assert_int_equal(pcp->alloc_factor, 1);
	assert_int_equal(pcp->free_count, 1);
	for (int i = 0; i < 4; i++)
		__free_pages(p[i], 0);
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

/*
 * Frees at high (nr_pcp_high, nr_pcp_free): with high fixed at 16, the
 * 16th free returns clamp(free_count 16, batch 4, high - batch 12) = 12
 * pages, leaving 4; the 28th (count 16 again, free_count 28) another 12.
 */
static void test_pcp_free_at_high(void **state)
{
	static struct page *held[40];
	struct per_cpu_pages *pcp;
	unsigned long free_before;

	pa_boot(one_node, 1, 1);
	for (int i = 0; i < 40; i++)
		assert_non_null(held[i] = alloc_pages(GFP_KERNEL, 0));
	pcp = pcp_setup(ZONE(0, ZONE_DMA32), 16);
	free_before = zone_free(0, ZONE_DMA32);
	for (int i = 0; i < 15; i++)
		__free_pages(held[i], 0);
	assert_int_equal(pcp->count, 15);
	__free_pages(held[15], 0);
	assert_int_equal(pcp->count, 4);
	assert_int_equal(zone_free(0, ZONE_DMA32), free_before + 12);
	for (int i = 16; i < 30; i++)
		__free_pages(held[i], 0);
	assert_int_equal(pcp->count, 6);
	assert_int_equal(zone_free(0, ZONE_DMA32), free_before + 24);
	assert_int_equal(page_alloc_verify(), 0);
	for (int i = 30; i < 40; i++)
		__free_pages(held[i], 0);
	mt_teardown(state);
}

/*
 * free_high: the third order-1 free in a row finds free_count (4) >= batch
 * after a high-order free, so nr_pcp_high gives 0 and nr_pcp_free all the
 * pcp pages (min(count, batch << 5)); an order-0 free then clears the flag
 * and is kept.
 */
static void test_pcp_free_high(void **state)
{
	struct page *held[5];
	struct per_cpu_pages *pcp;

	pa_boot(one_node, 1, 1);
	for (int i = 0; i < 4; i++)
		assert_non_null(held[i] = alloc_pages(GFP_KERNEL, 1));
	held[4] = alloc_pages(GFP_KERNEL, 0);
	pcp = pcp_setup(ZONE(0, ZONE_DMA32), 64);
	__free_pages(held[0], 1);
	__free_pages(held[1], 1);
	assert_int_equal(pcp->count, 4);
	assert_true(pcp->flags & PCPF_PREV_FREE_HIGH_ORDER);
	__free_pages(held[2], 1);
	assert_int_equal(pcp->count, 0);
	__free_pages(held[3], 1);
	assert_int_equal(pcp->count, 0);
	__free_pages(held[4], 0);
	assert_int_equal(pcp->count, 1);
	assert_false(pcp->flags & PCPF_PREV_FREE_HIGH_ORDER);
	assert_int_equal(pcp->free_count, 9); /* 2 per order-1 free, 1 for the order-0 one */
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

/*
 * ZONE_BELOW_HIGH: an allocation that finds the zone under its high
 * watermark sets it; refills then leave high alone (16, not 20), and the
 * first bulk free with the zone back above high clears it.
 */
static void test_pcp_zone_below_high(void **state)
{
	static struct page *held[20];
	struct zone *zone;
	struct per_cpu_pages *pcp;
	struct page *p;
	unsigned long high;

	pa_boot(one_node, 1, 1);
	zone = ZONE(0, ZONE_DMA32);
	for (int i = 0; i < 20; i++)
		assert_non_null(held[i] = alloc_pages(GFP_KERNEL, 0));
	pcp = pcp_setup(zone, 64);
	high = zone->_watermark[WMARK_HIGH];
	zone->_watermark[WMARK_HIGH] = zone_free(0, ZONE_DMA32) + 1000;
	p = alloc_pages(GFP_KERNEL, 0);
	assert_true(zone->flags & (1UL << ZONE_BELOW_HIGH));
	assert_int_equal(pcp->high, 16);
	assert_int_equal(pcp->count, 3);
	zone->_watermark[WMARK_HIGH] = high;
	for (int i = 1; i < 13; i++)
		__free_pages(held[i], 0);
	assert_int_equal(pcp->count, 15);
	assert_true(zone->flags & (1UL << ZONE_BELOW_HIGH));
	__free_pages(held[13], 0);
	/* count 16 >= max(count, high_min): free clamp(free_count 13, 4, 12) = 12 */
	assert_int_equal(pcp->count, 4);
	assert_false(zone->flags & (1UL << ZONE_BELOW_HIGH));
	__free_pages(p, 0);
	for (int i = 14; i < 20; i++)
		__free_pages(held[i], 0);
	__free_pages(held[0], 0);
	assert_int_equal(page_alloc_stats.bad_pages, 0);
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

/* The fallback zonelist of each node, as "node:zone" pairs. */
static const char *zonelist_str(int nid)
{
	static char buf[256];
	size_t len = 0;

	for (struct zoneref *z = NODE_DATA(nid)->node_zonelists[ZONELIST_FALLBACK]._zonerefs; z->zone; z++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%d:%s ", z->zone->node, z->zone->name);
	return buf;
}

/* The checker sees a corrupted free list entry, a lost block and a wrong counter. */
static void test_checker_finds_corruption(void **state)
{
	struct zone *zone;
	struct page *p, *q;

	pa_boot(one_node, 1, 1);
	zone = ZONE(0, ZONE_DMA32);
	p = list_first_entry(&zone->free_area[MAX_PAGE_ORDER].free_list[MIGRATE_MOVABLE], struct page, buddy_list);
	host_capture_start(mt_out, sizeof(mt_out));
	p->private = 3;
	assert_true(page_alloc_verify() > 0);
	p->private = MAX_PAGE_ORDER;
	zone->free_area[2].nr_free++;
	assert_true(page_alloc_verify() > 0);
	zone->free_area[2].nr_free--;
	zone->managed_pages++;
	assert_true(page_alloc_verify() > 0);
	zone->managed_pages--;
	/* an allocated page that claims to wait on a pcp list, and a pcp page that does not say so */
	q = alloc_pages(GFP_KERNEL, 0);
	q->page_type = PAGE_TYPE_PCP;
	assert_true(page_alloc_verify() > 0);
	q->page_type = PAGE_TYPE_NONE;
	__free_pages(q, 0);
	q->page_type = PAGE_TYPE_NONE;
	assert_true(page_alloc_verify() > 0);
	q->page_type = PAGE_TYPE_PCP;
	host_capture_stop();
	assert_non_null(strstr(mt_out, "page_alloc check"));
	assert_non_null(strstr(mt_out, "page with the pcp page type is on no pcp list"));
	assert_non_null(strstr(mt_out, "page on a pcp list without the pcp page type"));
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

static void test_zonelist_two_nodes(void **state)
{
	static const struct ram r[] = { { 0x100000, 0x7fffffff, 0 }, { 0x80000000, 0xbfffffff, 1 } };

	numa_reset_distance();
	nodes_clear(&numa_nodes_parsed);
	node_set(0, &numa_nodes_parsed);
	node_set(1, &numa_nodes_parsed);
	numa_set_distance(0, 1, 20);
	numa_set_distance(1, 0, 20);
	numa_set_distance(0, 0, 10);
	numa_set_distance(1, 1, 10);
	pa_boot(r, 2, 2);
	assert_non_null(strstr(mt_out, "Built 2 zonelists"));
	assert_string_equal(zonelist_str(0), "0:DMA32 0:DMA 1:DMA32 ");
	assert_string_equal(zonelist_str(1), "1:DMA32 0:DMA32 0:DMA ");
	/* __GFP_THISNODE from node 1 stays there */
	assert_int_equal(page_to_nid(alloc_pages_node(1, GFP_KERNEL | __GFP_THISNODE, 0)), 1);
	assert_int_equal(page_alloc_verify(), 0);
	numa_reset_distance();
	nodes_clear(&numa_nodes_parsed);
	mt_teardown(state);
}

/* SLIT 0-1 21, 0-2 31, 0-3 41, 1-2 21, 1-3 31, 2-3 21 (the 4-node boot guest's). */
static void test_zonelist_four_nodes(void **state)
{
	static const struct ram r[] = { { 0x100000, 0x3fffffff, 0 }, { 0x40000000, 0x7fffffff, 1 },
					{ 0x80000000, 0xbfffffff, 2 }, { 0x100000000, 0x13fffffff, 3 } };
	static const int d[4][4] = { { 10, 21, 31, 41 }, { 21, 10, 21, 31 }, { 31, 21, 10, 21 }, { 41, 31, 21, 10 } };

	numa_reset_distance();
	nodes_clear(&numa_nodes_parsed);
	for (int i = 0; i < 4; i++)
		node_set(i, &numa_nodes_parsed);
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			numa_set_distance(i, j, d[i][j]);
	pa_boot(r, 4, 4);
	assert_non_null(strstr(mt_out, "Built 4 zonelists"));
	assert_non_null(strstr(mt_out, "Policy zone: Normal"));
	assert_string_equal(zonelist_str(0), "0:DMA32 0:DMA 1:DMA32 2:DMA32 3:Normal ");
	/* node 1: itself, then 2 (21) before 0 (21, +1 for a lower id), then 3 (31) */
	assert_string_equal(zonelist_str(1), "1:DMA32 2:DMA32 0:DMA32 0:DMA 3:Normal ");
	assert_string_equal(zonelist_str(2), "2:DMA32 3:Normal 1:DMA32 0:DMA32 0:DMA ");
	assert_string_equal(zonelist_str(3), "3:Normal 2:DMA32 1:DMA32 0:DMA32 0:DMA ");
	assert_int_equal(page_alloc_verify(), 0);
	numa_reset_distance();
	nodes_clear(&numa_nodes_parsed);
	mt_teardown(state);
}

/* xorshift: reproducible */
static unsigned long rnd_state = 88172645463325252UL;
static unsigned long rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void test_random_million(void **state)
{
	static const struct ram r[] = { { 0x100000, 0x3ffffff, 0 } }; /* 63 MiB */
	enum { SLOTS = 4096 };
	static struct page *held[SLOTS];
	static unsigned char held_order[SLOTS];
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_KERNEL | __GFP_MOVABLE, GFP_KERNEL | __GFP_RECLAIMABLE,
				      GFP_ATOMIC, GFP_DMA, GFP_KERNEL | __GFP_COMP };
	unsigned long before, ops = 0, allocated = 0;

	pa_boot(r, 1, 1);
	before = nr_free_pages();
	memset(held, 0, sizeof(held));
	for (int batch = 0; batch < 20; batch++) {
		for (int i = 0; i < 50000; i++, ops++) {
			unsigned long s = rnd() % SLOTS;

			if (held[s]) {
				__free_pages(held[s], held_order[s]);
				held[s] = NULL;
			} else {
				unsigned int order = (rnd() & 7) ? (unsigned int)(rnd() % 4) : (unsigned int)(rnd() % 11);

				held[s] = alloc_pages(gfps[rnd() % 6] | __GFP_NOWARN, order);
				held_order[s] = (unsigned char)order;
				allocated += held[s] != NULL;
			}
		}
		assert_int_equal(page_alloc_verify(), 0);
		if (batch % 5 == 4)
			drain_all_pages(NULL);
	}
	for (int s = 0; s < SLOTS; s++)
		if (held[s])
			__free_pages(held[s], held_order[s]);
	drain_all_pages(NULL);
	assert_int_equal(ops, 1000000);
	assert_true(allocated > 400000);
	assert_int_equal(page_alloc_stats.bad_pages, 0);
	assert_int_equal(nr_free_pages(), before);
	assert_int_equal(page_alloc_verify(), 0);
	mt_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_all_and_total_pages),
		cmocka_unit_test(test_alloc_free_every_order),
		cmocka_unit_test(test_merging_restores_free_area),
		cmocka_unit_test(test_compound_and_exact),
		cmocka_unit_test(test_gfp_zone_and_migratetype),
		cmocka_unit_test(test_fallback_steals_pageblock),
		cmocka_unit_test(test_watermarks_linux_formulas),
		cmocka_unit_test(test_watermark_blocks_allocation),
		cmocka_unit_test(test_failure_report),
		cmocka_unit_test(test_bad_frees),
		cmocka_unit_test(test_free_reserved_page),
		cmocka_unit_test(test_bad_frees_of_pcp_pages),
		cmocka_unit_test(test_pcp_refill_sizes),
		cmocka_unit_test(test_pcp_free_at_high),
		cmocka_unit_test(test_pcp_free_high),
		cmocka_unit_test(test_pcp_zone_below_high),
		cmocka_unit_test(test_checker_finds_corruption),
		cmocka_unit_test(test_zonelist_two_nodes),
		cmocka_unit_test(test_zonelist_four_nodes),
		cmocka_unit_test(test_random_million),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
