/*
 * Poison and red-zone bytes (include/linux/poison.h of Linux 6.12): what
 * SLUB's debugging writes into free objects, padding and red zones, so a
 * hex dump reads the same as a kernel's.
 */
#ifndef _LINUX_POISON_H
#define _LINUX_POISON_H

#define SLUB_RED_INACTIVE 0xbb /* red zone around a free object */
#define SLUB_RED_ACTIVE 0xcc   /* red zone around an object in use */
#define POISON_INUSE 0x5a      /* fresh slab memory, padding */
#define POISON_FREE 0x6b       /* a freed object */
#define POISON_END 0xa5        /* the last byte of a freed object */

#endif
