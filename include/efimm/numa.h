#ifndef _EFIMM_NUMA_H
#define _EFIMM_NUMA_H

#include <linux/types.h>

extern bool numa_off;
/* Nodes from the firmware (or the fallback), memblock nids, NODE_DATA, online nodes. */
void x86_numa_init(void);
void alloc_node_data(int nid);
int early_pfn_to_nid(unsigned long pfn);

#endif
