/*
 * NUMA initialisation (arch/x86/mm/numa.c, mm/numa.c). For now the
 * fallback every x86 kernel uses when the firmware describes no nodes: one
 * node spanning all of RAM up to max_pfn ("Faking a node"), then the node's
 * pglist_data allocated node-locally. SRAT/SLIT parsing comes next.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/mmzone.h>
#include <efimm/platform.h>
#include <efimm/setup.h>
#include <efimm/numa.h>

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

static void numa_reset(void)
{
	nodes_clear(&numa_nodes_parsed);
	nodes_clear(&node_possible_map);
	nodes_clear(&node_online_map);
	memset(node_data, 0, sizeof(node_data));
	nr_node_ids = 1;
}

/* dummy_numa_init, then what numa_register_meminfo and numa_register_nodes do for it. */
void x86_numa_init(void)
{
	numa_reset();
	printk(KERN_INFO "%s\n", numa_off ? "NUMA turned off" : "No NUMA configuration found");
	printk(KERN_INFO "Faking a node at [mem %#018llx-%#018llx]\n", 0ULL,
	       (unsigned long long)(PFN_PHYS(max_pfn) - 1));
	node_set(0, &numa_nodes_parsed);
	memblock_set_node(0, PFN_PHYS(max_pfn), &memblock.memory, 0);
	node_possible_map = numa_nodes_parsed;
	nr_node_ids = 1;
	alloc_node_data(0);
	node_set_online(0);
	/* numa_register_nodes: "Dump memblock with node info". */
	memblock_dump_all();
}
