/*
 * lib/cmdline.c and lib/params.c: splitting words, each option, and the
 * reports for unknown or malformed ones. Also that README.md documents
 * every row of efimm_params[] (its options table has "| `name` |" rows).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/efi.h>
#include <efimm/cmdline.h>
#include <efimm/host.h>
#include <efimm/log.h>

static char cap[8192];

static int setup(void **state)
{
	efimm_batch = false;
	efi_debug = false;
	efi_soft_reserve = true;
	console_loglevel = 8;
	log_reset();
	host_capture_start(cap, sizeof(cap));
	return 0;
}

static int teardown(void **state)
{
	host_capture_stop();
	console_loglevel = 8;
	return 0;
}

/* Split @line and compare with the NULL-terminated list of words. */
static void expect_words(const char *line, size_t size, const char *const *words)
{
	char word[64];
	const char *p = line;

	assert_true(size <= sizeof(word));
	for (; *words; words++) {
		assert_true(cmdline_next_word(&p, word, size));
		assert_string_equal(word, *words);
	}
	assert_false(cmdline_next_word(&p, word, size));
	assert_false(cmdline_next_word(&p, word, size)); /* and stays at the end */
}

/* Expect: spaces, tabs, CR and LF all separate words; leading and trailing blanks yield nothing. */
static void test_words_whitespace(void **state)
{
	const char *const w[] = { "a", "bb", "c", "d", "e=f", NULL };
	const char *const none[] = { NULL };

	expect_words("  a  bb\tc\nd\r\ne=f  \n", 64, w);
	expect_words("", 64, none);
	expect_words(" \t\r\n ", 64, none);
}

/* Expect: double quotes group blanks into a word and are removed; an unterminated quote runs to the end. */
static void test_words_quotes(void **state)
{
	const char *const w[] = { "say", "hello world", "x", NULL };
	const char *const mid[] = { "ab cd", "efi=debug,nosoftreserve", NULL };
	const char *const open[] = { "a", "b c\td", NULL };
	const char *const empty[] = { "", "z", NULL };

	expect_words("say \"hello world\" x", 64, w);
	expect_words("a\"b c\"d efi=\"debug,nosoftreserve\"", 64, mid);
	expect_words("a \"b c\td", 64, open);
	expect_words("\"\" z", 64, empty); /* an empty quoted word is still a word */
}

/* Expect: a word longer than the buffer is cut to size - 1 bytes and the rest of it skipped, not split off. */
static void test_words_truncated(void **state)
{
	const char *const w[] = { "abc", "xy", NULL };

	expect_words("abcdefgh xy", 4, w);
}

/* Expect: batch sets efimm_batch; a clean line returns 0 and prints nothing. */
static void test_batch(void **state)
{
	assert_int_equal(efimm_parse_cmdline("batch"), 0);
	assert_true(efimm_batch);
	assert_string_equal(cap, "");
}

/* Expect: efi=debug and efi=nosoftreserve each set their flag, also together comma-separated. */
static void test_efi_values(void **state)
{
	assert_int_equal(efimm_parse_cmdline("efi=debug"), 0);
	assert_true(efi_debug);
	assert_true(efi_soft_reserve);
	assert_int_equal(efimm_parse_cmdline("efi=nosoftreserve"), 0);
	assert_false(efi_soft_reserve);
	efi_debug = false;
	efi_soft_reserve = true;
	assert_int_equal(efimm_parse_cmdline("efi=debug,nosoftreserve"), 0);
	assert_true(efi_debug);
	assert_false(efi_soft_reserve);
	assert_string_equal(cap, "");
}

/* Expect: an unknown efi= word is reported and counted once, the known words beside it still applied. */
static void test_efi_unknown_value(void **state)
{
	assert_int_equal(efimm_parse_cmdline("efi=bogus"), 1);
	assert_string_equal(cap, "efimm: efi=bogus: unknown (known: debug, nosoftreserve)\n");
	assert_int_equal(efimm_parse_cmdline("efi=debug,bogus"), 1);
	assert_true(efi_debug);
}

/* Expect: loglevel=0..8 accepted; 9, 10, -1 and empty rejected with a message, the level unchanged. */
static void test_loglevel_bounds(void **state)
{
	char word[16];

	for (int l = 0; l <= 8; l++) {
		snprintf(word, sizeof(word), "loglevel=%d", l);
		assert_int_equal(efimm_parse_cmdline(word), 0);
		assert_int_equal(console_loglevel, l);
	}
	console_loglevel = 8;
	assert_int_equal(efimm_parse_cmdline("loglevel=9"), 1);
	assert_int_equal(efimm_parse_cmdline("loglevel=10"), 1);
	assert_int_equal(efimm_parse_cmdline("loglevel=-1"), 1);
	assert_int_equal(efimm_parse_cmdline("loglevel="), 1);
	assert_int_equal(console_loglevel, 8);
	assert_string_equal(cap, "efimm: loglevel=9: expected a digit 0-8\n"
				 "efimm: loglevel=10: expected a digit 0-8\n"
				 "efimm: loglevel=-1: expected a digit 0-8\n"
				 "efimm: loglevel=: expected a digit 0-8\n");
}

/* Expect: quiet is loglevel 4 (warnings and errors only), debug is 8. */
static void test_quiet_debug(void **state)
{
	assert_int_equal(efimm_parse_cmdline("quiet"), 0);
	assert_int_equal(console_loglevel, 4);
	assert_int_equal(efimm_parse_cmdline("debug"), 0);
	assert_int_equal(console_loglevel, 8);
}

/* Expect: unknown words are reported as written (with their value) and each counted. */
static void test_unknown_options(void **state)
{
	assert_int_equal(efimm_parse_cmdline("foo bar=1G batch \"x y\""), 3);
	assert_true(efimm_batch);
	assert_string_equal(cap, "efimm: unknown option 'foo' ignored (the README lists the options)\n"
				 "efimm: unknown option 'bar=1G' ignored (the README lists the options)\n"
				 "efimm: unknown option 'x y' ignored (the README lists the options)\n");
}

/* Expect: a value for a flag, or none for a valued option, is reported and counted; the setting is not applied. */
static void test_value_mismatch(void **state)
{
	assert_int_equal(efimm_parse_cmdline("batch=1 loglevel efi quiet="), 4);
	assert_false(efimm_batch);
	assert_int_equal(console_loglevel, 8);
	assert_string_equal(cap, "efimm: option 'batch' takes no value\n"
				 "efimm: option 'loglevel' needs a value (name=value)\n"
				 "efimm: option 'efi' needs a value (name=value)\n"
				 "efimm: option 'quiet' takes no value\n");
}

/* Expect: a mixed line applies the good words in order and counts the bad ones (an earlier loglevel is overridden by quiet). */
static void test_mixed_line(void **state)
{
	assert_int_equal(efimm_parse_cmdline("\tloglevel=7 foo\nbatch efi=debug loglevel=x quiet"), 2);
	assert_true(efimm_batch);
	assert_true(efi_debug);
	assert_int_equal(console_loglevel, 4);
}

/* Expect: every efimm_params[] row has a help line and a "| `name` |" row in README.md's options table. */
static void test_readme_lists_every_option(void **state)
{
	static const char *const paths[] = { "README.md", "../README.md", "../../README.md" };
	FILE *f = NULL;
	char *text, missing[256];
	long len;

	for (size_t i = 0; i < ARRAY_SIZE(paths) && !f; i++)
		f = fopen(paths[i], "r");
	if (!f)
		fail_msg("README.md not found (run from the repository root)");
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = calloc(1, (size_t)len + 2);
	assert_non_null(text);
	text[0] = '\n'; /* so every row, the first line included, follows a newline */
	assert_int_equal(fread(text + 1, 1, (size_t)len, f), (size_t)len);
	fclose(f);

	missing[0] = '\0';
	for (unsigned i = 0; i < efimm_nr_params; i++) {
		char row[64];

		assert_true(efimm_params[i].help && efimm_params[i].help[0]);
		snprintf(row, sizeof(row), "\n| `%s` |", efimm_params[i].name);
		if (!strstr(text, row) && strlen(missing) + strlen(efimm_params[i].name) + 2 < sizeof(missing)) {
			strcat(missing, " ");
			strcat(missing, efimm_params[i].name);
		}
	}
	free(text);
	if (missing[0])
		fail_msg("README.md has no options-table row for:%s", missing);
}

/* Expect: comma pieces in order, empty ones kept, an over-long piece cut and its rest skipped (not a new piece). */
static void test_comma_pieces(void **state)
{
	const char *p = "debug,,nosoftreserve,abcdefghij,x";
	char buf[6];

	assert_true(cmdline_next_piece(&p, buf, sizeof(buf)));
	assert_string_equal(buf, "debug");
	assert_true(cmdline_next_piece(&p, buf, sizeof(buf)));
	assert_string_equal(buf, "");
	assert_true(cmdline_next_piece(&p, buf, sizeof(buf)));
	assert_string_equal(buf, "nosof");
	assert_true(cmdline_next_piece(&p, buf, sizeof(buf)));
	assert_string_equal(buf, "abcde");
	assert_true(cmdline_next_piece(&p, buf, sizeof(buf)));
	assert_string_equal(buf, "x");
	assert_false(cmdline_next_piece(&p, buf, sizeof(buf)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_comma_pieces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_words_whitespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_words_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_words_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_efi_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_efi_unknown_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loglevel_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quiet_debug, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mixed_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readme_lists_every_option, setup, teardown),
	};

	return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
