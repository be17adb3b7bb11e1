/*
 * efimm's own memory (mm/kalloc.c) over a fake machine's SLUB: the
 * fallback serves before bring-up and after kalloc_close, kmalloc's size
 * classes and large kmalloc (compound pages) serve once slab_is_available(),
 * efimm_kfree sends each pointer back where it came from (its page says
 * which: buddy-managed, reserved, or outside the memory map), a named
 * cache of efimm's shows in the slab list with its objects, and the
 * counters prove nothing leaked.
 */
#include "slub_test_util.h"
#include <efimm/kalloc.h>

/* The fallback: host malloc, counted, so each test sees which allocator served. */
static unsigned long fb_allocs, fb_frees;

static void *fb_alloc(size_t size)
{
	fb_allocs++;
	return malloc(size);
}

static void fb_free(void *p)
{
	fb_frees++;
	free(p);
}

static const struct kalloc_fallback test_fallback = { "the test's malloc", fb_alloc, fb_free };

static void fresh(void)
{
	kalloc_set_fallback(&test_fallback);
	kalloc_reset();
	fb_allocs = fb_frees = 0;
}

static void assert_nothing_live(void)
{
	struct kalloc_stats st;

	kalloc_get_stats(&st);
	assert_int_equal(st.live_slab, 0);
	assert_int_equal(st.live_fallback, 0);
}

/* No SLUB yet (slab_reset): everything from the fallback, freed there. */
static void test_before_bring_up(void **state)
{
	struct kalloc_stats st;
	char *p;

	(void)state;
	fresh();
	slab_reset();
	assert_false(slab_is_available());
	p = efimm_kzalloc(300);
	assert_non_null(p);
	assert_int_equal(p[0] | p[299], 0);
	assert_int_equal(fb_allocs, 1);
	assert_false(kalloc_from_slab(p));
	efimm_kfree(p);
	assert_int_equal(fb_frees, 1);
	/* A cache that could not be made (NULL) falls back to efimm_kmalloc, here the fallback. */
	p = efimm_cache_alloc(NULL, 24);
	assert_int_equal(fb_allocs, 2);
	efimm_cache_free(NULL, p);
	assert_int_equal(fb_frees, 2);
	kalloc_get_stats(&st);
	assert_int_equal(st.fallback_allocs, 2);
	assert_int_equal(st.slab_allocs, 0);
	assert_nothing_live();
	/* No fallback at all: NULL, not a crash. */
	kalloc_set_fallback(NULL);
	assert_null(efimm_kmalloc(64));
	efimm_kfree(NULL);
}

/* SLUB up: kmalloc's classes (100 -> kmalloc-128, as kmalloc_index) and a large kmalloc of order 10. */
static void test_after_bring_up(void **state)
{
	unsigned long free_before;
	struct page *head;
	void *small, *large, *early;

	fresh();
	slab_reset();
	early = efimm_kmalloc(40); /* before bring-up: the fallback's, freed after it */
	assert_int_equal(fb_allocs, 1);
	st_boot(NULL);
	small = efimm_kmalloc(100);
	assert_non_null(small);
	assert_true(kalloc_from_slab(small));
	assert_int_equal(ksize(small), 128);
	assert_string_equal(kmem_cache_name(compound_head(virt_to_page(small))->slab_cache), "kmalloc-128");
	free_before = nr_free_pages();
	large = efimm_kmalloc(4u << 20);
	assert_non_null(large);
	head = virt_to_page(large);
	assert_true(PageHead(head));
	assert_int_equal(compound_order(head), 10);
	assert_int_equal(free_before - nr_free_pages(), 1024);
	assert_int_equal(fb_allocs, 1);
	efimm_kfree(large);
	assert_int_equal(nr_free_pages(), free_before);
	efimm_kfree(small);
	efimm_kfree(early); /* outside the fake machine's memory: back to the fallback */
	assert_int_equal(fb_frees, 1);
	/* kmalloc(0) is ZERO_SIZE_PTR, as Linux's: nothing held, nothing to free. */
	assert_ptr_equal(efimm_kmalloc(0), ZERO_SIZE_PTR);
	efimm_kfree(ZERO_SIZE_PTR);
	assert_int_equal(fb_frees, 1);
	assert_nothing_live();
	st_teardown(state);
}

/* Memory memblock kept reserved (NODE_DATA) is not SLUB's: PageReserved says so. */
static void test_reserved_is_not_slab(void **state)
{
	void *p;

	fresh();
	st_boot(NULL);
	assert_false(kalloc_from_slab(NODE_DATA(0)));
	p = efimm_kmalloc(8);
	assert_true(kalloc_from_slab(p));
	efimm_kfree(p);
	assert_nothing_live();
	st_teardown(state);
}

/* A named cache of efimm's: its objects come from it and show in its slabinfo; it is destroyed empty. */
static void test_own_cache(void **state)
{
	struct kmem_cache *s, *c;
	struct slabinfo si = { 0 };
	void *objs[100], *from_kmalloc;
	bool listed = false;
	unsigned long errors = slub_debug_errors;

	fresh();
	st_boot(NULL);
	/* Before the cache exists the records come from kmalloc-32 (24 bytes rounded up). */
	from_kmalloc = efimm_cache_alloc(NULL, 24);
	assert_int_equal(ksize(from_kmalloc), 32);
	s = kmem_cache_create("efimm_test_line", 24, 0, SLAB_NO_MERGE, NULL);
	assert_non_null(s);
	for (int i = 0; i < 100; i++) {
		objs[i] = efimm_cache_alloc(s, 24);
		assert_non_null(objs[i]);
		assert_ptr_equal(compound_head(virt_to_page(objs[i]))->slab_cache, s);
	}
	for_each_kmem_cache(c)
		if (c == s) {
			listed = true;
			assert_string_equal(kmem_cache_name(c), "efimm_test_line");
		}
	assert_true(listed);
	get_slabinfo(s, &si);
	assert_true(si.active_objs >= 100);
	assert_true(si.num_objs >= si.active_objs);
	/* The kmalloc'd record goes back to kmalloc-32, not to s: no SLUB report. */
	efimm_cache_free(s, from_kmalloc);
	for (int i = 0; i < 100; i++)
		efimm_cache_free(s, objs[i]);
	assert_int_equal(slub_debug_errors, errors);
	assert_nothing_live();
	kmem_cache_destroy(s);
	for_each_kmem_cache(c)
		assert_ptr_not_equal(c, s);
	st_teardown(state);
}

/* kalloc_close (the claims are about to go back): the fallback again, with SLUB still up. */
static void test_close(void **state)
{
	struct kalloc_stats st;
	void *p, *q;

	fresh();
	st_boot(NULL);
	p = efimm_kmalloc(64);
	assert_true(kalloc_from_slab(p));
	efimm_kfree(p);
	kalloc_close();
	q = efimm_kmalloc(64);
	assert_non_null(q);
	assert_int_equal(fb_allocs, 1);
	assert_false(kalloc_from_slab(q));
	efimm_kfree(q);
	assert_int_equal(fb_frees, 1);
	kalloc_get_stats(&st);
	assert_int_equal(st.slab_allocs, 1);
	assert_int_equal(st.fallback_allocs, 1);
	assert_nothing_live();
	kalloc_reset();
	st_teardown(state);
}

/* A leak shows in the counters. */
static void test_leak_counted(void **state)
{
	struct kalloc_stats st;
	void *p;

	fresh();
	st_boot(NULL);
	p = efimm_kmalloc(200);
	kalloc_get_stats(&st);
	assert_int_equal(st.live_slab, 1);
	efimm_kfree(p);
	kalloc_get_stats(&st);
	assert_int_equal(st.live_slab, 0);
	st_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_before_bring_up),
		cmocka_unit_test(test_after_bring_up),
		cmocka_unit_test(test_reserved_is_not_slab),
		cmocka_unit_test(test_own_cache),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_leak_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
