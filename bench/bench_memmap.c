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
#include "bench_machine.h"
#include <efimm/mm_init.h>
#include <efimm/numa.h>
#include <efimm/setup.h>

int main(void)
{
	static char out[1 << 16];
	const phys_addr_t end = 17 * SZ_1G;

	void *win = bench_fake_machine(end);

	if (!win)
		return 1;
	host_capture_start(out, sizeof(out));
	x86_paging_init();
	host_capture_stop();
	if (mminit_verify())
		return 1;
	memmap_init_bench("host_16g");
	host_lazy_phys_window_free(win, end);
	return 0;
}
