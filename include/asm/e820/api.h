/* The E820 table API, as arch/x86/include/asm/e820/api.h. */
#ifndef _ASM_E820_API_H
#define _ASM_E820_API_H

#include <asm/e820/types.h>

extern struct e820_table *e820_table;
extern struct e820_table *e820_table_firmware;

void e820__range_add(u64 start, u64 size, enum e820_type type);
u64 e820__range_update(u64 start, u64 size, enum e820_type old_type, enum e820_type new_type);
u64 e820__range_remove(u64 start, u64 size, enum e820_type old_type, bool check_type);
int e820__update_table(struct e820_table *table);
void e820__print_table(const char *who);
void e820_print_type(enum e820_type type);
const char *e820_type_name(enum e820_type type, char *buf, size_t size);
bool e820__mapped_any(u64 start, u64 end, enum e820_type type);
bool e820__mapped_all(u64 start, u64 end, enum e820_type type);

/* Empty the tables (a second run in the same boot, or a new host test). */
void e820__reset(void);
/* Append boot-protocol entries, as __append_e820_table: -1 on a wrapping entry. */
int e820__append_boot_entries(const struct boot_e820_entry *entries, u32 nr);
/* e820__memory_setup with the EFI stub's table: sanitize, print "BIOS-e820". */
void e820__memory_setup_boot(const struct boot_e820_entry *entries, u32 nr);
/* The SETUP_E820_EXT part: append, sanitize, print "extended". */
void e820__memory_setup_extended(const struct boot_e820_entry *entries, u32 nr);
/* x86 setup_arch's trim_bios_range: page 0 reserved, 640K-1M removed. */
void e820__trim_bios_range(void);

/* mem= and memmap= (mm/e820_user.c): recorded at parse time, applied after the firmware table. */
int e820__record_user_param(bool memmap, const char *val);
void e820__reset_user_params(void);
void e820__parse_early_params(void);
void e820__finish_early_params(void);
unsigned long e820__end_of_ram_pfn(void);
unsigned long e820__end_of_low_ram_pfn(void);

/* RAM into memblock as Linux's e820__memblock_setup. */
void e820__memblock_setup(void);

/* x86_64 with 4-level paging: 64 TiB of physical address space. */
#define MAX_ARCH_PFN (1UL << (46 - 12))

#define BIOS_BEGIN 0x000a0000
#define BIOS_END 0x00100000

/* e820__memory_setup_default's fake map: asm/setup.h LOWMEMSIZE(), e820/types.h HIGH_MEMORY. */
#define LOWMEMSIZE 0x9f000
#define HIGH_MEMORY 0x00100000
/* boot_params.alt_mem_k as the x86 EFI stub sets it (exit_boot), in KiB. */
#define EFI_STUB_ALT_MEM_K (32 * 1024)

#endif
