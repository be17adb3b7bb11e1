/*
 * The page allocator's self-test over real RAM: allocate every free page
 * through the allocator at mixed orders (a fixed cycle of orders 0-10, each
 * falling back to smaller ones when it fails), write a pattern unique to
 * each page, offset and owning block, read it back, free all blocks in a
 * shuffled order (a merge sort of the blocks by a hash of their pfn and a
 * seed), and require each zone's nr_free per order to be exactly what it
 * was: buddy merging must rebuild the same blocks. The quick pattern is
 * three words per page (first, middle, last: a page handed out twice, or
 * an address mapped to the wrong page, shows its other owner's words), so it
 * costs little more than touching each page once; the full one is every word.
 * Bookkeeping lives in the allocated pages' own struct page (lru chains the
 * blocks, private holds the order), as the owner of an allocated page may,
 * so the test needs no other memory except one block for the snapshot of
 * the counters.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <efimm/platform.h>
#include <efimm/page_selftest.h>

enum page_selftest_mode efimm_page_selftest = PAGE_SELFTEST_AUTO;

/* The cycle of orders asked for: mostly small, some large, as a mixed workload. */
static const unsigned char order_cycle[] = { 0, 3, 1, 10, 0, 2, 9, 0, 5, 1, 4, 0, 7, 6, 8, 2 };

/* A 64-bit mix (splitmix64's finaliser): patterns and shuffle keys; the slab self-test's too. */
u64 mix64(u64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The word at offset off of page pfn in the block starting at head: unique to page, offset and owner. */
static u64 pattern(u64 seed, unsigned long head, unsigned long order, unsigned long pfn, unsigned int off)
{
	return mix64(seed ^ mix64((u64)head << 4 | order) ^ ((u64)pfn << 12 | off));
}

/* Blocks form a singly linked list through page->lru.next. */
static struct page *block_next(struct page *p)
{
	return (struct page *)p->lru.next;
}

static void set_block_next(struct page *p, struct page *next)
{
	p->lru.next = (struct list_head *)next;
}

static u64 block_key(u64 seed, struct page *p)
{
	return mix64(seed + 0x9e3779b97f4a7c15ULL * page_to_pfn(p));
}

/* Bottom-up merge sort of the list by block_key: O(n log n), no memory. */
static struct page *shuffle_blocks(struct page *list, u64 seed)
{
	for (unsigned long width = 1;; width <<= 1) {
		struct page *head = NULL, *tail = NULL, *p = list;
		unsigned long merges = 0;

		while (p) {
			struct page *q = p;
			unsigned long psize = 0, qsize = width;

			merges++;
			while (q && psize < width) {
				psize++;
				q = block_next(q);
			}
			while (psize || (qsize && q)) {
				struct page *e;

				if (!psize) {
					e = q, q = block_next(q), qsize--;
				} else if (!qsize || !q || block_key(seed, p) <= block_key(seed, q)) {
					e = p, p = block_next(p), psize--;
				} else {
					e = q, q = block_next(q), qsize--;
				}
				if (tail)
					set_block_next(tail, e);
				else
					head = e;
				tail = e;
			}
			p = q;
		}
		if (tail)
			set_block_next(tail, NULL);
		list = head;
		if (merges <= 1)
			return list;
	}
}

unsigned long nr_free_counters(void)
{
	return (unsigned long)nr_node_ids * MAX_NR_ZONES * NR_PAGE_ORDERS;
}

void nr_free_snapshot(unsigned long *c)
{
	memset(c, 0, nr_free_counters() * sizeof(*c));
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		if (!node_online(nid) || !NODE_DATA(nid))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++)
			for (int o = 0; o < NR_PAGE_ORDERS; o++)
				c[(nid * MAX_NR_ZONES + z) * NR_PAGE_ORDERS + o] = NODE_DATA(nid)->node_zones[z].free_area[o].nr_free;
	}
}

unsigned long nr_free_report_changes(const char *test, const unsigned long *before, const unsigned long *after)
{
	unsigned long differing = 0;

	for (unsigned long i = 0; i < nr_free_counters(); i++) {
		unsigned long o = i % NR_PAGE_ORDERS, z = i / NR_PAGE_ORDERS % MAX_NR_ZONES;

		if (before[i] != after[i] && differing++ < 8)
			pr_err("efimm: %s: node %lu zone %s order %lu: nr_free %lu, was %lu\n", test,
			       i / NR_PAGE_ORDERS / MAX_NR_ZONES, zone_names[z], o, after[i], before[i]);
	}
	return differing;
}

static unsigned long total_free_pages(void)
{
	unsigned long n = 0;
	int nid;

	for_each_online_node(nid)
		for (int z = 0; NODE_DATA(nid) && z < MAX_NR_ZONES; z++)
			for (int o = 0; o < NR_PAGE_ORDERS; o++)
				n += NODE_DATA(nid)->node_zones[z].free_area[o].nr_free << o;
	return n;
}

/* Progress about 16 times per phase, and at its end. */
static void progress(const struct page_selftest_ops *ops, const char *phase, unsigned long done, unsigned long total,
		     unsigned long *next)
{
	if (!ops->progress || (done < *next && done != total))
		return;
	ops->progress(phase, done, total);
	*next = done + max(total / 16, 1UL);
}

/* The next pattern word's offset in a page: every word (full), or 0, the middle and the last word. */
static unsigned int next_offset(unsigned int off, bool full)
{
	if (full)
		return off + 8;
	if (off == 0)
		return PAGE_SIZE / 2;
	return off == PAGE_SIZE / 2 ? PAGE_SIZE - 8 : PAGE_SIZE;
}

unsigned int page_selftest_words(bool full)
{
	unsigned int n = 0;

	for (unsigned int off = 0; off < PAGE_SIZE; off = next_offset(off, full))
		n++;
	return n;
}

static unsigned int order_for(unsigned long bytes)
{
	unsigned int o = 0;

	while ((PAGE_SIZE << o) < bytes)
		o++;
	return o;
}

int page_selftest(const struct page_selftest_ops *ops, bool full, u64 seed, struct page_selftest_result *res)
{
	unsigned int snap_order = order_for(nr_free_counters() * sizeof(unsigned long));
	struct page *snap_page, *list = NULL;
	unsigned long *before, *after, expect, next, done, nblocks = 0;
	unsigned int cyc = 0;
	u64 t;
	int problems = 0;

	memset(res, 0, sizeof(*res));
	res->words_per_page = page_selftest_words(full);
	if (snap_order + 1 > MAX_PAGE_ORDER || !(snap_page = ops->alloc(PAGE_SELFTEST_GFP, snap_order + 1))) {
		pr_err("efimm: page self-test: no memory for the counter snapshot\n");
		return 1;
	}
	before = ops->address(snap_page);
	after = before + (PAGE_SIZE << snap_order) / sizeof(unsigned long);
	if (ops->drain)
		ops->drain();
	nr_free_snapshot(before);
	expect = total_free_pages();

	/* 1. Everything, at mixed orders. */
	t = platform_time_ns();
	next = 0;
	for (;;) {
		unsigned int order = order_cycle[cyc++ % ARRAY_SIZE(order_cycle)];
		struct page *page = NULL;

		for (;; order--) {
			page = ops->alloc(PAGE_SELFTEST_GFP, order);
			if (page || !order)
				break;
		}
		/* Nothing down to order 0: a buddy allocator is empty now; any allocator, if no order works. */
		for (unsigned int o = 1; !page && o <= MAX_PAGE_ORDER; o++) {
			page = ops->alloc(PAGE_SELFTEST_GFP, o);
			order = o;
		}
		if (!page)
			break;
		page->private = order;
		set_block_next(page, list);
		list = page;
		nblocks++;
		res->blocks[order]++;
		res->pages += 1UL << order;
		progress(ops, "allocated", res->pages, max(expect, res->pages), &next);
		/* An allocator that never runs dry hands out pages it does not have: stop, and say so. */
		if (res->pages > expect + (1UL << MAX_PAGE_ORDER)) {
			pr_err("efimm: page self-test: the allocator handed out %lu pages, only %lu were free; stopped\n",
			       res->pages, expect);
			break;
		}
	}
	res->alloc_ns = platform_time_ns() - t;
	/* Fewer: pages the allocator cannot reach; more: pages handed out twice. */
	if (res->pages != expect) {
		pr_err("efimm: page self-test: allocated %lu pages, %lu were free\n", res->pages, expect);
		problems++;
	}

	/* 2. The pattern words, unique to the page, offset and block. */
	t = platform_time_ns();
	next = done = 0;
	for (struct page *p = list; p; p = block_next(p)) {
		unsigned long pfn = page_to_pfn(p), n = 1UL << p->private;
		char *va = ops->address(p);

		for (unsigned long i = 0; i < n; i++, done++)
			for (unsigned int off = 0; off < PAGE_SIZE; off = next_offset(off, full))
				*(volatile u64 *)(va + i * PAGE_SIZE + off) = pattern(seed, pfn, p->private, pfn + i, off);
		res->bytes_checked += (u64)n * res->words_per_page * 8;
		progress(ops, "written", done, res->pages, &next);
	}
	res->write_ns = platform_time_ns() - t;

	/* 3. Every word read back: a page given out twice would show its other owner's pattern. */
	t = platform_time_ns();
	next = done = 0;
	for (struct page *p = list; p; p = block_next(p)) {
		unsigned long pfn = page_to_pfn(p), n = 1UL << p->private;
		const char *va = ops->address(p);

		for (unsigned long i = 0; i < n; i++, done++)
			for (unsigned int off = 0; off < PAGE_SIZE; off = next_offset(off, full)) {
				u64 got = *(const volatile u64 *)(va + i * PAGE_SIZE + off);

				if (got != pattern(seed, pfn, p->private, pfn + i, off) && res->bad_words++ < 8)
					pr_err("efimm: page self-test: pfn %#lx offset %#x reads %#llx, want %#llx\n", pfn + i,
					       off, (unsigned long long)got, (unsigned long long)pattern(seed, pfn, p->private, pfn + i, off));
			}
		progress(ops, "verified", done, res->pages, &next);
	}
	res->verify_ns = platform_time_ns() - t;
	if (res->bad_words)
		problems++;

	/* 4. Free in a shuffled order, then the counters must be as before. */
	t = platform_time_ns();
	list = shuffle_blocks(list, seed);
	next = done = 0;
	while (list) {
		struct page *p = list;
		unsigned int order = (unsigned int)p->private;

		list = block_next(p);
		p->private = 0;
		INIT_LIST_HEAD(&p->lru);
		ops->free(p, order);
		done += 1UL << order;
		progress(ops, "freed", done, res->pages, &next);
	}
	if (ops->drain)
		ops->drain();
	res->free_ns = platform_time_ns() - t;
	if (done != res->pages || nblocks == 0)
		problems++;
	nr_free_snapshot(after);
	res->counts_differing = nr_free_report_changes("page self-test", before, after);
	if (res->counts_differing)
		problems++;
	ops->free(snap_page, snap_order + 1);
	return problems;
}
