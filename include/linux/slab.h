/*
 * The slab allocator's API (include/linux/slab.h of Linux 6.12): object
 * caches (kmem_cache_*) and kmalloc over the SLUB allocator in mm/slub.c.
 * Flag values follow Linux's enum _slab_flag_bits for Debian's config
 * (MEMCG and KFENCE on; DEBUG_OBJECTS, FAILSLAB and KASAN off), so a flags
 * word printed here reads as in a kernel log. At the end, efimm's extras:
 * validation, the /proc/slabinfo view and iteration over the caches, for
 * the tests, the console and the boot self-test.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/list.h>

typedef unsigned int slab_flags_t;

enum _slab_flag_bits {
	_SLAB_CONSISTENCY_CHECKS,
	_SLAB_RED_ZONE,
	_SLAB_POISON,
	_SLAB_KMALLOC,
	_SLAB_HWCACHE_ALIGN,
	_SLAB_CACHE_DMA,
	_SLAB_CACHE_DMA32,
	_SLAB_STORE_USER,
	_SLAB_PANIC,
	_SLAB_TYPESAFE_BY_RCU,
	_SLAB_TRACE,
	_SLAB_NOLEAKTRACE,
	_SLAB_NO_MERGE,
	_SLAB_ACCOUNT,
	_SLAB_NO_USER_FLAGS,
	_SLAB_SKIP_KFENCE,
	_SLAB_RECLAIM_ACCOUNT,
	_SLAB_OBJECT_POISON,
	_SLAB_CMPXCHG_DOUBLE,
	_SLAB_NO_OBJ_EXT,
	_SLAB_FLAGS_LAST_BIT
};

#define __SLAB_FLAG_BIT(nr) ((slab_flags_t)(1U << (nr)))

#define SLAB_CONSISTENCY_CHECKS __SLAB_FLAG_BIT(_SLAB_CONSISTENCY_CHECKS) /* F */
#define SLAB_RED_ZONE __SLAB_FLAG_BIT(_SLAB_RED_ZONE)                     /* Z */
#define SLAB_POISON __SLAB_FLAG_BIT(_SLAB_POISON)                         /* P */
#define SLAB_KMALLOC __SLAB_FLAG_BIT(_SLAB_KMALLOC)
#define SLAB_HWCACHE_ALIGN __SLAB_FLAG_BIT(_SLAB_HWCACHE_ALIGN)
#define SLAB_CACHE_DMA __SLAB_FLAG_BIT(_SLAB_CACHE_DMA)
#define SLAB_CACHE_DMA32 __SLAB_FLAG_BIT(_SLAB_CACHE_DMA32)
#define SLAB_STORE_USER __SLAB_FLAG_BIT(_SLAB_STORE_USER) /* U */
#define SLAB_PANIC __SLAB_FLAG_BIT(_SLAB_PANIC)
#define SLAB_TYPESAFE_BY_RCU __SLAB_FLAG_BIT(_SLAB_TYPESAFE_BY_RCU)
#define SLAB_TRACE __SLAB_FLAG_BIT(_SLAB_TRACE) /* T */
#define SLAB_NOLEAKTRACE __SLAB_FLAG_BIT(_SLAB_NOLEAKTRACE)
#define SLAB_NO_MERGE __SLAB_FLAG_BIT(_SLAB_NO_MERGE)
#define SLAB_ACCOUNT __SLAB_FLAG_BIT(_SLAB_ACCOUNT)
#define SLAB_NO_USER_FLAGS __SLAB_FLAG_BIT(_SLAB_NO_USER_FLAGS)
#define SLAB_SKIP_KFENCE __SLAB_FLAG_BIT(_SLAB_SKIP_KFENCE)
#define SLAB_RECLAIM_ACCOUNT __SLAB_FLAG_BIT(_SLAB_RECLAIM_ACCOUNT)
#define SLAB_TEMPORARY SLAB_RECLAIM_ACCOUNT
#define SLAB_OBJECT_POISON __SLAB_FLAG_BIT(_SLAB_OBJECT_POISON) /* internal: poisoned objects */
#define SLAB_NO_OBJ_EXT __SLAB_FLAG_BIT(_SLAB_NO_OBJ_EXT)

/* What ZERO_SIZE_PTR is: kmalloc(0) returns it; kfree and ksize accept it. */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/* x86_64: kmalloc objects are at least 8-byte aligned; power-of-two sizes are naturally aligned. */
#define ARCH_KMALLOC_MINALIGN __alignof__(unsigned long long)
#define ARCH_SLAB_MINALIGN __alignof__(unsigned long long)
#define KMALLOC_SHIFT_LOW 3
#define KMALLOC_SHIFT_HIGH (PAGE_SHIFT + 1)
#define KMALLOC_SHIFT_MAX (MAX_PAGE_ORDER + PAGE_SHIFT)
#define KMALLOC_MIN_SIZE (1 << KMALLOC_SHIFT_LOW)
#define KMALLOC_MAX_SIZE (1UL << KMALLOC_SHIFT_MAX)
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_ORDER (KMALLOC_SHIFT_MAX - PAGE_SHIFT)
#define SLAB_OBJ_MIN_SIZE (KMALLOC_MIN_SIZE < 16 ? KMALLOC_MIN_SIZE : 16)

/* Linux's NUMA_NO_NODE: any node. */
#ifndef NUMA_NO_NODE
#define NUMA_NO_NODE (-1)
#endif

struct kmem_cache;

/* Caches. */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *s);
int kmem_cache_shrink(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags);
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t flags, int node);
void kmem_cache_free(struct kmem_cache *s, void *objp);
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t size, void **p);
void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p);
unsigned int kmem_cache_size(struct kmem_cache *s);

static inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags)
{
	return kmem_cache_alloc(s, flags | __GFP_ZERO);
}

#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif

/*
 * kmalloc caches: index = log2 of the size, plus 1 (96) and 2 (192); one
 * set per type, Linux's enum kmalloc_cache_type for Debian's config
 * (ZONE_DMA and MEMCG on, no random caches): kmalloc-N, kmalloc-rcl-N
 * (__GFP_RECLAIMABLE), dma-kmalloc-N (GFP_DMA), kmalloc-cg-N (__GFP_ACCOUNT).
 */
#define KMALLOC_CACHES (KMALLOC_SHIFT_HIGH + 1)
enum kmalloc_cache_type { KMALLOC_NORMAL, KMALLOC_RECLAIM, KMALLOC_DMA, KMALLOC_CGROUP, NR_KMALLOC_TYPES };
extern struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_CACHES];

/* kmalloc_type: which set a request's flags select, as Linux's. */
static __always_inline enum kmalloc_cache_type kmalloc_type(gfp_t flags)
{
	if (likely(!(flags & (__GFP_RECLAIMABLE | __GFP_DMA | __GFP_ACCOUNT))))
		return KMALLOC_NORMAL;
	if (flags & __GFP_DMA)
		return KMALLOC_DMA;
	if (flags & __GFP_RECLAIMABLE)
		return KMALLOC_RECLAIM;
	return KMALLOC_CGROUP;
}

/*
 * __kmalloc_index: the smallest class holding size (the log2 ones, with 96
 * and 192); folds to a constant for a constant size. 0 for 0.
 */
static __always_inline unsigned int kmalloc_index(size_t size)
{
	if (!size)
		return 0;
	if (size <= KMALLOC_MIN_SIZE)
		return KMALLOC_SHIFT_LOW;
	if (size > 64 && size <= 96)
		return 1;
	if (size > 128 && size <= 192)
		return 2;
	return (unsigned int)(64 - __builtin_clzl(size - 1));
}

/* kmalloc and friends. */
void *__kmalloc(size_t size, gfp_t flags);                                /* any size */
void *__kmalloc_cache(struct kmem_cache *s, gfp_t flags, size_t size);    /* from the cache kmalloc chose */
void *kmalloc_node(size_t size, gfp_t flags, int node);

/*
 * kmalloc: a constant size picks its cache at compile time, as Linux's
 * (kmalloc_index, kmalloc_type), and goes straight to the allocation;
 * any other size goes through __kmalloc's table lookup.
 */
static __always_inline void *kmalloc(size_t size, gfp_t flags)
{
	if (__builtin_constant_p(size) && size && size <= KMALLOC_MAX_CACHE_SIZE)
		return __kmalloc_cache(kmalloc_caches[kmalloc_type(flags)][kmalloc_index(size)], flags, size);
	return __kmalloc(size, flags);
}
void *krealloc(const void *p, size_t new_size, gfp_t flags);
void kfree(const void *objp);
size_t ksize(const void *objp);

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

static inline void *kzalloc_node(size_t size, gfp_t flags, int node)
{
	return kmalloc_node(size, flags | __GFP_ZERO, node);
}

/* kmalloc_array: NULL when n * size overflows, as Linux's check_mul_overflow path. */
static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, flags);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	return kmalloc_array(n, size, flags | __GFP_ZERO);
}

/* kmalloc_size_roundup: the size kmalloc would really give for a request. */
size_t kmalloc_size_roundup(size_t size);

/* Bring-up (mm/slub.c): kmem_cache_init after the buddy allocator, then kmem_cache_init_late. */
void kmem_cache_init(void);
void kmem_cache_init_late(void);
bool slab_is_available(void);

/*
 * efimm's extras.
 * kmem_cache_validate: walk every slab of the cache (partial, full and
 * per-cpu), check each object as Linux's validate_slab_cache does, and
 * return the number of errors found (0: clean), or -1 for NULL.
 * Errors are reported in Linux's BUG/INFO/FIX format and fixed up.
 */
long kmem_cache_validate(struct kmem_cache *s);
/* validate every cache; returns the total number of errors. */
long kmem_cache_validate_all(void);

/* Linux's struct slabinfo (mm/slab.h) and get_slabinfo: one cache's /proc/slabinfo numbers. */
struct slabinfo {
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned long active_slabs;
	unsigned long num_slabs;
	unsigned long shared_avail;
	unsigned int limit;
	unsigned int batchcount;
	unsigned int shared;
	unsigned int objects_per_slab;
	unsigned int cache_order;
};
void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo);
const char *kmem_cache_name(const struct kmem_cache *s);
unsigned int kmem_cache_objsize(const struct kmem_cache *s); /* s->size: object + metadata */

/* Iterate over the caches, newest first as Linux's slab_caches list: first(NULL-safe), next. */
struct kmem_cache *kmem_cache_first(void);
struct kmem_cache *kmem_cache_next(struct kmem_cache *s);
#define for_each_kmem_cache(s) for ((s) = kmem_cache_first(); (s); (s) = kmem_cache_next(s))

/* /proc/slabinfo (version 2.1) on the console, and a per-cache summary sorted by memory use. */
struct seq_file;
void slabinfo_seq_show(struct seq_file *m); /* the same text into a seq_file (linux/vmstat.h) */
void slabinfo_show(void);
void slab_summary_show(void);

/* Pages currently held by slab caches, and by large kmalloc (compound pages from the buddy). */
unsigned long slab_nr_pages(void);
unsigned long kmalloc_large_nr_pages(void);

/* Command-line options (lib/params.c): slub_debug=, slub_min_order=, slub_max_order=, slub_min_objects=. */
int setup_slub_debug(const char *val);
int setup_slub_min_order(const char *val);
int setup_slub_max_order(const char *val);
int setup_slub_min_objects(const char *val);

/* The kmalloc cache a request of size bytes is served from (NULL above KMALLOC_MAX_CACHE_SIZE). */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t flags);

#endif
