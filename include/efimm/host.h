/* Host-only helpers for tests and tools. */
#ifndef _EFIMM_HOST_H
#define _EFIMM_HOST_H

#include <stddef.h>
#include <linux/types.h>

/* Send console output into buf (always NUL-terminated) until host_capture_stop. */
void host_capture_start(char *buf, size_t size);
size_t host_capture_stop(void);

/*
 * Make [base, base + size) of "physical memory" real: mem backs it. Outside
 * the window platform_phys_to_virt answers NULL, so tests may use any
 * addresses with the phys_ allocation API and touch only the window.
 */
void host_phys_window(phys_addr_t base, void *mem, size_t size);

/* host_phys_window over a lazily backed mmap of [0, size); NULL if the host refuses it. */
void *host_lazy_phys_window(phys_addr_t size);
void host_lazy_phys_window_free(void *mem, phys_addr_t size);

/*
 * platform_acpi_table on the host answers with what was registered here
 * (the bytes are not copied; NULL data removes sig). host_acpi_clear forgets all.
 */
void host_acpi_register(const char sig[4], const void *data, size_t len);
void host_acpi_clear(void);

#endif
