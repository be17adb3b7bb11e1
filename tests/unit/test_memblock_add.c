/*
 * memblock_add / memblock_add_node: region arrays after adding to empty,
 * disjoint, overlapping and adjacent memory, at the top of the 64-bit space,
 * on full arrays (before and after memblock_allow_resize).
 * Expectations follow Linux 6.12's memblock_add_range() by hand.
 */
#include "memblock_test_util.h"

/*
 *  |   [r1]   |   r1 = [0x1000, 0xa0000)
 * Expect: one region, exactly r1, nid MAX_NUMNODES (no node), flags 0.
 */
static void add_to_empty(void **state)
{
	assert_int_equal(memblock_add(0x1000, 0x9f000), 0);
	ASSERT_MEM(0x9f000, R(0x1000, 0x9f000));
	ASSERT_EMPTY(&memblock.reserved);
}

/* Expect: size 0 is a successful no-op; the array stays empty. */
static void add_zero_size(void **state)
{
	assert_int_equal(memblock_add(0x1000, 0), 0);
	ASSERT_EMPTY(&memblock.memory);
}

/*
 *  | [r2]      [r1] |  r1 added first, r2 lower
 * Expect: two regions, sorted by base, total the sum.
 */
static void add_disjoint_sorted(void **state)
{
	assert_int_equal(memblock_add(0x100000, 0x1000), 0);
	assert_int_equal(memblock_add(0x1000, 0x2000), 0);
	ASSERT_MEM(0x3000, R(0x1000, 0x2000), R(0x100000, 0x1000));
}

/*
 *  |  [ r2 [ r1 ] ]  r2 = [0x1000,0x3000) overlaps the bottom of r1 = [0x2000,0x4000)
 * Expect: only [0x1000,0x2000) is inserted, then merged: one region [0x1000,0x4000).
 */
static void add_overlap_bottom(void **state)
{
	memblock_add(0x2000, 0x2000);
	assert_int_equal(memblock_add(0x1000, 0x2000), 0);
	ASSERT_MEM(0x3000, R(0x1000, 0x3000));
}

/* r2 = [0x3000,0x5000) overlaps the top of r1 = [0x2000,0x4000). Expect: one region [0x2000,0x5000). */
static void add_overlap_top(void **state)
{
	memblock_add(0x2000, 0x2000);
	assert_int_equal(memblock_add(0x3000, 0x2000), 0);
	ASSERT_MEM(0x3000, R(0x2000, 0x3000));
}

/* r2 inside r1. Expect: nothing new (nr_new == 0), array and total unchanged. */
static void add_within(void **state)
{
	memblock_add(0x1000, 0x4000);
	assert_int_equal(memblock_add(0x2000, 0x1000), 0);
	ASSERT_MEM(0x4000, R(0x1000, 0x4000));
}

/* Adding the same range twice. Expect: no change, total not double counted. */
static void add_twice(void **state)
{
	memblock_add(0x1000, 0x4000);
	memblock_add(0x1000, 0x4000);
	ASSERT_MEM(0x4000, R(0x1000, 0x4000));
}

/* r2 = [0x1000,0x5000) covers r1 = [0x2000,0x3000). Expect: both ends inserted, merged to one region. */
static void add_covering(void **state)
{
	memblock_add(0x2000, 0x1000);
	assert_int_equal(memblock_add(0x1000, 0x4000), 0);
	ASSERT_MEM(0x4000, R(0x1000, 0x4000));
}

/*
 *  | [r1][r2] |  r2 starts where r1 ends
 * Expect: same nid and flags, so merged into one region.
 */
static void add_adjacent_merges(void **state)
{
	memblock_add(0x1000, 0x1000);
	memblock_add(0x2000, 0x1000);
	ASSERT_MEM(0x2000, R(0x1000, 0x2000));
}

/*
 *  | [r1] [r3]  [r2] |  r3 bridges r1 and r2 with overlap on both
 * Expect: the two gaps' pieces inserted, everything merged into [0x1000,0x5000).
 */
static void add_bridge(void **state)
{
	memblock_add(0x1000, 0x1000);
	memblock_add(0x4000, 0x1000);
	assert_int_equal(memblock_add(0x1800, 0x3000), 0);
	ASSERT_MEM(0x4000, R(0x1000, 0x4000));
}

/* r3 fills the gap between r1 and r2 exactly. Expect: a single region (merge across three). */
static void add_fill_gap(void **state)
{
	memblock_add(0x1000, 0x1000);
	memblock_add(0x3000, 0x1000);
	memblock_add(0x2000, 0x1000);
	ASSERT_MEM(0x3000, R(0x1000, 0x3000));
}

/* Adjacent ranges on different nodes. Expect: not merged, each keeps its nid. */
static void add_node_adjacent_different_nid(void **state)
{
	assert_int_equal(memblock_add_node(0x1000, 0x1000, 0, MEMBLOCK_NONE), 0);
	assert_int_equal(memblock_add_node(0x2000, 0x1000, 1, MEMBLOCK_NONE), 0);
	ASSERT_MEM(0x2000, RNF(0x1000, 0x1000, 0, 0), RNF(0x2000, 0x1000, 1, 0));
}

/* Adjacent ranges, same nid, different flags. Expect: not merged. */
static void add_node_adjacent_different_flags(void **state)
{
	memblock_add_node(0x1000, 0x1000, 2, MEMBLOCK_HOTPLUG);
	memblock_add_node(0x2000, 0x1000, 2, MEMBLOCK_NONE);
	ASSERT_MEM(0x2000, RNF(0x1000, 0x1000, 2, MEMBLOCK_HOTPLUG), RNF(0x2000, 0x1000, 2, 0));
}

/* Adjacent ranges, same nid and flags. Expect: merged into one region with that nid and flags. */
static void add_node_adjacent_same(void **state)
{
	memblock_add_node(0x2000, 0x1000, 2, MEMBLOCK_HOTPLUG);
	memblock_add_node(0x1000, 0x1000, 2, MEMBLOCK_HOTPLUG);
	ASSERT_MEM(0x2000, RNF(0x1000, 0x2000, 2, MEMBLOCK_HOTPLUG));
}

/*
 *  |  [   r2 (nid 0)   ]  |
 *  |     [r1 nid1 HP]     |
 * Expect: r1 keeps nid 1 and HOTPLUG; only the uncovered pieces get nid 0: three regions.
 */
static void add_node_overlap_keeps_existing(void **state)
{
	memblock_add_node(0x2000, 0x2000, 1, MEMBLOCK_HOTPLUG);
	assert_int_equal(memblock_add_node(0x1000, 0x4000, 0, MEMBLOCK_NONE), 0);
	ASSERT_MEM(0x4000, RNF(0x1000, 0x1000, 0, 0), RNF(0x2000, 0x2000, 1, MEMBLOCK_HOTPLUG),
		   RNF(0x4000, 0x1000, 0, 0));
}

/* memblock_add_node with NUMA_NO_NODE: the nid is stored as given (-1). */
static void add_node_no_node(void **state)
{
	memblock_add_node(0x1000, 0x1000, NUMA_NO_NODE, MEMBLOCK_NOMAP);
	ASSERT_MEM(0x1000, RNF(0x1000, 0x1000, NUMA_NO_NODE, MEMBLOCK_NOMAP));
}

/*
 * A range running past 2^64: base 2^64 - 0x1000, size 0x2000.
 * Expect: size capped to PHYS_ADDR_MAX - base = 0xfff (the last byte can never be covered).
 */
static void add_top_of_address_space(void **state)
{
	assert_int_equal(memblock_add(0xfffffffffffff000ULL, 0x2000), 0);
	ASSERT_MEM(0xfff, R(0xfffffffffffff000ULL, 0xfff));
}

/* The whole space: base 0, size PHYS_ADDR_MAX. Expect: one region of PHYS_ADDR_MAX bytes. */
static void add_whole_space(void **state)
{
	memblock_add(0, PHYS_ADDR_MAX);
	ASSERT_MEM(PHYS_ADDR_MAX, R(0, PHYS_ADDR_MAX));
	/* Adding more on top changes nothing: everything is covered. */
	memblock_add(0xfffffffffffff000ULL, 0x2000);
	ASSERT_MEM(PHYS_ADDR_MAX, R(0, PHYS_ADDR_MAX));
}

/* Two capped adds at the top that overlap. Expect: merged into one region ending at PHYS_ADDR_MAX. */
static void add_top_overlapping(void **state)
{
	memblock_add(0xffffffffffffe000ULL, 0x10000);
	memblock_add(0xffffffffffff0000ULL, 0xf000);
	ASSERT_MEM(0xffff, R(0xffffffffffff0000ULL, 0xffff));
}

/* 128 disjoint one-page regions at stride 0x2000 starting at 0x1000. */
static void fill_memory_array(void)
{
	for (int i = 0; i < INIT_MEMBLOCK_MEMORY_REGIONS; i++)
		assert_int_equal(memblock_add(0x1000 + (phys_addr_t)i * 0x2000, 0x1000), 0);
	assert_int_equal(memblock.memory.cnt, INIT_MEMBLOCK_MEMORY_REGIONS);
	assert_int_equal(memblock.memory.max, INIT_MEMBLOCK_MEMORY_REGIONS);
}

/*
 * Full array (128 regions), resizing not allowed, a 129th disjoint range.
 * Expect: -1 and an error naming the array (Linux panics here), state untouched.
 */
static void add_full_array_no_resize(void **state)
{
	static struct memblock_region saved[INIT_MEMBLOCK_MEMORY_REGIONS];
	phys_addr_t total;

	fill_memory_array();
	memcpy(saved, memblock.memory.regions, sizeof(saved));
	total = memblock.memory.total_size;
	mb_capture();
	assert_int_equal(memblock_add(0x10000000, 0x1000), -1);
	mb_uncapture();
	assert_non_null(strstr(mb_out, "cannot resize memory array"));
	assert_int_equal(memblock.memory.cnt, INIT_MEMBLOCK_MEMORY_REGIONS);
	assert_int_equal(memblock.memory.max, INIT_MEMBLOCK_MEMORY_REGIONS);
	assert_int_equal(memblock.memory.total_size, total);
	assert_memory_equal(saved, memblock.memory.regions, sizeof(saved));
}

/*
 * Full array, a range adjacent to the last region (it would merge).
 * Expect: still -1: Linux counts the new piece (nr_new = 1) before merging, so it needs a spare slot.
 */
static void add_full_array_adjacent_still_needs_slot(void **state)
{
	fill_memory_array();
	mb_capture();
	assert_int_equal(memblock_add(0x1000 + 127 * 0x2000 + 0x1000, 0x1000), -1);
	mb_uncapture();
	assert_int_equal(memblock.memory.cnt, INIT_MEMBLOCK_MEMORY_REGIONS);
}

/* Full array, a range already covered. Expect: 0 with no resize needed (nr_new == 0), silent. */
static void add_full_array_covered_ok(void **state)
{
	fill_memory_array();
	mb_capture();
	assert_int_equal(memblock_add(0x1000, 0x1000), 0);
	assert_int_equal(mb_uncapture(), 0);
	assert_int_equal(memblock.memory.cnt, INIT_MEMBLOCK_MEMORY_REGIONS);
}

/*
 * 128 two-page regions at [0x100000 + i * 0x4000, +0x2000) inside a 3 MiB window, resizing allowed,
 * then a 129th region at 0x300000. The doubled array is 256 * 24 = 6144 bytes, 0x2000 page aligned,
 * found with memblock_find_in_range over memory (reserved is empty).
 * Expect: top-down it lands in the highest region [0x2fc000,0x2fe000); bottom-up in the lowest
 * [0x100000,0x102000); max 256, cnt 129, and the array's two pages are reserved.
 */
static void add_grows_after_allow_resize(void **state)
{
	phys_addr_t arr;

	mb_window(0x100000, 0x300000);
	for (int i = 0; i < INIT_MEMBLOCK_MEMORY_REGIONS; i++)
		memblock_add(0x100000 + (phys_addr_t)i * 0x4000, 0x2000);
	memblock_allow_resize();
	memblock_debug = 1;
	mb_capture();
	assert_int_equal(memblock_add(0x300000, 0x1000), 0);
	mb_uncapture();
	memblock_debug = 0;

	arr = TD_BU(0x2fc000, 0x100000);
	assert_int_equal(memblock.memory.max, 256);
	assert_int_equal(memblock.memory.cnt, 129);
	assert_int_equal(memblock.memory.total_size, 128 * 0x2000 + 0x1000);
	assert_ptr_equal(memblock.memory.regions, mb_virt(arr));
	assert_int_equal(arr % PAGE_SIZE, 0);
	assert_int_equal(memblock.memory.regions[0].base, 0x100000);
	assert_int_equal(memblock.memory.regions[127].base, 0x2fc000);
	assert_int_equal(memblock.memory.regions[128].base, 0x300000);
	ASSERT_RSV(0x2000, R(arr, 0x2000));
	/* Linux: memblock_dbg("memblock: %s is doubled to %ld at [%pa-%pa]", ...), end = addr + new_size - 1. */
	assert_non_null(strstr(mb_out, memblock_bottom_up()
				   ? "memblock: memory is doubled to 256 at [0x0000000000100000-0x00000000001017ff]"
				   : "memblock: memory is doubled to 256 at [0x00000000002fc000-0x00000000002fd7ff]"));
}

/* Growing needs memory for the new array: none free (only 1-page regions). Expect: -1, message, unchanged. */
static void add_grow_fails_without_space(void **state)
{
	fill_memory_array();
	memblock_allow_resize();
	mb_capture();
	assert_int_equal(memblock_add(0x10000000, 0x1000), -1);
	mb_uncapture();
	assert_non_null(strstr(mb_out, "memblock: Failed to double memory array from 128 to 256 entries !"));
	assert_int_equal(memblock.memory.cnt, 128);
	assert_int_equal(memblock.memory.max, 128);
	ASSERT_EMPTY(&memblock.reserved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MB_TEST(add_to_empty),
		MB_TEST(add_zero_size),
		MB_TEST(add_disjoint_sorted),
		MB_TEST(add_overlap_bottom),
		MB_TEST(add_overlap_top),
		MB_TEST(add_within),
		MB_TEST(add_twice),
		MB_TEST(add_covering),
		MB_TEST(add_adjacent_merges),
		MB_TEST(add_bridge),
		MB_TEST(add_fill_gap),
		MB_TEST(add_node_adjacent_different_nid),
		MB_TEST(add_node_adjacent_different_flags),
		MB_TEST(add_node_adjacent_same),
		MB_TEST(add_node_overlap_keeps_existing),
		MB_TEST(add_node_no_node),
		MB_TEST(add_top_of_address_space),
		MB_TEST(add_whole_space),
		MB_TEST(add_top_overlapping),
		MB_TEST(add_full_array_no_resize),
		MB_TEST(add_full_array_adjacent_still_needs_slot),
		MB_TEST(add_full_array_covered_ok),
		MB_TEST_BOTH(add_grows_after_allow_resize),
		MB_TEST(add_grow_fails_without_space),
	};

	return cmocka_run_group_tests_name("memblock_add", tests, NULL, NULL);
}
