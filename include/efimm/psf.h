/*
 * PC Screen Font (PSF1 and PSF2) reading for efimm's framebuffer console:
 * the glyph bitmaps and, from the font's Unicode table, which glyph draws
 * each Latin-1 character. Portable (no UEFI types): tests/unit/test_psf.c.
 */
#ifndef _EFIMM_PSF_H
#define _EFIMM_PSF_H

#include <stddef.h>
#include <linux/types.h>

#define PSF_MAX_WIDTH 32
#define PSF_MAX_HEIGHT 64

struct psf_font {
	const u8 *glyphs;     /* nr glyphs of bytes_per_glyph bytes: rows of (width + 7) / 8 bytes, MSB left */
	u32 nr, bytes_per_glyph, width, height;
	u16 glyph_of[256];    /* Latin-1 character -> glyph; unmapped ones show '?' (else glyph 0) */
};

/*
 * Read the font in data[0, len). Returns 0, or -1 with *why naming what is
 * wrong (bad magic, a header out of range, glyphs past the end). A font
 * without a Unicode table maps character c to glyph c; in a table, only
 * single characters count (sequences after 0xfffe / 0xfe are skipped), and
 * a character listed twice keeps its first glyph.
 */
int psf_parse(struct psf_font *font, const u8 *data, size_t len, const char **why);

/* The glyph's row y (0 = top), its bits MSB first. */
static inline const u8 *psf_glyph_row(const struct psf_font *font, u8 ch, u32 y)
{
	return font->glyphs + (size_t)font->glyph_of[ch] * font->bytes_per_glyph + (size_t)y * ((font->width + 7) / 8);
}

#endif
