/*
 * The buddy page allocator (mm/page_alloc.c in Linux 6.12): per zone,
 * free_area[order] holds free blocks of 2^order pages, one list per
 * migrate type. Allocation takes the smallest block of the wanted type and
 * splits it (expand); when a type has nothing, it falls back to another
 * type and, when the block is large enough, steals the whole pageblock
 * (fallbacks table, steal_suitable_fallback). Freeing merges a block with
 * its free buddy as far as it goes (__free_one_page). Small orders pass
 * through the per-cpu lists (pcp, mm/page_alloc_pcp.c). The zonelist walk
 * honours watermarks and lowmem_reserve (zone_watermark_ok);
 * mm/page_alloc_init.c sets them.
 *
 * Differences, all for lack of what Linux has around it: no reclaim,
 * compaction, kswapd (so no watermark boost), highatomic reserves, CMA or
 * page isolation; a request that fails the watermarks fails (NULL and a
 * report), __GFP_NOFAIL included. The fast paths (__alloc_pages,
 * __free_pages, the pcp lists) are in mm/page_alloc_pcp.c, the slow path,
 * bad-page reports and helpers in mm/page_alloc_api.c.
 */
#include <linux/gfp.h>
#include <linux/pageblock-flags.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <efimm/page_alloc.h>

struct page_alloc_stats page_alloc_stats;
int page_group_by_mobility_disabled;

/* Which types to try, in order, when a type's lists are empty (fallbacks[]). */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE] = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

static inline int get_pageblock_migratetype(struct page *page)
{
	return get_pfnblock_migratetype(page_to_pfn(page));
}

static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

static inline unsigned int buddy_order(const struct page *page)
{
	return (unsigned int)page->private;
}

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	__SetPageBuddy(page);
}

static void account_freepages(struct zone *zone, long nr_pages, int migratetype)
{
	if (migratetype == MIGRATE_ISOLATE)
		return;
	zone->vm_stat[NR_FREE_PAGES] += (unsigned long)nr_pages;
}

static void __add_to_free_list(struct page *page, struct zone *zone, unsigned int order, int migratetype,
			       bool tail)
{
	struct free_area *area = &zone->free_area[order];

	if (tail)
		list_add_tail(&page->buddy_list, &area->free_list[migratetype]);
	else
		list_add(&page->buddy_list, &area->free_list[migratetype]);
	area->nr_free++;
}

static void __del_page_from_free_list(struct page *page, struct zone *zone, unsigned int order, int migratetype)
{
	(void)migratetype;
	list_del(&page->buddy_list);
	__ClearPageBuddy(page);
	page->private = 0;
	zone->free_area[order].nr_free--;
}

static void del_page_from_free_list(struct page *page, struct zone *zone, unsigned int order, int migratetype)
{
	__del_page_from_free_list(page, zone, order, migratetype);
	account_freepages(zone, -(1L << order), migratetype);
}

static void move_to_free_list(struct page *page, struct zone *zone, unsigned int order, int old_mt, int new_mt)
{
	struct free_area *area = &zone->free_area[order];

	list_del(&page->buddy_list);
	list_add_tail(&page->buddy_list, &area->free_list[new_mt]);
	account_freepages(zone, -(1L << order), old_mt);
	account_freepages(zone, 1L << order, new_mt);
}

/* find_buddy_page_pfn: the buddy of page at order, if it is a free block of that order in the same zone. */
static struct page *find_buddy_page_pfn(struct page *page, unsigned long pfn, unsigned int order,
					unsigned long *buddy_pfn)
{
	unsigned long __buddy_pfn = pfn ^ (1UL << order);
	struct page *buddy = page + ((long)__buddy_pfn - (long)pfn);

	if (!PageBuddy(buddy) || buddy_order(buddy) != order || page_zone(buddy) != page_zone(page))
		return NULL;
	if (buddy_pfn)
		*buddy_pfn = __buddy_pfn;
	return buddy;
}

/* buddy_merge_likely: the block's buddy one order up is free, so put this one at the tail. */
static bool buddy_merge_likely(unsigned long pfn, unsigned long buddy_pfn, struct page *page, unsigned int order)
{
	unsigned long higher_page_pfn;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher_page_pfn = buddy_pfn & pfn;
	return find_buddy_page_pfn(page + ((long)higher_page_pfn - (long)pfn), higher_page_pfn, order + 1, NULL) != NULL;
}

/*
 * __free_one_page: merge with free buddies while they exist; across
 * pageblocks only between mergeable types, the buddy's block taking this
 * block's type so expand() later puts halves on the right lists.
 */
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone, unsigned int order, int migratetype,
		     int fpi_flags)
{
	unsigned long buddy_pfn = 0;
	bool to_tail;

	account_freepages(zone, 1L << order, migratetype);
	while (order < MAX_PAGE_ORDER) {
		int buddy_mt = migratetype;
		struct page *buddy = find_buddy_page_pfn(page, pfn, order, &buddy_pfn);

		if (!buddy)
			goto done_merging;
		if (order >= pageblock_order) {
			buddy_mt = get_pfnblock_migratetype(buddy_pfn);
			if (migratetype != buddy_mt &&
			    (!migratetype_is_mergeable(migratetype) || !migratetype_is_mergeable(buddy_mt)))
				goto done_merging;
		}
		__del_page_from_free_list(buddy, zone, order, buddy_mt);
		if (buddy_mt != migratetype)
			set_pfnblock_migratetype(buddy_pfn, migratetype);
		page = page + ((long)(buddy_pfn & pfn) - (long)pfn);
		pfn = buddy_pfn & pfn;
		order++;
	}
done_merging:
	set_buddy_order(page, order);
	buddy_pfn = pfn ^ (1UL << order);
	to_tail = (fpi_flags & FPI_TO_TAIL) || buddy_merge_likely(pfn, buddy_pfn, page, order);
	__add_to_free_list(page, zone, order, migratetype, to_tail);
}

/* expand: the halves of a split block go back on the lists; returns the pages put back. */
static unsigned long expand(struct zone *zone, struct page *page, unsigned int low, unsigned int high,
			    int migratetype)
{
	unsigned long size = 1UL << high, nr_added = 0;

	while (high > low) {
		high--;
		size >>= 1;
		__add_to_free_list(&page[size], zone, high, migratetype, false);
		set_buddy_order(&page[size], high);
		nr_added += size;
	}
	return nr_added;
}

static void page_del_and_expand(struct zone *zone, struct page *page, unsigned int low, unsigned int high,
				int migratetype)
{
	long nr_pages = 1L << high;

	__del_page_from_free_list(page, zone, high, migratetype);
	nr_pages -= (long)expand(zone, page, low, high, migratetype);
	account_freepages(zone, -nr_pages, migratetype);
}

static struct page *get_page_from_free_area(struct free_area *area, int migratetype)
{
	if (free_area_empty(area, migratetype))
		return NULL;
	return list_first_entry(&area->free_list[migratetype], struct page, buddy_list);
}

/* __rmqueue_smallest: the smallest free block of the type, split down to order. */
static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int migratetype)
{
	for (unsigned int current_order = order; current_order < NR_PAGE_ORDERS; current_order++) {
		struct page *page = get_page_from_free_area(&zone->free_area[current_order], migratetype);

		if (!page)
			continue;
		page_del_and_expand(zone, page, order, current_order, migratetype);
		return page;
	}
	return NULL;
}

/* can_steal_fallback: may an allocation of start_mt take over the whole pageblock? */
static bool can_steal_fallback(unsigned int order, int start_mt)
{
	if (order >= pageblock_order)
		return true;
	return order >= pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE || start_mt == MIGRATE_UNMOVABLE ||
	       page_group_by_mobility_disabled;
}

static int find_suitable_fallback(struct free_area *area, unsigned int order, int migratetype,
				  bool only_stealable, bool *can_steal)
{
	*can_steal = false;
	if (area->nr_free == 0)
		return -1;
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (free_area_empty(area, fallback_mt))
			continue;
		if (can_steal_fallback(order, migratetype))
			*can_steal = true;
		if (!only_stealable || *can_steal)
			return fallback_mt;
	}
	return -1;
}

/* change_pageblock_range: every pageblock of a block of pageblock_order or more. */
static void change_pageblock_range(unsigned long pfn, unsigned int order, int migratetype)
{
	for (unsigned long n = 1UL << (order - pageblock_order); n; n--, pfn += pageblock_nr_pages)
		set_pfnblock_migratetype(pfn, migratetype);
}

/*
 * prep_move_freepages_block: the free pages of page's pageblock (and the
 * pages that look movable: none here, efimm has no LRU pages). False when
 * the pageblock is not wholly inside the zone.
 */
static bool prep_move_freepages_block(struct zone *zone, struct page *page, unsigned long *start_pfn,
				      unsigned long *num_free)
{
	unsigned long pfn = pageblock_start_pfn(page_to_pfn(page)), end = pfn + pageblock_nr_pages;

	*start_pfn = pfn;
	*num_free = 0;
	if (!zone_spans_pfn(zone, pfn) || !zone_spans_pfn(zone, end - 1))
		return false;
	while (pfn < end) {
		struct page *p = pfn_to_page(pfn);

		if (PageBuddy(p)) {
			*num_free += 1UL << buddy_order(p);
			pfn += 1UL << buddy_order(p);
		} else {
			pfn++;
		}
	}
	return true;
}

/* __move_freepages_block: the block's free pages to new_mt's lists, and the block's type. */
static void __move_freepages_block(struct zone *zone, unsigned long start_pfn, int old_mt, int new_mt)
{
	unsigned long pfn = start_pfn, end = start_pfn + pageblock_nr_pages;

	while (pfn < end) {
		struct page *p = pfn_to_page(pfn);

		if (!PageBuddy(p)) {
			pfn++;
			continue;
		}
		move_to_free_list(p, zone, buddy_order(p), old_mt, new_mt);
		pfn += 1UL << buddy_order(p);
	}
	set_pfnblock_migratetype(start_pfn, new_mt);
}

/*
 * steal_suitable_fallback: a block of pageblock_order or more changes type
 * whole; a smaller one takes its pageblock along when at least half of it
 * is free or alike (allocated pages in a movable block count as alike for
 * an unmovable request); otherwise only the page itself is taken.
 */
static struct page *steal_suitable_fallback(struct zone *zone, struct page *page, unsigned int current_order,
					    unsigned int order, int start_type, bool whole_block)
{
	int block_type = get_pageblock_migratetype(page);
	unsigned long free_pages, alike_pages, start_pfn;

	if (current_order >= pageblock_order) {
		unsigned long nr_added;

		del_page_from_free_list(page, zone, current_order, block_type);
		change_pageblock_range(page_to_pfn(page), current_order, start_type);
		nr_added = expand(zone, page, order, current_order, start_type);
		account_freepages(zone, (long)nr_added, start_type);
		page_alloc_stats.steals++;
		return page;
	}
	if (!whole_block || !prep_move_freepages_block(zone, page, &start_pfn, &free_pages))
		goto single_page;
	if (start_type == MIGRATE_MOVABLE)
		alike_pages = 0;
	else if (block_type == MIGRATE_MOVABLE)
		alike_pages = pageblock_nr_pages - free_pages;
	else
		alike_pages = 0;
	if (free_pages + alike_pages >= (1UL << (pageblock_order - 1)) || page_group_by_mobility_disabled) {
		__move_freepages_block(zone, start_pfn, block_type, start_type);
		page_alloc_stats.steals++;
		return __rmqueue_smallest(zone, order, start_type);
	}
single_page:
	page_del_and_expand(zone, page, order, current_order, block_type);
	return page;
}

/* __rmqueue_fallback: largest fallback block first (to steal it), else the smallest that fits. */
static struct page *__rmqueue_fallback(struct zone *zone, unsigned int order, int start_migratetype,
				       unsigned int alloc_flags)
{
	unsigned int min_order = order;
	int current_order, fallback_mt = -1;
	struct free_area *area = NULL;
	bool can_steal = false;
	struct page *page;

	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = pageblock_order;
	for (current_order = MAX_PAGE_ORDER; current_order >= (int)min_order; current_order--) {
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(area, (unsigned int)current_order, start_migratetype, false,
						     &can_steal);
		if (fallback_mt == -1)
			continue;
		if (!can_steal && start_migratetype == MIGRATE_MOVABLE && (unsigned int)current_order > order)
			goto find_smallest;
		goto do_steal;
	}
	return NULL;
find_smallest:
	for (current_order = (int)order; current_order < NR_PAGE_ORDERS; current_order++) {
		area = &zone->free_area[current_order];
		fallback_mt = find_suitable_fallback(area, (unsigned int)current_order, start_migratetype, false,
						     &can_steal);
		if (fallback_mt != -1)
			break;
	}
	if (current_order >= NR_PAGE_ORDERS)
		return NULL;
do_steal:
	page = get_page_from_free_area(area, fallback_mt);
	return steal_suitable_fallback(zone, page, (unsigned int)current_order, order, start_migratetype, can_steal);
}

struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype, unsigned int alloc_flags)
{
	struct page *page = __rmqueue_smallest(zone, order, migratetype);

	if (!page)
		page = __rmqueue_fallback(zone, order, migratetype, alloc_flags);
	return page;
}

/* __zone_watermark_ok: enough free pages above mark + lowmem_reserve, and a block of the order. */
static bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark, int highest_zoneidx,
				unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;

	free_pages -= (1L << order) - 1;
	if (alloc_flags & ALLOC_RESERVES) {
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
	}
	return false;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark, int highest_zoneidx,
		       unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

struct zonelist *node_zonelist(int nid, gfp_t flags)
{
	return &NODE_DATA(nid)->node_zonelists[(flags & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
}

/* __free_pages_ok / free_one_page: straight to the buddy. */
void free_one_page(struct zone *zone, struct page *page, unsigned long pfn, unsigned int order, int fpi_flags)
{
	__free_one_page(page, pfn, zone, order, get_pfnblock_migratetype(pfn), fpi_flags);
}

/* __free_pages_core: a boot-time block goes to the buddy (memblock_free_all); managed pages counted. */
void __free_pages_core(struct page *page, unsigned int order)
{
	unsigned long nr_pages = 1UL << order, pfn = page_to_pfn(page);

	for (unsigned long i = 0; i < nr_pages; i++) {
		__ClearPageReserved(page + i);
		set_page_count(page + i, 0);
	}
	page_zone(page)->managed_pages += nr_pages;
	free_one_page(page_zone(page), page, pfn, order, FPI_TO_TAIL);
}

/* Empty lists and counters of one zone (free_area_init_core's part; tests rebuild zones with it). */
void free_area_reset_zone(struct zone *zone)
{
	for (int order = 0; order < NR_PAGE_ORDERS; order++) {
		for (int t = 0; t < MIGRATE_TYPES; t++)
			INIT_LIST_HEAD(&zone->free_area[order].free_list[t]);
		zone->free_area[order].nr_free = 0;
	}
	zone_pcp_reset(zone);
	memset(zone->vm_stat, 0, sizeof(zone->vm_stat));
	zone->managed_pages = 0;
	memset(zone->_watermark, 0, sizeof(zone->_watermark));
	memset(zone->lowmem_reserve, 0, sizeof(zone->lowmem_reserve));
	zone->watermark_boost = 0;
	zone->pageset_high_min = zone->pageset_high_max = zone->pageset_batch = 0;
}
