/*
 * efimm's own memory under UEFI (the logic is mm/kalloc.c): the firmware's
 * pool is the fallback allocator, which serves before bring-up, in runs
 * that failed before the buddy stage, and after efi_kalloc_exit, when
 * SLUB's claimed RAM goes back to the firmware; efimm's own caches are
 * created here once SLUB is up and destroyed before the claims go back.
 * After ExitBootServices (efi/ebs.c) SLUB is up and the claims are kept,
 * so the pool is never reached there.
 */
#include "efimm.h"
#include "kalloc.h"
#include <linux/kernel.h>
#include <linux/slab.h>

struct kmem_cache *efimm_view_line_cache;

static void *pool_alloc(size_t size)
{
	void *p;

	return EFI_ERROR(BS->AllocatePool(EfiLoaderData, size, &p)) ? NULL : p;
}

static void pool_free(void *p)
{
	BS->FreePool(p);
}

static const struct kalloc_fallback efi_pool = { "the firmware's pool", pool_alloc, pool_free };

void efi_kalloc_setup(void)
{
	kalloc_set_fallback(&efi_pool);
}

void efi_kalloc_init(void)
{
	if (!slab_is_available() || efimm_view_line_cache)
		return;
	/* Never merged into a like-sized cache: it is to show under its own name in /proc/slabinfo. */
	efimm_view_line_cache = kmem_cache_create("efimm_view_line", sizeof(struct efi_view_line), 0, SLAB_NO_MERGE, NULL);
	if (!efimm_view_line_cache)
		pr_warn("efimm: kmem_cache_create(efimm_view_line) failed; the console's line records come from kmalloc\n");
}

unsigned long efi_kalloc_exit(void)
{
	struct kalloc_stats st;

	/* A cache with objects left is reported by kmem_cache_destroy and kept; the claims go back regardless. */
	if (efimm_view_line_cache && slab_is_available())
		kmem_cache_destroy(efimm_view_line_cache);
	efimm_view_line_cache = NULL;
	kalloc_close();
	kalloc_get_stats(&st);
	if (st.live_slab || st.live_fallback)
		pr_warn("efimm: own memory: %lu allocations still held (%lu from the slab allocator, %lu from %s)\n",
			st.live_slab + st.live_fallback, st.live_slab, st.live_fallback, efi_pool.name);
	else
		pr_info("efimm: own memory: %lu allocations from the slab allocator and %lu from %s, all freed\n",
			st.slab_allocs, st.fallback_allocs, efi_pool.name);
	return st.live_slab + st.live_fallback;
}
