/*
 * Named memblock reservations: memblock_reserve plus an owner's name, so
 * the report can say who holds each reserved range (Linux's dump has no names).
 */
#ifndef _EFIMM_RESERVE_H
#define _EFIMM_RESERVE_H

#include <linux/types.h>

#define EFIMM_MAX_NAMED_RESERVATIONS 512

int efimm_reserve(phys_addr_t base, phys_addr_t size, const char *name);
void efimm_reserve_reset(void);
/* Totals per name, then each range: "efimm: reserved [mem ...] NAME". */
void efimm_print_reservations(void);
/* The i-th named reservation, in the order made; false past the last. */
bool efimm_reservation(unsigned int i, phys_addr_t *base, phys_addr_t *size, const char **name);
/* The name of the reservation that contains addr, or NULL. */
const char *efimm_reservation_name(phys_addr_t addr);

#endif
