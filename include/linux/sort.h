#ifndef _LINUX_SORT_H
#define _LINUX_SORT_H

#include <stddef.h>

/* In-place heapsort, O(n log n) with no allocation, as lib/sort.c. Not stable. */
void sort(void *base, size_t num, size_t size, int (*cmp)(const void *, const void *));

#endif
