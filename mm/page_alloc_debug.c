/*
 * The page allocator's invariant checker (Linux checks pieces of this
 * under CONFIG_DEBUG_VM; efimm checks all of it, in tests after batches of
 * operations and from the console): every free block sits on exactly one
 * list, as a PageBuddy page of its list's order, naturally aligned, wholly
 * inside its zone, on the list of its pageblock's migrate type, and not
 * left unmerged beside a free buddy of the same order; nr_free, NR_FREE_PAGES
 * and the pcp count are exact; exactly the pages on pcp lists carry the pcp
 * page type; no page is in two places; managed pages are the zone's pages
 * that are not PageReserved.
 */
#include <linux/gfp.h>
#include <linux/pageblock-flags.h>
#include <linux/printk.h>
#include <efimm/page_alloc.h>

#define PCP_MARK 0x5043505041474553UL /* "PCPPAGES" in page->index while the checker walks */

static int problems;

static void fail(const struct zone *zone, unsigned long pfn, const char *what)
{
	if (problems++ < 20)
		pr_err("efimm: page_alloc check: node %d zone %s pfn %#lx: %s\n", zone->node, zone->name, pfn, what);
}

unsigned long zone_pcp_pages(const struct zone *zone)
{
	return (unsigned long)zone->per_cpu_pageset.count;
}

static bool pfn_in_zone(const struct zone *zone, unsigned long pfn)
{
	return zone_spans_pfn(zone, pfn) && pfn_valid(pfn) && page_zone(pfn_to_page(pfn)) == zone;
}

static void check_lists(struct zone *zone, unsigned long *listed_free)
{
	unsigned long free = 0;

	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct free_area *area = &zone->free_area[order];
		unsigned long n = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct list_head *pos;

			list_for_each(pos, &area->free_list[mt]) {
				struct page *page = list_entry(pos, struct page, buddy_list);
				unsigned long pfn = page_alloc_page_pfn(page);

				n++;
				if (n > zone->spanned_pages + 1) {
					fail(zone, 0, "free list loops");
					return;
				}
				if (pfn == ~0UL || !pfn_in_zone(zone, pfn)) {
					fail(zone, pfn, "listed page is not a page of this zone");
					continue;
				}
				if (!PageBuddy(page) || page->private != order)
					fail(zone, pfn, "listed page is not a free block of this order");
				if (pfn & ((1UL << order) - 1))
					fail(zone, pfn, "free block not aligned to its order");
				if (!pfn_in_zone(zone, pfn + (1UL << order) - 1))
					fail(zone, pfn, "free block reaches outside its zone");
				for (unsigned long b = pfn; b < pfn + (1UL << order); b += pageblock_nr_pages)
					if (get_pfnblock_migratetype(b) != mt)
						fail(zone, pfn, "free block on the list of another migrate type than its pageblock");
				if (order < MAX_PAGE_ORDER) {
					unsigned long bpfn = pfn ^ (1UL << order);

					if (pfn_in_zone(zone, bpfn) && PageBuddy(pfn_to_page(bpfn)) &&
					    pfn_to_page(bpfn)->private == order)
						fail(zone, pfn, "free block not merged with its free buddy");
				}
				free += 1UL << order;
			}
		}
		if (n != area->nr_free)
			fail(zone, order, "nr_free differs from the list lengths (pfn field: the order)");
	}
	if (free != zone_page_state(zone, NR_FREE_PAGES))
		fail(zone, free, "NR_FREE_PAGES differs from the pages on the free lists (pfn field: listed)");
	*listed_free = free;
}

/* Marks pcp pages (undone by unmark_pcp); returns the pages on the lists. */
static unsigned long mark_pcp(struct zone *zone, unsigned long mark)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset;
	unsigned long pages = 0;

	for (int i = 0; i < NR_PCP_LISTS; i++) {
		unsigned int order = i >= NR_LOWORDER_PCP_LISTS ? HPAGE_PMD_ORDER : (unsigned int)i / MIGRATE_PCPTYPES;
		struct list_head *pos;

		if (!pcp->lists[i].next)
			continue;
		list_for_each(pos, &pcp->lists[i]) {
			struct page *page = list_entry(pos, struct page, pcp_list);

			if (mark) {
				unsigned long pfn = page_alloc_page_pfn(page);

				if (pfn == ~0UL || !pfn_in_zone(zone, pfn) || (pfn & ((1UL << order) - 1)) ||
				    PageBuddy(page) || page->_refcount)
					fail(zone, pfn, "bad page on a pcp list");
				else if (page->page_type != PAGE_TYPE_PCP)
					fail(zone, pfn, "page on a pcp list without the pcp page type");
				if (page->index == PCP_MARK)
					fail(zone, pfn, "page twice on the pcp lists");
				page->private = order;
			}
			page->index = mark;
			pages += 1UL << order;
			if (pages > zone->spanned_pages)
				return pages;
		}
	}
	return pages;
}

static void check_zone(struct zone *zone)
{
	unsigned long listed = 0, pcp_pages, buddy_pages = 0, unreserved = 0, end = zone_end_pfn(zone);

	check_lists(zone, &listed);
	pcp_pages = mark_pcp(zone, PCP_MARK);
	if (pcp_pages != (unsigned long)zone->per_cpu_pageset.count)
		fail(zone, pcp_pages, "pcp count differs from the pages on its lists");
	for (unsigned long pfn = zone->zone_start_pfn; pfn < end;) {
		struct page *page;
		unsigned long n = 1;

		if (!pfn_valid(pfn)) {
			pfn = (pfn & PAGE_SECTION_MASK) + PAGES_PER_SECTION;
			continue;
		}
		page = pfn_to_page(pfn);
		if (page_zone(page) != zone) {
			pfn++;
			continue;
		}
		if (PageBuddy(page) || page->index == PCP_MARK) {
			n = 1UL << page->private;
			if (PageBuddy(page))
				buddy_pages += n;
			for (unsigned long i = 1; i < n && pfn + i < end; i++) {
				struct page *p = page + i;

				if (PageBuddy(p) || p->index == PCP_MARK)
					fail(zone, pfn + i, "page in two places (inside another free block)");
				if (p->_refcount)
					fail(zone, pfn + i, "page inside a free block has a reference");
				if (PageReserved(p))
					fail(zone, pfn + i, "reserved page inside a free block");
			}
			if (PageReserved(page))
				fail(zone, pfn, "reserved page is free");
			unreserved += n;
		} else {
			if (page->page_type == PAGE_TYPE_PCP)
				fail(zone, pfn, "page with the pcp page type is on no pcp list");
			unreserved += !PageReserved(page);
		}
		pfn += n;
	}
	mark_pcp(zone, 0);
	if (buddy_pages != listed)
		fail(zone, buddy_pages, "PageBuddy pages differ from the listed free pages (some free block is on no list)");
	if (unreserved != zone_managed_pages(zone))
		fail(zone, unreserved, "managed pages differ from the zone's unreserved pages");
}

int page_alloc_verify(void)
{
	int nid;

	problems = 0;
	for_each_node(nid) {
		if (!NODE_DATA(nid))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &NODE_DATA(nid)->node_zones[z];

			if (zone->managed_pages && zone->per_cpu_pageset.lists[0].next)
				check_zone(zone);
		}
	}
	if (problems > 20)
		pr_err("efimm: page_alloc check: %d problems in all\n", problems);
	return problems;
}
