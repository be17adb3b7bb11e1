/*
 * memblock_alloc, memblock_alloc_raw, memblock_alloc_from, memblock_alloc_low,
 * memblock_phys_alloc_range: placement (top-down and bottom-up, every case run
 * both ways), alignment, limits, page 0, zeroing, failure, NOMAP and mirror.
 * Unless said otherwise memory is [0x0, 0x10000) backed by a window filled
 * with MB_PATTERN; Linux 6.12's memblock_find_in_range_node() never returns
 * addresses below PAGE_SIZE, so the lowest usable byte is 0x1000.
 */
#include "memblock_test_util.h"

#define MEM_END 0x10000

static void mem64k(void)
{
	mb_window(0, MEM_END);
	memblock_add(0, MEM_END);
}

/*
 *  |  +---------------------+  |   memory [0, 0x10000)
 * Expect: 0x100 bytes at the top (0xff00) or at the first usable byte (0x1000); zeroed, reserved,
 * the bytes around untouched.
 */
static void alloc_simple_zeroed(void **state)
{
	phys_addr_t at = TD_BU(0xff00, 0x1000);
	unsigned char *p;

	mem64k();
	p = memblock_alloc(0x100, 8);
	assert_ptr_equal(p, mb_virt(at));
	assert_true(mb_all_bytes(p, 0x100, 0));
	assert_int_equal(*(unsigned char *)mb_virt(at - 1), MB_PATTERN);
	if (at + 0x100 < MEM_END)
		assert_int_equal(p[0x100], MB_PATTERN);
	ASSERT_RSV(0x100, R(at, 0x100));
	ASSERT_MEM(MEM_END, R(0, MEM_END));
}

/* memblock_alloc_raw: same placement, but the pattern is left in place (no zeroing). */
static void alloc_raw_not_zeroed(void **state)
{
	phys_addr_t at = TD_BU(0xff00, 0x1000);
	unsigned char *p;

	mem64k();
	p = memblock_alloc_raw(0x100, 8);
	assert_ptr_equal(p, mb_virt(at));
	assert_true(mb_all_bytes(p, 0x100, MB_PATTERN));
	ASSERT_RSV(0x100, R(at, 0x100));
}

/* Two allocations in a row. Expect: adjacent to each other, so the reservations merge into one region. */
static void alloc_consecutive_merge(void **state)
{
	void *a, *b;

	mem64k();
	a = memblock_alloc(0x100, 8);
	b = memblock_alloc(0x100, 8);
	assert_ptr_equal(a, mb_virt(TD_BU(0xff00, 0x1000)));
	assert_ptr_equal(b, mb_virt(TD_BU(0xfe00, 0x1100)));
	ASSERT_RSV(0x200, R(TD_BU(0xfe00, 0x1000), 0x200));
}

/*
 * 0x10 bytes aligned to 0x1000, twice. Top-down: round_down(0x10000 - 0x10) = 0xf000, then the free
 * range [0xf010,0x10000) cannot hold an aligned block, so round_down(0xf000 - 0x10) = 0xe000.
 * Bottom-up: 0x1000, then round_up(0x1010) = 0x2000.
 */
static void alloc_alignment(void **state)
{
	phys_addr_t a = TD_BU(0xf000, 0x1000), b = TD_BU(0xe000, 0x2000);

	mem64k();
	assert_ptr_equal(memblock_alloc(0x10, 0x1000), mb_virt(a));
	assert_ptr_equal(memblock_alloc(0x10, 0x1000), mb_virt(b));
	ASSERT_RSV(0x20, R(min(a, b), 0x10), R(max(a, b), 0x10));
}

/* Memory starting at an odd address [0x1234, 0x8000), align 0x100. Expect: TD 0x7f00, BU round_up = 0x1300. */
static void alloc_alignment_odd_base(void **state)
{
	phys_addr_t at = TD_BU(0x7f00, 0x1300);

	mb_window(0, MEM_END);
	memblock_add(0x1234, 0x8000 - 0x1234);
	assert_ptr_equal(memblock_alloc(0x100, 0x100), mb_virt(at));
	ASSERT_RSV(0x100, R(at, 0x100));
}

/*
 * Memory [0, 0x2000): only page 1 is usable. Expect: the first page allocation gets 0x1000 either way;
 * the next fails although page 0 is free (0 means failure, so Linux never hands it out).
 */
static void alloc_never_page_zero(void **state)
{
	mb_window(0, 0x2000);
	memblock_add(0, 0x2000);
	assert_ptr_equal(memblock_alloc(0x1000, 0x1000), mb_virt(0x1000));
	assert_null(memblock_alloc(0x10, 8));
	assert_int_equal(memblock_phys_alloc_range(0x10, 8, 0, 0x2000), 0);
	ASSERT_RSV(0x1000, R(0x1000, 0x1000));
}

/* Memory only in page 0. Expect: nothing can be allocated, reserved stays empty. */
static void alloc_page_zero_only(void **state)
{
	mb_window(0, 0x1000);
	memblock_add(0, 0x1000);
	assert_null(memblock_alloc(0x10, 8));
	ASSERT_EMPTY(&memblock.reserved);
}

/* No memory at all. Expect: NULL / 0. */
static void alloc_no_memory(void **state)
{
	assert_null(memblock_alloc(0x10, 8));
	assert_int_equal(memblock_phys_alloc_range(0x10, 8, 0, MEMBLOCK_ALLOC_ANYWHERE), 0);
	ASSERT_EMPTY(&memblock.reserved);
}

/* Larger than all memory above page 0 (0xf000 usable). Expect: NULL, nothing reserved; 0xf000 exactly fits. */
static void alloc_too_big(void **state)
{
	mem64k();
	assert_null(memblock_alloc(0xf001, 8));
	ASSERT_EMPTY(&memblock.reserved);
	assert_ptr_equal(memblock_alloc(0xf000, 0x1000), mb_virt(0x1000));
	ASSERT_RSV(0xf000, R(0x1000, 0xf000));
}

/*
 *  | [rsv]  free 0x1000  [rsv] free 0x3000 [rsv] |
 * Free space is fragmented: [0x2000,0x3000) and [0x4000,0x7000).
 * Expect: 0x2000 bytes fit only in the second gap: TD 0x5000, BU 0x4000. 0x4000 bytes fail.
 */
static void alloc_fragmented(void **state)
{
	phys_addr_t at = TD_BU(0x5000, 0x4000);

	mb_window(0, MEM_END);
	memblock_add(0x1000, 0x7000);
	memblock_reserve(0x1000, 0x1000);
	memblock_reserve(0x3000, 0x1000);
	memblock_reserve(0x7000, 0x1000);
	assert_null(memblock_alloc(0x4000, 8));
	assert_ptr_equal(memblock_alloc(0x2000, 8), mb_virt(at));
	if (memblock_bottom_up())
		ASSERT_RSV(0x5000, R(0x1000, 0x1000), R(0x3000, 0x3000), R(0x7000, 0x1000));
	else
		ASSERT_RSV(0x5000, R(0x1000, 0x1000), R(0x3000, 0x1000), R(0x5000, 0x3000));
}

/* memblock_alloc_from with min 0x8000. Expect: TD top 0xff00 (unchanged), BU 0x8000. */
static void alloc_from_min(void **state)
{
	phys_addr_t at = TD_BU(0xff00, 0x8000);

	mem64k();
	assert_ptr_equal(memblock_alloc_from(0x100, 0x100, 0x8000), mb_virt(at));
	ASSERT_RSV(0x100, R(at, 0x100));
}

/* memblock_alloc_from with min above all memory. Expect: retried without min_addr: TD 0xff00, BU 0x1000. */
static void alloc_from_min_too_high_retries(void **state)
{
	phys_addr_t at = TD_BU(0xff00, 0x1000);

	mem64k();
	assert_ptr_equal(memblock_alloc_from(0x100, 0x100, 0x20000), mb_virt(at));
	ASSERT_RSV(0x100, R(at, 0x100));
}

/*
 * Memory [0xfff00000, 0x100100000) across 4 GiB. memblock_alloc_low caps at ARCH_LOW_ADDRESS_LIMIT
 * (0xffffffff, exclusive): TD round_down(0xffffffff - 0x1000) = 0xffffe000 (the last page below 4 GiB
 * does not fit because the limit excludes its last byte); BU 0xfff00000.
 * memblock_alloc (no cap, current_limit is ANYWHERE): TD 0x1000ff000, BU next to the first.
 */
static void alloc_low(void **state)
{
	phys_addr_t lo = TD_BU(0xffffe000, 0xfff00000), hi = TD_BU(0x1000ff000, 0xfff01000);

	mb_window(0xfff00000, 0x200000);
	memblock_add(0xfff00000, 0x200000);
	assert_ptr_equal(memblock_alloc_low(0x1000, 0x1000), mb_virt(lo));
	assert_ptr_equal(memblock_alloc(0x1000, 0x1000), mb_virt(hi));
	if (memblock_bottom_up())
		ASSERT_RSV(0x2000, R(0xfff00000, 0x2000));
	else
		ASSERT_RSV(0x2000, R(0xffffe000, 0x1000), R(0x1000ff000, 0x1000));
}

/* memblock_alloc_low when all memory is above 4 GiB. Expect: NULL, nothing reserved. */
static void alloc_low_none_below_4g(void **state)
{
	mb_window(0x100000000ULL, 0x10000);
	memblock_add(0x100000000ULL, 0x10000);
	assert_null(memblock_alloc_low(0x100, 8));
	ASSERT_EMPTY(&memblock.reserved);
}

/*
 * memblock_set_current_limit(0x4000). Expect: memblock_alloc (ACCESSIBLE) stays below it: TD 0x3f00, BU 0x1000;
 * memblock_phys_alloc_range with an explicit end 0x8000 is not capped by current_limit: TD 0x7f00;
 * with MEMBLOCK_ALLOC_ANYWHERE: TD 0xff00. (Bottom-up the low ones come first.)
 */
static void alloc_current_limit(void **state)
{
	mem64k();
	memblock_set_current_limit(0x4000);
	assert_int_equal(memblock_get_current_limit(), 0x4000);
	assert_ptr_equal(memblock_alloc(0x100, 0x100), mb_virt(TD_BU(0x3f00, 0x1000)));
	assert_int_equal(memblock_phys_alloc_range(0x100, 0x100, 0, 0x8000), TD_BU(0x7f00, 0x1100));
	assert_int_equal(memblock_phys_alloc_range(0x100, 0x100, 0, MEMBLOCK_ALLOC_ANYWHERE), TD_BU(0xff00, 0x1200));
	/* memblock_alloc_try_nid caps max_addr at current_limit too. */
	assert_ptr_equal(memblock_alloc_try_nid(0x100, 0x100, 0, 0x8000, NUMA_NO_NODE), mb_virt(TD_BU(0x3e00, 0x1300)));
}

/* current_limit below all usable memory. Expect: memblock_alloc fails. */
static void alloc_current_limit_too_low(void **state)
{
	mem64k();
	memblock_set_current_limit(0x1000);
	assert_null(memblock_alloc(0x10, 8));
	ASSERT_EMPTY(&memblock.reserved);
}

/*
 * phys API in [0x3000, 0x6000). Expect: TD 0x5f00, BU 0x3000. A range with no memory (above MEM_END):
 * 0 (memblock_phys_alloc_range has no min_addr retry).
 */
static void phys_alloc_range_bounds(void **state)
{
	memblock_add(0, MEM_END);
	assert_int_equal(memblock_phys_alloc_range(0x100, 0x100, 0x3000, 0x6000), TD_BU(0x5f00, 0x3000));
	assert_int_equal(memblock_phys_alloc_range(0x100, 0x100, 0x20000, 0x30000), 0);
	/* start > end: end is raised to start, an empty range. */
	assert_int_equal(memblock_phys_alloc_range(0x100, 0x100, 0x8000, 0x4000), 0);
	ASSERT_RSV(0x100, R(TD_BU(0x5f00, 0x3000), 0x100));
}

/*
 * Memory at the very top of the 64-bit space: [2^64 - 16 MiB, 2^64 - 1) (the add is capped).
 * Expect: TD round_down(PHYS_ADDR_MAX - 0x1000, 0x1000) = 0xffffffffffffe000 (the last page is one byte
 * short); BU 0xffffffffff000000. No wrap in either.
 */
static void phys_alloc_top_of_space(void **state)
{
	phys_addr_t at = TD_BU(0xffffffffffffe000ULL, 0xffffffffff000000ULL);

	memblock_add(0xffffffffff000000ULL, 0x1000000);
	ASSERT_MEM(0xffffff, R(0xffffffffff000000ULL, 0xffffff));
	assert_int_equal(memblock_phys_alloc_range(0x1000, 0x1000, 0, MEMBLOCK_ALLOC_ANYWHERE), at);
	ASSERT_RSV(0x1000, R(at, 0x1000));
	/* 0xfff000 more bytes: TD only [..000000, ..ffe000) is left in whole pages, BU 0xffefff bytes: fails. */
	assert_int_equal(memblock_phys_alloc_range(0xfff000, 0x1000, 0, MEMBLOCK_ALLOC_ANYWHERE), 0);
}

/* Alignment 0 is replaced by SMP_CACHE_BYTES (Linux dumps a stack; we warn). Expect: 64-byte aligned result. */
static void alloc_align_zero(void **state)
{
	phys_addr_t p;

	memblock_add(0x1000, 0x1000);
	mb_capture();
	p = memblock_phys_alloc_range(0x10, 0, 0, MEMBLOCK_ALLOC_ANYWHERE);
	mb_uncapture();
	assert_int_equal(p, TD_BU(0x1fc0, 0x1000));
	assert_int_equal(p % SMP_CACHE_BYTES, 0);
}

/*
 *  |  ####  [  free  ]  ######  |  NOMAP [0x1000,0x3000) and [0xc000,0x10000)
 * Expect: allocation skips NOMAP memory: TD 0xbf00 (top of [0x3000,0xc000)), BU 0x3000.
 */
static void alloc_skips_nomap(void **state)
{
	phys_addr_t at = TD_BU(0xbf00, 0x3000);

	mem64k();
	memblock_mark_nomap(0x1000, 0x2000);
	memblock_mark_nomap(0xc000, 0x4000);
	assert_ptr_equal(memblock_alloc(0x100, 0x100), mb_virt(at));
	ASSERT_RSV(0x100, R(at, 0x100));
	ASSERT_MEM(MEM_END, R(0, 0x1000), RNF(0x1000, 0x2000, NONODE, MEMBLOCK_NOMAP), R(0x3000, 0x9000),
		   RNF(0xc000, 0x4000, NONODE, MEMBLOCK_NOMAP));
}

/* All memory NOMAP. Expect: NULL. */
static void alloc_all_nomap_fails(void **state)
{
	mem64k();
	memblock_mark_nomap(0, MEM_END);
	assert_null(memblock_alloc(0x10, 8));
	ASSERT_EMPTY(&memblock.reserved);
}

/*
 * memblock_mark_mirror without mirrored_kernelcore: a no-op (returns 0, no flag), allocation as usual.
 */
static void mirror_needs_kernelcore(void **state)
{
	mem64k();
	assert_int_equal(memblock_mark_mirror(0x4000, 0x2000), 0);
	ASSERT_MEM(MEM_END, R(0, MEM_END));
	assert_ptr_equal(memblock_alloc(0x100, 0x100), mb_virt(TD_BU(0xff00, 0x1000)));
}

/*
 * mirrored_kernelcore = true, mirror [0x4000,0x6000). Expect: allocations prefer mirrored memory:
 * TD 0x5f00, BU 0x4000. When the request does not fit in the mirror (0x3000), Linux warns
 * "Could not allocate 0x0000000000003000 bytes of mirrored memory" and retries anywhere: TD 0xd000, BU 0x1000.
 */
static void mirror_preferred_then_fallback(void **state)
{
	phys_addr_t a = TD_BU(0x5f00, 0x4000), b = TD_BU(0xd000, 0x1000);

	mem64k();
	mirrored_kernelcore = true;
	memblock_mark_mirror(0x4000, 0x2000);
	ASSERT_MEM(MEM_END, R(0, 0x4000), RNF(0x4000, 0x2000, NONODE, MEMBLOCK_MIRROR), R(0x6000, 0xa000));
	assert_ptr_equal(memblock_alloc(0x100, 0x100), mb_virt(a));
	mb_capture();
	assert_ptr_equal(memblock_alloc(0x3000, 0x1000), mb_virt(b));
	mb_uncapture();
	assert_non_null(strstr(mb_out, "Could not allocate 0x0000000000003000 bytes of mirrored memory\n"));
	if (memblock_bottom_up()) /* [0x1000,0x4000) and [0x4000,0x4100) touch: merged */
		ASSERT_RSV(0x3100, R(0x1000, 0x3100));
	else
		ASSERT_RSV(0x3100, R(0x5f00, 0x100), R(0xd000, 0x3000));
	/* clear_mirror drops the flag and the regions merge back. */
	memblock_clear_mirror(0x4000, 0x2000);
	ASSERT_MEM(MEM_END, R(0, MEM_END));
}

/* memblock_alloc_from with min_addr inside memory but too little room above it. Expect: retry from 0. */
static void alloc_from_retry_when_full_above(void **state)
{
	phys_addr_t at = TD_BU(0xdf00, 0x1000);

	mem64k();
	memblock_reserve(0xe000, 0x2000);
	assert_ptr_equal(memblock_alloc_from(0x100, 0x100, 0xe000), mb_virt(at));
}

/* memblock_alloc_try_nid(min, max) inside [0x4000, 0x8000). Expect: TD 0x7f00, BU 0x4000. */
static void alloc_min_max(void **state)
{
	phys_addr_t at = TD_BU(0x7f00, 0x4000);

	mem64k();
	assert_ptr_equal(memblock_alloc_try_nid(0x100, 0x100, 0x4000, 0x8000, NUMA_NO_NODE), mb_virt(at));
	ASSERT_RSV(0x100, R(at, 0x100));
}

/* Exact fit: [min, max) holds exactly the request. Expect: placed at min either way. */
static void alloc_min_max_exact_fit(void **state)
{
	mem64k();
	assert_ptr_equal(memblock_alloc_try_nid(0x4000, 0x1000, 0x4000, 0x8000, NUMA_NO_NODE), mb_virt(0x4000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MB_TEST_BOTH(alloc_simple_zeroed),
		MB_TEST_BOTH(alloc_raw_not_zeroed),
		MB_TEST_BOTH(alloc_consecutive_merge),
		MB_TEST_BOTH(alloc_alignment),
		MB_TEST_BOTH(alloc_alignment_odd_base),
		MB_TEST_BOTH(alloc_never_page_zero),
		MB_TEST_BOTH(alloc_page_zero_only),
		MB_TEST_BOTH(alloc_no_memory),
		MB_TEST_BOTH(alloc_too_big),
		MB_TEST_BOTH(alloc_fragmented),
		MB_TEST_BOTH(alloc_from_min),
		MB_TEST_BOTH(alloc_from_min_too_high_retries),
		MB_TEST_BOTH(alloc_from_retry_when_full_above),
		MB_TEST_BOTH(alloc_low),
		MB_TEST_BOTH(alloc_low_none_below_4g),
		MB_TEST_BOTH(alloc_current_limit),
		MB_TEST_BOTH(alloc_current_limit_too_low),
		MB_TEST_BOTH(alloc_min_max),
		MB_TEST_BOTH(alloc_min_max_exact_fit),
		MB_TEST_BOTH(phys_alloc_range_bounds),
		MB_TEST_BOTH(phys_alloc_top_of_space),
		MB_TEST_BOTH(alloc_align_zero),
		MB_TEST_BOTH(alloc_skips_nomap),
		MB_TEST_BOTH(alloc_all_nomap_fails),
		MB_TEST_BOTH(mirror_needs_kernelcore),
		MB_TEST_BOTH(mirror_preferred_then_fallback),
	};

	return cmocka_run_group_tests_name("memblock_alloc", tests, NULL, NULL);
}
