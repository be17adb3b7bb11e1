/*
 * free_area_init (mm/mm_init.c) on hand-built layouts: the printed zone
 * limits, node ranges and unavailable-range counts, and each zone's start,
 * spanned and present pages, with kernelcore=/movablecore=. Every
 * expectation is worked out by hand from Linux 6.12's rules (comments show
 * the arithmetic), in pfns of 4 KiB; sections are 0x8000 pfns (128 MiB).
 */
#include "mm_init_test_util.h"

static void check_zone(int nid, int z, unsigned long start, unsigned long spanned, unsigned long present)
{
	struct zone *zone = ZONE(nid, z);

	assert_int_equal(zone->spanned_pages, spanned);
	assert_int_equal(zone->present_pages, present);
	if (spanned)
		assert_int_equal(zone->zone_start_pfn, start);
	assert_int_equal(zone->managed_pages, 0); /* the buddy allocator sets it later */
}

/* A PC: low RAM without page 0, 1 MiB - 3 GiB, 4 GiB - 5 GiB. Memory-only mode (as the replay). */
static void test_pc_layout_lines_only(void **state)
{
	static const struct ram r[] = { { 0x1000, 0x9ffff, 0 }, { 0x100000, 0xbfffffff, 0 },
					{ 0x100000000, 0x13fffffff, 0 } };

	mt_boot(r, 3, 1, false);
	assert_string_equal(mt_lines(mt_paging_init(), mt_zone_prefixes),
			    "Zone ranges:\n"
			    "  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
			    "  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]\n"
			    "  Normal   [mem 0x0000000100000000-0x000000013fffffff]\n"
			    "  Device   empty\n"
			    "Movable zone start for each node\n"
			    "Initmem setup node 0 [mem 0x0000000000001000-0x000000013fffffff]\n"
			    /* hole [0, 1) before the first range, in DMA */
			    "On node 0, zone DMA: 1 pages in unavailable ranges\n"
			    /* [0xa0, 0x100): 96 pages; the 3-4 GiB hole is whole sections without RAM: none */
			    "On node 0, zone DMA: 96 pages in unavailable ranges\n");
	/* DMA [1, 0x1000): 0x9f + 0xf00 RAM; DMA32 [0x1000, 0x100000): 0xbf000; Normal 0x40000. */
	check_zone(0, ZONE_DMA, 1, 0xfff, 0x9f + 0xf00);
	check_zone(0, ZONE_DMA32, 0x1000, 0xff000, 0xbf000);
	check_zone(0, ZONE_NORMAL, 0x100000, 0x40000, 0x40000);
	check_zone(0, ZONE_MOVABLE, 0, 0, 0);
	check_zone(0, ZONE_DEVICE, 0, 0, 0);
	assert_int_equal(NODE_DATA(0)->node_start_pfn, 1);
	assert_int_equal(NODE_DATA(0)->node_spanned_pages, 0x13ffff);
	assert_int_equal(NODE_DATA(0)->node_present_pages, 0x9f + 0xf00 + 0xbf000 + 0x40000);
	assert_int_equal(NODE_DATA(0)->nr_zones, ZONE_NORMAL + 1);
	assert_int_equal(mminit_verify(), 0);
}

/* RAM from 1 MiB to just below 1 GiB: DMA starts at 1 MiB, the tail of the last section is a hole of DMA32. */
static void test_tail_of_last_section(void **state)
{
	static const struct ram r[] = { { 0x100000, 0x3fefffff, 0 } };

	mt_boot(r, 1, 1, false);
	assert_string_equal(mt_lines(mt_paging_init(), mt_zone_prefixes),
			    "Zone ranges:\n"
			    "  DMA      [mem 0x0000000000100000-0x0000000000ffffff]\n"
			    /* max_pfn 0x3ff00: DMA32 ends there and Normal is empty */
			    "  DMA32    [mem 0x0000000001000000-0x000000003fefffff]\n"
			    "  Normal   empty\n"
			    "  Device   empty\n"
			    "Movable zone start for each node\n"
			    "Initmem setup node 0 [mem 0x0000000000100000-0x000000003fefffff]\n"
			    /* [0, 0x100) before the range */
			    "On node 0, zone DMA: 256 pages in unavailable ranges\n"
			    /* [0x3ff00, 0x40000) up to the section end, given to the highest zone */
			    "On node 0, zone DMA32: 256 pages in unavailable ranges\n");
	check_zone(0, ZONE_DMA, 0x100, 0xf00, 0xf00);
	check_zone(0, ZONE_DMA32, 0x1000, 0x3ef00, 0x3ef00);
	check_zone(0, ZONE_NORMAL, 0, 0, 0);
	assert_int_equal(mminit_verify(), 0);
}

/* Two nodes split at 2 GiB: node 1 has the top of DMA32 and all of Normal. */
static void test_two_nodes(void **state)
{
	static const struct ram r[] = { { 0x1000, 0x7fffffff, 0 }, { 0x80000000, 0x17fffffff, 1 } };

	mt_boot(r, 2, 2, false);
	assert_string_equal(mt_lines(mt_paging_init(), mt_zone_prefixes),
			    "Zone ranges:\n"
			    "  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
			    "  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]\n"
			    "  Normal   [mem 0x0000000100000000-0x000000017fffffff]\n"
			    "  Device   empty\n"
			    "Movable zone start for each node\n"
			    "Initmem setup node 0 [mem 0x0000000000001000-0x000000007fffffff]\n"
			    "Initmem setup node 1 [mem 0x0000000080000000-0x000000017fffffff]\n"
			    "On node 0, zone DMA: 1 pages in unavailable ranges\n");
	check_zone(0, ZONE_DMA, 1, 0xfff, 0xfff);
	check_zone(0, ZONE_DMA32, 0x1000, 0x7f000, 0x7f000);
	check_zone(0, ZONE_NORMAL, 0, 0, 0);
	check_zone(1, ZONE_DMA, 0, 0, 0);
	check_zone(1, ZONE_DMA32, 0x80000, 0x80000, 0x80000);
	check_zone(1, ZONE_NORMAL, 0x100000, 0x80000, 0x80000);
	assert_int_equal(NODE_DATA(1)->node_start_pfn, 0x80000);
	assert_int_equal(NODE_DATA(1)->node_present_pages, 0x100000);
	assert_int_equal(mminit_verify(), 0);
}

/* A possible node without memory. */
static void test_memoryless_node(void **state)
{
	static const struct ram r[] = { { 0x1000, 0x3fffffff, 0 } };
	const char *out;

	mt_boot(r, 1, 2, false);
	out = mt_paging_init();
	assert_non_null(strstr(out, "Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]\n"
				    "Initmem setup node 1 as memoryless\n"));
	assert_int_equal(NODE_DATA(1)->node_present_pages, 0);
	assert_int_equal(NODE_DATA(1)->node_spanned_pages, 0);
	assert_int_equal(mminit_verify(), 0);
}

/* A hole in the middle of a section: counted in the zone of the range after it. */
static void test_hole_inside_section(void **state)
{
	/* [1, 0x9000) and [0xa000, 0x10000): the hole [0x9000, 0xa000) is in section 1 (0x8000-0xffff). */
	static const struct ram r[] = { { 0x1000, 0x8ffffff, 0 }, { 0xa000000, 0xfffffff, 0 } };

	mt_boot(r, 2, 1, false);
	assert_string_equal(mt_lines(mt_paging_init(), mt_zone_prefixes + 7),
			    "Initmem setup node 0 [mem 0x0000000000001000-0x000000000fffffff]\n"
			    "On node 0, zone DMA: 1 pages in unavailable ranges\n"
			    "On node 0, zone DMA32: 4096 pages in unavailable ranges\n");
	check_zone(0, ZONE_DMA32, 0x1000, 0xf000, 0xf000 - 0x1000);
	assert_int_equal(mminit_verify(), 0);
}

static const struct ram five_gib[] = { { 0x100000, 0x13fffffff, 0 } }; /* pfns 0x100-0x13ffff */

/*
 * kernelcore=4G: 0x100000 pages, of which 0xfff00 are below Normal's start
 * (0x100000); the other 0x100 come from Normal, so ZONE_MOVABLE starts at
 * 0x100100, rounded up to MAX_ORDER (0x400 pages): 0x100400.
 */
static void test_kernelcore(void **state)
{
	mt_boot(five_gib, 1, 1, false);
	assert_int_equal(cmdline_parse_kernelcore("4G"), 0);
	assert_string_equal(mt_lines(mt_paging_init(), mt_zone_prefixes + 5),
			    "Movable zone start for each node\n"
			    "  Node 0: 0x0000000100400000\n"
			    "Initmem setup node 0 [mem 0x0000000000100000-0x000000013fffffff]\n"
			    "On node 0, zone DMA: 256 pages in unavailable ranges\n");
	check_zone(0, ZONE_NORMAL, 0x100000, 0x400, 0x400);
	check_zone(0, ZONE_MOVABLE, 0x100400, 0x3fc00, 0x3fc00);
	assert_int_equal(mminit_verify(), 0);
}

/*
 * movablecore=1G: 0x40000 pages movable, kernelcore = 0x13ff00 - 0x40000 =
 * 0xfff00, all of it below 4 GiB, so ZONE_MOVABLE takes all of Normal.
 */
static void test_movablecore(void **state)
{
	mt_boot(five_gib, 1, 1, false);
	assert_int_equal(cmdline_parse_movablecore("1G"), 0);
	assert_non_null(strstr(mt_paging_init(), "Movable zone start for each node\n  Node 0: 0x0000000100000000\n"));
	check_zone(0, ZONE_NORMAL, 0, 0, 0);
	check_zone(0, ZONE_MOVABLE, 0x100000, 0x40000, 0x40000);
	check_zone(0, ZONE_DMA32, 0x1000, 0xff000, 0xff000);
	assert_int_equal(mminit_verify(), 0);
}

/* kernelcore=90%: 0x13ff00 * 90 / 100 = 0x11ff1c pages; 0x11ff1c - 0xfff00 = 0x2001c from Normal. */
static void test_kernelcore_percent(void **state)
{
	mt_boot(five_gib, 1, 1, false);
	assert_int_equal(cmdline_parse_kernelcore("90%"), 0);
	mt_paging_init();
	/* 0x100000 + 0x2001c = 0x12001c, rounded up to 0x400: 0x120400 */
	check_zone(0, ZONE_NORMAL, 0x100000, 0x20400, 0x20400);
	check_zone(0, ZONE_MOVABLE, 0x120400, 0x1fc00, 0x1fc00);
	assert_int_equal(mminit_verify(), 0);
}

/* kernelcore= larger than memory: no ZONE_MOVABLE. Bad values are refused. */
static void test_kernelcore_too_big_and_bad(void **state)
{
	char buf[256];

	mt_boot(five_gib, 1, 1, false);
	assert_int_equal(cmdline_parse_kernelcore("64G"), 0);
	assert_null(strstr(mt_paging_init(), "  Node 0:"));
	check_zone(0, ZONE_MOVABLE, 0, 0, 0);
	host_capture_start(buf, sizeof(buf));
	assert_int_equal(cmdline_parse_kernelcore("lots"), -1);
	assert_int_equal(cmdline_parse_movablecore("150%"), -1);
	assert_int_equal(cmdline_parse_kernelcore("mirror"), -1);
	host_capture_stop();
	assert_non_null(strstr(buf, "kernelcore=lots"));
}

/*
 * kernelcore= over two nodes. Node 0: pfns 0x100-0x100000 (all below
 * Normal), node 1: 0x100000-0x200000 (all Normal); 0x1fff00 pages.
 */
static const struct ram two_nodes_4g[] = { { 0x100000, 0xffffffff, 0 }, { 0x100000000, 0x1ffffffff, 1 } };

/*
 * kernelcore=6G = 0x180000 pages, 0xc0000 per node. Node 0's 0xfff00 pages
 * all count (required left 0x80100), zone_movable_pfn[0] = its end. Node 1:
 * required < kernelcore_node, so the share becomes 0x80100 / 2 = 0x40080:
 * zone_movable_pfn[1] = 0x140080, required left 0x40080. Second pass with
 * one node: share 0x40080, node 1 from 0x140080 to 0x180100. Rounded up to
 * 0x400: 0x180400; node 0's is at its end, so cleared.
 */
static void test_kernelcore_two_nodes(void **state)
{
	mt_boot(two_nodes_4g, 2, 2, false);
	assert_int_equal(cmdline_parse_kernelcore("6G"), 0);
	assert_non_null(strstr(mt_paging_init(), "Movable zone start for each node\n  Node 1: 0x0000000180400000\n"
						 "Early memory node ranges\n"));
	check_zone(0, ZONE_MOVABLE, 0, 0, 0);
	check_zone(0, ZONE_DMA32, 0x1000, 0xff000, 0xff000);
	check_zone(1, ZONE_NORMAL, 0x100000, 0x80400, 0x80400);
	check_zone(1, ZONE_MOVABLE, 0x180400, 0x7fc00, 0x7fc00);
	assert_int_equal(mminit_verify(), 0);
}

/*
 * kernelcore=5G = 0x140000: node 0 leaves 0x40100, node 1's share becomes
 * 0x20080 (to 0x120080), second pass 0x20080 more: 0x140100 -> 0x140400.
 */
static void test_kernelcore_two_nodes_movable(void **state)
{
	mt_boot(two_nodes_4g, 2, 2, false);
	assert_int_equal(cmdline_parse_kernelcore("5G"), 0);
	assert_non_null(strstr(mt_paging_init(), "Movable zone start for each node\n  Node 1: 0x0000000140400000\n"));
	check_zone(1, ZONE_NORMAL, 0x100000, 0x40400, 0x40400);
	check_zone(1, ZONE_MOVABLE, 0x140400, 0xbfc00, 0xbfc00);
	check_zone(0, ZONE_MOVABLE, 0, 0, 0);
	assert_int_equal(mminit_verify(), 0);
}

/* The checker notices a wrong count. */
static void test_checker_catches_bad_count(void **state)
{
	char buf[4096];

	mt_boot(five_gib, 1, 1, false);
	mt_paging_init();
	ZONE(0, ZONE_DMA32)->present_pages--;
	host_capture_start(buf, sizeof(buf));
	assert_true(mminit_verify() > 0);
	host_capture_stop();
	assert_non_null(strstr(buf, "zone DMA32: present_pages"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_pc_layout_lines_only, mt_teardown),
		cmocka_unit_test_teardown(test_tail_of_last_section, mt_teardown),
		cmocka_unit_test_teardown(test_two_nodes, mt_teardown),
		cmocka_unit_test_teardown(test_memoryless_node, mt_teardown),
		cmocka_unit_test_teardown(test_hole_inside_section, mt_teardown),
		cmocka_unit_test_teardown(test_kernelcore, mt_teardown),
		cmocka_unit_test_teardown(test_movablecore, mt_teardown),
		cmocka_unit_test_teardown(test_kernelcore_percent, mt_teardown),
		cmocka_unit_test_teardown(test_kernelcore_too_big_and_bad, mt_teardown),
		cmocka_unit_test_teardown(test_kernelcore_two_nodes, mt_teardown),
		cmocka_unit_test_teardown(test_kernelcore_two_nodes_movable, mt_teardown),
		cmocka_unit_test_teardown(test_checker_catches_bad_count, mt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
