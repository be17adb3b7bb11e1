/*
 * The `bench` option's slab benchmark in the guest: kmem_cache_alloc +
 * kmem_cache_free pairs of 64-byte objects through SLUB against the
 * firmware's pool allocator (BootServices AllocatePool/FreePool of 64 bytes)
 * in the same run, and kmalloc/kfree of mixed sizes (8 B - 4 KiB, 64 held
 * then freed in reverse) against AllocatePool/FreePool of the same sizes.
 * The target is 20x the firmware's speed (ratio = ours / firmware <= 0.05).
 * When SLUB is not up, nothing is measured and the reason is printed.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <efimm/platform.h>

#define FW_PAIRS 16384UL
#define OUR_PAIRS 1048576UL
#define HELD 64

static const unsigned short mixed_sizes[16] = { 16, 64, 8, 256, 32, 96, 1024, 64, 128, 512, 24, 2048, 192, 48, 4096, 80 };

/* ns per pair; 0 when the firmware refused. */
static u64 fw_pairs(bool mixed)
{
	void *held[HELD];
	u64 t = platform_time_ns();

	for (unsigned long i = 0; i < FW_PAIRS / HELD; i++) {
		int n = mixed ? HELD : 1;

		for (int k = 0; k < HELD; k += n) {
			for (int j = 0; j < n; j++)
				if (EFI_ERROR(BS->AllocatePool(EfiLoaderData, mixed ? mixed_sizes[j % 16] : 64, &held[j])))
					return 0;
			for (int j = n - 1; j >= 0; j--)
				BS->FreePool(held[j]);
		}
	}
	return (platform_time_ns() - t) / FW_PAIRS;
}

/* ps (1/1000 ns) per pair: ours are a few ns each under KVM, tens under TCG. */
static u64 our_pairs(struct kmem_cache *s, bool mixed)
{
	void *held[HELD];
	u64 t = platform_time_ns();

	for (unsigned long i = 0; i < OUR_PAIRS / HELD; i++) {
		int n = mixed ? HELD : 1;

		for (int k = 0; k < HELD; k += n) {
			for (int j = 0; j < n; j++) {
				held[j] = mixed ? kmalloc(mixed_sizes[j % 16], GFP_KERNEL | __GFP_NOWARN)
						: kmem_cache_alloc(s, GFP_KERNEL | __GFP_NOWARN);
				if (!held[j])
					return 0;
			}
			for (int j = n - 1; j >= 0; j--) {
				if (mixed)
					kfree(held[j]);
				else
					kmem_cache_free(s, held[j]);
			}
		}
	}
	return (platform_time_ns() - t) * 1000 / OUR_PAIRS;
}

static void report(const char *name, const char *what, u64 ours_ps, u64 fw)
{
	u64 fw_ps = fw * 1000;

	if (!fw) {
		pr_warn("efimm: bench %s: the firmware refused AllocatePool\n", name);
		return;
	}
	if (!ours_ps) {
		pr_warn("efimm: bench %s: the slab allocator failed an allocation\n", name);
		return;
	}
	pr_info("BENCH %s ours=%llu.%01lluns peer=firmware:%lluns ratio=%llu.%03llu target=0.05\n", name,
		(unsigned long long)(ours_ps / 1000), (unsigned long long)(ours_ps / 100 % 10), (unsigned long long)fw,
		(unsigned long long)(ours_ps / fw_ps), (unsigned long long)(ours_ps * 1000 / fw_ps % 1000));
	pr_info("  %s: %llu.%01llu ns per %s pair (%lu pairs), %llu ns per AllocatePool+FreePool (%lu pairs)\n", name,
		(unsigned long long)(ours_ps / 1000), (unsigned long long)(ours_ps / 100 % 10), what, OUR_PAIRS,
		(unsigned long long)fw, FW_PAIRS);
}

void efi_slab_bench(void)
{
	struct kmem_cache *s;

	if (!slab_is_available()) {
		pr_warn("efimm: bench: the slab allocator is not up; no slab benchmark\n");
		return;
	}
	s = kmem_cache_create("efimm_bench_64", 64, 0, 0, NULL);
	if (!s) {
		pr_warn("efimm: bench: kmem_cache_create(efimm_bench_64) failed; no slab benchmark\n");
		return;
	}
	/* A warm-up so the first slab's allocation is not timed. */
	our_pairs(s, false);
	report("slab_cache64_efi", "kmem_cache_alloc+kmem_cache_free (64 B)", our_pairs(s, false), fw_pairs(false));
	kmem_cache_destroy(s);
	our_pairs(NULL, true);
	report("slab_kmalloc_mixed_efi", "kmalloc+kfree (8 B-4 KiB, 64 held)", our_pairs(NULL, true), fw_pairs(true));
}
