/*
 * The memmap_init benchmark (make bench, and efimm's `bench` option):
 * memmap_init's time per GiB of memory against a plain memset (rep stosb)
 * of the same struct page bytes, both measured in the same run over the
 * same memmap, warm; and the bytes of mm metadata per GiB managed. Prints
 * the BENCH lines of DEVELOPERS.md. Never part of make test.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <efimm/mm_init.h>
#include <efimm/platform.h>

bool efimm_bench;

/* A plain memset, the way a good libc does it on x86_64: rep stosb. */
static void plain_memset(void *dst, int c, size_t n)
{
	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
}

/* num/den with three decimals, integer arithmetic only (no floats in the EFI build). */
static const char *milli(char *buf, size_t size, u64 num, u64 den)
{
	u64 m = den ? num * 1000 / den : 0;

	snprintf(buf, size, "%llu.%03llu", (unsigned long long)(m / 1000), (unsigned long long)(m % 1000));
	return buf;
}

void memmap_init_bench(const char *where)
{
	unsigned long sections = 0, pages;
	u64 t0, memset_ns, ours_ns, bytes, gib_milli, ours_per_gib, memset_per_gib, meta, per_gib;
	char r1[32], r2[32];

	if (!mem_section)
		return;
	for (unsigned long nr = 0; nr <= __highest_present_section_nr; nr++)
		if (valid_section_nr(nr))
			sections++;
	bytes = (u64)sections * PAGES_PER_SECTION * sizeof(struct page);
	if (!bytes)
		return;

	/* Warm both: one memmap_init already ran. The memset, then memmap_init again (it rewrites all). */
	t0 = platform_time_ns();
	for (unsigned long nr = 0; nr <= __highest_present_section_nr; nr++)
		if (valid_section_nr(nr))
			plain_memset(pfn_to_page(section_nr_to_pfn(nr)), 0, PAGES_PER_SECTION * sizeof(struct page));
	memset_ns = platform_time_ns() - t0;
	memmap_init_again();
	ours_ns = mminit_stats.memmap_init_ns;
	pages = mminit_stats.pages_initialised + mminit_stats.unavailable_pages;

	/* Per GiB of memory described (pages * 4 KiB), in microseconds. */
	gib_milli = (u64)pages * PAGE_SIZE * 1000 / SZ_1G; /* GiB x 1000 */
	ours_per_gib = gib_milli ? ours_ns * 1000 / gib_milli / 1000 : 0;
	memset_per_gib = gib_milli ? memset_ns * 1000 / gib_milli / 1000 : 0;
	pr_info("BENCH memmap_init_%s ours=%lluus peer=memset:%lluus ratio=%s target=1.3\n", where,
		(unsigned long long)ours_per_gib, (unsigned long long)memset_per_gib,
		milli(r1, sizeof(r1), ours_ns, memset_ns));
	pr_info("  memmap_init: %lu struct pages (%llu MiB of memory, %lu sections) in %llu us; "
		"memset of the same %llu MiB of struct pages: %llu us; both per GiB of memory above\n",
		pages, (unsigned long long)((u64)pages * PAGE_SIZE >> 20), sections, (unsigned long long)(ours_ns / 1000),
		(unsigned long long)(bytes >> 20), (unsigned long long)(memset_ns / 1000));

	/*
	 * Metadata (memmap, usemaps, section tables) per GiB of RAM managed,
	 * against struct pages alone (16 MiB per GiB, 1.5625%); the target,
	 * 1.6% of memory, is a ratio of 1.024 to that.
	 */
	meta = sparse_metadata_bytes();
	per_gib = meta * SZ_1G / memblock_phys_mem_size();
	pr_info("BENCH mm_metadata_%s ours=%lluB peer=struct_pages_only:%luB ratio=%s target=1.024\n", where,
		(unsigned long long)per_gib, SZ_1G / PAGE_SIZE * sizeof(struct page),
		milli(r1, sizeof(r1), per_gib, SZ_1G / PAGE_SIZE * sizeof(struct page)));
	pr_info("  mm metadata: %s%% of RAM (%llu KiB for %llu MiB; target at most 1.6%%)\n",
		milli(r2, sizeof(r2), meta * 100, memblock_phys_mem_size()), (unsigned long long)(meta >> 10),
		(unsigned long long)(memblock_phys_mem_size() >> 20));
}
