/*
 * Large system hash tables (mm/mm_init.c alloc_large_system_hash): a table
 * sized from the memory the kernel may use, one bucket per 2^scale bytes of
 * it (a coarser scale per 4x above 64 GiB, so huge machines do not get huge
 * tables), a power of two of buckets, never less than a page of them and
 * never more than 1/16 of all memory. Early tables (HASH_EARLY) come from
 * memblock, as Linux's do before the buddy allocator exists. The figures
 * come from nr_kernel_pages and nr_all_pages, which free_area_init computes
 * (calc_nr_kernel_pages) from memblock's free memory at that moment.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/nodemask.h>
#include <efimm/numa.h>


unsigned long nr_kernel_pages;
unsigned long nr_all_pages;
int hashdist = 1; /* HASHDIST_DEFAULT on a 64-bit NUMA kernel; fixup_hashdist clears it for one node */

/* calc_nr_kernel_pages: whole free pages in memblock (no highmem on x86_64, so both counts agree). */
void calc_nr_kernel_pages(void)
{
	phys_addr_t start, end;
	u64 i;

	nr_kernel_pages = nr_all_pages = 0;
	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
		unsigned long start_pfn = PFN_UP(start), end_pfn = PFN_DOWN(end);

		if (start_pfn < end_pfn) {
			nr_all_pages += end_pfn - start_pfn;
			nr_kernel_pages += end_pfn - start_pfn;
		}
	}
}

/* Above 64 GiB, one more step of scale each time memory grows 4x. */
#define ADAPT_SCALE_BASE (64UL << 30)
#define ADAPT_SCALE_SHIFT 2
#define ADAPT_SCALE_NPAGES (ADAPT_SCALE_BASE >> PAGE_SHIFT)

/* get_order: the smallest order whose block holds size bytes. */
static int size_order(unsigned long size)
{
	int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* The next power of two; counts above 2^63 (a dhash_entries= typo) stop at 2^63, which max caps anyway. */
static unsigned long roundup_pow_of_two(unsigned long n)
{
	unsigned long p = 1;

	while (p < n && p < (1UL << 63))
		p <<= 1;
	return p;
}

static unsigned int ilog2(unsigned long n)
{
	unsigned int l = 0;

	while (n >>= 1)
		l++;
	return l;
}

unsigned long large_system_hash_entries(unsigned long bucketsize, unsigned long numentries, int scale,
					unsigned long low_limit, unsigned long high_limit)
{
	unsigned long long max = high_limit;

	/* A number given on the command line (dhash_entries=) is used as it is, rounded. */
	if (!numentries) {
		/* The kernel's memory rounded up to a whole MiB. */
		numentries = ALIGN(nr_kernel_pages, SZ_1M / PAGE_SIZE);
		if (!high_limit)
			for (unsigned long adapt = ADAPT_SCALE_NPAGES; adapt < numentries; adapt <<= ADAPT_SCALE_SHIFT)
				scale++;
		if (scale > PAGE_SHIFT)
			numentries >>= (scale - PAGE_SHIFT);
		else
			numentries <<= (PAGE_SHIFT - scale);
		if (numentries * bucketsize < PAGE_SIZE)
			numentries = PAGE_SIZE / bucketsize;
	}
	numentries = roundup_pow_of_two(numentries);

	/* At most 1/16 of all memory, and 2^31 buckets. */
	if (max == 0)
		max = (((unsigned long long)nr_all_pages << PAGE_SHIFT) >> 4) / bucketsize;
	max = min(max, 0x80000000ULL);
	if (numentries < low_limit)
		numentries = low_limit;
	if (numentries > max)
		numentries = (unsigned long)max;
	return numentries;
}

/* Linux's vmalloc_huge maps with 2 MiB pages when each online node's share is at least that. */
#define PMD_SIZE (2UL << 20)

void *alloc_large_system_hash(const char *tablename, unsigned long bucketsize, unsigned long numentries, int scale,
			      int flags, unsigned int *hash_shift, unsigned int *hash_mask, unsigned long low_limit,
			      unsigned long high_limit)
{
	unsigned long log2qty = ilog2(large_system_hash_entries(bucketsize, numentries, scale, low_limit, high_limit));
	unsigned long size;
	bool virt = !(flags & HASH_EARLY);
	void *table;

	/*
	 * Late tables are vmalloc'ed in Linux (get_order(size) > MAX_PAGE_ORDER or
	 * hashdist, always so on the multi-node machines that take this path);
	 * efimm has no vmalloc, so they come from memblock too, which still holds
	 * the memory at that point: same size, same line.
	 */
	do {
		size = bucketsize << log2qty;
		table = (flags & HASH_ZERO) ? memblock_alloc(size, SMP_CACHE_BYTES) : memblock_alloc_raw(size, SMP_CACHE_BYTES);
	} while (!table && size > PAGE_SIZE && --log2qty);

	if (!table) {
		pr_err("efimm: failed to allocate %s hash table\n", tablename);
		return NULL;
	}
	pr_info("%s hash table entries: %ld (order: %d, %lu bytes, %s)\n", tablename, 1L << log2qty, size_order(size),
		size, virt ? (size / max(hash_online_nodes(), 1U) >= PMD_SIZE ? "vmalloc hugepage" : "vmalloc") : "linear");
	if (hash_shift)
		*hash_shift = (unsigned int)log2qty;
	if (hash_mask)
		*hash_mask = (1U << log2qty) - 1;
	return table;
}

/*
 * num_online_nodes as vmalloc sees it: the nodes with memory, and, since
 * x86's init_cpu_to_node sets them online too, the nodes with CPUs only.
 */
unsigned int hash_online_nodes(void)
{
	nodemask_t online = node_online_map;
	int nid;

	for (int apicid = 0; apicid < MAX_LOCAL_APIC; apicid++) {
		nid = numa_apicid_to_node(apicid);
		if (nid >= 0 && nid < MAX_NUMNODES)
			node_set(nid, &online);
	}
	return nodes_weight(&online);
}
