/* efimm's own helpers around the firmware memory map (mm/efi_memmap.c). */
#ifndef _EFIMM_EFI_MEMMAP_H
#define _EFIMM_EFI_MEMMAP_H

#include <linux/efi.h>

/* x86-64 physical addresses are at most 52 bits wide. */
#define EFI_MAX_PHYS_ADDR (1ULL << 52)
/* Descriptors checked for overlaps (more are converted, and said to be unchecked). */
#define EFI_CHECK_MAX_DESC 4096

int efi_type_from_name(const char *name);
const char *efi_md_bad_range(const efi_memory_desc_t *md);
void efi_print_memmap_table(const struct efi_memory_map *m);

#endif
