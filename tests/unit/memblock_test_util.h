/*
 * Shared helpers for the memblock unit tests (tests/unit/test_memblock_*.c),
 * in the manner of Linux's tools/testing/memblock: every test starts from
 * memblock_reset(), the region arrays are compared against hand-derived
 * expectations, and memblock_validate() must pass when each test ends.
 * Allocation tests run twice, top-down and bottom-up (MB_TEST_BOTH).
 */
#ifndef MEMBLOCK_TEST_UTIL_H
#define MEMBLOCK_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <efimm/host.h>
#include <efimm/platform.h>

/* One expected region; nid MAX_NUMNODES is what memblock_add/memblock_reserve give. */
struct exp_rgn {
	phys_addr_t base, size;
	int nid;
	unsigned int flags;
};

#define NONODE MAX_NUMNODES
#define R(b, s) { (b), (s), MAX_NUMNODES, 0 }
#define RNF(b, s, n, f) { (b), (s), (n), (f) }

static inline void mb_check_type(const char *file, int line, const struct memblock_type *t,
				 const struct exp_rgn *e, unsigned long n, phys_addr_t total)
{
	_assert_int_equal(t->cnt, n, file, line);
	_assert_int_equal(t->total_size, total, file, line);
	for (unsigned long i = 0; i < n; i++) {
		_assert_int_equal(t->regions[i].base, e[i].base, file, line);
		_assert_int_equal(t->regions[i].size, e[i].size, file, line);
		_assert_int_equal((unsigned int)t->regions[i].nid, (unsigned int)e[i].nid, file, line);
		_assert_int_equal(t->regions[i].flags, e[i].flags, file, line);
	}
}

static inline void mb_check_empty(const char *file, int line, const struct memblock_type *t)
{
	_assert_int_equal(t->cnt, 0, file, line);
	_assert_int_equal(t->total_size, 0, file, line);
	/* memblock_add_range recognises an empty array by regions[0].size == 0. */
	_assert_int_equal(t->regions[0].size, 0, file, line);
}

/* ASSERT_TYPE(&memblock.memory, total, R(...), R(...)): exact cnt, total_size and regions. */
#define ASSERT_TYPE(type, total, ...)                                                          \
	mb_check_type(__FILE__, __LINE__, (type), (const struct exp_rgn[]){ __VA_ARGS__ },      \
		      ARRAY_SIZE(((const struct exp_rgn[]){ __VA_ARGS__ })), (total))
#define ASSERT_MEM(total, ...) ASSERT_TYPE(&memblock.memory, total, __VA_ARGS__)
#define ASSERT_RSV(total, ...) ASSERT_TYPE(&memblock.reserved, total, __VA_ARGS__)
#define ASSERT_EMPTY(type) mb_check_empty(__FILE__, __LINE__, (type))

/* "Physical memory" the allocating APIs may touch: [base, base + size), filled with a pattern. */
#define MB_PATTERN 0xa5
static void *mb_window_mem;
static phys_addr_t mb_window_base;

static inline void *mb_window(phys_addr_t base, size_t size)
{
	free(mb_window_mem);
	mb_window_mem = aligned_alloc(PAGE_SIZE, size);
	assert_non_null(mb_window_mem);
	memset(mb_window_mem, MB_PATTERN, size);
	mb_window_base = base;
	host_phys_window(base, mb_window_mem, size);
	return mb_window_mem;
}

static inline void *mb_virt(phys_addr_t phys)
{
	return (char *)mb_window_mem + (phys - mb_window_base);
}

static inline phys_addr_t mb_phys(const void *p)
{
	return platform_virt_to_phys(p);
}

static inline int mb_all_bytes(const void *p, size_t n, int c)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != (unsigned char)c)
			return 0;
	return 1;
}

/* Console capture for tests that expect output (errors, debug lines, dumps). */
static char mb_out[16384];
static inline void mb_capture(void)
{
	host_capture_start(mb_out, sizeof(mb_out));
}
static inline size_t mb_uncapture(void)
{
	return host_capture_stop();
}

/* Set by a test whose end state Linux leaves inconsistent on purpose (trim's total_size). */
static bool mb_skip_validate;

static bool mb_dir_top_down __maybe_unused = false;
static bool mb_dir_bottom_up __maybe_unused = true;

static inline int mb_setup(void **state)
{
	memblock_reset();
	memblock_debug = 0;
	mb_skip_validate = false;
	host_phys_window(0, NULL, 0);
	if (*state)
		memblock_set_bottom_up(*(bool *)*state);
	return 0;
}

static inline int mb_teardown(void **state)
{
	static char buf[4096];
	int bad = 0;

	(void)state;
	if (!mb_skip_validate) {
		host_capture_start(buf, sizeof(buf));
		bad = memblock_validate();
		host_capture_stop();
		if (bad)
			print_error("memblock_validate() found %d problems:\n%s", bad, buf);
	}
	host_phys_window(0, NULL, 0);
	free(mb_window_mem);
	mb_window_mem = NULL;
	memblock_reset();
	return bad ? -1 : 0;
}

#define MB_TEST(f) { #f, f, mb_setup, mb_teardown, NULL }
#define MB_TEST_BOTH(f)                                                                 \
	{ #f " (top-down)", f, mb_setup, mb_teardown, &mb_dir_top_down },                \
	{ #f " (bottom-up)", f, mb_setup, mb_teardown, &mb_dir_bottom_up }

/* Expected value by direction. */
#define TD_BU(td, bu) (memblock_bottom_up() ? (bu) : (td))

#endif
