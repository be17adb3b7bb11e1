/*
 * Nodes and zones (include/linux/mmzone.h), x86_64 as Debian builds it:
 * ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_MOVABLE and ZONE_DEVICE.
 */
#ifndef _LINUX_MMZONE_H
#define _LINUX_MMZONE_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/memblock.h>
#include <linux/nodemask.h>

#define MAX_PAGE_ORDER 10
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)
#define pageblock_order 9
#define pageblock_nr_pages (1UL << pageblock_order)

/* x86_64 zone limits (arch/x86/include/asm/dma.h). */
#define MAX_DMA_PFN ((16UL * 1024 * 1024) >> 12)
#define MAX_DMA32_PFN (1UL << (32 - 12))

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	ZONE_DEVICE,
	__MAX_NR_ZONES
};
#define MAX_NR_ZONES __MAX_NR_ZONES

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES, /* the number of types on the pcp lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;
};

static inline bool free_area_empty(const struct free_area *area, int migratetype)
{
	return list_empty(&area->free_list[migratetype]);
}

/*
 * Per-cpu page lists (struct per_cpu_pages): orders up to
 * PAGE_ALLOC_COSTLY_ORDER one list per pcp migrate type, and with
 * TRANSPARENT_HUGEPAGE (Debian) two more for pageblock_order pages
 * (unmovable, movable). efimm runs on one CPU: one set per zone.
 */
#define PAGE_ALLOC_COSTLY_ORDER 3
#define NR_PCP_THP 2
#define NR_LOWORDER_PCP_LISTS (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS (NR_LOWORDER_PCP_LISTS + NR_PCP_THP)

/* pcp->flags: the last free was of order 1..COSTLY; keep a batch when draining high orders. */
#define PCPF_PREV_FREE_HIGH_ORDER 0x01
#define PCPF_FREE_HIGH_BATCH 0x02

struct per_cpu_pages {
	int count;      /* pages on the lists */
	int high;       /* free to the buddy above this */
	int high_min, high_max;
	int batch;      /* pages moved to or from the buddy at once */
	unsigned char flags;        /* PCPF_* */
	unsigned char alloc_factor; /* refills grow as batch << alloc_factor */
	int free_count; /* consecutive frees, sizes the next bulk free */
	struct list_head lists[NR_PCP_LISTS];
};

/* zone->flags bits (enum zone_flags); efimm sets only ZONE_BELOW_HIGH (no reclaim, no boost). */
enum zone_flags {
	ZONE_BOOSTED_WATERMARK,
	ZONE_RECLAIM_ACTIVE,
	ZONE_BELOW_HIGH, /* free pages were below the high watermark at an allocation */
};

/* Zone counters (enum zone_stat_item): only what the allocator keeps. */
enum zone_stat_item {
	NR_FREE_PAGES, /* pages on the buddy free lists (not on pcp lists) */
	NR_VM_ZONE_STAT_ITEMS
};

struct zone;

/* A zonelist: zones to try in order, ending with a NULL zone (struct zoneref). */
struct zoneref {
	struct zone *zone;
	int zone_idx;
};

struct zonelist {
	struct zoneref *_zonerefs; /* Linux embeds MAX_ZONES_PER_ZONELIST + 1; allocated to fit here */
};

enum {
	ZONELIST_FALLBACK,   /* every node, by distance */
	ZONELIST_NOFALLBACK, /* this node only (__GFP_THISNODE) */
	MAX_ZONELISTS
};

struct pglist_data;

struct zone {
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	long lowmem_reserve[MAX_NR_ZONES];
	int node;
	struct pglist_data *zone_pgdat;
	/*
	 * Migrate type bits per pageblock. Unused (NULL) in this memory model:
	 * with SPARSEMEM Linux keeps them per section (mem_section_usage).
	 */
	unsigned long *pageblock_flags;
	unsigned long zone_start_pfn;
	unsigned long managed_pages; /* pages given to the buddy allocator */
	unsigned long spanned_pages; /* end - start, holes included */
	unsigned long present_pages; /* spanned minus holes */
	const char *name;
	struct free_area free_area[NR_PAGE_ORDERS];
	/* The page allocator's (mm/page_alloc.c). */
	struct per_cpu_pages per_cpu_pageset; /* the one CPU's */
	int pageset_high_min, pageset_high_max, pageset_batch;
	unsigned long flags; /* 1UL << enum zone_flags */
	unsigned long vm_stat[NR_VM_ZONE_STAT_ITEMS];
};

static inline unsigned long zone_managed_pages(const struct zone *zone)
{
	return zone->managed_pages;
}

static inline unsigned long zone_page_state(const struct zone *zone, enum zone_stat_item item)
{
	return zone->vm_stat[item];
}

static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks w)
{
	return z->_watermark[w] + z->watermark_boost;
}
#define min_wmark_pages(z) wmark_pages(z, WMARK_MIN)
#define low_wmark_pages(z) wmark_pages(z, WMARK_LOW)
#define high_wmark_pages(z) wmark_pages(z, WMARK_HIGH)

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	int nr_zones;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
	struct zonelist node_zonelists[MAX_ZONELISTS]; /* build_all_zonelists */
	/* DEFERRED_STRUCT_PAGE_INIT: struct pages from here on wait for deferred_init_memmap. */
	unsigned long first_deferred_pfn;
} pg_data_t;

extern struct pglist_data *node_data[MAX_NUMNODES];
#define NODE_DATA(nid) (node_data[nid])

extern const char *const zone_names[MAX_NR_ZONES];

static inline unsigned long zone_end_pfn(const struct zone *zone)
{
	return zone->zone_start_pfn + zone->spanned_pages;
}

static inline bool zone_is_empty(const struct zone *zone)
{
	return zone->spanned_pages == 0;
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline unsigned long pgdat_end_pfn(const pg_data_t *pgdat)
{
	return pgdat->node_start_pfn + pgdat->node_spanned_pages;
}


static inline int zone_idx(const struct zone *zone)
{
	return (int)(zone - zone->zone_pgdat->node_zones);
}

static inline int zone_to_nid(const struct zone *zone)
{
	return zone->node;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return zone->zone_start_pfn <= pfn && pfn < zone_end_pfn(zone);
}

/*
 * SPARSEMEM (CONFIG_SPARSEMEM_EXTREME, without VMEMMAP): physical memory in
 * 128 MiB sections; each section that has RAM gets its own memmap (an array
 * of struct page) and its pageblock bits, so holes between sections cost
 * nothing. mem_section is a two-level table: roots of one page each,
 * allocated only for the parts of the address space that have sections.
 */
#define SECTION_SIZE_BITS 27
#define MAX_PHYSMEM_BITS 46
#define SECTIONS_SHIFT (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)
#define PFN_SECTION_SHIFT (SECTION_SIZE_BITS - PAGE_SHIFT)
#define NR_MEM_SECTIONS (1UL << SECTIONS_SHIFT)
#define PAGES_PER_SECTION (1UL << PFN_SECTION_SHIFT)
#define PAGE_SECTION_MASK (~(PAGES_PER_SECTION - 1))

struct mem_section_usage {
	/* NR_PAGEBLOCK_BITS per pageblock of the section (include/linux/pageblock-flags.h). */
	unsigned long pageblock_flags[1];
};

struct mem_section {
	/* The memmap minus the section's first pfn (so map + pfn is the page), and flag bits. */
	unsigned long section_mem_map;
	struct mem_section_usage *usage;
};

#define SECTIONS_PER_ROOT (PAGE_SIZE / sizeof(struct mem_section))
#define SECTION_NR_TO_ROOT(sec) ((sec) / SECTIONS_PER_ROOT)
#define NR_SECTION_ROOTS (NR_MEM_SECTIONS / SECTIONS_PER_ROOT)
#define SECTION_ROOT_MASK (SECTIONS_PER_ROOT - 1)

enum {
	SECTION_MARKED_PRESENT_BIT,
	SECTION_HAS_MEM_MAP_BIT,
	SECTION_IS_ONLINE_BIT,
	SECTION_IS_EARLY_BIT,
	SECTION_TAINT_ZONE_DEVICE_BIT,
	SECTION_MAP_LAST_BIT,
};
#define SECTION_MARKED_PRESENT (1UL << SECTION_MARKED_PRESENT_BIT)
#define SECTION_HAS_MEM_MAP (1UL << SECTION_HAS_MEM_MAP_BIT)
#define SECTION_IS_ONLINE (1UL << SECTION_IS_ONLINE_BIT)
#define SECTION_IS_EARLY (1UL << SECTION_IS_EARLY_BIT)
#define SECTION_MAP_MASK (~((1UL << SECTION_MAP_LAST_BIT) - 1))
#define SECTION_NID_SHIFT SECTION_MAP_LAST_BIT

extern struct mem_section **mem_section;
extern unsigned long __highest_present_section_nr;

static inline unsigned long pfn_to_section_nr(unsigned long pfn)
{
	return pfn >> PFN_SECTION_SHIFT;
}

static inline unsigned long section_nr_to_pfn(unsigned long sec)
{
	return sec << PFN_SECTION_SHIFT;
}

static inline struct mem_section *__nr_to_section(unsigned long nr)
{
	unsigned long root = SECTION_NR_TO_ROOT(nr);

	if (!mem_section || root >= NR_SECTION_ROOTS || !mem_section[root])
		return NULL;
	return &mem_section[root][nr & SECTION_ROOT_MASK];
}

static inline struct mem_section *__pfn_to_section(unsigned long pfn)
{
	return __nr_to_section(pfn_to_section_nr(pfn));
}

static inline int present_section(const struct mem_section *s)
{
	return s && (s->section_mem_map & SECTION_MARKED_PRESENT);
}

static inline int valid_section(const struct mem_section *s)
{
	return s && (s->section_mem_map & SECTION_HAS_MEM_MAP);
}

static inline int early_section(const struct mem_section *s)
{
	return s && (s->section_mem_map & SECTION_IS_EARLY);
}

static inline int present_section_nr(unsigned long nr)
{
	return present_section(__nr_to_section(nr));
}

static inline int valid_section_nr(unsigned long nr)
{
	return valid_section(__nr_to_section(nr));
}

/* The memmap base as stored: page of pfn is at base + pfn * sizeof(struct page). */
static inline uintptr_t __section_mem_map_addr(const struct mem_section *s)
{
	return s->section_mem_map & SECTION_MAP_MASK;
}

/*
 * pfn_valid: the pfn's section has a memmap. Boot-time ("early") sections
 * are valid over their whole span, holes inside them included, as Linux.
 */
static inline int pfn_valid(unsigned long pfn)
{
	if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
		return 0;
	return valid_section(__pfn_to_section(pfn));
}

/* The first node from nid on that has a pg_data_t, or MAX_NUMNODES. */
static inline int first_pgdat_nid(int nid)
{
	while (nid < MAX_NUMNODES && !(node_isset(nid, &node_possible_map) && NODE_DATA(nid)))
		nid++;
	return nid;
}

/* Every zone of every node that has a pg_data_t, in node order (Linux's for_each_zone). */
#define for_each_zone(zone)                                                                             \
	for (int __nid = first_pgdat_nid(0); __nid < MAX_NUMNODES; __nid = first_pgdat_nid(__nid + 1))    \
		for (zone = NODE_DATA(__nid)->node_zones; zone < NODE_DATA(__nid)->node_zones + MAX_NR_ZONES; zone++)

#endif
