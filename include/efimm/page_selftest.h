/*
 * The page allocator's real-RAM self-test (mm/page_selftest.c): every free
 * page allocated at mixed orders, patterned, verified, freed in a shuffled
 * order, and the free counts checked to be back where they were.
 */
#ifndef _EFIMM_PAGE_SELFTEST_H
#define _EFIMM_PAGE_SELFTEST_H

#include <linux/gfp.h>

/*
 * The allocator under test. efimm passes alloc_pages, __free_pages,
 * page_address and drain_all_pages; the host tests a stub.
 */
struct page_selftest_ops {
	struct page *(*alloc)(gfp_t gfp, unsigned int order);
	void (*free)(struct page *page, unsigned int order);
	void *(*address)(const struct page *page);
	void (*drain)(void);                         /* pcp lists back to the buddy; may be NULL */
	void (*progress)(const char *phase, unsigned long done, unsigned long total); /* may be NULL */
};

struct page_selftest_result {
	unsigned long pages;            /* pages allocated (all that were free) */
	unsigned long blocks[NR_PAGE_ORDERS]; /* allocations per order */
	unsigned long bad_words;        /* pattern words that read back wrong */
	unsigned long counts_differing; /* (zone, order) nr_free not back to the start */
	u64 bytes_checked;              /* pattern bytes written (and read back) */
	u64 alloc_ns, write_ns, verify_ns, free_ns;
};

/* The page_selftest option: run it (on the EFI console) once the buddy allocator holds the memory. */
extern bool efimm_page_selftest;

/* gfp used: every zone, no watermarks (__GFP_MEMALLOC), no failure report. */
#define PAGE_SELFTEST_GFP (GFP_HIGHUSER_MOVABLE | __GFP_MEMALLOC | __GFP_NOWARN)

/*
 * stride: bytes between pattern words (8 = every byte; 64 = one word per cache
 * line). Returns 0 when all passed, else the number of problems (printed).
 */
int page_selftest(const struct page_selftest_ops *ops, unsigned int stride, u64 seed,
		  struct page_selftest_result *res);

#endif
