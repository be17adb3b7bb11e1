/*
 * The log's SRAT back as a table: the "SRAT: Node N PXM P [mem ...]" lines
 * become memory affinity entries, in printed order, and efimm's own SRAT
 * parser (mm/acpi_numa.c) reads them through platform_acpi_table as it
 * reads the firmware's. Logs do not show the CPU entries (pr_debug), so one
 * enabled CPU entry per node, in node order, comes first: Linux numbers
 * PXMs in first-seen order with CPUs first, and this reproduces the log's
 * node numbers. Nodes that had only CPUs (memoryless) cannot be rebuilt.
 * Distances (SLIT) are not printed either: 10 local, 20 remote. A JSON
 * report gives both (logparse.c report_numa): its blocks come here as SRAT
 * lines, its distance matrix as a SLIT.
 */
#include <stdlib.h>
#include <string.h>
#include <acpi/acpi_numa.h>
#include <efimm/host.h>
#include "replay_srat.h"

static void put(u8 *p, u64 v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (u8)(v >> (8 * i));
}

static u8 *table, *slit;

/* A report's distances as a SLIT (acpi_numa.c checks and prints it as the firmware's). */
static int register_slit(const struct replay_log *log)
{
	size_t n = log->slit_nodes, len = ACPI_SLIT_HEADER_SIZE + n * n;

	free(slit);
	slit = NULL;
	host_acpi_register("SLIT", NULL, 0);
	if (!log->slit || !n)
		return 0;
	if (len > 0xffffffffu || !(slit = calloc(1, len)))
		return -1;
	memcpy(slit, "SLIT", 4);
	slit[ACPI_HDR_REVISION] = 1;
	put(slit + ACPI_SLIT_COUNT, n, 8);
	memcpy(slit + ACPI_SLIT_HEADER_SIZE, log->slit, n * n);
	put(slit + ACPI_HDR_LENGTH, len, 4);
	slit[ACPI_HDR_CHECKSUM] = (u8)(0x100 - acpi_tb_checksum(slit, len));
	host_acpi_register("SLIT", slit, len);
	return 0;
}

int replay_register_srat(const struct replay_log *log)
{
	unsigned int max_node = 0, i;
	size_t len, off;

	free(table);
	table = NULL;
	host_acpi_register("SRAT", NULL, 0);
	if (register_slit(log) < 0)
		return -1;
	if (!log->nr_srat)
		return 0;
	for (i = 0; i < log->nr_srat; i++)
		if (log->srat[i].node > max_node)
			max_node = log->srat[i].node;
	if (max_node >= 4096)
		return -1;
	len = ACPI_SRAT_HEADER_SIZE + (size_t)(max_node + 1) * ACPI_SRAT_X2APIC_SIZE +
	      (size_t)log->nr_srat * ACPI_SRAT_MEM_SIZE;
	if (len > 0xffffffffu || !(table = calloc(1, len)))
		return -1;
	memcpy(table, "SRAT", 4);
	table[ACPI_HDR_REVISION] = 3; /* full 32-bit PXMs */
	put(table + 36, 1, 4);
	off = ACPI_SRAT_HEADER_SIZE;
	/* x2APIC entries: 32-bit PXMs; the PXM of each node is that of its first memory line. */
	for (unsigned int node = 0; node <= max_node; node++) {
		u8 *e = table + off;

		for (i = 0; i < log->nr_srat && log->srat[i].node != node; i++)
			;
		if (i == log->nr_srat)
			continue;
		e[0] = ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY;
		e[1] = ACPI_SRAT_X2APIC_SIZE;
		put(e + ACPI_SRAT_X2APIC_PXM, log->srat[i].pxm, 4);
		put(e + ACPI_SRAT_X2APIC_APIC_ID, node, 4);
		put(e + ACPI_SRAT_X2APIC_FLAGS, ACPI_SRAT_CPU_ENABLED, 4);
		off += ACPI_SRAT_X2APIC_SIZE;
	}
	for (i = 0; i < log->nr_srat; i++) {
		const struct replay_srat_mem *m = &log->srat[i];
		u8 *e = table + off;

		e[0] = ACPI_SRAT_TYPE_MEMORY_AFFINITY;
		e[1] = ACPI_SRAT_MEM_SIZE;
		put(e + ACPI_SRAT_MEM_PXM, m->pxm, 4);
		put(e + ACPI_SRAT_MEM_BASE, m->start, 8);
		put(e + ACPI_SRAT_MEM_LENGTH, m->end - m->start + 1, 8);
		put(e + ACPI_SRAT_MEM_FLAGS,
		    ACPI_SRAT_MEM_ENABLED | (m->hotplug ? ACPI_SRAT_MEM_HOT_PLUGGABLE : 0) |
			    (m->nonvolatile ? ACPI_SRAT_MEM_NON_VOLATILE : 0),
		    4);
		off += ACPI_SRAT_MEM_SIZE;
	}
	put(table + ACPI_HDR_LENGTH, off, 4);
	table[ACPI_HDR_CHECKSUM] = (u8)(0x100 - acpi_tb_checksum(table, off));
	host_acpi_register("SRAT", table, off);
	return 0;
}
