/*
 * mm/efi_memmap.c: every bad map gets a line naming the descriptor,
 * efi_memmap_check counts the problems (-1 for an unusable map), and the
 * conversion still yields a sane E820 table with the bad descriptors left
 * out. efi_md_typeattr_format and efi_print_memmap follow Linux 6.12's
 * drivers/firmware/efi/efi.c and arch/x86/platform/efi/efi.c formats.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <asm/efi_stub.h>
#include <efimm/efi_memmap.h>
#include "efimap_helpers.h"

static struct efi_memory_map m;

/* Check the map: expect @problems and exactly the text @lines. */
#define CHECK_MAP(problems, lines)                                 \
	do {                                                       \
		capture_begin();                                   \
		assert_int_equal(efi_memmap_check(&m), problems);  \
		capture_end();                                     \
		assert_string_equal(cap, lines);                   \
	} while (0)

/* Convert and check the resulting table is sane (no crash under ASan either). */
static void convert_sane(void)
{
	efimm_e820_from_efi(&m, EFI_E820_LINUX_STUB);
	check_table_sane(e820_table);
}

static const struct d good[] = {
	{ EFI_BOOT_SERVICES_CODE, 0, 1, WB_ATTR },
	{ EFI_CONVENTIONAL_MEMORY, 0x1000, 0x9f, WB_ATTR },
	{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x3ff00, WB_ATTR },
};

static const struct d ecam = { EFI_RESERVED_TYPE, 0xb0000000, 0x10000, 0 };

/* Expect: a clean map has 0 problems and prints nothing. */
static void test_clean(void **state)
{
	build_map(&m, good, 3, 48);
	CHECK_MAP(0, "");
}

/* Expect: no descriptors, or no buffer -> -1 and one error line. */
static void test_empty(void **state)
{
	build_map(&m, good, 0, 48);
	CHECK_MAP(-1, "efi: memory map is empty: no RAM to work with\n");
	m.map = NULL;
	m.nr_map = 3;
	CHECK_MAP(-1, "efi: memory map is empty: no RAM to work with\n");
}

/* Expect: a stride below 40 bytes -> -1, and the conversion falls back to Linux's fake map instead of reading garbage. */
static void test_desc_size_too_small(void **state)
{
	build_map(&m, good, 3, 48);
	m.desc_size = 32;
	CHECK_MAP(-1, "efi: descriptor size 32 is smaller than a descriptor (40 bytes): map refused\n");
	convert_sane();
	assert_true(e820__mapped_all(0x1000, 0x9f000, E820_TYPE_RAM)); /* BIOS-e801 640K */
}

/* Expect: a stride of 44 is a problem (1) but still read at that stride, without misaligned access (UBSan). */
static void test_desc_size_not_multiple_of_8(void **state)
{
	build_map(&m, good, 3, 44);
	CHECK_MAP(1, "efi: descriptor size 44 is not a multiple of 8\n");
	convert_sane();
	assert_true(e820__mapped_all(0x100000, 0x40000000, E820_TYPE_RAM));
}

/* Expect: version 2 counts as one problem; the version-1 fields are still used. */
static void test_version(void **state)
{
	build_map(&m, good, 3, 48);
	m.desc_version = 2;
	CHECK_MAP(1, "efi: descriptor version 2 (expected 1); reading the version 1 fields\n");
	convert_sane();
	assert_int_equal(e820_table->nr_entries, 3);
}

/* Expect: an unaligned start is named with its descriptor index and address. */
static void test_unaligned(void **state)
{
	const struct d in[] = { good[0], { EFI_CONVENTIONAL_MEMORY, 0x100800, 0x10, WB_ATTR } };

	build_map(&m, in, 2, 48);
	CHECK_MAP(1, "efi: mem01: start 0x100800 is not 4 KiB aligned\n");
	convert_sane();
}

/* Expect: a zero-page descriptor is named; an unaligned zero-page one counts twice. */
static void test_zero_pages(void **state)
{
	const struct d in[] = { good[0], { EFI_CONVENTIONAL_MEMORY, 0x100000, 0, WB_ATTR },
				{ EFI_CONVENTIONAL_MEMORY, 0x200001, 0, WB_ATTR } };

	build_map(&m, in, 3, 48);
	CHECK_MAP(3, "efi: mem01: [mem 0x0000000000100000] has no pages\n"
		     "efi: mem02: start 0x200001 is not 4 KiB aligned\n"
		     "efi: mem02: [mem 0x0000000000200001] has no pages\n");
	convert_sane();
}

/* Expect: ranges that wrap past 2^64 (by address, or by a page count over 2^52) are named and left out of E820. */
static void test_wrap(void **state)
{
	const struct d in[] = {
		good[0], good[1],
		{ EFI_CONVENTIONAL_MEMORY, 0xfffffffffff00000ULL, 0x200, WB_ATTR },
		{ EFI_CONVENTIONAL_MEMORY, 0x200000, 1ULL << 52, WB_ATTR },
		ecam, /* a second good entry, so Linux does not fall back to its fake BIOS-e801 map */
	};

	build_map(&m, in, ARRAY_SIZE(in), 48);
	CHECK_MAP(2, "efi: mem02: [mem 0xfffffffffff00000] + 0x200 pages wraps past 2^64: left out of E820\n"
		     "efi: mem03: [mem 0x0000000000200000] + 0x10000000000000 pages wraps past 2^64: left out of E820\n");
	convert_sane();
	assert_false(e820__mapped_any(0x200000, 0x300000, 0));
	assert_false(e820__mapped_any(0xfffffffffff00000ULL, ULLONG_MAX, 0));
}

/* Expect: a range ending past 2^52 is named and left out; one ending exactly at 2^52 is fine. */
static void test_above_52_bits(void **state)
{
	const struct d in[] = {
		good[0], good[1],
		{ EFI_CONVENTIONAL_MEMORY, 0xffffffffff000ULL, 1, WB_ATTR },
		{ EFI_CONVENTIONAL_MEMORY, 0x10000000000000ULL, 1, WB_ATTR },
	};

	build_map(&m, in, 4, 48);
	CHECK_MAP(1, "efi: mem03: [mem 0x0010000000000000] + 0x1 pages ends above the 52-bit physical address limit: "
		     "left out of E820\n");
	convert_sane();
	assert_true(e820__mapped_all(0xffffffffff000ULL, 0x10000000000000ULL, E820_TYPE_RAM));
	assert_false(e820__mapped_any(0x10000000000000ULL, 0x10000000001000ULL, 0));
}

/* Expect: types past the specification are named as unknown, OEM (0x7...) or OS-defined (0x8...) and left out. */
static void test_unknown_types(void **state)
{
	const struct d in[] = {
		good[0], good[1],
		{ 16, 0x100000, 1, 0 },
		{ 0x6fffffff, 0x101000, 1, 0 },
		{ 0x70000000, 0x102000, 1, 0 },
		{ 0x80000000u, 0x103000, 1, 0 },
		ecam, /* a second good entry, so Linux does not fall back to its fake BIOS-e801 map */
	};

	build_map(&m, in, ARRAY_SIZE(in), 48);
	CHECK_MAP(4, "efi: mem02: [mem 0x0000000000100000-0x0000000000100fff] has unknown type 0x10: left out of E820, as the EFI stub does\n"
		     "efi: mem03: [mem 0x0000000000101000-0x0000000000101fff] has unknown type 0x6fffffff: left out of E820, as the EFI stub does\n"
		     "efi: mem04: [mem 0x0000000000102000-0x0000000000102fff] has OEM type 0x70000000: left out of E820, as the EFI stub does\n"
		     "efi: mem05: [mem 0x0000000000103000-0x0000000000103fff] has OS-defined type 0x80000000: left out of E820, as the EFI stub does\n");
	convert_sane();
	assert_false(e820__mapped_any(0x100000, 0x104000, 0));
}

/*
 * Expect: a descriptor below its predecessor is noted once with both addresses (0 printed as 0x0,
 * Linux's '#'), and not counted as a problem: UEFI does not require a sorted map (OVMF's is not).
 */
static void test_unsorted(void **state)
{
	const struct d in[] = { good[2], good[0], good[1] };

	build_map(&m, in, 3, 48);
	CHECK_MAP(0, "efi: mem01 at 0x0 follows mem00 at 0x100000: the map is not sorted by address "
		     "(allowed; E820 sanitizing sorts it)\n");
	convert_sane();
	assert_int_equal(e820_table->nr_entries, 3); /* reserved page 0, RAM to 640K, RAM from 1M */
}

/* Expect: partial, nested (found through the furthest-reaching span) and identical overlaps are each named once. */
static void test_overlaps(void **state)
{
	const struct d partial[] = { { EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100, WB_ATTR },
				     { EFI_ACPI_RECLAIM_MEMORY, 0x180000, 0x100, WB_ATTR } };
	const struct d nested[] = { { EFI_CONVENTIONAL_MEMORY, 0x100000, 0x300, WB_ATTR },
				    { EFI_RESERVED_TYPE, 0x200000, 0x100, 0 },
				    { EFI_ACPI_MEMORY_NVS, 0x380000, 0x100, WB_ATTR } };
	const struct d same[] = { { EFI_CONVENTIONAL_MEMORY, 0x100000, 0x10, WB_ATTR },
				  { EFI_CONVENTIONAL_MEMORY, 0x100000, 0x10, WB_ATTR } };

	build_map(&m, partial, 2, 48);
	CHECK_MAP(1, "efi: mem01: [mem 0x0000000000180000-0x000000000027ffff] overlaps mem00 "
		     "[mem 0x0000000000100000-0x00000000001fffff]; the higher E820 type wins\n");
	convert_sane();
	assert_true(e820__mapped_all(0x180000, 0x280000, E820_TYPE_ACPI));

	build_map(&m, nested, 3, 48);
	CHECK_MAP(2, "efi: mem01: [mem 0x0000000000200000-0x00000000002fffff] overlaps mem00 "
		     "[mem 0x0000000000100000-0x00000000003fffff]; the higher E820 type wins\n"
		     "efi: mem02: [mem 0x0000000000380000-0x000000000047ffff] overlaps mem00 "
		     "[mem 0x0000000000100000-0x00000000003fffff]; the higher E820 type wins\n");
	convert_sane();

	build_map(&m, same, 2, 48);
	CHECK_MAP(1, "efi: mem01: [mem 0x0000000000100000-0x000000000010ffff] overlaps mem00 "
		     "[mem 0x0000000000100000-0x000000000010ffff]; the higher E820 type wins\n");
	convert_sane();
}

/* Expect the bracketed column of Linux's efi=debug lines, byte for byte (type padded to 12, flags in a fixed order). */
static void test_typeattr_format(void **state)
{
	char buf[64];
	efi_memory_desc_t md = { .type = EFI_CONVENTIONAL_MEMORY, .attribute = WB_ATTR };

	assert_string_equal(efi_md_typeattr_format(buf, sizeof(buf), &md),
			    "[Conventional|   |  |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC]");
	md.type = EFI_RUNTIME_SERVICES_DATA;
	md.attribute = WB_ATTR | EFI_MEMORY_RUNTIME;
	assert_string_equal(efi_md_typeattr_format(buf, sizeof(buf), &md),
			    "[Runtime Data|RUN|  |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC]");
	md.type = EFI_MEMORY_MAPPED_IO;
	md.attribute = EFI_MEMORY_UC | EFI_MEMORY_RUNTIME;
	assert_string_equal(efi_md_typeattr_format(buf, sizeof(buf), &md),
			    "[MMIO        |RUN|  |  |  |  |  |  |  |  |  |   |  |  |  |UC]");
	md.type = EFI_BOOT_SERVICES_DATA;
	md.attribute = WB_ATTR | EFI_MEMORY_RUNTIME | EFI_MEMORY_HOT_PLUGGABLE | EFI_MEMORY_MORE_RELIABLE |
		       EFI_MEMORY_CPU_CRYPTO | EFI_MEMORY_SP | EFI_MEMORY_NV | EFI_MEMORY_XP | EFI_MEMORY_RP |
		       EFI_MEMORY_WP | EFI_MEMORY_RO | EFI_MEMORY_UCE;
	assert_string_equal(efi_md_typeattr_format(buf, sizeof(buf), &md),
			    "[Boot Data   |RUN|HP|MR|CC|SP|NV|XP|RP|WP|RO|UCE|WB|WT|WC|UC]");
	md.type = 16;
	md.attribute = 0;
	assert_string_equal(efi_md_typeattr_format(buf, sizeof(buf), &md),
			    "[type=16|   |  |  |  |  |  |  |  |  |  |   |  |  |  |  ]");
	md.type = EFI_CONVENTIONAL_MEMORY;
	md.attribute = WB_ATTR | 0x20; /* bit 5 is not a known attribute: the raw value instead of the columns */
	assert_string_equal(efi_md_typeattr_format(buf, sizeof(buf), &md), "[Conventional|attr=0x000000000000002f]");
	md.type = 0x70000000;
	md.attribute = EFI_MEMORY_ISA_VALID;
	assert_string_equal(efi_md_typeattr_format(buf, sizeof(buf), &md), "[type=1879048192|attr=0x4000000000000000]");
	md.type = EFI_UNACCEPTED_MEMORY;
	md.attribute = 0;
	assert_string_equal(efi_md_typeattr_format(buf, sizeof(buf), &md),
			    "[Unaccepted  |   |  |  |  |  |  |  |  |  |  |   |  |  |  |  ]");
	/* A buffer too small for the type part: Linux returns what snprintf left (truncated, terminated). */
	md.type = EFI_CONVENTIONAL_MEMORY;
	assert_string_equal(efi_md_typeattr_format(buf, 8, &md), "[Conven");
	/* Room for the type but not the columns: cut short, still terminated. */
	assert_string_equal(efi_md_typeattr_format(buf, 20, &md), "[Conventional|   | ");
}

/* Expect Linux's efi=debug line: "efi: memNN: [...] range=[start-end] (MB)", the MB count rounded down. */
static void test_print_memmap(void **state)
{
	const struct d in[] = { good[1], { EFI_RUNTIME_SERVICES_CODE, 0x3e300000, 0x100, WB_ATTR | EFI_MEMORY_RUNTIME },
				good[2] };

	build_map(&m, in, 3, 48);
	capture_begin();
	efi_print_memmap(&m);
	capture_end();
	assert_string_equal(cap,
			    "efi: mem00: [Conventional|   |  |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] "
			    "range=[0x0000000000001000-0x000000000009ffff] (0MB)\n"
			    "efi: mem01: [Runtime Code|RUN|  |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] "
			    "range=[0x000000003e300000-0x000000003e3fffff] (1MB)\n"
			    "efi: mem02: [Conventional|   |  |  |  |  |  |  |  |  |  |   |WB|WT|WC|UC] "
			    "range=[0x0000000000100000-0x000000003fffffff] (1023MB)\n");
}

/* Expect the UEFI shell's memmap layout: upper-case hex, unknown types as 0xNNNNNNNN, totals per known type. */
static void test_print_memmap_table(void **state)
{
	const struct d in[] = { good[0], good[1], { 0x70000000, 0x200000, 2, 0 } };

	build_map(&m, in, 3, 48);
	capture_begin();
	efi_print_memmap_table(&m);
	capture_end();
	assert_string_equal(cap,
			    "EFI memory map: 3 descriptors, descriptor size 48, version 1\n"
			    "Type       Start            End              # Pages          Attributes\n"
			    "BS_Code    0000000000000000-0000000000000FFF 0000000000000001 000000000000000F\n"
			    "Available  0000000000001000-000000000009FFFF 000000000000009F 000000000000000F\n"
			    "0x70000000 0000000000200000-0000000000201FFF 0000000000000002 0000000000000000\n"
			    "  BS_Code   :        1 pages (4096 bytes)\n"
			    "  Available :      159 pages (651264 bytes)\n");
	/* A stride too small: only the header line, nothing read. */
	m.desc_size = 24;
	capture_begin();
	efi_print_memmap_table(&m);
	capture_end();
	assert_string_equal(cap, "EFI memory map: 3 descriptors, descriptor size 24, version 1\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clean, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_empty, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_desc_size_too_small, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_desc_size_not_multiple_of_8, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_version, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_unaligned, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_zero_pages, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_wrap, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_above_52_bits, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_types, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_unsorted, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_overlaps, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_typeattr_format, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_print_memmap, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_print_memmap_table, quiet_setup, quiet_teardown),
	};

	return cmocka_run_group_tests_name("efi_memmap", tests, NULL, NULL);
}
