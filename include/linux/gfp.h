/*
 * Get-free-page flags and the page allocator's API (include/linux/gfp.h and
 * gfp_types.h in Linux 6.12). The bit values are Linux's (Debian's config:
 * no KASAN_HW_TAGS, LOCKDEP or SLAB_OBJ_EXT bits), so a printed mode such as
 * 0xcc0 means GFP_KERNEL here as in a kernel log. gfp_zone picks the highest
 * zone a request may use, gfp_migratetype the free list it prefers.
 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/mm.h>

typedef unsigned int gfp_t;

#define ___GFP_DMA 0x01u
#define ___GFP_HIGHMEM 0x02u
#define ___GFP_DMA32 0x04u
#define ___GFP_MOVABLE 0x08u
#define ___GFP_RECLAIMABLE 0x10u
#define ___GFP_HIGH 0x20u
#define ___GFP_IO 0x40u
#define ___GFP_FS 0x80u
#define ___GFP_ZERO 0x100u
#define ___GFP_DIRECT_RECLAIM 0x400u
#define ___GFP_KSWAPD_RECLAIM 0x800u
#define ___GFP_WRITE 0x1000u
#define ___GFP_NOWARN 0x2000u
#define ___GFP_RETRY_MAYFAIL 0x4000u
#define ___GFP_NOFAIL 0x8000u
#define ___GFP_NORETRY 0x10000u
#define ___GFP_MEMALLOC 0x20000u
#define ___GFP_COMP 0x40000u
#define ___GFP_NOMEMALLOC 0x80000u
#define ___GFP_HARDWALL 0x100000u
#define ___GFP_THISNODE 0x200000u
#define ___GFP_ACCOUNT 0x400000u
#define ___GFP_ZEROTAGS 0x800000u

#define __GFP_DMA ((gfp_t)___GFP_DMA)
#define __GFP_HIGHMEM ((gfp_t)___GFP_HIGHMEM)
#define __GFP_DMA32 ((gfp_t)___GFP_DMA32)
#define __GFP_MOVABLE ((gfp_t)___GFP_MOVABLE)
#define __GFP_RECLAIMABLE ((gfp_t)___GFP_RECLAIMABLE)
#define __GFP_HIGH ((gfp_t)___GFP_HIGH)
#define __GFP_IO ((gfp_t)___GFP_IO)
#define __GFP_FS ((gfp_t)___GFP_FS)
#define __GFP_ZERO ((gfp_t)___GFP_ZERO)
#define __GFP_DIRECT_RECLAIM ((gfp_t)___GFP_DIRECT_RECLAIM)
#define __GFP_KSWAPD_RECLAIM ((gfp_t)___GFP_KSWAPD_RECLAIM)
#define __GFP_WRITE ((gfp_t)___GFP_WRITE)
#define __GFP_NOWARN ((gfp_t)___GFP_NOWARN)
#define __GFP_RETRY_MAYFAIL ((gfp_t)___GFP_RETRY_MAYFAIL)
#define __GFP_NOFAIL ((gfp_t)___GFP_NOFAIL)
#define __GFP_NORETRY ((gfp_t)___GFP_NORETRY)
#define __GFP_MEMALLOC ((gfp_t)___GFP_MEMALLOC)
#define __GFP_COMP ((gfp_t)___GFP_COMP)
#define __GFP_NOMEMALLOC ((gfp_t)___GFP_NOMEMALLOC)
#define __GFP_HARDWALL ((gfp_t)___GFP_HARDWALL)
#define __GFP_THISNODE ((gfp_t)___GFP_THISNODE)
#define __GFP_ACCOUNT ((gfp_t)___GFP_ACCOUNT)
#define __GFP_ZEROTAGS ((gfp_t)___GFP_ZEROTAGS)
#define __GFP_BITS_SHIFT 24
#define __GFP_BITS_MASK ((gfp_t)((1u << __GFP_BITS_SHIFT) - 1))

#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_ZONEMASK (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define GFP_MOVABLE_MASK (__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT 3

#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM | __GFP_NOWARN)
#define GFP_NOIO (__GFP_RECLAIM)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA __GFP_DMA
#define GFP_DMA32 __GFP_DMA32
#define GFP_HIGHUSER (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE)

/* gfp_migratetype: __GFP_MOVABLE -> MIGRATE_MOVABLE, __GFP_RECLAIMABLE -> MIGRATE_RECLAIMABLE. */
static inline int gfp_migratetype(gfp_t gfp_flags)
{
	return (int)((gfp_flags & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

/*
 * gfp_zone, as GFP_ZONE_TABLE for x86_64 (no ZONE_HIGHMEM: __GFP_HIGHMEM
 * means Normal, and with __GFP_MOVABLE, Movable). The combinations Linux
 * calls GFP_ZONE_BAD (two zone modifiers) return -1. The table packs a
 * 4-bit zone per combination of the four zone bits (0xf: bad), so the
 * lookup is a shift, as Linux's: 0 Normal, DMA DMA, HIGHMEM Normal, DMA32
 * DMA32, MOVABLE Normal, DMA|MOVABLE DMA, HIGHMEM|MOVABLE Movable,
 * DMA32|MOVABLE DMA32.
 */
#define GFP_ZONE_TABLE 0xfff1f302fff1f202ULL
static inline int gfp_zone_checked(gfp_t flags)
{
	int z = (int)((GFP_ZONE_TABLE >> ((flags & GFP_ZONEMASK) * 4)) & 0xf);

	return z == 0xf ? -1 : z;
}

static inline enum zone_type gfp_zone(gfp_t flags)
{
	int z = gfp_zone_checked(flags);

	return z < 0 ? ZONE_NORMAL : (enum zone_type)z;
}

/* Whether the caller may wait: Linux's gfpflags_allow_blocking. */
static inline bool gfpflags_allow_blocking(gfp_t gfp_flags)
{
	return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}

/* The page allocator (mm/page_alloc.c). */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid);
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp_mask);
void *alloc_pages_exact(size_t size, gfp_t gfp_mask);
void *alloc_pages_exact_nid(int nid, size_t size, gfp_t gfp_mask);
void __free_pages(struct page *page, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
void free_pages_exact(void *virt, size_t size);
#define __get_free_page(gfp_mask) __get_free_pages((gfp_mask), 0)
#define alloc_page(gfp_mask) alloc_pages(gfp_mask, 0)
#define __free_page(page) __free_pages((page), 0)
#define free_page(addr) free_pages((addr), 0)

/* page_address / virt_to_page over efimm's claimed RAM (platform_phys_to_virt). */
void *page_address(const struct page *page);
struct page *virt_to_page(const void *addr);

/* Per-cpu lists back to the buddy (one CPU): drain_local_pages / drain_all_pages. */
void drain_local_pages(struct zone *zone);
void drain_all_pages(struct zone *zone);

/* Boot: build_all_zonelists, then memblock_free_all, then the watermarks (init_per_zone_wmark_min). */
void build_all_zonelists(pg_data_t *pgdat);
void memblock_free_all(void);
int init_per_zone_wmark_min(void);
void setup_per_zone_wmarks(void);
void calculate_min_free_kbytes(void);
void setup_per_zone_lowmem_reserve(void);
extern int min_free_kbytes;
extern int watermark_scale_factor;
extern int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES];
extern unsigned long totalram_pages_count; /* totalram_pages() */
extern unsigned long totalreserve_pages;
extern int page_group_by_mobility_disabled;

static inline unsigned long totalram_pages(void)
{
	return totalram_pages_count;
}

/* Sum of NR_FREE_PAGES over all zones: global_zone_page_state(NR_FREE_PAGES). */
unsigned long nr_free_pages(void);
unsigned long nr_free_buffer_pages(void);

#endif
