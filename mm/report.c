/*
 * The report's content from the core: the firmware map as read, the E820
 * table as the firmware gave it and as it is now, memblock's regions with
 * their nodes and the named reservations, and the nodes' memory. Addresses
 * and sizes are "0x..." strings (JSON numbers lose precision past 2^53).
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <asm/e820/api.h>
#include <efimm/efi_memmap.h>
#include <efimm/report.h>
#include <efimm/reserve.h>

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
	json_object_begin(j, "selftests");
	json_s64(j, "memblock_failures", info->memblock_selftest_failures);
	json_object_end(j);
	json_object_end(j);
}
