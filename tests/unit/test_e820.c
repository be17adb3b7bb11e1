/*
 * mm/e820.c against arch/x86/kernel/e820.c (Linux 6.12). Every expected
 * table below was worked out by hand from Linux's algorithm: change points
 * sorted by address (starts before ends at one address), the highest type of
 * the overlapping entries wins, a new entry wherever that winner changes
 * (always for PRAM and soft reserved), empty pieces dropped.
 *
 * Diagrams: one character per 4 KiB page from address 0 unless noted;
 * U usable, R reserved, A ACPI data, N ACPI NVS, P PRAM, S soft reserved.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <asm/e820/api.h>
#include <efimm/host.h>
#include <efimm/log.h>

#define RAM E820_TYPE_RAM
#define RES E820_TYPE_RESERVED
#define ACPI E820_TYPE_ACPI
#define NVS E820_TYPE_NVS
#define PRAM E820_TYPE_PRAM
#define SOFT E820_TYPE_SOFT_RESERVED
#define PG 0x1000ULL

struct ent {
	u64 addr, size;
	u32 type;
};

static struct e820_table t; /* 64 KiB: static, reused by every case */
static char cap[1 << 20];

static void set_table(struct e820_table *tab, const struct ent *e, u32 n)
{
	memset(tab, 0, sizeof(*tab));
	for (u32 i = 0; i < n; i++) {
		tab->entries[i].addr = e[i].addr;
		tab->entries[i].size = e[i].size;
		tab->entries[i].type = (enum e820_type)e[i].type;
	}
	tab->nr_entries = n;
}

static void expect_table(const struct e820_table *tab, const struct ent *e, u32 n)
{
	assert_int_equal(tab->nr_entries, n);
	for (u32 i = 0; i < n; i++) {
		if (tab->entries[i].addr != e[i].addr || tab->entries[i].size != e[i].size ||
		    tab->entries[i].type != e[i].type)
			fail_msg("entry %u: got [%#llx +%#llx] type %u, expected [%#llx +%#llx] type %u", i,
				 (unsigned long long)tab->entries[i].addr, (unsigned long long)tab->entries[i].size,
				 (unsigned)tab->entries[i].type, (unsigned long long)e[i].addr,
				 (unsigned long long)e[i].size, e[i].type);
	}
}

/* Sanitize @in and compare with @out. */
#define SANITIZE(in, out)                                                  \
	do {                                                               \
		set_table(&t, in, ARRAY_SIZE(in));                         \
		assert_int_equal(e820__update_table(&t), 0);               \
		expect_table(&t, out, ARRAY_SIZE(out));                    \
	} while (0)

/* Console output outside a checked capture goes here, so the run stays silent. */
static char sink[1 << 16];

static void capture_end(void)
{
	host_capture_stop();
	host_capture_start(sink, sizeof(sink));
}

static int setup(void **state)
{
	e820__reset();
	log_reset();
	console_loglevel = 8;
	host_capture_start(sink, sizeof(sink));
	return 0;
}

static int teardown(void **state)
{
	host_capture_stop();
	return 0;
}

/* ---- e820__update_table ------------------------------------------------- */

/* Expect: 0 or 1 entries -> -1 and the table untouched (even a zero-size entry stays). */
static void test_sanitize_too_few(void **state)
{
	const struct ent one[] = { { 0x1000, 0, RAM } };

	set_table(&t, one, 0);
	assert_int_equal(e820__update_table(&t), -1);
	assert_int_equal(t.nr_entries, 0);
	set_table(&t, one, 1);
	assert_int_equal(e820__update_table(&t), -1);
	expect_table(&t, one, 1);
}

/* Expect: an entry whose end wraps past 2^64 -> -1, nothing changed, not even the sorting. */
static void test_sanitize_wrap(void **state)
{
	const struct ent in[] = { { 0x100000, PG, RAM }, { 0, PG, RAM }, { 0xfffffffffffff000ULL, 0x2000, RAM } };
	const struct ent exact[] = { { 0x1000, PG, RAM }, { 0xfffffffffffff000ULL, PG, RES } };

	set_table(&t, in, 3);
	assert_int_equal(e820__update_table(&t), -1);
	expect_table(&t, in, 3);
	/* Ending exactly at 2^64 also wraps: addr + size == 0 < addr. */
	set_table(&t, exact, 2);
	assert_int_equal(e820__update_table(&t), -1);
	expect_table(&t, exact, 2);
}

/*
 * UUUUUUUUUUUUUUUU     RAM 0-0x10000
 *     RR               reserved inside
 * Expect: UUUU RR UUUUUUUUUU - three entries, reserved wins its part.
 */
static void test_sanitize_nested_higher(void **state)
{
	const struct ent in[] = { { 0, 0x10000, RAM }, { 0x4000, 0x2000, RES } };
	const struct ent out[] = { { 0, 0x4000, RAM }, { 0x4000, 0x2000, RES }, { 0x6000, 0xa000, RAM } };

	SANITIZE(in, out);
}

/*
 * RRRRRRRRRRRRRRRR     reserved 0-0x10000
 *     UU               RAM inside
 * Expect: one reserved entry; the lower type disappears.
 */
static void test_sanitize_nested_lower(void **state)
{
	const struct ent in[] = { { 0, 0x10000, RES }, { 0x4000, 0x2000, RAM } };
	const struct ent out[] = { { 0, 0x10000, RES } };

	SANITIZE(in, out);
}

/*
 * UUUUUUUU             RAM 0-0x8000
 *       AAAA           ACPI 0x6000-0xa000
 * Expect: UUUUUU AAAA - ACPI (3) beats RAM (1) on the overlap.
 */
static void test_sanitize_partial(void **state)
{
	const struct ent in[] = { { 0, 0x8000, RAM }, { 0x6000, 0x4000, ACPI } };
	const struct ent out[] = { { 0, 0x6000, RAM }, { 0x6000, 0x4000, ACPI } };
	/* NNNNNNNN + UUUU at 0x6000: Expect NNNNNNNN UU - NVS keeps the overlap, RAM only its tail. */
	const struct ent in2[] = { { 0, 0x8000, NVS }, { 0x6000, 0x4000, RAM } };
	const struct ent out2[] = { { 0, 0x8000, NVS }, { 0x8000, 0x2000, RAM } };

	SANITIZE(in, out);
	SANITIZE(in2, out2);
}

/* Expect: identical ranges give one entry of the higher type; two identical RAM ranges give one RAM. */
static void test_sanitize_identical(void **state)
{
	const struct ent in[] = { { 0x1000, PG, RAM }, { 0x1000, PG, RES } };
	const struct ent out[] = { { 0x1000, PG, RES } };
	const struct ent in2[] = { { 0x1000, PG, RAM }, { 0x1000, PG, RAM } };
	const struct ent out2[] = { { 0x1000, PG, RAM } };

	SANITIZE(in, out);
	SANITIZE(in2, out2);
}

/* UUUU|UUUUUUUU touching, same type. Expect: one entry 0-0x3000 (the start sorts before the end). */
static void test_sanitize_adjacent_merge(void **state)
{
	const struct ent in[] = { { 0, PG, RAM }, { PG, 0x2000, RAM } };
	const struct ent out[] = { { 0, 0x3000, RAM } };

	SANITIZE(in, out);
}

/* UUUU|RRRR touching, different types. Expect: both stay. */
static void test_sanitize_touching_different(void **state)
{
	const struct ent in[] = { { 0, PG, RAM }, { PG, PG, RES } };
	const struct ent out[] = { { 0, PG, RAM }, { PG, PG, RES } };

	SANITIZE(in, out);
}

/* Expect: zero-size entries make no change points: dropped, and one between two RAM ranges does not split them. */
static void test_sanitize_zero_size(void **state)
{
	const struct ent in[] = { { 0, PG, RAM }, { 0x800, 0, RES }, { 0x5000, PG, RAM } };
	const struct ent out[] = { { 0, PG, RAM }, { 0x5000, PG, RAM } };
	const struct ent in2[] = { { 0, PG, RAM }, { PG, 0, RES }, { PG, PG, RAM } };
	const struct ent out2[] = { { 0, 0x2000, RAM } };

	SANITIZE(in, out);
	SANITIZE(in2, out2);
}

/* Expect: unsorted input comes out sorted by address (the change points are sorted). */
static void test_sanitize_unsorted(void **state)
{
	const struct ent in[] = { { 0x100000, 0x100000, RAM }, { 0, PG, RES }, { PG, 0x9f000, RAM } };
	const struct ent out[] = { { 0, PG, RES }, { PG, 0x9f000, RAM }, { 0x100000, 0x100000, RAM } };

	SANITIZE(in, out);
}

/*
 * PPPP|PPPP  and  SSSS|SSSS touching: Expect both stay two entries (e820_nomerge),
 * while persistent type 7 merges like any other type.
 * PPPPPPPP over PPPPPPPP shifted by one page: Expect three PRAM entries, split at every boundary.
 */
static void test_sanitize_nomerge(void **state)
{
	const struct ent pram[] = { { 0, PG, PRAM }, { PG, PG, PRAM } };
	const struct ent soft[] = { { 0, PG, SOFT }, { PG, PG, SOFT } };
	const struct ent pmem[] = { { 0, PG, E820_TYPE_PMEM }, { PG, PG, E820_TYPE_PMEM } };
	const struct ent pmem_out[] = { { 0, 0x2000, E820_TYPE_PMEM } };
	const struct ent over[] = { { 0, 0x2000, PRAM }, { PG, 0x2000, PRAM } };
	const struct ent over_out[] = { { 0, PG, PRAM }, { PG, PG, PRAM }, { 0x2000, PG, PRAM } };

	SANITIZE(pram, pram);
	SANITIZE(soft, soft);
	SANITIZE(pmem, pmem_out);
	SANITIZE(over, over_out);
}

/* UUUUUUUUUUUUUUUU with SSSS inside: Expect U S U - soft reserved (0xefffffff) is the highest type. */
static void test_sanitize_soft_reserved_wins(void **state)
{
	const struct ent in[] = { { 0, 0x10000, RAM }, { 0x4000, 0x4000, SOFT } };
	const struct ent out[] = { { 0, 0x4000, RAM }, { 0x4000, 0x4000, SOFT }, { 0x8000, 0x8000, RAM } };

	SANITIZE(in, out);
}

/* Three-deep overlap U < R < N: Expect each point to take the highest type covering it. */
static void test_sanitize_three_deep(void **state)
{
	/* UUUUUUUUUU / RRRRRR from 0x2000 / NN from 0x3000 */
	const struct ent in[] = { { 0x3000, 0x2000, NVS }, { 0, 0xa000, RAM }, { 0x2000, 0x6000, RES } };
	const struct ent out[] = {
		{ 0, 0x2000, RAM }, { 0x2000, PG, RES }, { 0x3000, 0x2000, NVS }, { 0x5000, 0x3000, RES }, { 0x8000, 0x2000, RAM },
	};

	SANITIZE(in, out);
}

/* Expect: E820_MAX_ENTRIES alternating entries given in reverse order all survive, sorted, with no error line. */
static void test_sanitize_full_table(void **state)
{
	u32 n = E820_MAX_ENTRIES;

	memset(&t, 0, sizeof(t));
	for (u32 i = 0; i < n; i++) {
		u32 k = n - 1 - i;

		t.entries[i] = (struct e820_entry){ k * PG, PG, k % 2 ? RES : RAM };
	}
	t.nr_entries = n;
	host_capture_start(cap, sizeof(cap));
	assert_int_equal(e820__update_table(&t), 0);
	capture_end();
	assert_string_equal(cap, "");
	assert_int_equal(t.nr_entries, n);
	for (u32 k = 0; k < n; k++) {
		assert_int_equal(t.entries[k].addr, k * PG);
		assert_int_equal(t.entries[k].size, PG);
		assert_int_equal(t.entries[k].type, k % 2 ? RES : RAM);
	}
}

/*
 * One RAM range with 3199 reserved holes would sanitize to 6399 entries.
 * Expect: stop at E820_MAX_ENTRIES (as Linux), the last kept piece is reserved
 * hole 1600 [0xc7f000-0xc7ffff], and an error line says where the loss starts.
 */
static void test_sanitize_overflow(void **state)
{
	memset(&t, 0, sizeof(t));
	t.entries[0] = (struct e820_entry){ 0, 0x10000000, RAM };
	for (u32 i = 1; i < E820_MAX_ENTRIES; i++)
		t.entries[i] = (struct e820_entry){ (2 * i - 1) * PG, PG, RES };
	t.nr_entries = E820_MAX_ENTRIES;
	host_capture_start(cap, sizeof(cap));
	assert_int_equal(e820__update_table(&t), 0);
	capture_end();
	assert_int_equal(t.nr_entries, E820_MAX_ENTRIES);
	assert_int_equal(t.entries[0].addr, 0);
	assert_int_equal(t.entries[0].size, PG);
	assert_int_equal(t.entries[E820_MAX_ENTRIES - 1].addr, 0xc7f000);
	assert_int_equal(t.entries[E820_MAX_ENTRIES - 1].type, RES);
	assert_non_null(strstr(cap, "full at 3200 entries"));
	assert_non_null(strstr(cap, "[mem 0x00c80000]"));
}

/* ---- e820__range_update / e820__range_remove ---------------------------- */

static void load(const struct ent *e, u32 n)
{
	e820__reset();
	for (u32 i = 0; i < n; i++)
		e820__range_add(e[i].addr, e[i].size, (enum e820_type)e[i].type);
}

/* RAM 0x1000-0x1fff, update 0-0xffff RAM->reserved. Expect: the entry retyped in place, 0x1000 updated. */
static void test_update_full_cover(void **state)
{
	const struct ent in[] = { { PG, PG, RAM } };
	const struct ent out[] = { { PG, PG, RES } };

	load(in, 1);
	host_capture_start(cap, sizeof(cap));
	assert_int_equal(e820__range_update(0, 0x10000, RAM, RES), PG);
	capture_end();
	expect_table(e820_table, out, 1);
	assert_string_equal(cap, "e820: update [mem 0x00000000-0x0000ffff] usable ==> reserved\n");
}

/* UUUUUUUUUUUUUUUU, update 0x4000-0x5fff. Expect: head shrunk in place, then the new piece and the tail appended. */
static void test_update_middle_split(void **state)
{
	const struct ent in[] = { { 0, 0x10000, RAM } };
	const struct ent out[] = { { 0, 0x4000, RAM }, { 0x4000, 0x2000, RES }, { 0x6000, 0xa000, RAM } };

	load(in, 1);
	host_capture_start(cap, sizeof(cap));
	assert_int_equal(e820__range_update(0x4000, 0x2000, RAM, RES), 0x2000);
	capture_end();
	expect_table(e820_table, out, 3);
	assert_string_equal(cap, "e820: update [mem 0x00004000-0x00005fff] usable ==> reserved\n");
}

/* Range covering the head / the tail of RAM 0x1000-0x4fff. Expect: the entry moves or shrinks, the piece appended. */
static void test_update_partial(void **state)
{
	const struct ent in[] = { { PG, 0x4000, RAM } };
	const struct ent head[] = { { 0x2000, 0x3000, RAM }, { PG, PG, ACPI } };
	const struct ent tail[] = { { PG, 0x3000, RAM }, { 0x4000, PG, ACPI } };

	load(in, 1);
	assert_int_equal(e820__range_update(0, 0x2000, RAM, ACPI), PG);
	expect_table(e820_table, head, 2);
	load(in, 1);
	assert_int_equal(e820__range_update(0x4000, 0x4000, RAM, ACPI), PG);
	expect_table(e820_table, tail, 2);
}

/* Expect: only entries of old_type change; a disjoint range changes nothing and returns 0. */
static void test_update_type_and_miss(void **state)
{
	const struct ent in[] = { { 0, PG, RES }, { PG, PG, RAM } };
	const struct ent out[] = { { 0, PG, RES }, { PG, PG, NVS } };

	load(in, 2);
	assert_int_equal(e820__range_update(0, 0x2000, RAM, NVS), PG);
	expect_table(e820_table, out, 2);
	assert_int_equal(e820__range_update(0x100000, PG, RAM, RES), 0);
	expect_table(e820_table, out, 2);
}

/*
 * Size past 2^64 is clamped to ULLONG_MAX - start (end = 2^64 - 1, printed as end - 1).
 * RAM [0xffffffffffffe000, 2^64-1); Expect 0xfff bytes updated, the RAM keeps its first 0x1000.
 */
static void test_update_clamped(void **state)
{
	const struct ent in[] = { { 0xffffffffffffe000ULL, 0x1fff, RAM } };
	const struct ent out[] = { { 0xffffffffffffe000ULL, PG, RAM }, { 0xfffffffffffff000ULL, 0xfff, RES } };

	load(in, 1);
	host_capture_start(cap, sizeof(cap));
	assert_int_equal(e820__range_update(0xfffffffffffff000ULL, ULLONG_MAX, RAM, RES), 0xfff);
	capture_end();
	expect_table(e820_table, out, 2);
	assert_string_equal(cap, "e820: update [mem 0xfffffffffffff000-0xfffffffffffffffe] usable ==> reserved\n");
}

/* Remove inside RAM: Expect the entry cut to its head and the tail appended; type printed when checked. */
static void test_remove_middle_split(void **state)
{
	const struct ent in[] = { { 0, 0x10000, RAM } };
	const struct ent out[] = { { 0, 0x4000, RAM }, { 0x6000, 0xa000, RAM } };

	load(in, 1);
	host_capture_start(cap, sizeof(cap));
	assert_int_equal(e820__range_remove(0x4000, 0x2000, RAM, true), 0x2000);
	capture_end();
	expect_table(e820_table, out, 2);
	assert_string_equal(cap, "e820: remove [mem 0x00004000-0x00005fff] usable\n");
}

/* Remove covering whole entries: Expect them zeroed in place (the count stays until a sanitize). */
static void test_remove_full_cover(void **state)
{
	const struct ent in[] = { { PG, PG, RAM }, { 0x2000, PG, RES } };
	const struct ent out[] = { { 0, 0, 0 }, { 0x2000, PG, RES } };

	load(in, 2);
	assert_int_equal(e820__range_remove(0, 0x2000, RAM, true), PG);
	expect_table(e820_table, out, 2);
}

/* check_type false: Expect every type removed, and the line has no type (it ends "] " then newline). */
static void test_remove_any_type(void **state)
{
	const struct ent in[] = { { 0, PG, RAM }, { PG, PG, RES }, { 0x2000, 0x2000, ACPI } };
	const struct ent out[] = { { 0, 0, 0 }, { 0, 0, 0 }, { 0x3000, PG, ACPI } };

	load(in, 3);
	host_capture_start(cap, sizeof(cap));
	assert_int_equal(e820__range_remove(0, 0x3000, RAM, false), 0x3000);
	capture_end();
	expect_table(e820_table, out, 3);
	assert_string_equal(cap, "e820: remove [mem 0x00000000-0x00002fff] \n");
}

/* Partial head and tail removal; size clamped at 2^64. Expect the entries trimmed, removed bytes returned. */
static void test_remove_partial_and_clamp(void **state)
{
	const struct ent in[] = { { PG, 0x4000, RAM } };
	const struct ent head[] = { { 0x2000, 0x3000, RAM } };
	const struct ent tail[] = { { PG, 0x3000, RAM } };

	load(in, 1);
	assert_int_equal(e820__range_remove(0, 0x2000, RAM, true), PG);
	expect_table(e820_table, head, 1);
	load(in, 1);
	host_capture_start(cap, sizeof(cap));
	assert_int_equal(e820__range_remove(0x4000, ULLONG_MAX, RAM, true), PG);
	capture_end();
	expect_table(e820_table, tail, 1);
	assert_string_equal(cap, "e820: remove [mem 0x00004000-0xfffffffffffffffe] usable\n");
	/* check_type true and another type: nothing removed */
	load(in, 1);
	assert_int_equal(e820__range_remove(0, 0x10000, RES, true), 0);
	expect_table(e820_table, in, 1);
}

/* ---- printing ----------------------------------------------------------- */

/* Expect every type's name as e820_print_type: 7 and 12 "persistent (type N)", 128 "usable", others "type N". */
static void test_print_table_types(void **state)
{
	const struct ent in[] = {
		{ 0, 0xa0000, RAM },          { 0xa0000, 0x60000, RES },   { 0x100000, PG, ACPI },
		{ 0x101000, PG, NVS },        { 0x102000, PG, E820_TYPE_UNUSABLE }, { 0x103000, PG, E820_TYPE_PMEM },
		{ 0x104000, PG, PRAM },       { 0x105000, PG, SOFT },      { 0x106000, PG, E820_TYPE_RESERVED_KERN },
		{ 0x107000, PG, 20 },         { 0x108000, PG, 6 },         { 0xfd00000000ULL, 0x300000000ULL, 0x80000000u },
	};

	load(in, ARRAY_SIZE(in));
	host_capture_start(cap, sizeof(cap));
	e820__print_table("BIOS-e820");
	capture_end();
	assert_string_equal(cap,
			    "BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
			    "BIOS-e820: [mem 0x00000000000a0000-0x00000000000fffff] reserved\n"
			    "BIOS-e820: [mem 0x0000000000100000-0x0000000000100fff] ACPI data\n"
			    "BIOS-e820: [mem 0x0000000000101000-0x0000000000101fff] ACPI NVS\n"
			    "BIOS-e820: [mem 0x0000000000102000-0x0000000000102fff] unusable\n"
			    "BIOS-e820: [mem 0x0000000000103000-0x0000000000103fff] persistent (type 7)\n"
			    "BIOS-e820: [mem 0x0000000000104000-0x0000000000104fff] persistent (type 12)\n"
			    "BIOS-e820: [mem 0x0000000000105000-0x0000000000105fff] soft reserved\n"
			    "BIOS-e820: [mem 0x0000000000106000-0x0000000000106fff] usable\n"
			    "BIOS-e820: [mem 0x0000000000107000-0x0000000000107fff] type 20\n"
			    "BIOS-e820: [mem 0x0000000000108000-0x0000000000108fff] type 6\n"
			    "BIOS-e820: [mem 0x000000fd00000000-0x000000ffffffffff] type 2147483648\n");
}

/* Expect: the printed lines are at KERN_INFO, so loglevel 6 hides them and loglevel 7 shows them. */
static void test_print_table_level(void **state)
{
	const struct ent in[] = { { 0, PG, RAM } };

	load(in, 1);
	console_loglevel = 6;
	host_capture_start(cap, sizeof(cap));
	e820__print_table("x");
	capture_end();
	assert_string_equal(cap, "");
	console_loglevel = 7;
	host_capture_start(cap, sizeof(cap));
	e820__print_table("x");
	capture_end();
	assert_string_equal(cap, "x: [mem 0x0000000000000000-0x0000000000000fff] usable\n");
	console_loglevel = 8;
}

/* ---- e820__trim_bios_range ---------------------------------------------- */

/*
 * A SeaBIOS-style table: RAM 0-0x9fbff, reserved to 640K and 0xf0000-1M, RAM above.
 * Expect: page 0 becomes reserved (appended, then sorted by the sanitize), nothing
 * usable in 640K-1M to remove, reserved pieces that do not touch stay apart.
 */
static void test_trim_typical(void **state)
{
	const struct ent in[] = {
		{ 0, 0x9fc00, RAM }, { 0x9fc00, 0x400, RES }, { 0xf0000, 0x10000, RES },
		{ 0x100000, 0x7fee0000, RAM }, { 0x7ffe0000, 0x20000, RES },
	};
	const struct ent out[] = {
		{ 0, PG, RES }, { PG, 0x9ec00, RAM }, { 0x9fc00, 0x400, RES }, { 0xf0000, 0x10000, RES },
		{ 0x100000, 0x7fee0000, RAM }, { 0x7ffe0000, 0x20000, RES },
	};

	load(in, ARRAY_SIZE(in));
	host_capture_start(cap, sizeof(cap));
	e820__trim_bios_range();
	capture_end();
	expect_table(e820_table, out, ARRAY_SIZE(out));
	assert_string_equal(cap, "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n"
				 "e820: remove [mem 0x000a0000-0x000fffff] usable\n");
}

/* RAM straight across 640K-1M (as some firmware reports it). Expect: split around the hole, page 0 reserved. */
static void test_trim_ram_across_bios_hole(void **state)
{
	const struct ent in[] = { { 0, 0x800000, RAM }, { 0x800000, 0x8000, NVS }, { 0x808000, 0x7f7f8000, RAM } };
	const struct ent out[] = {
		{ 0, PG, RES }, { PG, 0x9f000, RAM }, { 0x100000, 0x700000, RAM }, { 0x800000, 0x8000, NVS },
		{ 0x808000, 0x7f7f8000, RAM },
	};

	load(in, ARRAY_SIZE(in));
	e820__trim_bios_range();
	expect_table(e820_table, out, ARRAY_SIZE(out));
}

/* ---- e820__memory_setup_boot -------------------------------------------- */

/*
 * One boot entry: Linux's append_e820_table refuses fewer than two and
 * e820__memory_setup_default fakes 0-0x9efff plus 32 MiB (the stub's alt_mem_k)
 * at 1M, printed as "BIOS-e801".
 */
static void test_setup_boot_single_entry(void **state)
{
	const struct boot_e820_entry one[] = { { 0x100000, 0x40000000, RAM } };
	const struct ent out[] = { { 0, 0x9f000, RAM }, { 0x100000, 0x2000000, RAM } };

	e820__reset();
	host_capture_start(cap, sizeof(cap));
	e820__memory_setup_boot(one, 1);
	capture_end();
	expect_table(e820_table, out, 2);
	assert_non_null(strstr(cap, "BIOS-provided physical RAM map:\n"
				    "BIOS-e801: [mem 0x0000000000000000-0x000000000009efff] usable\n"
				    "BIOS-e801: [mem 0x0000000000100000-0x00000000020fffff] usable\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sanitize_too_few, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_nested_higher, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_nested_lower, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_identical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_adjacent_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_touching_different, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_zero_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_unsorted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_nomerge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_soft_reserved_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_three_deep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_full_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sanitize_overflow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_full_cover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_middle_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_type_and_miss, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_clamped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_middle_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_full_cover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_any_type, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_partial_and_clamp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_table_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_print_table_level, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trim_typical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trim_ram_across_bios_hole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_setup_boot_single_entry, setup, teardown),
	};

	return cmocka_run_group_tests_name("e820", tests, NULL, NULL);
}
