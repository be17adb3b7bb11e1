/*
 * mem= and memmap= (mm/e820_user.c) against Linux 6.12's parse_memopt,
 * parse_memmap_one and e820__finish_early_params. The firmware table is a
 * small PC: 0-640K and 1M-2G usable, a reserved hole, 4G-6G usable.
 * Expected tables and lines were worked out by hand from Linux's code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <asm/e820/api.h>
#include <efimm/cmdline.h>
#include <efimm/host.h>
#include <efimm/log.h>

#define RAM E820_TYPE_RAM
#define RES E820_TYPE_RESERVED

static char cap[1 << 16];

static const struct boot_e820_entry pc[] = {
	{ 0x0, 0xa0000, RAM },
	{ 0x100000, 0x7ff00000, RAM },
	{ 0xb0000000, 0x10000000, RES },
	{ 0x100000000, 0x80000000, RAM },
};

/* Firmware table in (printed, not captured), then the user's options, captured. */
static const char *run(const char *cmdline)
{
	log_reset();
	e820__reset();
	e820__reset_user_params();
	host_capture_start(cap, sizeof(cap));
	e820__memory_setup_boot(pc, ARRAY_SIZE(pc));
	host_capture_stop();
	host_capture_start(cap, sizeof(cap));
	assert_int_equal(efimm_parse_cmdline(cmdline), 0);
	e820__parse_early_params();
	e820__finish_early_params();
	host_capture_stop();
	return cap;
}

static void expect_entry(u32 i, u64 addr, u64 size, u32 type)
{
	assert_true(i < e820_table->nr_entries);
	assert_int_equal(e820_table->entries[i].addr, addr);
	assert_int_equal(e820_table->entries[i].size, size);
	assert_int_equal(e820_table->entries[i].type, type);
}

/* Expect: no option, no "user-defined" map (userdef stays 0) and nothing printed. */
static void test_no_options(void **state)
{
	assert_string_equal(run(""), "");
	assert_int_equal(e820_table->nr_entries, 4);
}

/*
 * Expect: mem=1G removes RAM from 1G to the top of the 64-bit space
 * (e820__range_remove(1G, ULLONG_MAX - 1G): the printed end is 2^64 - 2),
 * RAM above 4G goes, the reserved hole stays.
 */
static void test_mem(void **state)
{
	assert_string_equal(run("mem=1G"),
			    "e820: remove [mem 0x40000000-0xfffffffffffffffe] usable\n"
			    "user-defined physical RAM map:\n"
			    "user: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
			    "user: [mem 0x0000000000100000-0x000000003fffffff] usable\n"
			    "user: [mem 0x00000000b0000000-0x00000000bfffffff] reserved\n");
	assert_int_equal(e820_table->nr_entries, 3);
}

/* Expect: memmap=nn alone is mem=nn (the default branch of parse_memmap_one). */
static void test_memmap_size_only(void **state)
{
	run("memmap=0x80000000");
	assert_int_equal(e820_table->nr_entries, 3);
	expect_entry(1, 0x100000, 0x7ff00000, RAM);
	expect_entry(2, 0xb0000000, 0x10000000, RES);
}

/* Expect: memmap=64M$256M reserves inside usable RAM: the sanitizer splits it (reserved wins). */
static void test_memmap_reserve(void **state)
{
	assert_string_equal(run("memmap=64M$256M"),
			    "user-defined physical RAM map:\n"
			    "user: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
			    "user: [mem 0x0000000000100000-0x000000000fffffff] usable\n"
			    "user: [mem 0x0000000010000000-0x0000000013ffffff] reserved\n"
			    "user: [mem 0x0000000014000000-0x000000007fffffff] usable\n"
			    "user: [mem 0x00000000b0000000-0x00000000bfffffff] reserved\n"
			    "user: [mem 0x0000000100000000-0x000000017fffffff] usable\n");
}

/* Expect: '#' marks ACPI data, '!' persistent memory (type 12, printed as such). */
static void test_memmap_acpi_and_pram(void **state)
{
	const char *out = run("memmap=1M#0x20000000 memmap=1G!0x180000000");

	assert_non_null(strstr(out, "user: [mem 0x0000000020000000-0x00000000200fffff] ACPI data\n"));
	assert_non_null(strstr(out, "user: [mem 0x0000000180000000-0x00000001bfffffff] persistent (type 12)\n"));
}

/* Expect: exactmap empties the table; the listed pieces are all that remain, sorted. */
static void test_memmap_exactmap(void **state)
{
	assert_string_equal(run("memmap=exactmap,1G@1M,640K@0"),
			    "user-defined physical RAM map:\n"
			    "user: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
			    "user: [mem 0x0000000000100000-0x00000000400fffff] usable\n");
}

/* Expect: '%' with -from+to changes a type in place (e820__range_update prints its line). */
static void test_memmap_retype(void **state)
{
	const char *out = run("memmap=16M%0x1000000-1+2");

	assert_non_null(strstr(out, "e820: update [mem 0x01000000-0x01ffffff] usable ==> reserved\n"));
	expect_entry(2, 0x1000000, 0x1000000, RES);
}

/*
 * Expect: an unknown separator falls to parse_memmap_one's default branch,
 * so Linux applies "memmap=64M" (RAM above 64M removed) before it finds the
 * piece malformed; Linux then ignores the error silently, efimm names it.
 */
static void test_memmap_malformed(void **state)
{
	const char *out = run("memmap=64Mx256M");

	assert_non_null(strstr(out, "e820: remove [mem 0x04000000-0xfffffffffffffffe] usable\n"));
	assert_non_null(strstr(out, "efimm: memmap=64Mx256M is malformed"));
	assert_non_null(strstr(out, "user-defined physical RAM map:\n"));
	assert_int_equal(e820_table->nr_entries, 3);
	expect_entry(1, 0x100000, 0x3f00000, RAM);
}

/* Expect: mem=0 (or garbage) must not remove all memory: Linux's "Malformed early option". */
static void test_mem_zero(void **state)
{
	const char *out = run("mem=junk");

	assert_non_null(strstr(out, "Malformed early option 'mem'\n"));
	assert_int_equal(e820_table->nr_entries, 4);
}

/* Expect: mem=nopentium is 32-bit only; Linux's warning, no change. */
static void test_mem_nopentium(void **state)
{
	const char *out = run("mem=nopentium");

	assert_non_null(strstr(out, "mem=nopentium ignored! (only supported on x86_32)\n"));
	assert_int_equal(e820_table->nr_entries, 4);
}

/* Expect: memparse suffixes are powers of 1024, base 0 numbers (0x hex, leading 0 octal). */
static void test_memparse(void **state)
{
	char *end;

	assert_int_equal(memparse("4K", &end), 4096);
	assert_int_equal(*end, '\0');
	assert_int_equal(memparse("0x10M", NULL), 16ULL << 20);
	assert_int_equal(memparse("010", NULL), 8);
	assert_int_equal(memparse("2G@", &end), 2ULL << 30);
	assert_int_equal(*end, '@');
	assert_int_equal(memparse("1T", NULL), 1ULL << 40);
	assert_int_equal(memparse("1e", NULL), 1ULL << 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_options),      cmocka_unit_test(test_mem),
		cmocka_unit_test(test_memmap_size_only), cmocka_unit_test(test_memmap_reserve),
		cmocka_unit_test(test_memmap_acpi_and_pram), cmocka_unit_test(test_memmap_exactmap),
		cmocka_unit_test(test_memmap_retype),   cmocka_unit_test(test_memmap_malformed),
		cmocka_unit_test(test_mem_zero),        cmocka_unit_test(test_mem_nopentium),
		cmocka_unit_test(test_memparse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
