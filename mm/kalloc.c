/*
 * efimm's own working memory: SLUB once it is up, a platform fallback
 * otherwise (include/efimm/kalloc.h). Linux switches from memblock_alloc to
 * kmalloc when slab_is_available(); efimm does the same for what it keeps
 * for itself, and counts what it takes so a run can prove nothing leaked.
 *
 * Why a fallback exists at all: before bring-up nothing but the firmware
 * allocates (the command line is read before memblock exists); a run that
 * failed before the buddy stage still shows its console and saves its
 * report; and SLUB's pages are RAM claimed from the firmware, so once
 * kalloc_close has run (just before the claims go back) whatever comes
 * later, a report saved after the claims went back, must not touch them.
 *
 * Which allocator gave a pointer is read from its page, as Linux's kvfree
 * tells vmalloc from kmalloc by address: a page the buddy allocator
 * manages is SLUB's or a large kmalloc's; the fallback's memory lies in
 * ranges memblock kept reserved (PageReserved) or outside the memory map.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/page-flags.h>
#include <linux/slab.h>
#include <efimm/kalloc.h>

static const struct kalloc_fallback *fallback;
static bool closed;
static struct kalloc_stats stats;

void kalloc_set_fallback(const struct kalloc_fallback *fb)
{
	fallback = fb;
}

static bool slab_usable(void)
{
	return !closed && slab_is_available();
}

bool kalloc_from_slab(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p) || !slab_usable())
		return false;
	page = virt_to_page(p);
	return page && !PageReserved(compound_head(page));
}

static void *fallback_alloc(size_t size)
{
	void *p = fallback && fallback->alloc ? fallback->alloc(size) : NULL;

	if (p) {
		stats.live_fallback++;
		stats.fallback_allocs++;
	}
	return p;
}

/* kmalloc(0)'s ZERO_SIZE_PTR holds nothing, so it is not counted. */
static void *counted(void *p)
{
	if (!ZERO_OR_NULL_PTR(p)) {
		stats.live_slab++;
		stats.slab_allocs++;
	}
	return p;
}

/*
 * No fallback when SLUB is up but refuses: the request is then too large
 * or memory is short, and the fallback may be gone (after
 * ExitBootServices the firmware's pool is).
 */
void *efimm_kmalloc(size_t size)
{
	if (!slab_usable())
		return fallback_alloc(size);
	return counted(kmalloc(size, GFP_KERNEL));
}

void *efimm_kzalloc(size_t size)
{
	void *p = efimm_kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void efimm_kfree(const void *p)
{
	if (ZERO_OR_NULL_PTR(p))
		return;
	if (kalloc_from_slab(p)) {
		kfree(p);
		stats.live_slab--;
		return;
	}
	if (fallback && fallback->free)
		fallback->free((void *)p);
	stats.live_fallback--;
}

void *efimm_cache_alloc(struct kmem_cache *s, size_t size)
{
	if (!s || !slab_usable())
		return efimm_kmalloc(size);
	return counted(kmem_cache_alloc(s, GFP_KERNEL));
}

/* An object that came from kmalloc (s did not exist yet, or SLUB was down) goes back the way it came. */
void efimm_cache_free(struct kmem_cache *s, void *p)
{
	struct page *head;

	if (ZERO_OR_NULL_PTR(p))
		return;
	if (!s || !kalloc_from_slab(p) || !PageSlab(head = compound_head(virt_to_page(p))) ||
	    head->slab_cache != s) {
		efimm_kfree(p);
		return;
	}
	kmem_cache_free(s, p);
	stats.live_slab--;
}

void kalloc_close(void)
{
	closed = true;
}

void kalloc_get_stats(struct kalloc_stats *st)
{
	*st = stats;
}

void kalloc_reset(void)
{
	closed = false;
	memset(&stats, 0, sizeof(stats));
}
