/*
 * Page <-> pfn, zone and node (include/linux/mm.h, SPARSEMEM without
 * VMEMMAP). page->flags carries, from the top bit down, the page's section
 * number (19 bits: MAX_PHYSMEM_BITS 46 - SECTION_SIZE_BITS 27), node (10
 * bits, NODES_SHIFT) and zone (3 bits), so page_to_pfn can find the
 * section's memmap and page_zone the zone without any lookup table.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/mmzone.h>
#include <linux/mm_types.h>
#include <linux/page-flags.h>
#include <efimm/platform.h>

#define SECTIONS_WIDTH SECTIONS_SHIFT
#define NODES_SHIFT 10
#define NODES_WIDTH NODES_SHIFT
#define ZONES_WIDTH 3

#define SECTIONS_PGOFF (64 - SECTIONS_WIDTH)
#define NODES_PGOFF (SECTIONS_PGOFF - NODES_WIDTH)
#define ZONES_PGOFF (NODES_PGOFF - ZONES_WIDTH)

#define SECTIONS_MASK ((1UL << SECTIONS_WIDTH) - 1)
#define NODES_MASK ((1UL << NODES_WIDTH) - 1)
#define ZONES_MASK ((1UL << ZONES_WIDTH) - 1)

BUILD_BUG_ON(__NR_PAGEFLAGS > ZONES_PGOFF);
BUILD_BUG_ON(MAX_NR_ZONES > (1 << ZONES_WIDTH));
BUILD_BUG_ON(MAX_NUMNODES > (1 << NODES_WIDTH));

static inline int page_zonenum(const struct page *page)
{
	return (int)((page->flags >> ZONES_PGOFF) & ZONES_MASK);
}

static inline int page_to_nid(const struct page *page)
{
	return (int)((page->flags >> NODES_PGOFF) & NODES_MASK);
}

static inline unsigned long page_to_section(const struct page *page)
{
	return (page->flags >> SECTIONS_PGOFF) & SECTIONS_MASK;
}

static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}

/* set_page_links: the zone, node and section fields of a fresh page->flags. */
static inline unsigned long page_links(unsigned long zone, int node, unsigned long pfn)
{
	return (zone & ZONES_MASK) << ZONES_PGOFF | ((unsigned long)node & NODES_MASK) << NODES_PGOFF |
	       (pfn_to_section_nr(pfn) & SECTIONS_MASK) << SECTIONS_PGOFF;
}

static inline void set_page_links(struct page *page, unsigned long zone, int node, unsigned long pfn)
{
	page->flags = (page->flags & ~(~0UL << ZONES_PGOFF)) | page_links(zone, node, pfn);
}

/* __pfn_to_page / __page_to_pfn of the SPARSEMEM model; pfn must be pfn_valid. */
static inline struct page *pfn_to_page(unsigned long pfn)
{
	return (struct page *)(__section_mem_map_addr(__pfn_to_section(pfn)) + pfn * sizeof(struct page));
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	uintptr_t base = __section_mem_map_addr(__nr_to_section(page_to_section(page)));

	return (unsigned long)(((uintptr_t)page - base) / sizeof(struct page));
}

/*
 * virt_to_page as Linux's arithmetic, pfn_to_page(__pa(addr) >> PAGE_SHIFT),
 * inline for kfree; unlike Linux it gives NULL for an address whose pfn
 * has no memmap (pfn_valid), so a stray pointer is reported, not followed.
 */
static inline struct page *__virt_to_page(const void *addr)
{
	unsigned long pfn = PFN_DOWN(__pa(addr));
	const struct mem_section *ms;

	if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
		return NULL;
	ms = __pfn_to_section(pfn);
	if (!valid_section(ms))
		return NULL;
	return (struct page *)(__section_mem_map_addr(ms) + pfn * sizeof(struct page));
}

#endif
