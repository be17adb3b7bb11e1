/* Shared declarations of the UEFI glue (efi/ only: mm/ never sees UEFI types). */
#ifndef EFIMM_EFI_H
#define EFIMM_EFI_H

#include <efi.h>
#include <efilib.h>
#include <linux/efi.h>

/* console.c */
void console_init(void);
void efi_platform_init(EFI_HANDLE image);
bool console_has_debugcon(void);
bool platform_is_qemu(void);
void qemu_debug_exit(unsigned int value);
void console_screen(bool on);
void console_capture(void (*sink)(const char *s, size_t len));

/* console_ui.c: the keys-and-views console after an interactive run. */
struct report_info;
void efi_console_ui(EFI_HANDLE image, const struct efi_memory_map *map, struct report_info *report);

/* serial.c: COM1 output where the firmware does not mirror the console to a UART. */
void serial_init(void);
void serial_write(const char *s, size_t len);

/* gop.c: the memory picture on the screen (text where there is no GOP). */
bool efi_show_memory_picture(void);
void efi_hide_memory_picture(void);

/* memmap.c: the current firmware map in pool memory; free with efi_free_memmap. */
EFI_STATUS efi_get_memmap(struct efi_memory_map *m, UINTN *map_key);
void efi_free_memmap(struct efi_memory_map *m);

/* options.c: the command line from the shell, the load options or \efimm\cmdline.txt. */
const char *efi_get_cmdline(EFI_HANDLE image, const char **source);

/* claim.c: reserve what is in use, claim the rest, give it back. */
UINT64 efi_reserve_in_use(const struct efi_memory_map *m, EFI_HANDLE image);
int efi_claim_free(void);
bool efi_range_claimed(UINT64 base, UINT64 size);
UINT64 efi_claimed_bytes(void);
int efi_release_claims(void);

/* memblock_test.c */
int efi_memblock_selftest(void);
/* The page allocator on real RAM: self-test (0 = passed) and, with `bench`, against AllocatePages. */
int efi_page_selftest(void);
void efi_selftest_progress_reset(void);
void efi_selftest_progress(const char *test, const char *phase, unsigned long done, unsigned long total,
			   const char *unit);
void efi_page_bench(void);
/* The slab allocator on real RAM: self-test (0 = passed) and, with `bench`, against AllocatePool. */
int efi_slab_selftest(void);
void efi_slab_bench(void);

/* file.c */
EFI_STATUS efi_read_file(EFI_HANDLE device, const CHAR16 *path, char **data, UINTN *size);
EFI_STATUS efi_write_file(EFI_HANDLE device, const CHAR16 *dir, const CHAR16 *path, const void *data, UINTN size);
bool efi_file_exists(EFI_HANDLE device, const CHAR16 *path);

/* report.c: the log and the JSON report on the boot medium. */
struct report_info;
void efi_save_report(EFI_HANDLE image, struct report_info *info);

/* Port I/O for the QEMU devices we use when they are present. */
static inline void outb(UINT16 port, UINT8 v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(UINT16 port, UINT16 v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(UINT16 port, UINT32 v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline UINT8 inb(UINT16 port)
{
	UINT8 v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#endif
