/*
 * The allocator-independent half of the slab layer (mm/slab_common.c of
 * Linux 6.12): kmem_cache_create/destroy, the kmalloc caches (kmalloc_info,
 * the size_index table for requests up to 192 bytes, log2 classes above),
 * ksize/krealloc, requests above KMALLOC_MAX_CACHE_SIZE served as compound
 * pages straight from the buddy allocator (kmalloc and kfree themselves are
 * in mm/slub.c, as in Linux 6.12, next to the fast paths they inline), and
 * the views: /proc/slabinfo (version 2.1) and a summary sorted by memory use.
 */
#include "slab.h"
#include <linux/sort.h>
#include <linux/vmstat.h>

struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_CACHES];
unsigned long kmalloc_large_pages;

#define INIT_KMALLOC_INFO(__size, __short)                                                               \
	{ { "kmalloc-" #__short, "kmalloc-rcl-" #__short, "dma-kmalloc-" #__short, "kmalloc-cg-" #__short }, \
	  __size }

/* kmalloc_info: names and sizes of the kmalloc caches by index (1 and 2 are 96 and 192). */
const struct kmalloc_info_struct kmalloc_info[KMALLOC_CACHES] = {
	{ { NULL }, 0 },	      INIT_KMALLOC_INFO(96, 96),     INIT_KMALLOC_INFO(192, 192),
	INIT_KMALLOC_INFO(8, 8),      INIT_KMALLOC_INFO(16, 16),     INIT_KMALLOC_INFO(32, 32),
	INIT_KMALLOC_INFO(64, 64),    INIT_KMALLOC_INFO(128, 128),   INIT_KMALLOC_INFO(256, 256),
	INIT_KMALLOC_INFO(512, 512),  INIT_KMALLOC_INFO(1024, 1k),   INIT_KMALLOC_INFO(2048, 2k),
	INIT_KMALLOC_INFO(4096, 4k),  INIT_KMALLOC_INFO(8192, 8k),
};

/* kmalloc_size_index: the cache index for sizes up to 192, by (size - 1) / 8. */
u8 kmalloc_size_index[24] = {
	3, 4, 5, 5, 6, 6, 6, 6, /* 8 .. 64 */
	1, 1, 1, 1,		/* 72 .. 96 */
	7, 7, 7, 7,		/* 104 .. 128 */
	2, 2, 2, 2, 2, 2, 2, 2, /* 136 .. 192 */
};

/* setup_kmalloc_cache_index_table: with KMALLOC_MIN_SIZE 8 on x86_64 the table stays as it is. */
void setup_kmalloc_cache_index_table(void)
{
	for (unsigned int i = 8; i < KMALLOC_MIN_SIZE; i += 8)
		kmalloc_size_index[size_index_elem(i)] = KMALLOC_SHIFT_LOW;
}

/* kmalloc_slab: the cache for a request, via the size_index table up to 192 bytes. */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t flags)
{
	if (!size || size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	return __kmalloc_slab(size, flags);
}

size_t kmalloc_size_roundup(size_t size)
{
	struct kmem_cache *s;

	if (size && size <= KMALLOC_MAX_CACHE_SIZE) {
		s = kmalloc_slab(size, GFP_KERNEL);
		return s ? s->object_size : size;
	}
	if (size > KMALLOC_MAX_SIZE)
		return size; /* kmalloc will fail */
	return PAGE_SIZE << slab_get_order(size);
}

/* calculate_alignment: SLAB_HWCACHE_ALIGN halves the line size while the object fits twice. */
static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = L1_CACHE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max(align, (unsigned int)ARCH_SLAB_MINALIGN);
	return ALIGN(align, (unsigned int)sizeof(void *));
}

/* create_boot_cache: kmalloc and the boot caches; power-of-two sizes are naturally aligned. */
struct kmem_cache *create_boot_cache(struct kmem_cache *s, const char *name, unsigned int size,
				     slab_flags_t flags)
{
	unsigned int align = ARCH_KMALLOC_MINALIGN;

	if (size && !(size & (size - 1)))
		align = max(align, size);
	align = calculate_alignment(flags, align, size);
	if (__kmem_cache_create(s, name, size, align, flags, NULL)) {
		pr_err("SLUB: creation of boot cache %s size=%u failed\n", name, size);
		return NULL;
	}
	s->refcount = -1; /* never merged, never destroyed */
	return s;
}

/* new_kmalloc_cache: Linux's flags per type (normal ones are never merged with MEMCG on). */
static void new_kmalloc_cache(unsigned int idx, enum kmalloc_cache_type type)
{
	static const slab_flags_t type_flags[NR_KMALLOC_TYPES] = {
		[KMALLOC_NORMAL] = SLAB_NO_MERGE,
		[KMALLOC_RECLAIM] = SLAB_RECLAIM_ACCOUNT,
		[KMALLOC_DMA] = SLAB_CACHE_DMA,
		[KMALLOC_CGROUP] = SLAB_ACCOUNT,
	};
	const char *name = kmalloc_info[idx].name[type];
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_NOWAIT);

	if (!s || !create_boot_cache(s, name, kmalloc_info[idx].size, SLAB_KMALLOC | type_flags[type])) {
		pr_err("SLUB: out of memory creating %s\n", name);
		if (s)
			kmem_cache_free(kmem_cache, s);
		return;
	}
	list_add(&s->list, &slab_caches);
	s->refcount = 1;
	kmalloc_caches[type][idx] = s;
}

/* create_kmalloc_caches: per type, 96 and 192 first, then the powers of two, as Linux (slabinfo order). */
void create_kmalloc_caches(void)
{
	for (int type = KMALLOC_NORMAL; type < NR_KMALLOC_TYPES; type++) {
		new_kmalloc_cache(1, type);
		new_kmalloc_cache(2, type);
		for (unsigned int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++)
			new_kmalloc_cache(i, type);
	}
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = NULL;
	const char *why = NULL;

	if (!slab_is_available())
		why = "the slab allocator is not up";
	else if (!name || !*name)
		why = "no name";
	else if (size < sizeof(unsigned long) || size > KMALLOC_MAX_SIZE - sizeof(void *))
		why = "size out of range";
	else if (align & (align - 1))
		why = "alignment is not a power of two";
	else if (flags & ~(SLAB_DEBUG_FLAGS | SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_PANIC |
			   SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE | SLAB_NO_MERGE | SLAB_ACCOUNT |
			   SLAB_NO_USER_FLAGS | SLAB_SKIP_KFENCE | SLAB_RECLAIM_ACCOUNT | SLAB_NO_OBJ_EXT))
		why = "unknown flags";
	if (!why) {
		s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
		if (!s)
			why = "out of memory";
	}
	if (!why) {
		strscpy_len(s->name_buf, name, sizeof(s->name_buf));
		if (__kmem_cache_create(s, s->name_buf, size, calculate_alignment(flags, align, size), flags, ctor)) {
			kmem_cache_free(kmem_cache, s);
			s = NULL;
			why = "no slab order fits";
		}
	}
	if (why) {
		if (flags & SLAB_PANIC)
			pr_emerg("kmem_cache_create: Failed to create slab '%s'. Error -22\n", name ? name : "(null)");
		else
			pr_warn("kmem_cache_create(%s) failed with error -22: %s\n", name ? name : "(null)", why);
		return NULL;
	}
	s->refcount = 1;
	list_add(&s->list, &slab_caches);
	return s;
}

/*
 * kmem_cache_destroy: a cache with live objects is reported (each object,
 * then Linux's warning) and kept usable, still listed; Linux unlinks and
 * leaks it instead.
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	if (!s)
		return;
	if (s->refcount < 0) {
		pr_err("kmem_cache_destroy %s: a boot cache cannot be destroyed\n", s->name);
		return;
	}
	if (--s->refcount)
		return;
	if (__kmem_cache_shutdown(s)) {
		pr_warn("------------[ cut here ]------------\n");
		pr_warn("kmem_cache_destroy %s: Slab cache still has objects when called from %p\n", s->name,
			__builtin_return_address(0));
		slub_taint_warn();
		s->refcount = 1;
		return;
	}
	list_del(&s->list);
	__kmem_cache_release(s);
	kmem_cache_free(kmem_cache, s);
}

/* ---- kmalloc ---- */

/* ___kmalloc_large_node: a compound page straight from the buddy allocator. */
void *kmalloc_large_node(size_t size, gfp_t flags, int node)
{
	unsigned int order = slab_get_order(size);
	struct page *page;

	if (size > KMALLOC_MAX_SIZE) {
		if (!(flags & __GFP_NOWARN))
			pr_warn("kmalloc: %zu bytes is above KMALLOC_MAX_SIZE (%lu)\n", size, KMALLOC_MAX_SIZE);
		return NULL;
	}
	page = alloc_pages_node(node, flags | __GFP_COMP, order);
	if (!page)
		return NULL;
	kmalloc_large_pages += 1UL << order;
	return page_address(page);
}

/* free_large_kmalloc: the pages of a large kmalloc back; anything else is reported, not freed. */
void free_large_kmalloc(struct page *page, const void *object)
{
	unsigned int order = compound_order(page);

	if (page_address(page) != object || !page_ref_count(page)) {
		pr_warn("------------[ cut here ]------------\n");
		pr_warn("kfree: object 0x%p is not from kmalloc (page refcount %d)\n", object, page_ref_count(page));
		slub_debug_errors++;
		return;
	}
	kmalloc_large_pages -= 1UL << order;
	__free_pages(page, order);
}

/*
 * __ksize / slab_ksize: the whole compound page for a large kmalloc; for a
 * slab object, object_size with red zones or poisoning, inuse with
 * tracking, else the stride. The caller may now use all of it, so the
 * kmalloc red zone check forgets the requested size (skip_orig_size_check).
 */
size_t ksize(const void *object)
{
	struct page *page;
	struct kmem_cache *s;

	if (ZERO_OR_NULL_PTR(object) || !(page = __virt_to_page(object)))
		return 0;
	page = compound_head(page);
	if (!PageSlab(page))
		return PAGE_SIZE << compound_order(page);
	s = page->slab_cache;
	skip_orig_size_check(s, object);
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;
	if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER))
		return s->inuse;
	return s->size;
}

/* krealloc: the same object when it already has room (ksize), else a new one with the bytes copied. */
void *krealloc(const void *p, size_t new_size, gfp_t flags)
{
	size_t ks = 0;
	void *ret;

	if (unlikely(!new_size)) {
		kfree(p);
		return ZERO_SIZE_PTR;
	}
	if (!ZERO_OR_NULL_PTR(p))
		ks = ksize(p);
	if (ks >= new_size)
		return (void *)p;
	ret = kmalloc(new_size, flags);
	if (ret && ks)
		memcpy(ret, p, ks);
	if (ret)
		kfree(p);
	return ret;
}

/* ---- views and iteration ---- */

const char *kmem_cache_name(const struct kmem_cache *s)
{
	return s ? s->name : "";
}

unsigned int kmem_cache_objsize(const struct kmem_cache *s)
{
	return s ? s->size : 0;
}

struct kmem_cache *kmem_cache_first(void)
{
	return list_empty(&slab_caches) ? NULL : list_first_entry(&slab_caches, struct kmem_cache, list);
}

struct kmem_cache *kmem_cache_next(struct kmem_cache *s)
{
	return s->list.next == &slab_caches ? NULL : list_entry(s->list.next, struct kmem_cache, list);
}

unsigned long slab_nr_pages(void)
{
	return slab_pages_in_use;
}

unsigned long kmalloc_large_nr_pages(void)
{
	return kmalloc_large_pages;
}

/* print_slabinfo_header + cache_show for every cache, newest first: /proc/slabinfo into a seq_file. */
void slabinfo_seq_show(struct seq_file *m)
{
	struct kmem_cache *s;
	struct slabinfo sinfo;

	seq_printf(m, "slabinfo - version: 2.1\n");
	seq_printf(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		      " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	for_each_kmem_cache(s) {
		get_slabinfo(s, &sinfo);
		seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n", s->name,
			   sinfo.active_objs, sinfo.num_objs, s->size, sinfo.objects_per_slab, 1 << sinfo.cache_order,
			   sinfo.limit, sinfo.batchcount, sinfo.shared, sinfo.active_slabs, sinfo.num_slabs,
			   sinfo.shared_avail);
	}
}

/* /proc/slabinfo on the console, one pr_info line each, after an "efimm: /proc/slabinfo:" title. */
void slabinfo_show(void)
{
	proc_print_view("slabinfo", slabinfo_seq_show);
}

struct slab_summary_row {
	struct kmem_cache *s;
	unsigned long bytes;
};

static int summary_cmp(const void *a, const void *b)
{
	const struct slab_summary_row *x = a, *y = b;

	return x->bytes < y->bytes ? 1 : x->bytes > y->bytes ? -1 : 0;
}

/* A slabtop-like summary: the caches holding slab pages, largest first (at most 64 shown). */
void slab_summary_show(void)
{
	struct slab_summary_row rows[64];
	unsigned int nr = 0, total_caches = 0, empty = 0;
	unsigned long total = 0;
	struct kmem_cache *s;
	struct slabinfo si;

	for_each_kmem_cache(s) {
		unsigned long bytes;

		get_slabinfo(s, &si);
		bytes = si.num_slabs * (PAGE_SIZE << si.cache_order);
		total += bytes;
		total_caches++;
		if (!bytes) {
			empty++;
		} else if (nr < ARRAY_SIZE(rows)) {
			rows[nr++] = (struct slab_summary_row){ s, bytes };
		} else {
			sort(rows, nr, sizeof(rows[0]), summary_cmp);
			if (bytes > rows[nr - 1].bytes)
				rows[nr - 1] = (struct slab_summary_row){ s, bytes };
		}
	}
	sort(rows, nr, sizeof(rows[0]), summary_cmp);
	pr_info("efimm: slab caches: %u (%u without slabs), slab memory %luK, large kmalloc %luK; by size:\n",
		total_caches, empty, total >> 10, kmalloc_large_pages << (PAGE_SHIFT - 10));
	pr_info("  %-17s %8s %8s %7s %5s %8s\n", "NAME", "OBJS", "ACTIVE", "OBJSIZE", "ORDER", "SIZE");
	for (unsigned int i = 0; i < nr; i++) {
		get_slabinfo(rows[i].s, &si);
		pr_info("  %-17s %8lu %8lu %7u %5u %7luK\n", rows[i].s->name, si.num_objs, si.active_objs,
			      rows[i].s->size, si.cache_order, rows[i].bytes >> 10);
	}
}
