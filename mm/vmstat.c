/*
 * The page allocator's /proc views in Linux 6.12's formats (mm/vmstat.c
 * frag_show, pagetypeinfo_show, zoneinfo_show; fs/proc/meminfo.c): what a
 * reader compares with `cat /proc/buddyinfo` on a running kernel. They read
 * only struct zone and its free_area (nr_free per order, the free lists per
 * migrate type, watermarks, lowmem_reserve) and the pageblock bits, so they
 * show whatever state the buddy allocator left. Statistics efimm does not
 * keep (anon/file LRUs, NUMA hit counters, per-node stats) are left out;
 * meminfo's slab lines come from the slab caches (mm/slub.c);
 * zoneinfo's pagesets show the one CPU's pcp lists (count, high, batch);
 * Debian's kernel has CONFIG_CMA, so the CMA migrate type is shown, empty.
 */
#include <stdarg.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/pageblock-flags.h>
#include <linux/vmstat.h>
#include <linux/slab.h>
#include "slab.h"

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	char *dst = m->count < m->size ? m->buf + m->count : NULL;
	size_t room = dst ? m->size - m->count : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		m->count += (size_t)n;
}

void seq_putc(struct seq_file *m, char c)
{
	seq_printf(m, "%c", c);
}

/* Linux's migratetype_names with CONFIG_CMA and CONFIG_MEMORY_ISOLATION (Debian's config). */
#define NR_SHOWN_TYPES 6
static const char *const shown_type_names[NR_SHOWN_TYPES] = { "Unmovable", "Movable", "Reclaimable",
							      "HighAtomic", "CMA", "Isolate" };
/* Our migrate type behind each shown column; -1: CMA, which efimm never has. */
static const int shown_type[NR_SHOWN_TYPES] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE,
						MIGRATE_HIGHATOMIC, -1, MIGRATE_ISOLATE };

unsigned long zone_free_pages(const struct zone *zone)
{
	unsigned long pages = 0;

	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		pages += zone->free_area[order].nr_free << order;
	return pages;
}

/* The nodes /proc walks (online_pgdat): online with a pg_data_t. */
#define for_each_shown_pgdat(nid, pgdat)                                                                 \
	for_each_online_node(nid)                                                                        \
		if (((pgdat) = NODE_DATA(nid)) != NULL)

/* frag_show: /proc/buddyinfo, populated zones only. */
void buddyinfo_show(struct seq_file *m)
{
	pg_data_t *pgdat;
	int nid;

	for_each_shown_pgdat(nid, pgdat) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			if (!populated_zone(zone))
				continue;
			seq_printf(m, "Node %d, zone %8s ", pgdat->node_id, zone_names[z]);
			for (int order = 0; order < NR_PAGE_ORDERS; order++)
				seq_printf(m, "%6lu ", zone->free_area[order].nr_free);
			seq_putc(m, '\n');
		}
	}
}

/* The length of one free list, capped at 100000 as Linux (which prints ">100000"). */
static unsigned long free_list_count(const struct list_head *head, bool *overflow)
{
	unsigned long n = 0;

	*overflow = false;
	for (const struct list_head *p = head->next; p != head; p = p->next)
		if (++n >= 100000) {
			*overflow = true;
			break;
		}
	return n;
}

static void pagetypeinfo_showfree(struct seq_file *m, pg_data_t *pgdat)
{
	seq_printf(m, "%-43s ", "Free pages count per migrate type at order");
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		seq_printf(m, "%6d ", order);
	seq_putc(m, '\n');
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (!populated_zone(zone))
			continue;
		for (int t = 0; t < NR_SHOWN_TYPES; t++) {
			seq_printf(m, "Node %4d, zone %8s, type %12s ", pgdat->node_id, zone_names[z], shown_type_names[t]);
			for (int order = 0; order < NR_PAGE_ORDERS; order++) {
				bool overflow = false;
				unsigned long n = shown_type[t] < 0 ? 0 :
					free_list_count(&zone->free_area[order].free_list[shown_type[t]], &overflow);

				seq_printf(m, "%s%6lu ", overflow ? ">" : "", n);
			}
			seq_putc(m, '\n');
		}
	}
}

/* pagetypeinfo_showblockcount: each pageblock whose first page is this zone's, by its migrate type. */
static void pagetypeinfo_showblockcount(struct seq_file *m, pg_data_t *pgdat)
{
	seq_printf(m, "\n%-23s", "Number of blocks type ");
	for (int t = 0; t < NR_SHOWN_TYPES; t++)
		seq_printf(m, "%12s ", shown_type_names[t]);
	seq_putc(m, '\n');
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];
		unsigned long count[MIGRATE_TYPES] = { 0 };

		if (!populated_zone(zone))
			continue;
		for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn += pageblock_nr_pages) {
			int mt;

			if (!pfn_valid(pfn) || page_zone(pfn_to_page(pfn)) != zone)
				continue;
			mt = get_pfnblock_migratetype(pfn);
			if (mt < MIGRATE_TYPES)
				count[mt]++;
		}
		seq_printf(m, "Node %d, zone %8s ", pgdat->node_id, zone_names[z]);
		for (int t = 0; t < NR_SHOWN_TYPES; t++)
			seq_printf(m, "%12lu ", shown_type[t] < 0 ? 0UL : count[shown_type[t]]);
		seq_putc(m, '\n');
	}
}

/* pagetypeinfo_show, per node with memory. */
void pagetypeinfo_show(struct seq_file *m)
{
	pg_data_t *pgdat;
	int nid;

	for_each_shown_pgdat(nid, pgdat) {
		if (!pgdat->node_present_pages)
			continue;
		seq_printf(m, "Page block order: %d\n", pageblock_order);
		seq_printf(m, "Pages per block:  %lu\n", pageblock_nr_pages);
		seq_putc(m, '\n');
		pagetypeinfo_showfree(m, pgdat);
		pagetypeinfo_showblockcount(m, pgdat);
	}
}

/* fls: the 1-based position of the highest set bit, 0 for 0. */
static int fls_ul(unsigned long x)
{
	int n = 0;

	while (x) {
		n++;
		x >>= 1;
	}
	return n;
}

/*
 * calculate_normal_threshold: how far a CPU's counter deltas may drift before
 * they are folded, growing with the CPUs and the log of the zone's size (in
 * 128 MiB units), at most 125. efimm runs on one CPU, as its pcp sizing does.
 */
int calculate_normal_threshold(const struct zone *zone)
{
	int mem = (int)(zone_managed_pages(zone) >> (27 - PAGE_SHIFT));
	int threshold = 2 * fls_ul(VMSTAT_NR_CPUS) * (1 + fls_ul((unsigned long)mem));

	return min(125, threshold);
}

/*
 * zoneinfo's pagesets: one "cpu:" block per online CPU (efimm's one) with its
 * pcp count, high and batch, and the zone's vm stats threshold.
 */
static void zoneinfo_show_pagesets(struct seq_file *m, const struct zone *zone)
{
	const struct per_cpu_pages *pcp = &zone->per_cpu_pageset;

	seq_printf(m, "\n  pagesets");
	for (int cpu = 0; cpu < VMSTAT_NR_CPUS; cpu++) {
		seq_printf(m, "\n    cpu: %i\n              count: %i\n              high:  %i\n              batch: %i", cpu,
			   pcp->count, pcp->high, pcp->batch);
		seq_printf(m, "\n  vm stats threshold: %d", calculate_normal_threshold(zone));
	}
}

/* zoneinfo_show_print: every zone, the watermarks with the boost, as Linux's *_wmark_pages. */
void zoneinfo_show(struct seq_file *m)
{
	pg_data_t *pgdat;
	int nid;

	for_each_shown_pgdat(nid, pgdat) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long boost = zone->watermark_boost;

			seq_printf(m, "Node %d, zone %8s", pgdat->node_id, zone_names[z]);
			seq_printf(m,
				   "\n  pages free     %lu\n        boost    %lu\n        min      %lu"
				   "\n        low      %lu\n        high     %lu\n        promo    %lu"
				   "\n        spanned  %lu\n        present  %lu\n        managed  %lu\n        cma      %lu",
				   zone_free_pages(zone), boost, zone->_watermark[WMARK_MIN] + boost,
				   zone->_watermark[WMARK_LOW] + boost, zone->_watermark[WMARK_HIGH] + boost,
				   zone->_watermark[WMARK_PROMO] + boost, zone->spanned_pages, zone->present_pages,
				   zone->managed_pages, 0UL);
			seq_printf(m, "\n        protection: (%ld", zone->lowmem_reserve[0]);
			for (int i = 1; i < MAX_NR_ZONES; i++)
				seq_printf(m, ", %ld", zone->lowmem_reserve[i]);
			seq_putc(m, ')');
			if (!populated_zone(zone)) {
				seq_putc(m, '\n');
				continue;
			}
			seq_printf(m, "\n      %-12s %lu", "nr_free_pages", zone_free_pages(zone));
			zoneinfo_show_pagesets(m, zone);
			/* node_unreclaimable: kswapd_failures >= MAX_RECLAIM_RETRIES; there is no kswapd, so 0. */
			seq_printf(m, "\n  node_unreclaimable:  %u\n  start_pfn:           %lu", 0U, zone->zone_start_pfn);
			seq_putc(m, '\n');
		}
	}
}

/* show_val_kb: the label as Linux pads it, the value in kB right-aligned in 8 columns. */
static void show_val_kb(struct seq_file *m, const char *label, unsigned long pages)
{
	seq_printf(m, "%s%8lu kB\n", label, pages << (PAGE_SHIFT - 10));
}

/*
 * Pages one cache's slabs hold. A slab has the cache's preferred order (s->oo)
 * unless that allocation failed and allocate_slab fell back to s->min, so
 * with nr slabs holding objs objects, a = (objs - nr * min_objs) / (oo_objs -
 * min_objs) of them have the preferred order (the two orders hold different
 * object counts whenever they differ).
 */
static unsigned long cache_slab_pages(const struct kmem_cache *s, const struct slabinfo *si)
{
	unsigned long hi_objs = oo_objects(s->oo), lo_objs = oo_objects(s->min), hi = si->num_slabs;

	if (hi_objs > lo_objs && si->num_objs >= si->num_slabs * lo_objs)
		hi = min((si->num_objs - si->num_slabs * lo_objs) / (hi_objs - lo_objs), si->num_slabs);
	return (hi << oo_order(s->oo)) + ((si->num_slabs - hi) << oo_order(s->min));
}

/*
 * NR_SLAB_RECLAIMABLE_B and NR_SLAB_UNRECLAIMABLE_B in pages, summed over the
 * nodes: a cache's slabs count as reclaimable when it has SLAB_RECLAIM_ACCOUNT
 * (cache_vmstat_idx), and large kmalloc's pages as unreclaimable, as 6.12's
 * ___kmalloc_large_node accounts them.
 */
static void slab_page_state(unsigned long *reclaimable, unsigned long *unreclaimable)
{
	unsigned long rcl = 0, all = slab_nr_pages();
	struct kmem_cache *s;
	struct slabinfo si;

	for_each_kmem_cache(s) {
		if (!(s->flags & SLAB_RECLAIM_ACCOUNT))
			continue;
		get_slabinfo(s, &si);
		rcl += cache_slab_pages(s, &si);
	}
	*reclaimable = min(rcl, all);
	*unreclaimable = all - *reclaimable + kmalloc_large_nr_pages();
}

/*
 * meminfo_proc_show's lines that apply, in its order (the page cache, LRU,
 * swap and mapping lines between MemAvailable and KReclaimable are left
 * out). MemAvailable is si_mem_available with no page cache: free pages minus
 * totalreserve_pages (calculate_totalreserve_pages: per zone its high
 * watermark plus its largest lowmem_reserve, at most its managed pages), plus
 * the reclaimable slab less min(half of it, the zones' low watermarks).
 * KReclaimable is SReclaimable: efimm has no NR_KERNEL_MISC_RECLAIMABLE.
 */
void meminfo_show(struct seq_file *m)
{
	unsigned long total = 0, free = 0, reserve = 0, wmark_low = 0, sreclaimable, sunreclaim;
	long available;
	pg_data_t *pgdat;
	int nid;

	for_each_shown_pgdat(nid, pgdat) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long max = 0;

			total += zone->managed_pages;
			free += zone_free_pages(zone);
			wmark_low += low_wmark_pages(zone);
			for (int j = z; j < MAX_NR_ZONES; j++)
				if (zone->lowmem_reserve[j] > (long)max)
					max = (unsigned long)zone->lowmem_reserve[j];
			max += zone->_watermark[WMARK_HIGH];
			reserve += min(max, zone->managed_pages);
		}
	}
	slab_page_state(&sreclaimable, &sunreclaim);
	available = (long)free - (long)reserve;
	available += (long)(sreclaimable - min(sreclaimable / 2, wmark_low));
	show_val_kb(m, "MemTotal:       ", total);
	show_val_kb(m, "MemFree:        ", free);
	show_val_kb(m, "MemAvailable:   ", available > 0 ? (unsigned long)available : 0);
	show_val_kb(m, "KReclaimable:   ", sreclaimable);
	show_val_kb(m, "Slab:           ", sreclaimable + sunreclaim);
	show_val_kb(m, "SReclaimable:   ", sreclaimable);
	show_val_kb(m, "SUnreclaim:     ", sunreclaim);
}

static char view_buf[1 << 16];

/* A view's text on the console, one pr_info per line; says so when the buffer cut it. */
void seq_print_lines(struct seq_file *m, const char *name)
{
	for (char *p = m->buf; *p;) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		pr_info("%s\n", p);
		if (!nl)
			break;
		p = nl + 1;
	}
	if (m->count >= m->size)
		pr_warn("efimm: /proc/%s cut at %zu of %zu bytes\n", name, m->size - 1, m->count);
}

void proc_print_view(const char *name, void (*show)(struct seq_file *))
{
	struct seq_file m = { .buf = view_buf, .size = sizeof(view_buf) };

	view_buf[0] = '\0';
	show(&m);
	pr_info("efimm: /proc/%s:\n", name);
	seq_print_lines(&m, name);
}

void vmstat_print_views(void)
{
	proc_print_view("buddyinfo", buddyinfo_show);
	proc_print_view("pagetypeinfo", pagetypeinfo_show);
	proc_print_view("zoneinfo", zoneinfo_show);
	proc_print_view("meminfo", meminfo_show);
}
