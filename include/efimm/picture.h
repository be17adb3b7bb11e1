/*
 * The memory picture's layout, computed by the core from the E820 table,
 * memblock, the nodes and the zones, drawn by the platform (GOP rectangles,
 * or text). The address space runs left to right: every E820 entry is a
 * column whose width grows with the log of its size (pages and gigabytes
 * both visible); holes between entries are compressed (not to scale) to one
 * narrow hatched column. Below it, buddyinfo: for each populated zone a bar
 * per order 0..10 whose height grows with log2 of its nr_free, each bar
 * labelled with its number (colour never carries meaning alone).
 */
#ifndef _EFIMM_PICTURE_H
#define _EFIMM_PICTURE_H

#include <linux/types.h>
#include <linux/mmzone.h>

enum picture_row { ROW_E820, ROW_NODES, ROW_ZONES, ROW_MEMBLOCK, NR_PICTURE_ROWS };

#define PICTURE_MAX_RECTS 1024
#define PICTURE_MAX_LEGEND 32
#define PICTURE_HOLE 0xffffffffu /* colour value meaning "hatched hole" */
#define PICTURE_MAX_BUDDY 16     /* zones shown as buddyinfo bars */
#define PICTURE_BUDDY_FULL 1024  /* bar height of the zone set's largest nr_free */
#define PICTURE_BUDDY_COLOUR 0x26a69a

struct picture_rect {
	u32 x, w;         /* pixels from the left of the bar area */
	u8 row;           /* enum picture_row */
	u32 colour;       /* 0xRRGGBB, or PICTURE_HOLE */
	u64 start, end;   /* the physical range, end exclusive */
	const char *name; /* what it is, as the legend names it */
	int nid;          /* ROW_NODES, ROW_ZONES: the node */
};

/* One zone's buddyinfo: nr_free per order and each bar's height (0..PICTURE_BUDDY_FULL). */
struct picture_buddy {
	int nid;
	int zone; /* enum zone_type */
	unsigned long nr_free[NR_PAGE_ORDERS];
	u32 height[NR_PAGE_ORDERS];
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
	unsigned int nr_buddy, buddy_more; /* zones shown; populated zones beyond PICTURE_MAX_BUDDY */
	struct picture_buddy buddy[PICTURE_MAX_BUDDY];
};

extern const char *const picture_row_names[NR_PICTURE_ROWS];
/* The colour of each zone type in the zones row (and its legend entry "zone NAME"). */
extern const u32 picture_zone_colours[MAX_NR_ZONES];

/* The buddyinfo bar height of nr_free pages when the largest is max: log2-scaled, 0 for none. */
u32 picture_buddy_height(unsigned long nr_free, unsigned long max);

/* Lay out the current E820 table, node ranges, zones, memblock and buddyinfo into width pixels. */
void picture_layout(struct picture *p, u32 width);
/* The picture as text, one line per row, for consoles without graphics. */
void picture_print_text(const struct picture *p, unsigned int columns);

#endif
