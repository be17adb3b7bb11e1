/*
 * The memory picture's layout, computed by the core from the E820 table,
 * memblock and the nodes, drawn by the platform (GOP rectangles, or text).
 * The address space runs left to right: every E820 entry is a column whose
 * width grows with the log of its size (pages and gigabytes both visible);
 * holes between entries are compressed to one narrow hatched column.
 */
#ifndef _EFIMM_PICTURE_H
#define _EFIMM_PICTURE_H

#include <linux/types.h>

enum picture_row { ROW_E820, ROW_NODES, ROW_MEMBLOCK, NR_PICTURE_ROWS };

#define PICTURE_MAX_RECTS 1024
#define PICTURE_MAX_LEGEND 32
#define PICTURE_HOLE 0xffffffffu /* colour value meaning "hatched hole" */

struct picture_rect {
	u32 x, w;         /* pixels from the left of the bar area */
	u8 row;           /* enum picture_row */
	u32 colour;       /* 0xRRGGBB, or PICTURE_HOLE */
	u64 start, end;   /* the physical range, end exclusive */
	const char *name; /* what it is, as the legend names it */
	int nid;          /* ROW_NODES: the node */
};

struct picture_legend {
	u32 colour;
	char name[48];
};

struct picture {
	u32 width; /* of the bar area, in pixels */
	unsigned int nr_rects, nr_legend;
	struct picture_rect rects[PICTURE_MAX_RECTS];
	struct picture_legend legend[PICTURE_MAX_LEGEND];
	unsigned int nr_marks;
	struct {
		u32 x;
		u64 addr;
	} marks[64]; /* address labels at column starts */
};

extern const char *const picture_row_names[NR_PICTURE_ROWS];

/* Lay out the current E820 table, node ranges and memblock into width pixels. */
void picture_layout(struct picture *p, u32 width);
/* The picture as text, one line per row, for consoles without graphics. */
void picture_print_text(const struct picture *p, unsigned int columns);

#endif
