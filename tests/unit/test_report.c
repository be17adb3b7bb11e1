/*
 * The report's building blocks: the JSON writer (commas, nesting, escaping,
 * overflow) and the SMBIOS parser (DSP0134 structures with their string
 * sets), on hand-built input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <efimm/json.h>
#include <efimm/report.h>

/* Expect: commas between members and elements only, keys quoted, nesting closed in order. */
static void test_json_nesting(void **state)
{
	char buf[256];
	struct json j;

	json_init(&j, buf, sizeof(buf));
	json_object_begin(&j, NULL);
	json_u64(&j, "a", 1);
	json_array_begin(&j, "b");
	json_s64(&j, NULL, -2);
	json_object_begin(&j, NULL);
	json_bool(&j, "c", true);
	json_object_end(&j);
	json_array_end(&j);
	json_hex(&j, "d", 0xfff);
	json_object_end(&j);
	assert_int_equal(json_finish(&j), strlen("{\"a\":1,\"b\":[-2,{\"c\":true}],\"d\":\"0xfff\"}\n"));
	assert_string_equal(buf, "{\"a\":1,\"b\":[-2,{\"c\":true}],\"d\":\"0xfff\"}\n");
}

/* Expect: quotes and backslashes escaped, control and non-ASCII bytes as \u00XX. */
static void test_json_escaping(void **state)
{
	char buf[128];
	struct json j;

	json_init(&j, buf, sizeof(buf));
	json_string(&j, NULL, "a\"b\\c\n\x01\xe9");
	json_finish(&j);
	assert_string_equal(buf, "\"a\\\"b\\\\c\\u000a\\u0001\\u00e9\"\n");
}

/* Expect: a buffer too small is never overrun, and json_finish says so with 0. */
static void test_json_overflow(void **state)
{
	char buf[16];
	struct json j;

	memset(buf, 'x', sizeof(buf));
	json_init(&j, buf, 10);
	json_object_begin(&j, NULL);
	json_string(&j, "key", "a long value");
	json_object_end(&j);
	assert_int_equal(json_finish(&j), 0);
	assert_true(strlen(buf) < 10);
	assert_int_equal(buf[15], 'x');
}

/* Append one structure: formatted area then its strings, ending in a double NUL. */
static size_t add_struct(unsigned char *t, size_t at, const unsigned char *fmt, size_t flen, const char *const *strs,
			 int nstr)
{
	memcpy(t + at, fmt, flen);
	at += flen;
	for (int i = 0; i < nstr; i++) {
		size_t n = strlen(strs[i]) + 1;

		memcpy(t + at, strs[i], n);
		at += n;
	}
	if (!nstr)
		t[at++] = 0;
	t[at++] = 0;
	return at;
}

/*
 * Expect: type 0 gives vendor (string 1), version (2) and date (3, field 0x08);
 * type 1 manufacturer/product/version (fields 4-6); type 2 manufacturer/product;
 * string numbers are 1-based, trailing blanks trimmed, 0 means no string.
 */
static void test_smbios(void **state)
{
	unsigned char t[512];
	const unsigned char bios[] = { 0, 0x12, 0, 0, 1, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	const char *const bios_s[] = { "EFI Development Kit II / OVMF", "0.0.0", "02/06/2015" };
	const unsigned char sys[] = { 1, 0x1b, 1, 0, 2, 1, 0, 3, [0x08 ... 0x1a] = 0 };
	const char *const sys_s[] = { "Standard PC (Q35)   ", "QEMU", "unused" };
	const unsigned char board[] = { 2, 0x08, 2, 0, 1, 0, 0, 0 };
	const char *const board_s[] = { "Board Maker" };
	const unsigned char end[] = { 127, 4, 3, 0 };
	struct smbios_info info;
	size_t n = 0;

	n = add_struct(t, n, bios, sizeof(bios), bios_s, 3);
	n = add_struct(t, n, sys, sizeof(sys), sys_s, 3);
	n = add_struct(t, n, board, sizeof(board), board_s, 1);
	n = add_struct(t, n, end, sizeof(end), NULL, 0);
	assert_true(smbios_parse(t, n, &info));
	assert_string_equal(info.bios_vendor, "EFI Development Kit II / OVMF");
	assert_string_equal(info.bios_version, "0.0.0");
	assert_string_equal(info.bios_date, "02/06/2015");
	assert_string_equal(info.system_manufacturer, "QEMU");
	assert_string_equal(info.system_product, "Standard PC (Q35)");
	assert_string_equal(info.system_version, "");
	assert_string_equal(info.board_manufacturer, "Board Maker");
	assert_string_equal(info.board_product, "");
}

/* Expect: a structure whose length is below 4 or runs past the table stops the walk without reading beyond. */
static void test_smbios_truncated(void **state)
{
	const unsigned char bad_len[] = { 1, 2, 0, 0 };
	unsigned char past_end[] = { 1, 0x40, 0, 0, 1, 2 };
	struct smbios_info info;

	assert_false(smbios_parse(bad_len, sizeof(bad_len), &info));
	assert_false(smbios_parse(past_end, sizeof(past_end), &info));
	assert_false(smbios_parse(past_end, 0, &info));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_nesting), cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_json_overflow), cmocka_unit_test(test_smbios),
		cmocka_unit_test(test_smbios_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
