/*
 * mm/efi_stub_e820.c against Linux 6.12's x86 EFI stub (setup_e820 in
 * drivers/firmware/efi/libstub/x86-stub.c) and what setup_arch then prints.
 * The stub walks the descriptors in firmware order and extends the previous
 * emitted entry only when the type matches and the descriptor starts exactly
 * at its end; nothing is sorted until e820__update_table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <asm/efi_stub.h>
#include <efimm/efi_memmap.h>
#include "efimap_helpers.h"

static struct efi_stub_e820 out;
static struct efi_memory_map m;

#define MB 0x100000ULL

static void expect_entry(u32 i, u64 addr, u64 size, u32 type)
{
	if (out.entries[i].addr != addr || out.entries[i].size != size || out.entries[i].type != type)
		fail_msg("entry %u: got [%#llx +%#llx] type %#x, expected [%#llx +%#llx] type %#x", i,
			 (unsigned long long)out.entries[i].addr, (unsigned long long)out.entries[i].size,
			 out.entries[i].type, (unsigned long long)addr, (unsigned long long)size, type);
}

/* Every EFI type 0-15 then 16, OEM and OS types, each 1 page, 1 MiB apart so nothing merges. */
static const struct d all_types[] = {
	{ 0, 0 * MB, 1, WB_ATTR },  { 1, 1 * MB, 1, WB_ATTR },   { 2, 2 * MB, 1, WB_ATTR },   { 3, 3 * MB, 1, WB_ATTR },
	{ 4, 4 * MB, 1, WB_ATTR },  { 5, 5 * MB, 1, WB_ATTR | EFI_MEMORY_RUNTIME },
	{ 6, 6 * MB, 1, WB_ATTR | EFI_MEMORY_RUNTIME },   { 7, 7 * MB, 1, WB_ATTR },   { 8, 8 * MB, 1, WB_ATTR },
	{ 9, 9 * MB, 1, WB_ATTR },  { 10, 10 * MB, 1, WB_ATTR }, { 11, 11 * MB, 1, EFI_MEMORY_UC | EFI_MEMORY_RUNTIME },
	{ 12, 12 * MB, 1, EFI_MEMORY_UC }, { 13, 13 * MB, 1, WB_ATTR }, { 14, 14 * MB, 1, WB_ATTR | EFI_MEMORY_NV },
	{ 15, 15 * MB, 1, WB_ATTR }, { 16, 16 * MB, 1, WB_ATTR }, { 0x70000000, 17 * MB, 1, WB_ATTR },
	{ 0x80000000u, 18 * MB, 1, WB_ATTR },
};

/* The facts file's table, by EFI type number. */
static const u32 expected_e820_type[16] = {
	E820_TYPE_RESERVED, E820_TYPE_RAM, E820_TYPE_RAM,      E820_TYPE_RAM,      E820_TYPE_RAM,
	E820_TYPE_RESERVED, E820_TYPE_RESERVED, E820_TYPE_RAM, E820_TYPE_UNUSABLE, E820_TYPE_ACPI,
	E820_TYPE_NVS,      E820_TYPE_RESERVED, E820_TYPE_RESERVED, E820_TYPE_RESERVED, E820_TYPE_PMEM,
	E820_TYPE_RAM, /* unaccepted: Debian's kernel has CONFIG_UNACCEPTED_MEMORY */
};

static void check_type_mapping(unsigned long desc_size)
{
	build_map(&m, all_types, ARRAY_SIZE(all_types), desc_size);
	assert_int_equal(efi_setup_e820(&m, EFI_E820_LINUX_STUB, &out), 16);
	assert_int_equal(out.nr_stored, 16);
	for (u32 t = 0; t < 16; t++)
		expect_entry(t, t * MB, 0x1000, expected_e820_type[t]);
}

/* Expect the facts-file mapping for types 0-15; type 16, OEM (0x70000000) and OS (0x80000000) types dropped. */
static void test_type_mapping(void **state)
{
	check_type_mapping(sizeof(efi_memory_desc_t));
}

/* Expect the same result with a stride of 48 and 56: junk between descriptors is never read as data. */
static void test_type_mapping_wide_stride(void **state)
{
	check_type_mapping(48);
	check_type_mapping(56);
	check_type_mapping(4096);
}

/* EFI_MEMORY_SP: usable-class types become soft reserved, other types ignore it; efi=nosoftreserve keeps them usable. */
static void test_soft_reserved(void **state)
{
	const struct d in[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0, 0x100, WB_ATTR | EFI_MEMORY_SP },
		{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100, WB_ATTR }, /* touching, but usable != soft reserved */
		{ EFI_LOADER_CODE, 0x400000, 1, EFI_MEMORY_SP },
		{ EFI_BOOT_SERVICES_DATA, 0x500000, 1, EFI_MEMORY_SP },
		{ EFI_ACPI_RECLAIM_MEMORY, 0x600000, 1, EFI_MEMORY_SP },
		{ EFI_PERSISTENT_MEMORY, 0x700000, 1, EFI_MEMORY_SP },
	};

	build_map(&m, in, ARRAY_SIZE(in), 48);
	assert_int_equal(efi_setup_e820(&m, EFI_E820_LINUX_STUB, &out), 6);
	expect_entry(0, 0, 0x100000, E820_TYPE_SOFT_RESERVED);
	expect_entry(1, 0x100000, 0x100000, E820_TYPE_RAM);
	expect_entry(2, 0x400000, 0x1000, E820_TYPE_SOFT_RESERVED);
	expect_entry(3, 0x500000, 0x1000, E820_TYPE_SOFT_RESERVED);
	expect_entry(4, 0x600000, 0x1000, E820_TYPE_ACPI);
	expect_entry(5, 0x700000, 0x1000, E820_TYPE_PMEM);

	efi_soft_reserve = false; /* efi=nosoftreserve: the first two now merge into one usable range */
	assert_int_equal(efi_setup_e820(&m, EFI_E820_LINUX_STUB, &out), 5);
	expect_entry(0, 0, 0x200000, E820_TYPE_RAM);
	expect_entry(1, 0x400000, 0x1000, E820_TYPE_RAM);
	expect_entry(2, 0x500000, 0x1000, E820_TYPE_RAM);
	efi_soft_reserve = true;
}

/* Expect: touching descriptors of one E820 type merge (BootCode+Conventional+LoaderData are all usable). */
static void test_merge_touching(void **state)
{
	const struct d in[] = {
		{ EFI_BOOT_SERVICES_CODE, 0, 1, WB_ATTR },
		{ EFI_CONVENTIONAL_MEMORY, 0x1000, 0x9f, WB_ATTR },
		{ EFI_LOADER_DATA, 0xa0000, 0x10, WB_ATTR },
	};

	build_map(&m, in, 3, 48);
	assert_int_equal(efi_setup_e820(&m, EFI_E820_LINUX_STUB, &out), 1);
	expect_entry(0, 0, 0xb0000, E820_TYPE_RAM);
}

/* Expect: a gap, or a different type in between, keeps entries apart (only the previous emitted entry can grow). */
static void test_no_merge_gap_or_between(void **state)
{
	const struct d gap[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0, 1, WB_ATTR },
		{ EFI_CONVENTIONAL_MEMORY, 0x2000, 1, WB_ATTR },
	};
	const struct d between[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0, 1, WB_ATTR },
		{ EFI_RESERVED_TYPE, 0x1000, 1, 0 },
		{ EFI_CONVENTIONAL_MEMORY, 0x2000, 1, WB_ATTR },
	};

	build_map(&m, gap, 2, 48);
	assert_int_equal(efi_setup_e820(&m, EFI_E820_LINUX_STUB, &out), 2);
	build_map(&m, between, 3, 48);
	assert_int_equal(efi_setup_e820(&m, EFI_E820_LINUX_STUB, &out), 3);
	expect_entry(2, 0x2000, 0x1000, E820_TYPE_RAM);
}

/*
 * A dropped descriptor (OEM type) does not reset "previous": RAM 0-0xfff,
 * OEM elsewhere, RAM 0x1000-0x1fff. Expect one entry, as the stub's
 * `continue` leaves prev alone. A zero-page descriptor at the end is
 * merged (adds 0) and changes nothing.
 */
static void test_merge_across_dropped(void **state)
{
	const struct d in[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0, 1, WB_ATTR },
		{ 0x70000001, 0x500000, 1, 0 },
		{ EFI_CONVENTIONAL_MEMORY, 0x1000, 1, WB_ATTR },
		{ EFI_BOOT_SERVICES_DATA, 0x2000, 0, WB_ATTR },
		{ EFI_CONVENTIONAL_MEMORY, 0x2000, 2, WB_ATTR },
	};

	build_map(&m, in, ARRAY_SIZE(in), 40);
	assert_int_equal(efi_setup_e820(&m, EFI_E820_LINUX_STUB, &out), 1);
	expect_entry(0, 0, 0x4000, E820_TYPE_RAM);
}

/*
 * Unsorted firmware order: RAM 2M-3M listed before RAM 1M-2M.
 * Expect two stub entries in firmware order (no sorting, and 1M is not the end
 * of the previous entry), which the sanitize then sorts and merges into one line.
 */
static void test_unsorted_kept_then_sanitized(void **state)
{
	const struct d in[] = {
		{ EFI_CONVENTIONAL_MEMORY, 0x200000, 0x100, WB_ATTR },
		{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x100, WB_ATTR },
		{ EFI_RESERVED_TYPE, 0xb0000000, 0x10000, 0 },
	};

	build_map(&m, in, 3, 48);
	assert_int_equal(efi_setup_e820(&m, EFI_E820_LINUX_STUB, &out), 3);
	expect_entry(0, 0x200000, 0x100000, E820_TYPE_RAM);
	expect_entry(1, 0x100000, 0x100000, E820_TYPE_RAM);

	capture_begin();
	efimm_e820_from_efi(&m, EFI_E820_LINUX_STUB);
	capture_end();
	assert_non_null(strstr(cap, "BIOS-provided physical RAM map:\n"
				    "BIOS-e820: [mem 0x0000000000100000-0x00000000002fffff] usable\n"
				    "BIOS-e820: [mem 0x00000000b0000000-0x00000000bfffffff] reserved\n"));
	assert_int_equal(e820_table->nr_entries, 2);
	check_table_sane(e820_table);
}

/* n disjoint 1-page usable descriptors from 1 MiB, 8 KiB apart (above the BIOS area so the trims change nothing). */
static struct d *many(unsigned n)
{
	static struct d big[E820_MAX_ENTRIES + 8];

	for (unsigned i = 0; i < n; i++)
		big[i] = (struct d){ EFI_CONVENTIONAL_MEMORY, 0x100000 + i * 0x2000ULL, 1, WB_ATTR };
	return big;
}

/*
 * 130 entries: Expect 128 "BIOS-e820" lines from boot_params, then
 * "extended physical RAM map:" and the whole merged table (130 lines) as "extended".
 */
static void test_extended_table(void **state)
{
	build_map(&m, many(130), 130, 48);
	capture_begin();
	efimm_e820_from_efi(&m, EFI_E820_LINUX_STUB);
	capture_end();
	assert_int_equal(count_lines_with(cap, "BIOS-e820: "), 128);
	assert_int_equal(count_lines_with(cap, "extended physical RAM map:"), 1);
	assert_int_equal(count_lines_with(cap, "extended: "), 130);
	assert_non_null(strstr(cap, "BIOS-e820: [mem 0x00000000001fe000-0x00000000001fefff] usable\n"
				    "extended physical RAM map:\n"
				    "extended: [mem 0x0000000000100000-0x0000000000100fff] usable\n"));
	assert_non_null(strstr(cap, "extended: [mem 0x0000000000202000-0x0000000000202fff] usable\n"));
	assert_int_equal(e820_table->nr_entries, 130);
	check_table_sane(e820_table);
}

/* Expect: exactly 128 entries stay in boot_params: no extended table, no extended lines. */
static void test_exactly_128(void **state)
{
	build_map(&m, many(128), 128, 48);
	capture_begin();
	efimm_e820_from_efi(&m, EFI_E820_LINUX_STUB);
	capture_end();
	assert_int_equal(count_lines_with(cap, "BIOS-e820: "), 128);
	assert_null(strstr(cap, "extended"));
}

/*
 * E820_MAX_ENTRIES + 1 disjoint descriptors: Expect the last one reported by
 * its range in an error line (never silently lost), 3200 entries kept, and no
 * further complaints from e820.c since the kept entries fit exactly.
 */
static void test_over_capacity(void **state)
{
	build_map(&m, many(E820_MAX_ENTRIES + 1), E820_MAX_ENTRIES + 1, 48);
	capture_begin();
	assert_int_equal(efi_setup_e820(&m, EFI_E820_LINUX_STUB, &out), E820_MAX_ENTRIES + 1);
	capture_end();
	assert_int_equal(out.nr_stored, E820_MAX_ENTRIES);
	assert_string_equal(cap, "efi: E820 table full (3200 entries): [mem 0x0000000001a00000-0x0000000001a00fff] left out\n");

	capture_begin();
	efimm_e820_from_efi(&m, EFI_E820_LINUX_STUB);
	capture_end();
	assert_non_null(strstr(cap, "[mem 0x0000000001a00000-0x0000000001a00fff] left out"));
	assert_null(strstr(cap, "too many entries"));
	assert_null(strstr(cap, "full at"));
	assert_int_equal(e820_table->nr_entries, E820_MAX_ENTRIES);
	check_table_sane(e820_table);
}

/*
 * An OVMF-like map (q35, 1 GiB). Expect, worked out by hand: usable runs merge
 * (BootCode+Conventional at 0; BootData+Conventional+LoaderCode at 9M),
 * RuntimeData+RuntimeCode merge into one reserved range; efi_init then
 * removes the 4 MiB flash MMIO range; page 0 is reserved and 640K-1M has no
 * usable RAM to remove.
 */
static void test_ovmf_like(void **state)
{
	const struct d in[] = {
		{ EFI_BOOT_SERVICES_CODE, 0x0, 0x1, WB_ATTR },
		{ EFI_CONVENTIONAL_MEMORY, 0x1000, 0x9f, WB_ATTR },
		{ EFI_CONVENTIONAL_MEMORY, 0x100000, 0x700, WB_ATTR },
		{ EFI_ACPI_MEMORY_NVS, 0x800000, 0x8, WB_ATTR },
		{ EFI_CONVENTIONAL_MEMORY, 0x808000, 0x3, WB_ATTR },
		{ EFI_ACPI_MEMORY_NVS, 0x80b000, 0x1, WB_ATTR },
		{ EFI_BOOT_SERVICES_DATA, 0x80c000, 0x5, WB_ATTR },
		{ EFI_ACPI_MEMORY_NVS, 0x811000, 0xef, WB_ATTR },
		{ EFI_BOOT_SERVICES_DATA, 0x900000, 0x100, WB_ATTR },
		{ EFI_CONVENTIONAL_MEMORY, 0xa00000, 0x3d600, WB_ATTR },
		{ EFI_LOADER_CODE, 0x3e000000, 0x200, WB_ATTR },
		{ EFI_RUNTIME_SERVICES_DATA, 0x3e200000, 0x100, WB_ATTR | EFI_MEMORY_RUNTIME },
		{ EFI_RUNTIME_SERVICES_CODE, 0x3e300000, 0x100, WB_ATTR | EFI_MEMORY_RUNTIME },
		{ EFI_ACPI_RECLAIM_MEMORY, 0x3e400000, 0x10, WB_ATTR },
		{ EFI_ACPI_MEMORY_NVS, 0x3e410000, 0x10, WB_ATTR },
		{ EFI_BOOT_SERVICES_DATA, 0x3e420000, 0x1be0, WB_ATTR },
		{ EFI_RESERVED_TYPE, 0xb0000000, 0x10000, 0 },
		{ EFI_MEMORY_MAPPED_IO, 0xffc00000, 0x400, EFI_MEMORY_UC | EFI_MEMORY_RUNTIME },
	};
	const struct e820_entry final[] = {
		{ 0, 0x1000, E820_TYPE_RESERVED },
		{ 0x1000, 0x9f000, E820_TYPE_RAM },
		{ 0x100000, 0x700000, E820_TYPE_RAM },
		{ 0x800000, 0x8000, E820_TYPE_NVS },
		{ 0x808000, 0x3000, E820_TYPE_RAM },
		{ 0x80b000, 0x1000, E820_TYPE_NVS },
		{ 0x80c000, 0x5000, E820_TYPE_RAM },
		{ 0x811000, 0xef000, E820_TYPE_NVS },
		{ 0x900000, 0x3d900000, E820_TYPE_RAM },
		{ 0x3e200000, 0x200000, E820_TYPE_RESERVED },
		{ 0x3e400000, 0x10000, E820_TYPE_ACPI },
		{ 0x3e410000, 0x10000, E820_TYPE_NVS },
		{ 0x3e420000, 0x1be0000, E820_TYPE_RAM },
		{ 0xb0000000, 0x10000000, E820_TYPE_RESERVED },
		/* 0xffc00000: the 4 MiB flash MMIO leaves E820 in efi_init (efi_remove_e820_mmio, >= 256 KiB). */
	};

	build_map(&m, in, ARRAY_SIZE(in), 48);
	capture_begin();
	efimm_e820_from_efi(&m, EFI_E820_LINUX_STUB);
	capture_end();
	assert_string_equal(cap,
			    "BIOS-provided physical RAM map:\n"
			    "BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
			    "BIOS-e820: [mem 0x0000000000100000-0x00000000007fffff] usable\n"
			    "BIOS-e820: [mem 0x0000000000800000-0x0000000000807fff] ACPI NVS\n"
			    "BIOS-e820: [mem 0x0000000000808000-0x000000000080afff] usable\n"
			    "BIOS-e820: [mem 0x000000000080b000-0x000000000080bfff] ACPI NVS\n"
			    "BIOS-e820: [mem 0x000000000080c000-0x0000000000810fff] usable\n"
			    "BIOS-e820: [mem 0x0000000000811000-0x00000000008fffff] ACPI NVS\n"
			    "BIOS-e820: [mem 0x0000000000900000-0x000000003e1fffff] usable\n"
			    "BIOS-e820: [mem 0x000000003e200000-0x000000003e3fffff] reserved\n"
			    "BIOS-e820: [mem 0x000000003e400000-0x000000003e40ffff] ACPI data\n"
			    "BIOS-e820: [mem 0x000000003e410000-0x000000003e41ffff] ACPI NVS\n"
			    "BIOS-e820: [mem 0x000000003e420000-0x000000003fffffff] usable\n"
			    "BIOS-e820: [mem 0x00000000b0000000-0x00000000bfffffff] reserved\n"
			    "BIOS-e820: [mem 0x00000000ffc00000-0x00000000ffffffff] reserved\n"
			    "efi: Remove mem17: MMIO range=[0xffc00000-0xffffffff] (4MB) from e820 map\n"
			    "e820: remove [mem 0xffc00000-0xffffffff] reserved\n"
			    "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n"
			    "e820: remove [mem 0x000a0000-0x000fffff] usable\n");
	assert_int_equal(e820_table->nr_entries, ARRAY_SIZE(final));
	for (u32 i = 0; i < ARRAY_SIZE(final); i++) {
		assert_int_equal(e820_table->entries[i].addr, final[i].addr);
		assert_int_equal(e820_table->entries[i].size, final[i].size);
		assert_int_equal(e820_table->entries[i].type, final[i].type);
	}
	/* The firmware copy is the table as printed, before the trims. */
	assert_int_equal(e820_table_firmware->nr_entries, 14);
	assert_int_equal(e820_table_firmware->entries[0].type, E820_TYPE_RAM);
}

/* Expect: a map the stub cannot read (stride below 40) converts to nothing rather than garbage. */
static void test_short_stride_converts_nothing(void **state)
{
	build_map(&m, all_types, 4, 48);
	m.desc_size = 32;
	assert_int_equal(efi_setup_e820(&m, EFI_E820_LINUX_STUB, &out), 0);
	assert_int_equal(out.nr_stored, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_type_mapping, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_type_mapping_wide_stride, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_soft_reserved, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_merge_touching, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_no_merge_gap_or_between, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_merge_across_dropped, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_unsorted_kept_then_sanitized, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_extended_table, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_exactly_128, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_over_capacity, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_ovmf_like, quiet_setup, quiet_teardown),
		cmocka_unit_test_setup_teardown(test_short_stride_converts_nothing, quiet_setup, quiet_teardown),
	};

	return cmocka_run_group_tests_name("efi_stub_e820", tests, NULL, NULL);
}
