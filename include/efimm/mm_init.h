#ifndef _EFIMM_MM_INIT_H
#define _EFIMM_MM_INIT_H

void print_early_node_ranges(void);

#endif
