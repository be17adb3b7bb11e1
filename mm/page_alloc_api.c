/*
 * The page allocator's entry points (Linux 6.12 mm/page_alloc.c, the part
 * callers see): __alloc_pages walks the zonelist from the preferred node's
 * first allowed zone, first at the low watermark (avoiding fragmenting
 * pageblocks for Normal-zone requests), then at min with the reserves an
 * atomic request may use; failure is NULL plus warn_alloc's report.
 * __free_pages checks every page of the block before it touches any
 * (free_pages_prepare) and refuses a bad free with Linux's bad_page report,
 * so a double free or a wrong order never reaches the free lists. Also
 * compound pages, __GFP_ZERO, and the exact-size and address-based helpers.
 * The buddy itself is mm/page_alloc.c.
 */
#include <linux/gfp.h>
#include <linux/pageblock-flags.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <efimm/page_alloc.h>
#include <efimm/platform.h>

/* The page allocator's view of a page: is it a page of a zone, and which pfn? */
unsigned long page_alloc_page_pfn(const struct page *page)
{
	unsigned long sec = page_to_section(page), pfn;
	struct mem_section *ms;

	if (sec >= NR_MEM_SECTIONS || !valid_section(ms = __nr_to_section(sec)))
		return ~0UL;
	if ((uintptr_t)page < __section_mem_map_addr(ms) + section_nr_to_pfn(sec) * sizeof(struct page))
		return ~0UL;
	pfn = page_to_pfn(page);
	if (pfn_to_section_nr(pfn) != sec || page_to_nid(page) >= MAX_NUMNODES || !NODE_DATA(page_to_nid(page)) ||
	    page_zonenum(page) >= MAX_NR_ZONES || !zone_spans_pfn(page_zone(page), pfn))
		return ~0UL;
	return pfn;
}

static const char *const pageflag_names[__NR_PAGEFLAGS] = {
	"locked", "writeback", "referenced", "uptodate", "dirty", "lru", "head", "waiters", "active",
	"workingset", "owner_priv_1", "owner_2", "arch_1", "reserved", "private", "private_2", "reclaim",
	"swapbacked", "unevictable", "mlocked", "hwpoison",
};

/* bad_page: Linux's report (dump_page), naming the page; the page is left alone. */
static void bad_page(const struct page *page, unsigned long pfn, const char *reason)
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
		 PageBuddy(page) ? -1 : page->_mapcount + 1, page->index, pfn);
	pr_err("flags: %#lx(%s%snode=%d|zone=%d)\n", page->flags & PAGE_FLAGS_MASK, names, len ? "|" : "",
		 page_to_nid(page), page_zonenum(page));
	if (PageBuddy(page))
		pr_err("page_type: f0(buddy)\n");
	pr_err("page dumped because: %s\n", reason);
}

/* free_page_is_bad / free_tail_page_prepare: why this page cannot be freed, or NULL. */
static const char *page_bad_reason(const struct page *page, bool head)
{
	if (PageBuddy(page))
		return "page is already free (PageBuddy): double free?";
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
 * free_pages_prepare: check every page of the block before touching any,
 * then clear the allocation state. False (and a report) when bad.
 */
static bool free_pages_prepare(struct page *page, unsigned long pfn, unsigned int order)
{
	const char *why;

	if (order > MAX_PAGE_ORDER || (pfn & ((1UL << order) - 1))) {
		bad_page(page, pfn, order > MAX_PAGE_ORDER ? "order above MAX_PAGE_ORDER" : "pfn not aligned to the order");
		return false;
	}
	if (PageTail(page)) {
		bad_page(page, pfn, "freeing a tail page of a compound page");
		return false;
	}
	if (PageHead(page) && compound_order(page) != order) {
		bad_page(page, pfn, "wrong order for a compound page");
		return false;
	}
	why = page_bad_reason(page, true);
	for (unsigned long i = 1; !why && i < (1UL << order); i++) {
		const struct page *p = pfn_to_page(pfn + i);

		if (PageHead(page) && (!PageTail(p) || compound_head(p) != page))
			why = "corrupt compound tail page";
		else if (!zone_spans_pfn(page_zone(page), pfn + i))
			why = "block reaches outside its zone: wrong order?";
		else
			why = page_bad_reason(p, false);
		if (why) {
			bad_page(p, pfn + i, why);
			return false;
		}
	}
	if (why) {
		bad_page(page, pfn, why);
		return false;
	}
	for (unsigned long i = 1; PageHead(page) && i < (1UL << order); i++) {
		struct page *p = page + i;

		p->compound_head = 0;
		p->compound_order = 0;
		p->lru.next = p->lru.prev = &p->lru;
	}
	page->flags &= ~(PAGE_FLAGS_MASK & ~(1UL << PG_reserved));
	page->_refcount = 0;
	page->private = 0;
	page->mapping = NULL;
	page->index = 0;
	return true;
}

/* __free_pages: drop the reference; the last one frees the block. Bad frees are reported and refused. */
void __free_pages(struct page *page, unsigned int order)
{
	unsigned long pfn;

	if (!page)
		return;
	pfn = page_alloc_page_pfn(page);
	if (pfn == ~0UL) {
		page_alloc_stats.bad_pages++;
		pr_err("BUG: Bad page state in process efimm: struct page %p is not a page of any zone\n", (void *)page);
		return;
	}
	if (page->_refcount <= 0 || PageBuddy(page) || PageTail(page)) {
		free_pages_prepare(page, pfn, order); /* reports it */
		return;
	}
	if (--page->_refcount)
		return;
	page->_refcount = 1;
	if (!free_pages_prepare(page, pfn, order)) {
		/* refused: the page stays allocated, its reference back */
		return;
	}
	free_unref_page(page, pfn, order);
}

void *page_address(const struct page *page)
{
	return platform_phys_to_virt(PFN_PHYS(page_to_pfn(page)));
}

struct page *virt_to_page(const void *addr)
{
	unsigned long pfn = PFN_DOWN(platform_virt_to_phys(addr));

	return pfn_valid(pfn) ? pfn_to_page(pfn) : NULL;
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
static void prep_compound_page(struct page *page, unsigned int order)
{
	for (unsigned long i = 1; i < (1UL << order); i++) {
		page[i].compound_head = (unsigned long)page | 1;
		page[i]._refcount = 0;
	}
	page[1].compound_order = (unsigned char)order;
	__SetPageHead(page);
}

/* post_alloc_hook + prep_new_page. */
static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp_flags)
{
	page->private = 0;
	set_page_count(page, 1);
	if (gfp_flags & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	if (order && (gfp_flags & __GFP_COMP))
		prep_compound_page(page, order);
}

struct alloc_context {
	struct zonelist *zonelist;
	struct zoneref *preferred_zoneref;
	int migratetype;
	int highest_zoneidx;
};

/* first_zones_zonelist: the first zone at or below highest_zoneidx. */
static struct zoneref *first_zones_zonelist(struct zonelist *zl, int highest_zoneidx)
{
	struct zoneref *z = zl->_zonerefs;

	while (z && z->zone && z->zone_idx > highest_zoneidx)
		z++;
	return z;
}

/* alloc_flags_nofragment: a Normal-zone request first avoids mixing pageblocks. */
static unsigned int alloc_flags_nofragment(struct zone *zone)
{
	if (!zone || zone_idx(zone) != ZONE_NORMAL)
		return 0;
	if (nr_online_nodes_count() > 1 && !populated_zone(zone - 1))
		return 0;
	return ALLOC_NOFRAGMENT;
}

static struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order, unsigned int alloc_flags,
					   const struct alloc_context *ac)
{
	struct zoneref *z;
	bool no_fallback;

	if (!ac->preferred_zoneref || !ac->preferred_zoneref->zone)
		return NULL;
retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	for (z = ac->preferred_zoneref; z->zone; z++) {
		struct zone *zone = z->zone;
		struct page *page;
		unsigned long mark;

		if (z->zone_idx > ac->highest_zoneidx)
			continue;
		if (no_fallback && nr_online_nodes_count() > 1 && zone != ac->preferred_zoneref->zone &&
		    zone_to_nid(zone) != zone_to_nid(ac->preferred_zoneref->zone)) {
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		mark = wmark_pages(zone, (enum zone_watermarks)(alloc_flags & ALLOC_WMARK_MASK));
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_ok(zone, order, mark, ac->highest_zoneidx, alloc_flags))
			continue;
		page = rmqueue(zone, order, ac->migratetype, alloc_flags);
		if (page) {
			prep_new_page(page, order, gfp_mask);
			return page;
		}
	}
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
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

struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid)
{
	struct alloc_context ac;
	struct page *page;
	unsigned int alloc_flags;

	if (order > MAX_PAGE_ORDER || preferred_nid < 0 || preferred_nid >= MAX_NUMNODES ||
	    !NODE_DATA(preferred_nid) || !NODE_DATA(preferred_nid)->node_zonelists[0]._zonerefs ||
	    gfp_zone_checked(gfp) < 0) {
		page_alloc_stats.alloc_failures++;
		if (!(gfp & __GFP_NOWARN))
			pr_warn("efimm: page allocation refused: order:%u, mode:%#x, node %d (%s)\n", order, gfp,
				preferred_nid,
				order > MAX_PAGE_ORDER ? "order above MAX_PAGE_ORDER" :
				gfp_zone_checked(gfp) < 0 ? "conflicting zone modifiers" : "no such node");
		return NULL;
	}
	ac.highest_zoneidx = gfp_zone(gfp);
	ac.zonelist = node_zonelist(preferred_nid, gfp);
	ac.migratetype = gfp_migratetype(gfp);
	ac.preferred_zoneref = first_zones_zonelist(ac.zonelist, ac.highest_zoneidx);

	alloc_flags = ALLOC_WMARK_LOW | alloc_flags_nofragment(ac.preferred_zoneref->zone);
	page = get_page_from_freelist(gfp, order, alloc_flags, &ac);
	if (!page)
		page = get_page_from_freelist(gfp, order, gfp_to_alloc_flags(gfp, order), &ac);
	if (!page) {
		page_alloc_stats.alloc_failures++;
		if (!(gfp & __GFP_NOWARN))
			warn_alloc(gfp, preferred_nid, order);
	}
	return page;
}

/* numa_node_id(): efimm runs on the boot CPU, node 0's (or the first node with memory). */
static int numa_node_id(void)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (NODE_DATA(nid) && NODE_DATA(nid)->node_zonelists[0]._zonerefs)
			return nid;
	return 0;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order, numa_node_id());
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	return __alloc_pages(gfp, order, nid);
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
