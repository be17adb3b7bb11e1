/*
 * Node-aware allocation: memblock_alloc_node, memblock_alloc_try_nid,
 * memblock_alloc_try_nid_raw, memblock_alloc_exact_nid_raw,
 * memblock_phys_alloc_try_nid and memblock_alloc_range_nid; node fallback
 * (try_nid falls back to any node, exact_nid does not), the min_addr retry
 * (memblock_alloc_internal retries without it, memblock_alloc_range_nid does
 * not), and hotplug memory with movable_node. Every case top-down and bottom-up.
 * Unless said otherwise: node 0 = [0x0, 0x8000), node 1 = [0x8000, 0x10000).
 */
#include "memblock_test_util.h"

static void two_nodes(void)
{
	mb_window(0, 0x10000);
	memblock_add_node(0, 0x8000, 0, MEMBLOCK_NONE);
	memblock_add_node(0x8000, 0x8000, 1, MEMBLOCK_NONE);
}

/*
 *  | node 0 [0x1000 usable .. 0x8000) | node 1 [0x8000 .. 0x10000) |
 * Expect: node 0: TD 0x7f00, BU 0x1000; node 1: TD 0xff00, BU 0x8000; both zeroed.
 */
static void alloc_node_on_each_node(void **state)
{
	phys_addr_t a = TD_BU(0x7f00, 0x1000), b = TD_BU(0xff00, 0x8000);
	void *p, *q;

	two_nodes();
	p = memblock_alloc_node(0x100, 0x100, 0);
	q = memblock_alloc_node(0x100, 0x100, 1);
	assert_ptr_equal(p, mb_virt(a));
	assert_ptr_equal(q, mb_virt(b));
	assert_true(mb_all_bytes(p, 0x100, 0) && mb_all_bytes(q, 0x100, 0));
	ASSERT_RSV(0x200, R(a, 0x100), R(b, 0x100));
}

/* Node 1 entirely reserved. Expect: memblock_alloc_node(nid 1) falls back to any node: TD 0x7f00, BU 0x1000. */
static void try_nid_falls_back(void **state)
{
	phys_addr_t at = TD_BU(0x7f00, 0x1000);

	two_nodes();
	memblock_reserve(0x8000, 0x8000);
	assert_ptr_equal(memblock_alloc_try_nid(0x100, 0x100, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 1), mb_virt(at));
	if (memblock_bottom_up())
		ASSERT_RSV(0x8100, R(0x1000, 0x100), R(0x8000, 0x8000));
	else /* [0x7f00,0x8000) touches the node-1 reservation: merged */
		ASSERT_RSV(0x8100, R(0x7f00, 0x8100));
}

/* Same with exact_nid. Expect: NULL, reservations unchanged. */
static void exact_nid_no_fallback(void **state)
{
	two_nodes();
	memblock_reserve(0x8000, 0x8000);
	assert_null(memblock_alloc_exact_nid_raw(0x100, 0x100, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 1));
	ASSERT_RSV(0x8000, R(0x8000, 0x8000));
}

/* memblock_alloc_exact_nid_raw on a free node. Expect: on node 1 (TD 0xff00, BU 0x8000), not zeroed. */
static void exact_nid_raw_not_zeroed(void **state)
{
	phys_addr_t at = TD_BU(0xff00, 0x8000);
	void *p;

	two_nodes();
	p = memblock_alloc_exact_nid_raw(0x100, 0x100, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 1);
	assert_ptr_equal(p, mb_virt(at));
	assert_true(mb_all_bytes(p, 0x100, MB_PATTERN));
}

/* memblock_alloc_try_nid_raw: falls back like try_nid, and leaves the pattern in place. */
static void try_nid_raw(void **state)
{
	phys_addr_t at = TD_BU(0x7f00, 0x1000);
	void *p;

	two_nodes();
	memblock_reserve(0x8000, 0x8000);
	p = memblock_alloc_try_nid_raw(0x100, 0x100, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 1);
	assert_ptr_equal(p, mb_virt(at));
	assert_true(mb_all_bytes(p, 0x100, MB_PATTERN));
}

/* A node with no memory (5). Expect: try_nid falls back to any node (TD 0xff00, BU 0x1000); exact fails. */
static void missing_node(void **state)
{
	two_nodes();
	assert_null(memblock_alloc_exact_nid_raw(0x100, 0x100, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 5));
	assert_ptr_equal(memblock_alloc_node(0x100, 0x100, 5), mb_virt(TD_BU(0xff00, 0x1000)));
}

/* NUMA_NO_NODE and MAX_NUMNODES are not valid nodes: any node, even for exact_nid. */
static void invalid_nid_means_any(void **state)
{
	two_nodes();
	assert_ptr_equal(memblock_alloc_exact_nid_raw(0x100, 0x100, 0, MEMBLOCK_ALLOC_ACCESSIBLE, MAX_NUMNODES),
			 mb_virt(TD_BU(0xff00, 0x1000)));
	assert_ptr_equal(memblock_alloc_exact_nid_raw(0x100, 0x100, 0, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE),
			 mb_virt(TD_BU(0xfe00, 0x1100)));
}

/*
 * Node 1's [0x8000,0xc000) reserved; ask node 0 with min_addr 0x8000 (node 0 has nothing there).
 * Expect: try_nid first drops the node, keeping min_addr: TD 0xff00, BU 0xc000.
 */
static void try_nid_node_fallback_before_min_retry(void **state)
{
	phys_addr_t at = TD_BU(0xff00, 0xc000);

	two_nodes();
	memblock_reserve(0x8000, 0x4000);
	assert_ptr_equal(memblock_alloc_try_nid(0x100, 0x100, 0x8000, MEMBLOCK_ALLOC_ACCESSIBLE, 0), mb_virt(at));
}

/* Same with exact_nid. Expect: no node fallback, so min_addr is dropped: node 0, TD 0x7f00, BU 0x1000. */
static void exact_nid_min_retry(void **state)
{
	phys_addr_t at = TD_BU(0x7f00, 0x1000);

	two_nodes();
	memblock_reserve(0x8000, 0x4000);
	assert_ptr_equal(memblock_alloc_exact_nid_raw(0x100, 0x100, 0x8000, MEMBLOCK_ALLOC_ACCESSIBLE, 0), mb_virt(at));
}

/* memblock_alloc_range_nid has no min_addr retry. Expect: exact on node 0 above 0x8000 fails (0). */
static void range_nid_no_min_retry(void **state)
{
	two_nodes();
	memblock_reserve(0x8000, 0x4000);
	assert_int_equal(memblock_alloc_range_nid(0x100, 0x100, 0x8000, MEMBLOCK_ALLOC_ACCESSIBLE, 0, true), 0);
	ASSERT_RSV(0x4000, R(0x8000, 0x4000));
	/* Not exact: any node above 0x8000. */
	assert_int_equal(memblock_alloc_range_nid(0x100, 0x100, 0x8000, MEMBLOCK_ALLOC_ACCESSIBLE, 0, false),
			 TD_BU(0xff00, 0xc000));
}

/* memblock_alloc_try_nid when min_addr is above all memory: retried from 0 (TD 0xff00, BU 0x1000). */
static void try_nid_min_retry(void **state)
{
	two_nodes();
	assert_ptr_equal(memblock_alloc_try_nid(0x100, 0x100, 0x20000, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE),
			 mb_virt(TD_BU(0xff00, 0x1000)));
	assert_int_equal(memblock_alloc_range_nid(0x100, 0x100, 0x20000, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE,
						  false), 0);
}

/* Node 1 with max_addr 0x8000 (below node 1). Expect: try_nid falls back to node 0 (TD 0x7f00, BU 0x1000); exact NULL. */
static void nid_with_max_addr(void **state)
{
	two_nodes();
	assert_null(memblock_alloc_exact_nid_raw(0x100, 0x100, 0, 0x8000, 1));
	assert_ptr_equal(memblock_alloc_try_nid(0x100, 0x100, 0, 0x8000, 1), mb_virt(TD_BU(0x7f00, 0x1000)));
}

/* memblock_phys_alloc_try_nid: phys result on the node (TD 0xff00, BU 0x8000). Any addresses: no window. */
static void phys_alloc_try_nid(void **state)
{
	memblock_add_node(0x100000000ULL, 0x8000, 0, MEMBLOCK_NONE);
	memblock_add_node(0x100008000ULL, 0x8000, 1, MEMBLOCK_NONE);
	assert_int_equal(memblock_phys_alloc_try_nid(0x100, 0x100, 1), TD_BU(0x10000ff00ULL, 0x100008000ULL));
	assert_int_equal(memblock_phys_alloc_try_nid(0x100, 0x100, 0), TD_BU(0x100007f00ULL, 0x100000000ULL));
}

/* memblock_set_node assigns nodes after the fact; allocation follows. Expect: on node 1 (TD 0xff00, BU 0x8000). */
static void set_node_then_alloc(void **state)
{
	mb_window(0, 0x10000);
	memblock_add(0, 0x10000);
	memblock_set_node(0, 0x8000, &memblock.memory, 0);
	memblock_set_node(0x8000, 0x8000, &memblock.memory, 1);
	ASSERT_MEM(0x10000, RNF(0, 0x8000, 0, 0), RNF(0x8000, 0x8000, 1, 0));
	assert_ptr_equal(memblock_alloc_node(0x100, 0x100, 1), mb_virt(TD_BU(0xff00, 0x8000)));
}

/*
 * Node 1 marked HOTPLUG. Without movable_node it is used (TD 0xff00); with movable_node_enabled Linux
 * skips hotpluggable memory: TD 0x7f00, BU 0x1000 (node 1 fallback goes to node 0 too).
 */
static void hotplug_skipped_with_movable_node(void **state)
{
	two_nodes();
	memblock_mark_hotplug(0x8000, 0x8000);
	ASSERT_MEM(0x10000, RNF(0, 0x8000, 0, 0), RNF(0x8000, 0x8000, 1, MEMBLOCK_HOTPLUG));
	assert_ptr_equal(memblock_alloc(0x100, 0x100), mb_virt(TD_BU(0xff00, 0x1000)));
	movable_node_enabled = true;
	assert_ptr_equal(memblock_alloc_node(0x100, 0x100, 1), mb_virt(TD_BU(0x7f00, 0x1100)));
	memblock_clear_hotplug(0x8000, 0x8000);
	ASSERT_MEM(0x10000, RNF(0, 0x8000, 0, 0), RNF(0x8000, 0x8000, 1, 0));
}

/* Mirror with nodes: mirrored_kernelcore, node 1 mirrored; node 0 request takes node 0 non-mirrored after a warning. */
static void mirror_and_nid(void **state)
{
	two_nodes();
	mirrored_kernelcore = true;
	memblock_mark_mirror(0x8000, 0x8000);
	/* The node-0 mirrored pass fails, the any-node mirrored pass succeeds on node 1: mirror wins over node. */
	assert_ptr_equal(memblock_alloc_node(0x100, 0x100, 0), mb_virt(TD_BU(0xff00, 0x8000)));
	mb_capture();
	assert_ptr_equal(memblock_alloc_exact_nid_raw(0x100, 0x100, 0, MEMBLOCK_ALLOC_ACCESSIBLE, 0),
			 mb_virt(TD_BU(0x7f00, 0x1000)));
	mb_uncapture();
	assert_non_null(strstr(mb_out, "Could not allocate 0x0000000000000100 bytes of mirrored memory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		MB_TEST_BOTH(alloc_node_on_each_node),
		MB_TEST_BOTH(try_nid_falls_back),
		MB_TEST_BOTH(exact_nid_no_fallback),
		MB_TEST_BOTH(exact_nid_raw_not_zeroed),
		MB_TEST_BOTH(try_nid_raw),
		MB_TEST_BOTH(missing_node),
		MB_TEST_BOTH(invalid_nid_means_any),
		MB_TEST_BOTH(try_nid_node_fallback_before_min_retry),
		MB_TEST_BOTH(exact_nid_min_retry),
		MB_TEST_BOTH(range_nid_no_min_retry),
		MB_TEST_BOTH(try_nid_min_retry),
		MB_TEST_BOTH(nid_with_max_addr),
		MB_TEST_BOTH(phys_alloc_try_nid),
		MB_TEST_BOTH(set_node_then_alloc),
		MB_TEST_BOTH(hotplug_skipped_with_movable_node),
		MB_TEST_BOTH(mirror_and_nid),
	};

	return cmocka_run_group_tests_name("memblock_alloc_nid", tests, NULL, NULL);
}
