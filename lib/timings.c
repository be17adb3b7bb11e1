/*
 * The table of stage timings (include/efimm/timings.h). Times are printed
 * in milliseconds with three decimals, from integer nanoseconds (no floating
 * point in the EFI build).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <efimm/platform.h>
#include <efimm/timings.h>

static struct stage_timing stages[TIMINGS_MAX_STAGES];
static unsigned int nr_stages;
static const char *clock_source = "unknown";
static u64 clock_khz;

u64 timing_begin(void)
{
	return platform_time_ns();
}

void timing_record(const char *name, u64 ns)
{
	unsigned int i;

	for (i = 0; i < nr_stages && strcmp(stages[i].name, name); i++)
		;
	if (i == TIMINGS_MAX_STAGES) {
		pr_warn("efimm: timing: no room for stage %s (%d stages kept)\n", name, TIMINGS_MAX_STAGES);
		return;
	}
	if (i == nr_stages)
		nr_stages++;
	stages[i].name = name;
	stages[i].ns = ns;
}

void timing_end(const char *name, u64 t0)
{
	u64 now = platform_time_ns(), ns = now > t0 ? now - t0 : 0;

	timing_record(name, ns);
	pr_info("efimm: timing: %s %llu.%03llu ms\n", name, (unsigned long long)(ns / 1000000),
		(unsigned long long)(ns / 1000 % 1000));
}

const struct stage_timing *timings_table(unsigned int *nr)
{
	*nr = nr_stages;
	return stages;
}

void timings_reset(void)
{
	nr_stages = 0;
	memset(stages, 0, sizeof(stages));
}

void timings_set_clock(const char *source, u64 khz)
{
	clock_source = source;
	clock_khz = khz;
}

const char *timings_clock_source(void)
{
	return clock_source;
}

u64 timings_clock_khz(void)
{
	return clock_khz;
}

void timings_print(void)
{
	u64 total = 0;

	pr_info("efimm: stage timings (clock: %s", clock_source);
	if (clock_khz)
		pr_cont(", %llu.%03llu MHz", (unsigned long long)(clock_khz / 1000), (unsigned long long)(clock_khz % 1000));
	pr_cont("):\n");
	if (!nr_stages)
		pr_info("  no stage has been timed yet\n");
	for (unsigned int i = 0; i < nr_stages; i++) {
		pr_info("  %-10s %10llu.%03llu ms\n", stages[i].name, (unsigned long long)(stages[i].ns / 1000000),
			(unsigned long long)(stages[i].ns / 1000 % 1000));
		total += stages[i].ns;
	}
	if (nr_stages)
		pr_info("  %-10s %10llu.%03llu ms\n", "total", (unsigned long long)(total / 1000000),
			(unsigned long long)(total / 1000 % 1000));
}
