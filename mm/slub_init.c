/*
 * SLUB's geometry, bring-up and settings (from Linux 6.12's mm/slub.c):
 * calculate_order and calculate_sizes (the object layout and slab order);
 * the two boot caches made in buddy pages and then moved into objects of
 * themselves (bootstrap), the kmalloc caches, the boot line;
 * nr_cpu_ids counted from the ACPI MADT as Linux's topology code does;
 * get_slabinfo for the views; slub_min_order=, slub_max_order= and
 * slub_min_objects=; and slab_reset for the host tests.
 */
#include "slab.h"
#include <efimm/page_alloc.h>
#include <efimm/platform.h>

/* ---- sizes and orders ---- */

/* calc_slab_order: the smallest order in [min_order, max_order] wasting at most 1/fract_leftover. */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order, unsigned int max_order,
				    unsigned int fract_leftover)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)PAGE_SIZE << order;

		if (slab_size % size <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/* calculate_order: Linux's, with min_objects = 4 * (fls(nr_cpu_ids) + 1) unless slub_min_objects. */
int calculate_order(unsigned int size)
{
	unsigned int order, min_objects, max_objects, min_order;

	min_objects = slub_min_objects;
	if (!min_objects)
		min_objects = 4 * (unsigned int)(slab_fls(nr_cpu_ids) + 1);
	max_objects = max(order_objects(slub_max_order, size), 1U);
	min_objects = min(min_objects, max_objects);
	min_order = max(slub_min_order, slab_get_order((unsigned long)min_objects * size));
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return (int)slab_get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;
	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		order = calc_slab_order(size, min_order, slub_max_order, fraction);
		if (order <= slub_max_order)
			return (int)order;
	}
	order = slab_get_order(size);
	return order <= MAX_PAGE_ORDER ? (int)order : -1;
}

static struct kmem_cache_order_objects oo_make(unsigned int order, unsigned int size)
{
	struct kmem_cache_order_objects x = { (order << OO_SHIFT) + order_objects(order, size) };

	return x;
}

/* calculate_sizes: the object layout (free pointer, tracks, red zones) and the slab order. */
int calculate_sizes(struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = ALIGN(s->object_size, (unsigned int)sizeof(void *));
	int order;

	if ((flags & SLAB_POISON) && !(flags & SLAB_TYPESAFE_BY_RCU) && !s->ctor)
		s->flags |= __OBJECT_POISON;
	else
		s->flags &= ~__OBJECT_POISON;
	/* a word of right red zone when alignment left no room */
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += sizeof(void *);
	s->inuse = size;
	if ((flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)) || s->ctor ||
	    ((flags & SLAB_RED_ZONE) && (s->object_size < sizeof(void *) || slub_debug_orig_size(s)))) {
		s->offset = size; /* the object's bytes matter while free: the pointer goes after */
		size += sizeof(void *);
	} else {
		s->offset = ALIGN_DOWN(s->object_size / 2, (unsigned int)sizeof(void *));
	}
	if (flags & SLAB_STORE_USER) {
		size += 2 * sizeof(struct track);
		if (flags & SLAB_KMALLOC)
			size += sizeof(unsigned long); /* orig_size */
	}
	s->red_left_pad = 0;
	if (flags & SLAB_RED_ZONE) {
		size += sizeof(void *);
		s->red_left_pad = ALIGN((unsigned int)sizeof(void *), s->align);
		size += s->red_left_pad;
	}
	size = ALIGN(size, s->align);
	s->size = size;
	order = calculate_order(size);
	if (order < 0)
		return 0;
	s->allocflags = __GFP_COMP;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->oo = oo_make((unsigned int)order, size);
	s->min = oo_make(slab_get_order(size), size);
	return !!oo_objects(s->oo);
}

/* bootstrap: move a boot-time cache into an object of kmem_cache, repointing its slabs. */
static struct kmem_cache *bootstrap(struct kmem_cache *static_cache)
{
	struct kmem_cache *s = kmem_cache_zalloc(kmem_cache, GFP_NOWAIT);
	struct kmem_cache_node *n;
	struct list_head *pos;
	int nid;

	if (!s)
		return NULL;
	flush_all(static_cache);
	memcpy(s, static_cache, kmem_cache->object_size);
	s->cpu_slab = (struct kmem_cache_cpu *)((char *)s + kmem_cache_struct_size(nr_node_ids, 0));
	for_each_kmem_cache_node(s, nid, n) {
		list_for_each(pos, &n->partial)
			list_entry(pos, struct page, slab_list)->slab_cache = s;
		list_for_each(pos, &n->full)
			list_entry(pos, struct page, slab_list)->slab_cache = s;
	}
	list_add(&s->list, &slab_caches);
	return s;
}

static u32 madt_le(const u8 *p, int n)
{
	u32 v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/*
 * setup_nr_cpu_ids: the possible CPUs as Linux counts them from the ACPI
 * MADT (acpi_parse_lapic / acpi_parse_x2apic, then the topology code):
 * every local APIC and x2APIC entry that is enabled, or that could be
 * onlined later (online-capable from MADT revision 5, any entry before),
 * with distinct APIC ids, at most NR_CPUS. No MADT: one CPU.
 */
unsigned int setup_nr_cpu_ids(void)
{
	static u32 ids[256];
	unsigned int count = 0, nids = 0;
	size_t len = 0;
	const u8 *t = platform_acpi_table("APIC", &len);
	bool online_capable_defined;

	if (!t || len < 44)
		return 1;
	len = min(len, (size_t)madt_le(t + 4, 4));
	online_capable_defined = t[8] >= 5;
	for (size_t off = 44; off + 2 <= len && t[off + 1] >= 2 && off + t[off + 1] <= len; off += t[off + 1]) {
		const u8 *e = t + off;
		u32 id, flags;
		bool dup = false;

		if (e[0] == 0 && e[1] >= 8) {
			id = e[3];
			flags = madt_le(e + 4, 4);
			if (id == 0xff)
				continue;
		} else if (e[0] == 9 && e[1] >= 16) {
			id = madt_le(e + 4, 4);
			flags = madt_le(e + 8, 4);
			if (id == 0xffffffffu)
				continue;
		} else {
			continue;
		}
		if (!(flags & 1) && online_capable_defined && !(flags & 2))
			continue; /* acpi_is_processor_usable: never onlined */
		for (unsigned int i = 0; i < nids; i++)
			dup |= ids[i] == id;
		if (dup)
			continue; /* topology_register_apic refuses a duplicate APIC id */
		if (nids < ARRAY_SIZE(ids))
			ids[nids++] = id;
		count++;
	}
	return clamp(count, 1u, (unsigned int)NR_CPUS);
}

/* Linux's cache_line_size() on x86: 64. */
#define cache_line_size() L1_CACHE_BYTES

void kmem_cache_init(void)
{
	unsigned int boot_size;
	char *boot;

	if (slab_state != DOWN)
		return;
	if (!nr_cpu_ids)
		nr_cpu_ids = setup_nr_cpu_ids();
	boot_size = kmem_cache_struct_size(nr_node_ids, nr_cpu_ids);
	/* the two boot caches live in buddy pages until they can be objects of themselves */
	boot = alloc_pages_exact(2 * boot_size, GFP_NOWAIT | __GFP_ZERO);
	if (!boot) {
		pr_err("SLUB: no memory for the boot caches\n");
		return;
	}
	kmem_cache_node = (struct kmem_cache *)boot;
	kmem_cache = (struct kmem_cache *)(boot + boot_size);
	if (!create_boot_cache(kmem_cache_node, "kmem_cache_node", sizeof(struct kmem_cache_node),
			       SLAB_HWCACHE_ALIGN | SLAB_NO_OBJ_EXT))
		goto fail;
	slab_state = PARTIAL;
	if (!create_boot_cache(kmem_cache, "kmem_cache", kmem_cache_struct_size(nr_node_ids, nr_cpu_ids),
			       SLAB_HWCACHE_ALIGN | SLAB_NO_OBJ_EXT))
		goto fail;
	kmem_cache = bootstrap(kmem_cache);
	if (!kmem_cache)
		goto fail;
	kmem_cache_node = bootstrap((struct kmem_cache *)boot);
	if (!kmem_cache_node)
		goto fail;
	free_pages_exact(boot, 2 * boot_size);
	setup_kmalloc_cache_index_table();
	create_kmalloc_caches();
	slab_state = UP;
	pr_info("SLUB: HWalign=%d, Order=%u-%u, MinObjects=%u, CPUs=%u, Nodes=%u\n", cache_line_size(),
		slub_min_order, slub_max_order, slub_min_objects, nr_cpu_ids, nr_node_ids);
	return;
fail:
	pr_err("SLUB: bring-up failed: no memory for the boot caches\n");
	slab_state = DOWN;
	kmem_cache = kmem_cache_node = NULL;
}

/* kmem_cache_init_late / slab_sysfs_init: nothing to start on one CPU; the state becomes FULL. */
void kmem_cache_init_late(void)
{
	if (slab_state == UP)
		slab_state = FULL;
}

bool slab_is_available(void)
{
	return slab_state >= UP;
}

/* The slab view of a cache for efimm's views: every slab, cpu ones included. */
void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo)
{
	unsigned long nr_slabs = 0, nr_objs = 0, nr_free = 0;
	struct kmem_cache_node *n;
	struct list_head *pos;
	int nid;

	memset(sinfo, 0, sizeof(*sinfo));
	for_each_kmem_cache_node(s, nid, n) {
		nr_slabs += n->nr_slabs;
		nr_objs += n->total_objects;
		list_for_each(pos, &n->partial) {
			struct page *slab = list_entry(pos, struct page, slab_list);

			nr_free += slab->objects - slab->inuse;
		}
	}
	sinfo->active_objs = nr_objs - nr_free;
	sinfo->num_objs = nr_objs;
	sinfo->active_slabs = nr_slabs;
	sinfo->num_slabs = nr_slabs;
	sinfo->objects_per_slab = oo_objects(s->oo);
	sinfo->cache_order = oo_order(s->oo);
}

/* Tests: forget every cache; the fake machine and its pages are rebuilt around a new bring-up. */
void slab_reset(void)
{
	INIT_LIST_HEAD(&slab_caches);
	slab_state = DOWN;
	kmem_cache = kmem_cache_node = NULL;
	memset(kmalloc_caches, 0, sizeof(kmalloc_caches));
	slab_pages_in_use = 0;
	kmalloc_large_pages = 0;
	nr_cpu_ids = 0;
	slub_min_order = 0;
	slub_max_order = 3;
	slub_min_objects = 0;
	slub_debug = 0;
	slub_debug_string = NULL;
	disable_higher_order_debug = 0;
	slub_debug_errors = 0;
	slub_debug_reset();
}

/* slub_min_order= / slub_max_order= / slub_min_objects= (and the slab_* spellings of 6.12). */
static int parse_uint_param(const char *name, const char *val, unsigned int max, unsigned int *out)
{
	unsigned long v = 0;
	const char *p = val;

	if (!val || !*val)
		goto bad;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			goto bad;
	}
	*out = (unsigned int)v;
	return 0;
bad:
	pr_warn("%s=%s: expected a number from 0 to %u\n", name, val ? val : "", max);
	return -1;
}

/* setup_slub_min_order: raises slub_max_order with it, as Linux. */
int setup_slub_min_order(const char *val)
{
	if (parse_uint_param("slub_min_order", val, MAX_PAGE_ORDER, &slub_min_order))
		return -1;
	if (slub_min_order > slub_max_order)
		slub_max_order = slub_min_order;
	return 0;
}

/* setup_slub_max_order: clamped to MAX_PAGE_ORDER, lowers slub_min_order with it, as Linux. */
int setup_slub_max_order(const char *val)
{
	if (parse_uint_param("slub_max_order", val, 1000000, &slub_max_order))
		return -1;
	slub_max_order = min(slub_max_order, (unsigned int)MAX_PAGE_ORDER);
	if (slub_min_order > slub_max_order)
		slub_min_order = slub_max_order;
	return 0;
}

int setup_slub_min_objects(const char *val)
{
	return parse_uint_param("slub_min_objects", val, MAX_OBJS_PER_PAGE, &slub_min_objects);
}
