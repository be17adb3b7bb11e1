/*
 * Pageblock flags (include/linux/pageblock-flags.h): each pageblock (2 MiB,
 * pageblock_order 9) has NR_PAGEBLOCK_BITS bits: its migrate type and the
 * compaction skip hint. With SPARSEMEM they live in each section's
 * mem_section_usage, 64 pageblocks per 128 MiB section.
 */
#ifndef _LINUX_PAGEBLOCK_FLAGS_H
#define _LINUX_PAGEBLOCK_FLAGS_H

#include <linux/mmzone.h>

#define PB_migratetype_bits 3
enum pageblock_bits {
	PB_migrate,
	PB_migrate_end = PB_migrate + PB_migratetype_bits - 1,
	PB_migrate_skip,
	NR_PAGEBLOCK_BITS
};
#define MIGRATETYPE_MASK ((1UL << PB_migratetype_bits) - 1)

/* Bits of one section's usemap, and its size in bytes (usemap_size). */
#define SECTION_BLOCKFLAGS_BITS ((1UL << (PFN_SECTION_SHIFT - pageblock_order)) * NR_PAGEBLOCK_BITS)
#define USEMAP_SIZE (((SECTION_BLOCKFLAGS_BITS + 63) / 64) * sizeof(unsigned long))

static inline unsigned long pageblock_start_pfn(unsigned long pfn)
{
	return pfn & ~(pageblock_nr_pages - 1);
}

static inline unsigned long pageblock_end_pfn(unsigned long pfn)
{
	return pageblock_start_pfn(pfn) + pageblock_nr_pages;
}

static inline bool pageblock_aligned(unsigned long pfn)
{
	return !(pfn & (pageblock_nr_pages - 1));
}

/* get_pfnblock_migratetype / set_pageblock_migratetype over the section's usemap. */
static inline unsigned long *pfn_usemap(unsigned long pfn, unsigned long *bitidx)
{
	struct mem_section *ms = __pfn_to_section(pfn);

	*bitidx = ((pfn & (PAGES_PER_SECTION - 1)) >> pageblock_order) * NR_PAGEBLOCK_BITS;
	return ms->usage->pageblock_flags;
}

static inline int get_pfnblock_migratetype(unsigned long pfn)
{
	unsigned long idx, *map = pfn_usemap(pfn, &idx);

	return (int)((map[idx / 64] >> (idx % 64)) & MIGRATETYPE_MASK);
}

static inline void set_pfnblock_migratetype(unsigned long pfn, int migratetype)
{
	unsigned long idx, *map = pfn_usemap(pfn, &idx);

	/* NR_PAGEBLOCK_BITS divides 64, so a block's bits never straddle two words. */
	map[idx / 64] = (map[idx / 64] & ~(MIGRATETYPE_MASK << (idx % 64))) |
			((unsigned long)migratetype << (idx % 64));
}

#endif
