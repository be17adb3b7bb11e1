/*
 * Per-stage timings of a run: each bring-up stage (the memory map and E820,
 * memblock, claiming RAM, zones and the memmap, the buddy allocator, the
 * self-tests, the views, the report) records how long it took, on the
 * platform clock (EFI: the TSC calibrated against a firmware timer). One
 * table, read by the `efimm: timing:` lines, the console's timings view and
 * the JSON report alike.
 */
#ifndef _EFIMM_TIMINGS_H
#define _EFIMM_TIMINGS_H

#include <linux/types.h>

#define TIMINGS_MAX_STAGES 16

struct stage_timing {
	const char *name; /* one word: "e820", "memblock", ... */
	u64 ns;
};

/* Begin a stage: the clock now, to hand to timing_end. */
u64 timing_begin(void);
/*
 * End a stage begun at t0: record it (a stage timed again, e.g. the report
 * saved twice, keeps its latest time) and print "efimm: timing: NAME N.NNN ms".
 */
void timing_end(const char *name, u64 t0);
/* Record a stage measured elsewhere, without printing. */
void timing_record(const char *name, u64 ns);

/* The recorded stages in the order they first ran; *nr set to their number. */
const struct stage_timing *timings_table(unsigned int *nr);
void timings_reset(void);

/* What the clock is: set by the platform after calibrating it (khz 0: unknown). */
void timings_set_clock(const char *source, u64 khz);
const char *timings_clock_source(void);
u64 timings_clock_khz(void);

/* The timings view: one line per stage, the total, and the clock. */
void timings_print(void);

#endif
