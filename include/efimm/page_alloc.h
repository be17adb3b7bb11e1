/*
 * efimm's side of the page allocator: what mm/page_alloc*.c share
 * (Linux's mm/internal.h pieces), the invariant checker and counters the
 * tests and the console use.
 */
#ifndef _EFIMM_PAGE_ALLOC_H
#define _EFIMM_PAGE_ALLOC_H

#include <linux/gfp.h>

/* alloc_flags (mm/internal.h): the watermark index in the low bits, then the rest. */
#define ALLOC_WMARK_MIN WMARK_MIN
#define ALLOC_WMARK_LOW WMARK_LOW
#define ALLOC_WMARK_HIGH WMARK_HIGH
#define ALLOC_NO_WATERMARKS 0x04
#define ALLOC_WMARK_MASK (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM 0x08
#define ALLOC_NON_BLOCK 0x10
#define ALLOC_MIN_RESERVE 0x20
#define ALLOC_CPUSET 0x40
#define ALLOC_CMA 0x80
#define ALLOC_NOFRAGMENT 0x100
#define ALLOC_HIGHATOMIC 0x200
#define ALLOC_KSWAPD 0x800
#define ALLOC_RESERVES (ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

/* FPI flags of __free_one_page. */
#define FPI_NONE 0
#define FPI_TO_TAIL 2

#define CONFIG_PCP_BATCH_SCALE_MAX 5
/* efimm's page type for a block on a pcp list (not Linux's: it leaves them untyped). */
#define PGTY_pcp 0xfeu
#define PAGE_TYPE_PCP (PGTY_pcp << 24)
#define HPAGE_PMD_ORDER 9

/*
 * Between mm/page_alloc.c (the buddy), mm/page_alloc_pcp.c (the per-cpu
 * lists and the fast paths: __alloc_pages, __free_pages) and
 * mm/page_alloc_api.c (the slow path, reports and helpers).
 */
struct alloc_context {
	struct zonelist *zonelist;
	struct zoneref *preferred_zoneref;
	int migratetype;
	int highest_zoneidx;
};
struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order, unsigned int alloc_flags,
				    const struct alloc_context *ac);
struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order, const struct alloc_context *ac, int preferred_nid);
void page_alloc_refuse(gfp_t gfp, unsigned int order, int preferred_nid);
bool free_pages_report_bad(const struct page *page, unsigned long pfn, unsigned int order);
void bad_page(const struct page *page, unsigned long pfn, const char *reason);
void prep_compound_page(struct page *page, unsigned int order);
struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype, unsigned int alloc_flags);
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone, unsigned int order, int migratetype,
		     int fpi_flags);
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn, unsigned int order, int fpi_flags);
void zone_pcp_reset(struct zone *zone);
void __free_pages_core(struct page *page, unsigned int order);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark, int highest_zoneidx,
		       unsigned int alloc_flags);
struct zonelist *node_zonelist(int nid, gfp_t flags);
unsigned int nr_online_nodes_count(void);
/* Set by build_all_zonelists: the online node count, and the boot CPU's node (numa_node_id). */
extern unsigned int nr_online_nodes;
extern int page_alloc_local_nid;
void free_area_reset_zone(struct zone *zone); /* empty lists and counters (tests) */
/* The `Memory: ...K/...K available (...)` banner (mm_init.c's mem_init_print_info). */
void mem_init_print_info(void);

/* Counters for tests and reports. */
struct page_alloc_stats {
	unsigned long bad_pages;     /* bad_page reports */
	unsigned long alloc_failures; /* requests no zone could satisfy */
	unsigned long steals;        /* whole pageblocks taken over by another migrate type */
};
extern struct page_alloc_stats page_alloc_stats;
/* The pfn a struct page pointer stands for, or ~0UL when it is no page of any zone. */
unsigned long page_alloc_page_pfn(const struct page *page);

/*
 * The checker (mm/page_alloc_debug.c): every free block is a PageBuddy page
 * of the order it is listed at, aligned, inside its zone, on the list of its
 * pageblock's migrate type, not mergeable with a free buddy, in one place
 * only; nr_free and NR_FREE_PAGES are exact; managed = free + pcp +
 * allocated. Returns the number of problems (each printed).
 */
int page_alloc_verify(void);
/* Pages on the pcp lists of a zone. */
unsigned long zone_pcp_pages(const struct zone *zone);

#endif
