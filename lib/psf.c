/*
 * PSF1 and PSF2 fonts (the Linux console's formats, as Debian's
 * console-setup ships them): the header, the glyphs, and the Unicode table
 * that says which glyph draws which character. Only Latin-1 is kept:
 * efimm prints ASCII. Every offset is checked against the data's length.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <efimm/psf.h>

#define PSF1_MAGIC0 0x36
#define PSF1_MAGIC1 0x04
#define PSF1_MODE512 0x01
#define PSF1_MODEHASTAB 0x02
#define PSF1_SEPARATOR 0xffff
#define PSF1_STARTSEQ 0xfffe
#define PSF2_MAGIC 0x864ab572
#define PSF2_HAS_UNICODE_TABLE 0x01
#define PSF2_SEPARATOR 0xff
#define PSF2_STARTSEQ 0xfe
#define PSF2_HEADER_SIZE 32
#define UNMAPPED 0xffff

static u32 rd32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/* Glyph g draws the Unicode value u: kept when u is Latin-1 and not mapped yet. */
static void map_char(struct psf_font *font, u32 u, u32 g)
{
	if (u < 256 && g < font->nr && font->glyph_of[u] == UNMAPPED)
		font->glyph_of[u] = (u16)g;
}

/* One UTF-8 value; *p advances past it (and past a malformed byte); ~0 when malformed. */
static u32 utf8_next(const u8 **p, const u8 *end)
{
	u32 c = *(*p)++, n, v;

	if (c < 0x80)
		return c;
	n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
	if (!n)
		return ~0u;
	v = c & (0x3f >> n);
	for (; n; n--) {
		if (*p >= end || (**p & 0xc0) != 0x80)
			return ~0u;
		v = v << 6 | (*(*p)++ & 0x3f);
	}
	return v;
}

/* PSF1 table: per glyph, 16-bit values; 0xfffe starts sequences, 0xffff ends the glyph's list. */
static void read_psf1_table(struct psf_font *font, const u8 *tab, const u8 *end)
{
	for (u32 g = 0; g < font->nr && tab + 2 <= end; g++) {
		bool seq = false;
		u32 u;

		for (; tab + 2 <= end && (u = tab[0] | tab[1] << 8) != PSF1_SEPARATOR; tab += 2) {
			if (u == PSF1_STARTSEQ)
				seq = true;
			else if (!seq)
				map_char(font, u, g);
		}
		tab += 2;
	}
}

/* PSF2 table: per glyph, UTF-8 values; 0xfe starts sequences, 0xff ends the glyph's list. */
static void read_psf2_table(struct psf_font *font, const u8 *tab, const u8 *end)
{
	for (u32 g = 0; g < font->nr && tab < end; g++) {
		bool seq = false;

		while (tab < end && *tab != PSF2_SEPARATOR) {
			u32 u;

			if (*tab == PSF2_STARTSEQ) {
				seq = true;
				tab++;
				continue;
			}
			u = utf8_next(&tab, end);
			if (!seq)
				map_char(font, u, g);
		}
		tab++;
	}
}

int psf_parse(struct psf_font *font, const u8 *data, size_t len, const char **why)
{
	const u8 *end = data + len;
	size_t glyph_offset, glyph_bytes;
	bool psf2, table;

	memset(font, 0, sizeof(*font));
	if (len >= 4 && data[0] == PSF1_MAGIC0 && data[1] == PSF1_MAGIC1) {
		psf2 = false;
		font->nr = data[2] & PSF1_MODE512 ? 512 : 256;
		font->width = 8;
		font->height = font->bytes_per_glyph = data[3];
		glyph_offset = 4;
		table = data[2] & PSF1_MODEHASTAB;
	} else if (len >= PSF2_HEADER_SIZE && rd32(data) == PSF2_MAGIC) {
		psf2 = true;
		glyph_offset = rd32(data + 8);
		table = rd32(data + 12) & PSF2_HAS_UNICODE_TABLE;
		font->nr = rd32(data + 16);
		font->bytes_per_glyph = rd32(data + 20);
		font->height = rd32(data + 24);
		font->width = rd32(data + 28);
	} else {
		*why = "neither PSF1 nor PSF2 (bad magic)";
		return -1;
	}
	if (!font->width || font->width > PSF_MAX_WIDTH || !font->height || font->height > PSF_MAX_HEIGHT ||
	    font->bytes_per_glyph < (font->width + 7) / 8 * font->height || !font->nr || font->nr > 65535) {
		*why = "glyph size or count out of range";
		return -1;
	}
	glyph_bytes = (size_t)font->nr * font->bytes_per_glyph;
	if (glyph_offset < (psf2 ? PSF2_HEADER_SIZE : 4) || glyph_offset > len || glyph_bytes > len - glyph_offset) {
		*why = "the glyphs run past the end of the file";
		return -1;
	}
	font->glyphs = data + glyph_offset;
	memset(font->glyph_of, 0xff, sizeof(font->glyph_of));
	if (!table) {
		for (u32 c = 0; c < 256 && c < font->nr; c++)
			font->glyph_of[c] = (u16)c;
	} else if (psf2) {
		read_psf2_table(font, font->glyphs + glyph_bytes, end);
	} else {
		read_psf1_table(font, font->glyphs + glyph_bytes, end);
	}
	for (u32 c = 0; c < 256; c++)
		if (font->glyph_of[c] == UNMAPPED)
			font->glyph_of[c] = font->glyph_of['?'] != UNMAPPED ? font->glyph_of['?'] : 0;
	return 0;
}
