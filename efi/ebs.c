/*
 * Taking the machine over (the `ebs` option). Once the buddy allocator
 * holds the RAM efimm claimed:
 *   1. ExitBootServices with a fresh map key, as the UEFI specification
 *      asks: when it answers EFI_INVALID_PARAMETER (the map changed since
 *      GetMemoryMap), read the map again and retry, with no other boot
 *      services call in between, not even a line on ConOut (the console
 *      has left ConOut for COM1, debugcon and the framebuffer before);
 *   2. our own identity-mapped page tables and stack, in pages from the
 *      buddy allocator, and our own GDT and IDT (efi/ebs_cpu.c): the
 *      firmware's are in boot-services memory, which is taken back next
 *      (Linux has left all of them long before this point);
 *   3. efi_free_boot_services: every EfiBootServicesCode/Data range of the
 *      final map (not below 1 MiB, not flagged EFI_MEMORY_RUNTIME, as Linux)
 *      goes back to memblock and, page by page, to the buddy allocator
 *      (memblock_free_late -> __free_pages_core: managed pages and totalram
 *      follow). So does what efi/claim.c left to the firmware while it ran
 *      ("left to the firmware", "not claimed (firmware's)"): its parts the
 *      final map calls free, and its parts that became EfiLoaderData, i.e.
 *      pool allocations made while efimm ran, except the one of them still
 *      in use (this final map). LoaderData that was there before efimm read
 *      its first map (our image's load options, the heap and the map buffer
 *      of the report) is kept: we cannot tell what lives there;
 *   4. the page allocator's checker and self-test over all that RAM (and
 *      the slab self-test where the run asks for it), the /proc views, and a reset through the runtime services (which stay
 *      valid identity-mapped: no SetVirtualAddressMap).
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/vmstat.h>
#include <efimm/cmdline.h>
#include <efimm/page_alloc.h>
#include <efimm/platform.h>
#include <efimm/reserve.h>
#include <efimm/ebs.h>
#include <efimm/slab_selftest.h>

#define EBS_MAX_TRIES 8
#define MAP_SLACK_DESCRIPTORS 64
#define STACK_ORDER 5 /* 128 KiB, as the firmware's own */
#define RESULT_FAILED 2
#define PTE_PRESENT 0x1ULL
#define PTE_WRITE 0x2ULL
#define PTE_LARGE 0x80ULL
#define PTE_ADDR 0x000ffffffffff000ULL
#define CR4_PGE (1UL << 7)
#define CR4_LA57 (1UL << 12)

static int run_result;
static const char *const *run_names;
static struct efi_memory_map final_map;
static UINTN final_map_bytes;

/* What is taken back, by kind. */
enum take_kind { TAKE_BS_CODE, TAKE_BS_DATA, TAKE_CONVENTIONAL, TAKE_LOADER_DATA, NR_TAKE_KINDS };

static const char *const take_name[NR_TAKE_KINDS] = {
	"boot-services code",
	"boot-services data",
	"free memory left to the firmware",
	"loader data allocated while efimm ran",
};

static struct {
	unsigned long pages, ranges;
} taken[NR_TAKE_KINDS];

static unsigned long kept_loader_pages, kept_runtime_pages, memblock_not_updated;

static void halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/*
 * A key on the PS/2 keyboard controller (where firmware still emulates one
 * for a USB keyboard). No controller reads 0xff: never taken for a key.
 */
static bool ps2_key(void)
{
	u8 status = inb(0x64);

	if (status == 0xff || !(status & 1))
		return false;
	(void)inb(0x60);
	return true;
}

/* The end of the run: the result for isa-debug-exit, then a runtime-services reset. */
static void __attribute__((noreturn)) finish(int result)
{
	if (efimm_batch) {
		console_print(KERN_INFO "efimm: batch run %s\n", run_names[result]);
		if (fbcon_active()) {
			/* The last screen stays up 3 s, for a person or a screendump. */
			u64 t0 = platform_time_ns();

			while (platform_time_ns() - t0 < 3000000000ULL)
				__asm__ volatile("pause");
		}
		qemu_debug_exit(result);
		RT->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, NULL);
	} else {
		u64 t0 = platform_time_ns();

		console_print(KERN_INFO "efimm: %s. The firmware is gone: a key (keyboard or serial port), or 120 s, resets the machine.\n",
			      run_names[result]);
		/* Bytes that arrived before the question are not the answer. */
		for (int i = 0; i < 64 && (serial_key() || ps2_key()); i++)
			;
		while (platform_time_ns() - t0 < 120000000000ULL && !serial_key() && !ps2_key())
			__asm__ volatile("pause");
		RT->ResetSystem(EfiResetCold, EFI_SUCCESS, 0, NULL);
	}
	console_print(KERN_ERR "efimm: ResetSystem returned; halting\n");
	halt_forever();
	__builtin_unreachable();
}

void ebs_finish_failed(void)
{
	finish(RESULT_FAILED);
}

/* ---- our own page tables and stack ------------------------------------ */

static u64 *alloc_table(void)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	u64 *t;

	if (!page)
		return NULL;
	t = page_address(page);
	memset(t, 0, PAGE_SIZE);
	return t;
}

static bool cpu_has_1g_pages(void)
{
	unsigned int a = 0x80000000, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	if (a < 0x80000001)
		return false;
	a = 0x80000001;
	c = 0;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d & (1u << 26);
}

/* The highest address to map: every descriptor of the final map (RAM, MMIO, runtime) and the framebuffer. */
static u64 identity_map_top(void)
{
	u64 top = 1ULL << 32, fb, fb_size;

	for (unsigned long i = 0; i < final_map.nr_map; i++) {
		const efi_memory_desc_t *md = efi_memdesc_ptr(final_map.map, final_map.desc_size, i);

		top = max(top, md->phys_addr + (md->num_pages << EFI_PAGE_SHIFT));
	}
	fbcon_framebuffer(&fb, &fb_size);
	top = max(top, fb + fb_size);
	return ALIGN(top, 1ULL << 30);
}

/*
 * Identity-map [0, top) read-write and executable, in 1 GiB pages where the
 * CPU has them, else 2 MiB pages; the memory types come from the MTRRs (PAT
 * index 0). Returns the root to load into CR3, or 0 when out of pages.
 */
static u64 build_identity_map(u64 top, unsigned long *tables)
{
	bool gb = cpu_has_1g_pages();
	unsigned long cr4;
	u64 *pml4 = alloc_table(), *root;

	*tables = 1;
	if (!pml4)
		return 0;
	for (u64 a = 0; a < top; a += 1ULL << 30) {
		u64 *pml4e = &pml4[a >> 39 & 511], *pdpt, *pd;

		if (!(*pml4e & PTE_PRESENT)) {
			pdpt = alloc_table();
			if (!pdpt)
				return 0;
			++*tables;
			*pml4e = platform_virt_to_phys(pdpt) | PTE_PRESENT | PTE_WRITE;
		}
		pdpt = platform_phys_to_virt(*pml4e & PTE_ADDR);
		if (gb) {
			pdpt[a >> 30 & 511] = a | PTE_PRESENT | PTE_WRITE | PTE_LARGE;
			continue;
		}
		pd = alloc_table();
		if (!pd)
			return 0;
		++*tables;
		for (unsigned int j = 0; j < 512; j++)
			pd[j] = (a + ((u64)j << 21)) | PTE_PRESENT | PTE_WRITE | PTE_LARGE;
		pdpt[a >> 30 & 511] = platform_virt_to_phys(pd) | PTE_PRESENT | PTE_WRITE;
	}
	root = pml4;
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	if (cr4 & CR4_LA57) {
		/* 5-level paging: one PML5 entry covers the first 128 PiB. */
		root = alloc_table();
		if (!root)
			return 0;
		++*tables;
		root[0] = platform_virt_to_phys(pml4) | PTE_PRESENT | PTE_WRITE;
	}
	return platform_virt_to_phys(root);
}

static void load_cr3(u64 root)
{
	unsigned long cr4;

	__asm__ volatile("mov %0, %%cr3" : : "r"(root) : "memory");
	/* Global entries survive a CR3 load: toggling CR4.PGE flushes them too. */
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	if (cr4 & CR4_PGE) {
		__asm__ volatile("mov %0, %%cr4" : : "r"(cr4 & ~CR4_PGE) : "memory");
		__asm__ volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
	}
}

/* Call fn on a new stack; fn never returns (the old stack may be gone by then). */
static void __attribute__((noreturn)) run_on_stack(void (*fn)(void), void *top)
{
	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call *%1\n\t"
			 "ud2"
			 :
			 : "r"(top), "r"(fn)
			 : "memory");
	__builtin_unreachable();
}

/* ---- efi_free_boot_services -------------------------------------------- */

static bool overlaps(u64 a, u64 size, u64 base, u64 len)
{
	return len && a < base + len && base < a + size;
}

/* Memory in use that no map or owner name shows: memblock's arrays, and the final map we are reading. */
static bool page_in_use(u64 addr)
{
	const struct memblock_type *types[] = { &memblock.memory, &memblock.reserved };

	for (unsigned int i = 0; i < ARRAY_SIZE(types); i++)
		if (overlaps(addr, PAGE_SIZE, platform_virt_to_phys(types[i]->regions),
			     types[i]->max * sizeof(struct memblock_region)))
			return true;
	return overlaps(addr, PAGE_SIZE, platform_virt_to_phys(final_map.map), final_map_bytes);
}

/* The owner efimm named for addr (the first named reservation holding it); *run_end: where that may change. */
static const char *owner_at(u64 addr, u64 end, u64 *run_end)
{
	const char *owner = NULL, *name;
	phys_addr_t base, size;

	*run_end = end;
	for (unsigned int i = 0; efimm_reservation(i, &base, &size, &name); i++) {
		if (base > addr) {
			*run_end = min(*run_end, (u64)base);
		} else if (addr - base < size && !owner) {
			owner = name;
			*run_end = min(*run_end, (u64)(base + size));
		}
	}
	return owner;
}

/* memblock_free_late: the range leaves memblock.reserved and each page goes to the buddy allocator. */
static void free_late(enum take_kind kind, u64 start, u64 end)
{
	if (end <= start)
		return;
	/* Freeing may split a region in two; growing the array now would take pages the buddy owns. */
	if (memblock.reserved.cnt + 2 <= memblock.reserved.max)
		memblock_phys_free(start, end - start);
	else
		memblock_not_updated += (end - start) >> PAGE_SHIFT;
	for (unsigned long pfn = PFN_DOWN(start); pfn < PFN_DOWN(end); pfn++) {
		__free_pages_core(pfn_to_page(pfn), 0);
		totalram_pages_count++;
	}
	taken[kind].pages += (end - start) >> PAGE_SHIFT;
	taken[kind].ranges++;
}

/* Can this page be given to the buddy allocator? RAM memblock knows, still reserved, nothing of ours in it. */
static bool page_takeable(u64 addr)
{
	unsigned long pfn = PFN_DOWN(addr);

	return memblock_is_memory(addr) && pfn_valid(pfn) && PageReserved(pfn_to_page(pfn)) && !page_in_use(addr);
}

/* Take back the pages of [start, end) that may be taken; for_firmware_only: only what claim.c left to it. */
static void take_range(enum take_kind kind, u64 start, u64 end, bool for_firmware_only)
{
	u64 run_start = 0, run_end;
	bool in_run = false;

	for (u64 a = start; a < end; a = run_end) {
		const char *owner = owner_at(a, end, &run_end);
		bool allowed = !for_firmware_only || owner == efi_owner_left_to_firmware || owner == efi_owner_unclaimed;

		for (u64 p = a; p < run_end; p += PAGE_SIZE) {
			bool ok = allowed && page_takeable(p);

			if (ok && !in_run) {
				run_start = p;
				in_run = true;
			} else if (!ok && in_run) {
				free_late(kind, run_start, p);
				in_run = false;
			}
			/* Older loader data: named so by claim.c (our claims and memblock's allocations have no name). */
			if (!allowed && owner && kind == TAKE_LOADER_DATA)
				kept_loader_pages++;
		}
	}
	if (in_run)
		free_late(kind, run_start, end);
}

static void efi_free_boot_services(void)
{
	unsigned long total = 0;

	for (unsigned long i = 0; i < final_map.nr_map; i++) {
		const efi_memory_desc_t *md = efi_memdesc_ptr(final_map.map, final_map.desc_size, i);
		u64 start = md->phys_addr, end = start + (md->num_pages << EFI_PAGE_SHIFT);
		enum take_kind kind;

		switch (md->type) {
		case EFI_BOOT_SERVICES_CODE:
			kind = TAKE_BS_CODE;
			break;
		case EFI_BOOT_SERVICES_DATA:
			kind = TAKE_BS_DATA;
			break;
		case EFI_CONVENTIONAL_MEMORY:
			kind = TAKE_CONVENTIONAL;
			break;
		case EFI_LOADER_DATA:
			kind = TAKE_LOADER_DATA;
			break;
		default:
			continue;
		}
		/* Someone else owns it (Linux's efi_reserve_boot_services marks such ranges so). */
		if (md->attribute & EFI_MEMORY_RUNTIME) {
			kept_runtime_pages += md->num_pages;
			continue;
		}
		/* Linux never frees below 1 MiB: the BIOS may clobber it, and the x86 real-mode area is reserved. */
		if (end <= SZ_1M)
			continue;
		start = max_t(u64, start, SZ_1M);
		take_range(kind, start, end, kind == TAKE_CONVENTIONAL || kind == TAKE_LOADER_DATA);
	}
	for (int k = 0; k < NR_TAKE_KINDS; k++) {
		pr_info("efimm: ebs: took back %8lu pages (%lu KiB) of %s in %lu ranges\n", taken[k].pages,
			taken[k].pages << (PAGE_SHIFT - 10), take_name[k], taken[k].ranges);
		total += taken[k].pages;
	}
	pr_info("efimm: ebs: took back %lu pages (%lu MiB) in all; kept %lu pages of older loader data and %lu of EFI_MEMORY_RUNTIME boot-services memory\n",
		total, total >> (20 - PAGE_SHIFT), kept_loader_pages, kept_runtime_pages);
	if (memblock_not_updated)
		pr_warn("efimm: ebs: memblock.reserved was full: %lu pages went to the buddy allocator but stay reserved in memblock\n",
			memblock_not_updated);
}

/* ---- after ExitBootServices ---------------------------------------------- */

/* On our own stack and page tables: take the memory back, check, test, show, reset. */
static void __attribute__((noreturn)) on_the_machine(void)
{
	int result = run_result;

	efi_free_boot_services();
	init_per_zone_wmark_min();
	pr_info("efimm: ebs: buddy allocator: %lu pages managed, %lu free; min_free_kbytes %d\n", totalram_pages(),
		nr_free_pages(), min_free_kbytes);
	if (page_alloc_verify())
		result = RESULT_FAILED;
	if (result != RESULT_FAILED && efi_page_selftest())
		result = RESULT_FAILED;
	/* The slab allocator's self-test too, when the run asks for it (batch runs do by default). */
	if (result != RESULT_FAILED && slab_selftest_enabled(efimm_batch) && efi_slab_selftest())
		result = RESULT_FAILED;
	if (result != RESULT_FAILED)
		vmstat_print_views();
	finish(result);
}

int efi_ebs_takeover(void *image, int result, const char *const *result_names)
{
	UINTN size = 0, key = 0, desc_size = 0;
	UINT32 desc_version = 0;
	EFI_STATUS st;
	struct page *stack;
	unsigned long tables;
	u64 root;
	int tries;

	run_result = result;
	run_names = result_names;
	pr_info("efimm: ebs: taking the machine over: ExitBootServices, then COM1, debugcon and the framebuffer are the console\n");
	fbcon_setup();
	/* The final map's buffer, with room for what allocating it and the retries add. */
	st = BS->GetMemoryMap(&size, NULL, &key, &desc_size, &desc_version);
	if (st != EFI_BUFFER_TOO_SMALL || !desc_size) {
		pr_err("efimm: ebs: GetMemoryMap gave status %#llx for the size; staying with the firmware\n",
		       (unsigned long long)st);
		return RESULT_FAILED;
	}
	final_map_bytes = size + MAP_SLACK_DESCRIPTORS * desc_size;
	if (EFI_ERROR(BS->AllocatePool(EfiLoaderData, final_map_bytes, &final_map.map))) {
		pr_err("efimm: ebs: no pool for the final memory map (%lu bytes); staying with the firmware\n",
		       (unsigned long)final_map_bytes);
		return RESULT_FAILED;
	}

	/* From here on nothing may call boot services but GetMemoryMap and ExitBootServices. */
	console_exit_boot_services();
	for (tries = 1; tries <= EBS_MAX_TRIES; tries++) {
		size = final_map_bytes;
		st = BS->GetMemoryMap(&size, final_map.map, &key, &desc_size, &desc_version);
		if (EFI_ERROR(st))
			break;
		/* ebs_stale_key (tests): the first try gets a key the firmware never gave, as if the map had changed. */
		st = BS->ExitBootServices(image, tries == 1 && efimm_ebs_stale_key ? key + 1 : key);
		if (st != EFI_INVALID_PARAMETER)
			break;
	}
	if (EFI_ERROR(st)) {
		/* The firmware may be half gone: no boot services any more, only the reset. */
		pr_err("efimm: ebs: ExitBootServices failed (status %#llx after %d tries); resetting\n",
		       (unsigned long long)st, min(tries, EBS_MAX_TRIES));
		finish(RESULT_FAILED);
	}
	__asm__ volatile("cli");
	final_map.nr_map = size / desc_size;
	final_map.desc_size = desc_size;
	final_map.desc_version = desc_version;
	pr_info("efimm: ExitBootServices succeeded on try %d (map key %#lx): the firmware's boot services are gone\n",
		tries, (unsigned long)key);
	if (tries > 1)
		pr_info("efimm: ebs: %d tries answered EFI_INVALID_PARAMETER (%s); each was retried with a fresh map and key\n",
			tries - 1, efimm_ebs_stale_key ? "the first given a stale key by ebs_stale_key" : "the map had changed");
	pr_info("efimm: ebs: the final memory map (%lu descriptors), as efi=debug prints it:\n", final_map.nr_map);
	efi_print_memmap(&final_map);
	if (efi_memmap_check(&final_map) < 0) {
		pr_err("efimm: ebs: the final map is unusable; nothing taken back\n");
		finish(RESULT_FAILED);
	}

	root = build_identity_map(identity_map_top(), &tables);
	stack = alloc_pages(GFP_KERNEL, STACK_ORDER);
	if (!root || !stack) {
		pr_err("efimm: ebs: no pages for our page tables or stack; the firmware's stay in use, nothing taken back\n");
		finish(RESULT_FAILED);
	}
	load_cr3(root);
	ebs_load_cpu_tables();
	pr_info("efimm: ebs: own identity map up to %#llx (%lu page-table pages, %s pages), own GDT and IDT, own stack of %lu KiB\n",
		(unsigned long long)identity_map_top(), tables, cpu_has_1g_pages() ? "1 GiB" : "2 MiB",
		(PAGE_SIZE << STACK_ORDER) >> 10);
	run_on_stack(on_the_machine, (char *)page_address(stack) + (PAGE_SIZE << STACK_ORDER));
}
