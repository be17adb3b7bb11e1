/*
 * The memory picture's layout (lib/picture.c): columns in address order,
 * log-scaled widths, compressed holes, every row's ranges placed inside
 * their E820 columns, a legend entry per colour, and the text fallback.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
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
	const char *want[] = { "E820 usable", "hole (compressed)", "E820 ACPI data", "node 0", "node 1",
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_columns), cmocka_unit_test(test_log_widths),
		cmocka_unit_test(test_rows_inside_columns), cmocka_unit_test(test_legend), cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
