/*
 * SLUB's API over a fake machine's buddy allocator: the boot line, every
 * kmalloc size class (its cache, slab order and objects per slab worked
 * out from Linux's calculate_order formula in slub_test_util.h), the
 * alignment guarantees, kmem_cache_* with a constructor, bulk, shrink and
 * destroy, large kmalloc as compound pages, krealloc/kcalloc/ksize, node
 * placement on two nodes, and every slab page back in the buddy allocator
 * at the end.
 */
#include "slub_test_util.h"

/* The size class kmalloc must use for a request, as Linux's kmalloc_index. */
static unsigned int class_size(size_t size)
{
	if (size <= 8)
		return 8;
	if (size > 64 && size <= 96)
		return 96;
	if (size > 128 && size <= 192)
		return 192;
	return 1u << st_fls(size - 1);
}

static void test_boot_line(void **state)
{
	const char *out = st_boot(NULL);

	assert_non_null(strstr(out, "SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=1, Nodes=1\n"));
	st_teardown(state);
	out = st_boot_nodes(st_two_nodes, 2, 2, NULL, 4);
	assert_non_null(strstr(out, "SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=4, Nodes=2\n"));
	st_teardown(state);
}

static void check_classes(unsigned int cpus)
{
	static const unsigned int sizes[] = { 96, 192, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192 };
	static const char *const names[] = { "kmalloc-96",  "kmalloc-192", "kmalloc-8",  "kmalloc-16", "kmalloc-32",
					     "kmalloc-64",  "kmalloc-128", "kmalloc-256", "kmalloc-512", "kmalloc-1k",
					     "kmalloc-2k",  "kmalloc-4k",  "kmalloc-8k" };

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct kmem_cache *s = kmalloc_slab(sizes[i], GFP_KERNEL);
		struct slabinfo si;
		unsigned int order = st_expected_order(sizes[i], cpus, 0, 3, 0);

		assert_non_null(s);
		assert_string_equal(kmem_cache_name(s), names[i]);
		assert_int_equal(kmem_cache_size(s), sizes[i]);
		assert_int_equal(kmem_cache_objsize(s), sizes[i]); /* no metadata without debugging */
		get_slabinfo(s, &si);
		assert_int_equal(si.cache_order, order);
		assert_int_equal(si.objects_per_slab, (PAGE_SIZE << order) / sizes[i]);
	}
}

/* Orders for 1 CPU (min_objects 8) and for 8 CPUs (min_objects 20), e.g. kmalloc-8k: order 3 both. */
static void test_size_classes_orders(void **state)
{
	st_boot(NULL);
	check_classes(1);
	/* hand-checked anchors of the formula: 1 CPU -> 8 objects minimum */
	assert_int_equal(st_expected_order(8192, 1, 0, 3, 0), 3);
	assert_int_equal(st_expected_order(1024, 1, 0, 3, 0), 1);
	assert_int_equal(st_expected_order(192, 1, 0, 3, 0), 0);
	st_teardown(state);
	st_boot_nodes(st_one_node, 1, 1, NULL, 8);
	check_classes(8);
	assert_int_equal(st_expected_order(1024, 8, 0, 3, 0), 3); /* 20 objects: 20 KiB -> order 3 */
	assert_int_equal(st_expected_order(512, 8, 0, 3, 0), 2);
	st_teardown(state);
}

/* A MADT of n entries: type 0 (local APIC, 8 bytes) or 9 (x2APIC, 16 bytes), with ids and flags. */
static size_t make_madt(u8 *t, u8 revision, const u8 *types, const u32 *ids, const u32 *flags, int n)
{
	size_t len = 44;

	memset(t, 0, 512);
	memcpy(t, "APIC", 4);
	t[8] = revision;
	for (int i = 0; i < n; i++) {
		u8 *e = t + len;

		e[0] = types[i];
		if (types[i] == 0) {
			e[1] = 8;
			e[2] = (u8)i;
			e[3] = (u8)ids[i];
			memcpy(e + 4, &flags[i], 4);
		} else {
			e[1] = 16;
			memcpy(e + 4, &ids[i], 4);
			memcpy(e + 8, &flags[i], 4);
		}
		len += e[1];
	}
	memcpy(t + 4, &(u32){ (u32)len }, 4);
	return len;
}

/* nr_cpu_ids as Linux counts the MADT: usable entries with distinct APIC ids. */
static void test_nr_cpu_ids_from_madt(void **state)
{
	static u8 t[512];
	static const u8 types[] = { 0, 0, 0, 0, 9, 0 };
	static const u32 ids[] = { 0, 1, 1, 0xff, 7, 3 };
	/* enabled, enabled, duplicate id, invalid id, x2APIC enabled, disabled (hot-pluggable) */
	static const u32 flags[] = { 1, 1, 1, 1, 1, 0 };
	(void)state;

	host_acpi_clear();
	assert_int_equal(setup_nr_cpu_ids(), 1); /* no MADT */
	host_acpi_register("APIC", t, make_madt(t, 4, types, ids, flags, 6));
	/* before revision 5 a disabled entry is a CPU that may come later: 0, 1, 7, 3 */
	assert_int_equal(setup_nr_cpu_ids(), 4);
	host_acpi_register("APIC", t, make_madt(t, 5, types, ids, flags, 6));
	/* revision 5: disabled and not online-capable never counts */
	assert_int_equal(setup_nr_cpu_ids(), 3);
	host_acpi_clear();
}

/* GFP_DMA, __GFP_RECLAIMABLE and __GFP_ACCOUNT requests have their own caches; DMA ones come from ZONE_DMA. */
static void test_kmalloc_types(void **state)
{
	void *p;

	st_boot(NULL);
	assert_string_equal(kmalloc_slab(100, GFP_KERNEL)->name, "kmalloc-128");
	assert_string_equal(kmalloc_slab(100, GFP_KERNEL | __GFP_RECLAIMABLE)->name, "kmalloc-rcl-128");
	assert_string_equal(kmalloc_slab(100, GFP_KERNEL | GFP_DMA)->name, "dma-kmalloc-128");
	assert_string_equal(kmalloc_slab(100, GFP_KERNEL_ACCOUNT)->name, "kmalloc-cg-128");
	assert_string_equal(kmalloc_slab(2000, GFP_DMA | __GFP_RECLAIMABLE)->name, "dma-kmalloc-2k");
	for (int i = 0; i < 100; i++) {
		p = kmalloc(300, GFP_KERNEL | GFP_DMA);
		assert_int_equal(page_zonenum(virt_to_page(p)), ZONE_DMA);
		assert_string_equal(compound_head(virt_to_page(p))->slab_cache->name, "dma-kmalloc-512");
	}
	p = kmalloc(64, GFP_KERNEL | __GFP_RECLAIMABLE);
	assert_string_equal(compound_head(virt_to_page(p))->slab_cache->name, "kmalloc-rcl-64");
	kfree(p);
	assert_int_equal(kmem_cache_validate_all(), 0);
	st_teardown(state);
}

static void test_slub_order_options(void **state)
{
	struct slabinfo si;

	mt_boot(st_one_node, 1, 1, true);
	x86_paging_init();
	build_all_zonelists(NULL);
	memblock_free_all();
	init_per_zone_wmark_min();
	host_capture_stop();
	slab_reset();
	assert_int_equal(setup_slub_min_order("1"), 0);
	assert_int_equal(setup_slub_min_objects("64"), 0);
	nr_cpu_ids = 1;
	host_capture_start(st_out, sizeof(st_out));
	assert_int_equal(setup_slub_max_order("x"), -1);
	assert_non_null(strstr(st_out, "slub_max_order=x: expected a number from 0 to 1000000\n"));
	kmem_cache_init();
	assert_non_null(strstr(st_out, "SLUB: HWalign=64, Order=1-3, MinObjects=64, CPUs=1, Nodes=1\n"));
	get_slabinfo(kmalloc_slab(8, 0), &si);
	assert_int_equal(si.cache_order, st_expected_order(8, 1, 1, 3, 64));
	assert_int_equal(si.cache_order, 1);
	get_slabinfo(kmalloc_slab(256, 0), &si);
	assert_int_equal(si.cache_order, st_expected_order(256, 1, 1, 3, 64)); /* 64 * 256 = 16K: order 2 */
	assert_int_equal(si.cache_order, 2);
	st_teardown(state);
	/* slub_max_order=5 raises the largest order; slub_min_order above it lifts it too */
	slab_reset();
	assert_int_equal(setup_slub_max_order("0"), 0);
	assert_int_equal(setup_slub_min_order("2"), 0);
	assert_int_equal(slub_max_order, 2);
	slab_reset();
}

static void test_every_size_kmalloc(void **state)
{
	st_boot(NULL);
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		u8 *p = kmalloc(size, GFP_KERNEL);
		unsigned int cs = class_size(size);

		assert_non_null(p);
		assert_int_equal(ksize(p), cs);
		assert_int_equal(kmalloc_size_roundup(size), cs);
		assert_int_equal((uintptr_t)p % ARCH_KMALLOC_MINALIGN, 0);
		if (!(cs & (cs - 1)))
			assert_int_equal((uintptr_t)p % cs, 0); /* power-of-two classes: natural alignment */
		assert_string_equal(kmem_cache_name(compound_head(virt_to_page(p))->slab_cache),
				    kmem_cache_name(kmalloc_slab(cs, 0)));
		memset(p, 0x77, size);
		kfree(p);
	}
	assert_ptr_equal(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	assert_int_equal(ksize(ZERO_SIZE_PTR), 0);
	assert_int_equal(kmem_cache_validate_all(), 0);
	st_teardown(state);
}

static int ctor_calls;
static void ctor64(void *p)
{
	ctor_calls++;
	memset(p, 0x3c, 64);
}

static void test_cache_api(void **state)
{
	struct kmem_cache *s;
	void *objs[300];
	unsigned long free0;
	struct slabinfo si;
	unsigned int per_slab;

	st_boot(NULL);
	drain_all_pages(NULL);
	drain_all_pages(NULL);
	free0 = nr_free_pages();
	s = kmem_cache_create("test_ctor", 64, 0, 0, ctor64);
	assert_non_null(s);
	assert_string_equal(kmem_cache_first()->name, "test_ctor"); /* newest first, as slab_caches */
	get_slabinfo(s, &si);
	per_slab = si.objects_per_slab;
	/* a ctor moves the free pointer after the object: 64 + 8 = 72 */
	assert_int_equal(kmem_cache_objsize(s), 72);
	assert_int_equal(per_slab, (PAGE_SIZE << si.cache_order) / 72);
	for (int i = 0; i < 300; i++) {
		u8 *p = objs[i] = kmem_cache_alloc(s, GFP_KERNEL);

		assert_non_null(p);
		for (int b = 0; b < 64; b++)
			assert_int_equal(p[b], 0x3c); /* constructed, free pointer not inside */
		for (int j = 0; j < i; j++)
			assert_ptr_not_equal(objs[j], p);
	}
	/* the constructor runs once per object when a slab is made, not per allocation */
	assert_int_equal(ctor_calls, (int)(DIV_ROUND_UP(300, per_slab) * per_slab));
	get_slabinfo(s, &si);
	/* Linux's count_partial: the objects of the cpu slab all count as active */
	assert_int_equal(si.num_slabs, DIV_ROUND_UP(300, per_slab));
	assert_int_equal(si.active_objs, si.num_slabs * per_slab);
	assert_int_equal(si.num_objs, si.num_slabs * per_slab);
	for (int i = 0; i < 300; i++)
		kmem_cache_free(s, objs[i]);
	assert_int_equal(kmem_cache_validate(s), 0);
	/* zalloc zeroes over the constructor */
	{
		u8 *z = kmem_cache_zalloc(s, GFP_KERNEL);

		for (int b = 0; b < 64; b++)
			assert_int_equal(z[b], 0);
		kmem_cache_free(s, z);
	}
	/* bulk */
	assert_int_equal(kmem_cache_alloc_bulk(s, GFP_KERNEL, 100, objs), 100);
	for (int i = 0; i < 100; i++)
		for (int j = 0; j < i; j++)
			assert_ptr_not_equal(objs[i], objs[j]);
	kmem_cache_shrink(s); /* flushes the cpu slab: the counts are exact */
	get_slabinfo(s, &si);
	assert_int_equal(si.active_objs, 100);
	kmem_cache_free_bulk(s, 100, objs);
	kmem_cache_shrink(s);
	get_slabinfo(s, &si);
	assert_int_equal(si.active_objs, 0);
	/* shrink gives every empty slab back */
	assert_int_equal(kmem_cache_shrink(s), 0);
	get_slabinfo(s, &si);
	assert_int_equal(si.num_slabs, 0);
	kmem_cache_destroy(s);
	for_each_kmem_cache(s)
		assert_string_not_equal(s->name, "test_ctor");
	drain_all_pages(NULL);
	/* the kmem_cache object went back to its cache's slab: the page count is as before */
	assert_int_equal(nr_free_pages(), free0);
	st_teardown(state);
}

static void test_alignment_flags(void **state)
{
	struct kmem_cache *a, *b, *c, *d;

	st_boot(NULL);
	a = kmem_cache_create("hw20", 20, 0, SLAB_HWCACHE_ALIGN, NULL); /* 20 <= 32: align 32 */
	b = kmem_cache_create("hw100", 100, 0, SLAB_HWCACHE_ALIGN, NULL); /* align 64 */
	c = kmem_cache_create("al128", 40, 128, 0, NULL);
	d = kmem_cache_create("plain12", 12, 0, 0, NULL); /* ARCH_SLAB_MINALIGN 8: size 16 */
	assert_int_equal(a->align, 32);
	assert_int_equal(a->size, 32);
	assert_int_equal(b->align, 64);
	assert_int_equal(b->size, 128);
	assert_int_equal(c->align, 128);
	assert_int_equal(d->size, 16);
	for (int i = 0; i < 200; i++) {
		assert_int_equal((uintptr_t)kmem_cache_alloc(a, GFP_KERNEL) % 32, 0);
		assert_int_equal((uintptr_t)kmem_cache_alloc(b, GFP_KERNEL) % 64, 0);
		assert_int_equal((uintptr_t)kmem_cache_alloc(c, GFP_KERNEL) % 128, 0);
		assert_int_equal((uintptr_t)kmem_cache_alloc(d, GFP_KERNEL) % 8, 0);
	}
	/* bad arguments: a warning naming the cache, NULL */
	st_capture();
	assert_null(kmem_cache_create("bad_align", 64, 24, 0, NULL));
	assert_non_null(strstr(st_out, "kmem_cache_create(bad_align) failed with error -22: alignment is not a power of two"));
	assert_null(kmem_cache_create("tiny", 2, 0, 0, NULL));
	assert_null(kmem_cache_create(NULL, 64, 0, 0, NULL));
	st_teardown(state);
}

static void test_large_kmalloc(void **state)
{
	unsigned long free0;
	u8 *p, *q;
	struct page *page;

	st_boot(NULL);
	drain_all_pages(NULL);
	free0 = nr_free_pages();
	p = kmalloc(KMALLOC_MAX_CACHE_SIZE + 1, GFP_KERNEL);
	assert_non_null(p);
	page = virt_to_page(p);
	assert_true(PageHead(page));
	assert_false(PageSlab(page));
	assert_int_equal(compound_order(page), 2);
	assert_int_equal(ksize(p), 4 * PAGE_SIZE);
	assert_int_equal(kmalloc_large_nr_pages(), 4);
	q = kmalloc(1 << 20, GFP_KERNEL);
	assert_int_equal(compound_order(virt_to_page(q)), 8);
	assert_int_equal((uintptr_t)q % (1 << 20), 0);
	kfree(p);
	kfree(q);
	assert_int_equal(kmalloc_large_nr_pages(), 0);
	drain_all_pages(NULL);
	assert_int_equal(nr_free_pages(), free0);
	st_capture();
	assert_null(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	assert_non_null(strstr(st_out, "above KMALLOC_MAX_SIZE"));
	st_teardown(state);
}

static void test_krealloc_kcalloc(void **state)
{
	u8 *p, *q;

	st_boot(NULL);
	p = kmalloc(20, GFP_KERNEL);
	memset(p, 0x11, 20);
	assert_ptr_equal(krealloc(p, 30, GFP_KERNEL), p); /* fits in kmalloc-32 */
	q = krealloc(p, 100, GFP_KERNEL);
	assert_non_null(q);
	assert_int_equal(ksize(q), 128);
	for (int i = 0; i < 20; i++)
		assert_int_equal(q[i], 0x11);
	p = krealloc(q, 20000, GFP_KERNEL); /* into a large kmalloc */
	assert_int_equal(ksize(p), 8 * PAGE_SIZE);
	assert_int_equal(p[19], 0x11);
	assert_ptr_equal(krealloc(p, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	p = krealloc(NULL, 10, GFP_KERNEL);
	assert_int_equal(ksize(p), 16);
	kfree(p);
	q = kcalloc(10, 12, GFP_KERNEL);
	for (int i = 0; i < 120; i++)
		assert_int_equal(q[i], 0);
	assert_int_equal(ksize(q), 128);
	kfree(q);
	assert_null(kmalloc_array(SIZE_MAX / 2, 3, GFP_KERNEL));
	assert_null(kcalloc(SIZE_MAX / 8 + 1, 8, GFP_KERNEL));
	q = kzalloc(4000, GFP_KERNEL);
	for (int i = 0; i < 4000; i++)
		assert_int_equal(q[i], 0);
	kfree(q);
	assert_int_equal(kmem_cache_validate_all(), 0);
	st_teardown(state);
}

static void test_kmalloc_node(void **state)
{
	struct kmem_cache *s;

	st_boot_nodes(st_two_nodes, 2, 2, NULL, 2);
	for (int nid = 0; nid < 2; nid++) {
		for (int i = 0; i < 500; i++) {
			void *p = kmalloc_node(64, GFP_KERNEL, nid);

			assert_int_equal(page_to_nid(virt_to_page(p)), nid);
			if (i & 1)
				kfree(p);
		}
	}
	s = kmem_cache_create("nodes", 256, 0, 0, NULL);
	assert_non_null(s->node[0]);
	assert_non_null(s->node[1]);
	assert_int_equal(page_to_nid(virt_to_page(kmem_cache_alloc_node(s, GFP_KERNEL, 1))), 1);
	assert_int_equal(page_to_nid(virt_to_page(kmem_cache_alloc_node(s, GFP_KERNEL, 0))), 0);
	assert_int_equal(page_to_nid(virt_to_page(kzalloc_node(3000, GFP_KERNEL, 1))), 1);
	assert_int_equal(kmem_cache_validate_all(), 0);
	st_teardown(state);
}

/* Fill every class, free in a shuffled order, shrink: every slab page back in the buddy allocator. */
static void test_pages_back_to_buddy(void **state)
{
	static void *objs[20000];
	unsigned long seed = 12345, n = 0;
	struct kmem_cache *s;

	st_boot(NULL);
	for (unsigned int round = 0; round < 20000; round++) {
		size_t size = (round * 37) % 9000 + 1;

		objs[n++] = kmalloc(size, GFP_KERNEL);
		assert_non_null(objs[n - 1]);
	}
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j;
		void *t;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		j = (seed >> 33) % (i + 1);
		t = objs[i];
		objs[i] = objs[j];
		objs[j] = t;
	}
	for (unsigned long i = 0; i < n; i++)
		kfree(objs[i]);
	assert_int_equal(kmem_cache_validate_all(), 0);
	for_each_kmem_cache(s)
		kmem_cache_shrink(s);
	drain_all_pages(NULL);
	assert_int_equal(kmalloc_large_nr_pages(), 0);
	/* what is left: the slabs holding kmem_cache and kmem_cache_node objects, 54 + 54 of them */
	{
		struct slabinfo a, b;

		get_slabinfo(kmem_cache, &a);
		get_slabinfo(kmem_cache_node, &b);
		assert_int_equal(a.active_objs, 54);
		assert_int_equal(b.active_objs, 54);
		assert_int_equal(slab_nr_pages(), DIV_ROUND_UP(54, a.objects_per_slab) + DIV_ROUND_UP(54, b.objects_per_slab));
	}
	assert_int_equal(nr_free_pages() + slab_nr_pages(), st_free_before_slab);
	assert_int_equal(page_alloc_verify(), 0);
	st_teardown(state);
}

/*
 * CPU partial slabs, as Linux: a 64-byte cache keeps 120 objects' worth,
 * DIV_ROUND_UP(120 * 2, 64 per slab) = 4 slabs; a full slab that gets a
 * free goes to the CPU's list, and the fifth drains the four to the node.
 */
static void test_cpu_partial(void **state)
{
	static void *objs[640];
	struct kmem_cache *s;
	struct slabinfo si;

	st_boot(NULL);
	s = kmem_cache_create("cpu_partial64", 64, 0, 0, NULL);
	assert_int_equal(s->cpu_partial, 120);
	assert_int_equal(s->cpu_partial_slabs, 4);
	for (int i = 0; i < 640; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	get_slabinfo(s, &si);
	assert_int_equal(si.objects_per_slab, 64);
	assert_int_equal(si.num_slabs, 10); /* 9 full, the 10th the cpu slab (full too) */
	for (int slab = 0; slab < 9; slab++)
		kmem_cache_free(s, objs[slab * 64]); /* one object of each full slab */
	/* slabs 1-4 drained when the 5th came, 5-8 when the 9th came; the 9th is on the cpu list */
	assert_int_equal(s->node[0]->nr_partial, 8);
	assert_non_null(s->cpu_slab[0].partial);
	assert_int_equal(s->cpu_slab[0].partial->slabs, 1);
	get_slabinfo(s, &si);
	assert_int_equal(si.active_objs, 640 - 8); /* free objects count only on node partial slabs */
	kmem_cache_shrink(s);
	assert_null(s->cpu_slab[0].partial);
	assert_int_equal(s->node[0]->nr_partial, 9);
	get_slabinfo(s, &si);
	assert_int_equal(si.active_objs, 631);
	/*
	 * The next allocation takes the node's first partial slab, and moves
	 * 4 / 2 + 1 more onto the cpu list. The first: each drain added the
	 * chain newest first (slab 4, 3, 2, 1), so slab 4's free object.
	 */
	assert_ptr_equal(kmem_cache_alloc(s, GFP_KERNEL), objs[3 * 64]);
	assert_int_equal(s->node[0]->nr_partial, 9 - 1 - 3);
	for (int i = 0; i < 640; i++)
		if (i % 64 || i / 64 == 9 || i == 3 * 64)
			kmem_cache_free(s, objs[i]);
	kmem_cache_shrink(s);
	get_slabinfo(s, &si);
	assert_int_equal(si.num_slabs, 0);
	assert_int_equal(kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
	st_teardown(state);
}

/* Out of memory: kmalloc and kmem_cache_alloc return NULL, bulk is all or nothing, and everything recovers. */
static void test_out_of_memory(void **state)
{
	static const struct ram small[] = { { 0x100000, 0x3ffffff, 0 } }; /* 63 MiB */
	static void *objs[20000];
	struct kmem_cache *s;
	void *bulk[64];
	unsigned long n = 0, got;

	st_boot_nodes(small, 1, 1, NULL, 1);
	s = kmem_cache_create("oom4k", 4000, 0, 0, NULL);
	while (n < ARRAY_SIZE(objs) && (objs[n] = kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN)))
		n++;
	assert_true(n > 1000 && n < ARRAY_SIZE(objs)); /* ran out before the array did */
	assert_null(kmalloc(100000, GFP_KERNEL | __GFP_NOWARN));
	/* what is left in the slabs can still be handed out, then bulk fails whole */
	got = 0;
	while (got < 64 && (bulk[got] = kmalloc(8, GFP_KERNEL | __GFP_NOWARN)))
		got++;
	for (unsigned long i = 0; i < got; i++)
		kfree(bulk[i]);
	kmem_cache_free(s, objs[--n]); /* one object free: a bulk of 64 cannot be met */
	assert_int_equal(kmem_cache_alloc_bulk(s, GFP_KERNEL | __GFP_NOWARN, 64, bulk), 0);
	assert_int_equal(kmem_cache_validate(s), 0);
	for (unsigned long i = 0; i < n; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
	for_each_kmem_cache(s)
		kmem_cache_shrink(s);
	drain_all_pages(NULL);
	assert_int_equal(nr_free_pages() + slab_nr_pages(), st_free_before_slab);
	assert_int_equal(kmem_cache_validate_all(), 0);
	st_teardown(state);
}

static void test_slabinfo_view(void **state)
{
	struct kmem_cache *s;
	void *p;

	st_boot(NULL);
	s = kmem_cache_create("view_test", 100, 0, 0, NULL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	st_capture();
	slabinfo_show();
	assert_non_null(strstr(st_out, "efimm: /proc/slabinfo:\nslabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> "
					"<objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
					"slabdata <active_slabs> <num_slabs> <sharedavail>\n"));
	/* 104-byte stride (100 aligned to 8), order 0 (8 objects = 832 bytes), 39 per slab */
	assert_non_null(strstr(st_out, "view_test             39     39    104   39    1 : tunables    0    0    0 : "
					"slabdata      1      1      0\n"));
	assert_non_null(strstr(st_out, "\nkmalloc-8k "));
	st_capture();
	slab_summary_show();
	/* kmem_cache, kmem_cache_node, 13 classes x 4 types (normal, rcl, dma, cg), view_test */
	assert_non_null(strstr(st_out, "efimm: slab caches: 55 (52 without slabs), "));
	assert_non_null(strstr(st_out, "  NAME "));
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	st_teardown(state);
}

/*
 * kfree of memory efimm does not manage (the stack, the host heap, just past
 * the window) is reported and ignored; kmalloc with a constant size picks
 * its class at compile time and must agree with the variable-size lookup.
 */
static void test_kfree_foreign_and_constant_sizes(void **state)
{
	int local;
	char *heap = malloc(64);
	unsigned long before;
	void *p, *q;

	st_boot(NULL);
	st_capture();
	before = slub_debug_errors;
	kfree(&local);
	kfree(heap);
	kfree((char *)platform_window.virt + platform_window.size + 4096);
	assert_int_equal(slub_debug_errors - before, 3);
	assert_non_null(strstr(st_out, "kfree: object 0x"));
	assert_non_null(strstr(st_out, "is not in memory efimm manages"));
	p = kmalloc(100, GFP_KERNEL);
	q = kmalloc(200, GFP_KERNEL | __GFP_RECLAIMABLE);
	assert_string_equal(kmem_cache_name(virt_to_slab(p)->slab_cache), "kmalloc-128");
	assert_string_equal(kmem_cache_name(virt_to_slab(q)->slab_cache), "kmalloc-rcl-256");
	assert_ptr_equal(virt_to_slab(p)->slab_cache, kmalloc_slab(100, GFP_KERNEL));
	assert_ptr_equal(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(p);
	p = kzalloc(96, GFP_KERNEL);
	assert_string_equal(kmem_cache_name(virt_to_slab(p)->slab_cache), "kmalloc-96");
	for (int i = 0; i < 96; i++)
		assert_int_equal(((char *)p)[i], 0);
	kfree(p);
	kfree(q);
	free(heap);
	st_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_line),
		cmocka_unit_test(test_size_classes_orders),
		cmocka_unit_test(test_nr_cpu_ids_from_madt),
		cmocka_unit_test(test_kmalloc_types),
		cmocka_unit_test(test_slub_order_options),
		cmocka_unit_test(test_every_size_kmalloc),
		cmocka_unit_test(test_cache_api),
		cmocka_unit_test(test_alignment_flags),
		cmocka_unit_test(test_large_kmalloc),
		cmocka_unit_test(test_krealloc_kcalloc),
		cmocka_unit_test(test_kmalloc_node),
		cmocka_unit_test(test_pages_back_to_buddy),
		cmocka_unit_test(test_cpu_partial),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_slabinfo_view),
		cmocka_unit_test(test_kfree_foreign_and_constant_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
