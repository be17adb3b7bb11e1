/*
 * The invariant checker for nodes, zones and struct pages (in the spirit
 * of Linux's mminit_verify_* and CONFIG_DEBUG_VM checks): after
 * free_area_init, the counts must add up to memblock's memory, zones must
 * nest in their node without overlapping, and, when the memmap is built,
 * every pfn of a present section must have a struct page whose flags name
 * its section, node and zone; RAM pages sit in exactly one zone of their
 * node, hole pages are reserved. Used by efimm's batch run, the replay and
 * the unit tests.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <efimm/mm_init.h>

#define MAX_REPORTED 10

static int problems;
static unsigned long zone_pages[MAX_NUMNODES][MAX_NR_ZONES];

static __printf(1, 2) void problem(const char *fmt, ...);

static void problem(const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	if (problems++ >= MAX_REPORTED)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_err("efimm: mm check: %s\n", buf);
}

/* Counts: zones in their node, in order, present pages = the node's memory, in total too. */
static void check_counts(void)
{
	unsigned long total = 0, start, end, node_total, sum = 0;
	int i, nid;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, NULL)
		total += end - start;
	for_each_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);
		unsigned long zsum = 0, prev_end = 0;

		if (!pgdat) {
			problem("node %d has no pg_data_t", nid);
			continue;
		}
		node_total = 0;
		for_each_mem_pfn_range(i, nid, &start, &end, NULL)
			node_total += end - start;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = pgdat->node_zones + z;
			unsigned long mem = 0;

			if (!zone->spanned_pages)
				continue;
			if (zone->zone_start_pfn < pgdat->node_start_pfn || zone_end_pfn(zone) > pgdat_end_pfn(pgdat))
				problem("node %d zone %s [%#lx-%#lx) outside the node", nid, zone_names[z],
					zone->zone_start_pfn, zone_end_pfn(zone));
			if (zone->zone_start_pfn < prev_end)
				problem("node %d zone %s overlaps the zone below it", nid, zone_names[z]);
			prev_end = zone_end_pfn(zone);
			for_each_mem_pfn_range(i, nid, &start, &end, NULL) {
				start = clamp(start, zone->zone_start_pfn, zone_end_pfn(zone));
				end = clamp(end, zone->zone_start_pfn, zone_end_pfn(zone));
				mem += end - start;
			}
			if (zone->present_pages != mem)
				problem("node %d zone %s: present_pages %lu, memblock has %lu", nid, zone_names[z],
					zone->present_pages, mem);
			if (zone->present_pages > zone->spanned_pages)
				problem("node %d zone %s: present %lu > spanned %lu", nid, zone_names[z],
					zone->present_pages, zone->spanned_pages);
			zsum += zone->present_pages;
		}
		if (zsum != pgdat->node_present_pages)
			problem("node %d: node_present_pages %lu, its zones have %lu", nid, pgdat->node_present_pages,
				zsum);
		if (pgdat->node_present_pages != node_total)
			problem("node %d: node_present_pages %lu, memblock has %lu", nid, pgdat->node_present_pages,
				node_total);
		sum += pgdat->node_present_pages;
	}
	if (sum != total)
		problem("present pages of all nodes %lu, memblock.memory has %lu", sum, total);
}

/* A pfn of RAM: its page links back, names its section and node, and one zone of that node spans it. */
static void check_ram_page(unsigned long pfn, int nid)
{
	struct page *page;
	pg_data_t *pgdat = NODE_DATA(nid);
	int z, spans = 0;

	if (!pfn_valid(pfn)) {
		problem("pfn %#lx is RAM but not pfn_valid", pfn);
		return;
	}
	page = pfn_to_page(pfn);
	if (page_to_pfn(page) != pfn || page_to_section(page) != pfn_to_section_nr(pfn)) {
		problem("pfn %#lx: struct page maps back to pfn %#lx (section %lu)", pfn, page_to_pfn(page),
			page_to_section(page));
		return;
	}
	if (page_to_nid(page) != nid)
		problem("pfn %#lx: page says node %d, memblock node %d", pfn, page_to_nid(page), nid);
	z = page_zonenum(page);
	if (z >= MAX_NR_ZONES || !pgdat || !zone_spans_pfn(&pgdat->node_zones[z], pfn)) {
		problem("pfn %#lx: zone %d of node %d does not span it", pfn, z, nid);
		return;
	}
	for (int j = 0; j < MAX_NR_ZONES; j++)
		spans += pgdat->node_zones[j].spanned_pages && zone_spans_pfn(&pgdat->node_zones[j], pfn);
	if (spans != 1)
		problem("pfn %#lx: in %d zones of node %d", pfn, spans, nid);
	if (PageReserved(page) || page_ref_count(page) != 1)
		problem("pfn %#lx: RAM page reserved or with %d references before the buddy", pfn, page_ref_count(page));
	zone_pages[nid][z]++;
}

/* A pfn of a hole inside a present section: a reserved page with sane links. */
static void check_hole_pages(unsigned long spfn, unsigned long epfn)
{
	for (unsigned long pfn = spfn; pfn < epfn; pfn++) {
		struct page *page;

		if (!pfn_valid(pfn)) {
			pfn = ALIGN(pfn + 1, PAGES_PER_SECTION) - 1;
			continue;
		}
		page = pfn_to_page(pfn);
		if (!PageReserved(page) || page_to_section(page) != pfn_to_section_nr(pfn) ||
		    page_zonenum(page) >= MAX_NR_ZONES || !NODE_DATA(page_to_nid(page)))
			problem("pfn %#lx: hole page not reserved or with bad links (flags %#lx)", pfn, page->flags);
	}
}

static void check_memmap(void)
{
	unsigned long start, end, prev_end = 0, sections = 0;
	int i, nid;

	memset(zone_pages, 0, sizeof(zone_pages));
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, &nid) {
		check_hole_pages(prev_end, start);
		for (unsigned long pfn = start; pfn < end; pfn++)
			check_ram_page(pfn, nid);
		prev_end = end;
	}
	check_hole_pages(prev_end, ALIGN(prev_end, PAGES_PER_SECTION));

	for_each_node(nid)
		for (int z = 0; NODE_DATA(nid) && z < MAX_NR_ZONES; z++)
			if (zone_pages[nid][z] != NODE_DATA(nid)->node_zones[z].present_pages)
				problem("node %d zone %s: %lu RAM pages carry it, present_pages %lu", nid, zone_names[z],
					zone_pages[nid][z], NODE_DATA(nid)->node_zones[z].present_pages);

	/* Every section with a memmap has RAM; sections with RAM were checked above. */
	for (unsigned long nr = 0; nr <= __highest_present_section_nr; nr++) {
		bool ram = false;

		if (!valid_section_nr(nr))
			continue;
		sections++;
		for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, NULL)
			ram |= start < section_nr_to_pfn(nr + 1) && end > section_nr_to_pfn(nr);
		if (!ram)
			problem("section %lu has a memmap but no RAM", nr);
	}
	if (!sections && memblock.memory.total_size)
		problem("no section has a memmap");
}

int mminit_verify(void)
{
	problems = 0;
	check_counts();
	if (mminit_build_memmap)
		check_memmap();
	if (problems > MAX_REPORTED)
		pr_err("efimm: mm check: %d more problems\n", problems - MAX_REPORTED);
	if (problems)
		pr_err("efimm: mm check: %d problems\n", problems);
	else
		pr_info("efimm: mm check: nodes, zones%s consistent\n",
			mminit_build_memmap ? ", sections and struct pages" : "");
	return problems;
}
