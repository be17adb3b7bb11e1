/*
 * The memory picture's layout (include/efimm/picture.h), in integer
 * arithmetic only (the EFI build has no floating point).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <asm/e820/api.h>
#include <efimm/picture.h>
#include <efimm/reserve.h>

const char *const picture_row_names[NR_PICTURE_ROWS] = { "E820", "nodes", "memblock" };

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
			add_rect(p, ROW_E820, cols[c].start, cols[c].end, PICTURE_HOLE, "hole (compressed)", units);
			add_legend(p, PICTURE_HOLE, "hole (compressed)");
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
	for (unsigned long r = 0; r < memblock.memory.cnt; r++)
		add_rect(p, ROW_MEMBLOCK, memblock.memory.regions[r].base,
			 memblock.memory.regions[r].base + memblock.memory.regions[r].size, FREE_COLOUR, "free RAM", units);
	add_legend(p, FREE_COLOUR, "memblock free RAM");
	for (unsigned int k = 0; efimm_reservation(k, &base, &size, &name); k++)
		add_rect(p, ROW_MEMBLOCK, base, base + size, RESERVED_COLOUR, name, units);
	add_legend(p, RESERVED_COLOUR, "memblock reserved");
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

void picture_print_text(const struct picture *p, unsigned int columns)
{
	char line[256];

	columns = min_t(unsigned int, columns, sizeof(line) - 1);
	pr_info("efimm: memory picture (holes compressed, widths log-scaled): U usable, R reserved, A ACPI data, "
		"N ACPI NVS, / hole, digits: nodes, . free, # reserved\n");
	for (int row = 0; row < NR_PICTURE_ROWS; row++) {
		memset(line, ' ', columns);
		line[columns] = '\0';
		for (unsigned int k = 0; k < p->nr_rects; k++) {
			const struct picture_rect *r = &p->rects[k];
			unsigned int c0 = (unsigned int)((u64)r->x * columns / max_t(u32, p->width, 1));
			unsigned int c1 = (unsigned int)((u64)(r->x + r->w) * columns / max_t(u32, p->width, 1));

			if (r->row != row)
				continue;
			for (unsigned int c = c0; c < max(c1, c0 + 1) && c < columns; c++)
				line[c] = row == ROW_NODES ? (numa_valid_node(r->nid) ? (char)('0' + r->nid % 10) : '-')
							   : row_char(r->colour);
		}
		pr_info("  %-8s %s\n", picture_row_names[row], line);
	}
}
