/*
 * The report's building blocks: the JSON writer (commas, nesting, escaping,
 * overflow) and the SMBIOS parser (DSP0134 structures with their string
 * sets), on hand-built input; then the report's zones, buddyinfo, timings
 * and self-test sections over real zones from x86_paging_init with free
 * lists, watermarks and reserves set by hand (the numbers /proc/zoneinfo,
 * buddyinfo and pagetypeinfo would show for them in Linux 6.12).
 */
#include "mm_init_test_util.h"
#include <stdio.h>

#include <asm/e820/api.h>
#include <efimm/json.h>
#include <efimm/page_selftest.h>
#include <efimm/report.h>
#include <efimm/reserve.h>
#include <efimm/timings.h>
#include <linux/numa_memblks.h>

/* Expect: commas between members and elements only, keys quoted, nesting closed in order. */
static void test_json_nesting(void **state)
{
	char buf[256];
	struct json j;

	json_init(&j, buf, sizeof(buf));
	json_object_begin(&j, NULL);
	json_u64(&j, "a", 1);
	json_array_begin(&j, "b");
	json_s64(&j, NULL, -2);
	json_object_begin(&j, NULL);
	json_bool(&j, "c", true);
	json_object_end(&j);
	json_array_end(&j);
	json_hex(&j, "d", 0xfff);
	json_object_end(&j);
	assert_int_equal(json_finish(&j), strlen("{\"a\":1,\"b\":[-2,{\"c\":true}],\"d\":\"0xfff\"}\n"));
	assert_string_equal(buf, "{\"a\":1,\"b\":[-2,{\"c\":true}],\"d\":\"0xfff\"}\n");
}

/* Expect: quotes and backslashes escaped, control and non-ASCII bytes as \u00XX. */
static void test_json_escaping(void **state)
{
	char buf[128];
	struct json j;

	json_init(&j, buf, sizeof(buf));
	json_string(&j, NULL, "a\"b\\c\n\x01\xe9");
	json_finish(&j);
	assert_string_equal(buf, "\"a\\\"b\\\\c\\u000a\\u0001\\u00e9\"\n");
}

/* Expect: a buffer too small is never overrun, and json_finish says so with 0. */
static void test_json_overflow(void **state)
{
	char buf[16];
	struct json j;

	memset(buf, 'x', sizeof(buf));
	json_init(&j, buf, 10);
	json_object_begin(&j, NULL);
	json_string(&j, "key", "a long value");
	json_object_end(&j);
	assert_int_equal(json_finish(&j), 0);
	assert_true(strlen(buf) < 10);
	assert_int_equal(buf[15], 'x');
}

/* Append one structure: formatted area then its strings, ending in a double NUL. */
static size_t add_struct(unsigned char *t, size_t at, const unsigned char *fmt, size_t flen, const char *const *strs,
			 int nstr)
{
	memcpy(t + at, fmt, flen);
	at += flen;
	for (int i = 0; i < nstr; i++) {
		size_t n = strlen(strs[i]) + 1;

		memcpy(t + at, strs[i], n);
		at += n;
	}
	if (!nstr)
		t[at++] = 0;
	t[at++] = 0;
	return at;
}

/*
 * Expect: type 0 gives vendor (string 1), version (2) and date (3, field 0x08);
 * type 1 manufacturer/product/version (fields 4-6); type 2 manufacturer/product;
 * string numbers are 1-based, trailing blanks trimmed, 0 means no string.
 */
static void test_smbios(void **state)
{
	unsigned char t[512];
	const unsigned char bios[] = { 0, 0x12, 0, 0, 1, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	const char *const bios_s[] = { "EFI Development Kit II / OVMF", "0.0.0", "02/06/2015" };
	const unsigned char sys[] = { 1, 0x1b, 1, 0, 2, 1, 0, 3, [0x08 ... 0x1a] = 0 };
	const char *const sys_s[] = { "Standard PC (Q35)   ", "QEMU", "unused" };
	const unsigned char board[] = { 2, 0x08, 2, 0, 1, 0, 0, 0 };
	const char *const board_s[] = { "Board Maker" };
	const unsigned char end[] = { 127, 4, 3, 0 };
	struct smbios_info info;
	size_t n = 0;

	n = add_struct(t, n, bios, sizeof(bios), bios_s, 3);
	n = add_struct(t, n, sys, sizeof(sys), sys_s, 3);
	n = add_struct(t, n, board, sizeof(board), board_s, 1);
	n = add_struct(t, n, end, sizeof(end), NULL, 0);
	assert_true(smbios_parse(t, n, &info));
	assert_string_equal(info.bios_vendor, "EFI Development Kit II / OVMF");
	assert_string_equal(info.bios_version, "0.0.0");
	assert_string_equal(info.bios_date, "02/06/2015");
	assert_string_equal(info.system_manufacturer, "QEMU");
	assert_string_equal(info.system_product, "Standard PC (Q35)");
	assert_string_equal(info.system_version, "");
	assert_string_equal(info.board_manufacturer, "Board Maker");
	assert_string_equal(info.board_product, "");
}

/* Expect: a structure whose length is below 4 or runs past the table stops the walk without reading beyond. */
static void test_smbios_truncated(void **state)
{
	const unsigned char bad_len[] = { 1, 2, 0, 0 };
	unsigned char past_end[] = { 1, 0x40, 0, 0, 1, 2 };
	struct smbios_info info;

	assert_false(smbios_parse(bad_len, sizeof(bad_len), &info));
	assert_false(smbios_parse(past_end, sizeof(past_end), &info));
	assert_false(smbios_parse(past_end, 0, &info));
}

/* Put n blocks of this order and migrate type on a zone's free list, counted in nr_free. */
static void add_free(struct zone *zone, int order, int mt, int n, unsigned long *pfn)
{
	for (int i = 0; i < n; i++, *pfn += 1UL << order) {
		list_add_tail(&pfn_to_page(*pfn)->lru, &zone->free_area[order].free_list[mt]);
		zone->free_area[order].nr_free++;
	}
}

static char report_buf[1 << 17];

/*
 * 1 MiB + 127 MiB on node 0: DMA pfns 1-4095 (3999 present), DMA32
 * 0x1000-0x7fff. Free: DMA one Unmovable order-1 block; DMA32 two Movable
 * and one Unmovable order-0 pages, one Reclaimable order-3 block, two
 * Movable order-10 blocks. Two stages timed, a page self-test result.
 */
static const char *zones_report(void)
{
	static const struct ram low_128m[] = { { 0x1000, 0x9ffff, 0 }, { 0x100000, 0x7ffffff, 0 } };
	struct page_selftest_result res = { .pages = 2059, .bad_words = 0, .counts_differing = 1, .words_per_page = 3,
					    .bytes_checked = 123456, .alloc_ns = 11, .write_ns = 22, .verify_ns = 33,
					    .free_ns = 44 };
	struct report_info info = { .efimm_version = "test", .command_line = "", .command_line_source = "none",
				    .firmware_vendor = "v", .result = "ok", .memblock_selftest_failures = 0,
				    .page_selftest_failures = 1, .page_selftest = &res, .slab_selftest_failures = -1 };
	struct zone *dma, *dma32;
	unsigned long pfn;
	struct json j;

	res.blocks[0] = 3;
	res.blocks[10] = 2;
	e820__reset();
	efimm_reserve_reset();
	mt_boot(low_128m, 2, 1, true);
	mt_paging_init();
	dma = ZONE(0, ZONE_DMA);
	dma32 = ZONE(0, ZONE_DMA32);
	pfn = 0x200;
	add_free(dma, 1, MIGRATE_UNMOVABLE, 1, &pfn);
	pfn = 0x2000;
	add_free(dma32, 0, MIGRATE_MOVABLE, 2, &pfn);
	add_free(dma32, 0, MIGRATE_UNMOVABLE, 1, &pfn);
	pfn = 0x3000;
	add_free(dma32, 3, MIGRATE_RECLAIMABLE, 1, &pfn);
	pfn = 0x4000;
	add_free(dma32, 10, MIGRATE_MOVABLE, 2, &pfn);
	dma->managed_pages = 3970;
	dma->_watermark[WMARK_MIN] = 6;
	dma->_watermark[WMARK_LOW] = 8;
	dma->_watermark[WMARK_HIGH] = 10;
	dma->_watermark[WMARK_PROMO] = 12;
	for (int z = ZONE_DMA32; z < MAX_NR_ZONES; z++)
		dma->lowmem_reserve[z] = 100;
	dma32->managed_pages = 28000;
	dma32->watermark_boost = 4;
	dma32->_watermark[WMARK_MIN] = 100;
	dma32->_watermark[WMARK_LOW] = 125;
	dma32->_watermark[WMARK_HIGH] = 150;
	dma32->_watermark[WMARK_PROMO] = 175;

	timings_reset();
	timings_set_clock("test clock", 2500000);
	timing_record("e820", 1500000);
	timing_record("zones", 7);
	timing_record("e820", 1600000); /* timed again: the latest time, in its first place */

	numa_meminfo.nr_blks = 0;
	numa_add_memblk(0, 0, 0x8000000);
	numa_reset_distance();

	json_init(&j, report_buf, sizeof(report_buf));
	efimm_report_json(&j, &info);
	assert_true(json_finish(&j) > 0);
	return report_buf;
}

/*
 * Expect: every zone of the node (zoneinfo shows empty ones too) with
 * zoneinfo's counters: pages free = sum nr_free << order (DMA 2; DMA32
 * 3 + 8 + 2048 = 2059), min/low/high/promo with the boost added (DMA32:
 * 104, 129, 154, 179), spanned/present/managed, the protection array.
 */
static void test_report_zones(void **state)
{
	const char *r = zones_report();

	assert_non_null(strstr(r, "\"zones\":[{\"nid\":0,\"zone\":\"DMA\",\"populated\":true,\"start_pfn\":1,"
				  "\"pages_free\":2,\"boost\":0,\"min\":6,\"low\":8,\"high\":10,\"promo\":12,"
				  "\"spanned\":4095,\"present\":3999,\"managed\":3970,"
				  "\"lowmem_reserve\":[0,100,100,100,100],\"nr_free\":[0,1,0,0,0,0,0,0,0,0,0],"));
	assert_non_null(strstr(r, "{\"nid\":0,\"zone\":\"DMA32\",\"populated\":true,\"start_pfn\":4096,"
				  "\"pages_free\":2059,\"boost\":4,\"min\":104,\"low\":129,\"high\":154,\"promo\":179,"
				  "\"spanned\":28672,"));
	assert_non_null(strstr(r, "{\"nid\":0,\"zone\":\"Normal\",\"populated\":false,"));
	assert_non_null(strstr(r, "{\"nid\":0,\"zone\":\"Movable\",\"populated\":false,"));
	assert_non_null(strstr(r, "{\"nid\":0,\"zone\":\"Device\",\"populated\":false,"));
}

/* Expect: the free blocks split by migrate type as pagetypeinfo counts them (list lengths per order). */
static void test_report_migratetypes(void **state)
{
	const char *r = zones_report();
	const char *dma32 = strstr(r, "\"zone\":\"DMA32\"");

	assert_non_null(dma32);
	assert_non_null(strstr(r, "\"nr_free_by_migratetype\":{\"Unmovable\":[0,1,0,0,0,0,0,0,0,0,0],"
				  "\"Movable\":[0,0,0,0,0,0,0,0,0,0,0],\"Reclaimable\":[0,0,0,0,0,0,0,0,0,0,0]"));
	assert_non_null(strstr(dma32, "\"nr_free\":[3,0,0,1,0,0,0,0,0,0,2],\"nr_free_by_migratetype\":{"
				      "\"Unmovable\":[1,0,0,0,0,0,0,0,0,0,0],\"Movable\":[2,0,0,0,0,0,0,0,0,0,2],"
				      "\"Reclaimable\":[0,0,0,1,0,0,0,0,0,0,0],\"HighAtomic\":[0,0,0,0,0,0,0,0,0,0,0],"
				      "\"Isolate\":[0,0,0,0,0,0,0,0,0,0,0]}}"));
}

/* Expect: numa_meminfo's block (end inclusive, as the other ranges) and node 0's distance to itself, 10. */
static void test_report_numa(void **state)
{
	const char *r = zones_report();

	assert_non_null(strstr(r, "\"numa\":{\"memblks\":[{\"nid\":0,\"start\":\"0x0\",\"end\":\"0x7ffffff\"}],"
				  "\"nodes\":[{\"nid\":0,\"distance\":[10]}]},\"zones\":["));
}

/* Expect: buddyinfo lists the populated zones only, each with its nr_free per order. */
static void test_report_buddyinfo(void **state)
{
	const char *r = zones_report();

	assert_non_null(strstr(r, "\"buddyinfo\":[{\"nid\":0,\"zone\":\"DMA\",\"nr_free\":[0,1,0,0,0,0,0,0,0,0,0]},"
				  "{\"nid\":0,\"zone\":\"DMA32\",\"nr_free\":[3,0,0,1,0,0,0,0,0,0,2]}],"));
}

/*
 * Expect: the timings table as recorded (a stage timed twice keeps its first
 * place and its latest time), the clock named; slabinfo an empty array with
 * no caches; the self-tests' failures and the page self-test's result.
 */
static void test_report_timings_selftests(void **state)
{
	const char *r = zones_report();

	assert_non_null(strstr(r, "\"slabinfo\":[],\"timings\":{\"clock\":\"test clock\",\"clock_khz\":2500000,"
				  "\"stages\":[{\"name\":\"e820\",\"ns\":1600000},{\"name\":\"zones\",\"ns\":7}]}"));
	assert_non_null(strstr(r, "\"selftests\":{\"memblock_failures\":0,\"page_failures\":1,\"slab_failures\":-1,"
				  "\"page_result\":{"
				  "\"pages\":2059,\"blocks\":[3,0,0,0,0,0,0,0,0,0,2],\"bad_words\":0,"
				  "\"counts_differing\":1,\"words_per_page\":3,\"bytes_checked\":123456,\"alloc_ns\":11,\"write_ns\":22,"
				  "\"verify_ns\":33,\"free_ns\":44}}}"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_nesting), cmocka_unit_test(test_json_escaping),
		cmocka_unit_test(test_json_overflow), cmocka_unit_test(test_smbios),
		cmocka_unit_test(test_smbios_truncated),
		cmocka_unit_test_teardown(test_report_zones, mt_teardown),
		cmocka_unit_test_teardown(test_report_migratetypes, mt_teardown),
		cmocka_unit_test_teardown(test_report_buddyinfo, mt_teardown),
		cmocka_unit_test_teardown(test_report_numa, mt_teardown),
		cmocka_unit_test_teardown(test_report_timings_selftests, mt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
