/*
 * The /proc views (mm/vmstat.c) over hand-built zones: real zones and
 * memmap from x86_paging_init over 1 MiB + 127 MiB of RAM on node 0 (DMA
 * pfns 1-4095 with the 640K-1M hole, DMA32 0x1000-0x7fff), then free lists,
 * counters, watermarks and pageblock types set by hand. The expected text
 * is written from Linux 6.12's format strings (mm/vmstat.c frag_show_print,
 * pagetypeinfo_show*, zoneinfo_show_print; fs/proc/meminfo.c show_val_kb).
 */
#include "mm_init_test_util.h"
#include <linux/vmstat.h>

static const struct ram low_128m[] = { { 0x1000, 0x9ffff, 0 }, { 0x100000, 0x7ffffff, 0 } };

/* Put pages on free lists: n blocks of this order and migrate type, counted in nr_free. */
static void add_free(struct zone *zone, int order, int mt, int n, unsigned long *pfn)
{
	for (int i = 0; i < n; i++, *pfn += 1UL << order) {
		list_add_tail(&pfn_to_page(*pfn)->lru, &zone->free_area[order].free_list[mt]);
		zone->free_area[order].nr_free++;
	}
}

static void setup_zones(void)
{
	struct zone *dma, *dma32;
	unsigned long pfn;

	mt_boot(low_128m, 2, 1, true);
	mt_paging_init();
	dma = ZONE(0, ZONE_DMA);
	dma32 = ZONE(0, ZONE_DMA32);
	assert_int_equal(dma->zone_start_pfn, 1);
	assert_int_equal(dma->spanned_pages, 4095);
	assert_int_equal(dma->present_pages, 3999);
	assert_int_equal(dma32->spanned_pages, 28672);

	/* Every block Movable, then DMA's first Unmovable and DMA32's second and third Reclaimable. */
	for (pfn = 0; pfn < 0x8000; pfn += pageblock_nr_pages)
		set_pfnblock_migratetype(pfn, MIGRATE_MOVABLE);
	set_pfnblock_migratetype(0, MIGRATE_UNMOVABLE);
	set_pfnblock_migratetype(0x1200, MIGRATE_RECLAIMABLE);
	set_pfnblock_migratetype(0x1400, MIGRATE_RECLAIMABLE);

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
	for (int z = ZONE_NORMAL; z < MAX_NR_ZONES; z++)
		dma32->lowmem_reserve[z] = 500;
}

static char buf[1 << 14];

static const char *show(void (*fn)(struct seq_file *))
{
	struct seq_file m = { .buf = buf, .size = sizeof(buf) };

	fn(&m);
	assert_true(m.count < sizeof(buf));
	assert_int_equal(strlen(buf), m.count);
	return buf;
}

static void test_buddyinfo(void **state)
{
	setup_zones();
	assert_string_equal(show(buddyinfo_show),
		"Node 0, zone      DMA      0      1      0      0      0      0      0      0      0      0      0 \n"
		"Node 0, zone    DMA32      3      0      0      1      0      0      0      0      0      0      2 \n");
}

static void test_pagetypeinfo(void **state)
{
	setup_zones();
	assert_string_equal(show(pagetypeinfo_show),
		"Page block order: 9\n"
		"Pages per block:  512\n"
		"\n"
		"Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 \n"
		"Node    0, zone      DMA, type    Unmovable      0      1      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone      DMA, type      Movable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone      DMA, type  Reclaimable      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone      DMA, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone      DMA, type          CMA      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone      DMA, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type    Unmovable      1      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type      Movable      2      0      0      0      0      0      0      0      0      0      2 \n"
		"Node    0, zone    DMA32, type  Reclaimable      0      0      0      1      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type   HighAtomic      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type          CMA      0      0      0      0      0      0      0      0      0      0      0 \n"
		"Node    0, zone    DMA32, type      Isolate      0      0      0      0      0      0      0      0      0      0      0 \n"
		"\n"
		"Number of blocks type     Unmovable      Movable  Reclaimable   HighAtomic          CMA      Isolate \n"
		/* DMA: blocks at pfns 1, 513, ... 3585 (Linux steps from the zone's first pfn); block 0 Unmovable. */
		"Node 0, zone      DMA            1            7            0            0            0            0 \n"
		"Node 0, zone    DMA32            0           54            2            0            0            0 \n");
}

static void test_zoneinfo(void **state)
{
	setup_zones();
	assert_string_equal(show(zoneinfo_show),
		"Node 0, zone      DMA\n"
		"  pages free     2\n"
		"        boost    0\n"
		"        min      6\n"
		"        low      8\n"
		"        high     10\n"
		"        promo    12\n"
		"        spanned  4095\n"
		"        present  3999\n"
		"        managed  3970\n"
		"        cma      0\n"
		"        protection: (0, 100, 100, 100, 100)\n"
		"      nr_free_pages 2\n"
		"  node_unreclaimable:  0\n"
		"  start_pfn:           1\n"
		"Node 0, zone    DMA32\n"
		"  pages free     2059\n"
		"        boost    4\n"
		"        min      104\n"
		"        low      129\n"
		"        high     154\n"
		"        promo    179\n"
		"        spanned  28672\n"
		"        present  28672\n"
		"        managed  28000\n"
		"        cma      0\n"
		"        protection: (0, 0, 500, 500, 500)\n"
		"      nr_free_pages 2059\n"
		"  node_unreclaimable:  0\n"
		"  start_pfn:           4096\n"
		"Node 0, zone   Normal\n"
		"  pages free     0\n"
		"        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        promo    0\n"
		"        spanned  0\n"
		"        present  0\n"
		"        managed  0\n"
		"        cma      0\n"
		"        protection: (0, 0, 0, 0, 0)\n"
		"Node 0, zone  Movable\n"
		"  pages free     0\n"
		"        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        promo    0\n"
		"        spanned  0\n"
		"        present  0\n"
		"        managed  0\n"
		"        cma      0\n"
		"        protection: (0, 0, 0, 0, 0)\n"
		"Node 0, zone   Device\n"
		"  pages free     0\n"
		"        boost    0\n"
		"        min      0\n"
		"        low      0\n"
		"        high     0\n"
		"        promo    0\n"
		"        spanned  0\n"
		"        present  0\n"
		"        managed  0\n"
		"        cma      0\n"
		"        protection: (0, 0, 0, 0, 0)\n");
}

static void test_meminfo(void **state)
{
	setup_zones();
	/*
	 * 31970 managed pages; free 2 + 3 + 8 + 2048 = 2061; reserve: DMA 100 + 10,
	 * DMA32 500 + 150 (its high watermark without the boost) = 760.
	 */
	assert_string_equal(show(meminfo_show),
		"MemTotal:         127880 kB\n"
		"MemFree:            8244 kB\n"
		"MemAvailable:       5204 kB\n");
}

static void test_seq_file_overflow(void **state)
{
	char small[8];
	struct seq_file m = { .buf = small, .size = sizeof(small) };

	seq_printf(&m, "%s", "0123456789");
	seq_printf(&m, "%d", 42);
	assert_int_equal(m.count, 12);
	assert_string_equal(small, "0123456");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_buddyinfo, mt_teardown),
		cmocka_unit_test_teardown(test_pagetypeinfo, mt_teardown),
		cmocka_unit_test_teardown(test_zoneinfo, mt_teardown),
		cmocka_unit_test_teardown(test_meminfo, mt_teardown),
		cmocka_unit_test(test_seq_file_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
