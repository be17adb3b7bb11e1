/*
 * The memory picture's layout (include/efimm/picture.h), in integer
 * arithmetic only (the EFI build has no floating point).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <asm/e820/api.h>
#include <efimm/picture.h>
#include <efimm/reserve.h>

const char *const picture_row_names[NR_PICTURE_ROWS] = { "E820", "nodes", "zones", "memblock" };

/* DMA, DMA32, Normal, Movable, Device: apart from each other and from the E820 and node colours. */
const u32 picture_zone_colours[MAX_NR_ZONES] = { 0xffb300, 0x29b6f6, 0x7e57c2, 0xec407a, 0x8d6e63 };

static const u32 node_colours[] = { 0x8e24aa, 0x00897b, 0xf4511e, 0x3949ab, 0xc0ca33, 0x6d4c41, 0xd81b60, 0x546e7a };
#define FREE_COLOUR 0xc8e6c9
#define RESERVED_COLOUR 0x5d4037

static u32 e820_colour(enum e820_type t)
{
	switch (t) {
	case E820_TYPE_RAM: return 0x4caf50;
	case E820_TYPE_RESERVED: return 0x9e9e9e;
	case E820_TYPE_ACPI: return 0x2196f3;
	case E820_TYPE_NVS: return 0x3f51b5;
	case E820_TYPE_UNUSABLE: return 0xf44336;
	case E820_TYPE_SOFT_RESERVED: return 0xff9800;
	default: return 0x795548;
	}
}

/* 256 * (1 + log2(size / 4 KiB)), from the top bits: enough precision for widths. */
static u32 log_width(u64 size)
{
	u64 pages = max_t(u64, size >> 12, 1);
	int top = 63 - __builtin_clzll(pages);
	u32 frac = top >= 8 ? (u32)((pages >> (top - 8)) & 0xff) : (u32)((pages << (8 - top)) & 0xff);

	return 256 + (u32)top * 256 + frac;
}

#define HOLE_UNITS 256

/* 256 * (1 + log2(n)) for n >= 1, from the top bits, as log_width; 0 for 0. */
static u32 log_units(unsigned long n)
{
	int top;
	u32 frac;

	if (!n)
		return 0;
	top = 63 - __builtin_clzll(n);
	frac = top >= 8 ? (u32)((n >> (top - 8)) & 0xff) : (u32)((n << (8 - top)) & 0xff);
	return 256 + (u32)top * 256 + frac;
}

u32 picture_buddy_height(unsigned long nr_free, unsigned long max)
{
	u32 full = log_units(max);

	if (!nr_free || !full)
		return 0;
	return min_t(u32, (u32)((u64)log_units(nr_free) * PICTURE_BUDDY_FULL / full), PICTURE_BUDDY_FULL);
}

struct column {
	u64 start, end;
	u64 x, w; /* in layout units */
};

static struct column cols[E820_MAX_ENTRIES * 2];
static unsigned int nr_cols;

static void add_legend(struct picture *p, u32 colour, const char *name)
{
	for (unsigned int i = 0; i < p->nr_legend; i++)
		if (!strcmp(p->legend[i].name, name))
			return;
	if (p->nr_legend < PICTURE_MAX_LEGEND) {
		p->legend[p->nr_legend].colour = colour;
		strscpy_len(p->legend[p->nr_legend].name, name, sizeof(p->legend[0].name));
		p->nr_legend++;
	}
}

/* Pixel position of an address: linear inside its column. */
static u32 x_of(u64 addr, u64 units, u32 width)
{
	for (unsigned int i = 0; i < nr_cols; i++) {
		const struct column *c = &cols[i];

		if (addr >= c->start && addr <= c->end) {
			/* Scale span and offset down together so w * off fits 64 bits (no 128-bit division in EFI). */
			u64 span = c->end - c->start, off = addr - c->start;

			while (span > (1ULL << 40)) {
				span >>= 1;
				off >>= 1;
			}
			off = span ? c->w * off / span : 0;
			return (u32)((c->x + off) * width / units);
		}
	}
	return addr < cols[0].start ? 0 : width;
}

static struct picture_rect *add_rect(struct picture *p, enum picture_row row, u64 start, u64 end, u32 colour,
				     const char *name, u64 units)
{
	u32 x0 = x_of(start, units, p->width), x1 = x_of(end, units, p->width);
	struct picture_rect *r;

	if (p->nr_rects == PICTURE_MAX_RECTS)
		return NULL;
	r = &p->rects[p->nr_rects++];
	*r = (struct picture_rect){ x0, max_t(u32, x1 - x0, 1), (u8)row, colour, start, end, name, -1 };
	return r;
}

/*
 * The zones row: each zone's part of its node's RAM (the zone's span cut to
 * the node's memblock ranges, so holes inside a zone stay empty).
 */
static void picture_zones(struct picture *p, u64 units)
{
	unsigned long spfn, epfn;
	pg_data_t *pgdat;
	int nid, i, rnid;
	char buf[32];

	for_each_online_node(nid) {
		if (!(pgdat = NODE_DATA(nid)))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &pgdat->node_zones[z];
			unsigned long zs = zone->zone_start_pfn, ze = zone_end_pfn(zone);

			if (!populated_zone(zone))
				continue;
			for_each_mem_pfn_range(i, nid, &spfn, &epfn, &rnid) {
				unsigned long s = max(spfn, zs), e = min(epfn, ze);
				struct picture_rect *r;

				if (s >= e)
					continue;
				r = add_rect(p, ROW_ZONES, PFN_PHYS(s), PFN_PHYS(e), picture_zone_colours[z], zone_names[z], units);
				if (r)
					r->nid = nid;
			}
			snprintf(buf, sizeof(buf), "zone %s", zone_names[z]);
			add_legend(p, picture_zone_colours[z], buf);
		}
	}
}

/* buddyinfo's numbers for every populated zone, the bar heights scaled to the largest of them all. */
static void picture_buddyinfo(struct picture *p)
{
	unsigned long max = 0;
	pg_data_t *pgdat;
	int nid;

	for_each_online_node(nid) {
		if (!(pgdat = NODE_DATA(nid)))
			continue;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &pgdat->node_zones[z];
			struct picture_buddy *b;

			if (!populated_zone(zone))
				continue;
			if (p->nr_buddy == PICTURE_MAX_BUDDY) {
				p->buddy_more++;
				continue;
			}
			b = &p->buddy[p->nr_buddy++];
			b->nid = nid;
			b->zone = z;
			for (int o = 0; o < NR_PAGE_ORDERS; o++) {
				b->nr_free[o] = zone->free_area[o].nr_free;
				max = max(max, b->nr_free[o]);
			}
		}
	}
	for (unsigned int k = 0; k < p->nr_buddy; k++)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			p->buddy[k].height[o] = picture_buddy_height(p->buddy[k].nr_free[o], max);
}

void picture_layout(struct picture *p, u32 width)
{
	const struct e820_table *t = e820_table_firmware;
	u64 units = 0, prev_end = 0;
	unsigned long spfn, epfn;
	phys_addr_t base, size;
	const char *name;
	char buf[32];
	int i, nid;

	memset(p, 0, sizeof(*p));
	p->width = width;
	nr_cols = 0;
	for (u32 k = 0; k < t->nr_entries; k++) {
		const struct e820_entry *e = &t->entries[k];

		if (e->addr > prev_end) {
			cols[nr_cols++] = (struct column){ prev_end, e->addr, units, HOLE_UNITS };
			units += HOLE_UNITS;
		}
		cols[nr_cols++] = (struct column){ e->addr, e->addr + e->size, units, log_width(e->size) };
		units += log_width(e->size);
		prev_end = e->addr + e->size;
	}
	if (!nr_cols)
		return;

	for (unsigned int c = 0; c < nr_cols; c++) {
		const struct e820_entry *e = NULL;

		for (u32 k = 0; k < t->nr_entries; k++)
			if (t->entries[k].addr == cols[c].start)
				e = &t->entries[k];
		if (!e) {
			add_rect(p, ROW_E820, cols[c].start, cols[c].end, PICTURE_HOLE, "hole: compressed, not to scale", units);
			add_legend(p, PICTURE_HOLE, "hole: compressed, not to scale");
			continue;
		}
		add_rect(p, ROW_E820, cols[c].start, cols[c].end, e820_colour(e->type), "E820", units);
		snprintf(buf, sizeof(buf), "E820 %s", e820_type_name(e->type, buf + 16, 16));
		add_legend(p, e820_colour(e->type), buf);
		if (p->nr_marks < ARRAY_SIZE(p->marks))
			p->marks[p->nr_marks++] = (typeof(p->marks[0])){ x_of(cols[c].start, units, width), cols[c].start };
	}
	for_each_mem_pfn_range(i, MAX_NUMNODES, &spfn, &epfn, &nid) {
		u32 colour = numa_valid_node(nid) ? node_colours[nid % ARRAY_SIZE(node_colours)] : 0xbdbdbd;

		struct picture_rect *r = add_rect(p, ROW_NODES, PFN_PHYS(spfn), PFN_PHYS(epfn), colour, "node", units);

		if (r)
			r->nid = nid;
		snprintf(buf, sizeof(buf), "node %d", numa_valid_node(nid) ? nid : -1);
		add_legend(p, colour, buf);
	}
	picture_zones(p, units);
	for (unsigned long r = 0; r < memblock.memory.cnt; r++)
		add_rect(p, ROW_MEMBLOCK, memblock.memory.regions[r].base,
			 memblock.memory.regions[r].base + memblock.memory.regions[r].size, FREE_COLOUR, "free RAM", units);
	add_legend(p, FREE_COLOUR, "memblock free RAM");
	for (unsigned int k = 0; efimm_reservation(k, &base, &size, &name); k++)
		add_rect(p, ROW_MEMBLOCK, base, base + size, RESERVED_COLOUR, name, units);
	add_legend(p, RESERVED_COLOUR, "memblock reserved");
	picture_buddyinfo(p);
}

static int zone_index_of(u32 colour)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (picture_zone_colours[z] == colour)
			return z;
	return MAX_NR_ZONES - 1;
}

static char row_char(u32 colour)
{
	switch (colour) {
	case 0x4caf50: return 'U';
	case 0x9e9e9e: return 'R';
	case 0x2196f3: return 'A';
	case 0x3f51b5: return 'N';
	case 0xf44336: return 'X';
	case PICTURE_HOLE: return '/';
	case FREE_COLOUR: return '.';
	case RESERVED_COLOUR: return '#';
	default: return '?';
	}
}

/* The zones row's letter for each zone type: DMA, DMA32, Normal, Movable, Device. */
static const char zone_chars[MAX_NR_ZONES] = { 'D', '3', 'N', 'M', 'V' };

/* buddyinfo as text: per zone its numbers, and under each a bar of up to 5 '#' (log2-scaled). */
static void print_buddy_text(const struct picture *p)
{
	char line[NR_PAGE_ORDERS * 8 + 1];

	if (!p->nr_buddy)
		return;
	pr_info("efimm: buddyinfo bars (free blocks per order 0-%d; bar height grows with log2 of the number):\n",
		NR_PAGE_ORDERS - 1);
	for (unsigned int k = 0; k < p->nr_buddy; k++) {
		const struct picture_buddy *b = &p->buddy[k];
		size_t n = 0;

		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%7lu", b->nr_free[o]);
		pr_info("  Node %d, zone %8s %s\n", b->nid, zone_names[b->zone], line);
		n = 0;
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned int hashes = (b->height[o] * 5 + PICTURE_BUDDY_FULL - 1) / PICTURE_BUDDY_FULL;

			n += (size_t)snprintf(line + n, sizeof(line) - n, "%7.*s", (int)hashes, "#####");
		}
		while (n && line[n - 1] == ' ')
			line[--n] = '\0';
		pr_info("  %22s %s\n", "", line);
	}
	if (p->buddy_more)
		pr_info("  (%u more zones: see the buddyinfo view)\n", p->buddy_more);
}

void picture_print_text(const struct picture *p, unsigned int columns)
{
	char line[256];

	columns = min_t(unsigned int, columns, sizeof(line) - 1);
	pr_info("efimm: memory picture (holes compressed, not to scale; widths log-scaled): U usable, R reserved, "
		"A ACPI data, N ACPI NVS, / hole; digits: nodes; zones: D DMA, 3 DMA32, N Normal, M Movable; "
		". free, # reserved\n");
	for (int row = 0; row < NR_PICTURE_ROWS; row++) {
		memset(line, ' ', columns);
		line[columns] = '\0';
		for (unsigned int k = 0; k < p->nr_rects; k++) {
			const struct picture_rect *r = &p->rects[k];
			unsigned int c0 = (unsigned int)((u64)r->x * columns / max_t(u32, p->width, 1));
			unsigned int c1 = (unsigned int)((u64)(r->x + r->w) * columns / max_t(u32, p->width, 1));

			if (r->row != row)
				continue;
			for (unsigned int c = c0; c < max(c1, c0 + 1) && c < columns; c++) {
				if (row == ROW_NODES)
					line[c] = numa_valid_node(r->nid) ? (char)('0' + r->nid % 10) : '-';
				else if (row == ROW_ZONES)
					line[c] = zone_chars[zone_index_of(r->colour)];
				else
					line[c] = row_char(r->colour);
			}
		}
		pr_info("  %-8s %s\n", picture_row_names[row], line);
	}
	print_buddy_text(p);
}
