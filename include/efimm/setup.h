/* The memory part of x86's setup_arch, as efimm runs it (mm/setup.c). */
#ifndef _EFIMM_SETUP_H
#define _EFIMM_SETUP_H

#include <linux/efi.h>
#include <asm/efi_stub.h>

extern unsigned long max_pfn, max_low_pfn;

/* E820 from the firmware map, max_pfn, and memblock from E820 with x86's early reservations. */
void efimm_setup_arch(const struct efi_memory_map *m, enum efi_e820_flavor flavor);

/* What follows the firmware table: mem=/memmap=, the user-defined map, efi_init (efi_map may be NULL), trims. */
void x86_e820_finish(const struct efi_memory_map *efi_map);
/* max_pfn from E820, then memblock from E820 with x86's low reservations. */
void efimm_setup_memblock(void);

/* zone_sizes_init: the x86 zone limits, then free_area_init (nodes, zones, memmap). */
void zone_sizes_init(void);
/* sparse_init (when mminit_build_memmap) and zone_sizes_init, as x86_64's paging_init. */
void x86_paging_init(void);

#endif
