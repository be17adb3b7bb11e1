/*
 * memblock: the boot-time memory allocator, with Linux 6.12's API, struct
 * layout and behaviour (include/linux/memblock.h), so code written against
 * Linux's memblock compiles and behaves the same here.
 */
#ifndef _LINUX_MEMBLOCK_H
#define _LINUX_MEMBLOCK_H

#include <linux/types.h>

#define INIT_MEMBLOCK_REGIONS 128
#define INIT_MEMBLOCK_RESERVED_REGIONS INIT_MEMBLOCK_REGIONS
#define INIT_MEMBLOCK_MEMORY_REGIONS INIT_MEMBLOCK_REGIONS

#ifndef MAX_NUMNODES
#define MAX_NUMNODES (1 << 10) /* Debian's amd64 kernel: CONFIG_NODES_SHIFT=10 */
#endif
#define NUMA_NO_NODE (-1)

#define PHYS_ADDR_MAX (~(phys_addr_t)0)
#define SMP_CACHE_BYTES 64

/* Allocation limits, as Linux's. */
#define MEMBLOCK_ALLOC_ANYWHERE (~(phys_addr_t)0)
#define MEMBLOCK_ALLOC_ACCESSIBLE 0
#define MEMBLOCK_ALLOC_NOLEAKTRACE 1
#define MEMBLOCK_LOW_LIMIT 0
#define ARCH_LOW_ADDRESS_LIMIT 0xffffffffUL

enum memblock_flags {
	MEMBLOCK_NONE = 0x0,
	MEMBLOCK_HOTPLUG = 0x1,
	MEMBLOCK_MIRROR = 0x2,
	MEMBLOCK_NOMAP = 0x4,
	MEMBLOCK_DRIVER_MANAGED = 0x8,
	MEMBLOCK_RSRV_NOINIT = 0x10,
};

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	enum memblock_flags flags;
	int nid;
};

struct memblock_type {
	unsigned long cnt;
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region *regions;
	char *name;
};

struct memblock {
	bool bottom_up;
	phys_addr_t current_limit;
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;
extern int memblock_debug;

/* Back to the state before the first add (both arrays static, 128 entries, nothing resizable). */
void memblock_reset(void);

int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid, enum memblock_flags flags);
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_remove(phys_addr_t base, phys_addr_t size);
int memblock_phys_free(phys_addr_t base, phys_addr_t size);
void memblock_free(void *ptr, size_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size);
int memblock_clear_hotplug(phys_addr_t base, phys_addr_t size);
int memblock_mark_mirror(phys_addr_t base, phys_addr_t size);
int memblock_clear_mirror(phys_addr_t base, phys_addr_t size);
int memblock_mark_nomap(phys_addr_t base, phys_addr_t size);
int memblock_clear_nomap(phys_addr_t base, phys_addr_t size);
int memblock_reserved_mark_noinit(phys_addr_t base, phys_addr_t size);
int memblock_set_node(phys_addr_t base, phys_addr_t size, struct memblock_type *type, int nid);

void memblock_allow_resize(void);
void memblock_set_bottom_up(bool enable);
bool memblock_bottom_up(void);
void memblock_set_current_limit(phys_addr_t limit);
phys_addr_t memblock_get_current_limit(void);
void memblock_trim_memory(phys_addr_t align);
/* mirrored_kernelcore: memblock_mark_mirror does nothing unless it is set (kernelcore=mirror). */
extern bool mirrored_kernelcore;
extern bool movable_node_enabled;

bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base, phys_addr_t size);
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_map_memory(phys_addr_t addr);
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);
bool memblock_is_reserved(phys_addr_t addr);
bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size);
phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);
unsigned long memblock_estimated_nr_free_pages(void);
/* efimm: bytes of memblock's own doubled arrays (they stay reserved, as in Linux). */
phys_addr_t memblock_arrays_size(void);

/* Allocation. The phys_ variants return 0 on failure; the others NULL. */
phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align, phys_addr_t start, phys_addr_t end);
phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align, int nid);
phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align, phys_addr_t start, phys_addr_t end,
				     int nid, bool exact_nid);
void *memblock_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
				   phys_addr_t max_addr, int nid);
void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr, phys_addr_t max_addr,
				 int nid);
void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr, phys_addr_t max_addr,
			     int nid);

static inline phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_phys_alloc_range(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE);
}

static inline void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

static inline void *memblock_alloc_raw(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid_raw(size, align, MEMBLOCK_LOW_LIMIT, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

static inline void *memblock_alloc_from(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr)
{
	return memblock_alloc_try_nid(size, align, min_addr, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
}

static inline void *memblock_alloc_low(phys_addr_t size, phys_addr_t align)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT, ARCH_LOW_ADDRESS_LIMIT, NUMA_NO_NODE);
}

static inline void *memblock_alloc_node(phys_addr_t size, phys_addr_t align, int nid)
{
	return memblock_alloc_try_nid(size, align, MEMBLOCK_LOW_LIMIT, MEMBLOCK_ALLOC_ACCESSIBLE, nid);
}

/* Region helpers */
static inline int memblock_get_region_node(const struct memblock_region *r)
{
	return r->nid;
}

static inline void memblock_set_region_node(struct memblock_region *r, int nid)
{
	r->nid = nid;
}

static inline bool numa_valid_node(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES;
}

static inline bool memblock_is_hotpluggable(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_HOTPLUG;
}

static inline bool memblock_is_mirror(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_MIRROR;
}

static inline bool memblock_is_nomap(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_NOMAP;
}

static inline bool memblock_is_driver_managed(const struct memblock_region *m)
{
	return m->flags & MEMBLOCK_DRIVER_MANAGED;
}

/* Iterators */
void __next_mem_range(u64 *idx, int nid, enum memblock_flags flags, struct memblock_type *type_a,
		      struct memblock_type *type_b, phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid);
void __next_mem_range_rev(u64 *idx, int nid, enum memblock_flags flags, struct memblock_type *type_a,
			  struct memblock_type *type_b, phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid);
void __next_mem_pfn_range(int *idx, int nid, unsigned long *out_start_pfn, unsigned long *out_end_pfn,
			  int *out_nid);
void __next_reserved_mem_region(u64 *idx, phys_addr_t *out_start, phys_addr_t *out_end);

#define for_each_memblock_type(i, memblock_type, rgn)                                                   \
	for (i = 0, rgn = &(memblock_type)->regions[0]; i < (memblock_type)->cnt; i++, rgn = &(memblock_type)->regions[i])

#define for_each_mem_region(region)                                                                      \
	for (region = memblock.memory.regions; region < (memblock.memory.regions + memblock.memory.cnt); region++)

#define for_each_reserved_mem_region(region)                                                            \
	for (region = memblock.reserved.regions; region < (memblock.reserved.regions + memblock.reserved.cnt); \
	     region++)

#define __for_each_mem_range(i, type_a, type_b, nid, flags, p_start, p_end, p_nid)                      \
	for (i = 0, __next_mem_range(&i, nid, flags, type_a, type_b, p_start, p_end, p_nid); i != (u64)ULLONG_MAX; \
	     __next_mem_range(&i, nid, flags, type_a, type_b, p_start, p_end, p_nid))

#define __for_each_mem_range_rev(i, type_a, type_b, nid, flags, p_start, p_end, p_nid)                  \
	for (i = (u64)ULLONG_MAX, __next_mem_range_rev(&i, nid, flags, type_a, type_b, p_start, p_end, p_nid); \
	     i != (u64)ULLONG_MAX; __next_mem_range_rev(&i, nid, flags, type_a, type_b, p_start, p_end, p_nid))

/* Every memory range (all nodes, no NOMAP). */
#define for_each_mem_range(i, p_start, p_end)                                                            \
	__for_each_mem_range(i, &memblock.memory, NULL, NUMA_NO_NODE, MEMBLOCK_HOTPLUG | MEMBLOCK_DRIVER_MANAGED, \
			     p_start, p_end, NULL)

#define for_each_mem_range_rev(i, p_start, p_end)                                                        \
	__for_each_mem_range_rev(i, &memblock.memory, NULL, NUMA_NO_NODE,                                \
				 MEMBLOCK_HOTPLUG | MEMBLOCK_DRIVER_MANAGED, p_start, p_end, NULL)

/* Memory not reserved, optionally on one node. */
#define for_each_free_mem_range(i, nid, flags, p_start, p_end, p_nid)                                    \
	__for_each_mem_range(i, &memblock.memory, &memblock.reserved, nid, flags, p_start, p_end, p_nid)

#define for_each_free_mem_range_reverse(i, nid, flags, p_start, p_end, p_nid)                            \
	__for_each_mem_range_rev(i, &memblock.memory, &memblock.reserved, nid, flags, p_start, p_end, p_nid)

/* Page frames of memory regions, partial pages left out. */
#define for_each_mem_pfn_range(i, nid, p_start, p_end, p_nid)                                            \
	for (i = -1, __next_mem_pfn_range(&i, nid, p_start, p_end, p_nid); i >= 0;                       \
	     __next_mem_pfn_range(&i, nid, p_start, p_end, p_nid))

/* Reserved ranges, as the merged regions of memblock.reserved. */
#define for_each_reserved_mem_range(i, p_start, p_end)                                                   \
	__for_each_mem_range(i, &memblock.reserved, NULL, NUMA_NO_NODE, MEMBLOCK_NONE, p_start, p_end, NULL)

/* Dumps, printed as Linux prints them under memblock=debug. */
void memblock_dump_all(void);
void __memblock_dump_all(void);

/* Invariant checker for tests and the console: returns the number of problems found (and prints them). */
int memblock_validate(void);

/*
 * Large system hash tables (mm/hash.c; Linux declares them here too).
 * HASH_EARLY: from memblock, before the buddy allocator; HASH_ZERO: zeroed.
 */
#define HASH_EARLY 0x00000001
#define HASH_ZERO 0x00000002
extern unsigned long nr_kernel_pages, nr_all_pages; /* calc_nr_kernel_pages, at the end of free_area_init */
extern int hashdist;                                /* 1: NUMA tables allocated late (vmalloc in Linux) */
void calc_nr_kernel_pages(void);
void *alloc_large_system_hash(const char *tablename, unsigned long bucketsize, unsigned long numentries, int scale,
			      int flags, unsigned int *hash_shift, unsigned int *hash_mask, unsigned long low_limit,
			      unsigned long high_limit);
/* The number of buckets alloc_large_system_hash would choose (no allocation, no line). */
unsigned long large_system_hash_entries(unsigned long bucketsize, unsigned long numentries, int scale,
					unsigned long low_limit, unsigned long high_limit);
/* num_online_nodes() when the late tables are allocated: nodes with memory or CPUs. */
unsigned int hash_online_nodes(void);

#endif
