/* The log buffer: every printk line, so the whole run can be saved. */
#ifndef _EFIMM_LOG_H
#define _EFIMM_LOG_H

#include <stddef.h>

#define LOG_BUF_SIZE (256u << 10)

const char *log_buffer(size_t *len, size_t *dropped);
void log_reset(void);

#endif
