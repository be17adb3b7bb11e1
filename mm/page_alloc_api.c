/*
 * The page allocator's entry points besides the fast paths (Linux 6.12
 * mm/page_alloc.c): the slow path (the min watermark and the reserves an
 * atomic request may use; failure is NULL plus warn_alloc's report), the
 * bad free reports (bad_page, and free_pages_report_bad, which names the
 * first bad page of a block the fast path refused, so a double free or a
 * wrong order never reaches the free lists), compound pages, and the
 * exact-size and address-based helpers. __alloc_pages and __free_pages
 * are in mm/page_alloc_pcp.c with the per-cpu lists they use; the buddy
 * itself is mm/page_alloc.c.
 */
#include <linux/gfp.h>
#include <linux/pageblock-flags.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <efimm/page_alloc.h>
#include <efimm/platform.h>

static const char *const pageflag_names[__NR_PAGEFLAGS] = {
	"locked", "writeback", "referenced", "uptodate", "dirty", "lru", "head", "waiters", "active",
	"workingset", "owner_priv_1", "owner_2", "arch_1", "reserved", "private", "private_2", "reclaim",
	"swapbacked", "unevictable", "mlocked", "hwpoison",
};

/* bad_page: Linux's report (dump_page), naming the page; the page is left alone. */
void bad_page(const struct page *page, unsigned long pfn, const char *reason)
{
	char names[256];
	size_t len = 0;

	names[0] = '\0';
	for (int b = 0; b < __NR_PAGEFLAGS; b++)
		if ((page->flags >> b) & 1)
			len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s", len ? "|" : "",
						   pageflag_names[b]);
	page_alloc_stats.bad_pages++;
	pr_err("BUG: Bad page state in process efimm  pfn:%05lx\n", pfn);
	pr_err("page: refcount:%d mapcount:%d mapping:0000000000000000 index:%#lx pfn:%#lx\n", page->_refcount,
		 PageBuddy(page) || page->page_type == PAGE_TYPE_PCP ? -1 : page->_mapcount + 1, page->index, pfn);
	pr_err("flags: %#lx(%s%snode=%d|zone=%d)\n", page->flags & PAGE_FLAGS_MASK, names, len ? "|" : "",
		 page_to_nid(page), page_zonenum(page));
	if (PageBuddy(page))
		pr_err("page_type: f0(buddy)\n");
	else if (page->page_type == PAGE_TYPE_PCP)
		pr_err("page_type: %x(pcp)\n", PGTY_pcp);
	pr_err("page dumped because: %s\n", reason);
}

/* free_page_is_bad / free_tail_page_prepare: why this page cannot be freed, or NULL. */
static const char *page_bad_reason(const struct page *page, bool head)
{
	if (PageBuddy(page))
		return "page is already free (PageBuddy): double free?";
	if (page->page_type == PAGE_TYPE_PCP)
		return "page is already free (on a per-cpu list): double free?";
	if (page->_mapcount != -1)
		return "nonzero mapcount";
	if (page->flags & (1UL << PG_reserved))
		return "PAGE_FLAGS_CHECK_AT_FREE flag(s) set (reserved page)";
	if (head && page->_refcount <= 0)
		return "page is not allocated (refcount 0): double free?";
	if (!head && page->_refcount != 0)
		return "nonzero _refcount (page beyond the block: wrong order?)";
	return NULL;
}

/*
 * free_pages_report_bad: the whole check of a block being freed, page by
 * page, reporting the first problem found (true) or finding none (false).
 * The fast path (free_pages_prepare) calls it when its combined tests
 * fail, or when the page is not allocated at all.
 */
bool free_pages_report_bad(const struct page *page, unsigned long pfn, unsigned int order)
{
	const char *why;

	if (order > MAX_PAGE_ORDER || (pfn & ((1UL << order) - 1))) {
		bad_page(page, pfn, order > MAX_PAGE_ORDER ? "order above MAX_PAGE_ORDER" : "pfn not aligned to the order");
		return true;
	}
	if (PageTail(page)) {
		bad_page(page, pfn, "freeing a tail page of a compound page");
		return true;
	}
	if (PageHead(page) && compound_order(page) != order) {
		bad_page(page, pfn, "wrong order for a compound page");
		return true;
	}
	why = page_bad_reason(page, true);
	if (!why && order && !zone_spans_pfn(page_zone(page), pfn + (1UL << order) - 1))
		why = "block reaches outside its zone: wrong order?";
	if (why) {
		bad_page(page, pfn, why);
		return true;
	}
	/* a block never crosses its section, so page + i is the page of pfn + i */
	for (unsigned long i = 1; i < (1UL << order); i++) {
		const struct page *p = page + i;

		if (PageHead(page) && (!PageTail(p) || compound_head(p) != page))
			why = "corrupt compound tail page";
		else
			why = page_bad_reason(p, false);
		if (why) {
			bad_page(p, pfn + i, why);
			return true;
		}
	}
	return false;
}

void *page_address(const struct page *page)
{
	return platform_phys_to_virt(PFN_PHYS(page_to_pfn(page)));
}

struct page *virt_to_page(const void *addr)
{
	return __virt_to_page(addr);
}

void free_pages(unsigned long addr, unsigned int order)
{
	struct page *page;

	if (!addr)
		return;
	page = virt_to_page((void *)addr);
	if (!page || page_alloc_page_pfn(page) == ~0UL) {
		page_alloc_stats.bad_pages++;
		pr_err("BUG: Bad page state in process efimm  pfn:%05lx\n",
			 (unsigned long)PFN_DOWN(platform_virt_to_phys((void *)addr)));
		pr_err("page dumped because: pfn outside any zone\n");
		return;
	}
	__free_pages(page, order);
}

/* prep_compound_page: head and tails, the order in the first tail. */
void prep_compound_page(struct page *page, unsigned int order)
{
	for (unsigned long i = 1; i < (1UL << order); i++) {
		page[i].compound_head = (unsigned long)page | 1;
		page[i]._refcount = 0;
	}
	page[1].compound_order = (unsigned char)order;
	__SetPageHead(page);
}

/* gfp_to_alloc_flags: the slow path's flags (min watermark, reserves for atomic requests). */
static unsigned int gfp_to_alloc_flags(gfp_t gfp_mask, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	alloc_flags |= gfp_mask & __GFP_HIGH ? ALLOC_MIN_RESERVE : 0;
	alloc_flags |= gfp_mask & __GFP_KSWAPD_RECLAIM ? ALLOC_KSWAPD : 0;
	if (!gfpflags_allow_blocking(gfp_mask)) {
		if (!(gfp_mask & __GFP_NOMEMALLOC))
			alloc_flags |= ALLOC_NON_BLOCK;
		if (order > 0)
			alloc_flags |= ALLOC_HIGHATOMIC;
	}
	if ((gfp_mask & __GFP_MEMALLOC) && !(gfp_mask & __GFP_NOMEMALLOC))
		alloc_flags = (alloc_flags & ~ALLOC_WMARK_MASK) | ALLOC_NO_WATERMARKS;
	return alloc_flags;
}

/* %pGg: the mode's flags by name, composites first, in Linux's __def_gfpflag_names order. */
static const struct {
	gfp_t mask;
	const char *name;
} gfp_names[] = {
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" }, { GFP_HIGHUSER, "GFP_HIGHUSER" }, { GFP_USER, "GFP_USER" },
	{ GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT" }, { GFP_KERNEL, "GFP_KERNEL" }, { GFP_NOFS, "GFP_NOFS" },
	{ GFP_ATOMIC, "GFP_ATOMIC" }, { GFP_NOIO, "GFP_NOIO" }, { GFP_NOWAIT, "GFP_NOWAIT" }, { GFP_DMA, "GFP_DMA" },
	{ __GFP_HIGHMEM, "__GFP_HIGHMEM" }, { GFP_DMA32, "GFP_DMA32" }, { __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_IO, "__GFP_IO" }, { __GFP_FS, "__GFP_FS" }, { __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" }, { __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ __GFP_MOVABLE, "__GFP_MOVABLE" }, { __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" }, { __GFP_WRITE, "__GFP_WRITE" },
	{ __GFP_NOWARN, "__GFP_NOWARN" }, { __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" }, { __GFP_NORETRY, "__GFP_NORETRY" }, { __GFP_COMP, "__GFP_COMP" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" }, { __GFP_MEMALLOC, "__GFP_MEMALLOC" },
	{ __GFP_HARDWALL, "__GFP_HARDWALL" }, { __GFP_THISNODE, "__GFP_THISNODE" }, { __GFP_ACCOUNT, "__GFP_ACCOUNT" },
	{ __GFP_ZEROTAGS, "__GFP_ZEROTAGS" },
};

static const char *gfp_flag_names(gfp_t gfp, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(gfp_names) / sizeof(gfp_names[0]) && gfp; i++)
		if ((gfp & gfp_names[i].mask) == gfp_names[i].mask) {
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "|" : "", gfp_names[i].name);
			gfp &= ~gfp_names[i].mask;
		}
	if (gfp)
		snprintf(buf + len, size - len, "%s%#x", len ? "|" : "", gfp);
	if (!buf[0])
		snprintf(buf, size, "none");
	return buf;
}

/* warn_alloc: Linux's allocation failure report, then each zone's free state. */
static void warn_alloc(gfp_t gfp_mask, int nid, unsigned int order)
{
	char names[256];

	pr_warn("efimm: page allocation failure: order:%u, mode:%#x(%s), nodemask=(null)\n", order, gfp_mask,
		gfp_flag_names(gfp_mask, names, sizeof(names)));
	pr_warn("preferred node %d, highest zone %s, migrate type %d\n", nid, zone_names[gfp_zone(gfp_mask)],
		gfp_migratetype(gfp_mask));
	for (int n = 0; n < MAX_NUMNODES; n++) {
		pg_data_t *pgdat = NODE_DATA(n);

		for (int zi = 0; pgdat && zi < MAX_NR_ZONES; zi++) {
			struct zone *zone = &pgdat->node_zones[zi];
			char buf[256];
			int len = 0;

			if (!populated_zone(zone))
				continue;
			pr_warn("Node %d %s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB present:%lukB managed:%lukB pcp:%lukB\n",
				n, zone->name, zone_page_state(zone, NR_FREE_PAGES) << 2, zone->watermark_boost << 2,
				min_wmark_pages(zone) << 2, low_wmark_pages(zone) << 2, high_wmark_pages(zone) << 2,
				zone->present_pages << 2, zone->managed_pages << 2,
				(unsigned long)zone->per_cpu_pageset.count << 2);
			for (int o = 0; o < NR_PAGE_ORDERS; o++)
				len += snprintf(buf + len, sizeof(buf) - (size_t)len, "%lu*%lukB ",
						   zone->free_area[o].nr_free, 4UL << o);
			pr_warn("Node %d %s: %s= %lukB\n", n, zone->name, buf, zone_page_state(zone, NR_FREE_PAGES) << 2);
		}
	}
}

/*
 * __alloc_pages_slowpath, what of it efimm has: the min watermark and the
 * reserves gfp_to_alloc_flags allows, then the failure report.
 */
struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order, const struct alloc_context *ac, int preferred_nid)
{
	struct page *page = get_page_from_freelist(gfp, order, gfp_to_alloc_flags(gfp, order), ac);

	if (!page) {
		page_alloc_stats.alloc_failures++;
		if (!(gfp & __GFP_NOWARN))
			warn_alloc(gfp, preferred_nid, order);
	}
	return page;
}

/* __alloc_pages' refusal of a request it cannot even start: a bad order, node or gfp. */
void page_alloc_refuse(gfp_t gfp, unsigned int order, int preferred_nid)
{
	page_alloc_stats.alloc_failures++;
	if (!(gfp & __GFP_NOWARN))
		pr_warn("efimm: page allocation refused: order:%u, mode:%#x, node %d (%s)\n", order, gfp, preferred_nid,
			order > MAX_PAGE_ORDER ? "order above MAX_PAGE_ORDER" :
			gfp_zone_checked(gfp) < 0 ? "conflicting zone modifiers" : "no such node");
}

unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order)
{
	struct page *page = alloc_pages(gfp_mask & ~__GFP_HIGHMEM, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp_mask)
{
	return __get_free_pages(gfp_mask | __GFP_ZERO, 0);
}

/* make_alloc_exact: split the block and free the pages past size, each on its own. */
static void *make_alloc_exact(unsigned long addr, unsigned int order, size_t size)
{
	if (addr) {
		unsigned long nr = DIV_ROUND_UP(size, PAGE_SIZE);
		struct page *page = virt_to_page((void *)addr), *last = page + nr;

		for (unsigned long i = 1; i < nr; i++)
			set_page_count(page + i, 1); /* split_page */
		for (struct page *p = last; p < page + (1UL << order); p++) {
			set_page_count(p, 1);
			__free_pages(p, 0);
		}
	}
	return (void *)addr;
}

static unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *alloc_pages_exact(size_t size, gfp_t gfp_mask)
{
	unsigned int order = get_order(size);

	if (order > MAX_PAGE_ORDER)
		return NULL;
	return make_alloc_exact(__get_free_pages(gfp_mask & ~__GFP_COMP, order), order, size);
}

void *alloc_pages_exact_nid(int nid, size_t size, gfp_t gfp_mask)
{
	unsigned int order = get_order(size);
	struct page *p;

	if (order > MAX_PAGE_ORDER)
		return NULL;
	p = alloc_pages_node(nid, gfp_mask & ~__GFP_COMP, order);
	return p ? make_alloc_exact((unsigned long)page_address(p), order, size) : NULL;
}

void free_pages_exact(void *virt, size_t size)
{
	unsigned long addr = (unsigned long)virt, end = addr + ALIGN(size, PAGE_SIZE);

	for (; addr < end; addr += PAGE_SIZE)
		free_page(addr);
}
