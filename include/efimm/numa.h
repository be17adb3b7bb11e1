#ifndef _EFIMM_NUMA_H
#define _EFIMM_NUMA_H

#include <linux/types.h>

extern bool numa_off;
void x86_numa_init(void);

#endif
