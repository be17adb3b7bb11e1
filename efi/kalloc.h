/*
 * The UEFI side of efimm's own memory (efi/kalloc.c): the firmware's pool
 * as mm/kalloc.c's fallback, and efimm's own named caches.
 */
#ifndef EFIMM_EFI_KALLOC_H
#define EFIMM_EFI_KALLOC_H

#include <linux/types.h>
#include <efimm/kalloc.h>

/*
 * One line of a console view (efi/console_ui.c's pager): where it starts
 * in the view's text and how long it is, on a list in screen order so the
 * pager can step back a page. One object per line, from efimm_view_line.
 */
struct efi_view_line {
	struct efi_view_line *prev, *next;
	u32 start, len;
};

extern struct kmem_cache *efimm_view_line_cache;

/* At entry: the firmware's pool is the fallback from the start. */
void efi_kalloc_setup(void);
/* After kmem_cache_init_late: efimm's caches (when SLUB is up). */
void efi_kalloc_init(void);
/*
 * Before efi_release_claims (or the batch reset): destroy efimm's caches,
 * say what is still held (a leak), and serve from the pool only from then
 * on. Returns the allocations still live (0: nothing leaked).
 */
unsigned long efi_kalloc_exit(void);

/*
 * report.c: take the report's JSON buffer right after bring-up, so the
 * views, the report and the picture see the same free lists; every
 * efi_save_report uses it until efi_report_release gives it back.
 */
void efi_report_prepare(void);
void efi_report_release(void);

#endif
