/*
 * efimm's own working memory (mm/kalloc.c): the buffers and records efimm
 * keeps for itself (console views, the report, file reads) come from SLUB
 * once slab_is_available(), the way Linux stops using memblock_alloc for
 * kmalloc then, and from a fallback allocator the platform names (the
 * firmware's pool under UEFI) only where SLUB cannot serve: before
 * bring-up, in a run that failed before the buddy stage, and after
 * kalloc_close (SLUB's memory is going back to the firmware).
 */
#ifndef _EFIMM_KALLOC_H
#define _EFIMM_KALLOC_H

#include <linux/types.h>

struct kmem_cache;

/* The platform's allocator for when SLUB cannot serve; free may be NULL (memory that can no longer be given back). */
struct kalloc_fallback {
	const char *name;
	void *(*alloc)(size_t size);
	void (*free)(void *p);
};

void kalloc_set_fallback(const struct kalloc_fallback *fb);

/* kmalloc (a large kmalloc, compound pages, past 8 KiB) or the fallback; NULL when neither can. */
void *efimm_kmalloc(size_t size);
void *efimm_kzalloc(size_t size);
/* Either kind: the page under p says which allocator gave it. NULL is ignored. */
void efimm_kfree(const void *p);

/* An object of one of efimm's named caches; where s is NULL or SLUB cannot serve, efimm_kmalloc(size). */
void *efimm_cache_alloc(struct kmem_cache *s, size_t size);
void efimm_cache_free(struct kmem_cache *s, void *p);

/* True when p is memory the slab or buddy allocator gave (not the fallback's). */
bool kalloc_from_slab(const void *p);

/* SLUB's memory is about to go away: from now on, the fallback only. */
void kalloc_close(void);

struct kalloc_stats {
	unsigned long live_slab, live_fallback;     /* allocations not freed yet */
	unsigned long slab_allocs, fallback_allocs; /* every allocation so far */
};
void kalloc_get_stats(struct kalloc_stats *st);

/* Tests: forget the counters and the closing (the fallback stays). */
void kalloc_reset(void);

#endif
