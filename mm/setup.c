/*
 * The memory part of x86's setup_arch (arch/x86/kernel/setup.c), in its
 * order: the firmware's E820 table, the user's changes and trims, the end
 * of RAM (max_pfn), then memblock from E820 with the low-memory
 * reservations every x86 kernel makes.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <asm/e820/api.h>
#include <efimm/setup.h>
#include <efimm/reserve.h>
#include <efimm/platform.h>
#include <efimm/mm_init.h>
#include <linux/mmzone.h>

unsigned long max_pfn, max_low_pfn;

/*
 * After the firmware's table: the user's changes, efi_init when booted by
 * EFI (the firmware report, MMIO removal, the efi=debug map), then the
 * BIOS-area trims.
 */
void x86_e820_finish(const struct efi_memory_map *efi_map)
{
	e820__parse_early_params();
	e820__finish_early_params();
	if (efi_map) {
		platform_efi_report();
		efi_remove_e820_mmio(efi_map);
		if (efi_debug)
			efi_print_memmap(efi_map);
	}
	e820__trim_bios_range();
}

void efimm_setup_arch(const struct efi_memory_map *m, enum efi_e820_flavor flavor)
{
	efimm_e820_from_efi(m, flavor);
	efimm_setup_memblock();
}

void efimm_setup_memblock(void)
{
	max_pfn = e820__end_of_ram_pfn();
	/* A second line for the end of RAM below 4 GiB when there is RAM above it. */
	if (max_pfn > (1UL << (32 - PAGE_SHIFT)))
		max_low_pfn = e820__end_of_low_ram_pfn();
	else
		max_low_pfn = max_pfn;

	/* early_reserve_memory: the first 64 KiB, which some BIOSes corrupt (page 0 included). */
	efimm_reserve(0, 64 * SZ_1K, "low 64 KiB (BIOS, page 0)");
	e820__memblock_setup();
	/* reserve_real_mode: Linux reserves all of the first 1 MiB, unconditionally. */
	efimm_reserve(0, SZ_1M, "low 1 MiB (x86 real mode)");
}

/* zone_sizes_init (arch/x86/mm/init.c): DMA below 16 MiB, DMA32 below 4 GiB, Normal up to max_pfn. */
void zone_sizes_init(void)
{
	unsigned long max_zone_pfns[MAX_NR_ZONES] = { 0 };
	/* x86_64's init_mem_mapping has raised max_low_pfn to max_pfn by now. */
	unsigned long low = max(max_low_pfn, max_pfn);

	max_zone_pfns[ZONE_DMA] = min(MAX_DMA_PFN, low);
	max_zone_pfns[ZONE_DMA32] = min(MAX_DMA32_PFN, low);
	max_zone_pfns[ZONE_NORMAL] = max_pfn;
	free_area_init(max_zone_pfns);
}

/* The memory-model part of x86_64's paging_init: sparse_init, then zone_sizes_init. */
void x86_paging_init(void)
{
	if (mminit_build_memmap)
		sparse_init();
	zone_sizes_init();
}
