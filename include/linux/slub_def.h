/*
 * SLUB's cache descriptor (include/linux/slub_def.h of Linux 6.12) and its
 * per-cpu and per-node parts (mm/slub.c's kmem_cache_cpu and
 * kmem_cache_node). A slab's own state lives in its first struct page (the
 * slab_cache/slab_list/freelist/counters view of mm_types.h), as Linux's
 * struct slab overlays struct page.
 *
 * efimm has no per-cpu allocator: the nr_cpu_ids kmem_cache_cpu structures
 * of a cache follow its node[nr_node_ids] array in the same object
 * (cpu_slab points there), so a cache is one allocation from "kmem_cache".
 */
#ifndef _LINUX_SLUB_DEF_H
#define _LINUX_SLUB_DEF_H

#include <linux/slab.h>
#include <linux/mm_types.h>

#define NR_CPUS 8192          /* Debian's CONFIG_NR_CPUS */
#define MAX_OBJS_PER_PAGE 32767 /* 15 bits of page->objects */
#define OO_SHIFT 16
#define OO_MASK ((1U << OO_SHIFT) - 1)
#define L1_CACHE_BYTES 64

/* CPUs Linux would count as possible (ACPI MADT), set by setup_nr_cpu_ids before kmem_cache_init. */
extern unsigned int nr_cpu_ids;
unsigned int setup_nr_cpu_ids(void); /* the count from the MADT */

/* The slab order and the objects per slab in one word, as Linux's oo. */
struct kmem_cache_order_objects {
	unsigned int x;
};

/* Per-cpu: the slab the fast path allocates from, and its lockless freelist. */
struct kmem_cache_cpu {
	void **freelist;   /* next free object of the cpu slab (the slab's own freelist is NULL) */
	unsigned long tid; /* transaction id, bumped on every fast-path operation */
	struct page *slab; /* the cpu slab, frozen */
	struct page *partial; /* partial slabs kept for this CPU, chained by page->next (count in ->slabs) */
	char *slab_start, *slab_end; /* its bytes: kmem_cache_free knows the slab without virt_to_page */
	unsigned long stat_alloc_fast, stat_alloc_slow, stat_free_fast, stat_free_slow;
};

/* Per-node: partial slabs, and with debugging the full ones, plus counts. */
struct kmem_cache_node {
	unsigned long nr_partial;
	struct list_head partial;
	unsigned long nr_slabs;
	unsigned long total_objects;
	struct list_head full; /* only with SLAB_STORE_USER / consistency checks, as Linux */
};

struct kmem_cache {
	struct kmem_cache_cpu *cpu_slab; /* [nr_cpu_ids], after node[] */
	slab_flags_t flags;
	unsigned long min_partial;
	unsigned int size;        /* object plus metadata, the stride in a slab */
	unsigned int object_size; /* what the user asked for */
	unsigned int offset;      /* of the free pointer in an object */
	unsigned int cpu_partial;       /* objects a CPU may keep in partial slabs (sysfs cpu_partial) */
	unsigned int cpu_partial_slabs; /* the same as a slab count: the cpu partial list's limit */
	struct kmem_cache_order_objects oo;
	struct kmem_cache_order_objects min;
	gfp_t allocflags;
	int refcount;
	void (*ctor)(void *);
	unsigned int inuse;        /* end of the object's data (free pointer and tracks follow) */
	unsigned int align;
	unsigned int red_left_pad; /* left red zone, before each object */
	const char *name;
	struct list_head list;     /* on slab_caches */
	char name_buf[32];         /* copy of a created cache's name (Linux kstrdup_const's it) */
	struct kmem_cache_node *node[]; /* [nr_node_ids] */
};

/* Bytes a cache descriptor needs for this machine (Linux: offsetof(node) + nr_node_ids pointers). */
static inline unsigned int kmem_cache_struct_size(unsigned int nodes, unsigned int cpus)
{
	unsigned int sz = (unsigned int)(sizeof(struct kmem_cache) + nodes * sizeof(struct kmem_cache_node *));

	return (unsigned int)(ALIGN(sz, 8u) + cpus * sizeof(struct kmem_cache_cpu));
}

static inline unsigned int oo_order(struct kmem_cache_order_objects x)
{
	return x.x >> OO_SHIFT;
}

static inline unsigned int oo_objects(struct kmem_cache_order_objects x)
{
	return x.x & OO_MASK;
}

#endif
