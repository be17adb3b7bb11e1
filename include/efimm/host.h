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

#endif
