/*
 * Setting the page allocator up (Linux 6.12: build_all_zonelists and the
 * pcp sizing in mm/page_alloc.c, init_per_zone_wmark_min and its
 * watermark and lowmem_reserve formulas, memblock_free_all in
 * mm/memblock.c, mem_init_print_info in mm/mm_init.c). The order is
 * Linux's: zonelists while memblock still allocates (managed pages are the
 * present pages then, which is what `Total pages` counts), then
 * memblock_free_all gives the free pages to the buddy and counts managed
 * pages exactly, then the watermarks are computed from them.
 */
#include <linux/gfp.h>
#include <linux/memblock.h>
#include <linux/pageblock-flags.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/numa_memblks.h>
#include <efimm/numa.h>
#include <efimm/setup.h>
#include <efimm/page_alloc.h>

int min_free_kbytes = 1024;
int watermark_scale_factor = 10;
/* sysctl_lowmem_reserve_ratio: DMA 256, DMA32 256, Normal 32, Movable and Device 0. */
int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES] = { 256, 256, 32, 0, 0 };
unsigned long totalram_pages_count;
unsigned long totalreserve_pages;
static bool reset_managed_pages_done;
static int policy_zone;

/*
 * nr_online_nodes: nodes with a pg_data_t (memory or CPUs), as Linux
 * onlines them. Linux keeps the count beside node_states[N_ONLINE]; efimm's
 * nodes are all onlined before the zonelists are built and never after, so
 * build_all_zonelists refreshes it (and the boot CPU's node) once, and the
 * allocation path reads the variables instead of walking MAX_NUMNODES.
 */
unsigned int nr_online_nodes = 1;
int page_alloc_local_nid;

unsigned int nr_online_nodes_count(void)
{
	unsigned int n = 0;
	int nid;

	for_each_node(nid)
		if (NODE_DATA(nid))
			n++;
	return n;
}

static bool node_has_cpus(int nid)
{
	for (int apicid = 0; apicid < 256; apicid++)
		if (numa_apicid_to_node(apicid) == nid)
			return true;
	return false;
}

static bool node_has_memory(int nid)
{
	return NODE_DATA(nid) && NODE_DATA(nid)->node_present_pages;
}

static int node_load[MAX_NUMNODES];

/* find_next_best_node: the local node first, then the nearest (ties: higher id, CPU-less, less loaded). */
static int find_next_best_node(int node, nodemask_t *used)
{
	int min_val = 0x7fffffff, best_node = NUMA_NO_NODE;

	if (!node_isset(node, used)) {
		node_set(node, used);
		return node;
	}
	for (int n = 0; n < MAX_NUMNODES; n++) {
		int val;

		if (!node_has_memory(n) || node_isset(n, used))
			continue;
		val = node_distance(node, n) + (n < node);
		if (node_has_cpus(n))
			val += 1; /* PENALTY_FOR_NODE_WITH_CPUS */
		val = val * MAX_NUMNODES + node_load[n];
		if (val < min_val) {
			min_val = val;
			best_node = n;
		}
	}
	if (best_node >= 0)
		node_set(best_node, used);
	return best_node;
}

/* build_zonerefs_node: the node's zones with pages, highest first. */
static int build_zonerefs_node(pg_data_t *pgdat, struct zoneref *zonerefs)
{
	int nr = 0;

	for (int zone_type = MAX_NR_ZONES - 1; zone_type >= 0; zone_type--) {
		struct zone *zone = pgdat->node_zones + zone_type;

		if (zone_managed_pages(zone)) {
			zonerefs[nr++] = (struct zoneref){ zone, zone_type };
			if (zone_type > policy_zone && zone_type != ZONE_MOVABLE)
				policy_zone = zone_type;
		}
	}
	return nr;
}

/* build_zonelists: every node by distance, then the node alone for __GFP_THISNODE. */
static int build_zonelists(pg_data_t *pgdat, unsigned int nr_nodes_total)
{
	int local_node = pgdat->node_id, prev_node = local_node, node, nr = 0;
	size_t size = (nr_nodes_total * MAX_NR_ZONES + 1) * sizeof(struct zoneref);
	struct zoneref *fb, *tn;
	nodemask_t used;

	fb = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	if (!fb)
		fb = memblock_alloc_node(size, SMP_CACHE_BYTES, local_node);
	tn = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	if (!tn)
		tn = memblock_alloc_node((MAX_NR_ZONES + 1) * sizeof(struct zoneref), SMP_CACHE_BYTES, local_node);
	if (!fb || !tn)
		return -1;
	nodes_clear(&used);
	while ((node = find_next_best_node(local_node, &used)) >= 0) {
		if (node_distance(local_node, node) != node_distance(local_node, prev_node))
			node_load[node] += 1;
		prev_node = node;
		nr += build_zonerefs_node(NODE_DATA(node), fb + nr);
	}
	fb[nr] = (struct zoneref){ NULL, 0 };
	tn[build_zonerefs_node(pgdat, tn)] = (struct zoneref){ NULL, 0 };
	pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs = fb;
	pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs = tn;
	return 0;
}

/* nr_free_zone_pages: managed minus high watermark, zones up to offset, on the boot node's list. */
static unsigned long nr_free_zone_pages(int offset)
{
	unsigned long sum = 0;

	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		struct zoneref *z;

		if (!NODE_DATA(nid) || !NODE_DATA(nid)->node_zonelists[0]._zonerefs)
			continue;
		for (z = NODE_DATA(nid)->node_zonelists[0]._zonerefs; z->zone; z++) {
			unsigned long size = zone_managed_pages(z->zone), high = high_wmark_pages(z->zone);

			if (z->zone_idx <= offset && size > high)
				sum += size - high;
		}
		break;
	}
	return sum;
}

unsigned long nr_free_buffer_pages(void)
{
	return nr_free_zone_pages(gfp_zone(GFP_USER));
}

/* zone_batchsize: about 0.1% of the zone or 1 MiB, whichever is less, shaped as Linux. */
static int zone_batchsize(const struct zone *zone)
{
	unsigned long batch = min(zone_managed_pages(zone) >> 10, (1UL << 20) / PAGE_SIZE);
	unsigned long b;

	batch /= 4;
	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	for (b = 1; b * 2 <= batch; b *= 2)
		;
	return (int)(b - 1);
}

/* zone_highsize: the low watermark (or managed / fraction) shared by the node's CPUs: one here. */
static int zone_highsize(const struct zone *zone, int batch, int high_fraction)
{
	unsigned long total = high_fraction ? zone_managed_pages(zone) / (unsigned long)high_fraction :
					      low_wmark_pages(zone);
	int high = (int)(total / 1); /* nr_split_cpus: the one CPU (on its node or not, Linux's count) */

	return max(high, batch << 2);
}

/* zone_set_pageset_high_and_batch, applied to the zone's one pcp. */
static void zone_pcp_update(struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset;
	int batch = max(1, zone_batchsize(zone));

	zone->pageset_batch = batch;
	zone->pageset_high_min = zone_highsize(zone, batch, 0);
	zone->pageset_high_max = zone_highsize(zone, batch, 8); /* MIN_PERCPU_PAGELIST_HIGH_FRACTION */
	if (!zone_managed_pages(zone))
		zone->pageset_high_min = zone->pageset_high_max = 0;
	pcp->batch = batch;
	pcp->high_min = zone->pageset_high_min;
	pcp->high_max = zone->pageset_high_max;
}

void build_all_zonelists(pg_data_t *unused)
{
	unsigned int nr = nr_online_nodes_count();
	unsigned long vm_total_pages;
	int nid;
	struct zone *zone;

	(void)unused;
	/* zone_pcp_init for zones never set up (a fresh pg_data_t: efimm's tests build many). */
	for_each_zone(zone)
		if (!zone->per_cpu_pageset.lists[0].next) {
			free_area_reset_zone(zone);
			reset_managed_pages_done = false;
		}
	/* zone_init_internals: until memblock_free_all, a zone's managed pages are its present pages. */
	if (!reset_managed_pages_done)
		for_each_zone(zone) {
			zone->managed_pages = zone->present_pages;
		}
	memset(node_load, 0, sizeof(node_load));
	policy_zone = 0;
	for_each_node(nid)
		if (NODE_DATA(nid) && build_zonelists(NODE_DATA(nid), nr))
			pr_err("efimm: no memory for node %d's zonelists\n", nid);
	vm_total_pages = nr_free_zone_pages(gfp_zone(GFP_HIGHUSER_MOVABLE));
	page_group_by_mobility_disabled = vm_total_pages < pageblock_nr_pages * MIGRATE_TYPES;
	nr_online_nodes = nr;
	/* numa_node_id(): the boot CPU's node is the first that has zonelists. */
	page_alloc_local_nid = 0;
	for_each_node(nid)
		if (NODE_DATA(nid) && NODE_DATA(nid)->node_zonelists[0]._zonerefs) {
			page_alloc_local_nid = nid;
			break;
		}
	pr_info("Built %u zonelists, mobility grouping %s.  Total pages: %ld\n", nr,
		page_group_by_mobility_disabled ? "off" : "on", (long)vm_total_pages);
	pr_info("Policy zone: %s\n", zone_names[policy_zone]);
}

/* memblock_free_pages: __free_memory_core's chunks, the largest naturally aligned order that fits. */
static unsigned long __free_pages_memory(unsigned long start, unsigned long end)
{
	unsigned long count = end > start ? end - start : 0;

	while (start < end) {
		int order = start ? min(MAX_PAGE_ORDER, __builtin_ctzl(start)) : MAX_PAGE_ORDER;

		while (start + (1UL << order) > end)
			order--;
		__free_pages_core(pfn_to_page(start), (unsigned int)order);
		start += 1UL << order;
	}
	return count;
}

/* memmap_init_reserved_pages: every reserved memblock range's pages are PageReserved. */
static void memmap_init_reserved_pages(void)
{
	phys_addr_t start, end;
	u64 i;

	for_each_reserved_mem_range(i, &start, &end)
		for (unsigned long pfn = PFN_DOWN(start); pfn < PFN_UP(end); pfn++)
			if (pfn_valid(pfn))
				__SetPageReserved(pfn_to_page(pfn));
}

void memblock_free_all(void)
{
	unsigned long pages = 0;
	phys_addr_t start, end;
	struct zone *zone;
	u64 i;

	/* reset_all_zones_managed_pages */
	for_each_zone(zone)
		zone->managed_pages = 0;
	reset_managed_pages_done = true;
	memmap_init_reserved_pages();
	/* __free_memory_core clamps at max_low_pfn, which x86_64's init_mem_mapping raises to max_pfn. */
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL)
		pages += __free_pages_memory(PFN_UP(start), min(PFN_DOWN(end), max_pfn));
	totalram_pages_count += pages;
}

/* calculate_min_free_kbytes: sqrt(lowmem_kbytes * 16), between 128 KiB and 256 MiB. */
void calculate_min_free_kbytes(void)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages() * (PAGE_SIZE >> 10);
	unsigned long x = lowmem_kbytes * 16, r = 0, bit = 1UL << 62;

	/* int_sqrt */
	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	min_free_kbytes = (int)clamp(r, 128UL, 262144UL);
}

static void calculate_totalreserve_pages(void)
{
	unsigned long reserve_pages = 0;
	struct zone *zone;

	for_each_zone(zone) {
		long max = 0;
		unsigned long managed = zone_managed_pages(zone);

		for (int j = zone_idx(zone); j < MAX_NR_ZONES; j++)
			max = max(max, zone->lowmem_reserve[j]);
		max += (long)high_wmark_pages(zone);
		if ((unsigned long)max > managed)
			max = (long)managed;
		reserve_pages += (unsigned long)max;
	}
	totalreserve_pages = reserve_pages;
}

void setup_per_zone_lowmem_reserve(void)
{
	int nid;

	for_each_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		if (!pgdat)
			continue;
		for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = sysctl_lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone_managed_pages(zone);
			unsigned long managed_pages = 0;

			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				managed_pages += zone_managed_pages(&pgdat->node_zones[j]);
				zone->lowmem_reserve[j] = clear ? 0 : (long)(managed_pages / (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages();
}

/* __setup_per_zone_wmarks: min shared by lowmem zones by size, low and high a step above. */
void setup_per_zone_wmarks(void)
{
	unsigned long pages_min = (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10), lowmem_pages = 0;
	struct zone *zone;

	for_each_zone(zone)
		if (zone_idx(zone) != ZONE_MOVABLE)
			lowmem_pages += zone_managed_pages(zone);
	for_each_zone(zone) {
		unsigned long managed = zone_managed_pages(zone);
		u64 tmp = lowmem_pages ? (u64)pages_min * managed / lowmem_pages : 0;
		u64 step;

		if (zone_idx(zone) == ZONE_MOVABLE)
			zone->_watermark[WMARK_MIN] = clamp(managed / 1024, 32UL, 128UL); /* SWAP_CLUSTER_MAX */
		else
			zone->_watermark[WMARK_MIN] = (unsigned long)tmp;
		/* mult_frac(managed, watermark_scale_factor, 10000) */
		step = max((u64)(tmp >> 2), (u64)((managed / 10000) * (unsigned long)watermark_scale_factor +
						   (managed % 10000) * (unsigned long)watermark_scale_factor / 10000));
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_LOW] = min_wmark_pages(zone) + (unsigned long)step;
		zone->_watermark[WMARK_HIGH] = low_wmark_pages(zone) + (unsigned long)step;
		zone->_watermark[WMARK_PROMO] = high_wmark_pages(zone) + (unsigned long)step;
	}
	calculate_totalreserve_pages();
}

/* init_per_zone_wmark_min, then the pcp sizes that depend on the low watermark. */
int init_per_zone_wmark_min(void)
{
	struct zone *zone;

	calculate_min_free_kbytes();
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
	for_each_zone(zone)
		zone_pcp_update(zone);
	return 0;
}

unsigned long nr_free_pages(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_zone(zone)
		sum += zone_page_state(zone, NR_FREE_PAGES);
	return sum;
}

/*
 * mem_init_print_info: free and present memory, and what is reserved.
 * efimm has no kernel image of its own in that memory (it runs from the
 * firmware's loader data), so the code, data, init and bss figures are 0K.
 */
void mem_init_print_info(void)
{
	unsigned long physpages = 0;
	int nid;

	for_each_node(nid)
		if (NODE_DATA(nid))
			physpages += NODE_DATA(nid)->node_present_pages;
	pr_info("Memory: %luK/%luK available (0K kernel code, 0K rwdata, 0K rodata, 0K init, 0K bss, %luK reserved, 0K cma-reserved)\n",
		nr_free_pages() << (PAGE_SHIFT - 10), physpages << (PAGE_SHIFT - 10),
		(physpages - totalram_pages()) << (PAGE_SHIFT - 10));
}
