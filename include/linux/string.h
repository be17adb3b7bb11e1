/* String and memory helpers: libc's on the host, lib/string.c in EFI. */
#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include <stddef.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
void *memchr(const void *s, int c, size_t n);

/* Copy at most size-1 bytes and always terminate; returns strlen(src). */
size_t strscpy_len(char *dst, const char *src, size_t size);

#endif
