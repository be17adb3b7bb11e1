/*
 * The slab allocator's self-test on the RAM efimm claimed (the logic is
 * mm/slab_selftest.c): once SLUB is up, every kmalloc cache, large kmalloc
 * and a cache with a constructor are filled until slab_selftest=N% of the
 * free pages (default 50%) are in use, each object patterned (a word per
 * 64 bytes and its last word; every word with slab_selftest=full),
 * verified and freed in a shuffled order; then every slab page must be back
 * in the buddy allocator. Without N% the fill stops at 512 MiB. Batch runs run it unless slab_selftest=off; the
 * interactive console runs it on a key. Progress in quarters, then the
 * objects per size class, the throughput of each phase and the total time.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <efimm/platform.h>
#include <efimm/slab_selftest.h>

static void progress(const char *phase, unsigned long done, unsigned long total)
{
	efi_selftest_progress("slab self-test", phase, done, total, !strcmp(phase, "filled") ? "pages" : "objects");
}

static unsigned long long per(u64 ns, unsigned long n)
{
	return n ? (unsigned long long)(ns / n) : 0;
}

static unsigned long mib_per_s(u64 bytes, u64 ns)
{
	return ns ? (unsigned long)((bytes >> 10) * 1000000 / (ns / 1000 + 1) >> 10) : 0;
}

int efi_slab_selftest(void)
{
	static const struct slab_selftest_ops ops = { .progress = progress };
	bool full = efimm_slab_selftest == SLAB_SELFTEST_FULL;
	unsigned int pct = efimm_slab_selftest_percent;
	unsigned long cap = efimm_slab_selftest_capped ? SLAB_SELFTEST_DEFAULT_CAP_MB << (20 - PAGE_SHIFT) : 0;
	struct slab_selftest_result r;
	u64 t = platform_time_ns(), total_ns;
	char line[256];
	int problems, len;

	if (!slab_is_available()) {
		pr_warn("efimm: slab self-test: the slab allocator is not up; skipped\n");
		return 0;
	}
	pr_info("efimm: slab self-test: every kmalloc cache, large kmalloc and a constructor cache until %u%% of the %lu free pages%s are in use, %s\n",
		pct, nr_free_pages(), cap && nr_free_pages() / 100 * pct > cap ? " (at most 512 MiB)" : "", full ? "every 64-bit word patterned (slab_selftest=full)" : "a pattern word per 64 bytes of each object");
	efi_selftest_progress_reset();
	problems = slab_selftest(&ops, pct, cap, full ? 8 : 64, t, &r);
	total_ns = platform_time_ns() - t;
	len = snprintf(line, sizeof(line), "efimm: slab self-test: %lu objects (%llu MiB asked for) in %lu kmalloc caches:",
		       r.objects, (unsigned long long)(r.bytes_requested >> 20), r.caches);
	for (unsigned int c = 0; c < r.nr_classes && len < (int)sizeof(line) - 24; c++)
		len += snprintf(line + len, sizeof(line) - len, " %u: %lu,", r.class_size[c], r.per_class[c]);
	pr_info("%s large: %lu, ctor: %lu\n", line, r.large, r.ctor_objects);
	pr_info("efimm: slab self-test: at the peak %lu pages in use (%lu in slabs); the constructor ran %lu times for %lu slab objects, %lu objects reused constructed; %lu DMA/variant requests refused\n",
		r.pages_used, r.slab_pages, r.ctor_calls, r.ctor_slab_objects, r.reused, r.alloc_failures);
	pr_info("efimm: slab self-test: alloc %llu ns/object, write %lu MiB/s and verify %lu MiB/s of patterns, free %llu ns/object (shuffled)\n",
		per(r.alloc_ns, r.objects), mib_per_s(r.bytes_checked, r.write_ns), mib_per_s(r.bytes_checked, r.verify_ns),
		per(r.free_ns, r.objects));
	pr_info("efimm: slab self-test: %s in %llu ms (%lu bad objects, %lu unconstructed, %lu caches missed, %ld validation errors, %lu free counts not restored)\n",
		problems ? "FAILED" : "passed", (unsigned long long)(total_ns / 1000000), r.bad_objects, r.unconstructed,
		r.missed_caches, r.validate_errors, r.counts_differing);
	return problems;
}
