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
	unsigned int words_per_page;    /* pattern words per page: 3 (quick) or PAGE_SIZE / 8 (full) */
	u64 bytes_checked;              /* pattern bytes written (and read back) */
	u64 alloc_ns, write_ns, verify_ns, free_ns;
};

/*
 * The page_selftest option: on (three pattern words per page), full (every
 * word of every page), off; AUTO (no option): on in batch runs, off
 * otherwise (the interactive console runs it on a key).
 */
enum page_selftest_mode { PAGE_SELFTEST_AUTO, PAGE_SELFTEST_OFF, PAGE_SELFTEST_ON, PAGE_SELFTEST_FULL };
extern enum page_selftest_mode efimm_page_selftest;

/* Whether a run runs it after the buddy stage (batch: whether it is a batch run). */
static inline bool page_selftest_enabled(bool batch)
{
	return efimm_page_selftest == PAGE_SELFTEST_ON || efimm_page_selftest == PAGE_SELFTEST_FULL ||
	       (efimm_page_selftest == PAGE_SELFTEST_AUTO && batch);
}

/* gfp used: every zone, no watermarks (__GFP_MEMALLOC), no failure report. */
#define PAGE_SELFTEST_GFP (GFP_HIGHUSER_MOVABLE | __GFP_MEMALLOC | __GFP_NOWARN)

/* The figures of efimm's last run (efi/page_selftest.c), for the JSON report. */
extern struct page_selftest_result page_selftest_last;

/* Pattern words per page: 3 (first, middle, last) or, full, every word. */
unsigned int page_selftest_words(bool full);

/*
 * full: every 64-bit word of every page; otherwise the first, middle and
 * last word. Returns 0 when all passed, else the number of problems (printed).
 */
/* splitmix64's finaliser: the self-tests' patterns and shuffle keys. */
u64 mix64(u64 x);

/* nr_free of every (node, zone, order), so a self-test can require it back exactly. */
unsigned long nr_free_counters(void);
void nr_free_snapshot(unsigned long *c);
/* Prints the first 8 counters that differ, as "efimm: TEST: node N zone Z order O: ..."; returns how many differ. */
unsigned long nr_free_report_changes(const char *test, const unsigned long *before, const unsigned long *after);

int page_selftest(const struct page_selftest_ops *ops, bool full, u64 seed, struct page_selftest_result *res);

#endif
