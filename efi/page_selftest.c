/*
 * The page allocator's self-test on the RAM efimm claimed (the logic is
 * mm/page_selftest.c): after memblock_free_all, every free page is taken
 * through alloc_pages at mixed orders, patterned, verified and freed in a
 * shuffled order, and each zone's nr_free per order must be back where it
 * was. By default three pattern words per page (first, middle, last):
 * under emulation the cost is then the first write into each page (QEMU
 * backing it with host memory), not the pattern; page_selftest=full writes
 * and reads every word. Batch runs run it unless page_selftest=off; the
 * interactive console runs it on a key. Progress in quarters, then the
 * throughput of each phase and the total time.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <efimm/platform.h>
#include <efimm/page_selftest.h>

struct page_selftest_result page_selftest_last;

static void drain(void)
{
	drain_all_pages(NULL);
}

static unsigned long last_quarter;
static const char *last_test, *last_phase;

/* A self-test starts: its first phase reports from its first quarter again. */
void efi_selftest_progress_reset(void)
{
	last_test = last_phase = NULL;
}

/* A line per quarter of each phase of a self-test: "efimm: TEST: PHASE N of M UNIT". */
void efi_selftest_progress(const char *test, const char *phase, unsigned long done, unsigned long total,
			   const char *unit)
{
	unsigned long quarter = total ? done * 4 / total : 4;

	if (test != last_test || phase != last_phase) {
		last_test = test;
		last_phase = phase;
		last_quarter = 0;
	}
	if (quarter <= last_quarter)
		return;
	last_quarter = quarter;
	pr_info("efimm: %s: %s %lu of %lu %s\n", test, phase, done, total, unit);
}

static void progress(const char *phase, unsigned long done, unsigned long total)
{
	efi_selftest_progress("page self-test", phase, done, total, "pages");
}

/* MiB/s from bytes and ns, without 128-bit arithmetic. */
static unsigned long mib_per_s(u64 bytes, u64 ns)
{
	return ns ? (unsigned long)((bytes >> 10) * 1000000 / (ns / 1000 + 1) >> 10) : 0;
}

/* ns per unit, 0 when nothing was done. */
static unsigned long long per(u64 ns, unsigned long n)
{
	return n ? (unsigned long long)(ns / n) : 0;
}

int efi_page_selftest(void)
{
	static const struct page_selftest_ops ops = {
		.alloc = alloc_pages, .free = __free_pages, .address = page_address,
		.drain = drain, .progress = progress,
	};
	bool full = efimm_page_selftest == PAGE_SELFTEST_FULL;
	struct page_selftest_result r;
	unsigned long blocks = 0;
	u64 t = platform_time_ns(), total_ns;
	int problems;

	pr_info("efimm: page self-test: every free page through alloc_pages at orders 0-%d, %s\n", MAX_PAGE_ORDER,
		full ? "every 64-bit word patterned (page_selftest=full)" : "3 pattern words per page (first, middle, last)");
	efi_selftest_progress_reset();
	problems = page_selftest(&ops, full, t, &r);
	total_ns = platform_time_ns() - t;
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		blocks += r.blocks[o];
	pr_info("efimm: page self-test: %lu pages (%lu MiB) in %lu blocks (order 0: %lu, 1: %lu, 2: %lu, 3: %lu, 4-8: %lu, 9: %lu, 10: %lu)\n",
		r.pages, r.pages >> 8, blocks, r.blocks[0], r.blocks[1], r.blocks[2], r.blocks[3],
		r.blocks[4] + r.blocks[5] + r.blocks[6] + r.blocks[7] + r.blocks[8], r.blocks[9], r.blocks[10]);
	pr_info("efimm: page self-test: alloc %llu ns/block, write %llu ns/page and verify %llu ns/page (%lu MiB/s and %lu MiB/s of pages, %u words each), free %llu ns/block (shuffled)\n",
		per(r.alloc_ns, blocks), per(r.write_ns, r.pages), per(r.verify_ns, r.pages),
		mib_per_s((u64)r.pages << PAGE_SHIFT, r.write_ns), mib_per_s((u64)r.pages << PAGE_SHIFT, r.verify_ns),
		r.words_per_page, per(r.free_ns, blocks));
	pr_info("efimm: page self-test: %s in %llu ms (%lu bad pattern words, %lu free counts not restored)\n",
		problems ? "FAILED" : "passed", (unsigned long long)(total_ns / 1000000), r.bad_words, r.counts_differing);
	page_selftest_last = r;
	return problems;
}
