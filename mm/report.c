/*
 * The report's content from the core: the firmware map as read, the E820
 * table as the firmware gave it and as it is now, memblock's regions with
 * their nodes and the named reservations, the nodes' memory and distances, every zone
 * with zoneinfo's counters and its free lists per order and migrate type,
 * buddyinfo, slabinfo, the stage timings and the self-tests' results.
 * Addresses and sizes are "0x..." strings (JSON numbers lose precision past
 * 2^53); page counts and nanoseconds are plain numbers.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/numa_memblks.h>
#include <linux/slab.h>
#include <linux/vmstat.h>
#include <asm/e820/api.h>
#include <efimm/efi_memmap.h>
#include <efimm/page_selftest.h>
#include <efimm/report.h>
#include <efimm/reserve.h>
#include <efimm/timings.h>

static void report_efi_map(struct json *j, const struct efi_memory_map *m)
{
	json_object_begin(j, "efi_memory_map");
	json_u64(j, "descriptor_size", m->desc_size);
	json_u64(j, "descriptor_version", m->desc_version);
	json_array_begin(j, "descriptors");
	for (unsigned long i = 0; m->desc_size >= sizeof(efi_memory_desc_t) && i < m->nr_map; i++) {
		const efi_memory_desc_t *md = efi_memdesc_ptr(m->map, m->desc_size, i);
		const char *name = efi_type_name(md->type);

		json_object_begin(j, NULL);
		json_u64(j, "type", md->type);
		json_string(j, "type_name", name ? name : "unknown");
		json_hex(j, "start", md->phys_addr);
		json_hex(j, "pages", md->num_pages);
		json_hex(j, "attribute", md->attribute);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

static void report_e820(struct json *j, const char *key, const struct e820_table *t)
{
	json_array_begin(j, key);
	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];
		char buf[32];

		json_object_begin(j, NULL);
		json_hex(j, "start", e->addr);
		json_hex(j, "end", e->addr + e->size - 1);
		json_u64(j, "type", e->type);
		json_string(j, "type_name", e820_type_name(e->type, buf, sizeof(buf)));
		json_object_end(j);
	}
	json_array_end(j);
}

static void report_regions(struct json *j, const struct memblock_type *type)
{
	json_array_begin(j, type->name);
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		json_object_begin(j, NULL);
		json_hex(j, "base", r->base);
		json_hex(j, "size", r->size);
		json_s64(j, "nid", numa_valid_node(r->nid) ? r->nid : -1);
		json_u64(j, "flags", r->flags);
		json_object_end(j);
	}
	json_array_end(j);
}

static void report_memblock(struct json *j)
{
	phys_addr_t base, size;
	const char *name;

	json_object_begin(j, "memblock");
	json_hex(j, "memory_size", memblock_phys_mem_size());
	json_hex(j, "reserved_size", memblock_reserved_size());
	report_regions(j, &memblock.memory);
	report_regions(j, &memblock.reserved);
	json_array_begin(j, "owners");
	for (unsigned int i = 0; efimm_reservation(i, &base, &size, &name); i++) {
		json_object_begin(j, NULL);
		json_string(j, "name", name);
		json_hex(j, "base", base);
		json_hex(j, "size", size);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

/* Each node's memory, as the "Early memory node ranges" lines show it. */
static void report_nodes(struct json *j)
{
	unsigned long start, end;
	int i, nid;

	json_array_begin(j, "node_ranges");
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, &nid) {
		json_object_begin(j, NULL);
		json_s64(j, "nid", numa_valid_node(nid) ? nid : -1);
		json_hex(j, "start", PFN_PHYS(start));
		json_hex(j, "end", PFN_PHYS(end) - 1);
		json_object_end(j);
	}
	json_array_end(j);
}

/*
 * The NUMA layout as the firmware's SRAT and SLIT gave it (or the dummy
 * node): numa_meminfo's blocks, and for every online node its distance to
 * every online node, in node order (/sys/.../nodeN/distance).
 */
static void report_numa(struct json *j)
{
	int nid, other;

	json_object_begin(j, "numa");
	json_array_begin(j, "memblks");
	for (int i = 0; i < numa_meminfo.nr_blks; i++) {
		json_object_begin(j, NULL);
		json_s64(j, "nid", numa_meminfo.blk[i].nid);
		json_hex(j, "start", numa_meminfo.blk[i].start);
		json_hex(j, "end", numa_meminfo.blk[i].end - 1);
		json_object_end(j);
	}
	json_array_end(j);
	json_array_begin(j, "nodes");
	for_each_online_node(nid) {
		json_object_begin(j, NULL);
		json_s64(j, "nid", nid);
		json_array_begin(j, "distance");
		for_each_online_node(other)
			json_s64(j, NULL, node_distance(nid, other));
		json_array_end(j);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

/* The migrate types efimm has, named as Linux's migratetype_names (no CMA: efimm never has it). */
static const char *const report_mt_names[MIGRATE_TYPES] = {
	[MIGRATE_UNMOVABLE] = "Unmovable", [MIGRATE_MOVABLE] = "Movable", [MIGRATE_RECLAIMABLE] = "Reclaimable",
	[MIGRATE_HIGHATOMIC] = "HighAtomic", [MIGRATE_ISOLATE] = "Isolate",
};

/* Blocks on one free list; never more than limit, so a corrupt (cyclic) list cannot hang the report. */
static unsigned long free_list_len(const struct list_head *head, unsigned long limit)
{
	unsigned long n = 0;

	for (const struct list_head *p = head->next; p != head && n <= limit; p = p->next)
		n++;
	return n;
}

static void report_nr_free(struct json *j, const char *key, const struct zone *zone)
{
	json_array_begin(j, key);
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		json_u64(j, NULL, zone->free_area[order].nr_free);
	json_array_end(j);
}

/* One zone as /proc/zoneinfo has it: free pages, watermarks (boost included), sizes, protection, free lists. */
static void report_zone(struct json *j, const pg_data_t *pgdat, int z)
{
	const struct zone *zone = &pgdat->node_zones[z];
	unsigned long boost = zone->watermark_boost;

	json_object_begin(j, NULL);
	json_s64(j, "nid", pgdat->node_id);
	json_string(j, "zone", zone_names[z]);
	json_bool(j, "populated", populated_zone(zone));
	json_u64(j, "start_pfn", zone->zone_start_pfn);
	json_u64(j, "pages_free", zone_free_pages(zone));
	json_u64(j, "boost", boost);
	json_u64(j, "min", zone->_watermark[WMARK_MIN] + boost);
	json_u64(j, "low", zone->_watermark[WMARK_LOW] + boost);
	json_u64(j, "high", zone->_watermark[WMARK_HIGH] + boost);
	json_u64(j, "promo", zone->_watermark[WMARK_PROMO] + boost);
	json_u64(j, "spanned", zone->spanned_pages);
	json_u64(j, "present", zone->present_pages);
	json_u64(j, "managed", zone->managed_pages);
	json_array_begin(j, "lowmem_reserve");
	for (int i = 0; i < MAX_NR_ZONES; i++)
		json_s64(j, NULL, zone->lowmem_reserve[i]);
	json_array_end(j);
	report_nr_free(j, "nr_free", zone);
	/* Free blocks per order of each migrate type, as pagetypeinfo counts them (list lengths). */
	json_object_begin(j, "nr_free_by_migratetype");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		json_array_begin(j, report_mt_names[mt]);
		for (int order = 0; order < NR_PAGE_ORDERS; order++)
			json_u64(j, NULL,
				 populated_zone(zone) ? free_list_len(&zone->free_area[order].free_list[mt],
								      zone->free_area[order].nr_free) : 0);
		json_array_end(j);
	}
	json_object_end(j);
	json_object_end(j);
}

/* The nodes with a pg_data_t, as /proc walks them. */
#define for_each_report_pgdat(nid, pgdat)                                                                \
	for_each_online_node(nid)                                                                        \
		if (((pgdat) = NODE_DATA(nid)) != NULL)

/* zones: every zone of every node (zoneinfo shows the empty ones too); buddyinfo: the populated ones. */
static void report_zones(struct json *j)
{
	pg_data_t *pgdat;
	int nid;

	json_array_begin(j, "zones");
	for_each_report_pgdat(nid, pgdat)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			report_zone(j, pgdat, z);
	json_array_end(j);
	json_array_begin(j, "buddyinfo");
	for_each_report_pgdat(nid, pgdat)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			if (!populated_zone(&pgdat->node_zones[z]))
				continue;
			json_object_begin(j, NULL);
			json_s64(j, "nid", pgdat->node_id);
			json_string(j, "zone", zone_names[z]);
			report_nr_free(j, "nr_free", &pgdat->node_zones[z]);
			json_object_end(j);
		}
	json_array_end(j);
}

/* /proc/slabinfo's columns per cache; empty while no slab cache exists. */
static void report_slabinfo(struct json *j)
{
	struct kmem_cache *s;

	json_array_begin(j, "slabinfo");
	for_each_kmem_cache(s) {
		struct slabinfo si = { 0 };

		get_slabinfo(s, &si);
		json_object_begin(j, NULL);
		json_string(j, "name", kmem_cache_name(s));
		json_u64(j, "active_objs", si.active_objs);
		json_u64(j, "num_objs", si.num_objs);
		json_u64(j, "objsize", kmem_cache_objsize(s));
		json_u64(j, "objperslab", si.objects_per_slab);
		json_u64(j, "pagesperslab", 1UL << si.cache_order);
		json_u64(j, "active_slabs", si.active_slabs);
		json_u64(j, "num_slabs", si.num_slabs);
		json_object_end(j);
	}
	json_array_end(j);
}

static void report_timings(struct json *j)
{
	const struct stage_timing *t;
	unsigned int n;

	t = timings_table(&n);
	json_object_begin(j, "timings");
	json_string(j, "clock", timings_clock_source());
	json_u64(j, "clock_khz", timings_clock_khz());
	json_array_begin(j, "stages");
	for (unsigned int i = 0; i < n; i++) {
		json_object_begin(j, NULL);
		json_string(j, "name", t[i].name);
		json_u64(j, "ns", t[i].ns);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

/* The page self-test's struct page_selftest_result, field for field. */
static void report_page_selftest(struct json *j, const struct page_selftest_result *r)
{
	json_object_begin(j, "page_result");
	json_u64(j, "pages", r->pages);
	json_array_begin(j, "blocks");
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		json_u64(j, NULL, r->blocks[order]);
	json_array_end(j);
	json_u64(j, "bad_words", r->bad_words);
	json_u64(j, "counts_differing", r->counts_differing);
	json_u64(j, "words_per_page", r->words_per_page);
	json_u64(j, "bytes_checked", r->bytes_checked);
	json_u64(j, "alloc_ns", r->alloc_ns);
	json_u64(j, "write_ns", r->write_ns);
	json_u64(j, "verify_ns", r->verify_ns);
	json_u64(j, "free_ns", r->free_ns);
	json_object_end(j);
}

static void report_smbios(struct json *j, const struct smbios_info *s)
{
	json_object_begin(j, "smbios");
	json_string(j, "system_manufacturer", s->system_manufacturer);
	json_string(j, "system_product", s->system_product);
	json_string(j, "system_version", s->system_version);
	json_string(j, "board_manufacturer", s->board_manufacturer);
	json_string(j, "board_product", s->board_product);
	json_string(j, "bios_vendor", s->bios_vendor);
	json_string(j, "bios_version", s->bios_version);
	json_string(j, "bios_date", s->bios_date);
	json_object_end(j);
}

void efimm_report_json(struct json *j, const struct report_info *info)
{
	json_object_begin(j, NULL);
	json_u64(j, "schema_version", REPORT_SCHEMA_VERSION);
	json_string(j, "efimm_version", info->efimm_version);
	json_string(j, "command_line", info->command_line);
	json_string(j, "command_line_source", info->command_line_source);
	json_string(j, "result", info->result);
	json_object_begin(j, "firmware");
	json_string(j, "vendor", info->firmware_vendor);
	json_u64(j, "uefi_revision_major", info->firmware_revision >> 16);
	json_u64(j, "uefi_revision_minor", info->firmware_revision & 0xffff);
	if (info->smbios)
		report_smbios(j, info->smbios);
	json_object_end(j);
	if (info->efi_map)
		report_efi_map(j, info->efi_map);
	report_e820(j, "e820_firmware", e820_table_firmware);
	report_e820(j, "e820", e820_table);
	report_memblock(j);
	report_nodes(j);
	json_object_begin(j, "ram_ownership");
	json_hex(j, "claimed_bytes", info->claimed_bytes);
	json_hex(j, "given_back_bytes", info->given_back_bytes);
	json_object_end(j);
	report_numa(j);
	report_zones(j);
	report_slabinfo(j);
	report_timings(j);
	json_object_begin(j, "selftests");
	json_s64(j, "memblock_failures", info->memblock_selftest_failures);
	json_s64(j, "page_failures", info->page_selftest_failures);
	json_s64(j, "slab_failures", info->slab_selftest_failures);
	if (info->page_selftest)
		report_page_selftest(j, info->page_selftest);
	json_object_end(j);
	json_object_end(j);
}
