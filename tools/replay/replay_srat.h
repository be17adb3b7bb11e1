/* The log's SRAT memory lines, registered as an SRAT table for the replay (srat.c). */
#ifndef REPLAY_SRAT_H
#define REPLAY_SRAT_H

#include "logparse.h"

/* 0, or -1 when the table cannot be built (out of memory, absurd node numbers). */
int replay_register_srat(const struct replay_log *log);

#endif
