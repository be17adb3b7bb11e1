/*
 * The slab self-test (mm/slab_selftest.c) over the fake machine: 128 MiB
 * (DMA and DMA32) through memblock_free_all and kmem_cache_init, then the
 * real SLUB. A correct allocator passes: every kmalloc cache reached, the
 * constructor run once per slab object and never for a reused object, all
 * objects' patterns intact, every cache's objects in use and every zone's
 * nr_free per order back exactly. Wrappers around the real allocator then
 * inject one fault each (an object handed out twice, a leaked object, an
 * object handed out unconstructed) and the self-test must say which.
 * The same passes with slub_debug=FZPU. Bad parameters and option values
 * are refused with a message.
 */
#include "mm_init_test_util.h"
#include <stdio.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <efimm/slab_selftest.h>
#include "../../mm/slab.h" /* slab_reset */

static const struct ram low_128m[] = { { 0x1000, 0x9ffff, 0 }, { 0x100000, 0x7ffffff, 0 } };

static void boot_debug(const char *slub_debug_opt)
{
	mt_boot(low_128m, 2, 1, true);
	x86_paging_init();
	build_all_zonelists(NULL);
	memblock_free_all();
	init_per_zone_wmark_min();
	slab_reset();
	if (slub_debug_opt)
		assert_int_equal(setup_slub_debug(slub_debug_opt), 0);
	kmem_cache_init();
	kmem_cache_init_late();
	drain_all_pages(NULL);
	host_capture_stop();
	assert_true(slab_is_available());
}

static void boot(void)
{
	boot_debug(NULL);
}

static int run(const struct slab_selftest_ops *ops, unsigned int pct, unsigned int stride,
	       struct slab_selftest_result *r)
{
	int rc;

	host_capture_start(mt_out, sizeof(mt_out));
	rc = slab_selftest(ops, pct, 0, stride, 77, r);
	host_capture_stop();
	return rc;
}

static void test_real_allocator_passes(void **state)
{
	struct slab_selftest_result r;
	unsigned long free_before;
	int rc;

	boot();
	free_before = nr_free_pages();
	rc = run(NULL, 50, 8, &r);
	if (rc)
		fprintf(stderr, "%s", mt_out); /* what the self-test reported */
	assert_int_equal(rc, 0);
	/* Half the free pages, within what one allocation can overshoot. */
	assert_true(r.pages_used >= free_before / 100 * 50);
	assert_true(r.pages_used < free_before / 100 * 50 + 256);
	assert_int_equal(r.nr_classes, 13); /* 8 16 32 64 96 128 192 256 512 1k 2k 4k 8k */
	for (unsigned int c = 0; c < r.nr_classes; c++)
		assert_true(r.per_class[c] > 0);
	assert_int_equal(r.class_size[4], 96);
	assert_int_equal(r.class_size[6], 192);
	assert_int_equal(r.class_size[12], 8192);
	assert_true(r.large > 0);
	assert_true(r.ctor_objects > 0);
	assert_true(r.caches >= 13);
	assert_int_equal(r.missed_caches, 0);
	/* The constructor: once per object of every slab the cache made, none at reuse. */
	assert_int_equal(r.ctor_calls, r.ctor_slab_objects);
	assert_true(r.ctor_calls >= r.ctor_objects);
	assert_true(r.reused > 0);
	assert_int_equal(r.unconstructed, 0);
	assert_int_equal(r.bad_objects, 0);
	assert_int_equal(r.validate_errors, 0);
	assert_int_equal(r.counts_differing, 0);
	assert_true(r.bytes_checked >= r.bytes_requested - (u64)r.ctor_objects * 16);
	/* The test's own blocks are freed too; after a drain every page is back. */
	drain_all_pages(NULL);
	assert_int_equal(nr_free_pages(), free_before);
}

/* slub_debug=FZPU on every cache: red zones, poison and tracks must not disturb the test, nor it them. */
static void test_passes_with_slub_debug(void **state)
{
	struct slab_selftest_result r;
	int rc;

	boot_debug("FZPU");
	rc = run(NULL, 20, 8, &r);
	if (rc)
		fprintf(stderr, "%s", mt_out);
	assert_int_equal(rc, 0);
	assert_int_equal(r.validate_errors, 0);
	assert_int_equal(r.ctor_calls, r.ctor_slab_objects);
	assert_true(r.reused > 0); /* a constructor cache is never poisoned: reused objects keep their bytes */
	assert_int_equal(r.counts_differing, 0);
	assert_null(strstr(mt_out, "BUG "));
}

/* max_pages caps the fill below the percentage (efimm's default: 512 MiB). */
static void test_fill_cap(void **state)
{
	struct slab_selftest_result r;
	int rc;

	boot();
	host_capture_start(mt_out, sizeof(mt_out));
	rc = slab_selftest(NULL, 90, 3000, 64, 5, &r);
	host_capture_stop();
	assert_int_equal(rc, 0);
	assert_true(r.pages_used >= 3000);
	assert_true(r.pages_used < 3000 + 256);
	assert_int_equal(r.counts_differing, 0);
}

static unsigned long progress_calls;
static void count_progress(const char *phase, unsigned long done, unsigned long total)
{
	progress_calls++;
	assert_true(done <= total);
}

static void test_progress_and_sparse_stride(void **state)
{
	static const struct slab_selftest_ops ops = { .progress = count_progress };
	struct slab_selftest_result r;

	boot();
	progress_calls = 0;
	assert_int_equal(run(&ops, 20, 64, &r), 0);
	assert_true(progress_calls >= 4); /* filled, written, verified, freed */
	assert_true(r.bytes_checked < r.bytes_requested); /* a word per 64 bytes */
	assert_int_equal(r.counts_differing, 0);
}

/* Fault 1: one kmalloc returns an object already handed out (and its second kfree is dropped). */
static void *dup_obj;
static int dup_state;
static void *dup_kmalloc(size_t size, gfp_t gfp)
{
	void *p = kmalloc(size, gfp);

	if (size > 64 && size <= 96 && p && dup_state == 0) {
		dup_obj = p;
		dup_state = 1;
	} else if (size > 64 && size <= 96 && p && dup_state == 1) {
		kfree(p);
		dup_state = 2;
		return dup_obj;
	}
	return p;
}

static void dup_kfree(const void *p)
{
	if (p == dup_obj && dup_state == 2) {
		dup_state = 3; /* the first of its two frees: drop it */
		return;
	}
	kfree(p);
}

static void test_detects_object_given_twice(void **state)
{
	static const struct slab_selftest_ops ops = { .kmalloc = dup_kmalloc, .kfree = dup_kfree };
	struct slab_selftest_result r;

	boot();
	dup_state = 0;
	assert_int_not_equal(run(&ops, 10, 8, &r), 0);
	assert_true(r.bad_objects > 0);
	assert_int_equal(dup_state, 3);
	assert_non_null(strstr(mt_out, "does not hold its pattern"));
	assert_int_equal(r.counts_differing, 0); /* the object was freed once: nothing lost */
}

/* Fault 2: one kfree of a kmalloc-256 object is dropped: the slab page cannot go back. */
static void *leaked;
static void leak_kfree(const void *p)
{
	if (!leaked && ksize(p) == 256) {
		leaked = (void *)p;
		return;
	}
	kfree(p);
}

static void test_detects_leak(void **state)
{
	static const struct slab_selftest_ops ops = { .kfree = leak_kfree };
	struct slab_selftest_result r;

	boot();
	leaked = NULL;
	assert_int_not_equal(run(&ops, 10, 64, &r), 0);
	assert_non_null(leaked);
	assert_true(r.counts_differing > 0);
	assert_non_null(strstr(mt_out, "256 has "));
	assert_non_null(strstr(mt_out, "objects in use, "));
	assert_non_null(strstr(mt_out, ": nr_free "));
	kfree(leaked);
}

/* Fault 3: one object from the constructor cache comes back with its constructed words clobbered. */
static bool clobbered;
static void *clobber_alloc(struct kmem_cache *s, gfp_t gfp)
{
	u64 *p = kmem_cache_alloc(s, gfp);

	if (p && !clobbered) {
		clobbered = true;
		p[0] = 0;
	}
	return p;
}

static void test_detects_unconstructed_object(void **state)
{
	static const struct slab_selftest_ops ops = { .cache_alloc = clobber_alloc };
	struct slab_selftest_result r;

	boot();
	clobbered = false;
	assert_int_not_equal(run(&ops, 10, 64, &r), 0);
	assert_int_equal(r.unconstructed, 1);
	assert_non_null(strstr(mt_out, "efimm: slab self-test: efimm_selftest_ctor object "));
	assert_non_null(strstr(mt_out, " not in its constructed state ("));
	assert_int_equal(r.counts_differing, 0);
}

static void test_bad_parameters(void **state)
{
	struct slab_selftest_result r;

	boot();
	assert_int_equal(run(NULL, 50, 12, &r), 1);
	assert_non_null(strstr(mt_out, "efimm: slab self-test: stride 12 is not a multiple of 8 between 8 and 4096\n"));
	assert_int_equal(run(NULL, 0, 8, &r), 1);
	assert_non_null(strstr(mt_out, "efimm: slab self-test: fill 0% is not between 1 and 90%\n"));
	assert_int_equal(run(NULL, 91, 8, &r), 1);
	assert_non_null(strstr(mt_out, "fill 91%"));
}

static void test_option_values(void **state)
{
	host_capture_start(mt_out, sizeof(mt_out));
	assert_int_equal(slab_selftest_parse("off"), 0);
	assert_int_equal(efimm_slab_selftest, SLAB_SELFTEST_OFF);
	assert_false(slab_selftest_enabled(true));
	assert_int_equal(slab_selftest_parse("on"), 0);
	assert_int_equal(efimm_slab_selftest, SLAB_SELFTEST_ON);
	assert_int_equal(efimm_slab_selftest_percent, SLAB_SELFTEST_DEFAULT_PERCENT);
	assert_true(efimm_slab_selftest_capped);
	assert_int_equal(slab_selftest_parse("30%"), 0);
	assert_int_equal(efimm_slab_selftest, SLAB_SELFTEST_ON);
	assert_int_equal(efimm_slab_selftest_percent, 30);
	assert_false(efimm_slab_selftest_capped); /* an explicit percentage has no 512 MiB cap */
	assert_int_equal(slab_selftest_parse("full,75"), 0);
	assert_int_equal(efimm_slab_selftest, SLAB_SELFTEST_FULL);
	assert_int_equal(efimm_slab_selftest_percent, 75);
	assert_int_equal(slab_selftest_parse("95%"), -1);
	assert_int_equal(slab_selftest_parse("0"), -1);
	assert_int_equal(slab_selftest_parse("onx"), -1);
	assert_int_equal(slab_selftest_parse("full,"), 0);
	assert_int_equal(slab_selftest_parse("10%x"), -1);
	assert_int_equal(slab_selftest_parse("off,5"), -1);
	host_capture_stop();
	/* A refused value changes nothing. */
	assert_int_equal(efimm_slab_selftest, SLAB_SELFTEST_FULL);
	assert_int_equal(efimm_slab_selftest_percent, 75);
	assert_non_null(strstr(mt_out, "efimm: slab_selftest=95%: expected on, off, full, a fill percentage 1-90% or on,N% / full,N%\n"));
	assert_non_null(strstr(mt_out, "efimm: slab_selftest=off,5: expected"));
	efimm_slab_selftest = SLAB_SELFTEST_AUTO;
	efimm_slab_selftest_percent = SLAB_SELFTEST_DEFAULT_PERCENT;
	efimm_slab_selftest_capped = true;
	assert_true(slab_selftest_enabled(true));
	assert_false(slab_selftest_enabled(false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_real_allocator_passes, mt_teardown),
		cmocka_unit_test_teardown(test_progress_and_sparse_stride, mt_teardown),
		cmocka_unit_test_teardown(test_fill_cap, mt_teardown),
		cmocka_unit_test_teardown(test_passes_with_slub_debug, mt_teardown),
		cmocka_unit_test_teardown(test_detects_object_given_twice, mt_teardown),
		cmocka_unit_test_teardown(test_detects_leak, mt_teardown),
		cmocka_unit_test_teardown(test_detects_unconstructed_object, mt_teardown),
		cmocka_unit_test_teardown(test_bad_parameters, mt_teardown),
		cmocka_unit_test_teardown(test_option_values, mt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
