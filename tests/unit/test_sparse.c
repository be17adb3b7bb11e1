/*
 * SPARSEMEM and the memmap (mm/sparse.c, memmap_init in mm/mm_init.c):
 * which pfns are valid, pfn <-> struct page round trips, the zone, node and
 * section each page's flags name, hole pages reserved, pageblock migrate
 * types, deferred init, and the checker catching corruption. Expectations
 * by hand from Linux 6.12's rules; sections are 0x8000 pfns (128 MiB).
 */
#include "mm_init_test_util.h"

/* Low RAM, 1 MiB - 128 MiB (section 0 only), 4 GiB - 4 GiB + 128 MiB (section 32). */
static const struct ram three_parts[] = { { 0x1000, 0x9ffff, 0 }, { 0x100000, 0x7ffffff, 0 },
					  { 0x100000000, 0x107ffffff, 0 } };

static void test_page_flags_encoding(void **state)
{
	struct page page = { .flags = 1UL << PG_reserved | 1UL << PG_head };

	/* zone 3 bits at 32, node 10 bits at 35, section 19 bits at 45; page flags below stay. */
	set_page_links(&page, ZONE_MOVABLE, 1023, (NR_MEM_SECTIONS - 1) << PFN_SECTION_SHIFT);
	assert_int_equal(page_zonenum(&page), ZONE_MOVABLE);
	assert_int_equal(page_to_nid(&page), 1023);
	assert_int_equal(page_to_section(&page), NR_MEM_SECTIONS - 1);
	assert_true(PageReserved(&page) && PageHead(&page));
	assert_int_equal(page.flags >> 32, 3UL | 1023UL << 3 | (NR_MEM_SECTIONS - 1) << 13);
	set_page_links(&page, ZONE_DMA, 2, 0x100000);
	assert_int_equal(page.flags, 2UL << 35 | 32UL << 45 | 1UL << PG_reserved | 1UL << PG_head);
	ClearPageReserved(&page);
	assert_false(PageReserved(&page));
	assert_int_equal(sizeof(struct page), 64);
}

static void test_pfn_valid_and_round_trips(void **state)
{
	const char *out;

	mt_boot(three_parts, 3, 1, true);
	out = mt_paging_init();
	assert_non_null(strstr(out, "On node 0, zone DMA: 1 pages in unavailable ranges\n"
				    "On node 0, zone DMA: 96 pages in unavailable ranges\n"));
	assert_null(strstr(out, "zone Normal"));
	/* Section 0 is valid over all its span, holes included; sections 1-31 and 33 have no memmap. */
	assert_true(pfn_valid(0));
	assert_true(pfn_valid(0xa0));
	assert_true(pfn_valid(0x7fff));
	assert_false(pfn_valid(0x8000));
	assert_false(pfn_valid(0xfffff));
	assert_true(pfn_valid(0x100000));
	assert_true(pfn_valid(0x107fff));
	assert_false(pfn_valid(0x108000));
	assert_false(pfn_valid(~0UL >> 12));
	for (unsigned long pfn = 0; pfn < 0x110000; pfn++) {
		if (!pfn_valid(pfn))
			continue;
		assert_int_equal(page_to_pfn(pfn_to_page(pfn)), pfn);
		assert_int_equal(page_to_section(pfn_to_page(pfn)), pfn >> 15);
	}
	/* Consecutive pfns of a section are consecutive struct pages. */
	assert_ptr_equal(pfn_to_page(0x100001), pfn_to_page(0x100000) + 1);

	assert_int_equal(page_zonenum(pfn_to_page(0x50)), ZONE_DMA);
	assert_int_equal(page_zonenum(pfn_to_page(0xfff)), ZONE_DMA);
	assert_int_equal(page_zonenum(pfn_to_page(0x1000)), ZONE_DMA32);
	assert_int_equal(page_zonenum(pfn_to_page(0x100000)), ZONE_NORMAL);
	assert_ptr_equal(page_zone(pfn_to_page(0x100000)), ZONE(0, ZONE_NORMAL));
	assert_int_equal(page_to_nid(pfn_to_page(0x7fff)), 0);

	/* RAM: one reference, unmapped, not reserved, lru empty. Holes: reserved. */
	assert_int_equal(page_ref_count(pfn_to_page(0x50)), 1);
	assert_int_equal(pfn_to_page(0x50)->_mapcount, -1);
	assert_false(PageReserved(pfn_to_page(0x50)));
	assert_ptr_equal(pfn_to_page(0x50)->lru.next, &pfn_to_page(0x50)->lru);
	assert_true(PageReserved(pfn_to_page(0)));
	assert_true(PageReserved(pfn_to_page(0xa0)));
	assert_true(PageReserved(pfn_to_page(0xff)));
	assert_false(PageReserved(pfn_to_page(0x100)));

	/* Every pageblock with RAM starts MIGRATE_MOVABLE. */
	assert_int_equal(get_pfnblock_migratetype(0x200), MIGRATE_MOVABLE);
	assert_int_equal(get_pfnblock_migratetype(0x107e00), MIGRATE_MOVABLE);
	set_pfnblock_migratetype(0x107e00, MIGRATE_UNMOVABLE);
	assert_int_equal(get_pfnblock_migratetype(0x107e00), MIGRATE_UNMOVABLE);
	assert_int_equal(get_pfnblock_migratetype(0x107c00), MIGRATE_MOVABLE);
	set_pfnblock_migratetype(0x107e00, MIGRATE_MOVABLE);

	/*
	 * 2 sections: 2 MiB of memmap and 32 bytes of usemap each, the root
	 * table (2048 pointers) and one root page (sections 0-255).
	 */
	assert_int_equal(sparse_metadata_bytes(), 2 * (2UL << 20) + 2 * 32 + 2048 * 8 + 4096);
	assert_int_equal(mminit_verify(), 0);
}

/* The memmaps come from memblock on the right node, above 16 MiB, and are reserved there. */
static void test_memmap_is_node_local(void **state)
{
	static const struct ram r[] = { { 0x1000, 0x7fffffff, 0 }, { 0x80000000, 0xffffffff, 1 } };
	phys_addr_t map0, map1;

	mt_boot(r, 2, 2, true);
	mt_paging_init();
	map0 = platform_virt_to_phys(pfn_to_page(0));
	map1 = platform_virt_to_phys(pfn_to_page(0x80000));
	assert_true(map0 >= (16UL << 20) && map0 < 0x80000000);
	assert_true(map1 >= 0x80000000 && map1 < 0x100000000);
	assert_true(memblock_is_region_reserved(map0, 2UL << 20));
	assert_int_equal(page_to_nid(pfn_to_page(0x80000)), 1);
	assert_int_equal(page_to_nid(pfn_to_page(0x7ffff)), 0);
	assert_int_equal(mminit_verify(), 0);
}

/* deferred_struct_pages: the top zone past its first section waits for page_alloc_init_late. */
static void test_deferred_init(void **state)
{
	static const struct ram r[] = { { 0x1000, 0x9ffff, 0 }, { 0x100000, 0x13fffffff, 0 } };
	char buf[512];

	mt_boot(r, 2, 1, true);
	deferred_struct_pages = true;
	mt_paging_init();
	/*
	 * DMA and DMA32 end below the node's end: all done. Normal
	 * [0x100000, 0x140000): one section (0x8000 pages) done, then from the
	 * next section boundary after that, 0x108000, deferred.
	 */
	assert_int_equal(NODE_DATA(0)->first_deferred_pfn, 0x108000);
	/* [1, 0xa0), DMA [0x100, 0x1000), DMA32 [0x1000, 0x100000), Normal's first section. */
	assert_int_equal(mminit_stats.pages_initialised, 0x9f + 0xf00 + 0xff000 + 0x8000);
	host_capture_start(buf, sizeof(buf));
	page_alloc_init_late();
	host_capture_stop();
	assert_non_null(strstr(buf, "node 0 deferred pages initialised in "));
	assert_int_equal(mminit_stats.deferred_pages, 0x140000 - 0x108000);
	assert_int_equal(NODE_DATA(0)->first_deferred_pfn, ~0UL);
	assert_int_equal(page_zonenum(pfn_to_page(0x13ffff)), ZONE_NORMAL);
	assert_int_equal(mminit_verify(), 0);
}

/* The checker catches a page whose flags name the wrong node, and an unreserved hole page. */
static void test_checker_catches_bad_pages(void **state)
{
	char buf[4096];
	unsigned long saved;

	mt_boot(three_parts, 3, 1, true);
	mt_paging_init();
	saved = pfn_to_page(0x2000)->flags;
	set_page_links(pfn_to_page(0x2000), ZONE_DMA32, 1, 0x2000);
	host_capture_start(buf, sizeof(buf));
	assert_true(mminit_verify() > 0);
	host_capture_stop();
	assert_non_null(strstr(buf, "pfn 0x2000: page says node 1"));
	pfn_to_page(0x2000)->flags = saved;

	ClearPageReserved(pfn_to_page(0xa5));
	host_capture_start(buf, sizeof(buf));
	assert_true(mminit_verify() > 0);
	host_capture_stop();
	assert_non_null(strstr(buf, "pfn 0xa5: hole page"));
	SetPageReserved(pfn_to_page(0xa5));

	set_page_links(pfn_to_page(0x3000), ZONE_NORMAL, 0, 0x3000);
	host_capture_start(buf, sizeof(buf));
	assert_true(mminit_verify() > 0);
	host_capture_stop();
	assert_non_null(strstr(buf, "pfn 0x3000: zone 2 of node 0 does not span it"));
	set_page_links(pfn_to_page(0x3000), ZONE_DMA32, 0, 0x3000);
	assert_int_equal(mminit_verify(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_flags_encoding),
		cmocka_unit_test_teardown(test_pfn_valid_and_round_trips, mt_teardown),
		cmocka_unit_test_teardown(test_memmap_is_node_local, mt_teardown),
		cmocka_unit_test_teardown(test_deferred_init, mt_teardown),
		cmocka_unit_test_teardown(test_checker_catches_bad_pages, mt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
