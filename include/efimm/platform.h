/*
 * The platform hooks: what the portable core needs from whoever runs it
 * (efi/ in firmware, the host harness in tests and tools).
 */
#ifndef _EFIMM_PLATFORM_H
#define _EFIMM_PLATFORM_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

/* Write len bytes of finished text (one or more whole lines) to the console. */
void platform_console_write(const char *s, size_t len);

/* Where physical memory is visible to the core (identity in EFI; a window in host tests). */
void *platform_phys_to_virt(phys_addr_t phys);
phys_addr_t platform_virt_to_phys(const void *virt);

/*
 * platform_virt_to_phys as arithmetic the compiler can inline (Linux's __pa):
 * kfree and virt_to_page run it on every call. EFI maps RAM one to one; the
 * host has one window of "physical memory" at an offset, and any address
 * outside it is returned unchanged, exactly as platform_virt_to_phys does.
 */
#ifdef EFIMM_EFI
static inline phys_addr_t __pa(const void *virt)
{
	return (phys_addr_t)(uintptr_t)virt;
}
#else
struct platform_phys_window {
	uintptr_t virt;   /* where the window is mapped */
	phys_addr_t phys; /* the physical address of its first byte */
	uintptr_t size;   /* 0: no window */
};
extern struct platform_phys_window platform_window;

static inline phys_addr_t __pa(const void *virt)
{
	uintptr_t off = (uintptr_t)virt - platform_window.virt;

	return off < platform_window.size ? platform_window.phys + off : (phys_addr_t)(uintptr_t)virt;
}
#endif

/* Name a code address for debug lines (Linux prints %pS): "efimm.efi+0x1234" or similar. */
void platform_symbolize(void *addr, char *buf, size_t size);

/* efi_init's report of the firmware: "efi: EFI v2.7 by EDK II" and the configuration tables. */
void platform_efi_report(void);

/* A monotonic clock in nanoseconds (EFI: the TSC calibrated against Stall; host: CLOCK_MONOTONIC). */
u64 platform_time_ns(void);

/*
 * The firmware's ACPI table with this signature ("SRAT", "SLIT"), as raw
 * bytes, and how many bytes may be read there (*len); NULL if there is none.
 * The caller checks length and checksum: only the bytes are promised.
 */
const void *platform_acpi_table(const char sig[4], size_t *len);

#endif
