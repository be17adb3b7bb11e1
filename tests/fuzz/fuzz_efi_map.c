/*
 * libFuzzer target: an arbitrary firmware memory map through the whole first
 * stage (efi_memmap_check, the printers, efimm_e820_from_efi), then the
 * invariants every E820 table must keep, whatever the map:
 *   - at most E820_MAX_ENTRIES entries, none empty (but see the one-entry
 *     corner below, where Linux leaves a zeroed entry too), none wrapping;
 *   - sorted and non-overlapping; touching entries differ in type unless the
 *     type is PRAM or soft reserved (e820_nomerge);
 *   - every usable byte came from a usable-class descriptor the conversion
 *     accepted (or from Linux's fake BIOS-e801 map when fewer than two
 *     entries came out of the stub);
 *   - page 0 and 640K-1M are not usable after the trims.
 *
 * Input: a 4-byte header, then the descriptors at the header's stride.
 *   u16 desc_size (little endian), u8 desc_version,
 *   u8 flags: bit 0 efi=nosoftreserve, bit 1 GRUB's conversion, bit 2 also print the map.
 * The descriptors are copied into a buffer of exactly nr_map * desc_size
 * bytes at an odd-ish alignment, so ASan sees any read past the map.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/efi.h>
#include <asm/e820/api.h>
#include <asm/efi_stub.h>
#include <efimm/efi_memmap.h>
#include <efimm/host.h>
#include <efimm/log.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char sink[1 << 16];
static struct efi_stub_e820 stub;

struct span {
	u64 start, end;
};

static struct span allowed[EFI_CHECK_MAX_DESC + 4];

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static bool usable_class(const efi_memory_desc_t *md, enum efi_e820_flavor flavor)
{
	switch (md->type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL_MEMORY:
		return flavor == EFI_E820_GRUB || !efi_soft_reserve || !(md->attribute & EFI_MEMORY_SP);
	case EFI_UNACCEPTED_MEMORY:
		return flavor == EFI_E820_LINUX_STUB;
	default:
		return false;
	}
}

/* Whether [start, end) lies inside the union of the sorted spans. */
static bool covered(const struct span *s, size_t n, u64 start, u64 end)
{
	for (size_t i = 0; i < n && start < end; i++) {
		if (s[i].end <= start)
			continue;
		if (s[i].start > start)
			return false;
		start = s[i].end;
	}
	return start >= end;
}

static void check_invariants(const struct efi_memory_map *m, enum efi_e820_flavor flavor)
{
	const struct e820_table *t = e820_table;
	size_t n = 0;

	if (t->nr_entries > E820_MAX_ENTRIES)
		abort();
	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		/*
		 * Linux-faithful corner: when the BIOS-area removal empties the
		 * only entry, e820__range_remove zeroes it in place and the
		 * sanitize refuses a one-entry table, leaving {0, 0, 0}.
		 */
		if (t->nr_entries == 1 && !e->addr && !e->size && !e->type)
			continue;
		if (!e->size || e->addr + e->size < e->addr)
			abort();
		if (i) {
			const struct e820_entry *p = &t->entries[i - 1];

			if (p->addr + p->size > e->addr)
				abort(); /* unsorted or overlapping */
			if (p->addr + p->size == e->addr && p->type == e->type && e->type != E820_TYPE_PRAM &&
			    e->type != E820_TYPE_SOFT_RESERVED)
				abort(); /* should have merged */
		}
	}

	/* What usable RAM may come from. */
	if (stub.nr_stored < 2) {
		allowed[n++] = (struct span){ 0, LOWMEMSIZE };
		allowed[n++] = (struct span){ HIGH_MEMORY, HIGH_MEMORY + ((u64)EFI_STUB_ALT_MEM_K << 10) };
	} else {
		for (unsigned long i = 0; i < m->nr_map && n < ARRAY_SIZE(allowed); i++) {
			const efi_memory_desc_t *md = efi_memdesc_ptr(m->map, m->desc_size, i);

			if (!md->num_pages || efi_md_bad_range(md) || !usable_class(md, flavor))
				continue;
			allowed[n++] = (struct span){ md->phys_addr, md->phys_addr + (md->num_pages << 12) };
		}
		if (m->nr_map > ARRAY_SIZE(allowed))
			return; /* not tracked: skip the provenance check */
	}
	qsort(allowed, n, sizeof(allowed[0]), span_cmp);

	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->type != E820_TYPE_RAM)
			continue;
		if (!covered(allowed, n, e->addr, e->addr + e->size))
			abort(); /* usable bytes from nowhere */
		if (e->addr < PAGE_SIZE)
			abort(); /* page 0 must be reserved by the trim */
		if (e->addr < BIOS_END && e->addr + e->size > BIOS_BEGIN)
			abort(); /* 640K-1M must be removed */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct efi_memory_map m;
	enum efi_e820_flavor flavor;
	unsigned long desc_size, nr;
	u8 flags;
	char *buf;

	if (size < 4)
		return 0;
	desc_size = data[0] | (unsigned long)data[1] << 8;
	flags = data[3];
	nr = desc_size ? (size - 4) / desc_size : 0;
	if (nr > 8192)
		nr = 8192;

	/* 4 bytes into the allocation: 4-aligned, never 8-aligned, like a firmware buffer need not be. */
	buf = malloc(4 + nr * desc_size);
	if (!buf)
		return 0;
	memcpy(buf + 4, data + 4, nr * desc_size);
	m = (struct efi_memory_map){ .map = nr ? buf + 4 : NULL, .nr_map = nr, .desc_size = desc_size,
				     .desc_version = data[2] };

	efi_soft_reserve = !(flags & 1);
	flavor = (flags & 2) ? EFI_E820_GRUB : EFI_E820_LINUX_STUB;
	log_reset();
	host_capture_start(sink, sizeof(sink));

	efi_memmap_check(&m);
	if (flags & 4) {
		efi_print_memmap(&m);
		efi_print_memmap_table(&m);
	}
	efi_setup_e820(&m, flavor, &stub);
	efimm_e820_from_efi(&m, flavor);
	check_invariants(&m, flavor);

	host_capture_stop();
	free(buf);
	return 0;
}
