/*
 * PSF font reading (lib/psf.c), on small fonts built here byte by byte as
 * the PSF1 and PSF2 formats define them (Linux's Documentation and kbd's
 * psf.h): the header, the glyph rows, the Unicode table's mapping of
 * characters to glyphs (sequences skipped, first mapping kept, missing
 * characters shown as '?'), and every malformed font refused with a reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <efimm/psf.h>

static u8 buf[8192];
static size_t len;

static void put8(u8 v)
{
	buf[len++] = v;
}

static void put16(u16 v)
{
	put8((u8)v);
	put8((u8)(v >> 8));
}

static void put32(u32 v)
{
	put16((u16)v);
	put16((u16)(v >> 16));
}

/* PSF1: 256 glyphs of height rows; glyph g's rows all hold g. */
static void psf1(u8 mode, u8 height)
{
	len = 0;
	put8(0x36);
	put8(0x04);
	put8(mode);
	put8(height);
	for (unsigned int g = 0; g < ((mode & 1) ? 512u : 256u); g++)
		for (unsigned int y = 0; y < height; y++)
			put8((u8)g);
}

/* PSF2 with nr glyphs of width x height; glyph g's rows hold g in each byte. */
static void psf2(u32 flags, u32 nr, u32 width, u32 height)
{
	u32 row = (width + 7) / 8;

	len = 0;
	put32(0x864ab572);
	put32(0);
	put32(32);
	put32(flags);
	put32(nr);
	put32(row * height);
	put32(height);
	put32(width);
	for (u32 g = 0; g < nr; g++)
		for (u32 b = 0; b < row * height; b++)
			put8((u8)g);
}

/* Expect: PSF1 without a table maps character c to glyph c; rows come from the right glyph. */
static void test_psf1_no_table(void **state)
{
	struct psf_font f;
	const char *why = NULL;

	psf1(0, 16);
	assert_int_equal(psf_parse(&f, buf, len, &why), 0);
	assert_int_equal(f.nr, 256);
	assert_int_equal(f.width, 8);
	assert_int_equal(f.height, 16);
	assert_int_equal(f.glyph_of['A'], 'A');
	assert_int_equal(f.glyph_of[0xe9], 0xe9);
	assert_int_equal(*psf_glyph_row(&f, 'A', 15), 'A');
}

/*
 * Expect: a PSF1 table maps 'A' and 'a' to glyph 3 (two values in one
 * entry), ignores the sequence after 0xfffe, keeps the first glyph for a
 * character listed twice, and shows unmapped characters as the '?' glyph.
 */
static void test_psf1_table(void **state)
{
	struct psf_font f;
	const char *why = NULL;

	psf1(0x02, 8);
	for (unsigned int g = 0; g < 256; g++) {
		if (g == 3) {
			put16('A');
			put16('a');
			put16(0xfffe); /* a sequence: 'B' + combining mark, not 'B' alone */
			put16('B');
			put16(0x0301);
		} else if (g == 7) {
			put16('?');
		} else if (g == 9) {
			put16('A'); /* listed again: glyph 3 stays */
			put16(0x00e9);
		}
		put16(0xffff);
	}
	assert_int_equal(psf_parse(&f, buf, len, &why), 0);
	assert_int_equal(f.glyph_of['A'], 3);
	assert_int_equal(f.glyph_of['a'], 3);
	assert_int_equal(f.glyph_of['?'], 7);
	assert_int_equal(f.glyph_of[0xe9], 9);
	assert_int_equal(f.glyph_of['B'], 7); /* only in a sequence: shown as '?' */
	assert_int_equal(f.glyph_of['z'], 7);
	assert_int_equal(*psf_glyph_row(&f, 'a', 7), 3);
}

/* Expect: PSF2 with a UTF-8 table: 'é' (c3 a9) maps, a 0xfe sequence is skipped, 12-pixel rows are 2 bytes. */
static void test_psf2_table(void **state)
{
	struct psf_font f;
	const char *why = NULL;

	psf2(1, 4, 12, 20);
	/* glyph 0: '?'; glyph 1: 'x' and U+00E9; glyph 2: a sequence only; glyph 3: U+20AC (not Latin-1) */
	put8('?');
	put8(0xff);
	put8('x');
	put8(0xc3);
	put8(0xa9);
	put8(0xff);
	put8(0xfe);
	put8('y');
	put8(0xcc);
	put8(0x81);
	put8(0xff);
	put8(0xe2);
	put8(0x82);
	put8(0xac);
	put8(0xff);
	assert_int_equal(psf_parse(&f, buf, len, &why), 0);
	assert_int_equal(f.nr, 4);
	assert_int_equal(f.width, 12);
	assert_int_equal(f.height, 20);
	assert_int_equal(f.glyph_of['x'], 1);
	assert_int_equal(f.glyph_of[0xe9], 1);
	assert_int_equal(f.glyph_of['y'], 0);
	assert_int_equal(f.glyph_of['?'], 0);
	assert_ptr_equal(psf_glyph_row(&f, 'x', 1), f.glyphs + 1 * 40 + 2);
	assert_int_equal(*psf_glyph_row(&f, 'x', 19), 1);
}

/* Expect: each malformed font is refused, with a reason. */
static void test_bad_fonts(void **state)
{
	struct psf_font f;
	const char *why;

	psf1(0, 16);
	buf[0] = 0x37;
	why = NULL;
	assert_int_equal(psf_parse(&f, buf, len, &why), -1);
	assert_string_equal(why, "neither PSF1 nor PSF2 (bad magic)");

	psf1(0, 16);
	why = NULL;
	assert_int_equal(psf_parse(&f, buf, len - 1, &why), -1); /* the last glyph cut short */
	assert_string_equal(why, "the glyphs run past the end of the file");

	psf1(0, 0);
	why = NULL;
	assert_int_equal(psf_parse(&f, buf, len, &why), -1);
	assert_string_equal(why, "glyph size or count out of range");

	psf2(0, 2, 40, 8); /* wider than 32 pixels */
	why = NULL;
	assert_int_equal(psf_parse(&f, buf, len, &why), -1);
	assert_string_equal(why, "glyph size or count out of range");

	psf2(0, 2, 8, 8);
	buf[8] = 200; /* header size past the end */
	why = NULL;
	assert_int_equal(psf_parse(&f, buf, len, &why), -1);
	assert_string_equal(why, "the glyphs run past the end of the file");

	why = NULL;
	assert_int_equal(psf_parse(&f, buf, 3, &why), -1);
	assert_string_equal(why, "neither PSF1 nor PSF2 (bad magic)");
}

/* Expect: a table cut off mid-entry still maps what came before; nothing past the end is read (ASan). */
static void test_truncated_table(void **state)
{
	struct psf_font f;
	const char *why = NULL;

	psf2(1, 3, 8, 8);
	put8('q');
	put8(0xff);
	put8(0xc3); /* a UTF-8 lead byte and then the end */
	assert_int_equal(psf_parse(&f, buf, len, &why), 0);
	assert_int_equal(f.glyph_of['q'], 0);
	assert_int_equal(f.glyph_of[0xe9], 0); /* unmapped, no '?': glyph 0 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_psf1_no_table), cmocka_unit_test(test_psf1_table),
		cmocka_unit_test(test_psf2_table),    cmocka_unit_test(test_bad_fonts),
		cmocka_unit_test(test_truncated_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
