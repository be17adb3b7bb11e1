/*
 * SLUB debugging: slub_debug= parsing, the debug object layout (worked out
 * from Linux's calculate_sizes), and every corruption scenario of
 * lib/slub_kunit.c (linux-mm-facts.md section 6) plus double free, a free
 * to the wrong cache and destroying a cache with live objects: each must
 * be reported in Linux's format with the right bytes and offsets, counted
 * by kmem_cache_validate, repaired so a second validate finds nothing, and
 * the cache must keep working.
 */
#include "slub_test_util.h"
#include <stdio.h>

/* Fail with the captured console when a line is missing. */
#define assert_out(needle)                                                                                   \
	do {                                                                                                 \
		if (!strstr(st_out, (needle)))                                                               \
			fprintf(stderr, "missing: %s\n--- output:\n%s---\n", (needle), st_out);              \
		assert_non_null(strstr(st_out, (needle)));                                                   \
	} while (0)

static char line[256];
/* print_tainted after a first report: TAINT_BAD_PAGE ('B', flag 5) and TAINT_WARN ('W', flag 9) of 19 */
#define TAINTED "Tainted: G    B   W         "
#define fmt_line(...) (snprintf(line, sizeof(line), __VA_ARGS__), line)

/* Work a cache and its objects until the allocator has nothing to say: stays usable. */
static void still_usable(struct kmem_cache *s)
{
	void *p[50];

	for (int i = 0; i < 50; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		assert_non_null(p[i]);
		memset(p[i], 0x42, s->object_size);
	}
	for (int i = 0; i < 50; i++)
		kmem_cache_free(s, p[i]);
	assert_int_equal(kmem_cache_validate(s), 0);
}

static void test_parse_slub_debug(void **state)
{
	struct kmem_cache *s;

	st_boot("FZ,kmalloc-64");
	assert_int_equal(kmalloc_slab(64, 0)->flags & SLAB_DEBUG_FLAGS, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE);
	assert_int_equal(kmalloc_slab(32, 0)->flags & SLAB_DEBUG_FLAGS, 0);
	st_teardown(state);

	st_boot("PU;Z,kmalloc-1*,kmalloc-8");
	assert_int_equal(kmalloc_slab(64, 0)->flags & SLAB_DEBUG_FLAGS, SLAB_POISON | SLAB_STORE_USER);
	assert_int_equal(kmalloc_slab(128, 0)->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE); /* kmalloc-128 */
	assert_int_equal(kmalloc_slab(192, 0)->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE); /* kmalloc-192 */
	assert_int_equal(kmalloc_slab(1024, 0)->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE); /* kmalloc-1k */
	assert_int_equal(kmalloc_slab(8, 0)->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE);
	assert_int_equal(kmalloc_slab(32, 0)->flags & SLAB_DEBUG_FLAGS, SLAB_POISON | SLAB_STORE_USER); /* kmalloc-16 matches kmalloc-1* */
	s = kmem_cache_create("mine", 40, 0, 0, NULL);
	assert_int_equal(s->flags & SLAB_DEBUG_FLAGS, SLAB_POISON | SLAB_STORE_USER);
	st_teardown(state);

	/* '-' clears; a list alone means everything on those; unknown letters are reported */
	st_boot("FZ-");
	assert_int_equal(kmalloc_slab(64, 0)->flags & SLAB_DEBUG_FLAGS, 0);
	st_teardown(state);
	st_boot(",kmalloc-32");
	assert_int_equal(kmalloc_slab(32, 0)->flags & SLAB_DEBUG_FLAGS, DEBUG_DEFAULT_FLAGS);
	assert_int_equal(kmalloc_slab(64, 0)->flags & SLAB_DEBUG_FLAGS, 0);
	st_teardown(state);
	host_capture_start(st_out, sizeof(st_out));
	assert_int_equal(setup_slub_debug("FQ"), 0);
	host_capture_stop();
	assert_out("slab_debug option 'Q' unknown. skipped\n");
	assert_int_equal(slub_debug, SLAB_CONSISTENCY_CHECKS);
	slab_reset();
}

/*
 * Layout of kmalloc-64 with F Z P U (calculate_sizes): 64 -> +8 right red
 * zone (size == object_size) = inuse 72; poison puts the free pointer
 * after: offset 72, 80; two tracks of 32 bytes: 144; kmalloc keeps the
 * requested size: 152; Z adds a word and the left pad (8, aligned to 64
 * since power-of-two kmalloc caches are naturally aligned: 64): 152 + 8 +
 * 64 = 224, aligned to 64: 256.
 */
static void test_debug_layout(void **state)
{
	struct kmem_cache *s;
	struct slabinfo si;

	st_boot("FZPU");
	s = kmalloc_slab(64, 0);
	assert_int_equal(s->inuse, 72);
	assert_int_equal(s->offset, 72);
	assert_int_equal(s->red_left_pad, 64);
	assert_int_equal(s->size, 256);
	get_slabinfo(s, &si);
	assert_int_equal(si.cache_order, st_expected_order(256, 1, 0, 3, 0));
	/* a cache of 40 bytes, align 8: inuse 40 + 8 = 48, fp at 48 -> 56, tracks 120, rz 128, left 8: 136 */
	s = kmem_cache_create("dbg40", 40, 0, 0, NULL);
	assert_int_equal(s->inuse, 48);
	assert_int_equal(s->offset, 48);
	assert_int_equal(s->red_left_pad, 8);
	assert_int_equal(s->size, 136);
	st_teardown(state);
	/* O: debugging dropped where it would raise the order (8192 + metadata > order 1) */
	st_boot("FZPUO");
	assert_int_equal(kmalloc_slab(8192, 0)->flags & (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER), 0);
	assert_int_equal(kmalloc_slab(8192, 0)->size, 8192);
	assert_int_equal(kmalloc_slab(64, 0)->size, 256);
	st_teardown(state);
}

/* One byte past a 64-byte object: the right red zone, found at free, not freed, repaired. */
static void test_right_redzone(void **state)
{
	struct kmem_cache *s;
	u8 *p, *base;

	st_boot("FZ,kmalloc-64");
	s = kmalloc_slab(64, 0);
	p = kmalloc(64, GFP_KERNEL);
	for (int i = 0; i < 8; i++)
		assert_int_equal(p[64 + i], SLUB_RED_ACTIVE);
	assert_int_equal(p[-1], SLUB_RED_ACTIVE);
	base = slab_address(virt_to_slab(p));
	p[64] = 0x12;
	st_capture();
	assert_int_equal(kmem_cache_validate(s), 1);
	assert_out(fmt_line("[Right Redzone overwritten] 0x%016lx-0x%016lx @offset=%lu. First byte 0x12 instead of 0xcc\n",
			    (unsigned long)(p + 64), (unsigned long)(p + 64), (unsigned long)(p + 64 - base)));
	assert_out("=============================================================================\n"
		   "BUG kmalloc-64 (Not tainted): Object corrupt\n"
		   "-----------------------------------------------------------------------------\n\n");
	assert_out(fmt_line("Object 0x%016lx @offset=%lu fp=0x", (unsigned long)p, (unsigned long)(p - base)));
	assert_out(fmt_line("Redzone  %016lx: cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc cc  ................\n",
			    (unsigned long)(p - 64)));
	assert_out(fmt_line("Redzone  %016lx: 12 cc cc cc cc cc cc cc", (unsigned long)(p + 64)));
	assert_out(fmt_line("FIX kmalloc-64: Restoring Right Redzone 0x%016lx-0x%016lx=0xcc\n", (unsigned long)(p + 64),
			    (unsigned long)(p + 64)));
	assert_int_equal(p[64], SLUB_RED_ACTIVE);
	assert_int_equal(kmem_cache_validate(s), 0);
	/* the same at free time: the object is reported and kept out of the freelist */
	p[65] = 0x34;
	p[66] = 0x34;
	st_capture();
	kfree(p);
	assert_out(fmt_line("[Right Redzone overwritten] 0x%016lx-0x%016lx @offset=%lu. First byte 0x34 instead of 0xcc\n",
			    (unsigned long)(p + 65), (unsigned long)(p + 66), (unsigned long)(p + 65 - base)));
	assert_out(fmt_line("FIX kmalloc-64: Object at 0x%016lx not freed\n", (unsigned long)p));
	assert_int_equal(kmem_cache_validate(s), 0);
	still_usable(s);
	st_teardown(state);
}

/* The left red zone. */
static void test_left_redzone(void **state)
{
	struct kmem_cache *s;
	u8 *p;

	st_boot("Z");
	s = kmem_cache_create("lrz", 64, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	p[-3] = 0;
	st_capture();
	assert_int_equal(kmem_cache_validate(s), 1);
	assert_out(fmt_line("[Left Redzone overwritten] 0x%016lx-0x%016lx", (unsigned long)(p - 3), (unsigned long)(p - 3)));
	assert_out("First byte 0x0 instead of 0xcc\n");
	assert_out("BUG lrz (Not tainted): Object corrupt\n");
	assert_out("FIX lrz: Restoring Left Redzone");
	kmem_cache_free(s, p);
	still_usable(s);
	st_teardown(state);
}

/* The free pointer of a freed object overwritten (kunit test_next_pointer). */
static void test_next_pointer(void **state)
{
	struct kmem_cache *s;
	struct slabinfo si;
	u8 *p;

	st_boot(NULL);
	s = kmem_cache_create("next_ptr_free", 64, 0, SLAB_POISON, NULL);
	get_slabinfo(s, &si);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	assert_int_equal(s->offset, 64); /* poison: the pointer sits after the object */
	p[s->offset] = (u8)~p[s->offset];
	st_capture();
	/*
	 * on_freelist walks the slab's freelist: p (its head) points nowhere
	 * valid: "Freechain corrupt" on p, the chain cut after p; the slab then
	 * counts 1 free object where inuse says 0: "Wrong object count". Two.
	 */
	assert_int_equal(kmem_cache_validate(s), 2);
	assert_out("BUG next_ptr_free (Not tainted): Freechain corrupt\n");
	assert_out(fmt_line("BUG next_ptr_free (" TAINTED "): Wrong object count. Counter is 0 but counted were %u\n",
			    si.objects_per_slab - 1));
	assert_out("FIX next_ptr_free: Object count adjusted\n");
	/* repaired: the lost objects count as in use, nothing more to report */
	assert_int_equal(kmem_cache_validate(s), 0);
	still_usable(s);
	st_teardown(state);
}

/* The first word, then the 50th byte, of a freed poisoned object (kunit test_first_word / test_clobber_50th_byte). */
static void test_poison_overwritten(void **state)
{
	struct kmem_cache *s;
	u8 *p, *base;

	st_boot(NULL);
	s = kmem_cache_create("poison", 64, 0, SLAB_POISON, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	for (int i = 0; i < 63; i++)
		assert_int_equal(p[i], POISON_FREE);
	assert_int_equal(p[63], POISON_END);
	base = slab_address(virt_to_slab(p));
	memset(p, 0x78, 8);
	st_capture();
	assert_int_equal(kmem_cache_validate(s), 1);
	assert_out(fmt_line("[Poison overwritten] 0x%016lx-0x%016lx @offset=%lu. First byte 0x78 instead of 0x6b\n",
			    (unsigned long)p, (unsigned long)(p + 7), (unsigned long)(p - base)));
	assert_out("BUG poison (Not tainted): Object corrupt\n");
	assert_out(fmt_line("Object   %016lx: 78 78 78 78 78 78 78 78 6b 6b 6b 6b 6b 6b 6b 6b  xxxxxxxxkkkkkkkk\n",
			    (unsigned long)p));
	assert_out(fmt_line("FIX poison: Restoring Poison 0x%016lx-0x%016lx=0x6b\n", (unsigned long)p,
			    (unsigned long)(p + 7)));
	assert_int_equal(kmem_cache_validate(s), 0);

	p[50] = 0x9a;
	st_capture();
	assert_int_equal(kmem_cache_validate(s), 1);
	assert_out(fmt_line("[Poison overwritten] 0x%016lx-0x%016lx @offset=%lu. First byte 0x9a instead of 0x6b\n",
			    (unsigned long)(p + 50), (unsigned long)(p + 50), (unsigned long)(p + 50 - base)));
	assert_int_equal(kmem_cache_validate(s), 0);
	/* the last byte: End Poison */
	p[63] = 0;
	st_capture();
	assert_int_equal(kmem_cache_validate(s), 1);
	assert_out("[End Poison overwritten]");
	assert_out("First byte 0x0 instead of 0xa5\n");
	still_usable(s);
	st_teardown(state);
}

/* The red zone of a freed object (kunit test_clobber_redzone_free). */
static void test_redzone_free(void **state)
{
	struct kmem_cache *s;
	u8 *p;

	st_boot(NULL);
	s = kmem_cache_create("rz_free", 64, 0, SLAB_RED_ZONE, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	assert_int_equal(p[64], SLUB_RED_INACTIVE);
	p[64] = 0xab;
	st_capture();
	assert_int_equal(kmem_cache_validate(s), 1);
	assert_out(fmt_line("[Right Redzone overwritten] 0x%016lx-0x%016lx", (unsigned long)(p + 64),
			    (unsigned long)(p + 64)));
	assert_out("First byte 0xab instead of 0xbb\n");
	assert_out("FIX rz_free: Restoring Right Redzone");
	assert_int_equal(kmem_cache_validate(s), 0);
	still_usable(s);
	st_teardown(state);
}

/* kmalloc(18) from kmalloc-32 with Z and U: bytes 18 and 19 are the kmalloc red zone (kunit test_kmalloc_redzone_access). */
static void test_kmalloc_redzone(void **state)
{
	struct kmem_cache *s;
	u8 *p;

	st_boot("ZU,kmalloc-32");
	s = kmalloc_slab(18, 0);
	assert_string_equal(s->name, "kmalloc-32");
	p = kmalloc(18, GFP_KERNEL);
	assert_int_equal(get_orig_size(s, p), 18);
	for (int i = 18; i < 32; i++)
		assert_int_equal(p[i], SLUB_RED_ACTIVE);
	p[18] = 0xab;
	p[19] = 0xab;
	st_capture();
	assert_int_equal(kmem_cache_validate(s), 1);
	assert_out(fmt_line("[kmalloc Redzone overwritten] 0x%016lx-0x%016lx", (unsigned long)(p + 18),
			    (unsigned long)(p + 19)));
	assert_out("First byte 0xab instead of 0xcc\n");
	assert_out("BUG kmalloc-32 (Not tainted): Object corrupt\n");
	assert_out("FIX kmalloc-32: Restoring kmalloc Redzone");
	assert_out("Allocated in 0x"); /* U: the allocation track */
	assert_int_equal(kmem_cache_validate(s), 0);
	/* ksize hands the whole object to the caller: no kmalloc red zone any more */
	assert_int_equal(ksize(p), 32);
	p[20] = 1;
	assert_int_equal(kmem_cache_validate(s), 0);
	kfree(p);
	still_usable(s);
	st_teardown(state);
}

/* The slab's tail padding (P: 0x5a after the last object) and a pointer into the middle of an object (F). */
static void test_padding_and_bad_pointer(void **state)
{
	struct kmem_cache *s;
	u8 *p, *base, *pad;
	size_t rem;

	st_boot("FP");
	s = kmem_cache_create("padded", 64, 0, 0, NULL);
	assert_int_equal(s->size, 72); /* 64 + the free pointer after it */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	base = slab_address(virt_to_slab(p));
	rem = (PAGE_SIZE << slab_order(virt_to_slab(p))) % 72;
	assert_int_equal(rem, 4096 % 72);
	pad = base + (PAGE_SIZE << slab_order(virt_to_slab(p))) - rem;
	for (size_t i = 0; i < rem; i++)
		assert_int_equal(pad[i], POISON_INUSE);
	pad[5] = 0x11;
	st_capture();
	assert_int_equal(kmem_cache_validate(s), 1);
	assert_out(fmt_line("BUG padded (Not tainted): Padding overwritten. 0x%016lx-0x%016lx @offset=%lu\n",
			    (unsigned long)(pad + 5), (unsigned long)(pad + 5), (unsigned long)(pad + 5 - base)));
	assert_out(fmt_line("FIX padded: Restoring slab padding 0x%016lx-0x%016lx=0x5a\n", (unsigned long)(pad + 5),
			    (unsigned long)(pad + 5)));
	assert_int_equal(kmem_cache_validate(s), 0);
	/* a pointer 8 bytes into the object: not an object of this slab */
	st_capture();
	kmem_cache_free(s, p + 8);
	assert_out(fmt_line("BUG padded (" TAINTED "): Invalid object pointer 0x%016lx\n", (unsigned long)(p + 8)));
	assert_out(fmt_line("FIX padded: Object at 0x%016lx not freed\n", (unsigned long)(p + 8)));
	kmem_cache_free(s, p);
	still_usable(s);
	st_teardown(state);
}

/* Double free: on a plain cache (the cpu freelist's head) and with F (the whole freelist). */
static void test_double_free(void **state)
{
	struct kmem_cache *s;
	void *p, *q;

	st_boot(NULL);
	s = kmem_cache_create("df_plain", 64, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	st_capture();
	kmem_cache_free(s, p);
	assert_out("BUG df_plain (Not tainted): Object already free\n");
	assert_out(fmt_line("FIX df_plain: Object at 0x%016lx not freed\n", (unsigned long)p));
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	assert_ptr_not_equal(p, q); /* the freelist did not loop */
	kmem_cache_free(s, p);
	kmem_cache_free(s, q);
	still_usable(s);
	st_teardown(state);

	st_boot("F");
	s = kmem_cache_create("df_checked", 64, 0, 0, NULL);
	assert_non_null(kmem_cache_alloc(s, GFP_KERNEL)); /* keeps the slab in use: Linux's inuse check passes */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	kmem_cache_free(s, q); /* p is no longer the freelist's head */
	st_capture();
	kmem_cache_free(s, p);
	assert_out("BUG df_checked (Not tainted): Object already free\n");
	assert_out(fmt_line("FIX df_checked: Object at 0x%016lx not freed\n", (unsigned long)p));
	assert_int_equal(kmem_cache_validate(s), 0);
	still_usable(s);
	st_teardown(state);
}

/* kmem_cache_free to the wrong cache: Linux's warning, then the object goes to its own cache. */
static void test_wrong_cache(void **state)
{
	struct kmem_cache *a, *b;
	void *p;
	struct slabinfo si;

	st_boot(NULL);
	a = kmem_cache_create("cache_a", 64, 0, 0, NULL);
	b = kmem_cache_create("cache_b", 64, 0, 0, NULL);
	p = kmem_cache_alloc(a, GFP_KERNEL);
	st_capture();
	kmem_cache_free(b, p);
	assert_out("kmem_cache_free: Wrong slab cache. cache_b but object is from cache_a\n");
	kmem_cache_shrink(a);
	get_slabinfo(a, &si);
	assert_int_equal(si.active_objs, 0);
	/* not a slab object at all: reported, ignored */
	st_capture();
	p = kmalloc(20000, GFP_KERNEL);
	kmem_cache_free(a, p);
	assert_out("kmem_cache_free: Object is not a Slab page!\n");
	kfree(p);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
	st_teardown(state);
}

/* Destroying a cache with a live object reports it and keeps the cache; freed, it goes. */
static void test_destroy_with_objects(void **state)
{
	struct kmem_cache *s, *it;
	void *p, *q;
	bool listed = false;

	st_boot("U");
	s = kmem_cache_create("leaky", 100, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, q);
	st_capture();
	kmem_cache_destroy(s);
	assert_out("BUG leaky (Not tainted): Objects remaining on __kmem_cache_shutdown()\n");
	assert_out(fmt_line("Object 0x%016lx @offset=", (unsigned long)p));
	assert_out("Allocated in 0x");
	assert_out("kmem_cache_destroy leaky: Slab cache still has objects when called from ");
	for_each_kmem_cache(it)
		listed |= it == s;
	assert_true(listed);
	/* still usable */
	q = kmem_cache_alloc(s, GFP_KERNEL);
	assert_non_null(q);
	kmem_cache_free(s, q);
	kmem_cache_free(s, p);
	st_capture();
	kmem_cache_destroy(s);
	assert_null(strstr(st_out, "BUG"));
	for_each_kmem_cache(it)
		assert_ptr_not_equal(it, s);
	st_teardown(state);
}

/* T: a line per alloc and free. */
static void test_trace(void **state)
{
	void *p;

	st_boot("T,kmalloc-96");
	st_capture();
	p = kmalloc(90, GFP_KERNEL);
	kfree(p);
	assert_out(fmt_line("TRACE kmalloc-96 alloc 0x%016lx inuse=", (unsigned long)p));
	assert_out(fmt_line("TRACE kmalloc-96 free 0x%016lx inuse=", (unsigned long)p));
	st_teardown(state);
}

/* Everything on, every class, a random workload: nothing to report, and all pages back after shrink. */
static void test_full_debug_workload(void **state)
{
	static void *objs[4000];
	unsigned long seed = 7;
	struct kmem_cache *s;

	st_boot("FZPU");
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 4000; i++) {
			size_t size;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			size = (seed >> 33) % 8192 + 1;
			objs[i] = kmalloc(size, GFP_KERNEL);
			assert_non_null(objs[i]);
			memset(objs[i], 0xee, size);
		}
		for (int i = 0; i < 4000; i++)
			kfree(objs[i]);
	}
	st_capture();
	assert_int_equal(kmem_cache_validate_all(), 0);
	assert_null(strstr(st_out, "BUG"));
	for_each_kmem_cache(s)
		kmem_cache_shrink(s);
	drain_all_pages(NULL);
	assert_int_equal(nr_free_pages() + slab_nr_pages(), st_free_before_slab);
	assert_int_equal(slub_debug_errors, 0);
	st_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_slub_debug),
		cmocka_unit_test(test_debug_layout),
		cmocka_unit_test(test_right_redzone),
		cmocka_unit_test(test_left_redzone),
		cmocka_unit_test(test_next_pointer),
		cmocka_unit_test(test_poison_overwritten),
		cmocka_unit_test(test_redzone_free),
		cmocka_unit_test(test_kmalloc_redzone),
		cmocka_unit_test(test_padding_and_bad_pointer),
		cmocka_unit_test(test_double_free),
		cmocka_unit_test(test_wrong_cache),
		cmocka_unit_test(test_destroy_with_objects),
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_full_debug_workload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
