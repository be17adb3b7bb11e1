/*
 * The platform hooks: what the portable core needs from whoever runs it
 * (efi/ in firmware, the host harness in tests and tools).
 */
#ifndef _EFIMM_PLATFORM_H
#define _EFIMM_PLATFORM_H

#include <stddef.h>

/* Write len bytes of finished text (one or more whole lines) to the console. */
void platform_console_write(const char *s, size_t len);

#endif
