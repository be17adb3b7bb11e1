/* Nodes, zones and struct pages (mm/mm_init.c, mm/sparse.c, mm/mm_debug.c). */
#ifndef _EFIMM_MM_INIT_H
#define _EFIMM_MM_INIT_H

#include <linux/types.h>

/*
 * False: compute and print every line, but build no memmap (the replay of
 * logs from machines with terabytes). efimm itself builds it.
 */
extern bool mminit_build_memmap;
/* deferred_struct_pages: as DEFERRED_STRUCT_PAGE_INIT (see README). */
extern bool deferred_struct_pages;

struct mminit_stats {
	unsigned long pages_initialised; /* struct pages of RAM done by memmap_init */
	unsigned long unavailable_pages; /* reserved struct pages of holes */
	unsigned long deferred_pages;    /* done later by page_alloc_init_late */
	u64 memmap_init_ns, deferred_ns;
};
extern struct mminit_stats mminit_stats;

void print_early_node_ranges(void);
void get_pfn_range_for_nid(int nid, unsigned long *start_pfn, unsigned long *end_pfn);
int cmdline_parse_kernelcore(const char *p);
int cmdline_parse_movablecore(const char *p);
/* Back to the defaults (no kernelcore/movablecore, no deferral, memmap built): for tests. */
void mminit_reset_params(void);

void sparse_init(void);
unsigned long sparse_metadata_bytes(void);
void free_area_init(const unsigned long *max_zone_pfn);
void page_alloc_init_late(void);
/* memmap_init again, all of it, timed into mminit_stats (for the benchmark). */
void memmap_init_again(void);
/* BENCH lines: memmap_init against memset per GiB, metadata per GiB (mm/mm_init_bench.c). */
void memmap_init_bench(const char *where);
extern bool efimm_bench;

/* The invariant checker (mm/mm_debug.c): 0 when all holds, else the number of problems (printed). */
int mminit_verify(void);

#endif
