/*
 * efimm's entry: read the command line and the firmware memory map, run the
 * portable stages over it, then return to the firmware (or, in batch mode,
 * report the result and shut the machine down).
 */
#include "efimm.h"
#include <linux/printk.h>
#include <asm/e820/api.h>
#include <asm/efi_stub.h>
#include <efimm/efi_memmap.h>
#include <efimm/cmdline.h>
#include <efimm/version.h>
#include <efimm/setup.h>
#include <efimm/numa.h>
#include <efimm/mm_init.h>
#include <efimm/reserve.h>
#include <efimm/report.h>
#include <linux/memblock.h>
#include <efimm/page_alloc.h>
#include <linux/fs.h>
#include <linux/vmstat.h>
#include <linux/gfp.h>
#include <efimm/page_selftest.h>
#include <efimm/ebs.h>
#include <efimm/slab_selftest.h>
#include <linux/slab.h>
#include <efimm/timings.h>
#include "kalloc.h"

/* Batch results, as isa-debug-exit turns them into QEMU's exit status: (v << 1) | 1. */
enum efimm_result { EFIMM_OK = 0, EFIMM_WARNINGS = 1, EFIMM_FAILED = 2 };

static const char *const result_name[] = { "ok", "completed with warnings", "failed" };

static enum efimm_result worse(enum efimm_result a, enum efimm_result b)
{
	return a > b ? a : b;
}

/*
 * Nodes, zones and struct pages, in claimed RAM: sparse_init and
 * free_area_init (Zone ranges ... unavailable ranges), the deferred pass
 * when asked, the timings, then the invariant checker.
 */
static enum efimm_result stage_zones(void)
{
	unsigned long pages;
	u64 ns;

	x86_paging_init();
	pages = mminit_stats.pages_initialised;
	ns = mminit_stats.memmap_init_ns;
	pr_info("efimm: memmap_init: %lu struct pages of RAM and %lu of holes in %llu.%03llu ms%s\n", pages,
		mminit_stats.unavailable_pages, (unsigned long long)(ns / 1000000), (unsigned long long)(ns / 1000 % 1000),
		deferred_struct_pages ? " (the rest deferred)" : "");
	if (deferred_struct_pages) {
		page_alloc_init_late();
		ns = mminit_stats.deferred_ns;
		pr_info("efimm: deferred struct page init: %lu struct pages in %llu.%03llu ms\n",
			mminit_stats.deferred_pages, (unsigned long long)(ns / 1000000),
			(unsigned long long)(ns / 1000 % 1000));
	}
	if (efimm_bench)
		memmap_init_bench("efi");
	pr_info("efimm: mm metadata: %lu KiB of memmap, usemaps and section tables for %lu MiB of RAM\n",
		sparse_metadata_bytes() >> 10, (unsigned long)(memblock_phys_mem_size() >> 20));
	return mminit_verify() ? EFIMM_FAILED : EFIMM_OK;
}

/*
 * The page allocator (mm_core_init's order): zonelists while memblock still
 * allocates, then memblock_free_all, the watermarks and the Memory: banner;
 * the allocator's checker must find everything in place.
 */
static enum efimm_result stage_buddy(void)
{
	build_all_zonelists(NULL);
	/*
	 * The dentry and inode hash tables from memblock, where Linux's
	 * vfs_caches_init_early takes them; with several nodes Linux allocates
	 * them later (vmalloc), efimm still here, before memblock lets go.
	 */
	vfs_caches_init_early();
	vfs_caches_init();
	memblock_free_all();
	init_per_zone_wmark_min();
	mem_init_print_info();
	kmem_cache_init(); /* right after the banner, as Linux's mm_core_init */
	pr_info("efimm: buddy allocator: %lu pages managed, %lu free; min_free_kbytes %d\n", totalram_pages(),
		nr_free_pages(), min_free_kbytes);
	kmem_cache_init_late();
	if (!slab_is_available())
		return EFIMM_FAILED;
	return page_alloc_verify() ? EFIMM_FAILED : EFIMM_OK;
}

/* The map the stages start from, kept for the report. */
static struct efi_memory_map boot_map;

/*
 * The firmware map -> E820 -> memblock, then owning RAM (reserve what is in
 * use, claim the rest from the firmware), then nodes, zones and pages.
 */
static enum efimm_result stage_memory(EFI_HANDLE image)
{
	enum efimm_result result = EFIMM_OK;
	struct efi_memory_map *m = &boot_map;
	UINTN key;
	EFI_STATUS st;
	int problems;
	u64 t0 = timing_begin();

	st = efi_get_memmap(m, &key);
	if (EFI_ERROR(st)) {
		pr_err("efimm: GetMemoryMap failed with status %#llx\n", (unsigned long long)st);
		return EFIMM_FAILED;
	}
	efi_print_memmap_table(m);
	problems = efi_memmap_check(m);
	if (problems < 0)
		return EFIMM_FAILED;
	if (problems)
		result = EFIMM_WARNINGS;

	/* efimm_setup_arch in two timed halves: E820 from the map, then memblock. */
	efimm_e820_from_efi(m, EFI_E820_LINUX_STUB);
	timing_end("e820", t0);
	t0 = timing_begin();
	efimm_setup_memblock();
	/*
	 * What the firmware uses is reserved, then every free range claimed,
	 * before x86_numa_init allocates NODE_DATA (as Linux's
	 * efi_reserve_boot_services precedes initmem_init): memblock then
	 * allocates only RAM efimm owns. Allocated earlier, pg_data_t landed in
	 * Boot Code, or in free RAM the firmware took for its pool before the
	 * claim, and the firmware crashed on it after we returned.
	 */
	efi_reserve_in_use(m, image);
	timing_end("memblock", t0);
	t0 = timing_begin();
	/* Refusals are reported and reserved; the firmware's own bookkeeping can take pages while we claim. */
	efi_claim_free();
	efimm_print_reservations();
	timing_end("claim", t0);
	t0 = timing_begin();
	x86_numa_init();
	pr_info("efimm: memblock: %llu MiB of RAM in %lu regions, %llu MiB reserved in %lu regions, %lu MiB free\n",
		(unsigned long long)(memblock_phys_mem_size() >> 20), memblock.memory.cnt,
		(unsigned long long)(memblock_reserved_size() >> 20), memblock.reserved.cnt,
		memblock_estimated_nr_free_pages() >> 8);
	if (memblock_validate())
		result = EFIMM_FAILED;
	timing_end("numa", t0);
	if (result != EFIMM_FAILED) {
		t0 = timing_begin();
		result = worse(result, stage_zones());
		timing_end("zones", t0);
	}
	return result;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	enum efimm_result result = EFIMM_OK;
	struct report_info report = { .efimm_version = EFIMM_VERSION, .memblock_selftest_failures = -1,
				      .page_selftest_failures = -1, .slab_selftest_failures = -1 };
	const char *cmdline, *source;
	u64 t0, selftest_ns;

	InitializeLib(image, systab);
	/* The firmware watchdog would reset us after 5 minutes of long work. */
	BS->SetWatchdogTimer(0, 0, 0, NULL);
	console_init();
	efi_platform_init(image);
	efi_kalloc_setup(); /* efimm's own memory: the firmware's pool until SLUB is up */

	pr_info("efimm %s: Linux boot-time memory management on this machine\n", EFIMM_VERSION);
	cmdline = efi_get_cmdline(image, &source);
	pr_info("Command line: %s\n", cmdline);
	pr_info("efimm: command line from %s\n", source);
	if (efimm_parse_cmdline(cmdline))
		result = EFIMM_WARNINGS;
	serial_init();

	result = worse(result, stage_memory(image));
	/* Self-tests: the memblock one here, the page one after the buddy stage; timed together. */
	t0 = timing_begin();
	if (result != EFIMM_FAILED) {
		report.memblock_selftest_failures = efi_memblock_selftest();
		if (report.memblock_selftest_failures)
			result = EFIMM_FAILED;
	}
	selftest_ns = timing_begin() - t0;
	/* The buddy allocator takes the free RAM: the memblock self-test above is the last memblock user. */
	if (result != EFIMM_FAILED) {
		t0 = timing_begin();
		result = worse(result, stage_buddy());
		timing_end("buddy", t0);
		/* efimm's own caches (efi/kalloc.c): its bookkeeping comes from SLUB from here on. */
		efi_kalloc_init();
		if (efimm_report)
			efi_report_prepare();
	}
	/* ebs: the machine is ours from here (efi/ebs.c); it returns only when it could not leave the firmware. */
	if (result != EFIMM_FAILED && efimm_ebs)
		result = worse(result, (enum efimm_result)efi_ebs_takeover(image, result, result_name));
	/* The page allocator's self-test and benchmark, once the buddy allocator holds the free memory. */
	t0 = timing_begin();
	if (result != EFIMM_FAILED && page_selftest_enabled(efimm_batch)) {
		if (!nr_free_pages())
			pr_warn("efimm: page_selftest: the buddy allocator holds no pages; skipped\n");
		else if ((report.page_selftest_failures = efi_page_selftest()))
			result = EFIMM_FAILED;
		if (report.page_selftest_failures >= 0)
			report.page_selftest = &page_selftest_last;
	}
	/* The slab allocator's self-test (efi/slab_selftest.c), once SLUB is up. */
	if (result != EFIMM_FAILED && slab_selftest_enabled(efimm_batch) &&
	    (report.slab_selftest_failures = efi_slab_selftest()))
		result = EFIMM_FAILED;
	timing_end("selftests", t0 - selftest_ns);
	if (result != EFIMM_FAILED && efimm_bench) {
		efi_page_bench();
		efi_slab_bench();
	}
	/* What the page allocator holds, as /proc shows it (buddyinfo, pagetypeinfo, zoneinfo, meminfo). */
	if (result != EFIMM_FAILED) {
		t0 = timing_begin();
		vmstat_print_views();
		slabinfo_show();
		slab_summary_show();
		timing_end("views", t0);
	}
	/*
	 * Everything claimed goes back before the firmware runs again. A batch
	 * run resets the machine instead, so it keeps it: OVMF's FreePages
	 * writes every page it gets back (a 16 GiB guest: 80 s under TCG).
	 */
	report.claimed_bytes = efi_claimed_bytes();
	if (efimm_batch)
		pr_info("efimm: batch run: the machine shuts down next, so the claimed RAM is not given back\n");
	/*
	 * A nopause run gives it back after the report and the picture: they
	 * read the zones, struct pages and slab caches, which live in claimed
	 * RAM, so the report counts what goes back then. Interactive runs keep
	 * it until the user leaves the console.
	 */
	else if (efimm_nopause)
		report.given_back_bytes = report.claimed_bytes;

	if (efimm_report) {
		report.command_line = cmdline;
		report.command_line_source = source;
		report.efi_map = boot_map.map ? &boot_map : NULL;
		report.result = result_name[result];
		/* The JSON holds the stages before it; its own time follows in the log. */
		t0 = timing_begin();
		efi_save_report(image, &report);
		timing_end("report", t0);
	}

	/* The picture: always for a person at the screen; in batch mode when asked (held 5 s to be seen). */
	if (result != EFIMM_FAILED && (efimm_picture || (!efimm_batch && !efimm_nopause))) {
		if (efi_show_memory_picture() && efimm_batch)
			BS->Stall(5 * 1000 * 1000);
		efi_hide_memory_picture();
	}
	efi_report_release();
	/* SLUB's memory is claimed RAM: efimm's own allocations from it end before the claims go back. */
	if (!efimm_batch && efimm_nopause) {
		efi_kalloc_exit();
		if (efi_release_claims())
			result = EFIMM_FAILED;
	}

	if (efimm_batch) {
		efi_kalloc_exit(); /* the machine resets, but what efimm held is still counted: nothing may leak */
		console_print(KERN_INFO "efimm: batch run %s\n", result_name[result]);
		qemu_debug_exit(result);
		RT->ResetSystem(EfiResetShutdown, EFI_SUCCESS, 0, NULL);
	}
	if (!efimm_nopause) {
		console_print(KERN_INFO "efimm: %s.\n", result_name[result]);
		efi_console_ui(image, &boot_map, &report);
		efi_kalloc_exit();
		if (efi_release_claims())
			result = EFIMM_FAILED;
	}
	efi_free_memmap(&boot_map);
	console_print(KERN_INFO "efimm: %s; returning to the firmware\n", result_name[result]);
	return result == EFIMM_FAILED ? EFI_ABORTED : EFI_SUCCESS;
}
