/*
 * Page flags (include/linux/page-flags.h): the low bits of page->flags,
 * with Linux's names and order for x86_64, and the PageFoo/SetPageFoo
 * helpers the allocators use. The high bits of the same word hold the
 * page's section, node and zone (see include/linux/mm.h).
 */
#ifndef _LINUX_PAGE_FLAGS_H
#define _LINUX_PAGE_FLAGS_H

#include <linux/mm_types.h>

enum pageflags {
	PG_locked,
	PG_writeback,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,
	PG_waiters,
	PG_active,
	PG_workingset,
	PG_owner_priv_1,
	PG_owner_2,
	PG_arch_1,
	PG_reserved,
	PG_private,
	PG_private_2,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	PG_hwpoison,
	__NR_PAGEFLAGS,
};

/* Non-atomic forms only: efimm runs on one CPU with interrupts off. */
#define PAGEFLAG(uname, lname)                                                                   \
	static inline bool Page##uname(const struct page *page)                                   \
	{                                                                                          \
		return (page->flags >> PG_##lname) & 1;                                            \
	}                                                                                          \
	static inline void SetPage##uname(struct page *page) { page->flags |= 1UL << PG_##lname; } \
	static inline void ClearPage##uname(struct page *page) { page->flags &= ~(1UL << PG_##lname); } \
	static inline void __SetPage##uname(struct page *page) { page->flags |= 1UL << PG_##lname; } \
	static inline void __ClearPage##uname(struct page *page) { page->flags &= ~(1UL << PG_##lname); }

PAGEFLAG(Locked, locked)
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Private, private)
PAGEFLAG(Head, head)
PAGEFLAG(LRU, lru)
PAGEFLAG(Active, active)
PAGEFLAG(Dirty, dirty)
PAGEFLAG(Referenced, referenced)
PAGEFLAG(Uptodate, uptodate)
PAGEFLAG(HWPoison, hwpoison)

#undef PAGEFLAG

/*
 * Page types (Linux 6.12's enum pagetype): the top byte of page_type, which
 * is all ones (_mapcount -1) on a page with no type. A free block's first
 * page is PGTY_buddy; its order is in page->private.
 */
#define PGTY_buddy 0xf0u
#define PGTY_slab 0xf5u /* the first page of a slab (Linux 6.12's folio_test_slab) */
#define PAGE_TYPE_NONE 0xffffffffu

static inline bool PageBuddy(const struct page *page)
{
	return (page->page_type >> 24) == PGTY_buddy;
}

static inline void __SetPageBuddy(struct page *page)
{
	page->page_type = PGTY_buddy << 24;
}

static inline void __ClearPageBuddy(struct page *page)
{
	page->page_type = PAGE_TYPE_NONE;
}

static inline bool PageSlab(const struct page *page)
{
	return (page->page_type >> 24) == PGTY_slab;
}

static inline void __SetPageSlab(struct page *page)
{
	page->page_type = PGTY_slab << 24;
}

static inline void __ClearPageSlab(struct page *page)
{
	page->page_type = PAGE_TYPE_NONE;
}

static inline bool PageTail(const struct page *page)
{
	return page->compound_head & 1;
}

static inline bool PageCompound(const struct page *page)
{
	return PageHead(page) || PageTail(page);
}

/* compound_order: the order of a head page, 0 for any other page. */
static inline unsigned int compound_order(const struct page *page)
{
	return PageHead(page) ? page[1].compound_order : 0;
}

static inline struct page *compound_head(const struct page *page)
{
	return (struct page *)(PageTail(page) ? page->compound_head - 1 : (unsigned long)page);
}

/* Every flag bit below the zone/node/section fields. */
#define PAGE_FLAGS_MASK ((1UL << __NR_PAGEFLAGS) - 1)

#endif
