/*
 * alloc_large_system_hash's sizing (mm/hash.c) and the dentry/inode tables
 * (fs/dcache.c), by hand from Linux 6.12's rules: nr_kernel_pages rounded up
 * to 256 pages, one more scale step per 4x above 64 GiB, one bucket per
 * 2^scale bytes, at least a page of buckets, a power of two, at most 1/16 of
 * all memory; and calc_nr_kernel_pages counting memblock's free whole pages.
 * dhash_entries= / ihash_entries= (set_dhash_entries, set_ihash_entries):
 * a count given is only rounded up to a power of two, then capped.
 */
#include "mm_init_test_util.h"
#include <linux/fs.h>
#include <efimm/cmdline.h>

static unsigned long entries(unsigned long kernel_pages, int scale)
{
	nr_kernel_pages = nr_all_pages = kernel_pages;
	return large_system_hash_entries(8, 0, scale, 0, 0);
}

static void test_sizing(void **state)
{
	/* linux-mm-facts: 240000 pages -> dentry 131072, inode 65536. */
	assert_int_equal(entries(240000, 13), 131072);
	assert_int_equal(entries(240000, 14), 65536);
	/* 16 GiB exactly: 2^22 pages >> 1 = 2^21 buckets (16 MiB, 1/64 of memory). */
	assert_int_equal(entries(1UL << 22, 13), 1UL << 21);
	/* Just above a power of two: 2^22 + 1 pages round up to 2^22 + 256, >> 1, then up to 2^22. */
	assert_int_equal(entries((1UL << 22) + 1, 13), 1UL << 22);
	/* 64 GiB is not above ADAPT_SCALE_BASE: no extra step. */
	assert_int_equal(entries(1UL << 24, 13), 1UL << 23);
	/* 128 GiB: one step (scale 14) -> 2^25 >> 2 = 2^23; 1 TiB: 64G*4 < 1T -> two steps -> 2^28 >> 3. */
	assert_int_equal(entries(1UL << 25, 13), 1UL << 23);
	assert_int_equal(entries(1UL << 28, 13), 1UL << 25);
	/* Tiny: 100 pages -> 256 -> 128 buckets = 1 KiB < a page -> 512 buckets. */
	assert_int_equal(entries(100, 13), 512);
	/* The 1/16 cap: all pages 1024 (4 MiB) -> 256 KiB of 8-byte buckets = 32768; asked 2^21. */
	nr_kernel_pages = 1UL << 22;
	nr_all_pages = 1024;
	assert_int_equal(large_system_hash_entries(8, 0, 13, 0, 0), 32768);
	/* A count given (dhash_entries=) is only rounded up, and high_limit caps and stops the scaling. */
	nr_all_pages = 1UL << 22;
	assert_int_equal(large_system_hash_entries(8, 1000, 13, 0, 0), 1024);
	assert_int_equal(large_system_hash_entries(8, 0, 13, 0, 4096), 4096);
	assert_int_equal(large_system_hash_entries(8, 0, 13, 1UL << 23, 0), 1UL << 23);
}

static const struct ram low_128m[] = { { 0x1000, 0x9ffff, 0 }, { 0x100000, 0x7ffffff, 0 } };

static void test_tables_and_lines(void **state)
{
	const char *out;
	void *d;

	mt_boot(low_128m, 2, 1, false);
	mt_paging_init();
	/* memblock's free whole pages: 159 + 32512 pages, less what paging_init allocated. */
	assert_true(nr_kernel_pages > 32000 && nr_kernel_pages <= 159 + 32512);
	assert_int_equal(nr_kernel_pages, nr_all_pages);
	memblock_reserve(0x1000, 0x9f000);
	calc_nr_kernel_pages();
	assert_true(nr_kernel_pages <= 32512);

	host_capture_start(mt_out, sizeof(mt_out));
	vfs_caches_init_early();
	vfs_caches_init(); /* one node: nothing more */
	host_capture_stop();
	out = mt_lines(mt_out, (const char *const[]){ "Dentry", "Inode", NULL });
	/* ~32500 pages -> 32768 >> 1 = 16384 dentry buckets (128 KiB, order 5), 8192 inode buckets. */
	assert_string_equal(out, "Dentry cache hash table entries: 16384 (order: 5, 131072 bytes, linear)\n"
				 "Inode-cache hash table entries: 8192 (order: 4, 65536 bytes, linear)\n");
	assert_int_equal(d_hash_shift, 14);
	assert_int_equal(i_hash_shift, 13);
	d = dentry_hashtable;
	assert_non_null(d);
	for (size_t i = 0; i < 131072; i++)
		assert_int_equal(((unsigned char *)d)[i], 0);
	assert_true(memblock_is_region_reserved(platform_virt_to_phys(d), 131072));
}

/* Linux's path for a given count: no scale, no page minimum; roundup_pow_of_two, the 1/16 cap, ilog2. */
static void test_given_counts(void **state)
{
	nr_kernel_pages = nr_all_pages = 1UL << 18; /* 1 GiB: the cap is 64 MiB / 8 = 2^23 buckets */
	assert_int_equal(large_system_hash_entries(8, 1, 13, 0, 0), 1); /* 8 bytes: below a page, kept */
	assert_int_equal(large_system_hash_entries(8, 3, 14, 0, 0), 4);
	assert_int_equal(large_system_hash_entries(8, 4096, 13, 0, 0), 4096);
	assert_int_equal(large_system_hash_entries(8, 4097, 13, 0, 0), 8192);
	assert_int_equal(large_system_hash_entries(8, 1UL << 23, 13, 0, 0), 1UL << 23);
	assert_int_equal(large_system_hash_entries(8, (1UL << 23) + 1, 13, 0, 0), 1UL << 23); /* 2^24 capped */
	/* The cap is not a power of two: 1000 pages -> 4096000 / 16 / 8 = 32000; the table takes ilog2 = 2^14. */
	nr_all_pages = 1000;
	assert_int_equal(large_system_hash_entries(8, 1UL << 20, 13, 0, 0), 32000);
	/* A typo far past 2^63 does not loop: rounded to 2^63, capped at 2^31. */
	nr_all_pages = 1UL << 40;
	assert_int_equal(large_system_hash_entries(8, ~0UL, 13, 0, 0), 0x80000000UL);
}

static void test_options(void **state)
{
	dhash_entries = ihash_entries = 0;
	host_capture_start(mt_out, sizeof(mt_out));
	assert_int_equal(efimm_parse_cmdline("dhash_entries=4096 ihash_entries=0x800"), 0);
	assert_int_equal(dhash_entries, 4096);
	assert_int_equal(ihash_entries, 0x800);
	assert_int_equal(set_dhash_entries("010"), 0); /* octal, as simple_strtoul base 0 */
	assert_int_equal(dhash_entries, 8);
	assert_int_equal(set_dhash_entries("12k"), -1);
	assert_int_equal(set_ihash_entries("many"), -1);
	assert_int_equal(set_ihash_entries(""), -1);
	host_capture_stop();
	assert_int_equal(dhash_entries, 8);   /* refused values change nothing */
	assert_int_equal(ihash_entries, 0x800);
	assert_non_null(strstr(mt_out, "efimm: dhash_entries=12k: not a number of buckets"));
	assert_non_null(strstr(mt_out, "efimm: ihash_entries=many: not a number of buckets"));
	assert_non_null(strstr(mt_out, "efimm: ihash_entries= needs a number of buckets"));
	dhash_entries = ihash_entries = 0;
}

/* The lines with counts given: Linux prints N (order: get_order(8N), 8N bytes, linear). */
static void test_given_tables(void **state)
{
	const char *out;

	mt_boot(low_128m, 2, 1, false);
	mt_paging_init();
	assert_int_equal(set_dhash_entries("1000"), 0);
	assert_int_equal(set_ihash_entries("1"), 0);
	host_capture_start(mt_out, sizeof(mt_out));
	vfs_caches_init_early();
	host_capture_stop();
	dhash_entries = ihash_entries = 0;
	out = mt_lines(mt_out, (const char *const[]){ "Dentry", "Inode", NULL });
	assert_string_equal(out, "Dentry cache hash table entries: 1024 (order: 1, 8192 bytes, linear)\n"
				 "Inode-cache hash table entries: 1 (order: 0, 8 bytes, linear)\n");
	assert_int_equal(d_hash_shift, 10);
	assert_int_equal(i_hash_shift, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizing),
		cmocka_unit_test_teardown(test_tables_and_lines, mt_teardown),
		cmocka_unit_test(test_given_counts),
		cmocka_unit_test(test_options),
		cmocka_unit_test_teardown(test_given_tables, mt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
