/*
 * The rest of the memblock API: flags (hotplug/mirror/nomap/noinit),
 * memblock_set_node, memblock_trim_memory (and its total_size quirk),
 * queries (overlaps, is_*_memory/reserved, sizes, DRAM bounds), settings
 * (bottom_up, current_limit), the iterators, and the memblock=debug lines
 * and memblock_dump_all format, byte for byte as Linux 6.12 prints them.
 */
#include "memblock_test_util.h"

/* Expect: memblock_set_bottom_up/memblock_bottom_up and current_limit round-trip; reset restores defaults. */
static void settings(void **state)
{
	assert_false(memblock_bottom_up());
	memblock_set_bottom_up(true);
	assert_true(memblock_bottom_up());
	assert_int_equal(memblock_get_current_limit(), MEMBLOCK_ALLOC_ANYWHERE);
	memblock_set_current_limit(0x1000000);
	assert_int_equal(memblock_get_current_limit(), 0x1000000);
	memblock_reset();
	assert_false(memblock_bottom_up());
	assert_int_equal(memblock_get_current_limit(), MEMBLOCK_ALLOC_ANYWHERE);
}

/*
 *  |  [ r1 HP ]  |  mark HOTPLUG in the middle of r1, then clear it
 * Expect: split in three with the middle flagged; clearing merges back into one region.
 */
static void mark_clear_hotplug(void **state)
{
	memblock_add(0x1000, 0x3000);
	assert_int_equal(memblock_mark_hotplug(0x2000, 0x1000), 0);
	ASSERT_MEM(0x3000, R(0x1000, 0x1000), RNF(0x2000, 0x1000, NONODE, MEMBLOCK_HOTPLUG), R(0x3000, 0x1000));
	assert_int_equal(memblock_clear_hotplug(0x2000, 0x1000), 0);
	ASSERT_MEM(0x3000, R(0x1000, 0x3000));
}

/* NOMAP over two regions and the gap between. Expect: both flagged, the gap stays a gap; clear merges. */
static void mark_clear_nomap(void **state)
{
	memblock_add(0x1000, 0x1000);
	memblock_add(0x3000, 0x1000);
	memblock_mark_nomap(0x0, 0x10000);
	ASSERT_MEM(0x2000, RNF(0x1000, 0x1000, NONODE, MEMBLOCK_NOMAP), RNF(0x3000, 0x1000, NONODE, MEMBLOCK_NOMAP));
	assert_false(memblock_is_map_memory(0x1000));
	assert_true(memblock_is_memory(0x1000));
	memblock_clear_nomap(0x1000, 0x3000);
	ASSERT_MEM(0x2000, R(0x1000, 0x1000), R(0x3000, 0x1000));
	assert_true(memblock_is_map_memory(0x1000));
}

/* Flags accumulate: HOTPLUG then NOMAP on an overlapping range. Expect: the overlap has both bits. */
static void flags_combine(void **state)
{
	memblock_add(0x1000, 0x4000);
	memblock_mark_hotplug(0x1000, 0x2000);
	memblock_mark_nomap(0x2000, 0x2000);
	ASSERT_MEM(0x4000, RNF(0x1000, 0x1000, NONODE, MEMBLOCK_HOTPLUG),
		   RNF(0x2000, 0x1000, NONODE, MEMBLOCK_HOTPLUG | MEMBLOCK_NOMAP),
		   RNF(0x3000, 0x1000, NONODE, MEMBLOCK_NOMAP), R(0x4000, 0x1000));
}

/* memblock_mark_mirror: no-op unless mirrored_kernelcore; then the flag is set. */
static void mark_mirror(void **state)
{
	memblock_add(0x1000, 0x3000);
	memblock_mark_mirror(0x1000, 0x1000);
	ASSERT_MEM(0x3000, R(0x1000, 0x3000));
	mirrored_kernelcore = true;
	memblock_mark_mirror(0x1000, 0x1000);
	ASSERT_MEM(0x3000, RNF(0x1000, 0x1000, NONODE, MEMBLOCK_MIRROR), R(0x2000, 0x2000));
}

/* memblock_reserved_mark_noinit works on the reserved array. Expect: split, flag 0x10 on the middle. */
static void reserved_noinit(void **state)
{
	memblock_reserve(0x1000, 0x3000);
	memblock_reserved_mark_noinit(0x2000, 0x1000);
	ASSERT_RSV(0x3000, R(0x1000, 0x1000), RNF(0x2000, 0x1000, NONODE, MEMBLOCK_RSRV_NOINIT), R(0x3000, 0x1000));
}

/* Marking on an empty array. Expect: 0, nothing created. */
static void mark_empty(void **state)
{
	assert_int_equal(memblock_mark_nomap(0x1000, 0x1000), 0);
	assert_int_equal(memblock_set_node(0x1000, 0x1000, &memblock.memory, 1), 0);
	ASSERT_EMPTY(&memblock.memory);
}

/*
 * memblock_set_node over [0x1800,0x2800) of r1 = [0x1000,0x3000), then the rest to the same node.
 * Expect: three regions (nid MAX, 1, MAX), then setting the others to 1 merges all into one region on node 1.
 */
static void set_node_split_and_merge(void **state)
{
	memblock_add(0x1000, 0x2000);
	assert_int_equal(memblock_set_node(0x1800, 0x1000, &memblock.memory, 1), 0);
	ASSERT_MEM(0x2000, R(0x1000, 0x800), RNF(0x1800, 0x1000, 1, 0), R(0x2800, 0x800));
	memblock_set_node(0x1000, 0x800, &memblock.memory, 1);
	memblock_set_node(0x2800, 0x800, &memblock.memory, 1);
	ASSERT_MEM(0x2000, RNF(0x1000, 0x2000, 1, 0));
}

/* memblock_set_node on the reserved array (Linux allows any type). Expect: nid stored there. */
static void set_node_reserved(void **state)
{
	memblock_reserve(0x1000, 0x1000);
	memblock_set_node(0x0, 0x10000, &memblock.reserved, 2);
	ASSERT_RSV(0x1000, RNF(0x1000, 0x1000, 2, 0));
}

/*
 * memblock_trim_memory(0x1000) over [0x800,0x2800), [0x3000,0x3800), [0x5000,0x7000).
 * Expect: [0x1000,0x2000) kept (edges cut), [0x3000,0x3800) dropped (no whole page), the last untouched.
 * Linux does not subtract the cut edges from total_size (only dropped regions via memblock_remove_region):
 * total_size = 0x4800 - 0x800 = 0x4000 while the regions sum to 0x3000, so memblock_validate() reports
 * exactly that one problem.
 */
static void trim_memory_quirk(void **state)
{
	memblock_add(0x800, 0x2000);
	memblock_add(0x3000, 0x800);
	memblock_add(0x5000, 0x2000);
	memblock_trim_memory(PAGE_SIZE);
	ASSERT_MEM(0x4000, R(0x1000, 0x1000), R(0x5000, 0x2000));
	mb_capture();
	assert_int_equal(memblock_validate(), 1);
	mb_uncapture();
	assert_string_equal(mb_out, "memblock: memory total_size 0x4000 but regions add up to 0x3000\n");
	mb_skip_validate = true;
}

/* Trim that drops every region, and trim of aligned memory. Expect: empty array; aligned memory untouched. */
static void trim_memory_all_or_nothing(void **state)
{
	memblock_add(0x1000, 0x2000);
	memblock_trim_memory(0x1000);
	ASSERT_MEM(0x2000, R(0x1000, 0x2000));
	memblock_remove(0x1000, 0x2000);
	memblock_add(0x1100, 0x800);
	memblock_add(0x2100, 0x800);
	memblock_trim_memory(0x1000);
	ASSERT_EMPTY(&memblock.memory);
}

/* memblock_overlaps_region at the edges of [0x1000,0x2000) and with a size that wraps. */
static void overlaps_region(void **state)
{
	memblock_reserve(0x1000, 0x1000);
	memblock_reserve(0xfffffffffffff000ULL, 0x1000);
	assert_false(memblock_overlaps_region(&memblock.reserved, 0x0, 0x1000));
	assert_true(memblock_overlaps_region(&memblock.reserved, 0x0, 0x1001));
	assert_true(memblock_overlaps_region(&memblock.reserved, 0x1fff, 1));
	assert_false(memblock_overlaps_region(&memblock.reserved, 0x2000, 0x1000));
	/* Linux's memblock_addrs_overlap: a zero-size range strictly inside a region still "overlaps". */
	assert_true(memblock_overlaps_region(&memblock.reserved, 0x1800, 0));
	/* Wraps: capped to [0xffffffffffff0000, PHYS_ADDR_MAX), reaches the top region. */
	assert_true(memblock_overlaps_region(&memblock.reserved, 0xffffffffffff0000ULL, 0x20000));
	assert_false(memblock_overlaps_region(&memblock.memory, 0x1000, 0x1000));
	assert_true(memblock_is_region_reserved(0x1800, 0x10));
	assert_false(memblock_is_region_reserved(0x2000, 0x10));
}

/*
 * memblock_is_region_memory looks at the one region containing base: [0x1000,0x2000) nid 0 and
 * [0x2000,0x3000) nid 1 are contiguous memory, but a range crossing them is "not memory" in Linux.
 */
static void is_region_memory(void **state)
{
	memblock_add_node(0x1000, 0x1000, 0, MEMBLOCK_NONE);
	memblock_add_node(0x2000, 0x1000, 1, MEMBLOCK_NONE);
	assert_true(memblock_is_region_memory(0x1000, 0x1000));
	assert_true(memblock_is_region_memory(0x1fff, 1));
	assert_false(memblock_is_region_memory(0x1800, 0x1000));
	assert_false(memblock_is_region_memory(0x800, 0x100));
	assert_false(memblock_is_region_memory(0x3000, 0x1));
	assert_true(memblock_is_memory(0x2fff));
	assert_false(memblock_is_memory(0x3000));
	assert_false(memblock_is_reserved(0x1000));
	memblock_reserve(0x1000, 1);
	assert_true(memblock_is_reserved(0x1000));
	assert_false(memblock_is_reserved(0x1001));
}

/* Queries on empty arrays. Expect: false / 0; end_of_DRAM is 0 (Linux would read regions[-1]). */
static void queries_empty(void **state)
{
	assert_false(memblock_is_memory(0));
	assert_false(memblock_is_reserved(0));
	assert_false(memblock_is_region_memory(0, 1));
	assert_int_equal(memblock_start_of_DRAM(), 0);
	assert_int_equal(memblock_end_of_DRAM(), 0);
	assert_int_equal(memblock_phys_mem_size(), 0);
	assert_int_equal(memblock_reserved_size(), 0);
}

/* Sizes and bounds over two regions and two reservations. */
static void sizes_and_bounds(void **state)
{
	memblock_add(0x100000, 0x100000);
	memblock_add(0x1000, 0x9f000);
	memblock_reserve(0x1000, 0x1000);
	memblock_reserve(0x180000, 0x3000);
	assert_int_equal(memblock_start_of_DRAM(), 0x1000);
	assert_int_equal(memblock_end_of_DRAM(), 0x200000);
	assert_int_equal(memblock_phys_mem_size(), 0x19f000);
	assert_int_equal(memblock_reserved_size(), 0x4000);
	assert_int_equal(memblock_estimated_nr_free_pages(), (0x19f000 - 0x4000) >> PAGE_SHIFT);
}

struct range {
	phys_addr_t start, end;
	int nid;
};

/* Memory with a NOMAP, a HOTPLUG and a node-1 region, for the iterators. */
static void iter_layout(void)
{
	memblock_add_node(0x1000, 0xf000, 0, MEMBLOCK_NONE); /* [0x1000, 0x10000) */
	memblock_add_node(0x20000, 0x4000, 1, MEMBLOCK_NONE);
	memblock_mark_nomap(0x8000, 0x1000);
	memblock_mark_hotplug(0xc000, 0x4000);
	memblock_reserve(0x2000, 0x1000);
	memblock_reserve(0x5000, 0x1000);
	memblock_reserve(0xf000, 0x12000); /* [0xf000, 0x21000): past the end of node 0 into node 1 */
}

static void check_ranges(const struct range *got, int n, const struct range *want, int nwant)
{
	assert_int_equal(n, nwant);
	for (int i = 0; i < n; i++) {
		assert_int_equal(got[i].start, want[i].start);
		assert_int_equal(got[i].end, want[i].end);
		assert_int_equal(got[i].nid, want[i].nid);
	}
}

/*
 * for_each_mem_range: memory regions minus NOMAP, HOTPLUG included (it passes the flag), nid not reported.
 * Memory after iter_layout: [0x1000,0x8000) n0, [0x8000,0x9000) n0 NOMAP, [0x9000,0xc000) n0,
 * [0xc000,0x10000) n0 HP, [0x20000,0x24000) n1.
 */
static void iter_mem_range(void **state)
{
	static const struct range want[] = {
		{ 0x1000, 0x8000, 0 }, { 0x9000, 0xc000, 0 }, { 0xc000, 0x10000, 0 }, { 0x20000, 0x24000, 0 }
	};
	struct range got[8];
	phys_addr_t s, e;
	int n = 0;
	u64 i;

	iter_layout();
	assert_int_equal(memblock.memory.cnt, 5);
	for_each_mem_range(i, &s, &e) {
		assert_true(n < 8);
		got[n++] = (struct range){ s, e, 0 };
	}
	check_ranges(got, n, want, ARRAY_SIZE(want));
	n = 0;
	for_each_mem_range_rev(i, &s, &e)
		got[n++] = (struct range){ s, e, 0 };
	assert_int_equal(n, 4);
	assert_int_equal(got[0].start, 0x20000);
	assert_int_equal(got[3].start, 0x1000);
}

/*
 * for_each_free_mem_range(NUMA_NO_NODE, MEMBLOCK_NONE): memory minus reserved minus NOMAP; the reservation
 * [0xf000,0x21000) cuts the top of node 0 and the bottom of node 1.
 * Expect: [0x1000,0x2000) [0x3000,0x5000) [0x6000,0x8000) [0x9000,0xc000) [0xc000,0xf000) [0x21000,0x24000),
 * nids 0,0,0,0,0,1; the reverse walk gives the same ranges backwards.
 */
static void iter_free_range(void **state)
{
	static const struct range want[] = {
		{ 0x1000, 0x2000, 0 }, { 0x3000, 0x5000, 0 }, { 0x6000, 0x8000, 0 },
		{ 0x9000, 0xc000, 0 }, { 0xc000, 0xf000, 0 }, { 0x21000, 0x24000, 1 },
	};
	struct range got[16], rev[16];
	phys_addr_t s, e;
	int nid, n = 0, m = 0;
	u64 i;

	iter_layout();
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, &nid) {
		assert_true(n < 16);
		got[n++] = (struct range){ s, e, nid };
	}
	check_ranges(got, n, want, ARRAY_SIZE(want));
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, &nid) {
		assert_true(m < 16);
		rev[m++] = (struct range){ s, e, nid };
	}
	assert_int_equal(m, n);
	for (int k = 0; k < n; k++) {
		assert_int_equal(rev[k].start, got[n - 1 - k].start);
		assert_int_equal(rev[k].end, got[n - 1 - k].end);
		assert_int_equal(rev[k].nid, got[n - 1 - k].nid);
	}
}

/* Free ranges of node 1 only, and with MEMBLOCK_NOMAP asked for (NOMAP memory then included). */
static void iter_free_range_nid_and_nomap(void **state)
{
	static const struct range want_n1[] = { { 0x21000, 0x24000, 1 } };
	static const struct range want_nomap[] = {
		{ 0x1000, 0x2000, 0 }, { 0x3000, 0x5000, 0 }, { 0x6000, 0x8000, 0 }, { 0x8000, 0x9000, 0 },
		{ 0x9000, 0xc000, 0 }, { 0xc000, 0xf000, 0 }, { 0x21000, 0x24000, 1 },
	};
	struct range got[16];
	phys_addr_t s, e;
	int nid, n = 0;
	u64 i;

	iter_layout();
	for_each_free_mem_range(i, 1, MEMBLOCK_NONE, &s, &e, &nid)
		got[n++] = (struct range){ s, e, nid };
	check_ranges(got, n, want_n1, ARRAY_SIZE(want_n1));
	n = 0;
	for_each_free_mem_range_reverse(i, 1, MEMBLOCK_NONE, &s, &e, &nid)
		got[n++] = (struct range){ s, e, nid };
	check_ranges(got, n, want_n1, ARRAY_SIZE(want_n1));
	n = 0;
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NOMAP, &s, &e, &nid) {
		assert_true(n < 16);
		got[n++] = (struct range){ s, e, nid };
	}
	check_ranges(got, n, want_nomap, ARRAY_SIZE(want_nomap));
}

/* Iterators on empty arrays, and free iteration with nothing reserved. Expect: no / whole ranges. */
static void iter_empty(void **state)
{
	phys_addr_t s = 0, e = 0;
	int n = 0;
	u64 i;

	for_each_mem_range(i, &s, &e)
		n++;
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	assert_int_equal(n, 0);
	memblock_add(0x1000, 0x1000);
	for_each_free_mem_range_reverse(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	assert_int_equal(n, 1);
	assert_int_equal(s, 0x1000);
	assert_int_equal(e, 0x2000);
	/* Everything reserved: nothing free. */
	memblock_reserve(0, 0x10000);
	n = 0;
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &s, &e, NULL)
		n++;
	assert_int_equal(n, 0);
}

/*
 * for_each_mem_pfn_range: whole pages only, NOMAP included. [0x800,0x2800) n0 -> pfns [1,2);
 * [0x3000,0x3800) -> no whole page, skipped; [0x5000,0x7000) n1 with [0x5000,0x6000) NOMAP -> [5,6) and [6,7).
 */
static void iter_pfn_range(void **state)
{
	unsigned long s, e;
	unsigned long got[8][3];
	int i, nid, n = 0;

	memblock_add_node(0x800, 0x2000, 0, MEMBLOCK_NONE);
	memblock_add_node(0x3000, 0x800, 0, MEMBLOCK_NONE);
	memblock_add_node(0x5000, 0x2000, 1, MEMBLOCK_NONE);
	memblock_mark_nomap(0x5000, 0x1000);
	for_each_mem_pfn_range(i, MAX_NUMNODES, &s, &e, &nid) {
		assert_true(n < 8);
		got[n][0] = s, got[n][1] = e, got[n][2] = (unsigned long)nid;
		n++;
	}
	assert_int_equal(n, 3);
	assert_int_equal(got[0][0], 1), assert_int_equal(got[0][1], 2), assert_int_equal(got[0][2], 0);
	assert_int_equal(got[1][0], 5), assert_int_equal(got[1][1], 6), assert_int_equal(got[1][2], 1);
	assert_int_equal(got[2][0], 6), assert_int_equal(got[2][1], 7), assert_int_equal(got[2][2], 1);
	n = 0;
	for_each_mem_pfn_range(i, 1, &s, &e, NULL)
		n++;
	assert_int_equal(n, 2);
}

/* for_each_reserved_mem_region walks the reserved regions; for_each_reserved_mem_range their ranges. */
static void iter_reserved(void **state)
{
	struct memblock_region *r;
	phys_addr_t s, e, sum = 0;
	int n = 0;
	u64 i;

	memblock_reserve(0x3000, 0x1000);
	memblock_reserve(0x1000, 0x1000);
	for_each_reserved_mem_region(r) {
		assert_int_equal(r->base, n ? 0x3000 : 0x1000);
		n++;
	}
	assert_int_equal(n, 2);
	for_each_reserved_mem_range(i, &s, &e)
		sum += e - s;
	assert_int_equal(sum, memblock_reserved_size());
}

/* The memblock=debug lines: Linux's formats up to the caller (%pS, ours differs). */
static void assert_line_prefix(const char **cursor, const char *prefix)
{
	const char *nl;

	assert_non_null(*cursor);
	if (strncmp(*cursor, prefix, strlen(prefix)))
		fail_msg("got \"%.*s\", want prefix \"%s\"", (int)strcspn(*cursor, "\n"), *cursor, prefix);
	nl = strchr(*cursor, '\n');
	assert_non_null(nl);
	*cursor = nl + 1;
}

/* Expect (top-down): one line per call in Linux's format, allocations followed by their memblock_reserve line. */
static void debug_lines(void **state)
{
	const char *c = mb_out;

	mb_window(0, 0x10000);
	memblock_debug = 1;
	mb_capture();
	memblock_add(0x1000, 0xf000);
	memblock_add_node(0x20000, 0x1000, 1, MEMBLOCK_NOMAP);
	memblock_reserve(0x2000, 0x100);
	memblock_phys_free(0x2000, 0x100);
	memblock_remove(0x20000, 0x1000);
	memblock_add(0x30000, 0);
	memblock_phys_alloc_range(0x1000, 0x1000, 0, 0x10000);
	memblock_alloc_try_nid(0x100, 8, 0, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
	memblock_alloc_try_nid_raw(0x100, 8, 0x1000, 0x8000, 0);
	memblock_alloc_exact_nid_raw(0x100, 8, 0, 0, 0);
	mb_uncapture();
	memblock_debug = 0;
	assert_line_prefix(&c, "memblock_add: [0x0000000000001000-0x000000000000ffff] ");
	assert_line_prefix(&c, "memblock_add_node: [0x0000000000020000-0x0000000000020fff] nid=1 flags=4 ");
	assert_line_prefix(&c, "memblock_reserve: [0x0000000000002000-0x00000000000020ff] ");
	assert_line_prefix(&c, "memblock_phys_free: [0x0000000000002000-0x00000000000020ff] ");
	assert_line_prefix(&c, "memblock_remove: [0x0000000000020000-0x0000000000020fff] ");
	/* Size 0: end = base + size - 1 is printed as is, below base. */
	assert_line_prefix(&c, "memblock_add: [0x0000000000030000-0x000000000002ffff] ");
	assert_line_prefix(&c, "memblock_phys_alloc_range: 4096 bytes align=0x1000 from=0x0000000000000000 "
			       "max_addr=0x0000000000010000 ");
	assert_line_prefix(&c, "memblock_reserve: [0x000000000000f000-0x000000000000ffff] ");
	assert_line_prefix(&c, "memblock_alloc_try_nid: 256 bytes align=0x8 nid=-1 from=0x0000000000000000 "
			       "max_addr=0x0000000000000000 ");
	assert_line_prefix(&c, "memblock_reserve: [0x000000000000ef00-0x000000000000efff] ");
	assert_line_prefix(&c, "memblock_alloc_try_nid_raw: 256 bytes align=0x8 nid=0 from=0x0000000000001000 "
			       "max_addr=0x0000000000008000 ");
	assert_line_prefix(&c, "memblock_reserve: [0x0000000000007f00-0x0000000000007fff] ");
	assert_line_prefix(&c, "memblock_alloc_exact_nid_raw: 256 bytes align=0x8 nid=0 from=0x0000000000000000 "
			       "max_addr=0x0000000000000000 ");
	/* nid 0 has no memory (memblock_add gives no node) and exact_nid: no allocation, no reserve line. */
	assert_string_equal(c, "");
}

/* Without memblock=debug nothing is printed, and memblock_dump_all is silent. */
static void debug_off_silent(void **state)
{
	mb_capture();
	memblock_add(0x1000, 0x1000);
	memblock_reserve(0x1000, 0x10);
	memblock_dump_all();
	assert_int_equal(mb_uncapture(), 0);
}

/*
 * memblock_dump_all under memblock=debug, as Linux's memblock_dump prints it: " on node N" only for
 * valid nids (0..MAX_NUMNODES-1): not for MAX_NUMNODES (memblock_add) nor NUMA_NO_NODE.
 */
static void dump_format(void **state)
{
	memblock_add(0x1000, 0x9f000);
	memblock_add_node(0x100000, 0x100000, 0, MEMBLOCK_NONE);
	memblock_add_node(0x300000, 0x1000, MAX_NUMNODES - 1, MEMBLOCK_HOTPLUG | MEMBLOCK_NOMAP);
	memblock_add_node(0x400000, 0x1000, NUMA_NO_NODE, MEMBLOCK_NONE);
	memblock_reserve(0x1000, 0x1000);
	memblock_debug = 1;
	mb_capture();
	memblock_dump_all();
	mb_uncapture();
	assert_string_equal(mb_out,
		"MEMBLOCK configuration:\n"
		" memory size = 0x00000000001a1000 reserved size = 0x0000000000001000\n"
		" memory.cnt  = 0x4\n"
		" memory[0x0]\t[0x0000000000001000-0x000000000009ffff], 0x000000000009f000 bytes flags: 0x0\n"
		" memory[0x1]\t[0x0000000000100000-0x00000000001fffff], 0x0000000000100000 bytes on node 0 flags: 0x0\n"
		" memory[0x2]\t[0x0000000000300000-0x0000000000300fff], 0x0000000000001000 bytes on node 1023 flags: 0x5\n"
		" memory[0x3]\t[0x0000000000400000-0x0000000000400fff], 0x0000000000001000 bytes flags: 0x0\n"
		" reserved.cnt  = 0x1\n"
		" reserved[0x0]\t[0x0000000000001000-0x0000000000001fff], 0x0000000000001000 bytes flags: 0x0\n");
}

/* Dump of empty arrays. Expect: the counts, no region lines. */
static void dump_empty(void **state)
{
	mb_capture();
	__memblock_dump_all();
	mb_uncapture();
	assert_string_equal(mb_out,
		"MEMBLOCK configuration:\n"
		" memory size = 0x0000000000000000 reserved size = 0x0000000000000000\n"
		" memory.cnt  = 0x0\n"
		" reserved.cnt  = 0x0\n");
}

/* memblock_validate catches a broken array (overlap, unmerged neighbours) and says so. */
static void validate_detects(void **state)
{
	memblock_add(0x1000, 0x1000);
	memblock_add(0x3000, 0x1000);
	memblock.memory.regions[1].base = 0x1800; /* overlap */
	mb_capture();
	assert_int_equal(memblock_validate(), 1);
	mb_uncapture();
	assert_non_null(strstr(mb_out, "overlaps or is out of order"));
	memblock.memory.regions[1].base = 0x2000; /* touching, same nid/flags: should have merged */
	mb_capture();
	assert_int_equal(memblock_validate(), 1);
	mb_uncapture();
	assert_non_null(strstr(mb_out, "should have been merged"));
	memblock.memory.regions[1].base = 0x3000;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MB_TEST(settings),
		MB_TEST(mark_clear_hotplug),
		MB_TEST(mark_clear_nomap),
		MB_TEST(flags_combine),
		MB_TEST(mark_mirror),
		MB_TEST(reserved_noinit),
		MB_TEST(mark_empty),
		MB_TEST(set_node_split_and_merge),
		MB_TEST(set_node_reserved),
		MB_TEST(trim_memory_quirk),
		MB_TEST(trim_memory_all_or_nothing),
		MB_TEST(overlaps_region),
		MB_TEST(is_region_memory),
		MB_TEST(queries_empty),
		MB_TEST(sizes_and_bounds),
		MB_TEST(iter_mem_range),
		MB_TEST(iter_free_range),
		MB_TEST(iter_free_range_nid_and_nomap),
		MB_TEST(iter_empty),
		MB_TEST(iter_pfn_range),
		MB_TEST(iter_reserved),
		MB_TEST(debug_lines),
		MB_TEST(debug_off_silent),
		MB_TEST(dump_format),
		MB_TEST(dump_empty),
		MB_TEST(validate_detects),
	};

	return cmocka_run_group_tests_name("memblock_misc", tests, NULL, NULL);
}
