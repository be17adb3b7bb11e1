/*
 * NUMA initialisation (arch/x86/mm/numa.c). For now the fallback every x86
 * kernel uses when the firmware describes no nodes: one node spanning all
 * of RAM up to max_pfn ("Faking a node"). SRAT/SLIT parsing comes next.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <efimm/setup.h>
#include <efimm/numa.h>

bool numa_off;

/* dummy_numa_init + the memblock node assignment numa_register_meminfo makes. */
void x86_numa_init(void)
{
	printk(KERN_INFO "%s\n", numa_off ? "NUMA turned off" : "No NUMA configuration found");
	printk(KERN_INFO "Faking a node at [mem %#018llx-%#018llx]\n", 0ULL,
	       (unsigned long long)(PFN_PHYS(max_pfn) - 1));
	memblock_set_node(0, PFN_PHYS(max_pfn), &memblock.memory, 0);
	/* numa_register_nodes: "Dump memblock with node info". */
	memblock_dump_all();
}
