/*
 * The SPARSEMEM memory model (mm/sparse.c), without VMEMMAP: memory is cut
 * into 128 MiB sections; every section that holds RAM gets a memmap of
 * 32768 struct pages (2 MiB) and a usemap (its pageblock bits), allocated
 * from memblock on the section's own node. Sections without RAM get nothing,
 * so a 12 TiB machine with holes pays only for what it has.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/pageblock-flags.h>
#include <efimm/mm_init.h>
#include <efimm/numa.h>
#include <efimm/platform.h>

struct mem_section **mem_section;
unsigned long __highest_present_section_nr;

/* The 16 MiB ZONE_DMA stays free for devices that need it: memmaps go above it. */
#define MAX_DMA_ADDRESS (16UL << 20)

static unsigned long section_map_size(void)
{
	return ALIGN(sizeof(struct page) * PAGES_PER_SECTION, PAGE_SIZE);
}

static unsigned long mem_section_usage_size(void)
{
	return USEMAP_SIZE;
}

/* Before a section has its memmap, section_mem_map holds its node (sparse_encode_early_nid). */
static unsigned long sparse_encode_early_nid(int nid)
{
	return (unsigned long)nid << SECTION_NID_SHIFT;
}

static int sparse_early_nid(const struct mem_section *ms)
{
	return (int)(ms->section_mem_map >> SECTION_NID_SHIFT);
}

/* sparse_index_init: the root page covering this section, from the node's memory. */
static int sparse_index_init(unsigned long section_nr, int nid)
{
	unsigned long root = SECTION_NR_TO_ROOT(section_nr);
	struct mem_section *section;

	if (mem_section[root])
		return 0;
	section = memblock_alloc_node(PAGE_SIZE, SMP_CACHE_BYTES, nid);
	if (!section)
		return -1;
	mem_section[root] = section;
	return 0;
}

/* memory_present: mark the sections of [start, end) present, on node nid. */
static void memory_present(int nid, unsigned long start, unsigned long end)
{
	for (unsigned long pfn = start & PAGE_SECTION_MASK; pfn < end; pfn += PAGES_PER_SECTION) {
		unsigned long section_nr = pfn_to_section_nr(pfn);
		struct mem_section *ms;

		if (section_nr >= NR_MEM_SECTIONS)
			break;
		if (sparse_index_init(section_nr, nid)) {
			pr_err("sparse: no memory for the section table of node %d; [mem %#018llx-%#018llx] left out\n",
			       nid, (unsigned long long)PFN_PHYS(pfn), (unsigned long long)PFN_PHYS(end) - 1);
			return;
		}
		if (section_nr > __highest_present_section_nr)
			__highest_present_section_nr = section_nr;
		ms = __nr_to_section(section_nr);
		/* A section shared by two nodes belongs to the first one that reaches it. */
		if (!ms->section_mem_map)
			ms->section_mem_map = sparse_encode_early_nid(nid) | SECTION_IS_ONLINE | SECTION_MARKED_PRESENT;
	}
}

/* memblocks_present: the root table, then every memblock.memory range. */
static int memblocks_present(void)
{
	unsigned long start, end;
	int i, nid;

	mem_section = memblock_alloc(sizeof(struct mem_section *) * NR_SECTION_ROOTS, SMP_CACHE_BYTES);
	if (!mem_section) {
		pr_err("sparse: cannot allocate the section table\n");
		return -1;
	}
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, &nid)
		memory_present(nid, start, end);
	return 0;
}

static unsigned long next_present_section_nr(unsigned long section_nr)
{
	while (++section_nr <= __highest_present_section_nr)
		if (present_section_nr(section_nr))
			return section_nr;
	return ~0UL;
}

#define for_each_present_section_nr(start, section_nr)                                   \
	for (section_nr = next_present_section_nr((start) - 1); section_nr != ~0UL; \
	     section_nr = next_present_section_nr(section_nr))

/*
 * sparse_buffer_init/alloc/fini: one allocation for all of a node's
 * memmaps, handed out section by section; what is left is freed.
 */
static char *sparsemap_buf, *sparsemap_buf_end;

static void sparse_buffer_init(unsigned long size, int nid)
{
	sparsemap_buf = memblock_alloc_exact_nid_raw(size, section_map_size(), MAX_DMA_ADDRESS,
						     MEMBLOCK_ALLOC_ACCESSIBLE, nid);
	sparsemap_buf_end = sparsemap_buf ? sparsemap_buf + size : NULL;
}

static void sparse_buffer_fini(void)
{
	if (sparsemap_buf && sparsemap_buf < sparsemap_buf_end)
		memblock_free(sparsemap_buf, (size_t)(sparsemap_buf_end - sparsemap_buf));
	sparsemap_buf = sparsemap_buf_end = NULL;
}

static void *sparse_buffer_alloc(unsigned long size)
{
	char *ptr;

	if (!sparsemap_buf)
		return NULL;
	ptr = (char *)ALIGN((uintptr_t)sparsemap_buf, size);
	if (ptr + size > sparsemap_buf_end)
		return NULL;
	if (ptr > sparsemap_buf)
		memblock_free(sparsemap_buf, (size_t)(ptr - sparsemap_buf));
	sparsemap_buf = ptr + size;
	return ptr;
}

/* __populate_section_memmap (!VMEMMAP): from the node's buffer, or memblock near the node. */
static struct page *populate_section_memmap(int nid)
{
	unsigned long size = section_map_size();
	struct page *map = sparse_buffer_alloc(size);

	if (map)
		return map;
	return memblock_alloc_try_nid_raw(size, size, MAX_DMA_ADDRESS, MEMBLOCK_ALLOC_ACCESSIBLE, nid);
}

/* sparse_init_one_section: store map - first pfn, so map + pfn is the page of pfn. */
static void sparse_init_one_section(struct mem_section *ms, unsigned long pnum, struct page *map,
				    struct mem_section_usage *usage, unsigned long flags)
{
	uintptr_t coded = (uintptr_t)map - section_nr_to_pfn(pnum) * sizeof(struct page);

	/* The early nid above the flag bits gives way to the map. */
	ms->section_mem_map = (ms->section_mem_map & ~SECTION_MAP_MASK) | coded |
			      SECTION_HAS_MEM_MAP | flags;
	ms->usage = usage;
}

/* sparse_init_nid: usemaps, then memmaps, for the node's present sections [pnum_begin, pnum_end). */
static void sparse_init_nid(int nid, unsigned long pnum_begin, unsigned long pnum_end, unsigned long map_count)
{
	char *usage = memblock_alloc_node(mem_section_usage_size() * map_count, SMP_CACHE_BYTES, nid);
	unsigned long pnum;

	if (!usage) {
		pr_err("sparse_init_nid: node[%d] usemap allocation failed", nid);
		goto failed;
	}
	sparse_buffer_init(map_count * section_map_size(), nid);
	for_each_present_section_nr(pnum_begin, pnum) {
		struct page *map;

		if (pnum >= pnum_end)
			break;
		map = populate_section_memmap(nid);
		if (!map) {
			pr_err("sparse_init_nid: node[%d] memory map backing failed. Some memory will not be available.",
			       nid);
			pnum_begin = pnum;
			sparse_buffer_fini();
			goto failed;
		}
		sparse_init_one_section(__nr_to_section(pnum), pnum, map, (struct mem_section_usage *)usage,
					SECTION_IS_EARLY);
		usage += mem_section_usage_size();
	}
	sparse_buffer_fini();
	return;
failed:
	/* Sections left without a memmap are not present: their pfns are not pfn_valid. */
	for_each_present_section_nr(pnum_begin, pnum) {
		if (pnum >= pnum_end)
			break;
		__nr_to_section(pnum)->section_mem_map = 0;
	}
}

/* sparse_init: mark present sections, then allocate each node's run of them. */
void sparse_init(void)
{
	unsigned long pnum_end, pnum_begin, map_count = 1;
	int nid_begin;

	mem_section = NULL;
	__highest_present_section_nr = 0;
	if (memblocks_present())
		return;
	pnum_begin = next_present_section_nr(-1UL);
	if (pnum_begin == ~0UL)
		return;
	nid_begin = sparse_early_nid(__nr_to_section(pnum_begin));
	for_each_present_section_nr(pnum_begin + 1, pnum_end) {
		int nid = sparse_early_nid(__nr_to_section(pnum_end));

		if (nid == nid_begin) {
			map_count++;
			continue;
		}
		sparse_init_nid(nid_begin, pnum_begin, pnum_end, map_count);
		nid_begin = nid;
		pnum_begin = pnum_end;
		map_count = 1;
	}
	sparse_init_nid(nid_begin, pnum_begin, __highest_present_section_nr + 1, map_count);
}

/* Bytes of memmap and usemap sparse_init gave the present sections (for the metadata report). */
unsigned long sparse_metadata_bytes(void)
{
	unsigned long bytes = 0;

	if (!mem_section)
		return 0;
	bytes += sizeof(struct mem_section *) * NR_SECTION_ROOTS;
	for (unsigned long root = 0; root < NR_SECTION_ROOTS; root++)
		if (mem_section[root])
			bytes += PAGE_SIZE;
	for (unsigned long nr = 0; nr <= __highest_present_section_nr; nr++)
		if (valid_section_nr(nr))
			bytes += section_map_size() + mem_section_usage_size();
	return bytes;
}
