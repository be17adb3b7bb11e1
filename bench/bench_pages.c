/*
 * make bench, host part of the page allocator's benchmark: alloc_pages +
 * __free_pages pairs over a 4 GiB layout (struct pages in a lazily backed
 * window; the pages' own memory is never touched, by either side) against
 * jemalloc (Debian's libjemalloc) doing the same page-sized allocations
 * with mallocx(MALLOCX_ALIGN(4096)) / dallocx, in the same run. Two
 * workloads: order-0 pairs, and mixed orders 0-4 (a fixed cycle) held 64 at
 * a time then freed in reverse. Built with -O2 and no sanitizers. Each side
 * runs ROUNDS short rounds, alternating with the other, and its best round
 * counts: on a shared machine the other rounds measure the neighbours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <jemalloc/jemalloc.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/gfp.h>
#include <efimm/host.h>
#include "bench_machine.h"
#include <efimm/mm_init.h>
#include <efimm/numa.h>
#include <efimm/setup.h>

#define PAIRS 500000UL
#define HELD 64
#define ROUNDS 20

static const unsigned char mixed_orders[16] = { 0, 1, 0, 2, 0, 0, 3, 1, 0, 4, 0, 1, 2, 0, 0, 3 };

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double ours_order0(void)
{
	double t = now_ns();

	for (unsigned long i = 0; i < PAIRS; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, 0);

		if (!p)
			abort();
		__free_pages(p, 0);
	}
	return (now_ns() - t) / PAIRS;
}

static double peer_order0(void)
{
	double t = now_ns();

	for (unsigned long i = 0; i < PAIRS; i++) {
		void *p = mallocx(4096, MALLOCX_ALIGN(4096));

		if (!p)
			abort();
		dallocx(p, 0);
	}
	return (now_ns() - t) / PAIRS;
}

static double ours_mixed(void)
{
	struct page *held[HELD];
	double t = now_ns();

	for (unsigned long i = 0; i < PAIRS / HELD; i++) {
		for (int j = 0; j < HELD; j++)
			if (!(held[j] = alloc_pages(GFP_KERNEL, mixed_orders[j % 16])))
				abort();
		for (int j = HELD - 1; j >= 0; j--)
			__free_pages(held[j], mixed_orders[j % 16]);
	}
	return (now_ns() - t) / (PAIRS / HELD * HELD);
}

static double peer_mixed(void)
{
	void *held[HELD];
	double t = now_ns();

	for (unsigned long i = 0; i < PAIRS / HELD; i++) {
		for (int j = 0; j < HELD; j++)
			if (!(held[j] = mallocx(4096UL << mixed_orders[j % 16], MALLOCX_ALIGN(4096))))
				abort();
		for (int j = HELD - 1; j >= 0; j--)
			dallocx(held[j], 0);
	}
	return (now_ns() - t) / (PAIRS / HELD * HELD);
}

/* The best of ROUNDS alternating rounds of each side (after a warm-up of each). */
static void best_of(double (*ours_fn)(void), double (*peer_fn)(void), double *ours, double *peer)
{
	ours_fn();
	peer_fn();
	*ours = *peer = 1e30;
	for (int r = 0; r < ROUNDS; r++) {
		double o = ours_fn(), p = peer_fn();

		*ours = o < *ours ? o : *ours;
		*peer = p < *peer ? p : *peer;
	}
}

static void report(const char *name, double ours, double peer, const char *what)
{
	printf("BENCH %s ours=%.1fns peer=jemalloc:%.1fns ratio=%.2f target=1\n", name, ours, peer, ours / peer);
	printf("  %s: %.1f ns per alloc+free pair with alloc_pages/__free_pages, %.1f ns with jemalloc 5.3 mallocx/dallocx "
	       "(best of %d rounds of %lu pairs; ratio = ours / jemalloc, below 1 is faster)\n", name, ours, peer, ROUNDS,
	       PAIRS);
	if (what)
		printf("  %s\n", what);
}

int main(void)
{
	static char out[1 << 16];
	const phys_addr_t end = 5 * SZ_1G;
	double ours, peer;

	void *win = bench_fake_machine(end);

	if (!win)
		return 1;
	host_capture_start(out, sizeof(out));
	x86_paging_init();
	build_all_zonelists(NULL);
	memblock_free_all();
	init_per_zone_wmark_min();
	host_capture_stop();
	if (!nr_free_pages()) {
		fprintf(stderr, "bench: the page allocator has no free pages\n");
		return 1;
	}
	/* A warm-up of each (in best_of), so neither side pays for first-touch of its metadata in the timed runs. */
	best_of(ours_order0, peer_order0, &ours, &peer);
	report("page_alloc_order0_host", ours, peer, NULL);
	best_of(ours_mixed, peer_mixed, &ours, &peer);
	report("page_alloc_mixed_host", ours, peer,
	       "mixed: orders 0-4 (4-64 KiB), 64 held then freed in reverse; jemalloc asked for 4 KiB alignment, ours are naturally aligned");
	host_lazy_phys_window_free(win, end);
	return 0;
}
