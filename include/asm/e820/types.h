/* E820 types and table, as arch/x86/include/asm/e820/types.h. */
#ifndef _ASM_E820_TYPES_H
#define _ASM_E820_TYPES_H

#include <linux/types.h>

enum e820_type {
	E820_TYPE_RAM = 1,
	E820_TYPE_RESERVED = 2,
	E820_TYPE_ACPI = 3,
	E820_TYPE_NVS = 4,
	E820_TYPE_UNUSABLE = 5,
	E820_TYPE_PMEM = 7,
	E820_TYPE_PRAM = 12,
	E820_TYPE_SOFT_RESERVED = 0xefffffff,
	E820_TYPE_RESERVED_KERN = 128,
};

/* The boot protocol's 20-byte entry (boot_params.e820_table). */
struct boot_e820_entry {
	u64 addr;
	u64 size;
	u32 type;
} __packed;

/* Entries that fit in boot_params; the EFI stub passes the rest as SETUP_E820_EXT. */
#define E820_MAX_ENTRIES_ZEROPAGE 128

/* Debian's amd64 kernel: CONFIG_NODES_SHIFT=10. */
#define MAX_NUMNODES (1 << 10)
#define E820_MAX_ENTRIES (E820_MAX_ENTRIES_ZEROPAGE + 3 * MAX_NUMNODES)

struct e820_entry {
	u64 addr;
	u64 size;
	enum e820_type type;
} __packed;

struct e820_table {
	u32 nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

#endif
