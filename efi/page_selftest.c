/*
 * The page allocator's self-test on the RAM efimm claimed (the logic is
 * mm/page_selftest.c): after memblock_free_all, every free page is taken
 * through alloc_pages at mixed orders, patterned, verified and freed in a
 * shuffled order, and each zone's nr_free per order must be back where it
 * was. The pattern is one 64-bit word per 64 bytes (a cache line) by
 * default, so a 16 GiB guest under emulation takes seconds, not minutes;
 * it still touches every line of every page. Progress in quarters, then the
 * throughput of each phase.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <efimm/platform.h>
#include <efimm/page_selftest.h>

/* Bytes between pattern words: 64, a cache line. */
#define PAGE_SELFTEST_STRIDE 64

static void drain(void)
{
	drain_all_pages(NULL);
}

static unsigned long last_quarter;
static const char *last_phase;

/* A line per quarter of each phase. */
static void progress(const char *phase, unsigned long done, unsigned long total)
{
	unsigned long quarter = total ? done * 4 / total : 4;

	if (phase != last_phase) {
		last_phase = phase;
		last_quarter = 0;
	}
	if (quarter <= last_quarter)
		return;
	last_quarter = quarter;
	pr_info("efimm: page self-test: %s %lu of %lu pages\n", phase, done, total);
}

/* MiB/s from bytes and ns, without 128-bit arithmetic. */
static unsigned long mib_per_s(u64 bytes, u64 ns)
{
	return ns ? (unsigned long)((bytes >> 10) * 1000000 / (ns / 1000 + 1) >> 10) : 0;
}

int efi_page_selftest(void)
{
	static const struct page_selftest_ops ops = {
		.alloc = alloc_pages, .free = __free_pages, .address = page_address,
		.drain = drain, .progress = progress,
	};
	struct page_selftest_result r;
	unsigned long blocks = 0;
	int problems;

	pr_info("efimm: page self-test: every free page through alloc_pages at orders 0-%d, a pattern word per %d bytes\n",
		MAX_PAGE_ORDER, PAGE_SELFTEST_STRIDE);
	problems = page_selftest(&ops, PAGE_SELFTEST_STRIDE, platform_time_ns(), &r);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		blocks += r.blocks[o];
	pr_info("efimm: page self-test: %lu pages (%lu MiB) in %lu blocks (order 0: %lu, 1: %lu, 2: %lu, 3: %lu, 4-8: %lu, 9: %lu, 10: %lu)\n",
		r.pages, r.pages >> 8, blocks, r.blocks[0], r.blocks[1], r.blocks[2], r.blocks[3],
		r.blocks[4] + r.blocks[5] + r.blocks[6] + r.blocks[7] + r.blocks[8], r.blocks[9], r.blocks[10]);
	pr_info("efimm: page self-test: alloc %llu ns/block, write %lu MiB/s and verify %lu MiB/s of pages, free %llu ns/block (shuffled)\n",
		(unsigned long long)(blocks ? r.alloc_ns / blocks : 0), mib_per_s((u64)r.pages << PAGE_SHIFT, r.write_ns),
		mib_per_s((u64)r.pages << PAGE_SHIFT, r.verify_ns), (unsigned long long)(blocks ? r.free_ns / blocks : 0));
	pr_info("efimm: page self-test: %s (%lu bad pattern words, %lu free counts not restored)\n",
		problems ? "FAILED" : "passed", r.bad_words, r.counts_differing);
	return problems;
}
