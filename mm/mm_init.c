/*
 * Memory model initialisation (mm/mm_init.c): free_area_init sizes every
 * node's zones from memblock (the arch's zone limits, ZONE_MOVABLE from
 * kernelcore=/movablecore=), prints what Linux prints (Zone ranges, Movable
 * zone start, Early memory node ranges, Initmem setup), then memmap_init
 * initialises the struct page of every pfn in a present section: pages of
 * RAM belong to their zone, pages in holes are reserved (the "unavailable
 * ranges"). With deferred_struct_pages, as DEFERRED_STRUCT_PAGE_INIT, only
 * the first section of each node's highest zone is done at once and the rest
 * in deferred_init_memmap. managed_pages stays 0 until the buddy allocator
 * takes the memory (memblock_free_all, a later stage).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/pageblock-flags.h>
#include <efimm/cmdline.h>
#include <efimm/mm_init.h>
#include <efimm/platform.h>

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable", "Device" };

bool mminit_build_memmap = true;
bool deferred_struct_pages;
struct mminit_stats mminit_stats;
/* The benchmark's second memmap_init says nothing: the lines were printed once. */
static bool mminit_quiet;

static unsigned long arch_zone_lowest_possible_pfn[MAX_NR_ZONES];
static unsigned long arch_zone_highest_possible_pfn[MAX_NR_ZONES];
static unsigned long zone_movable_pfn[MAX_NUMNODES];
static int movable_zone;
static unsigned long required_kernelcore, required_kernelcore_percent;
static unsigned long required_movablecore, required_movablecore_percent;

/* "Early memory node ranges": memblock.memory in whole pages, with each range's node. */
void print_early_node_ranges(void)
{
	unsigned long start_pfn, end_pfn;
	int i, nid;

	pr_info("Early memory node ranges\n");
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid)
		pr_info("  node %3d: [mem %#018llx-%#018llx]\n", nid, (unsigned long long)PFN_PHYS(start_pfn),
			(unsigned long long)(PFN_PHYS(end_pfn) - 1));
}

/* cmdline_parse_core: "nn%" of all memory, or a size with K/M/G suffix. */
static int cmdline_parse_core(const char *p, unsigned long *core, unsigned long *percent)
{
	char *end;
	unsigned long long v = simple_strtoull(p, &end, 0);

	if (end == p)
		return -1;
	if (*end == '%') {
		if (v > 100 || end[1])
			return -1;
		*percent = (unsigned long)v;
		return 0;
	}
	v = memparse(p, &end);
	if (*end)
		return -1;
	*core = (unsigned long)(v >> PAGE_SHIFT);
	*percent = 0;
	return 0;
}

int cmdline_parse_kernelcore(const char *p)
{
	if (!strcmp(p, "mirror")) {
		pr_warn("efimm: kernelcore=mirror: efimm knows no mirrored memory; ignored\n");
		return -1;
	}
	if (cmdline_parse_core(p, &required_kernelcore, &required_kernelcore_percent)) {
		pr_warn("efimm: kernelcore=%s: expected a size (nn[KMG]) or a percentage (nn%%)\n", p);
		return -1;
	}
	return 0;
}

int cmdline_parse_movablecore(const char *p)
{
	if (cmdline_parse_core(p, &required_movablecore, &required_movablecore_percent)) {
		pr_warn("efimm: movablecore=%s: expected a size (nn[KMG]) or a percentage (nn%%)\n", p);
		return -1;
	}
	return 0;
}

void mminit_reset_params(void)
{
	required_kernelcore = required_kernelcore_percent = 0;
	required_movablecore = required_movablecore_percent = 0;
	deferred_struct_pages = false;
	mminit_build_memmap = true;
}

/* get_pfn_range_for_nid: first and last pfn of the node's memory (0, 0 when it has none). */
void get_pfn_range_for_nid(int nid, unsigned long *start_pfn, unsigned long *end_pfn)
{
	unsigned long this_start, this_end;
	int i;

	*start_pfn = ~0UL;
	*end_pfn = 0;
	for_each_mem_pfn_range(i, nid, &this_start, &this_end, NULL) {
		*start_pfn = min(*start_pfn, this_start);
		*end_pfn = max(*end_pfn, this_end);
	}
	if (*start_pfn == ~0UL)
		*start_pfn = 0;
}

/* early_calculate_totalpages: all memory pages; nodes with memory go into *with_memory. */
static unsigned long early_calculate_totalpages(nodemask_t *with_memory)
{
	unsigned long totalpages = 0, start_pfn, end_pfn;
	int i, nid;

	nodes_clear(with_memory);
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid) {
		totalpages += end_pfn - start_pfn;
		if (end_pfn > start_pfn && numa_valid_node(nid))
			node_set(nid, with_memory);
	}
	return totalpages;
}

/* find_usable_zone_for_movable: the highest zone with pages, which ZONE_MOVABLE takes from. */
static void find_usable_zone_for_movable(void)
{
	int zone_index;

	for (zone_index = MAX_NR_ZONES - 1; zone_index > 0; zone_index--) {
		if (zone_index == ZONE_MOVABLE)
			continue;
		if (arch_zone_highest_possible_pfn[zone_index] > arch_zone_lowest_possible_pfn[zone_index])
			break;
	}
	movable_zone = zone_index;
}

/*
 * find_zone_movable_pfns_for_nodes: where ZONE_MOVABLE starts on each node.
 * The kernelcore is spread evenly over the nodes with memory; a node too
 * small for its share gives the rest to the others in another pass.
 */
static void find_zone_movable_pfns_for_nodes(void)
{
	nodemask_t with_memory;
	unsigned long totalpages = early_calculate_totalpages(&with_memory);
	int usable_nodes = (int)nodes_weight(&with_memory);
	unsigned long usable_startpfn, kernelcore_node, kernelcore_remaining;
	unsigned long kernelcore = required_kernelcore, movablecore = required_movablecore;
	int i, nid;

	find_usable_zone_for_movable();
	if (required_kernelcore_percent)
		kernelcore = (totalpages * 100 * required_kernelcore_percent) / 10000UL;
	if (required_movablecore_percent)
		movablecore = (totalpages * 100 * required_movablecore_percent) / 10000UL;

	/* movablecore= becomes the kernelcore that leaves that much movable, unless kernelcore= asks more. */
	if (movablecore) {
		unsigned long corepages;

		movablecore = ALIGN(movablecore, 1UL << MAX_PAGE_ORDER);
		movablecore = min(totalpages, movablecore);
		corepages = totalpages - movablecore;
		kernelcore = max(kernelcore, corepages);
	}
	if (!kernelcore || kernelcore >= totalpages)
		return;

	usable_startpfn = arch_zone_lowest_possible_pfn[movable_zone];
restart:
	kernelcore_node = kernelcore / (unsigned long)usable_nodes;
	for_each_node_mask(nid, with_memory) {
		unsigned long start_pfn, end_pfn;

		if (kernelcore < kernelcore_node)
			kernelcore_node = kernelcore / (unsigned long)usable_nodes;
		kernelcore_remaining = kernelcore_node;

		for_each_mem_pfn_range(i, nid, &start_pfn, &end_pfn, NULL) {
			unsigned long size_pages;

			start_pfn = max(start_pfn, zone_movable_pfn[nid]);
			if (start_pfn >= end_pfn)
				continue;
			/* Memory below the movable zone's floor only counts as kernelcore. */
			if (start_pfn < usable_startpfn) {
				unsigned long kernel_pages = min(end_pfn, usable_startpfn) - start_pfn;

				kernelcore_remaining -= min(kernel_pages, kernelcore_remaining);
				kernelcore -= min(kernel_pages, kernelcore);
				if (end_pfn <= usable_startpfn) {
					zone_movable_pfn[nid] = end_pfn;
					continue;
				}
				start_pfn = usable_startpfn;
			}
			size_pages = min(end_pfn - start_pfn, kernelcore_remaining);
			zone_movable_pfn[nid] = start_pfn + size_pages;
			kernelcore -= min(kernelcore, size_pages);
			kernelcore_remaining -= size_pages;
			if (!kernelcore_remaining)
				break;
		}
	}
	usable_nodes--;
	if (usable_nodes && kernelcore > (unsigned long)usable_nodes)
		goto restart;

	/* ZONE_MOVABLE starts on a MAX_ORDER boundary; none where that is past the node's end. */
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		unsigned long start_pfn, end_pfn;

		zone_movable_pfn[nid] = ALIGN(zone_movable_pfn[nid], 1UL << MAX_PAGE_ORDER);
		get_pfn_range_for_nid(nid, &start_pfn, &end_pfn);
		if (zone_movable_pfn[nid] >= end_pfn)
			zone_movable_pfn[nid] = 0;
	}
}

/* adjust_zone_range_for_zone_movable: carve ZONE_MOVABLE out of the node's highest zone. */
static void adjust_zone_range_for_zone_movable(int nid, int zone_type, unsigned long node_end_pfn,
					       unsigned long *zone_start_pfn, unsigned long *zone_end_pfn)
{
	if (!zone_movable_pfn[nid])
		return;
	if (zone_type == ZONE_MOVABLE) {
		*zone_start_pfn = zone_movable_pfn[nid];
		*zone_end_pfn = min(node_end_pfn, arch_zone_highest_possible_pfn[movable_zone]);
	} else if (*zone_start_pfn < zone_movable_pfn[nid] && *zone_end_pfn > zone_movable_pfn[nid]) {
		*zone_end_pfn = zone_movable_pfn[nid];
	} else if (*zone_start_pfn >= zone_movable_pfn[nid]) {
		*zone_start_pfn = *zone_end_pfn;
	}
}

/* __absent_pages_in_range: pfns of [start, end) that are not the node's memory. */
static unsigned long absent_pages_in_range(int nid, unsigned long range_start_pfn, unsigned long range_end_pfn)
{
	unsigned long nr_absent = range_end_pfn - range_start_pfn, start_pfn, end_pfn;
	int i;

	for_each_mem_pfn_range(i, nid, &start_pfn, &end_pfn, NULL) {
		start_pfn = clamp(start_pfn, range_start_pfn, range_end_pfn);
		end_pfn = clamp(end_pfn, range_start_pfn, range_end_pfn);
		nr_absent -= end_pfn - start_pfn;
	}
	return nr_absent;
}

/* zone_spanned_pages_in_node: the zone's limits clamped to the node, movable carved out. */
static unsigned long zone_spanned_pages_in_node(int nid, int zone_type, unsigned long node_start_pfn,
						unsigned long node_end_pfn, unsigned long *zone_start_pfn,
						unsigned long *zone_end_pfn)
{
	unsigned long zone_low = arch_zone_lowest_possible_pfn[zone_type];
	unsigned long zone_high = arch_zone_highest_possible_pfn[zone_type];

	*zone_start_pfn = clamp(node_start_pfn, zone_low, zone_high);
	*zone_end_pfn = clamp(node_end_pfn, zone_low, zone_high);
	adjust_zone_range_for_zone_movable(nid, zone_type, node_end_pfn, zone_start_pfn, zone_end_pfn);
	if (*zone_end_pfn < node_start_pfn || *zone_start_pfn > node_end_pfn)
		return 0;
	*zone_end_pfn = min(*zone_end_pfn, node_end_pfn);
	*zone_start_pfn = max(*zone_start_pfn, node_start_pfn);
	return *zone_end_pfn - *zone_start_pfn;
}

static void calculate_node_totalpages(pg_data_t *pgdat, unsigned long node_start_pfn, unsigned long node_end_pfn)
{
	unsigned long realtotalpages = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *zone = pgdat->node_zones + i;
		unsigned long zone_start_pfn, zone_end_pfn, spanned, absent = 0;

		spanned = zone_spanned_pages_in_node(pgdat->node_id, i, node_start_pfn, node_end_pfn,
						     &zone_start_pfn, &zone_end_pfn);
		if (zone_start_pfn != zone_end_pfn)
			absent = absent_pages_in_range(pgdat->node_id, zone_start_pfn, zone_end_pfn);
		zone->zone_start_pfn = spanned ? zone_start_pfn : 0;
		zone->spanned_pages = spanned;
		zone->present_pages = spanned - absent;
		realtotalpages += spanned - absent;
	}
	pgdat->node_spanned_pages = node_end_pfn - node_start_pfn;
	pgdat->node_present_pages = realtotalpages;
}

/* free_area_init_core's zone part: names, links, empty free lists; managed stays 0 for the buddy. */
static void free_area_init_core(pg_data_t *pgdat)
{
	pgdat->nr_zones = 0;
	for (int j = 0; j < MAX_NR_ZONES; j++) {
		struct zone *zone = pgdat->node_zones + j;

		zone->name = zone_names[j];
		zone->zone_pgdat = pgdat;
		zone->node = pgdat->node_id;
		zone->managed_pages = 0;
		zone->pageblock_flags = NULL;
		for (int order = 0; order < NR_PAGE_ORDERS; order++) {
			for (int t = 0; t < MIGRATE_TYPES; t++)
				INIT_LIST_HEAD(&zone->free_area[order].free_list[t]);
			zone->free_area[order].nr_free = 0;
		}
		if (zone->spanned_pages)
			pgdat->nr_zones = j + 1;
	}
}

static void free_area_init_node(int nid)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned long start_pfn, end_pfn;

	get_pfn_range_for_nid(nid, &start_pfn, &end_pfn);
	pgdat->node_id = nid;
	pgdat->node_start_pfn = start_pfn;
	if (start_pfn != end_pfn) {
		pr_info("Initmem setup node %d [mem %#018llx-%#018llx]\n", nid, (unsigned long long)PFN_PHYS(start_pfn),
			end_pfn ? (unsigned long long)PFN_PHYS(end_pfn) - 1 : 0ULL);
		calculate_node_totalpages(pgdat, start_pfn, end_pfn);
	} else {
		pr_info("Initmem setup node %d as memoryless\n", nid);
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			pgdat->node_zones[z].zone_start_pfn = 0;
			pgdat->node_zones[z].spanned_pages = 0;
			pgdat->node_zones[z].present_pages = 0;
		}
		pgdat->node_spanned_pages = 0;
		pgdat->node_present_pages = 0;
	}
	pgdat->first_deferred_pfn = ~0UL;
	free_area_init_core(pgdat);
}

/* alloc_offline_node_data: a possible node that is not online still gets its pg_data_t. */
static void alloc_offline_node_data(int nid)
{
	pg_data_t *pgdat = memblock_alloc(sizeof(*pgdat), SMP_CACHE_BYTES);

	if (pgdat)
		pgdat->node_id = nid;
	node_data[nid] = pgdat;
}

/*
 * __init_single_page over [pfn, end) of one section, written as whole
 * struct pages: flags (zone/node/section and PG_reserved for holes), one
 * reference, unmapped, lru pointing at itself, everything else zero.
 */
static void init_pages_in_section(unsigned long pfn, unsigned long end, int zone, int nid, bool reserved)
{
	struct page *page = pfn_to_page(pfn), *last = page + (end - pfn);
	unsigned long flags = page_links((unsigned long)zone, nid, pfn) | (reserved ? 1UL << PG_reserved : 0);

	for (; page < last; page++) {
		*page = (struct page){ .flags = flags, ._mapcount = -1, ._refcount = 1 };
		page->lru.next = &page->lru;
		page->lru.prev = &page->lru;
	}
}

static void init_pages(unsigned long pfn, unsigned long end, int zone, int nid, bool reserved)
{
	while (pfn < end) {
		unsigned long chunk_end = min(end, (pfn & PAGE_SECTION_MASK) + PAGES_PER_SECTION);

		if (pfn_valid(pfn))
			init_pages_in_section(pfn, chunk_end, zone, nid, reserved);
		pfn = chunk_end;
	}
}

/* Linux's pfn_valid for boot sections, answered from memblock when no memmap is built. */
static bool section_valid(unsigned long section_nr)
{
	unsigned long start, end, sec_start = section_nr_to_pfn(section_nr);
	int i;

	if (mminit_build_memmap)
		return valid_section_nr(section_nr);
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, NULL)
		if (start < sec_start + PAGES_PER_SECTION && end > sec_start)
			return true;
	return false;
}

/*
 * init_unavailable_range: pfns of [spfn, epfn) that have a struct page
 * (their section has RAM) but are not RAM: reserved pages of this zone.
 */
static void init_unavailable_range(unsigned long spfn, unsigned long epfn, int zone, int nid)
{
	unsigned long pgcnt = 0;

	for (unsigned long pfn = spfn; pfn < epfn;) {
		unsigned long chunk_end = min(epfn, (pfn & PAGE_SECTION_MASK) + PAGES_PER_SECTION);

		if (section_valid(pfn_to_section_nr(pfn))) {
			pgcnt += chunk_end - pfn;
			if (mminit_build_memmap)
				init_pages_in_section(pfn, chunk_end, zone, nid, true);
		}
		pfn = chunk_end;
	}
	mminit_stats.unavailable_pages += pgcnt;
	if (pgcnt && !mminit_quiet)
		pr_info("On node %d, zone %s: %lu pages in unavailable ranges\n", nid, zone_names[zone], pgcnt);
}

/*
 * defer_init, for a whole range at once: in the node's last zone, struct
 * pages past the first PAGES_PER_SECTION are left to deferred_init_memmap
 * from the next section boundary on. Returns where initialisation stops.
 */
static unsigned long defer_prev_end_pfn, defer_nr_initialised;

static unsigned long defer_init_end(int nid, unsigned long start_pfn, unsigned long end_pfn,
				    unsigned long zone_end_pfn)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned long first;

	if (!deferred_struct_pages || zone_end_pfn < pgdat_end_pfn(pgdat))
		return end_pfn;
	if (pgdat->first_deferred_pfn != ~0UL)
		return start_pfn;
	/* The count restarts with each zone (Linux keeps it in statics, as here). */
	if (defer_prev_end_pfn != zone_end_pfn) {
		defer_prev_end_pfn = zone_end_pfn;
		defer_nr_initialised = 0;
	}
	/* The first pfn p with nr_initialised + (p - start) + 1 > PAGES_PER_SECTION, section aligned. */
	first = start_pfn + (defer_nr_initialised < PAGES_PER_SECTION ? PAGES_PER_SECTION - defer_nr_initialised : 0);
	first = ALIGN(first, PAGES_PER_SECTION);
	if (first < end_pfn) {
		pgdat->first_deferred_pfn = first;
		return first;
	}
	defer_nr_initialised += end_pfn - start_pfn;
	return end_pfn;
}

/* memmap_init_range (MEMINIT_EARLY): the pages, then MIGRATE_MOVABLE for each pageblock. */
static void memmap_init_range(unsigned long size, int nid, int zone, unsigned long start_pfn,
			      unsigned long zone_end_pfn)
{
	unsigned long end_pfn = defer_init_end(nid, start_pfn, start_pfn + size, zone_end_pfn);

	if (start_pfn >= end_pfn)
		return;
	init_pages(start_pfn, end_pfn, zone, nid, false);
	for (unsigned long pfn = ALIGN(start_pfn, pageblock_nr_pages); pfn < end_pfn; pfn += pageblock_nr_pages)
		set_pfnblock_migratetype(pfn, MIGRATE_MOVABLE);
	mminit_stats.pages_initialised += end_pfn - start_pfn;
}

static void memmap_init_zone_range(struct zone *zone, unsigned long start_pfn, unsigned long end_pfn,
				   unsigned long *hole_pfn)
{
	unsigned long zone_start_pfn = zone->zone_start_pfn, zone_end = zone_end_pfn(zone);
	int nid = zone_to_nid(zone), zone_id = zone_idx(zone);

	start_pfn = clamp(start_pfn, zone_start_pfn, zone_end);
	end_pfn = clamp(end_pfn, zone_start_pfn, zone_end);
	if (start_pfn >= end_pfn)
		return;
	if (mminit_build_memmap)
		memmap_init_range(end_pfn - start_pfn, nid, zone_id, start_pfn, zone_end);
	if (*hole_pfn < start_pfn)
		init_unavailable_range(*hole_pfn, start_pfn, zone_id, nid);
	*hole_pfn = end_pfn;
}

/*
 * memmap_init: each memory range, zone by zone, with the hole before it;
 * then the tail of the last section, given to the last node's highest zone.
 */
static void memmap_init(void)
{
	unsigned long start_pfn, end_pfn = 0, hole_pfn = 0;
	int i, zone_id = 0, nid = 0;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid) {
		pg_data_t *node = NODE_DATA(nid);

		if (!node)
			continue;
		for (int j = 0; j < MAX_NR_ZONES; j++) {
			struct zone *zone = node->node_zones + j;

			if (!populated_zone(zone))
				continue;
			memmap_init_zone_range(zone, start_pfn, end_pfn, &hole_pfn);
			zone_id = j;
		}
	}
	end_pfn = ALIGN(end_pfn, PAGES_PER_SECTION);
	if (hole_pfn < end_pfn)
		init_unavailable_range(hole_pfn, end_pfn, zone_id, nid);
}

/* free_area_init: zone limits from the arch, ZONE_MOVABLE, every node, then the memmap. */
void free_area_init(const unsigned long *max_zone_pfn)
{
	unsigned long start_pfn = PFN_DOWN(memblock_start_of_DRAM()), end_pfn;
	u64 t0;
	int nid;

	memset(arch_zone_lowest_possible_pfn, 0, sizeof(arch_zone_lowest_possible_pfn));
	memset(arch_zone_highest_possible_pfn, 0, sizeof(arch_zone_highest_possible_pfn));
	memset(zone_movable_pfn, 0, sizeof(zone_movable_pfn));
	memset(&mminit_stats, 0, sizeof(mminit_stats));
	for (int zone = 0; zone < MAX_NR_ZONES; zone++) {
		if (zone == ZONE_MOVABLE)
			continue;
		end_pfn = max(max_zone_pfn[zone], start_pfn);
		arch_zone_lowest_possible_pfn[zone] = start_pfn;
		arch_zone_highest_possible_pfn[zone] = end_pfn;
		start_pfn = end_pfn;
	}
	find_zone_movable_pfns_for_nodes();

	pr_info("Zone ranges:\n");
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		if (i == ZONE_MOVABLE)
			continue;
		if (arch_zone_lowest_possible_pfn[i] == arch_zone_highest_possible_pfn[i])
			pr_info("  %-8s empty\n", zone_names[i]);
		else
			pr_info("  %-8s [mem %#018llx-%#018llx]\n", zone_names[i],
				(unsigned long long)PFN_PHYS(arch_zone_lowest_possible_pfn[i]),
				(unsigned long long)PFN_PHYS(arch_zone_highest_possible_pfn[i]) - 1);
	}
	pr_info("Movable zone start for each node\n");
	for (int i = 0; i < MAX_NUMNODES; i++)
		if (zone_movable_pfn[i])
			pr_info("  Node %d: %#018llx\n", i, (unsigned long long)PFN_PHYS(zone_movable_pfn[i]));
	print_early_node_ranges();

	for_each_node(nid) {
		if (!node_online(nid) && !NODE_DATA(nid))
			alloc_offline_node_data(nid);
		if (!NODE_DATA(nid)) {
			pr_err("efimm: node %d has no pg_data_t (its allocation failed); its memory is left out\n", nid);
			continue;
		}
		free_area_init_node(nid);
	}

	/* What the system hashes are sized from: memblock's free pages now (mm/hash.c). */
	calc_nr_kernel_pages();
	defer_prev_end_pfn = defer_nr_initialised = 0;
	t0 = platform_time_ns();
	memmap_init();
	mminit_stats.memmap_init_ns = platform_time_ns() - t0;
}

/* memmap_init once more over the same zones (the benchmark's warm run): all pages, no deferral. */
void memmap_init_again(void)
{
	bool deferred = deferred_struct_pages;
	u64 t0;
	int nid;

	memset(&mminit_stats, 0, sizeof(mminit_stats));
	deferred_struct_pages = false;
	for_each_node(nid)
		if (NODE_DATA(nid))
			NODE_DATA(nid)->first_deferred_pfn = ~0UL;
	mminit_quiet = true;
	t0 = platform_time_ns();
	memmap_init();
	mminit_stats.memmap_init_ns = platform_time_ns() - t0;
	mminit_quiet = false;
	deferred_struct_pages = deferred;
}

/* deferred_init_memmap for every node: the struct pages defer_init left, timed per node. */
void page_alloc_init_late(void)
{
	int nid;

	for_each_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);
		unsigned long first, start_pfn, end_pfn, done = 0;
		struct zone *zone = NULL;
		u64 t0 = platform_time_ns();
		int i;

		if (!pgdat || pgdat->first_deferred_pfn == ~0UL)
			continue;
		first = pgdat->first_deferred_pfn;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			zone = pgdat->node_zones + z;
			if (first < zone_end_pfn(zone))
				break;
		}
		for_each_mem_pfn_range(i, nid, &start_pfn, &end_pfn, NULL) {
			start_pfn = max(start_pfn, first);
			end_pfn = min(end_pfn, zone_end_pfn(zone));
			if (start_pfn >= end_pfn)
				continue;
			init_pages(start_pfn, end_pfn, zone_idx(zone), nid, false);
			for (unsigned long pfn = ALIGN(start_pfn, pageblock_nr_pages); pfn < end_pfn;
			     pfn += pageblock_nr_pages)
				set_pfnblock_migratetype(pfn, MIGRATE_MOVABLE);
			done += end_pfn - start_pfn;
		}
		pgdat->first_deferred_pfn = ~0UL;
		mminit_stats.deferred_pages += done;
		mminit_stats.deferred_ns += platform_time_ns() - t0;
		pr_info("node %d deferred pages initialised in %llums\n", nid,
			(unsigned long long)((platform_time_ns() - t0) / 1000000));
	}
}
