/*
 * Memory model initialisation (mm/mm_init.c). For now the part of
 * free_area_init that reports the memory each node has.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <efimm/mm_init.h>

/* "Early memory node ranges": memblock.memory in whole pages, with each range's node. */
void print_early_node_ranges(void)
{
	unsigned long start_pfn, end_pfn;
	int i, nid;

	pr_info("Early memory node ranges\n");
	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid)
		pr_info("  node %3d: [mem %#018llx-%#018llx]\n", nid, (unsigned long long)PFN_PHYS(start_pfn),
			(unsigned long long)(PFN_PHYS(end_pfn) - 1));
}
