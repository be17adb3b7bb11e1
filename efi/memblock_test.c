/*
 * The memblock self-test on real RAM: allocations of mixed sizes and
 * alignments, both directions, until a budget is used; every byte handed
 * out is checked zeroed, written with a pattern, and read back; every
 * allocation must lie in memory efimm claimed, and the firmware's map read
 * afterwards must show it as efimm's (EfiLoaderData). Then all is freed and
 * memblock.reserved must be as before, but for memblock's own doubled arrays.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/memblock.h>

#define MAX_TEST_ALLOCS 1024
#define TEST_BUDGET (32 * SZ_1M)

struct test_alloc {
	UINT8 *p;
	UINT64 size;
};

static struct test_alloc allocs[MAX_TEST_ALLOCS];

bool efi_range_claimed(UINT64 base, UINT64 size);

static UINT8 pattern(unsigned int i, UINT64 off)
{
	return (UINT8)(i * 131 + off * 7 + (off >> 8));
}

static bool in_loader_data(const struct efi_memory_map *m, UINT64 base, UINT64 size)
{
	for (unsigned long i = 0; i < m->nr_map; i++) {
		const efi_memory_desc_t *md = efi_memdesc_ptr(m->map, m->desc_size, i);

		if (md->type == EFI_LOADER_DATA && base >= md->phys_addr &&
		    base + size <= md->phys_addr + (md->num_pages << 12))
			return true;
	}
	return false;
}

/* Returns the number of failures (0: passed). */
int efi_memblock_selftest(void)
{
	UINT64 seed = 0x9e3779b97f4a7c15ULL, used = 0;
	/* Doubling memblock's arrays reserves the new array for good: not a leak. */
	UINT64 reserved_before = memblock_reserved_size() - memblock_arrays_size();
	UINT64 budget = min_t(UINT64, TEST_BUDGET, memblock_estimated_nr_free_pages() * PAGE_SIZE / 4);
	bool bottom_up = memblock_bottom_up();
	struct efi_memory_map m;
	unsigned int n = 0, failures = 0;
	UINTN key;

	while (n < MAX_TEST_ALLOCS && used < budget) {
		UINT64 size, align;
		UINT8 *p;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		size = 1 + (seed >> 33) % (256 * SZ_1K);
		align = 1ULL << (3 + (seed >> 20) % 14);
		memblock_set_bottom_up(n & 1);
		p = memblock_alloc(size, align);
		if (!p)
			break;
		if ((UINT64)(UINTN)p % align || !efi_range_claimed((UINT64)(UINTN)p, size)) {
			pr_err("memblock selftest: allocation %u [mem %#018llx] +%llu (align %llu) is %s\n", n,
			       (unsigned long long)(UINTN)p, (unsigned long long)size, (unsigned long long)align,
			       (UINT64)(UINTN)p % align ? "misaligned" : "outside claimed memory");
			failures++;
			break;
		}
		for (UINT64 off = 0; off < size; off++) {
			if (p[off]) {
				pr_err("memblock selftest: allocation %u not zeroed at +%llu\n", n, (unsigned long long)off);
				failures++;
				break;
			}
			p[off] = pattern(n, off);
		}
		allocs[n++] = (struct test_alloc){ p, size };
		used += size;
	}
	memblock_set_bottom_up(bottom_up);

	for (unsigned int i = 0; i < n; i++)
		for (UINT64 off = 0; off < allocs[i].size; off++)
			if (allocs[i].p[off] != pattern(i, off)) {
				pr_err("memblock selftest: allocation %u overwritten at +%llu\n", i, (unsigned long long)off);
				failures++;
				break;
			}

	if (!EFI_ERROR(efi_get_memmap(&m, &key))) {
		for (unsigned int i = 0; i < n; i++)
			if (!in_loader_data(&m, (UINT64)(UINTN)allocs[i].p, allocs[i].size)) {
				pr_err("memblock selftest: the firmware's map does not show allocation %u as ours\n", i);
				failures++;
			}
		efi_free_memmap(&m);
	} else {
		pr_err("memblock selftest: cannot read the firmware's map\n");
		failures++;
	}

	for (unsigned int i = n; i-- > 0;)
		memblock_free(allocs[i].p, allocs[i].size);
	if (memblock_reserved_size() - memblock_arrays_size() != reserved_before) {
		pr_err("memblock selftest: reserved was 0x%llx, is 0x%llx after freeing everything (arrays excluded)\n",
		       (unsigned long long)reserved_before,
		       (unsigned long long)(memblock_reserved_size() - memblock_arrays_size()));
		failures++;
	}
	if (memblock_validate())
		failures++;
	pr_info("memblock selftest: %u allocations, %llu KiB written and verified, both directions: %s\n", n,
		(unsigned long long)(used >> 10), failures ? "FAILED" : "passed");
	return (int)failures;
}
