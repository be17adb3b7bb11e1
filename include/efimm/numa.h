#ifndef _EFIMM_NUMA_H
#define _EFIMM_NUMA_H

#include <linux/types.h>

#define MAX_LOCAL_APIC 32768 /* x86_64 */

extern bool numa_off;
extern bool acpi_numa_noacpi; /* numa=noacpi: do not use SRAT */
/* Nodes from the firmware (or the fallback), memblock nids, NODE_DATA, online nodes. */
void x86_numa_init(void);
void alloc_node_data(int nid);
int early_pfn_to_nid(unsigned long pfn);
/* A possible node with no memory (CPUs only): not online; free_area_init sets it up as memoryless. */
bool numa_node_memoryless(int nid);

/* mm/acpi_numa.c: SRAT and SLIT. */
int x86_acpi_numa_init(void);
void acpi_numa_reset(void);
int acpi_map_pxm_to_node(int pxm);
int pxm_to_node(int pxm);
int node_to_pxm(int node);
void set_apicid_to_node(int apicid, s16 node);
/* The cpu-to-node map as x86 keeps it before per-cpu areas: by APIC id (NUMA_NO_NODE if none). */
int numa_apicid_to_node(int apicid);

#endif
