/*
 * The firmware's memory map as GetMemoryMap returned it: names, the two
 * printed forms (the UEFI shell's `memmap` table, and Linux's efi=debug
 * lines), and the checks that name every descriptor a bad map gets wrong.
 */
#define pr_fmt(fmt) "efi: " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sort.h>
#include <linux/efi.h>
#include <efimm/efi_memmap.h>

bool efi_soft_reserve = true;
bool efi_debug;

/* Linux's names (drivers/firmware/efi/efi.c), 12 characters wide in efi=debug lines. */
static const char linux_type_name[][13] = {
	"Reserved",     "Loader Code",  "Loader Data", "Boot Code", "Boot Data", "Runtime Code",
	"Runtime Data", "Conventional", "Unusable",    "ACPI Reclaim", "ACPI Mem NVS", "MMIO",
	"MMIO Port",    "PAL Code",     "Persistent",  "Unaccepted",
};

/* The UEFI shell's `memmap` names. */
static const char *const shell_type_name[] = {
	"Reserved",  "LoaderCode", "LoaderData", "BS_Code", "BS_Data",    "RT_Code",  "RT_Data",   "Available",
	"Unusable",  "ACPI_Recl",  "ACPI_NVS",   "MMIO",    "MMIO_Port",  "PalCode",  "Persistent", "Unaccepted",
};

const char *efi_type_name(u32 type)
{
	return type < ARRAY_SIZE(shell_type_name) ? shell_type_name[type] : NULL;
}

int efi_type_from_name(const char *name)
{
	for (u32 i = 0; i < ARRAY_SIZE(shell_type_name); i++)
		if (!strcmp(name, shell_type_name[i]))
			return (int)i;
	return -1;
}

/* The bracketed type and attribute column of an efi=debug line. */
char *efi_md_typeattr_format(char *buf, size_t size, const efi_memory_desc_t *md)
{
	const u64 known = EFI_MEMORY_UC | EFI_MEMORY_WC | EFI_MEMORY_WT | EFI_MEMORY_WB | EFI_MEMORY_UCE |
			  EFI_MEMORY_RO | EFI_MEMORY_WP | EFI_MEMORY_RP | EFI_MEMORY_XP | EFI_MEMORY_NV |
			  EFI_MEMORY_SP | EFI_MEMORY_CPU_CRYPTO | EFI_MEMORY_MORE_RELIABLE |
			  EFI_MEMORY_HOT_PLUGGABLE | EFI_MEMORY_RUNTIME;
	u64 a = md->attribute;
	int n;

	if (md->type >= ARRAY_SIZE(linux_type_name))
		n = snprintf(buf, size, "[type=%u", md->type);
	else
		n = snprintf(buf, size, "[%-12s", linux_type_name[md->type]);
	if ((size_t)n >= size)
		return buf;
	if (a & ~known) {
		snprintf(buf + n, size - n, "|attr=0x%016llx]", (unsigned long long)a);
		return buf;
	}
	snprintf(buf + n, size - n, "|%3s|%2s|%2s|%2s|%2s|%2s|%2s|%2s|%2s|%2s|%3s|%2s|%2s|%2s|%2s]",
		 a & EFI_MEMORY_RUNTIME ? "RUN" : "", a & EFI_MEMORY_HOT_PLUGGABLE ? "HP" : "",
		 a & EFI_MEMORY_MORE_RELIABLE ? "MR" : "", a & EFI_MEMORY_CPU_CRYPTO ? "CC" : "",
		 a & EFI_MEMORY_SP ? "SP" : "", a & EFI_MEMORY_NV ? "NV" : "", a & EFI_MEMORY_XP ? "XP" : "",
		 a & EFI_MEMORY_RP ? "RP" : "", a & EFI_MEMORY_WP ? "WP" : "", a & EFI_MEMORY_RO ? "RO" : "",
		 a & EFI_MEMORY_UCE ? "UCE" : "", a & EFI_MEMORY_WB ? "WB" : "", a & EFI_MEMORY_WT ? "WT" : "",
		 a & EFI_MEMORY_WC ? "WC" : "", a & EFI_MEMORY_UC ? "UC" : "");
	return buf;
}

/* Why a descriptor's range cannot be used, or NULL when it can. */
const char *efi_md_bad_range(const efi_memory_desc_t *md)
{
	u64 bytes;

	if (md->num_pages > (ULLONG_MAX >> EFI_PAGE_SHIFT_LINUX))
		return "wraps past 2^64";
	bytes = md->num_pages << EFI_PAGE_SHIFT_LINUX;
	if (md->phys_addr + bytes < md->phys_addr)
		return "wraps past 2^64";
	if (md->phys_addr + bytes > EFI_MAX_PHYS_ADDR)
		return "ends above the 52-bit physical address limit";
	return NULL;
}

static u64 md_end(const efi_memory_desc_t *md)
{
	return md->phys_addr + (md->num_pages << EFI_PAGE_SHIFT_LINUX);
}

/* Print the map as the UEFI shell's `memmap` does, with efimm's header. */
void efi_print_memmap_table(const struct efi_memory_map *m)
{
	u64 pages_by_type[EFI_MAX_MEMORY_TYPE] = { 0 };

	printk(KERN_INFO "EFI memory map: %lu descriptors, descriptor size %lu, version %lu\n", m->nr_map,
	       m->desc_size, m->desc_version);
	if (m->desc_size < sizeof(efi_memory_desc_t))
		return;
	printk(KERN_INFO "Type       Start            End              # Pages          Attributes\n");
	for (unsigned long i = 0; i < m->nr_map; i++) {
		const efi_memory_desc_t *md = efi_memdesc_ptr(m->map, m->desc_size, i);
		const char *name = efi_type_name(md->type);
		char unknown[12];

		if (!name) {
			snprintf(unknown, sizeof(unknown), "0x%08X", md->type);
			name = unknown;
		} else {
			pages_by_type[md->type] += md->num_pages;
		}
		printk(KERN_INFO "%-10s %016llX-%016llX %016llX %016llX\n", name, (unsigned long long)md->phys_addr,
		       (unsigned long long)(md_end(md) - 1), (unsigned long long)md->num_pages,
		       (unsigned long long)md->attribute);
	}
	for (u32 t = 0; t < EFI_MAX_MEMORY_TYPE; t++)
		if (pages_by_type[t])
			printk(KERN_INFO "  %-10s: %8llu pages (%llu bytes)\n", shell_type_name[t],
			       (unsigned long long)pages_by_type[t], (unsigned long long)(pages_by_type[t] << 12));
}

/* Linux's efi=debug listing (arch/x86/platform/efi/efi.c efi_print_memmap). */
void efi_print_memmap(const struct efi_memory_map *m)
{
	if (m->desc_size < sizeof(efi_memory_desc_t))
		return;
	for (unsigned long i = 0; i < m->nr_map; i++) {
		const efi_memory_desc_t *md = efi_memdesc_ptr(m->map, m->desc_size, i);
		char buf[64];

		pr_info("mem%02u: %s range=[0x%016llx-0x%016llx] (%lluMB)\n", (unsigned int)i,
			efi_md_typeattr_format(buf, sizeof(buf), md), (unsigned long long)md->phys_addr,
			(unsigned long long)(md_end(md) - 1), (unsigned long long)(md->num_pages >> 8));
	}
}

struct md_span {
	u64 start, end;
	u32 idx;
};

static int span_cmp(const void *a, const void *b)
{
	const struct md_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

static struct md_span spans[EFI_CHECK_MAX_DESC];

/*
 * Check the map and report every problem with the descriptor it concerns.
 * Returns the number of problems, or -1 when the map as a whole is unusable
 * (no descriptors, or a stride smaller than a descriptor).
 */
int efi_memmap_check(const struct efi_memory_map *m)
{
	int problems = 0;
	u32 nr_spans = 0;
	bool unsorted_noted = false;

	if (!m->map || m->nr_map == 0) {
		pr_err("memory map is empty: no RAM to work with\n");
		return -1;
	}
	if (m->desc_size < sizeof(efi_memory_desc_t)) {
		pr_err("descriptor size %lu is smaller than a descriptor (%zu bytes): map refused\n", m->desc_size,
		       sizeof(efi_memory_desc_t));
		return -1;
	}
	if (m->desc_size % 8) {
		pr_warn("descriptor size %lu is not a multiple of 8\n", m->desc_size);
		problems++;
	}
	if (m->desc_version != 1) {
		pr_warn("descriptor version %lu (expected 1); reading the version 1 fields\n", m->desc_version);
		problems++;
	}

	for (unsigned long i = 0; i < m->nr_map; i++) {
		const efi_memory_desc_t *md = efi_memdesc_ptr(m->map, m->desc_size, i);
		const char *bad = efi_md_bad_range(md);

		if (md->phys_addr & 0xfff) {
			pr_warn("mem%02lu: start %#llx is not 4 KiB aligned\n", i, (unsigned long long)md->phys_addr);
			problems++;
		}
		if (md->num_pages == 0) {
			pr_warn("mem%02lu: [mem %#018llx] has no pages\n", i, (unsigned long long)md->phys_addr);
			problems++;
			continue;
		}
		if (bad) {
			pr_err("mem%02lu: [mem %#018llx] + %#llx pages %s: left out of E820\n", i,
			       (unsigned long long)md->phys_addr, (unsigned long long)md->num_pages, bad);
			problems++;
			continue;
		}
		if (md->type >= EFI_MAX_MEMORY_TYPE) {
			pr_warn("mem%02lu: [mem %#018llx-%#018llx] has %s type %#x: left out of E820, as the EFI stub does\n",
				i, (unsigned long long)md->phys_addr, (unsigned long long)(md_end(md) - 1),
				md->type >= 0x80000000u ? "OS-defined" : md->type >= 0x70000000u ? "OEM" : "unknown",
				md->type);
			problems++;
		}
		if (i > 0 && !unsorted_noted) {
			const efi_memory_desc_t *prev = efi_memdesc_ptr(m->map, m->desc_size, i - 1);

			/* The specification does not require order (OVMF lists RAM above 4 GiB early): a note, not a problem. */
			if (md->phys_addr < prev->phys_addr) {
				pr_info("mem%02lu at %#llx follows mem%02lu at %#llx: the map is not sorted by address "
					"(allowed; E820 sanitizing sorts it)\n",
					i, (unsigned long long)md->phys_addr, i - 1, (unsigned long long)prev->phys_addr);
				unsorted_noted = true;
			}
		}
		if (nr_spans < ARRAY_SIZE(spans))
			spans[nr_spans++] = (struct md_span){ md->phys_addr, md_end(md), (u32)i };
	}
	if (m->nr_map > ARRAY_SIZE(spans))
		pr_warn("map has %lu descriptors; overlaps checked among the first %zu only\n", m->nr_map,
			ARRAY_SIZE(spans));

	sort(spans, nr_spans, sizeof(spans[0]), span_cmp);
	/* Compare each span with the furthest-reaching earlier one, so nested overlaps are found too. */
	for (u32 i = 1, reach = 0; i < nr_spans; i++) {
		if (spans[i].start < spans[reach].end) {
			pr_err("mem%02u: [mem %#018llx-%#018llx] overlaps mem%02u [mem %#018llx-%#018llx]; "
			       "the higher E820 type wins\n",
			       spans[i].idx, (unsigned long long)spans[i].start, (unsigned long long)(spans[i].end - 1),
			       spans[reach].idx, (unsigned long long)spans[reach].start,
			       (unsigned long long)(spans[reach].end - 1));
			problems++;
		}
		if (spans[i].end > spans[reach].end)
			reach = i;
	}
	return problems;
}
