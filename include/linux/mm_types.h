/*
 * struct page (include/linux/mm_types.h): one 64-byte descriptor per 4 KiB
 * page frame, laid out as Linux 6.12's on x86_64 so the word offsets match
 * (flags, a 40-byte union of users, _mapcount/page_type, _refcount, one
 * word that Linux gives to memcg). The buddy allocator uses lru/buddy_list
 * and private (the order); the slab allocator its own view of the union.
 */
#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>
#include <linux/list.h>

struct kmem_cache;

struct page {
	unsigned long flags; /* page-flags.h bits, then zone, node and section (mm.h) */
	union {
		struct { /* free (buddy), page cache and anonymous pages */
			union {
				struct list_head lru;
				struct list_head buddy_list; /* on a free_area list: private is the order */
				struct list_head pcp_list;
			};
			void *mapping;
			unsigned long index;
			unsigned long private;
		};
		struct { /* slab pages (Linux's struct slab overlays these words) */
			struct kmem_cache *slab_cache;
			union {
				struct list_head slab_list;
				struct {
					struct page *next; /* partial list */
					int slabs;
				};
			};
			void *freelist;
			union {
				unsigned long counters;
				struct {
					unsigned inuse : 16;
					unsigned objects : 15;
					unsigned frozen : 1;
				};
			};
		};
		struct { /* tail pages of a compound page */
			unsigned long compound_head; /* bit 0 set */
			unsigned char compound_order; /* first tail page: the order (Linux 6.12 keeps it in _flags_1) */
		};
	};
	union {
		unsigned int page_type;
		int _mapcount; /* -1 when unmapped */
	};
	int _refcount;
	unsigned long memcg_data; /* unused: keeps Linux's 64-byte size and offsets */
};

_Static_assert(sizeof(struct page) == 64, "struct page must be 64 bytes, as Linux's on x86_64");

static inline int page_ref_count(const struct page *page)
{
	return page->_refcount;
}

static inline void set_page_count(struct page *page, int v)
{
	page->_refcount = v;
}

/* init_page_count: a new page has one reference. */
static inline void init_page_count(struct page *page)
{
	set_page_count(page, 1);
}

#endif
