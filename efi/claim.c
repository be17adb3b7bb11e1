/*
 * Owning real RAM. While boot services run, the firmware owns its memory
 * map: memblock may only hand out what efimm has taken from it. So:
 *   1. everything in use is reserved in memblock, with its owner's name
 *      (efimm's image, the firmware's boot-services code and data, loader
 *      data such as our heap and the map buffer, ...), plus a slice left
 *      free for the firmware's own allocations while we run;
 *   2. every range memblock still considers free is claimed from the
 *      firmware with AllocatePages at that address (EfiLoaderData);
 *   3. before efimm returns to the firmware, every claim is given back, so
 *      a second run in the same boot sees the same map.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <efimm/reserve.h>
#include <efimm/ebs.h>

#define MAX_CLAIMS 4096
#define FIRMWARE_SLACK (16 * SZ_1M)

struct claim {
	UINT64 base, pages;
};

/* Owner names for what is left to the firmware; efi/ebs.c takes these back after ExitBootServices. */
const char efi_owner_left_to_firmware[] = "left to the firmware";
const char efi_owner_unclaimed[] = "not claimed (firmware's)";

static struct claim claims[MAX_CLAIMS];
static UINT64 image_base, image_end;
static unsigned int nr_claims;
static UINT64 claimed_pages;

static const char *owner_name(const efi_memory_desc_t *md, UINT64 sp)
{
	UINT64 start = md->phys_addr, end = start + (md->num_pages << 12);

	if (md->type == EFI_LOADER_CODE && image_base < end && image_end > start)
		return "efimm image";
	if (sp >= start && sp < end)
		return "stack (in boot-services data)";
	switch (md->type) {
	case EFI_LOADER_CODE:
		return "loader code (another image)";
	case EFI_LOADER_DATA:
		return "loader data (efimm heap, map buffer)";
	case EFI_BOOT_SERVICES_CODE:
		return "boot-services code";
	case EFI_BOOT_SERVICES_DATA:
		return "boot-services data";
	case EFI_RUNTIME_SERVICES_CODE:
	case EFI_RUNTIME_SERVICES_DATA:
		return "runtime services";
	case EFI_ACPI_RECLAIM_MEMORY:
		return "ACPI tables";
	case EFI_ACPI_MEMORY_NVS:
		return "ACPI NVS";
	default:
		return NULL;
	}
}

/* Reserve what the firmware and efimm are using; returns the bytes reserved. */
UINT64 efi_reserve_in_use(const struct efi_memory_map *m, EFI_HANDLE image)
{
	EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li = NULL;
	UINT64 sp = (UINT64)(UINTN)__builtin_frame_address(0), total = 0;
	phys_addr_t slack;

	if (!EFI_ERROR(BS->HandleProtocol(image, &li_guid, (void **)&li)) && li) {
		image_base = (UINT64)(UINTN)li->ImageBase;
		image_end = image_base + li->ImageSize;
	}
	for (unsigned long i = 0; i < m->nr_map; i++) {
		const efi_memory_desc_t *md = efi_memdesc_ptr(m->map, m->desc_size, i);
		UINT64 size = md->num_pages << 12;
		const char *name = owner_name(md, sp);

		/* Only RAM memblock knows about needs reserving; E820 keeps the rest out already. */
		if (!name || !memblock_overlaps_region(&memblock.memory, md->phys_addr, size))
			continue;
		efimm_reserve(md->phys_addr, size, name);
		total += size;
	}
	/*
	 * Leave the firmware room for its own allocations (console, files, our
	 * pool) while boot services run: where memblock would allocate, below 4 GiB.
	 */
	slack = min_t(phys_addr_t, FIRMWARE_SLACK, memblock_estimated_nr_free_pages() * PAGE_SIZE / 8);
	slack = ALIGN_DOWN(slack, PAGE_SIZE);
	if (slack) {
		phys_addr_t at = memblock_phys_alloc_range(slack, PAGE_SIZE, 0, 1ULL << 32);

		if (at) {
			/* Re-reserve under a name (the allocation's own reservation is merged). */
			efimm_reserve(at, slack, efi_owner_left_to_firmware);
			total += slack;
		}
	}
	return total;
}

struct free_range {
	UINT64 start, end;
};

static struct free_range free_ranges[MAX_CLAIMS];

static void add_claim(UINT64 base, UINT64 pages)
{
	claims[nr_claims].base = base;
	claims[nr_claims].pages = pages;
	nr_claims++;
	claimed_pages += pages;
}

/* Collect memblock's free ranges; returns how many did not fit in free_ranges. */
static unsigned int collect_free_ranges(unsigned int *nr)
{
	phys_addr_t start, end;
	unsigned int skipped = 0;
	u64 it;

	*nr = 0;
	for_each_free_mem_range(it, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end, NULL) {
		if (*nr == MAX_CLAIMS) {
			skipped++;
			continue;
		}
		free_ranges[(*nr)++] = (struct free_range){ start, end };
	}
	return skipped;
}

/* The end of the claim covering addr, or 0; *next_claim gets the first claim above addr (or limit). */
static UINT64 claim_end_at(UINT64 addr, UINT64 limit, UINT64 *next_claim)
{
	*next_claim = limit;
	for (unsigned int c = 0; c < nr_claims; c++) {
		UINT64 cb = claims[c].base, ce = cb + (claims[c].pages << 12);

		if (addr >= cb && addr < ce)
			return ce;
		if (cb > addr && cb < *next_claim)
			*next_claim = cb;
	}
	return 0;
}

/*
 * Reserve every part of memblock's free memory that efimm does not own:
 * refused ranges, ranges the firmware took since the map was read, partial
 * pages, and ranges past the claim table. Reserving can double memblock's
 * array (allocated from free memory), so sweep until a pass finds nothing.
 */
static UINT64 reserve_unowned(void)
{
	UINT64 total = 0, found;

	do {
		unsigned int nr;

		found = 0;
		if (collect_free_ranges(&nr))
			pr_warn("efimm: more than %d free ranges; sweeping again\n", MAX_CLAIMS);
		for (unsigned int f = 0; f < nr; f++) {
			for (UINT64 cursor = free_ranges[f].start, next; cursor < free_ranges[f].end; cursor = next) {
				UINT64 owned_end = claim_end_at(cursor, free_ranges[f].end, &next);

				if (owned_end) {
					next = min(owned_end, free_ranges[f].end);
					continue;
				}
				efimm_reserve(cursor, next - cursor, efi_owner_unclaimed);
				found += next - cursor;
			}
		}
		total += found;
	} while (found);
	return total;
}

/* memblock's arrays are static (in our image) or were doubled into memory we must own. */
static void check_arrays_owned(const struct memblock_type *type)
{
	UINT64 at = (UINT64)(UINTN)type->regions, size = type->max * sizeof(struct memblock_region);

	if ((at >= image_base && at + size <= image_end) || efi_range_claimed(at, size))
		return;
	pr_err("efimm: memblock's %s array [mem %#018llx-%#018llx] is in memory efimm does not own\n", type->name,
	       (unsigned long long)at, (unsigned long long)(at + size - 1));
}

/*
 * Claim every free memblock range from the firmware. The map is read again:
 * what changed since memblock was built (our own pool allocations) is
 * reserved as the firmware's, never claimed. Returns the number of ranges refused.
 */
int efi_claim_free(void)
{
	struct efi_memory_map m;
	unsigned int nr_free, refused = 0;
	UINT64 unowned;
	UINTN key;

	collect_free_ranges(&nr_free);
	if (EFI_ERROR(efi_get_memmap(&m, &key))) {
		pr_err("efimm: cannot read the memory map again; claiming nothing\n");
		reserve_unowned();
		return (int)nr_free;
	}
	for (unsigned int f = 0; f < nr_free; f++) {
		/* Claims are whole pages; the partial pages at the edges stay unowned. */
		UINT64 cursor = ALIGN(free_ranges[f].start, PAGE_SIZE), end = ALIGN_DOWN(free_ranges[f].end, PAGE_SIZE);

		for (unsigned long i = 0; i < m.nr_map && cursor < end; i++) {
			const efi_memory_desc_t *md = efi_memdesc_ptr(m.map, m.desc_size, i);
			UINT64 lo = max(md->phys_addr, cursor);
			UINT64 hi = min(md->phys_addr + (md->num_pages << 12), end);
			EFI_PHYSICAL_ADDRESS addr = lo;

			if (md->type != EFI_CONVENTIONAL_MEMORY || lo >= hi)
				continue;
			if (nr_claims == MAX_CLAIMS ||
			    EFI_ERROR(BS->AllocatePages(AllocateAddress, EfiLoaderData, (hi - lo) >> 12, &addr))) {
				refused++;
				continue;
			}
			add_claim(lo, (hi - lo) >> 12);
		}
	}
	efi_free_memmap(&m);
	unowned = reserve_unowned();
	check_arrays_owned(&memblock.memory);
	check_arrays_owned(&memblock.reserved);

	pr_info("efimm: claimed %llu MiB (%llu pages) from the firmware in %u ranges\n",
		(unsigned long long)(claimed_pages >> 8), (unsigned long long)claimed_pages, nr_claims);
	if (unowned)
		pr_warn("efimm: %llu KiB the firmware would not give (%u refusals) or had taken since is reserved, not used\n",
			(unsigned long long)(unowned >> 10), refused);
	return (int)refused;
}

UINT64 efi_claimed_bytes(void)
{
	return claimed_pages << 12;
}

bool efi_range_claimed(UINT64 base, UINT64 size)
{
	for (unsigned int c = 0; c < nr_claims; c++) {
		UINT64 cb = claims[c].base, ce = cb + (claims[c].pages << 12);

		if (base >= cb && base + size <= ce)
			return true;
	}
	return false;
}

/* Give every claimed page back; returns the number of FreePages failures. */
int efi_release_claims(void)
{
	int failed = 0;

	for (unsigned int c = nr_claims; c-- > 0;) {
		if (EFI_ERROR(BS->FreePages(claims[c].base, claims[c].pages))) {
			pr_err("efimm: FreePages [mem %#018llx] (%llu pages) failed\n", (unsigned long long)claims[c].base,
			       (unsigned long long)claims[c].pages);
			failed++;
		}
	}
	if (nr_claims)
		pr_info("efimm: gave %llu MiB back to the firmware%s\n", (unsigned long long)(claimed_pages >> 8),
			failed ? " (with failures)" : "");
	nr_claims = 0;
	claimed_pages = 0;
	return failed;
}
