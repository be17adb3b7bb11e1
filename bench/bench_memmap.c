/*
 * make bench, host part: memmap_init over a 16 GiB PC-like layout (low
 * RAM, 1 MiB - 3 GiB, 4 GiB - 17 GiB) in a lazily backed window of
 * "physical memory", against a memset of the same struct pages in the same
 * run, and the metadata per GiB. Built with -O2 and no sanitizers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <efimm/host.h>
#include <efimm/mm_init.h>
#include <efimm/numa.h>
#include <efimm/setup.h>

int main(void)
{
	static char out[1 << 16];
	const phys_addr_t end = 17 * SZ_1G;
	void *win;

	memblock_reset();
	memblock_add_node(0x1000, 0x9f000, 0, 0);
	memblock_add_node(0x100000, 3 * SZ_1G - 0x100000, 0, 0);
	memblock_add_node(4 * SZ_1G, end - 4 * SZ_1G, 0, 0);
	max_pfn = PFN_DOWN(end);
	max_low_pfn = 1UL << 20;
	win = host_lazy_phys_window(end);
	if (!win) {
		fprintf(stderr, "bench: cannot map a %llu GiB window\n", (unsigned long long)(end >> 30));
		return 1;
	}
	host_capture_start(out, sizeof(out));
	node_set(0, &node_possible_map);
	alloc_node_data(0);
	node_set_online(0);
	x86_paging_init();
	host_capture_stop();
	if (mminit_verify())
		return 1;
	memmap_init_bench("host_16g");
	host_lazy_phys_window_free(win, end);
	return 0;
}
