/*
 * The memory picture's layout (lib/picture.c): columns in address order,
 * log-scaled widths, compressed holes, every row's ranges placed inside
 * their E820 columns, a legend entry per colour, and the text fallback;
 * then, over real zones from x86_paging_init, the zones row (each zone cut
 * to its node's RAM) and the buddyinfo bars (height 1024 * (1 + log2 n) /
 * (1 + log2 max), log2 interpolated linearly between powers of two).
 */
#include "mm_init_test_util.h"
#include <stdio.h>

#include <asm/e820/api.h>
#include <efimm/host.h>
#include <efimm/log.h>
#include <efimm/picture.h>
#include <efimm/reserve.h>

static struct picture p;
static char cap[1 << 16];

/* A small PC: 640K RAM, hole, 1M-1G RAM, 1G-1G+64K ACPI, hole, 4G-8G RAM; memblock over the RAM. */
static int setup(void **state)
{
	static const struct boot_e820_entry pc[] = {
		{ 0x0, 0xa0000, E820_TYPE_RAM },
		{ 0x100000, 0x3ff00000, E820_TYPE_RAM },
		{ 0x40000000, 0x10000, E820_TYPE_ACPI },
		{ 0x100000000, 0x100000000, E820_TYPE_RAM },
	};

	log_reset();
	host_capture_start(cap, sizeof(cap));
	e820__reset();
	e820__memory_setup_boot(pc, ARRAY_SIZE(pc));
	memblock_reset();
	efimm_reserve_reset();
	memblock_add(0x1000, 0x9f000);
	memblock_add(0x100000, 0x3ff00000);
	memblock_add(0x100000000, 0x100000000);
	memblock_set_node(0, 0x100000000, &memblock.memory, 0);
	memblock_set_node(0x100000000, 0x100000000, &memblock.memory, 1);
	efimm_reserve(0x1000000, 0x1000000, "test owner");
	host_capture_stop();
	picture_layout(&p, 1000);
	return 0;
}

static const struct picture_rect *find(enum picture_row row, u64 start)
{
	for (unsigned int i = 0; i < p.nr_rects; i++)
		if (p.rects[i].row == row && p.rects[i].start == start)
			return &p.rects[i];
	return NULL;
}

/* Expect: E820 columns and the two holes in address order, touching, filling the width. */
static void test_columns(void **state)
{
	const u64 starts[] = { 0x0, 0xa0000, 0x100000, 0x40000000, 0x40010000, 0x100000000 };
	u32 x = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(starts); i++) {
		const struct picture_rect *r = find(ROW_E820, starts[i]);

		assert_non_null(r);
		assert_int_equal(r->x, x);
		x = r->x + r->w;
	}
	assert_true(x >= 995 && x <= 1000);
	assert_int_equal(find(ROW_E820, 0xa0000)->colour, PICTURE_HOLE);
	assert_int_equal(find(ROW_E820, 0x40010000)->colour, PICTURE_HOLE);
}

/* Expect: widths grow with the log of the size: 4 GiB wider than 1 GiB wider than 640 KiB wider than 64 KiB. */
static void test_log_widths(void **state)
{
	assert_true(find(ROW_E820, 0x100000000)->w > find(ROW_E820, 0x100000)->w);
	assert_true(find(ROW_E820, 0x100000)->w > find(ROW_E820, 0x0)->w);
	assert_true(find(ROW_E820, 0x0)->w > find(ROW_E820, 0x40000000)->w);
	/* ...but not proportionally: 4 GiB is 6553 times 640 KiB, its column not even 4 times as wide. */
	assert_true(find(ROW_E820, 0x100000000)->w < 4 * find(ROW_E820, 0x0)->w);
}

/* Expect: node ranges and reservations sit inside their E820 column; each node has its own colour. */
static void test_rows_inside_columns(void **state)
{
	const struct picture_rect *n1 = find(ROW_NODES, 0x100000000), *col = find(ROW_E820, 0x100000000);
	const struct picture_rect *own = find(ROW_MEMBLOCK, 0x1000000), *low = find(ROW_E820, 0x100000);

	assert_non_null(n1);
	assert_int_equal(n1->nid, 1);
	assert_int_equal(n1->x, col->x);
	assert_true(n1->colour != find(ROW_NODES, 0x100000)->colour);
	assert_non_null(own);
	assert_string_equal(own->name, "test owner");
	assert_true(own->x >= low->x && own->x + own->w <= low->x + low->w + 1);
}

/* Expect: one legend entry per colour meaning: the E820 types, hole, nodes 0 and 1, free, reserved. */
static void test_legend(void **state)
{
	const char *want[] = { "E820 usable", "hole: compressed, not to scale", "E820 ACPI data", "node 0", "node 1",
			       "memblock free RAM", "memblock reserved" };

	assert_int_equal(p.nr_legend, ARRAY_SIZE(want));
	for (unsigned int i = 0; i < ARRAY_SIZE(want); i++) {
		bool found = false;

		for (unsigned int k = 0; k < p.nr_legend; k++)
			found |= !strcmp(p.legend[k].name, want[i]);
		assert_true(found);
	}
}

/* Expect: the text picture has a line per row, with U for usable, / for holes, A for ACPI, node digits. */
static void test_text(void **state)
{
	host_capture_start(cap, sizeof(cap));
	picture_print_text(&p, 60);
	host_capture_stop();
	assert_non_null(strstr(cap, "  E820     U"));
	assert_non_null(strchr(strstr(cap, "  E820 "), '/'));
	assert_non_null(strchr(strstr(cap, "  E820 "), 'A'));
	assert_non_null(strstr(cap, "  nodes    0"));
	assert_non_null(strchr(strstr(cap, "  nodes "), '1'));
}

/*
 * Expect: height 0 for no blocks; the largest count the full 1024; 1 of at
 * most 1024 is 1024 * 1 / 11 = 93; 3 (log2 3 taken as 1.5) of 1024:
 * 1024 * 2.5 / 11 = 232; nothing when the largest is 0.
 */
static void test_buddy_height(void **state)
{
	assert_int_equal(picture_buddy_height(0, 1024), 0);
	assert_int_equal(picture_buddy_height(1024, 1024), PICTURE_BUDDY_FULL);
	assert_int_equal(picture_buddy_height(1, 1024), 93);
	assert_int_equal(picture_buddy_height(3, 1024), 232);
	assert_int_equal(picture_buddy_height(1UL << 20, 1UL << 20), PICTURE_BUDDY_FULL);
	assert_int_equal(picture_buddy_height(1, 1), PICTURE_BUDDY_FULL);
	assert_int_equal(picture_buddy_height(5, 0), 0);
}

static struct picture zp;

static void add_free(struct zone *zone, int order, int n, unsigned long *pfn)
{
	for (int i = 0; i < n; i++, *pfn += 1UL << order) {
		list_add_tail(&pfn_to_page(*pfn)->lru, &zone->free_area[order].free_list[MIGRATE_MOVABLE]);
		zone->free_area[order].nr_free++;
	}
}

/*
 * 640 KiB and 1 MiB-128 MiB of RAM in E820 and memblock (pages 1-0x9f:
 * page 0 is not RAM to memblock), node 0: DMA pfns 1-4095, DMA32
 * 0x1000-0x7fff. Free: DMA one order-1 block; DMA32 three order-0 pages,
 * one order-3 block, two order-10 blocks.
 */
static int zones_setup(void **state)
{
	static const struct boot_e820_entry pc[] = {
		{ 0x0, 0xa0000, E820_TYPE_RAM },
		{ 0x100000, 0x7f00000, E820_TYPE_RAM },
	};
	static const struct ram ram[] = { { 0x1000, 0x9ffff, 0 }, { 0x100000, 0x7ffffff, 0 } };
	unsigned long pfn;

	host_capture_start(cap, sizeof(cap));
	e820__reset();
	e820__memory_setup_boot(pc, ARRAY_SIZE(pc));
	efimm_reserve_reset();
	host_capture_stop();
	mt_boot(ram, ARRAY_SIZE(ram), 1, true);
	mt_paging_init();
	pfn = 0x200;
	add_free(ZONE(0, ZONE_DMA), 1, 1, &pfn);
	pfn = 0x2000;
	add_free(ZONE(0, ZONE_DMA32), 0, 3, &pfn);
	pfn = 0x3000;
	add_free(ZONE(0, ZONE_DMA32), 3, 1, &pfn);
	pfn = 0x4000;
	add_free(ZONE(0, ZONE_DMA32), 10, 2, &pfn);
	picture_layout(&zp, 1000);
	return 0;
}

static const struct picture_rect *zfind(enum picture_row row, u64 start)
{
	for (unsigned int i = 0; i < zp.nr_rects; i++)
		if (zp.rects[i].row == row && zp.rects[i].start == start)
			return &zp.rects[i];
	return NULL;
}

/*
 * Expect: DMA's span [4 KiB, 16 MiB) cut to the node's RAM: [4 KiB, 640 KiB)
 * and [1 MiB, 16 MiB); DMA32 [16 MiB, 128 MiB); each in its zone's colour,
 * inside the E820 column of its addresses (DMA32 ends where the column
 * ends); the legend names the two zones and no other.
 */
static void test_zones_row(void **state)
{
	const struct picture_rect *d0 = zfind(ROW_ZONES, 0x1000), *d1 = zfind(ROW_ZONES, 0x100000);
	const struct picture_rect *d32 = zfind(ROW_ZONES, 0x1000000), *col = zfind(ROW_E820, 0x100000);
	unsigned int zones = 0;
	bool dma = false, dma32 = false;

	assert_non_null(d0);
	assert_non_null(d1);
	assert_non_null(d32);
	assert_int_equal(d0->end, 0xa0000);
	assert_int_equal(d1->end, 0x1000000);
	assert_int_equal(d32->end, 0x8000000);
	assert_int_equal(d0->colour, picture_zone_colours[ZONE_DMA]);
	assert_int_equal(d1->colour, picture_zone_colours[ZONE_DMA]);
	assert_int_equal(d32->colour, picture_zone_colours[ZONE_DMA32]);
	assert_int_equal(d32->nid, 0);
	assert_string_equal(d32->name, "DMA32");
	assert_int_equal(d1->x, col->x);
	assert_int_equal(d32->x + d32->w, col->x + col->w);
	assert_true(d1->x + d1->w <= d32->x + 1);
	for (unsigned int i = 0; i < zp.nr_rects; i++)
		zones += zp.rects[i].row == ROW_ZONES;
	assert_int_equal(zones, 3);
	for (unsigned int k = 0; k < zp.nr_legend; k++) {
		dma |= !strcmp(zp.legend[k].name, "zone DMA");
		dma32 |= !strcmp(zp.legend[k].name, "zone DMA32");
		assert_null(strstr(zp.legend[k].name, "Normal"));
	}
	assert_true(dma && dma32);
}

/*
 * Expect: the two populated zones' nr_free per order; heights against the
 * largest count, 3: 3 -> 1024, 2 -> 1024 * 2 / 2.5 = 819, 1 -> 409, 0 -> 0.
 */
static void test_buddy_bars(void **state)
{
	const struct picture_buddy *dma = &zp.buddy[0], *dma32 = &zp.buddy[1];

	assert_int_equal(zp.nr_buddy, 2);
	assert_int_equal(zp.buddy_more, 0);
	assert_int_equal(dma->zone, ZONE_DMA);
	assert_int_equal(dma32->zone, ZONE_DMA32);
	assert_int_equal(dma->nr_free[1], 1);
	assert_int_equal(dma->height[1], 409);
	assert_int_equal(dma->height[0], 0);
	assert_int_equal(dma32->nr_free[0], 3);
	assert_int_equal(dma32->height[0], PICTURE_BUDDY_FULL);
	assert_int_equal(dma32->height[3], 409);
	assert_int_equal(dma32->height[10], 819);
	assert_int_equal(dma32->height[9], 0);
}

/*
 * Expect: the zones row in letters (D for DMA, 3 for DMA32); buddyinfo as
 * text, the numbers in buddyinfo's order and bars of ceil(5 * height / 1024)
 * '#' under them (409 -> 2, 819 -> 4, 1024 -> 5).
 */
static void test_zones_text(void **state)
{
	host_capture_start(cap, sizeof(cap));
	picture_print_text(&zp, 60);
	host_capture_stop();
	assert_non_null(strstr(cap, "  zones    D"));
	assert_non_null(strchr(strstr(cap, "  zones "), '3'));
	assert_non_null(strstr(cap, "  Node 0, zone      DMA       0      1      0      0      0      0      0      0"
				    "      0      0      0\n                                     ##\n"));
	assert_non_null(strstr(cap, "  Node 0, zone    DMA32       3      0      0      1      0      0      0      0"
				    "      0      0      2\n                           #####                   ##"
				    "                                             ####\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns), cmocka_unit_test(test_log_widths),
		cmocka_unit_test(test_rows_inside_columns), cmocka_unit_test(test_legend), cmocka_unit_test(test_text),
		cmocka_unit_test(test_buddy_height),
		cmocka_unit_test_setup_teardown(test_zones_row, zones_setup, mt_teardown),
		cmocka_unit_test_setup_teardown(test_buddy_bars, zones_setup, mt_teardown),
		cmocka_unit_test_setup_teardown(test_zones_text, zones_setup, mt_teardown),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
