/*
 * EFI memory map -> E820, the way Linux's x86 EFI stub builds boot_params
 * (drivers/firmware/efi/libstub/x86-stub.c, setup_e820): descriptors in
 * firmware order, no sorting; a descriptor extends the previous entry only
 * when the type matches and it starts exactly where that entry ends; entries
 * past the 128 of boot_params go to the extended (SETUP_E820_EXT) table.
 *
 * GRUB's linux loader builds the table itself with slightly different rules;
 * the replay tool needs them for logs of kernels GRUB started.
 */
#define pr_fmt(fmt) "efi: " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/e820/api.h>
#include <asm/efi_stub.h>
#include <efimm/efi_memmap.h>
#include <efimm/setup.h>

/* GRUB's type for RuntimeServicesCode (GRUB_MEMORY_CODE). */
#define E820_TYPE_GRUB_CODE 20

/* The E820 type for a descriptor, or 0 when the stub leaves it out. */
static u32 stub_e820_type(const efi_memory_desc_t *md)
{
	switch (md->type) {
	case EFI_RESERVED_TYPE:
	case EFI_RUNTIME_SERVICES_CODE:
	case EFI_RUNTIME_SERVICES_DATA:
	case EFI_MEMORY_MAPPED_IO:
	case EFI_MEMORY_MAPPED_IO_PORT_SPACE:
	case EFI_PAL_CODE:
		return E820_TYPE_RESERVED;
	case EFI_UNUSABLE_MEMORY:
		return E820_TYPE_UNUSABLE;
	case EFI_ACPI_RECLAIM_MEMORY:
		return E820_TYPE_ACPI;
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL_MEMORY:
		if (efi_soft_reserve && (md->attribute & EFI_MEMORY_SP))
			return E820_TYPE_SOFT_RESERVED;
		return E820_TYPE_RAM;
	case EFI_ACPI_MEMORY_NVS:
		return E820_TYPE_NVS;
	case EFI_PERSISTENT_MEMORY:
		return E820_TYPE_PMEM;
	case EFI_UNACCEPTED_MEMORY:
		/* Debian's kernel has CONFIG_UNACCEPTED_MEMORY: accepted lazily, RAM all the same. */
		return E820_TYPE_RAM;
	default:
		return 0;
	}
}

static u32 grub_e820_type(const efi_memory_desc_t *md)
{
	switch (md->type) {
	case EFI_RUNTIME_SERVICES_CODE:
		return E820_TYPE_GRUB_CODE;
	case EFI_UNUSABLE_MEMORY:
		return E820_TYPE_UNUSABLE;
	case EFI_ACPI_RECLAIM_MEMORY:
		return E820_TYPE_ACPI;
	case EFI_ACPI_MEMORY_NVS:
		return E820_TYPE_NVS;
	case EFI_PERSISTENT_MEMORY:
		return E820_TYPE_PMEM;
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL_MEMORY:
		return E820_TYPE_RAM;
	default:
		return E820_TYPE_RESERVED;
	}
}

u32 efi_setup_e820(const struct efi_memory_map *m, enum efi_e820_flavor flavor, struct efi_stub_e820 *out)
{
	struct boot_e820_entry *prev = NULL;

	out->nr_entries = 0;
	out->nr_stored = 0;
	if (!m->map || m->desc_size < sizeof(efi_memory_desc_t))
		return 0;

	for (unsigned long i = 0; i < m->nr_map; i++) {
		const efi_memory_desc_t *md = efi_memdesc_ptr(m->map, m->desc_size, i);
		u32 type = flavor == EFI_E820_GRUB ? grub_e820_type(md) : stub_e820_type(md);
		u64 size;

		/* efi_memmap_check has named these; a wrapping range would make Linux refuse the whole table. */
		if (!type || efi_md_bad_range(md))
			continue;
		size = md->num_pages << EFI_PAGE_SHIFT_LINUX;
		if (prev && prev->type == type && prev->addr + prev->size == md->phys_addr) {
			prev->size += size;
			continue;
		}
		out->nr_entries++;
		if (out->nr_stored == ARRAY_SIZE(out->entries)) {
			pr_err("E820 table full (%zu entries): [mem %#018llx-%#018llx] left out\n",
			       ARRAY_SIZE(out->entries), (unsigned long long)md->phys_addr,
			       (unsigned long long)(md->phys_addr + size - 1));
			prev = NULL;
			continue;
		}
		prev = &out->entries[out->nr_stored++];
		prev->addr = md->phys_addr;
		prev->size = size;
		prev->type = type;
	}
	return out->nr_entries;
}

/*
 * efi_init's efi_remove_e820_mmio (arch/x86/platform/efi/efi.c): large
 * EfiMemoryMappedIO ranges are the firmware's runtime mappings, not
 * reservations, so they leave the E820 table and PCI may use the space.
 */
void efi_remove_e820_mmio(const struct efi_memory_map *m)
{
	if (m->desc_size < sizeof(efi_memory_desc_t))
		return;
	for (unsigned long i = 0; i < m->nr_map; i++) {
		const efi_memory_desc_t *md = efi_memdesc_ptr(m->map, m->desc_size, i);
		u64 size = md->num_pages << EFI_PAGE_SHIFT_LINUX, start = md->phys_addr, end = start + size - 1;

		if (md->type != EFI_MEMORY_MAPPED_IO || efi_md_bad_range(md))
			continue;
		if (size >= 256 * 1024) {
			pr_info("Remove mem%02u: MMIO range=[0x%08llx-0x%08llx] (%lluMB) from e820 map\n", (unsigned int)i,
				(unsigned long long)start, (unsigned long long)end, (unsigned long long)(size >> 20));
			e820__range_remove(start, size, E820_TYPE_RESERVED, true);
		} else {
			pr_info("Not removing mem%02u: MMIO range=[0x%08llx-0x%08llx] (%lluKB) from e820 map\n",
				(unsigned int)i, (unsigned long long)start, (unsigned long long)end,
				(unsigned long long)(size >> 10));
		}
	}
}

static struct efi_stub_e820 stub_table;

/*
 * The first stage as the kernel runs it after the stub, in setup_arch's
 * order: the firmware table (and its extended part), the user's mem=/memmap=
 * changes, efi_init (firmware report, MMIO removal, the efi=debug map),
 * then the BIOS-area trims.
 */
void efimm_e820_from_efi(const struct efi_memory_map *m, enum efi_e820_flavor flavor)
{
	u32 nr_boot;

	e820__reset();
	efi_setup_e820(m, flavor, &stub_table);
	nr_boot = min_t(u32, stub_table.nr_stored, E820_MAX_ENTRIES_ZEROPAGE);

	e820__memory_setup_boot(stub_table.entries, nr_boot);
	if (stub_table.nr_stored > nr_boot)
		e820__memory_setup_extended(stub_table.entries + nr_boot, stub_table.nr_stored - nr_boot);
	x86_e820_finish(m);
}
