/*
 * The allocator's fast paths (Linux 6.12 mm/page_alloc.c): __alloc_pages
 * and get_page_from_freelist down to rmqueue_pcplist, and __free_pages
 * through free_pages_prepare to free_unref_page, kept in one file so the
 * compiler makes each one straight-line code; the slow path, the reports
 * and the helpers are in mm/page_alloc_api.c, the buddy in mm/page_alloc.c.
 *
 * The per-cpu page lists and their sizing are here too. Orders up
 * to PAGE_ALLOC_COSTLY_ORDER (one list per pcp migrate type) and the THP
 * order (unmovable and movable) are served from and freed to the zone's
 * pcp lists; a refill takes nr_pcp_alloc pages from the buddy at once
 * (rmqueue_bulk), and a free that brings the lists to pcp->high returns
 * nr_pcp_free pages (free_pcppages_bulk). pcp->high moves between high_min
 * and high_max as Linux's does: up on refills, down when the zone was
 * seen below its high watermark (ZONE_BELOW_HIGH) or when high orders are
 * freed in a row (free_high).
 *
 * efimm marks a block on a pcp list with a page type of its own
 * (PAGE_TYPE_PCP; Linux leaves such pages unmarked) so that freeing a
 * block too large for what was allocated is refused when it would take in
 * pages waiting on a pcp list, as it is for free buddy blocks.
 *
 * efimm runs on one CPU with interrupts it never takes, so the pcp and
 * zone locks Linux takes here have nothing to exclude and are left out.
 * Differences: no CPU cache information, so PCPF_FREE_HIGH_BATCH stays
 * clear (Linux's value for a CPU whose cache slice is under 3 batches);
 * no reclaim (ZONE_RECLAIM_ACTIVE never set) and no vmstat decay of high.
 */
#include <linux/gfp.h>
#include <linux/pageblock-flags.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <efimm/page_alloc.h>

/* For the fast paths: the compiler would stop inlining once they are copied per order. */
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

static inline bool zone_test_flag(const struct zone *zone, int bit)
{
	return zone->flags & (1UL << bit);
}

static inline bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == HPAGE_PMD_ORDER;
}

static inline unsigned int order_to_pindex(int migratetype, unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NR_LOWORDER_PCP_LISTS + (migratetype == MIGRATE_MOVABLE);
	return MIGRATE_PCPTYPES * order + (unsigned int)migratetype;
}

static inline unsigned int pindex_to_order(unsigned int pindex)
{
	return pindex >= NR_LOWORDER_PCP_LISTS ? HPAGE_PMD_ORDER : pindex / MIGRATE_PCPTYPES;
}

/* free_pcppages_bulk: count pages back to the buddy, round-robin over the lists from pindex, oldest first. */
static __attribute__((noinline)) void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp,
							  int pindex)
{
	count = min(pcp->count, count);
	pindex--;
	while (count > 0) {
		struct list_head *list;
		unsigned int order;

		do {
			if (++pindex > NR_PCP_LISTS - 1)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));
		order = pindex_to_order((unsigned int)pindex);
		do {
			struct page *page = list_entry(list->prev, struct page, pcp_list);
			unsigned long pfn = page_to_pfn(page);

			list_del(&page->pcp_list);
			page->page_type = PAGE_TYPE_NONE;
			count -= 1 << order;
			pcp->count -= 1 << order;
			__free_one_page(page, pfn, zone, order, get_pfnblock_migratetype(pfn), FPI_NONE);
		} while (count > 0 && !list_empty(list));
	}
}

void drain_local_pages(struct zone *zone)
{
	struct zone *zn;

	for_each_zone(zn) {
		if ((zone && zn != zone) || !zn->per_cpu_pageset.count)
			continue;
		free_pcppages_bulk(zn, zn->per_cpu_pageset.count, &zn->per_cpu_pageset, 0);
	}
}

void drain_all_pages(struct zone *zone)
{
	drain_local_pages(zone); /* one CPU */
}

/* nr_pcp_alloc: how many pages one refill takes from the buddy. */
static int nr_pcp_alloc(struct per_cpu_pages *pcp, struct zone *zone, unsigned int order)
{
	int base_batch = pcp->batch, high_min = pcp->high_min, high_max = pcp->high_max, high, batch;

	high = pcp->high = clamp(pcp->high, high_min, high_max);
	if (high < base_batch)
		return 1;
	batch = order ? base_batch : base_batch << pcp->alloc_factor;
	/* a larger high would have spared this refill */
	if (high_min != high_max && !zone_test_flag(zone, ZONE_BELOW_HIGH))
		high = pcp->high = min(high + batch, high_max);
	if (!order) {
		int max_nr_alloc = max(high - pcp->count - base_batch, base_batch);

		/* allocations without frees in between double the refill */
		if (batch <= max_nr_alloc && pcp->alloc_factor < CONFIG_PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		batch = min(batch, max_nr_alloc);
	}
	if (batch > 1)
		batch = max(batch >> order, 2);
	return batch;
}

/* rmqueue_bulk: up to count blocks of the order onto the list, in the order the buddy gives them. */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count, struct list_head *list, int migratetype,
			unsigned int alloc_flags)
{
	int i;

	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue(zone, order, migratetype, alloc_flags);

		if (!page)
			break;
		page->page_type = PAGE_TYPE_PCP;
		list_add_tail(&page->pcp_list, list);
	}
	return i;
}

/* rmqueue_pcplist: the first block of the list, refilled from the buddy when empty. */
static __always_inline struct page *rmqueue_pcplist(struct zone *zone, unsigned int order, int migratetype,
						    unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset;
	struct list_head *list = &pcp->lists[order_to_pindex(migratetype, order)];
	struct page *page;

	/* an allocation shortens the next bulk free (nr_pcp_free) */
	pcp->free_count >>= 1;
	if (unlikely(list_empty(list))) {
		int alloced = rmqueue_bulk(zone, order, nr_pcp_alloc(pcp, zone, order), list, migratetype, alloc_flags);

		pcp->count += alloced << order;
		if (list_empty(list))
			return NULL;
	}
	page = list_first_entry(list, struct page, pcp_list);
	list_del(&page->pcp_list);
	page->page_type = PAGE_TYPE_NONE;
	pcp->count -= 1 << order;
	return page;
}

static __always_inline struct page *rmqueue(struct zone *zone, unsigned int order, int migratetype,
					    unsigned int alloc_flags)
{
	if (likely(pcp_allowed_order(order))) {
		struct page *page = rmqueue_pcplist(zone, order, migratetype, alloc_flags);

		if (likely(page))
			return page;
	}
	/* rmqueue_buddy: efimm reserves no highatomic blocks, so that list is always empty. */
	return __rmqueue(zone, order, migratetype, alloc_flags);
}

/* nr_pcp_free: how many pages a free at high returns to the buddy. */
static int nr_pcp_free(struct per_cpu_pages *pcp, int batch, int high, bool free_high)
{
	if (unlikely(free_high))
		return min(pcp->count, batch << CONFIG_PCP_BATCH_SCALE_MAX);
	if (unlikely(high < batch))
		return 1;
	/* keep a batch; free as many as were freed in a row, up to high - batch */
	return clamp(pcp->free_count, batch, high - batch);
}

/* nr_pcp_high: the count at which the lists are trimmed, adjusting pcp->high. */
static __always_inline int nr_pcp_high(struct per_cpu_pages *pcp, struct zone *zone, int batch, bool free_high)
{
	int high_min = pcp->high_min, high_max = pcp->high_max;
	int high = pcp->high = clamp(pcp->high, high_min, high_max);

	if (unlikely(!high))
		return 0;
	if (unlikely(free_high)) {
		pcp->high = max(high - (batch << CONFIG_PCP_BATCH_SCALE_MAX), high_min);
		return 0;
	}
	if (high_min == high_max)
		return high;
	if (zone_test_flag(zone, ZONE_BELOW_HIGH)) {
		int free_count = max(pcp->free_count, batch);

		pcp->high = max(high - free_count, high_min);
		high = max(pcp->count, high_min);
	} else if (pcp->count >= high) {
		int need_high = pcp->free_count + batch;

		/* room for the pages freed in a row */
		if (pcp->high < need_high)
			pcp->high = clamp(need_high, high_min, high_max);
	}
	return high;
}

/* free_unref_page_commit: onto the list; past high, a bulk free to the buddy. */
static __always_inline void free_unref_page_commit(struct zone *zone, struct per_cpu_pages *pcp, struct page *page,
						   int migratetype, unsigned int order)
{
	int pindex = (int)order_to_pindex(migratetype, order), batch = pcp->batch, high;
	bool free_high = false;

	/* a free shortens the next refill (nr_pcp_alloc) */
	pcp->alloc_factor >>= 1;
	page->page_type = PAGE_TYPE_PCP;
	list_add(&page->pcp_list, &pcp->lists[pindex]);
	pcp->count += 1 << order;
	/* high orders freed in a row without allocations are not kept */
	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		free_high = pcp->free_count >= batch && (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			    (!(pcp->flags & PCPF_FREE_HIGH_BATCH) || pcp->count >= batch);
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else if (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) {
		pcp->flags &= ~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < (batch << CONFIG_PCP_BATCH_SCALE_MAX))
		pcp->free_count += 1 << order;
	high = nr_pcp_high(pcp, zone, batch, free_high);
	if (unlikely(pcp->count >= high)) {
		free_pcppages_bulk(zone, nr_pcp_free(pcp, batch, high, free_high), pcp, pindex);
		if (zone_test_flag(zone, ZONE_BELOW_HIGH) &&
		    zone_watermark_ok(zone, 0, high_wmark_pages(zone), ZONE_MOVABLE, 0))
			zone->flags &= ~(1UL << ZONE_BELOW_HIGH);
	}
}

/* free_unref_page: a checked block (free_pages_prepare done) to the pcp lists, or the buddy for other orders. */
static __always_inline void free_unref_page(struct zone *zone, struct page *page, unsigned long pfn,
					    unsigned int order, int migratetype)
{
	if (unlikely(!pcp_allowed_order(order))) {
		free_one_page(zone, page, pfn, order, FPI_NONE);
		return;
	}
	/* only the pcp types have lists; isolated blocks go straight back */
	if (unlikely(migratetype >= MIGRATE_PCPTYPES)) {
		if (migratetype == MIGRATE_ISOLATE) {
			free_one_page(zone, page, pfn, order, FPI_NONE);
			return;
		}
		migratetype = MIGRATE_MOVABLE;
	}
	free_unref_page_commit(zone, &zone->per_cpu_pageset, page, migratetype, order);
}

/*
 * page_alloc_page_pfn's lookup: is the pointer a whole struct page inside
 * its section's memmap, of a node and zone that exist and span the pfn?
 * One section lookup; the zone comes along.
 */
static __always_inline unsigned long page_alloc_lookup(const struct page *page, struct zone **zonep,
							struct mem_section **msp)
{
	unsigned long sec = page_to_section(page), pfn;
	struct mem_section *ms;
	struct zone *zone;
	uintptr_t off;
	int nid, zi;

	if (unlikely(sec >= NR_MEM_SECTIONS || !valid_section(ms = __nr_to_section(sec))))
		return ~0UL;
	off = (uintptr_t)page - __section_mem_map_addr(ms);
	pfn = off / sizeof(struct page);
	nid = page_to_nid(page);
	zi = page_zonenum(page);
	if (unlikely(off % sizeof(struct page) || pfn_to_section_nr(pfn) != sec || nid >= MAX_NUMNODES ||
		     !NODE_DATA(nid) || zi >= MAX_NR_ZONES))
		return ~0UL;
	zone = &NODE_DATA(nid)->node_zones[zi];
	if (unlikely(!zone_spans_pfn(zone, pfn)))
		return ~0UL;
	*zonep = zone;
	*msp = ms;
	return pfn;
}

unsigned long page_alloc_page_pfn(const struct page *page)
{
	struct mem_section *ms;
	struct zone *zone;

	return page_alloc_lookup(page, &zone, &ms);
}

/* get_pfnblock_migratetype with the pfn's section in hand. */
static __always_inline int section_pfnblock_migratetype(const struct mem_section *ms, unsigned long pfn)
{
	unsigned long idx = ((pfn & (PAGES_PER_SECTION - 1)) >> pageblock_order) * NR_PAGEBLOCK_BITS;

	return (int)((ms->usage->pageblock_flags[idx / 64] >> (idx % 64)) & MIGRATETYPE_MASK);
}

/*
 * page_expected_state for a page inside the block being freed: unmapped
 * (which also means not PageBuddy: page_type shares the word), no
 * reference, not reserved, and for a compound page a tail of this head.
 */
static __always_inline bool tail_expected_state(const struct page *p, unsigned long tail_head)
{
	return !((unsigned int)(p->_mapcount + 1) | (unsigned int)p->_refcount | (p->flags & (1UL << PG_reserved)) |
		 (tail_head ? p->compound_head ^ tail_head : 0));
}

/*
 * free_pages_prepare: check every page of the block before touching any,
 * then clear the allocation state; false when bad (reported by
 * free_pages_report_bad). Linux checks the pages themselves only with
 * check_pages_enabled (DEBUG_VM and the hardening options); efimm always
 * does, as a double free, a wrong order or a reserved page must never
 * reach the free lists, with one combined test per page.
 */
static __always_inline bool free_pages_prepare(struct zone *zone, struct page *page, unsigned long pfn,
					       unsigned int order)
{
	unsigned long nr, tail_head = 0;
	bool bad;

	if (unlikely(order > MAX_PAGE_ORDER))
		return !free_pages_report_bad(page, pfn, order);
	nr = 1UL << order;
	bad = (pfn & (nr - 1)) || page->_mapcount != -1 || (page->flags & (1UL << PG_reserved)) || PageTail(page);
	if (unlikely(PageHead(page))) {
		tail_head = (unsigned long)page | 1;
		bad |= compound_order(page) != order;
	}
	if (unlikely(order) && !bad) {
		bad = !zone_spans_pfn(zone, pfn + nr - 1);
		for (unsigned long i = 1; !bad && i < nr; i++)
			bad = !tail_expected_state(page + i, tail_head);
	}
	if (unlikely(bad) && free_pages_report_bad(page, pfn, order))
		return false;
	for (unsigned long i = 1; tail_head && i < nr; i++) {
		struct page *p = page + i;

		p->compound_head = 0;
		p->compound_order = 0;
		p->lru.next = p->lru.prev = &p->lru;
	}
	page->flags &= ~(PAGE_FLAGS_MASK & ~(1UL << PG_reserved));
	page->_refcount = 0;
	page->private = 0;
	page->mapping = NULL;
	page->index = 0;
	return true;
}

/* __free_pages: drop the reference; the last one frees the block. Bad frees are reported and refused. */
static __always_inline void free_pages_order(struct page *page, unsigned int order)
{
	struct mem_section *ms;
	struct zone *zone;
	unsigned long pfn;

	if (!page)
		return;
	pfn = page_alloc_lookup(page, &zone, &ms);
	if (unlikely(pfn == ~0UL)) {
		page_alloc_stats.bad_pages++;
		pr_err("BUG: Bad page state in process efimm: struct page %p is not a page of any zone\n", (void *)page);
		return;
	}
	/* free pages (PageBuddy, pcp) and tail pages have no reference: a double free or a tail */
	if (unlikely(page->_refcount <= 0)) {
		free_pages_report_bad(page, pfn, order);
		return;
	}
	/* put_page_testzero; the last reference stays while the block is checked, so a refused one stays allocated */
	if (page->_refcount != 1) {
		page->_refcount--;
		return;
	}
	if (unlikely(!free_pages_prepare(zone, page, pfn, order)))
		return;
	free_unref_page(zone, page, pfn, order, section_pfnblock_migratetype(ms, pfn));
}

/* Order 0, the most common, gets its own copy of the path with the order a constant. */
void __free_pages(struct page *page, unsigned int order)
{
	if (likely(!order))
		free_pages_order(page, 0);
	else
		free_pages_order(page, order);
}

/* post_alloc_hook + prep_new_page. */
static __always_inline void prep_new_page(struct page *page, unsigned int order, gfp_t gfp_flags)
{
	page->private = 0;
	set_page_count(page, 1);
	if (unlikely(gfp_flags & __GFP_ZERO))
		memset(page_address(page), 0, PAGE_SIZE << order);
	if (order && (gfp_flags & __GFP_COMP))
		prep_compound_page(page, order);
}

/* first_zones_zonelist: the first zone at or below highest_zoneidx. */
static __always_inline struct zoneref *first_zones_zonelist(struct zonelist *zl, int highest_zoneidx)
{
	struct zoneref *z = zl->_zonerefs;

	while (z->zone && z->zone_idx > highest_zoneidx)
		z++;
	return z;
}

/* alloc_flags_nofragment: a Normal-zone request first avoids mixing pageblocks. */
static __always_inline unsigned int alloc_flags_nofragment(const struct zoneref *z)
{
	if (!z->zone || z->zone_idx != ZONE_NORMAL)
		return 0;
	if (nr_online_nodes > 1 && !populated_zone(z->zone - 1))
		return 0;
	return ALLOC_NOFRAGMENT;
}

/* zone_watermark_fast: order 0 in one comparison (no highatomic or CMA pages to discount), else the full check. */
static __always_inline bool zone_watermark_fast(struct zone *z, unsigned int order, unsigned long mark,
					       int highest_zoneidx, unsigned int alloc_flags)
{
	if (likely(!order) &&
	    (long)zone_page_state(z, NR_FREE_PAGES) > (long)mark + z->lowmem_reserve[highest_zoneidx])
		return true;
	return zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags);
}

/* get_page_from_freelist: the zonelist walk, each zone's watermark, then rmqueue. */
static __always_inline struct page *
__get_page_from_freelist(gfp_t gfp_mask, unsigned int order, unsigned int alloc_flags, const struct alloc_context *ac)
{
	struct zoneref *z;
	bool no_fallback;

	if (unlikely(!ac->preferred_zoneref->zone))
		return NULL;
retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	for (z = ac->preferred_zoneref; z->zone; z++) {
		struct zone *zone = z->zone;
		struct page *page;
		unsigned long mark;

		if (z->zone_idx > ac->highest_zoneidx)
			continue;
		if (no_fallback && nr_online_nodes > 1 && zone != ac->preferred_zoneref->zone &&
		    zone_to_nid(zone) != zone_to_nid(ac->preferred_zoneref->zone)) {
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		/*
		 * Below the high watermark, note it for the pcp free path
		 * (nr_pcp_high shrinks pcp->high), which is too hot to look.
		 */
		if (!zone_test_flag(zone, ZONE_BELOW_HIGH)) {
			if (zone_watermark_fast(zone, order, high_wmark_pages(zone), ac->highest_zoneidx, alloc_flags))
				goto try_this_zone;
			zone->flags |= 1UL << ZONE_BELOW_HIGH;
		}
		mark = wmark_pages(zone, (enum zone_watermarks)(alloc_flags & ALLOC_WMARK_MASK));
		if (!zone_watermark_fast(zone, order, mark, ac->highest_zoneidx, alloc_flags) &&
		    !(alloc_flags & ALLOC_NO_WATERMARKS))
			continue;
try_this_zone:
		page = rmqueue(zone, order, ac->migratetype, alloc_flags);
		if (likely(page)) {
			prep_new_page(page, order, gfp_mask);
			return page;
		}
	}
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order, unsigned int alloc_flags,
				    const struct alloc_context *ac)
{
	return __get_page_from_freelist(gfp_mask, order, alloc_flags, ac);
}

/*
 * __alloc_pages: the zonelist from the preferred node's first allowed
 * zone, first at the low watermark (avoiding fragmenting pageblocks for
 * Normal-zone requests), then the slow path.
 */
static __always_inline struct page *alloc_pages_order(gfp_t gfp, unsigned int order, int preferred_nid)
{
	struct alloc_context ac;
	struct page *page;
	int highest_zoneidx = gfp_zone_checked(gfp);
	pg_data_t *pgdat;

	if (unlikely(order > MAX_PAGE_ORDER || (unsigned int)preferred_nid >= MAX_NUMNODES ||
		     !(pgdat = NODE_DATA(preferred_nid)) || !pgdat->node_zonelists[0]._zonerefs || highest_zoneidx < 0)) {
		page_alloc_refuse(gfp, order, preferred_nid);
		return NULL;
	}
	ac.highest_zoneidx = highest_zoneidx;
	ac.zonelist = &pgdat->node_zonelists[(gfp & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
	ac.migratetype = gfp_migratetype(gfp);
	ac.preferred_zoneref = first_zones_zonelist(ac.zonelist, ac.highest_zoneidx);
	page = __get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW | alloc_flags_nofragment(ac.preferred_zoneref), &ac);
	if (unlikely(!page))
		page = __alloc_pages_slowpath(gfp, order, &ac, preferred_nid);
	return page;
}

/* Order 0, the most common, gets its own copy of the path with the order a constant. */
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid)
{
	if (likely(!order))
		return alloc_pages_order(gfp, 0, preferred_nid);
	return alloc_pages_order(gfp, order, preferred_nid);
}

/* numa_node_id(): efimm runs on the boot CPU: the first node with zonelists (build_all_zonelists sets it). */
static inline int numa_node_id(void)
{
	return page_alloc_local_nid;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	if (likely(!order))
		return alloc_pages_order(gfp, 0, numa_node_id());
	return alloc_pages_order(gfp, order, numa_node_id());
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	return __alloc_pages(gfp, order, nid);
}

/* zone_pcp_init's part: empty lists and counters (free_area_reset_zone calls it). */
void zone_pcp_reset(struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset;

	memset(pcp, 0, sizeof(*pcp));
	for (int i = 0; i < NR_PCP_LISTS; i++)
		INIT_LIST_HEAD(&pcp->lists[i]);
	pcp->batch = 1; /* the boot pageset's (BOOT_PAGESET_BATCH, high 0): each free goes straight through */
	zone->flags = 0;
}
