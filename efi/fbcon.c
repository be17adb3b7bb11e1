/*
 * A text console on the GOP framebuffer, for when the firmware's ConOut is
 * gone (after ExitBootServices). The GOP mode (base, size, resolution,
 * stride, pixel format) is read while boot services still run; then every
 * character is drawn with our own PSF font (Lat15-Fixed16 from Debian's
 * console-setup-linux, built into build/gen/fbcon_font.h by
 * scripts/font.sh; PSF1 or PSF2, read by lib/psf.c). Light grey on black,
 * one line per log line, wrapped at the right edge. Scrolling moves a shadow of the text and redraws only the
 * cells that changed: the framebuffer is never read, which on real
 * hardware (uncached MMIO) would be very slow.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <efimm/ebs.h>
#include <efimm/psf.h>
#include "fbcon_font.h"

#define FG_RGB 0xc0c0c0
#define BG_RGB 0x000000
#define MAX_COLS 320
#define MAX_ROWS 160

static struct {
	volatile u32 *fb;
	u64 base, size;
	u32 hres, vres, stride; /* stride in pixels */
	u32 fg, bg;
	bool active;
} fbc;

static struct psf_font font;
static u32 cols, rows, cur_col, cur_row;
static u8 text[MAX_ROWS][MAX_COLS];  /* what should be on the screen */
static u8 shown[MAX_ROWS][MAX_COLS]; /* what is drawn */

/* Where each 8-bit colour component goes in a PixelBitMask pixel. */
static u32 mask_place(u32 mask, u32 v8)
{
	unsigned int shift = 0, bits = 0;

	if (!mask)
		return 0;
	while (!(mask >> shift & 1))
		shift++;
	while (shift + bits < 32 && (mask >> (shift + bits) & 1))
		bits++;
	return (bits >= 8 ? v8 << (bits - 8) : v8 >> (8 - bits)) << shift & mask;
}

static u32 pixel_of(const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info, u32 rgb)
{
	u32 r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;

	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		return r | g << 8 | b << 16;
	case PixelBlueGreenRedReserved8BitPerColor:
		return b | g << 8 | r << 16;
	default: /* PixelBitMask */
		return mask_place(info->PixelInformation.RedMask, r) | mask_place(info->PixelInformation.GreenMask, g) |
		       mask_place(info->PixelInformation.BlueMask, b);
	}
}

static const char *const format_name[] = { "RGBX", "BGRX", "bitmask", "Blt only" };

bool fbcon_setup(void)
{
	EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;
	const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;
	const char *why;

	if (EFI_ERROR(BS->LocateProtocol(&gop_guid, NULL, (void **)&gop)) || !gop || !gop->Mode || !gop->Mode->Info) {
		pr_info("efimm: fbcon: no graphics output; the console is the serial port (and debugcon)\n");
		return false;
	}
	info = gop->Mode->Info;
	if (info->PixelFormat >= PixelBltOnly || !gop->Mode->FrameBufferBase) {
		pr_info("efimm: fbcon: the graphics output has no framebuffer (%s); the console is the serial port\n",
			info->PixelFormat <= PixelBltOnly ? format_name[info->PixelFormat] : "unknown format");
		return false;
	}
	if (psf_parse(&font, fbcon_font_psf, sizeof(fbcon_font_psf), &why)) {
		pr_err("efimm: fbcon: the font %s is unusable: %s; the console is the serial port\n", fbcon_font_name, why);
		return false;
	}
	fbc.base = gop->Mode->FrameBufferBase;
	fbc.size = gop->Mode->FrameBufferSize;
	fbc.hres = info->HorizontalResolution;
	fbc.vres = info->VerticalResolution;
	fbc.stride = info->PixelsPerScanLine;
	fbc.fb = (volatile u32 *)(UINTN)fbc.base;
	fbc.fg = pixel_of(info, FG_RGB);
	fbc.bg = pixel_of(info, BG_RGB);
	if ((u64)fbc.stride * fbc.vres * 4 > fbc.size || fbc.stride < fbc.hres) {
		pr_err("efimm: fbcon: GOP mode %ux%u, stride %u does not fit its framebuffer of %llu bytes\n", fbc.hres,
		       fbc.vres, fbc.stride, (unsigned long long)fbc.size);
		return false;
	}
	cols = min_t(u32, fbc.hres / font.width, MAX_COLS);
	rows = min_t(u32, fbc.vres / font.height, MAX_ROWS);
	pr_info("efimm: fbcon: framebuffer [mem %#018llx-%#018llx] %ux%u %s (stride %u), %ux%u cells of %ux%u (%s)\n",
		(unsigned long long)fbc.base, (unsigned long long)(fbc.base + fbc.size - 1), fbc.hres, fbc.vres,
		format_name[info->PixelFormat], fbc.stride, cols, rows, font.width, font.height, fbcon_font_name);
	return cols && rows;
}

static void draw_cell(u32 r, u32 c, u8 ch)
{
	volatile u32 *p = fbc.fb + (u64)r * font.height * fbc.stride + c * font.width;

	for (u32 y = 0; y < font.height; y++, p += fbc.stride) {
		const u8 *g = psf_glyph_row(&font, ch, y);

		for (u32 x = 0; x < font.width; x++)
			p[x] = (g[x / 8] >> (7 - x % 8) & 1) ? fbc.fg : fbc.bg;
	}
	shown[r][c] = ch;
}

void fbcon_start(void)
{
	if (!cols || !rows)
		return;
	for (u32 y = 0; y < fbc.vres; y++)
		for (u32 x = 0; x < fbc.hres; x++)
			fbc.fb[(u64)y * fbc.stride + x] = fbc.bg;
	memset(text, ' ', sizeof(text));
	memset(shown, ' ', sizeof(shown));
	cur_row = cur_col = 0;
	fbc.active = true;
}

bool fbcon_active(void)
{
	return fbc.active;
}

void fbcon_framebuffer(u64 *base, u64 *size)
{
	*base = fbc.active ? fbc.base : 0;
	*size = fbc.active ? fbc.size : 0;
}

/* The text moves up a line; only cells whose character changes are drawn again. */
static void scroll(void)
{
	memmove(text[0], text[1], (size_t)(rows - 1) * sizeof(text[0]));
	memset(text[rows - 1], ' ', sizeof(text[0]));
	for (u32 r = 0; r < rows; r++)
		for (u32 c = 0; c < cols; c++)
			if (text[r][c] != shown[r][c])
				draw_cell(r, c, text[r][c]);
}

static void newline(void)
{
	cur_col = 0;
	if (++cur_row == rows) {
		scroll();
		cur_row = rows - 1;
	}
}

void fbcon_write(const char *s, size_t len)
{
	if (!fbc.active)
		return;
	for (size_t i = 0; i < len; i++) {
		u8 ch = (u8)s[i];

		if (ch == '\n') {
			newline();
			continue;
		}
		if (ch == '\r') {
			cur_col = 0;
			continue;
		}
		if (ch < 0x20)
			ch = ' ';
		if (cur_col == cols)
			newline();
		text[cur_row][cur_col] = ch;
		if (shown[cur_row][cur_col] != ch)
			draw_cell(cur_row, cur_col, ch);
		cur_col++;
	}
}
