/* Host-only helpers for tests and tools. */
#ifndef _EFIMM_HOST_H
#define _EFIMM_HOST_H

#include <stddef.h>

/* Send console output into buf (always NUL-terminated) until host_capture_stop. */
void host_capture_start(char *buf, size_t size);
size_t host_capture_stop(void);

#endif
