/*
 * The `bench` option's page allocator benchmark in the guest: alloc+free
 * pairs through the buddy allocator (alloc_pages/__free_pages) against the
 * firmware's own page allocator (BootServices AllocatePages/FreePages) in the
 * same run: order-0 pairs, and mixed orders 0-4 held 64 at a time then freed
 * in reverse. The target is 20x the firmware's speed. When the buddy holds
 * no pages (before memblock_free_all), only the firmware is measured.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <efimm/platform.h>

#define FW_PAIRS 4096UL
#define OUR_PAIRS 262144UL
#define HELD 64

static const unsigned char mixed_orders[16] = { 0, 1, 0, 2, 0, 0, 3, 1, 0, 4, 0, 1, 2, 0, 0, 3 };

/* ns per pair; 0 when the firmware refused. */
static u64 fw_pairs(bool mixed)
{
	EFI_PHYSICAL_ADDRESS held[HELD];
	u64 t = platform_time_ns();

	for (unsigned long i = 0; i < FW_PAIRS / HELD; i++) {
		int n = mixed ? HELD : 1;

		for (int k = 0; k < HELD; k += n) {
			for (int j = 0; j < n; j++)
				if (EFI_ERROR(BS->AllocatePages(AllocateAnyPages, EfiLoaderData,
								mixed ? 1UL << mixed_orders[j % 16] : 1, &held[j])))
					return 0;
			for (int j = n - 1; j >= 0; j--)
				BS->FreePages(held[j], mixed ? 1UL << mixed_orders[j % 16] : 1);
		}
	}
	return (platform_time_ns() - t) / FW_PAIRS;
}

static u64 our_pairs(bool mixed)
{
	struct page *held[HELD];
	u64 t = platform_time_ns();

	for (unsigned long i = 0; i < OUR_PAIRS / HELD; i++) {
		int n = mixed ? HELD : 1;

		for (int k = 0; k < HELD; k += n) {
			for (int j = 0; j < n; j++)
				if (!(held[j] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, mixed ? mixed_orders[j % 16] : 0)))
					return 0;
			for (int j = n - 1; j >= 0; j--)
				__free_pages(held[j], mixed ? mixed_orders[j % 16] : 0);
		}
	}
	return (platform_time_ns() - t) / OUR_PAIRS;
}

static void report(const char *name, u64 ours, u64 fw)
{
	if (!fw) {
		pr_warn("efimm: bench %s: the firmware refused AllocatePages\n", name);
		return;
	}
	if (!ours) {
		pr_info("  %s: firmware AllocatePages+FreePages %llu ns per pair; the buddy allocator holds no pages yet\n", name,
			(unsigned long long)fw);
		return;
	}
	/* ratio = ours / peer, as every BENCH line: the target (at least 20x faster) is 0.05. */
	pr_info("BENCH %s ours=%lluns peer=firmware:%lluns ratio=%llu.%03llu target=0.05\n", name, (unsigned long long)ours,
		(unsigned long long)fw, (unsigned long long)(ours / fw), (unsigned long long)(ours * 1000 / fw % 1000));
	pr_info("  %s: %llu ns per alloc_pages+__free_pages pair (%lu pairs), %llu ns per AllocatePages+FreePages (%lu pairs)\n",
		name, (unsigned long long)ours, OUR_PAIRS, (unsigned long long)fw, FW_PAIRS);
}

void efi_page_bench(void)
{
	bool live = nr_free_pages() > 0;

	report("page_alloc_order0_efi", live ? our_pairs(false) : 0, fw_pairs(false));
	report("page_alloc_mixed_efi", live ? our_pairs(true) : 0, fw_pairs(true));
}
