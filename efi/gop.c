/*
 * The memory picture on the graphics output (GOP): the layout from
 * lib/picture.c drawn as coloured bars, one per row kind (E820, nodes,
 * zones, memblock), labelled and explained with the console's own text (so
 * no font of ours is needed), a legend naming every colour, then buddyinfo:
 * per zone a bar per order with its count printed under it. Without GOP the
 * picture is printed as text.
 * While the picture is up, log lines go to the log and debugcon only, so
 * they cannot scroll it away.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/string.h>
#include <efimm/picture.h>

static struct picture pic;

static EFI_GRAPHICS_OUTPUT_BLT_PIXEL px(u32 rgb)
{
	EFI_GRAPHICS_OUTPUT_BLT_PIXEL p = { (UINT8)rgb, (UINT8)(rgb >> 8), (UINT8)(rgb >> 16), 0 };

	return p;
}

static void fill(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, u32 x, u32 y, u32 w, u32 h, u32 rgb)
{
	EFI_GRAPHICS_OUTPUT_BLT_PIXEL p = px(rgb);

	gop->Blt(gop, &p, EfiBltVideoFill, 0, 0, x, y, w, h, 0);
}

/* Holes: grey diagonal hatching, one column of pixels at a time. */
static void hatch(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, u32 x, u32 y, u32 w, u32 h)
{
	fill(gop, x, y, w, h, 0xffffff);
	for (u32 i = 0; i < w; i++)
		for (u32 j = (6 - (i % 6)) % 6; j < h; j += 6)
			fill(gop, x + i, y + j, 1, 1, 0x999999);
}

static void text_at(UINTN col, UINTN row, const char *s);

/* A count in at most width characters: 1234567 as "1234k" when it does not fit. */
static void short_count(char *buf, size_t size, unsigned long n, unsigned int width)
{
	snprintf(buf, size, "%lu", n);
	if (strlen(buf) > width)
		snprintf(buf, size, "%luk", n / 1000);
	if (strlen(buf) > width)
		snprintf(buf, size, "%luM", n / 1000000);
}

/* Text rows of bars per zone: two when every zone fits so, else one. */
static UINTN buddy_bar_rows(UINTN b0, UINTN rows)
{
	return b0 + 1 + 3 * pic.nr_buddy < rows ? 2 : 1;
}

/*
 * buddyinfo under the legend, from text row b0: a heading row with the
 * order numbers, then per zone one or two rows of bars (heights from the
 * layout, the node and zone named at the left) and a row with each bar's
 * count.
 */
static void draw_buddy(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, UINTN b0, UINTN rows, UINTN ox, UINTN oy, UINTN cw,
		       UINTN ch, UINTN bar_cols)
{
	UINTN cell_cols = bar_cols / NR_PAGE_ORDERS, bar_rows = buddy_bar_rows(b0, rows);
	UINTN stride = bar_rows + 1, area = bar_rows * ch - 2;
	unsigned int shown = 0, more;
	char buf[48];

	if (cell_cols < 3 || b0 + 1 + stride >= rows)
		return;
	text_at(0, b0, "buddyinfo");
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		snprintf(buf, sizeof(buf), "o%d", o);
		text_at(10 + o * cell_cols, b0, buf);
	}
	for (unsigned int k = 0; k < pic.nr_buddy && b0 + stride * (k + 1) < rows - 1; k++, shown++) {
		const struct picture_buddy *b = &pic.buddy[k];
		UINTN r = b0 + 1 + stride * k;

		if (bar_rows == 2) {
			snprintf(buf, sizeof(buf), "node %d", b->nid);
			text_at(0, r, buf);
			text_at(0, r + 1, zone_names[b->zone]);
		} else {
			snprintf(buf, sizeof(buf), "%d %s", b->nid, zone_names[b->zone]);
			text_at(0, r, buf);
		}
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			u32 x = (u32)(ox + (10 + o * cell_cols) * cw), w = (u32)((cell_cols - 1) * cw);
			u32 h = (u32)(b->height[o] * area / PICTURE_BUDDY_FULL), base = (u32)(oy + r * ch + area);

			/* A grey baseline under every bar, so an empty order shows as a line with its 0. */
			fill(gop, x, base, w, 1, 0x757575);
			if (h)
				fill(gop, x, base - h, w, h, PICTURE_BUDDY_COLOUR);
			printk(KERN_DEBUG "efimm: picture: buddy x=%u y=%u w=%u h=%u colour=%06x [node %d %s order %d] nr_free=%lu\n",
			       x, base - h, w, h, PICTURE_BUDDY_COLOUR, b->nid, zone_names[b->zone], o, b->nr_free[o]);
			short_count(buf, sizeof(buf), b->nr_free[o], (unsigned int)cell_cols - 1);
			text_at(10 + o * cell_cols, r + bar_rows, buf);
		}
	}
	/* Zones that do not fit: said on the next row when there is one (the console's o key lists them all). */
	more = pic.nr_buddy + pic.buddy_more - shown;
	if (more && b0 + 1 + stride * shown < rows - 1) {
		snprintf(buf, sizeof(buf), "%u more zone%s: see buddyinfo (key o)", more, more == 1 ? "" : "s");
		text_at(0, b0 + 1 + stride * shown, buf);
	}
}

static void text_at(UINTN col, UINTN row, const char *s)
{
	CHAR16 buf[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(buf) - 1 && s[i]; i++)
		buf[i] = (CHAR16)(unsigned char)s[i];
	buf[i] = 0;
	ST->ConOut->SetCursorPosition(ST->ConOut, col, row);
	ST->ConOut->OutputString(ST->ConOut, buf);
}

/*
 * Draw the picture; returns false when there is no graphics output (the
 * text picture is printed instead). The geometry of every bar goes to the
 * log so that tests can check the screen.
 */
bool efi_show_memory_picture(void)
{
	EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;
	UINTN cols, rows, cw, ch, ox, oy, left, y0, row;
	u32 hres, vres, bar_w;
	char line[96];

	if (EFI_ERROR(BS->LocateProtocol(&gop_guid, NULL, (void **)&gop)) || !gop ||
	    EFI_ERROR(ST->ConOut->QueryMode(ST->ConOut, ST->ConOut->Mode->Mode, &cols, &rows)) || !cols || !rows) {
		picture_layout(&pic, 600);
		picture_print_text(&pic, 72);
		return false;
	}
	hres = gop->Mode->Info->HorizontalResolution;
	vres = gop->Mode->Info->VerticalResolution;
	/*
	 * The console's character cell and where its text area sits: EDK2's
	 * graphics console uses 8 x 19 glyphs and centres the text area.
	 */
	cw = 8;
	ch = 19;
	if (cols * cw > hres || rows * ch > vres) {
		cw = hres / cols;
		ch = vres / rows;
	}
	ox = (hres - cols * cw) / 2;
	oy = (vres - rows * ch) / 2;
	left = ox + 10 * cw;
	bar_w = (u32)(cols * cw - 11 * cw);
	picture_layout(&pic, bar_w);

	console_screen(false);
	ST->ConOut->ClearScreen(ST->ConOut);
	fill(gop, 0, 0, hres, vres, 0x000000);
	text_at(0, 0, "efimm: physical memory; holes compressed, not to scale (hatched).");
	text_at(0, 1, "Widths grow with log2 of size; buddyinfo bar heights with log2 of the count.");
	y0 = 3;
	row = y0 + 2 * NR_PICTURE_ROWS + 2;
	for (int r = 0; r < NR_PICTURE_ROWS; r++)
		text_at(0, y0 + 2 * r, picture_row_names[r]);
	for (unsigned int k = 0; k < pic.nr_rects; k++) {
		const struct picture_rect *re = &pic.rects[k];
		u32 x = (u32)left + re->x, y = (u32)(oy + (y0 + 2 * re->row) * ch);

		if (re->colour == PICTURE_HOLE)
			hatch(gop, x, y, re->w, (u32)ch);
		else
			fill(gop, x, y, re->w, (u32)ch, re->colour);
		printk(KERN_DEBUG "efimm: picture: %s x=%u y=%u w=%u h=%u colour=%06x [mem %#018llx-%#018llx] %s\n",
		       picture_row_names[re->row], x, y, re->w, (u32)ch, re->colour == PICTURE_HOLE ? 0 : re->colour,
		       (unsigned long long)re->start, (unsigned long long)(re->end - 1), re->name);
	}
	/* Address marks under the bars, where they do not collide. */
	for (unsigned int k = 0, last = 0; k < pic.nr_marks; k++) {
		UINTN col = 10 + pic.marks[k].x / cw;

		if (k && col < last + 12)
			continue;
		snprintf(line, sizeof(line), "%#llx", (unsigned long long)pic.marks[k].addr);
		text_at(col, y0 + 2 * NR_PICTURE_ROWS, line);
		last = (unsigned int)col;
	}
	/* The legend: a swatch drawn in the first cell, the name after it. */
	for (unsigned int k = 0; k < pic.nr_legend; k++) {
		UINTN col = (k % 3) * (cols / 3);

		row = y0 + 2 * NR_PICTURE_ROWS + 2 + k / 3;
		if (row >= rows - 1)
			break;
		text_at(col + 2, row, pic.legend[k].name);
		if (pic.legend[k].colour == PICTURE_HOLE)
			hatch(gop, (u32)(ox + col * cw), (u32)(oy + row * ch + 2), (u32)cw, (u32)ch - 4);
		else
			fill(gop, (u32)(ox + col * cw), (u32)(oy + row * ch + 2), (u32)cw, (u32)ch - 4, pic.legend[k].colour);
	}
	draw_buddy(gop, row + 2, rows, ox, oy, cw, ch, cols - 11);
	/* The geometry, so that a test can compute where every bar must be. */
	printk(KERN_DEBUG
	       "efimm: picture geometry: text %llux%llu cell %llux%llu origin %llu,%llu buddy row %llu bar rows %llu\n",
	       (unsigned long long)cols, (unsigned long long)rows, (unsigned long long)cw, (unsigned long long)ch,
	       (unsigned long long)ox, (unsigned long long)oy, (unsigned long long)(row + 2),
	       (unsigned long long)buddy_bar_rows(row + 2, rows));
	pr_info("efimm: memory picture drawn (%ux%u, %u ranges, buddyinfo of %u zones)\n", hres, vres, pic.nr_rects,
		pic.nr_buddy);
	return true;
}

/* Back to text: the picture is left behind, the next lines start below it. */
void efi_hide_memory_picture(void)
{
	UINTN cols, rows;

	if (!EFI_ERROR(ST->ConOut->QueryMode(ST->ConOut, ST->ConOut->Mode->Mode, &cols, &rows)))
		ST->ConOut->SetCursorPosition(ST->ConOut, 0, rows - 1);
	console_screen(true);
}
