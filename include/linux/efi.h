/*
 * The UEFI memory map as plain data, named as Linux names it. efi/ copies
 * the firmware's buffer as it is (descriptor stride = desc_size, never
 * sizeof), so mm/ sees exactly what GetMemoryMap returned.
 */
#ifndef _LINUX_EFI_H
#define _LINUX_EFI_H

#include <linux/types.h>

/* Memory types (UEFI 2.10, table 7.5) */
#define EFI_RESERVED_TYPE 0
#define EFI_LOADER_CODE 1
#define EFI_LOADER_DATA 2
#define EFI_BOOT_SERVICES_CODE 3
#define EFI_BOOT_SERVICES_DATA 4
#define EFI_RUNTIME_SERVICES_CODE 5
#define EFI_RUNTIME_SERVICES_DATA 6
#define EFI_CONVENTIONAL_MEMORY 7
#define EFI_UNUSABLE_MEMORY 8
#define EFI_ACPI_RECLAIM_MEMORY 9
#define EFI_ACPI_MEMORY_NVS 10
#define EFI_MEMORY_MAPPED_IO 11
#define EFI_MEMORY_MAPPED_IO_PORT_SPACE 12
#define EFI_PAL_CODE 13
#define EFI_PERSISTENT_MEMORY 14
#define EFI_UNACCEPTED_MEMORY 15
#define EFI_MAX_MEMORY_TYPE 16

/*
 * Attribute bits. gnu-efi defines some of the same names for efi/, so each
 * is guarded: the values are the specification's either way.
 */
#ifndef EFI_MEMORY_UC
#define EFI_MEMORY_UC ((u64)0x0000000000000001ULL)
#define EFI_MEMORY_WC ((u64)0x0000000000000002ULL)
#define EFI_MEMORY_WT ((u64)0x0000000000000004ULL)
#define EFI_MEMORY_WB ((u64)0x0000000000000008ULL)
#define EFI_MEMORY_UCE ((u64)0x0000000000000010ULL)
#define EFI_MEMORY_WP ((u64)0x0000000000001000ULL)
#define EFI_MEMORY_RP ((u64)0x0000000000002000ULL)
#define EFI_MEMORY_XP ((u64)0x0000000000004000ULL)
#define EFI_MEMORY_RUNTIME ((u64)0x8000000000000000ULL)
#endif
#ifndef EFI_MEMORY_NV
#define EFI_MEMORY_NV ((u64)0x0000000000008000ULL)
#endif
#ifndef EFI_MEMORY_MORE_RELIABLE
#define EFI_MEMORY_MORE_RELIABLE ((u64)0x0000000000010000ULL)
#endif
#ifndef EFI_MEMORY_RO
#define EFI_MEMORY_RO ((u64)0x0000000000020000ULL)
#endif
#ifndef EFI_MEMORY_SP
#define EFI_MEMORY_SP ((u64)0x0000000000040000ULL)
#endif
#ifndef EFI_MEMORY_CPU_CRYPTO
#define EFI_MEMORY_CPU_CRYPTO ((u64)0x0000000000080000ULL)
#endif
#ifndef EFI_MEMORY_HOT_PLUGGABLE
#define EFI_MEMORY_HOT_PLUGGABLE ((u64)0x0000000000100000ULL)
#endif
#ifndef EFI_MEMORY_ISA_VALID
#define EFI_MEMORY_ISA_VALID ((u64)0x4000000000000000ULL)
#define EFI_MEMORY_ISA_MASK ((u64)0x0FFFF00000000000ULL)
#endif

#define EFI_PAGE_SHIFT_LINUX 12

typedef struct {
	u32 type;
	u32 pad;
	u64 phys_addr;
	u64 virt_addr;
	u64 num_pages;
	u64 attribute;
} __packed efi_memory_desc_t; /* no padding either way; packed so any stride (desc_size 44) reads safely */

/* A memory map as GetMemoryMap returned it. */
struct efi_memory_map {
	void *map;                  /* first descriptor */
	unsigned long nr_map;       /* map size / desc_size */
	unsigned long desc_size;    /* stride between descriptors, from the firmware */
	unsigned long desc_version; /* EFI_MEMORY_DESCRIPTOR_VERSION, 1 in UEFI 2.x */
};

static inline efi_memory_desc_t *efi_memdesc_ptr(void *map, unsigned long desc_size, unsigned long n)
{
	return (efi_memory_desc_t *)((char *)map + n * desc_size);
}

/* Whether the E820 conversion turns EFI_MEMORY_SP ranges into soft reserved (efi=nosoftreserve clears it). */
extern bool efi_soft_reserve;
/* efi=debug: print the map in Linux's efi=debug format. */
extern bool efi_debug;

/* The UEFI shell's name of a type, or NULL for types past the specification's. */
const char *efi_type_name(u32 type);
char *efi_md_typeattr_format(char *buf, size_t size, const efi_memory_desc_t *md);
int efi_memmap_check(const struct efi_memory_map *m);
void efi_print_memmap(const struct efi_memory_map *m);

#endif
