/*
 * memblock_reserve, memblock_remove, memblock_phys_free and memblock_free:
 * merging of reservations, splitting by removal (memblock_isolate_range),
 * empty and (nearly) full arrays, reserved-array growth.
 * Expectations follow Linux 6.12's memblock_add_range()/memblock_remove_range() by hand.
 */
#include "memblock_test_util.h"

/* Expect: a reservation on an empty array is stored as is; memory stays empty (no RAM needed). */
static void reserve_simple(void **state)
{
	assert_int_equal(memblock_reserve(0x10000, 0x1000), 0);
	ASSERT_RSV(0x1000, R(0x10000, 0x1000));
	ASSERT_EMPTY(&memblock.memory);
	assert_int_equal(memblock_reserved_size(), 0x1000);
}

/* Two reservations touching. Expect: merged into one, as memory regions are. */
static void reserve_adjacent_merge(void **state)
{
	memblock_reserve(0x2000, 0x1000);
	memblock_reserve(0x1000, 0x1000);
	ASSERT_RSV(0x2000, R(0x1000, 0x2000));
}

/* Overlapping reservations [0x1000,0x3000) + [0x2000,0x5000). Expect: one [0x1000,0x5000), total counted once. */
static void reserve_overlap(void **state)
{
	memblock_reserve(0x1000, 0x2000);
	memblock_reserve(0x2000, 0x3000);
	ASSERT_RSV(0x4000, R(0x1000, 0x4000));
}

/* Disjoint reservations out of order. Expect: sorted, two regions. */
static void reserve_disjoint(void **state)
{
	memblock_reserve(0x8000, 0x100);
	memblock_reserve(0x1000, 0x100);
	ASSERT_RSV(0x200, R(0x1000, 0x100), R(0x8000, 0x100));
}

/* A reservation crossing 2^64. Expect: capped to end at PHYS_ADDR_MAX. */
static void reserve_top_capped(void **state)
{
	memblock_reserve(0xffffffffffffff00ULL, 0x1000);
	ASSERT_RSV(0xff, R(0xffffffffffffff00ULL, 0xff));
}

/* Expect: size 0 reserves nothing. */
static void reserve_zero(void **state)
{
	assert_int_equal(memblock_reserve(0x1000, 0), 0);
	ASSERT_EMPTY(&memblock.reserved);
}

/*
 *  |  [ r1 ]  |  remove all of r1
 * Expect: empty array; regions[0] reset to {0, 0, flags 0, nid MAX_NUMNODES} as Linux does.
 */
static void remove_whole(void **state)
{
	memblock_add(0x1000, 0x4000);
	assert_int_equal(memblock_remove(0x1000, 0x4000), 0);
	ASSERT_EMPTY(&memblock.memory);
	assert_int_equal(memblock.memory.regions[0].nid, MAX_NUMNODES);
	assert_int_equal(memblock.memory.regions[0].base, 0);
	/* And the array is usable again as empty. */
	memblock_add(0x8000, 0x1000);
	ASSERT_MEM(0x1000, R(0x8000, 0x1000));
}

/*
 *  |  [ r1 (xx) ]  |  remove a hole in the middle of r1 (nid 3, HOTPLUG)
 * Expect: two regions around the hole, both keeping nid 3 and HOTPLUG.
 */
static void remove_middle_splits(void **state)
{
	memblock_add_node(0x1000, 0x4000, 3, MEMBLOCK_HOTPLUG);
	assert_int_equal(memblock_remove(0x2000, 0x1000), 0);
	ASSERT_MEM(0x3000, RNF(0x1000, 0x1000, 3, MEMBLOCK_HOTPLUG), RNF(0x3000, 0x2000, 3, MEMBLOCK_HOTPLUG));
}

/* Remove [0x0,0x2000) overlapping the bottom of r1 = [0x1000,0x5000). Expect: [0x2000,0x5000) left. */
static void remove_overlap_bottom(void **state)
{
	memblock_add(0x1000, 0x4000);
	memblock_remove(0x0, 0x2000);
	ASSERT_MEM(0x3000, R(0x2000, 0x3000));
}

/* Remove [0x4000,0x8000) overlapping the top of r1 = [0x1000,0x5000). Expect: [0x1000,0x4000) left. */
static void remove_overlap_top(void **state)
{
	memblock_add(0x1000, 0x4000);
	memblock_remove(0x4000, 0x4000);
	ASSERT_MEM(0x3000, R(0x1000, 0x3000));
}

/*
 *  | [r1]  [r2]  [r3] |  remove [0x1800, 0x5800): the top of r1, all of r2, the bottom of r3
 * Expect: [0x1000,0x1800) and [0x5800,0x6000) left.
 */
static void remove_spanning(void **state)
{
	memblock_add(0x1000, 0x1000);
	memblock_add(0x3000, 0x1000);
	memblock_add(0x5000, 0x1000);
	memblock_remove(0x1800, 0x4000);
	ASSERT_MEM(0x1000, R(0x1000, 0x800), R(0x5800, 0x800));
}

/* Removing a range that is not memory. Expect: 0, nothing changes. */
static void remove_missing(void **state)
{
	memblock_add(0x1000, 0x1000);
	assert_int_equal(memblock_remove(0x8000, 0x1000), 0);
	ASSERT_MEM(0x1000, R(0x1000, 0x1000));
}

/* Removing from an empty array. Expect: 0, still empty. */
static void remove_from_empty(void **state)
{
	assert_int_equal(memblock_remove(0x1000, 0x1000), 0);
	ASSERT_EMPTY(&memblock.memory);
}

/* Removing near 2^64 with a size that wraps. Expect: capped; removes to the end of the top region. */
static void remove_top_capped(void **state)
{
	memblock_add(0xffffffffff000000ULL, 0x2000000);
	memblock_remove(0xffffffffff800000ULL, 0x1000000);
	ASSERT_MEM(0x800000, R(0xffffffffff000000ULL, 0x800000));
}

/*
 * 127 regions (one slot short of full), remove one whole region.
 * Expect: -1 and a resize error: memblock_isolate_range always wants two spare slots (cnt + 2 <= max).
 */
static void remove_nearly_full_needs_two_slots(void **state)
{
	for (int i = 0; i < 127; i++)
		memblock_add(0x1000 + (phys_addr_t)i * 0x2000, 0x1000);
	mb_capture();
	assert_int_equal(memblock_remove(0x1000, 0x1000), -1);
	mb_uncapture();
	assert_non_null(strstr(mb_out, "cannot resize memory array"));
	assert_int_equal(memblock.memory.cnt, 127);
	assert_int_equal(memblock.memory.total_size, 127 * 0x1000);
}

/* 126 regions: cnt + 2 == max. Expect: the removal works. */
static void remove_with_two_spare_slots(void **state)
{
	for (int i = 0; i < 126; i++)
		memblock_add(0x1000 + (phys_addr_t)i * 0x2000, 0x1000);
	assert_int_equal(memblock_remove(0x1000, 0x1000), 0);
	assert_int_equal(memblock.memory.cnt, 125);
	assert_int_equal(memblock.memory.regions[0].base, 0x3000);
}

/* Free part of a reservation. Expect: split around the freed hole. */
static void phys_free_split(void **state)
{
	memblock_reserve(0x1000, 0x3000);
	assert_int_equal(memblock_phys_free(0x2000, 0x800), 0);
	ASSERT_RSV(0x2800, R(0x1000, 0x1000), R(0x2800, 0x1800));
}

/* Free a reservation exactly, and one spanning two reservations. Expect: empty reserved array. */
static void phys_free_all(void **state)
{
	memblock_reserve(0x1000, 0x1000);
	memblock_reserve(0x3000, 0x1000);
	memblock_phys_free(0x1000, 0x1000);
	ASSERT_RSV(0x1000, R(0x3000, 0x1000));
	memblock_reserve(0x1000, 0x1000);
	memblock_phys_free(0x0, 0x10000);
	ASSERT_EMPTY(&memblock.reserved);
}

/* memblock_free takes a virtual address: the window maps phys 0x100000 there. Expect: the phys range freed. */
static void free_by_pointer(void **state)
{
	char *mem = mb_window(0x100000, 0x10000);

	memblock_reserve(0x100000, 0x4000);
	memblock_free(mem + 0x1000, 0x1000);
	ASSERT_RSV(0x3000, R(0x100000, 0x1000), R(0x102000, 0x2000));
}

/* memblock_free(NULL, ...) is a no-op, as in Linux. */
static void free_null(void **state)
{
	memblock_reserve(0x0, 0x1000);
	memblock_free(NULL, 0x1000);
	ASSERT_RSV(0x1000, R(0x0, 0x1000));
}

/* Removing memory does not touch reservations (they may lie outside memory). */
static void remove_keeps_reserved(void **state)
{
	memblock_add(0x1000, 0x4000);
	memblock_reserve(0x2000, 0x1000);
	memblock_remove(0x1000, 0x4000);
	ASSERT_EMPTY(&memblock.memory);
	ASSERT_RSV(0x1000, R(0x2000, 0x1000));
}

/* Full reserved array, resize not allowed, a 129th reservation. Expect: -1, message, unchanged. */
static void reserve_full_no_resize(void **state)
{
	for (int i = 0; i < 128; i++)
		memblock_reserve(0x100000 + (phys_addr_t)i * 0x2000, 0x1000);
	mb_capture();
	assert_int_equal(memblock_reserve(0x3ff000, 0x1000), -1);
	mb_uncapture();
	assert_non_null(strstr(mb_out, "cannot resize reserved array"));
	assert_int_equal(memblock.reserved.cnt, 128);
	assert_int_equal(memblock.reserved.total_size, 128 * 0x1000);
}

/*
 * Memory [0x100000,0x400000) in a window; 128 one-page reservations at stride 0x2000 from 0x100000
 * (last one ends at 0x1ff000); then reserve [0x3ff000,0x400000).
 * memblock_double_array avoids the range being reserved: first it looks above it (nothing: memory ends
 * at 0x400000), then in [0, 0x3ff000).
 * Expect top-down: new array at [0x3fd000,0x3ff000), which then merges with the new reservation:
 *   129 regions, the last [0x3fd000,0x400000).
 * Expect bottom-up: the first gap of two pages is [0x1ff000,...): array at 0x1ff000, merged with the
 *   reservation below into [0x1fe000,0x201000); the new one separate: 129 regions.
 */
static void reserve_grows_after_allow_resize(void **state)
{
	struct memblock_region *r;

	mb_window(0x100000, 0x300000);
	memblock_add(0x100000, 0x300000);
	for (int i = 0; i < 128; i++)
		memblock_reserve(0x100000 + (phys_addr_t)i * 0x2000, 0x1000);
	memblock_allow_resize();
	assert_int_equal(memblock_reserve(0x3ff000, 0x1000), 0);

	r = memblock.reserved.regions;
	assert_int_equal(memblock.reserved.max, 256);
	assert_int_equal(memblock.reserved.cnt, 129);
	assert_int_equal(memblock.reserved.total_size, 128 * 0x1000 + 0x3000);
	if (memblock_bottom_up()) {
		assert_ptr_equal(r, mb_virt(0x1ff000));
		assert_int_equal(r[127].base, 0x1fe000);
		assert_int_equal(r[127].size, 0x3000);
		assert_int_equal(r[128].base, 0x3ff000);
		assert_int_equal(r[128].size, 0x1000);
	} else {
		assert_ptr_equal(r, mb_virt(0x3fd000));
		assert_int_equal(r[127].base, 0x1fe000);
		assert_int_equal(r[127].size, 0x1000);
		assert_int_equal(r[128].base, 0x3fd000);
		assert_int_equal(r[128].size, 0x3000);
	}
	/* The array is page aligned and lies in reserved memory. */
	assert_int_equal(mb_phys(r) % PAGE_SIZE, 0);
	assert_true(memblock_is_region_reserved(mb_phys(r), 256 * sizeof(*r)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MB_TEST(reserve_simple),
		MB_TEST(reserve_adjacent_merge),
		MB_TEST(reserve_overlap),
		MB_TEST(reserve_disjoint),
		MB_TEST(reserve_top_capped),
		MB_TEST(reserve_zero),
		MB_TEST(remove_whole),
		MB_TEST(remove_middle_splits),
		MB_TEST(remove_overlap_bottom),
		MB_TEST(remove_overlap_top),
		MB_TEST(remove_spanning),
		MB_TEST(remove_missing),
		MB_TEST(remove_from_empty),
		MB_TEST(remove_top_capped),
		MB_TEST(remove_nearly_full_needs_two_slots),
		MB_TEST(remove_with_two_spare_slots),
		MB_TEST(phys_free_split),
		MB_TEST(phys_free_all),
		MB_TEST(free_by_pointer),
		MB_TEST(free_null),
		MB_TEST(remove_keeps_reserved),
		MB_TEST(reserve_full_no_resize),
		MB_TEST_BOTH(reserve_grows_after_allow_resize),
	};

	return cmocka_run_group_tests_name("memblock_reserve_remove", tests, NULL, NULL);
}
