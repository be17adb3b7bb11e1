/*
 * The real-RAM self-test's logic (mm/page_selftest.c) against a stub
 * allocator: zones from x86_paging_init over 128 MiB, free blocks of
 * several orders put on their free lists by hand; the stub hands out a
 * block of exactly the asked order (no splitting) and puts it back on free.
 * A correct stub passes with every page allocated and the counts restored;
 * a stub that hands a page out twice, frees to the wrong order, or never
 * runs dry, fails. Then the real allocator (mm/page_alloc.c) over 128 MiB.
 */
#include "mm_init_test_util.h"
#include <stdio.h>
#include <efimm/page_selftest.h>
#include <linux/vmstat.h>
#include <efimm/cmdline.h>

static const struct ram low_128m[] = { { 0x1000, 0x9ffff, 0 }, { 0x100000, 0x7ffffff, 0 } };
static int bug; /* 1: one order-0 request gets a page inside a block already given out; 2: frees go to order + 1's count */
static struct page *big;
static unsigned long allocs_beyond; /* bug 3: never runs dry, handing out pages past its free lists */
static bool bug_done;

static struct page *stub_alloc(gfp_t gfp, unsigned int order)
{
	struct zone *dma32 = ZONE(0, ZONE_DMA32);
	struct free_area *area = &dma32->free_area[order];

	assert_true(gfp & __GFP_MEMALLOC);
	if (bug == 1 && order == 0 && big && !bug_done) {
		bug_done = true;
		return big + 8;
	}
	if (bug == 3 && allocs_beyond < 0x1000 && !order) {
		bool any = false;

		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			for (int t = 0; t < MIGRATE_TYPES; t++)
				any |= !list_empty(&dma32->free_area[o].free_list[t]);
		if (!any)
			return pfn_to_page(0x6000 + allocs_beyond++);
	}
	for (int t = 0; t < MIGRATE_TYPES; t++) {
		struct list_head *l = &area->free_list[t];

		if (!list_empty(l)) {
			struct page *p = (struct page *)((char *)l->next - offsetof(struct page, lru));

			list_del(&p->lru);
			area->nr_free--;
			if (order == 10 && !big)
				big = p;
			return p;
		}
	}
	return NULL;
}

static void stub_free(struct page *page, unsigned int order)
{
	struct zone *dma32 = ZONE(0, ZONE_DMA32);

	list_add(&page->lru, &dma32->free_area[order].free_list[MIGRATE_MOVABLE]);
	dma32->free_area[bug == 2 && order < MAX_PAGE_ORDER ? order + 1 : order].nr_free++;
}

static void *stub_address(const struct page *page)
{
	return platform_phys_to_virt(PFN_PHYS(page_to_pfn(page)));
}

static unsigned long progress_calls;
static void stub_progress(const char *phase, unsigned long done, unsigned long total)
{
	progress_calls++;
	assert_true(done <= total);
}

static const struct page_selftest_ops ops = { stub_alloc, stub_free, stub_address, NULL, stub_progress };

/* DMA32 (pfns 0x1000-0x7fff): order-10 blocks over 0x2000-0x5fff, a few small ones below. */
static unsigned long setup(void)
{
	struct zone *z;
	unsigned long pfn, pages = 0;

	mt_boot(low_128m, 2, 1, true);
	mt_paging_init();
	z = ZONE(0, ZONE_DMA32);
	bug = 0;
	big = NULL;
	bug_done = false;
	allocs_beyond = 0;
	progress_calls = 0;
	for (pfn = 0x2000; pfn < 0x6000; pfn += 1024, pages += 1024) {
		/* Pages memblock has not given out (the memmap lies at the top of RAM). */
		assert_false(memblock_is_region_reserved(PFN_PHYS(pfn), 1024 * PAGE_SIZE));
		list_add_tail(&pfn_to_page(pfn)->lru, &z->free_area[10].free_list[MIGRATE_MOVABLE]);
		z->free_area[10].nr_free++;
	}
	for (int o = 0; o < 5; o++) {
		pfn = 0x1000 + 0x100UL * (o + 1);
		list_add_tail(&pfn_to_page(pfn)->lru, &z->free_area[o].free_list[MIGRATE_UNMOVABLE]);
		z->free_area[o].nr_free++;
		pages += 1UL << o;
	}
	return pages; /* 16 x 1024 + 1 + 2 + 4 + 8 + 16 */
}

static void test_passes_and_restores(void **state)
{
	struct page_selftest_result r;
	unsigned long before[NR_PAGE_ORDERS];

	setup();
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		before[o] = ZONE(0, ZONE_DMA32)->free_area[o].nr_free;
	host_capture_start(mt_out, sizeof(mt_out));
	int rc = page_selftest(&ops, false, 1234, &r);
	host_capture_stop();
	if (rc)
		fprintf(stderr, "%s", mt_out); /* what the self-test reported */
	assert_int_equal(rc, 0);
	/* The snapshot takes one block (order 1 for 1 node x 5 zones x 11 counters x 8 bytes, doubled): the order-1 one. */
	assert_int_equal(r.pages, 16 * 1024 + 1 + 4 + 8 + 16);
	assert_int_equal(r.blocks[10], 16);
	assert_int_equal(r.blocks[0], 1);
	assert_int_equal(r.blocks[1], 0);
	assert_int_equal(r.bad_words, 0);
	assert_int_equal(r.counts_differing, 0);
	/* Three words per page: first, middle and last. */
	assert_int_equal(r.words_per_page, 3);
	assert_int_equal(r.bytes_checked, (u64)r.pages * 3 * 8);
	assert_true(progress_calls >= 4); /* at least once per phase */
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		assert_int_equal(ZONE(0, ZONE_DMA32)->free_area[o].nr_free, before[o]);
}

static void test_every_byte(void **state)
{
	struct page_selftest_result r;

	setup();
	host_capture_start(mt_out, sizeof(mt_out));
	assert_int_equal(page_selftest(&ops, true, 99, &r), 0);
	host_capture_stop();
	assert_int_equal(r.words_per_page, 512);
	assert_int_equal(r.bytes_checked, (u64)r.pages * 4096);
	assert_int_equal(page_selftest_words(true), 512);
	assert_int_equal(page_selftest_words(false), 3);
}

/* The quick pattern's words are the first, middle and last of each page; the rest is not touched. */
static void test_quick_words(void **state)
{
	struct page_selftest_result r;
	const u64 fill = 0x5a5a5a5a5a5a5a5aULL;
	u64 *p;

	setup();
	/* An order-10 block is the first one the test takes; mark a page of each of them. */
	for (unsigned long pfn = 0x2000; pfn < 0x6000; pfn += 1024) {
		p = platform_phys_to_virt(PFN_PHYS(pfn + 5));
		for (int i = 0; i < 512; i++)
			p[i] = fill;
	}
	host_capture_start(mt_out, sizeof(mt_out));
	assert_int_equal(page_selftest(&ops, false, 5, &r), 0);
	host_capture_stop();
	for (unsigned long pfn = 0x2000; pfn < 0x6000; pfn += 1024) {
		p = platform_phys_to_virt(PFN_PHYS(pfn + 5));
		for (int i = 0; i < 512; i++)
			if (i == 0 || i == 256 || i == 511)
				assert_int_not_equal(p[i], fill);
			else
				assert_int_equal(p[i], fill);
		/* Distinct in every page: pfn-derived. */
		assert_int_not_equal(p[0], ((u64 *)platform_phys_to_virt(PFN_PHYS(pfn + 6)))[0]);
	}
}

static void test_detects_double_allocation(void **state)
{
	struct page_selftest_result r;

	setup();
	bug = 1;
	host_capture_start(mt_out, sizeof(mt_out));
	assert_int_not_equal(page_selftest(&ops, false, 7, &r), 0);
	host_capture_stop();
	assert_true(r.bad_words > 0);
	assert_non_null(strstr(mt_out, " were free\n"));
	assert_non_null(strstr(mt_out, "efimm: page self-test: pfn "));
}

static void test_detects_wrong_counts(void **state)
{
	struct page_selftest_result r;

	setup();
	bug = 2;
	host_capture_start(mt_out, sizeof(mt_out));
	assert_int_not_equal(page_selftest(&ops, false, 7, &r), 0);
	host_capture_stop();
	assert_int_equal(r.bad_words, 0);
	assert_true(r.counts_differing > 0);
	assert_non_null(strstr(mt_out, "efimm: page self-test: node 0 zone DMA32 order "));
}

static void test_stops_when_never_dry(void **state)
{
	struct page_selftest_result r;

	setup();
	bug = 3;
	host_capture_start(mt_out, sizeof(mt_out));
	assert_int_not_equal(page_selftest(&ops, false, 7, &r), 0);
	host_capture_stop();
	assert_int_equal(r.pages, 16413 + 1024 + 1); /* 16415 free, the snapshot took 2 */
	assert_non_null(strstr(mt_out, "efimm: page self-test: the allocator handed out 17438 pages, only 16413 were free; stopped\n"));
}

/* The real buddy allocator (mm/page_alloc.c) over the same 128 MiB, after memblock_free_all. */
static void real_drain(void)
{
	drain_all_pages(NULL);
}

static void test_real_allocator(void **state)
{
	static const struct page_selftest_ops real = { alloc_pages, __free_pages, page_address, real_drain, NULL };
	struct page_selftest_result r;
	unsigned long free_before;
	int rc;

	mt_boot(low_128m, 2, 1, true);
	x86_paging_init();
	build_all_zonelists(NULL);
	memblock_free_all();
	init_per_zone_wmark_min();
	drain_all_pages(NULL);
	free_before = nr_free_pages();
	rc = page_selftest(&real, false, 42, &r);
	host_capture_stop();
	if (rc)
		fprintf(stderr, "%s", mt_out); /* what the self-test reported */
	assert_int_equal(rc, 0);
	assert_true(free_before > 30000);
	/* All but the snapshot block (order 1) went through the test. */
	assert_int_equal(r.pages, free_before - 2);
	/* The snapshot block, freed last, waits on a per-cpu list until drained. */
	drain_all_pages(NULL);
	assert_int_equal(nr_free_pages(), free_before);
	assert_int_equal(zone_free_pages(ZONE(0, ZONE_DMA)) + zone_free_pages(ZONE(0, ZONE_DMA32)), free_before);
}

/* page_selftest=on|off|full, and the default: on in batch runs only. */
static void test_option(void **state)
{
	assert_int_equal(efimm_page_selftest, PAGE_SELFTEST_AUTO);
	assert_true(page_selftest_enabled(true));
	assert_false(page_selftest_enabled(false));
	host_capture_start(mt_out, sizeof(mt_out));
	assert_int_equal(efimm_parse_cmdline("page_selftest=off"), 0);
	assert_false(page_selftest_enabled(true));
	assert_int_equal(efimm_parse_cmdline("page_selftest=full"), 0);
	assert_int_equal(efimm_page_selftest, PAGE_SELFTEST_FULL);
	assert_true(page_selftest_enabled(false));
	assert_int_equal(efimm_parse_cmdline("page_selftest=on"), 0);
	assert_true(page_selftest_enabled(false));
	assert_int_not_equal(efimm_parse_cmdline("page_selftest=every"), 0);
	assert_int_not_equal(efimm_parse_cmdline("page_selftest"), 0); /* a value is needed */
	host_capture_stop();
	assert_int_equal(efimm_page_selftest, PAGE_SELFTEST_ON); /* refused values change nothing */
	assert_non_null(strstr(mt_out, "efimm: page_selftest=every: expected on, off or full\n"));
	efimm_page_selftest = PAGE_SELFTEST_AUTO;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_option),
		cmocka_unit_test_teardown(test_passes_and_restores, mt_teardown),
		cmocka_unit_test_teardown(test_every_byte, mt_teardown),
		cmocka_unit_test_teardown(test_quick_words, mt_teardown),
		cmocka_unit_test_teardown(test_detects_double_allocation, mt_teardown),
		cmocka_unit_test_teardown(test_detects_wrong_counts, mt_teardown),
		cmocka_unit_test_teardown(test_stops_when_never_dry, mt_teardown),
		cmocka_unit_test_teardown(test_real_allocator, mt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
