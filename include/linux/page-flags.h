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

/* Every flag bit below the zone/node/section fields. */
#define PAGE_FLAGS_MASK ((1UL << __NR_PAGEFLAGS) - 1)

#endif
