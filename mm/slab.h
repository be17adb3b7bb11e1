/*
 * What mm/slub.c, mm/slub_init.c, mm/slab_common.c and mm/slub_debug.c
 * share (Linux's mm/slab.h and the debugging half of mm/slub.c): the cache
 * list, the bring-up state, the kmalloc caches, the slab <-> page helpers,
 * the free pointer and the debugging hooks. Host tests include it too.
 */
#ifndef _MM_SLAB_H
#define _MM_SLAB_H

#include <linux/slub_def.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/poison.h>

#define _RET_IP_ ((unsigned long)__builtin_return_address(0))
#ifndef noinline
#define noinline __attribute__((__noinline__)) /* slab files only: never write __attribute__((noinline)) here */
#endif

#define __OBJECT_POISON SLAB_OBJECT_POISON
#define DEBUG_DEFAULT_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
#define SLAB_DEBUG_FLAGS (DEBUG_DEFAULT_FLAGS | SLAB_TRACE)

/* fls, ilog2 and get_order as Linux's (bitops.h, log2.h, getorder.h). */
static inline int slab_fls(unsigned long x)
{
	return x ? 64 - __builtin_clzl(x) : 0;
}

static inline unsigned int slab_ilog2(unsigned long x)
{
	return (unsigned int)(slab_fls(x) - 1);
}

static inline unsigned int slab_get_order(unsigned long size)
{
	return size <= PAGE_SIZE ? 0 : (unsigned int)slab_fls((size - 1) >> PAGE_SHIFT);
}

/* Bring-up state, as Linux's enum slab_state. */
enum slab_state { DOWN, PARTIAL, UP, FULL };
extern enum slab_state slab_state;
extern struct list_head slab_caches;
extern struct kmem_cache *kmem_cache;      /* the cache of kmem_cache descriptors */
extern struct kmem_cache *kmem_cache_node; /* the cache of kmem_cache_node */

/* The kmalloc caches (kmalloc_caches, kmalloc_type) are in include/linux/slab.h, as Linux's. */
struct kmalloc_info_struct {
	const char *name[NR_KMALLOC_TYPES];
	unsigned int size;
};

extern const struct kmalloc_info_struct kmalloc_info[KMALLOC_CACHES];
extern u8 kmalloc_size_index[24];

static inline unsigned int size_index_elem(unsigned int bytes)
{
	return (bytes - 1) / 8;
}

/*
 * kmalloc_slab's lookup, inline for kmalloc (Linux's is in mm/slab.h too):
 * the size_index table up to 192 bytes, fls above. 0 < size <=
 * KMALLOC_MAX_CACHE_SIZE; NULL while the cache is not created yet.
 */
static inline struct kmem_cache *__kmalloc_slab(size_t size, gfp_t flags)
{
	unsigned int index;

	if (size <= 192)
		index = kmalloc_size_index[size_index_elem((unsigned int)size)];
	else
		index = (unsigned int)slab_fls(size - 1);
	if (likely(!(flags & (__GFP_RECLAIMABLE | __GFP_DMA | __GFP_ACCOUNT))))
		return kmalloc_caches[KMALLOC_NORMAL][index]; /* kmalloc_type's common case, no multiply */
	return kmalloc_caches[kmalloc_type(flags)][index];
}
void setup_kmalloc_cache_index_table(void);
void create_kmalloc_caches(void);

/* Tunables (lib/params.c rows): slub_min_order, slub_max_order, slub_min_objects. */
extern unsigned int slub_min_order;
extern unsigned int slub_max_order;
extern unsigned int slub_min_objects;
extern unsigned long kmalloc_large_pages; /* pages now held by large kmalloc */

/* The slab words of struct page sit where Linux 6.12's struct slab puts them (x86_64). */
_Static_assert(offsetof(struct page, slab_cache) == 8, "slab_cache overlays word 1, as Linux's struct slab");
_Static_assert(offsetof(struct page, slab_list) == 16, "slab_list overlays words 2-3");
_Static_assert(offsetof(struct page, freelist) == 32, "freelist overlays word 4");
_Static_assert(offsetof(struct page, counters) == 40, "counters overlay word 5");

/* The slab (head page) of an object, and its geometry. */
static inline struct page *virt_to_slab(const void *addr)
{
	struct page *page = __virt_to_page(addr);

	if (!page)
		return NULL; /* not RAM efimm manages */
	page = compound_head(page);
	return PageSlab(page) ? page : NULL;
}

static inline void *slab_address(const struct page *slab)
{
	return page_address(slab);
}

static inline unsigned int slab_order(const struct page *slab)
{
	return compound_order(slab);
}

static inline size_t slab_size(const struct page *slab)
{
	return PAGE_SIZE << slab_order(slab);
}

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)(((unsigned long)PAGE_SIZE << order) / size);
}

static inline struct kmem_cache_node *get_node(struct kmem_cache *s, int node)
{
	return s->node[node];
}

#define for_each_kmem_cache_node(s, nid, n)                                                          \
	for ((nid) = 0; (nid) < (int)nr_node_ids; (nid)++)                                           \
		if (((n) = get_node((s), (nid))))

/*
 * The free pointer is stored in the object at s->offset (no hardening: plain
 * pointer). __builtin_memcpy: one move even in the EFI build, whose
 * -fno-builtin would make memcpy a call on every fast-path alloc and free.
 */
static inline void *get_freepointer(struct kmem_cache *s, void *object)
{
	void *p;

	__builtin_memcpy(&p, (char *)object + s->offset, sizeof(p));
	return p;
}

static inline void set_freepointer(struct kmem_cache *s, void *object, void *fp)
{
	__builtin_memcpy((char *)object + s->offset, &fp, sizeof(fp));
}

static inline bool freeptr_outside_object(struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

/* The end of the object's info: the free pointer when it sits outside the object, else inuse. */
static inline unsigned int get_info_end(struct kmem_cache *s)
{
	return freeptr_outside_object(s) ? s->inuse + (unsigned int)sizeof(void *) : s->inuse;
}

static inline bool kmem_cache_debug(struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

/* kmalloc redzoning: the requested size is stored after the tracks (Z and U on a kmalloc cache). */
static inline bool slub_debug_orig_size(struct kmem_cache *s)
{
	return (s->flags & SLAB_KMALLOC) && (s->flags & SLAB_STORE_USER) && (s->flags & SLAB_RED_ZONE);
}

/* The object's start from a pointer into a slab (the left red zone counts as before it). */
static inline void *fixup_red_left(struct kmem_cache *s, void *p)
{
	if (s->flags & SLAB_RED_ZONE)
		p = (char *)p + s->red_left_pad;
	return p;
}

static inline bool check_valid_pointer(struct kmem_cache *s, struct page *slab, void *object)
{
	char *base;

	if (!object)
		return true;
	base = slab_address(slab);
	object = (char *)object - ((s->flags & SLAB_RED_ZONE) ? s->red_left_pad : 0);
	if ((char *)object < base || (char *)object >= base + (size_t)slab->objects * s->size ||
	    ((char *)object - base) % s->size)
		return false;
	return true;
}

/* Track of the last alloc and free (SLAB_STORE_USER): caller address, cpu, pid, time. */
enum track_item { TRACK_ALLOC, TRACK_FREE };
struct track { /* Linux's layout with STACKDEPOT (32 bytes), so U sizes match */
	unsigned long addr;
	u32 handle; /* no stack depot: always 0 */
	int cpu;
	int pid;
	unsigned long when;
};

/* mm/slub_debug.c */
extern slab_flags_t slub_debug;
extern char *slub_debug_string;
extern int disable_higher_order_debug;
slab_flags_t kmem_cache_flags(slab_flags_t flags, const char *name);
void setup_object_debug(struct kmem_cache *s, void *object);
void setup_slab_debug(struct kmem_cache *s, struct page *slab, void *addr);
bool alloc_debug_processing(struct kmem_cache *s, struct page *slab, void *object, unsigned int orig_size,
			    unsigned long addr);
bool free_debug_processing(struct kmem_cache *s, struct page *slab, void *object, unsigned long addr);
int check_slab(struct kmem_cache *s, struct page *slab);
void slab_err(struct kmem_cache *s, struct page *slab, const char *fmt, ...) __printf(3, 4);
void slab_fix(struct kmem_cache *s, const char *fmt, ...) __printf(2, 3);
void object_err(struct kmem_cache *s, struct page *slab, u8 *object, const char *reason);
void print_tracking(struct kmem_cache *s, void *object);
void list_slab_objects(struct kmem_cache *s, struct page *slab);
unsigned int get_orig_size(struct kmem_cache *s, void *object);
void skip_orig_size_check(struct kmem_cache *s, const void *object);
long validate_slab_cache(struct kmem_cache *s);
extern unsigned long slub_debug_errors; /* reports so far (validate's count, tests) */
void slab_reset(void); /* tests: forget every cache (the fake machine is rebuilt) */
void slub_debug_reset(void); /* the taint and the track clock back to zero */
void slub_taint_warn(void);  /* a WARN outside slub_debug.c (wrong cache, destroy with objects) */

/* mm/slub.c, for slab_common.c */
void flush_all(struct kmem_cache *s);
int calculate_order(unsigned int size);
int calculate_sizes(struct kmem_cache *s); /* 0 when no order fits */
int __kmem_cache_create(struct kmem_cache *s, const char *name, unsigned int size, unsigned int align,
			slab_flags_t flags, void (*ctor)(void *));
int __kmem_cache_shutdown(struct kmem_cache *s);
void __kmem_cache_release(struct kmem_cache *s);
struct kmem_cache *create_boot_cache(struct kmem_cache *s, const char *name, unsigned int size,
				     slab_flags_t flags);
extern unsigned long slab_pages_in_use; /* pages held by slab caches now */

/* mm/slab_common.c, for kmalloc and kfree in mm/slub.c */
void *kmalloc_large_node(size_t size, gfp_t flags, int node);
void free_large_kmalloc(struct page *page, const void *object);

#endif
