/*
 * The machine-readable report (docs/report.schema.json): what efimm found
 * and built, as JSON. The platform fills struct report_info with what only
 * it knows; the core adds the E820 table, memblock, nodes, zones with their
 * counters and free lists, buddyinfo, slabinfo and the stage timings.
 */
#ifndef _EFIMM_REPORT_H
#define _EFIMM_REPORT_H

#include <linux/efi.h>
#include <efimm/json.h>

struct page_selftest_result;

#define REPORT_SCHEMA_VERSION 1

struct smbios_info {
	char system_manufacturer[64], system_product[64], system_version[64];
	char board_manufacturer[64], board_product[64];
	char bios_vendor[64], bios_version[64], bios_date[32];
};

struct report_info {
	const char *efimm_version;
	const char *command_line, *command_line_source;
	const char *firmware_vendor;
	u32 firmware_revision;       /* UEFI revision, major << 16 | minor */
	const struct smbios_info *smbios; /* NULL when the firmware has no SMBIOS table */
	const struct efi_memory_map *efi_map; /* the map the stages started from */
	u64 claimed_bytes, given_back_bytes;
	int memblock_selftest_failures; /* -1: not run */
	int page_selftest_failures;     /* -1: not run */
	const struct page_selftest_result *page_selftest; /* its numbers; NULL when not run */
	int slab_selftest_failures;     /* -1: not run */
	const char *result;
};

/* Parse an SMBIOS structure table (types 0, 1 and 2) into names; false if it has none of them. */
bool smbios_parse(const void *table, size_t len, struct smbios_info *out);

/* The whole report as one JSON object. */
void efimm_report_json(struct json *j, const struct report_info *info);

#endif
