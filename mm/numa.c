/*
 * NUMA initialisation (arch/x86/mm/numa.c, mm/numa.c): the nodes from the
 * firmware's SRAT (mm/acpi_numa.c), or, when there is none, it is bad or
 * numa=off, the fallback every x86 kernel uses: one node spanning all of
 * RAM up to max_pfn ("Faking a node"). Then each node with memory gets its
 * pglist_data, allocated node-locally, and goes online.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/mmzone.h>
#include <efimm/platform.h>
#include <efimm/setup.h>
#include <efimm/numa.h>
#include <linux/numa_memblks.h>

bool numa_off;
nodemask_t numa_nodes_parsed;
nodemask_t node_possible_map;
nodemask_t node_online_map;
unsigned int nr_node_ids = 1;
struct pglist_data *node_data[MAX_NUMNODES];

/* The node memblock says pfn is on (early_pfn_to_nid), or 0 when it has none. */
int early_pfn_to_nid(unsigned long pfn)
{
	unsigned long start, end;
	int i, nid;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start, &end, &nid)
		if (pfn >= start && pfn < end)
			return numa_valid_node(nid) ? nid : 0;
	return 0;
}

/* alloc_node_data: the node's pg_data_t, from its own memory when it has some. */
void alloc_node_data(int nid)
{
	const size_t nd_size = ALIGN(sizeof(pg_data_t), SMP_CACHE_BYTES);
	phys_addr_t nd_pa = memblock_phys_alloc_try_nid(nd_size, SMP_CACHE_BYTES, nid);
	int tnid;

	if (!nd_pa) {
		/* Linux panics; we leave the node without data and say so. */
		pr_err("Cannot allocate %zu bytes for node %d data\n", nd_size, nid);
		return;
	}
	pr_info("NODE_DATA(%d) allocated [mem %#010llx-%#010llx]\n", nid, (unsigned long long)nd_pa,
		(unsigned long long)(nd_pa + nd_size - 1));
	tnid = early_pfn_to_nid(nd_pa >> PAGE_SHIFT);
	if (tnid != nid)
		pr_info("    NODE_DATA(%d) on node %d\n", nid, tnid);
	node_data[nid] = platform_phys_to_virt(nd_pa);
	if (node_data[nid]) {
		memset(node_data[nid], 0, sizeof(pg_data_t));
		node_data[nid]->node_id = nid;
	}
}

/* A possible node without memory: Linux leaves it offline until free_area_init. */
bool numa_node_memoryless(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES && node_isset(nid, &node_possible_map) && !node_online(nid);
}

/*
 * memblock_validate_numa_coverage: refuse a description that leaves more
 * than threshold bytes of RAM on no node.
 */
static bool memblock_validate_numa_coverage(unsigned long threshold_bytes)
{
	unsigned long nr_pages = 0, start_pfn, end_pfn;
	int i, nid;

	for_each_mem_pfn_range(i, MAX_NUMNODES, &start_pfn, &end_pfn, &nid)
		if (!numa_valid_node(nid))
			nr_pages += end_pfn - start_pfn;
	if ((nr_pages << PAGE_SHIFT) > threshold_bytes) {
		pr_err("NUMA: no nodes coverage for %luMB of %luMB RAM\n", (nr_pages << PAGE_SHIFT) >> 20,
		       (unsigned long)(memblock_phys_mem_size() >> 20));
		return false;
	}
	return true;
}

/* The first and last pfn memblock gives nid (numa_register_nodes' get_pfn_range_for_nid). */
static void node_pfn_range(int nid, unsigned long *start, unsigned long *end)
{
	unsigned long s, e;
	int i;

	*start = ~0UL;
	*end = 0;
	for_each_mem_pfn_range(i, nid, &s, &e, NULL) {
		*start = min(*start, s);
		*end = max(*end, e);
	}
	if (*start == ~0UL)
		*start = 0;
}

/* numa_register_nodes: NODE_DATA and online for every possible node that has memory. */
static int numa_register_nodes(void)
{
	int nid;

	if (!memblock_validate_numa_coverage(SZ_1M))
		return -1;
	for_each_node_mask(nid, node_possible_map) {
		unsigned long start_pfn, end_pfn;

		node_pfn_range(nid, &start_pfn, &end_pfn);
		if (start_pfn >= end_pfn)
			continue;
		alloc_node_data(nid);
		node_set_online(nid);
	}
	/* "Dump memblock with node info". */
	memblock_dump_all();
	return 0;
}

static int numa_init(int (*init_func)(void))
{
	int ret, nid;

	memset(node_data, 0, sizeof(node_data));
	for (int i = 0; i < MAX_LOCAL_APIC; i++)
		set_apicid_to_node(i, NUMA_NO_NODE);
	ret = numa_memblks_init(init_func, true);
	if (ret < 0)
		return ret;
	ret = numa_register_nodes();
	if (ret < 0)
		return ret;
	/* setup_nr_node_ids: the highest possible node + 1. */
	nr_node_ids = 1;
	for_each_node_mask(nid, node_possible_map)
		nr_node_ids = (unsigned int)nid + 1;
	return 0;
}

/* dummy_numa_init: no usable firmware description; one node over all of RAM. */
static int dummy_numa_init(void)
{
	printk(KERN_INFO "%s\n", numa_off ? "NUMA turned off" : "No NUMA configuration found");
	printk(KERN_INFO "Faking a node at [mem %#018llx-%#018llx]\n", 0ULL,
	       (unsigned long long)(PFN_PHYS(max_pfn) - 1));
	node_set(0, &numa_nodes_parsed);
	numa_add_memblk(0, 0, PFN_PHYS(max_pfn));
	return 0;
}

/* x86_numa_init: SRAT unless numa=off, else the dummy node. */
void x86_numa_init(void)
{
	if (!numa_off && !numa_init(x86_acpi_numa_init))
		return;
	numa_init(dummy_numa_init);
}
