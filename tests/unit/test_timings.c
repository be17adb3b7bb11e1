/*
 * The stage timings table (lib/timings.c): stages kept in the order they
 * first ran, a stage timed again keeping its latest time, a full table
 * refusing more with a warning, and the printed forms: the
 * "efimm: timing: NAME N.NNN ms" line and the timings view.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <efimm/host.h>
#include <efimm/log.h>
#include <efimm/timings.h>

static char cap[1 << 14];

static int reset(void **state)
{
	timings_reset();
	timings_set_clock("test clock", 2500000);
	return 0;
}

/* Expect: first-run order, the latest time of a repeated stage, the count. */
static void test_record_order(void **state)
{
	const struct stage_timing *t;
	unsigned int n;

	timing_record("e820", 5);
	timing_record("memblock", 6);
	timing_record("e820", 7);
	t = timings_table(&n);
	assert_int_equal(n, 2);
	assert_string_equal(t[0].name, "e820");
	assert_int_equal(t[0].ns, 7);
	assert_string_equal(t[1].name, "memblock");
	assert_int_equal(t[1].ns, 6);
}

/* Expect: TIMINGS_MAX_STAGES stages kept; one more is refused with a warning naming it. */
static void test_full_table(void **state)
{
	static const char *const names[TIMINGS_MAX_STAGES] = { "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7",
								"s8", "s9", "s10", "s11", "s12", "s13", "s14", "s15" };
	unsigned int n;

	for (unsigned int i = 0; i < TIMINGS_MAX_STAGES; i++)
		timing_record(names[i], i);
	host_capture_start(cap, sizeof(cap));
	timing_record("extra", 1);
	host_capture_stop();
	timings_table(&n);
	assert_int_equal(n, TIMINGS_MAX_STAGES);
	assert_non_null(strstr(cap, "efimm: timing: no room for stage extra (16 stages kept)\n"));
}

/* Expect: timing_end records now - t0 and prints it as milliseconds with three decimals, truncated. */
static void test_timing_end_line(void **state)
{
	const struct stage_timing *t;
	unsigned long long ms, frac;
	unsigned int n;
	char name[16];

	host_capture_start(cap, sizeof(cap));
	timing_end("zones", timing_begin() - 12345678);
	host_capture_stop();
	t = timings_table(&n);
	assert_int_equal(n, 1);
	assert_true(t[0].ns >= 12345678 && t[0].ns < 12345678 + 1000000000ull);
	assert_int_equal(sscanf(cap, "efimm: timing: %15s %llu.%3llu ms\n", name, &ms, &frac), 3);
	assert_string_equal(name, "zones");
	assert_int_equal(ms, t[0].ns / 1000000);
	assert_int_equal(frac, t[0].ns / 1000 % 1000);
	assert_non_null(strstr(cap, " ms\n"));
}

/* Expect: the view names the clock and its rate, a line per stage, and the total of them. */
static void test_view(void **state)
{
	timing_record("e820", 1600000);
	timing_record("buddy", 2000123456);
	host_capture_start(cap, sizeof(cap));
	timings_print();
	host_capture_stop();
	assert_string_equal(cap, "efimm: stage timings (clock: test clock, 2500.000 MHz):\n"
				 "  e820                1.600 ms\n"
				 "  buddy            2000.123 ms\n"
				 "  total            2001.723 ms\n");
}

/* Expect: an empty table says so rather than printing a bare total. */
static void test_view_empty(void **state)
{
	timings_set_clock("unknown", 0);
	host_capture_start(cap, sizeof(cap));
	timings_print();
	host_capture_stop();
	assert_string_equal(cap, "efimm: stage timings (clock: unknown):\n  no stage has been timed yet\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_record_order, reset), cmocka_unit_test_setup(test_full_table, reset),
		cmocka_unit_test_setup(test_timing_end_line, reset), cmocka_unit_test_setup(test_view, reset),
		cmocka_unit_test_setup(test_view_empty, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
