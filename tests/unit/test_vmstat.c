/*
 * The /proc views (mm/vmstat.c) over hand-built zones: real zones and
 * memmap from x86_paging_init over 1 MiB + 127 MiB of RAM on node 0 (DMA
 * pfns 1-4095 with the 640K-1M hole, DMA32 0x1000-0x7fff), then free lists,
 * counters, watermarks and pageblock types set by hand. The expected text
 * is written from Linux 6.12's format strings (mm/vmstat.c frag_show_print,
 * pagetypeinfo_show*, zoneinfo_show_print; fs/proc/meminfo.c show_val_kb).
 * meminfo's slab lines are checked on a machine with SLUB up
 * (slub_test_util.h), against slab counts worked out from calculate_order.
 */
#include "slub_test_util.h"
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

	/* The pcp lists' figures as the allocator would leave them (zoneinfo's pagesets). */
	dma->per_cpu_pageset.count = 3;
	dma->per_cpu_pageset.high = 6;
	dma->per_cpu_pageset.batch = 1;
	dma32->per_cpu_pageset.count = 31;
	dma32->per_cpu_pageset.high = 129;
	dma32->per_cpu_pageset.batch = 7;
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
		"  pagesets\n"
		"    cpu: 0\n"
		"              count: 3\n"
		"              high:  6\n"
		"              batch: 1\n"
		"  vm stats threshold: 2\n"
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
		"  pagesets\n"
		"    cpu: 0\n"
		"              count: 31\n"
		"              high:  129\n"
		"              batch: 7\n"
		"  vm stats threshold: 2\n"
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

/*
 * calculate_normal_threshold with one online CPU: 2 * fls(1) * (1 + fls(managed >> 15)), at most 125
 * (the DMA and DMA32 zones above, under 128 MiB each: 2).
 */
static void test_stat_threshold(void **state)
{
	struct zone z = { 0 };

	z.managed_pages = 32767;
	assert_int_equal(calculate_normal_threshold(&z), 2);
	z.managed_pages = 32768; /* 128 MiB: mem 1 */
	assert_int_equal(calculate_normal_threshold(&z), 4);
	z.managed_pages = 4UL << 20; /* 16 GiB: mem 128, fls 8 */
	assert_int_equal(calculate_normal_threshold(&z), 18);
	z.managed_pages = (4UL << 20) - 1; /* mem 127, fls 7 */
	assert_int_equal(calculate_normal_threshold(&z), 16);
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
		"MemAvailable:       5204 kB\n"
		"KReclaimable:          0 kB\n"
		"Slab:                  0 kB\n"
		"SReclaimable:          0 kB\n"
		"SUnreclaim:            0 kB\n");
}

/* One meminfo line's value in kB. */
static unsigned long meminfo_kb(const char *text, const char *label)
{
	const char *p = strstr(text, label);

	assert_non_null(p);
	return strtoul(p + strlen(label), NULL, 10);
}

static void rcl_ctor(void *obj)
{
	(void)obj;
}

/*
 * SLUB up on 1 MiB - 512 MiB: the slab lines follow NR_SLAB_RECLAIMABLE_B
 * (caches with SLAB_RECLAIM_ACCOUNT) and NR_SLAB_UNRECLAIMABLE_B (the rest,
 * and large kmalloc); MemAvailable adds reclaimable slab less min(half of it,
 * the low watermarks), as si_mem_available.
 */
static void test_meminfo_slab(void **state)
{
	unsigned long boot_pages = 0, reserve = 0, wmark_low = 0, free_pages = 0, size, order, objs, slabs, rcl;
	struct kmem_cache *s, *c;
	struct slabinfo si;
	const char *text;
	void *objp[100], *big;

	st_boot(NULL);
	/* The boot caches (kmem_cache, kmem_cache_node) are unreclaimable; nothing is reclaimable yet. */
	for_each_kmem_cache(c) {
		get_slabinfo(c, &si);
		assert_false((c->flags & SLAB_RECLAIM_ACCOUNT) && si.num_slabs);
		boot_pages += si.num_slabs << si.cache_order;
	}
	assert_true(boot_pages > 0);
	text = show(meminfo_show);
	assert_int_equal(meminfo_kb(text, "SReclaimable:   "), 0);
	assert_int_equal(meminfo_kb(text, "KReclaimable:   "), 0);
	assert_int_equal(meminfo_kb(text, "SUnreclaim:     "), boot_pages * 4);
	assert_int_equal(meminfo_kb(text, "Slab:           "), boot_pages * 4);

	/* 100 objects of a reclaimable cache (a constructor keeps it from merging): ceil(100 / per slab) slabs. */
	s = kmem_cache_create("vmstat_rcl", 1000, 0, SLAB_RECLAIM_ACCOUNT, rcl_ctor);
	assert_non_null(s);
	size = kmem_cache_objsize(s);
	assert_true(size >= 1000);
	order = st_expected_order((unsigned int)size, 1, 0, 3, 0);
	objs = (PAGE_SIZE << order) / size;
	slabs = (100 + objs - 1) / objs;
	for (int i = 0; i < 100; i++)
		assert_non_null(objp[i] = kmem_cache_alloc(s, GFP_KERNEL));
	/* 12 KiB of large kmalloc: an order-2 block, unreclaimable. */
	big = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	assert_non_null(big);
	rcl = slabs << order;
	text = show(meminfo_show);
	assert_int_equal(meminfo_kb(text, "SReclaimable:   "), rcl * 4);
	assert_int_equal(meminfo_kb(text, "KReclaimable:   "), rcl * 4);
	assert_int_equal(meminfo_kb(text, "SUnreclaim:     "), (boot_pages + 4) * 4);
	assert_int_equal(meminfo_kb(text, "Slab:           "), (boot_pages + 4 + rcl) * 4);

	/* si_mem_available: free - totalreserve + rcl - min(rcl / 2, sum of low watermarks). */
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = ZONE(0, z);
		unsigned long max = 0;

		free_pages += zone_free_pages(zone);
		wmark_low += zone->_watermark[WMARK_LOW] + zone->watermark_boost;
		for (int j = z; j < MAX_NR_ZONES; j++)
			if (zone->lowmem_reserve[j] > (long)max)
				max = (unsigned long)zone->lowmem_reserve[j];
		reserve += min(max + zone->_watermark[WMARK_HIGH], zone->managed_pages);
	}
	assert_true(rcl / 2 < wmark_low); /* the half, not the watermark, is kept back here */
	assert_int_equal(meminfo_kb(text, "MemFree:        "), free_pages * 4);
	assert_int_equal(meminfo_kb(text, "MemAvailable:   "), (free_pages - reserve + rcl - rcl / 2) * 4);

	/* Everything back: the cache destroyed, the large block freed. */
	for (int i = 0; i < 100; i++)
		kmem_cache_free(s, objp[i]);
	kmem_cache_destroy(s);
	kfree(big);
	text = show(meminfo_show);
	assert_int_equal(meminfo_kb(text, "SReclaimable:   "), 0);
	assert_int_equal(meminfo_kb(text, "SUnreclaim:     "), boot_pages * 4);
	st_teardown(state);
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

/*
 * A slab of the fallback order: allocate_slab takes s->min (get_order(size))
 * when the preferred order's pages are not there. With every free block of
 * order 0 (all pages allocated, every other one freed), a 1000-byte cache of
 * calculate_order 1 (8 objects: 4 * (fls(1) + 1) = 8 * 1000 B fits 8 KiB
 * with 192 B left, at most 1/16) gets order-0 slabs of 4 objects; SReclaimable
 * must count 2 + 1 + 1 pages, not 3 slabs of the cache's order (6 pages).
 */
static void test_meminfo_slab_fallback_order(void **state)
{
	struct kmem_cache *s;
	struct slabinfo si;
	struct page *page;
	LIST_HEAD(held);
	const char *text;
	void *objp[16];
	unsigned long size;

	st_boot(NULL);
	s = kmem_cache_create("vmstat_fb", 1000, 0, SLAB_RECLAIM_ACCOUNT, rcl_ctor);
	assert_non_null(s);
	size = kmem_cache_objsize(s);
	assert_true(size >= 1000 && size < 1024);
	assert_int_equal(st_expected_order((unsigned int)size, 1, 0, 3, 0), 1);
	for (int i = 0; i < 8; i++)
		assert_non_null(objp[i] = kmem_cache_alloc(s, GFP_KERNEL));

	/* Every page allocated at order 0 (no watermarks), then the even pfns freed: no free block above order 0. */
	drain_all_pages(NULL);
	while ((page = alloc_pages(GFP_KERNEL | __GFP_MEMALLOC | __GFP_NOWARN, 0)))
		list_add(&page->lru, &held);
	for (struct list_head *pos = held.next, *n; pos != &held; pos = n) {
		n = pos->next;
		page = list_entry(pos, struct page, lru);
		if (page_to_pfn(page) & 1)
			continue;
		list_del(&page->lru);
		__free_pages(page, 0);
	}
	for (int i = 8; i < 16; i++)
		assert_non_null(objp[i] = kmem_cache_alloc(s, GFP_KERNEL));
	get_slabinfo(s, &si);
	assert_int_equal(si.num_slabs, 3);
	assert_int_equal(si.num_objs, 8 + 4 + 4);
	text = show(meminfo_show);
	assert_int_equal(meminfo_kb(text, "SReclaimable:   "), (2 + 1 + 1) * 4);
	assert_int_equal(meminfo_kb(text, "KReclaimable:   "), (2 + 1 + 1) * 4);

	for (int i = 0; i < 16; i++)
		kmem_cache_free(s, objp[i]);
	kmem_cache_destroy(s);
	while (!list_empty(&held)) {
		page = list_first_entry(&held, struct page, lru);
		list_del(&page->lru);
		__free_pages(page, 0);
	}
	text = show(meminfo_show);
	assert_int_equal(meminfo_kb(text, "SReclaimable:   "), 0);
	st_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_buddyinfo, mt_teardown),
		cmocka_unit_test_teardown(test_pagetypeinfo, mt_teardown),
		cmocka_unit_test_teardown(test_zoneinfo, mt_teardown),
		cmocka_unit_test(test_stat_threshold),
		cmocka_unit_test_teardown(test_meminfo, mt_teardown),
		cmocka_unit_test(test_meminfo_slab),
		cmocka_unit_test(test_meminfo_slab_fallback_order),
		cmocka_unit_test(test_seq_file_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
