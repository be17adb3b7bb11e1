/*
 * Reading a dmesg-style log (or efimm's own output) back into the inputs
 * efimm's core takes: the BIOS-e820 table and the firmware's EFI map.
 */
#ifndef REPLAY_LOGPARSE_H
#define REPLAY_LOGPARSE_H

#include <stdio.h>
#include <linux/efi.h>
#include <asm/e820/types.h>

enum replay_map_source {
	MAP_NONE,
	MAP_EFI_DEBUG,   /* "efi: memNN: [...] range=[...]" lines */
	MAP_EFIMM_TABLE, /* efimm's "EFI memory map: N descriptors, ..." table */
};

struct replay_log {
	/* The first BIOS-e820 table in the log, in printed order. */
	struct boot_e820_entry *e820;
	unsigned int nr_e820, cap_e820;
	bool e820_has_grub_code; /* a "type 20" entry: GRUB built the table */

	/* The firmware map, descriptors desc_size bytes apart. */
	enum replay_map_source map_source;
	struct efi_memory_map map;
	unsigned long cap_map;
	unsigned long table_expected; /* descriptors an efimm table header announced */

	unsigned long bad_lines; /* lines that looked like input but did not parse */
	char *report_cmdline;    /* a JSON report's command line (NULL for logs) */

	/*
	 * SRAT's memory affinity as the kernel printed it ("ACPI: SRAT: Node N
	 * PXM P [mem A-B] hotplug non-volatile"; "SRAT: Node ..." before 4.19),
	 * first boot only. Dumps lack the CPU lines (pr_debug).
	 */
	struct replay_srat_mem {
		u32 node, pxm;
		u64 start, end; /* end inclusive, as printed */
		bool hotplug, nonvolatile;
	} *srat;
	unsigned int nr_srat, cap_srat;
	/* CPUs=N of the log's "SLUB: HWalign=..." line (0: none): nr_cpu_ids for the replay's SLUB. */
	unsigned int slub_cpus;
	/* A report's distance matrix as a SLIT over PXMs 0..slit_nodes-1 (NULL: none; logs do not print it). */
	u8 *slit;
	unsigned int slit_nodes;
};

/* Read the whole log; returns 0, or -1 on a read error (errno set). Problems are reported on stderr. */
int replay_log_parse(FILE *f, const char *name, struct replay_log *log);
/* The same from an efimm JSON report (docs/report.schema.json); 0 or -1. */
int replay_log_from_report(const char *text, size_t len, const char *name, struct replay_log *log);
void replay_log_free(struct replay_log *log);

/* The number an E820 type name stands for ("usable", "type 20", ...), or 0. */
u32 replay_e820_type(const char *name);

#endif
