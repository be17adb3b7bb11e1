/* The Linux EFI stub's EFI map -> E820 conversion (setup_e820), portable. */
#ifndef _ASM_EFI_STUB_H
#define _ASM_EFI_STUB_H

#include <linux/efi.h>
#include <asm/e820/types.h>

/* Output of the conversion: boot_params entries then the extended ones. */
struct efi_stub_e820 {
	u32 nr_entries;   /* all entries made, including those that did not fit */
	u32 nr_stored;    /* entries stored below (at most E820_MAX_ENTRIES) */
	struct boot_e820_entry entries[E820_MAX_ENTRIES];
};

enum efi_e820_flavor {
	EFI_E820_LINUX_STUB, /* drivers/firmware/efi/libstub/x86-stub.c setup_e820 */
	EFI_E820_GRUB,       /* GRUB's linux loader: RuntimeServicesCode -> type 20, unknown -> reserved */
};

/* Convert; returns the number of entries made. Entries past capacity are reported, not stored. */
u32 efi_setup_e820(const struct efi_memory_map *m, enum efi_e820_flavor flavor, struct efi_stub_e820 *out);

/* efi_init's removal of large MMIO ranges from E820, with Linux's lines. */
void efi_remove_e820_mmio(const struct efi_memory_map *m);

/* The whole first stage as setup_arch runs it: convert, memory_setup(+extended), trims. */
void efimm_e820_from_efi(const struct efi_memory_map *m, enum efi_e820_flavor flavor);

#endif
