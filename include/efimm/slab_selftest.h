/*
 * The slab allocator's real-RAM self-test (mm/slab_selftest.c): every
 * kmalloc cache, large kmalloc and a cache with a constructor, filled until
 * a set part of the free pages is in use, each object patterned, verified
 * and freed in a shuffled order; then every slab page must be back in the
 * buddy allocator (nr_free per zone and order as before).
 */
#ifndef _EFIMM_SLAB_SELFTEST_H
#define _EFIMM_SLAB_SELFTEST_H

#include <linux/gfp.h>
#include <linux/slab.h>

/*
 * The allocator under test: NULL members (or NULL ops) mean the real
 * kmalloc, kfree, kmem_cache_alloc and kmem_cache_free. The host test wraps
 * them to inject faults.
 */
struct slab_selftest_ops {
	void *(*kmalloc)(size_t size, gfp_t gfp);
	void (*kfree)(const void *p);
	void *(*cache_alloc)(struct kmem_cache *s, gfp_t gfp);
	void (*cache_free)(struct kmem_cache *s, void *p);
	void (*progress)(const char *phase, unsigned long done, unsigned long total); /* may be NULL */
};

/* kmalloc classes: 8 ... KMALLOC_MAX_CACHE_SIZE, with 96 and 192 (Linux's kmalloc_info). */
#define SLAB_SELFTEST_CLASSES (KMALLOC_SHIFT_HIGH - KMALLOC_SHIFT_LOW + 3)

struct slab_selftest_result {
	unsigned long objects;                 /* objects allocated while filling */
	unsigned long per_class[SLAB_SELFTEST_CLASSES]; /* kmalloc objects per size class */
	unsigned int class_size[SLAB_SELFTEST_CLASSES];
	unsigned int nr_classes;
	unsigned long large;                   /* kmalloc above KMALLOC_MAX_CACHE_SIZE (buddy pages) */
	unsigned long ctor_objects;            /* objects from the constructor cache */
	unsigned long caches;                  /* distinct kmalloc caches reached */
	unsigned long alloc_failures;          /* NULL returns of variants (DMA, ...) before the target */
	unsigned long pages_used;              /* free pages taken at the peak */
	unsigned long slab_pages;              /* slab_nr_pages() growth at the peak */
	u64 bytes_requested;                   /* sum of the sizes asked for */
	u64 bytes_checked;                     /* pattern bytes written and read back */
	unsigned long ctor_calls;              /* constructor calls */
	unsigned long ctor_slab_objects;       /* objects in the constructor cache's slabs at the peak */
	unsigned long unconstructed;           /* objects handed out not in the constructed state */
	unsigned long reused;                  /* freed constructed objects handed out again, as they were */
	unsigned long bad_objects;             /* objects whose pattern read back wrong, or wrong ksize */
	unsigned long missed_caches;           /* kmalloc caches no request reached */
	long validate_errors;                  /* kmem_cache_validate_all at the peak and at the end */
	unsigned long counts_differing;        /* (zone, order) nr_free not back to the start */
	u64 alloc_ns, write_ns, verify_ns, free_ns;
};

/*
 * The slab_selftest option, as page_selftest: on (a pattern word per 64
 * bytes of each object, and its last word), full (every word), off; AUTO
 * (no option): on in batch runs, off otherwise (the console runs it on a
 * key). By default it fills 50% of the free pages, at most 512 MiB (the
 * boot tests' 16 GiB guests stay quick under emulation); slab_selftest=N%
 * (or N, with on/full: slab_selftest=full,N%) fills N% with no cap.
 */
enum slab_selftest_mode { SLAB_SELFTEST_AUTO, SLAB_SELFTEST_OFF, SLAB_SELFTEST_ON, SLAB_SELFTEST_FULL };
extern enum slab_selftest_mode efimm_slab_selftest;
extern unsigned int efimm_slab_selftest_percent;
extern bool efimm_slab_selftest_capped; /* no N% given: at most SLAB_SELFTEST_DEFAULT_CAP_MB */
#define SLAB_SELFTEST_DEFAULT_PERCENT 50
#define SLAB_SELFTEST_DEFAULT_CAP_MB 512
#define SLAB_SELFTEST_MAX_PERCENT 90

static inline bool slab_selftest_enabled(bool batch)
{
	return efimm_slab_selftest == SLAB_SELFTEST_ON || efimm_slab_selftest == SLAB_SELFTEST_FULL ||
	       (efimm_slab_selftest == SLAB_SELFTEST_AUTO && batch);
}

/* slab_selftest=on|off|full[,N[%]] or N[%]: 0, or -1 with a message naming the culprit. */
int slab_selftest_parse(const char *val);

/*
 * percent: fill until this part of the free pages is in use (1-90), but
 * no more than max_pages when that is not 0.
 * stride: bytes between pattern words in an object (a multiple of 8; the
 * first and last word of each object always). Returns 0 when all passed,
 * else the number of problems (printed).
 */
int slab_selftest(const struct slab_selftest_ops *ops, unsigned int percent, unsigned long max_pages,
		  unsigned int stride, u64 seed, struct slab_selftest_result *res);

#endif
