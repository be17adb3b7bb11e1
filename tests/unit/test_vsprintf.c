/*
 * lib/vsprintf.c against Linux 6.12's lib/vsprintf.c semantics (number(),
 * string(), pointer_string(), format_decode()). Where Linux differs from C's
 * printf the case says so: those are the ones a dmesg diff would catch.
 *
 * Formats go through fmt(), which has no format attribute, so cases that gcc
 * would reject ("%08.3d", "%Lx", "%y") can still be written as Linux sees them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <string.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <efimm/host.h>
#include <efimm/log.h>

static char out[256];

static int fmt(const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(out, sizeof(out), f, ap);
	va_end(ap);
	return n;
}

/* Compare the text and the returned length (snprintf returns what it would have written). */
#define CHECK(expect, ...)                                    \
	do {                                                  \
		int n_ = fmt(__VA_ARGS__);                    \
		assert_string_equal(out, expect);             \
		assert_int_equal(n_, (int)strlen(expect));    \
	} while (0)

/* Decimal conversions and the width: right-aligned with spaces by default. */
static void test_decimal(void **state)
{
	CHECK("0", "%d", 0);
	CHECK("-1", "%d", -1);
	CHECK("-2147483648", "%d", INT_MIN);
	CHECK("4294967295", "%u", UINT_MAX);
	CHECK("   42", "%5d", 42);
	CHECK("12345", "%3d", 12345); /* a width never truncates */
	CHECK("42   |", "%-5d|", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42); /* sign first, then the zero padding */
	CHECK("42   |", "%-05d|", 42); /* '-' cancels '0' */
	CHECK("+5", "%+d", 5);
	CHECK(" 5", "% d", 5);
	CHECK("-5", "%+d", -5);
	CHECK("+0", "%+d", 0);
	CHECK("7", "%+u", 7u); /* '+' only applies to signed conversions */
	CHECK("12", "%i", 12);
}

/* Precision: minimum digits. Linux keeps '0' with a precision and prints "0" for %.0d of 0. */
static void test_precision(void **state)
{
	CHECK("005", "%.3d", 5);
	CHECK("     005", "%8.3d", 5);
	CHECK("005     |", "%-8.3d|", 5);
	CHECK("-005", "%.3d", -5);
	CHECK("0", "%.0d", 0);         /* C prints nothing; Linux's number() always emits a digit */
	CHECK("00000005", "%08.3d", 5); /* C: "     005"; Linux pads with zeros then precision zeros */
	CHECK("12345", "%.3d", 12345);
	CHECK("007", "%.*d", 3, 7);
	CHECK("7", "%.*d", -1, 7); /* a negative '*' precision becomes 0 in Linux */
	CHECK("   7", "%*d", 4, 7);
	CHECK("7   |", "%*d|", -4, 7); /* a negative '*' width means '-' */
	CHECK("5", "%.d", 5);          /* '.' alone is precision 0 */
}

/* Length modifiers: the argument is read at that width and sign-extended for signed conversions. */
static void test_lengths(void **state)
{
	CHECK("-1", "%hhd", 255);
	CHECK("5", "%hhu", 261);
	CHECK("-1", "%hd", 65535);
	CHECK("3", "%hu", 65539);
	CHECK("-1", "%ld", -1L);
	CHECK("18446744073709551615", "%lu", ULONG_MAX);
	CHECK("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK("deadbeefcafebabe", "%llx", 0xdeadbeefcafebabeULL);
	CHECK("deadbeefcafebabe", "%Lx", 0xdeadbeefcafebabeULL); /* Linux's e820.c spells it %Lx */
	CHECK("12345", "%zu", (size_t)12345);
	CHECK("-3", "%td", (ptrdiff_t)-3);
	CHECK("-3", "%zd", (long)-3);
}

/* Hex and octal with '#': Linux prints the 0x prefix even for zero (C prints just "0"). */
static void test_hex_octal(void **state)
{
	CHECK("ff", "%x", 255);
	CHECK("FF", "%X", 255);
	CHECK("0xff", "%#x", 255);
	CHECK("0XFF", "%#X", 255);
	CHECK("0x0", "%#x", 0);
	CHECK("0x1f      |", "%#-10x|", 0x1f);
	CHECK("  0x1f", "%#6x", 0x1f);
	CHECK("10", "%o", 8);
	CHECK("010", "%#o", 8);
	CHECK("0", "%#o", 0); /* octal gets no extra 0 for zero */
}

/* The e820/efi line formats: %#010llx and %#018llx, the prefix counted in the width. */
static void test_hex_e820_widths(void **state)
{
	CHECK("0x00000000", "%#010llx", 0ULL);
	CHECK("0x0000000000000000", "%#018llx", 0ULL);
	CHECK("0x000000000009ffff", "%#018llx", 0x9ffffULL);
	CHECK("0x00000fff", "%#010llx", 0xfffULL);
	CHECK("0x100000000", "%#010llx", 0x100000000ULL); /* wider than the field: no padding */
	CHECK("0xffffffffffffffff", "%#018llx", ULLONG_MAX);
	CHECK("0xfffffffffffffffe", "%#010llx", ULLONG_MAX - 1);
	CHECK("0x00000000000a0000", "%#018Lx", 0xa0000ULL);
	CHECK("0x0000000000100000", "0x%016llx", 0x100000ULL);
}

/* Strings: precision bounds the bytes read, width pads; NULL prints "(null)". */
static void test_strings(void **state)
{
	static const char unterminated[3] = { 'a', 'b', 'c' };

	CHECK("abc", "%s", "abc");
	CHECK("ab", "%.2s", "abc");
	CHECK("    a|", "%5.1s|", "abc");
	CHECK("Conventional|", "%-12s|", "Conventional"); /* exactly the width */
	CHECK("MMIO        |", "%-12s|", "MMIO");
	CHECK("        MMIO", "%12s", "MMIO");
	CHECK("abcdefg", "%5s", "abcdefg");
	CHECK("(null)", "%s", (char *)NULL);
	CHECK("abc", "%.3s", unterminated); /* must not read past the 3 bytes (ASan) */
	CHECK("", "%s", "");
	CHECK("   ", "%3s", "");
}

/* Characters and literal percent signs. */
static void test_char_percent(void **state)
{
	CHECK("A", "%c", 'A');
	CHECK("  A|", "%3c|", 'A');
	CHECK("A  |", "%-3c|", 'A');
	CHECK("100%", "100%%");
	CHECK("a%b", "a%%b");
}

/* %p prints as Linux's pointer_string (%px): 16 zero-padded digits, no 0x; extension letters eaten. */
static void test_pointer(void **state)
{
	CHECK("0000000000001234", "%p", (void *)0x1234);
	CHECK("0000000000000000", "%p", NULL);
	CHECK("ffff888000000000", "%px", (void *)0xffff888000000000ULL);
	CHECK("[00000000deadbeef]", "[%pK]", (void *)0xdeadbeefUL);
	CHECK("                1234", "%20p", (void *)0x1234); /* an explicit width drops the zero padding */
}

/* An unknown conversion stops the output, as Linux 6.12's FORMAT_TYPE_INVALID does; a lone '%' at the end prints nothing. */
static void test_invalid(void **state)
{
	CHECK("ab", "ab%ycd", 1);
	CHECK("abc", "abc%");
	CHECK("", "");
}

/* snprintf: returns the full length, writes at most size-1 bytes plus NUL, never past size. */
static void test_snprintf_truncation(void **state)
{
	char buf[16];

	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(snprintf(buf, 4, "%s", "abcdef"), 6);
	assert_string_equal(buf, "abc");
	assert_int_equal(buf[4], 'Z');

	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(snprintf(buf, 7, "%s", "abcdef"), 6); /* exact fit */
	assert_string_equal(buf, "abcdef");
	assert_int_equal(buf[7], 'Z');

	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(snprintf(buf, 6, "%s", "abcdef"), 6); /* one short: last byte dropped */
	assert_string_equal(buf, "abcde");

	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(snprintf(buf, 1, "%d", 12345), 5);
	assert_string_equal(buf, "");
	assert_int_equal(buf[1], 'Z');

	assert_int_equal(snprintf(NULL, 0, "%#018llx", 0ULL), 18); /* size 0: nothing written, length still returned */

	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(snprintf(buf, 8, "%#018llx", 0x9ffffULL), 18); /* a number cut in the middle */
	assert_string_equal(buf, "0x00000");
	assert_int_equal(buf[8], 'Z');
}

/* scnprintf: returns what was written (at most size-1), and 0 for size 0. */
static void test_scnprintf(void **state)
{
	char buf[16];

	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(scnprintf(buf, 4, "%s", "abcdef"), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(scnprintf(buf, sizeof(buf), "%s", "abc"), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(scnprintf(buf, 1, "%s", "abc"), 0);
	assert_string_equal(buf, "");
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(scnprintf(buf, 0, "%s", "abc"), 0);
	assert_int_equal(buf[0], 'Z');
	assert_int_equal(scnprintf(buf, 7, "%s", "abcdef"), 6);
}

/* printk: levels below console_loglevel reach the console; pr_cont joins; every line goes to the log buffer. */
static void test_printk_levels_and_cont(void **state)
{
	char cap[256];
	size_t len;
	const char *log;
	int saved = console_loglevel;

	log_reset();
	console_loglevel = 4;
	host_capture_start(cap, sizeof(cap));
	printk(KERN_ERR "err %d\n", 1);
	printk(KERN_INFO "info ");
	pr_cont("continued\n");
	printk(KERN_WARNING "unfinished");
	printk(KERN_ERR "next");      /* a new message ends the unfinished line */
	pr_cont(" part\n");
	host_capture_stop();
	console_loglevel = saved;

	assert_string_equal(cap, "err 1\nnext part\n"); /* info (6) and warning (4) are not below 4 */
	log = log_buffer(&len, NULL);
	assert_int_equal(len, strlen("err 1\ninfo continued\nunfinished\nnext part\n"));
	assert_memory_equal(log, "err 1\ninfo continued\nunfinished\nnext part\n", len);
	log_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_precision),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_hex_octal),
		cmocka_unit_test(test_hex_e820_widths),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_char_percent),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_snprintf_truncation),
		cmocka_unit_test(test_scnprintf),
		cmocka_unit_test(test_printk_levels_and_cont),
	};

	return cmocka_run_group_tests_name("vsprintf", tests, NULL, NULL);
}
