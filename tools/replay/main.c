/*
 * efimm-replay: run efimm's first stage on the host over a map taken from a
 * log, printing the lines efimm prints, so they can be diffed against the
 * lines Linux printed for the same map. With --views it goes on as efimm's
 * buddy stage does (struct pages, zonelists, memblock_free_all, watermarks,
 * the Memory: banner, SLUB's kmem_cache_init) over a lazily backed window of
 * "physical memory", and prints the /proc views and /proc/slabinfo. See
 * tools/replay/README.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/printk.h>
#include <asm/e820/api.h>
#include <asm/efi_stub.h>
#include <efimm/cmdline.h>
#include <efimm/efi_memmap.h>
#include <efimm/host.h>
#include <efimm/mm_init.h>
#include <efimm/numa.h>
#include <efimm/reserve.h>
#include <efimm/setup.h>
#include <linux/memblock.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/vmstat.h>
#include <linux/slab.h>
#include <linux/slub_def.h> /* nr_cpu_ids */
#include <efimm/page_alloc.h>
#include "logparse.h"
#include "replay_srat.h"

#define EXIT_REFUSED 1 /* efimm would have failed: the map was refused */
#define EXIT_INPUT 2   /* usage, unreadable input, nothing to replay */

#define CAPTURE_SIZE (32u << 20)

enum source { FROM_AUTO, FROM_EFI, FROM_E820 };
enum flavor_opt { FLAVOR_AUTO, FLAVOR_STUB, FLAVOR_GRUB };

static void usage(FILE *f)
{
	fprintf(f,
		"usage: efimm-replay [options] [LOG]   (LOG defaults to stdin)\n"
		"  --flavor=stub|grub|auto  who built the E820 table from the EFI map (default auto)\n"
		"  --from=auto|efi|e820     replay the EFI map, or the log's BIOS-e820 table\n"
		"                           (default: the EFI map when the log has one)\n"
		"  --cmdline \"WORDS\"        efimm command line, e.g. \"efi=debug,nosoftreserve\"\n"
		"  --e820-only              print only the BIOS-e820 lines\n"
		"  --dump-map               print the EFI map read from the log as efimm's table, and stop\n"
		"  --stop-after=e820        stop after the E820 stage (no max_pfn, memblock, nodes)\n"
		"  --views                  go on to the buddy allocator (struct pages, zonelists,\n"
		"                           memblock_free_all, watermarks, the Memory: banner, SLUB) and\n"
		"                           print /proc/buddyinfo, pagetypeinfo, zoneinfo, meminfo and\n"
		"                           slabinfo, then the slab caches by memory use\n"
		"  --views-max-gib=N        --views only for machines with at most N GiB of RAM\n"
		"                           (default 64: the struct pages of N GiB take N/64 GiB here)\n");
}

/*
 * --flavor=auto. Linux's EFI stub never makes E820 type 20; GRUB's own
 * linux loader (not the EFI handover path) gives RuntimeServicesCode that
 * type. So a "type 20" entry in the log's BIOS-e820 table means GRUB built
 * the table, and anything else is taken to be the stub's. efimm's own saved
 * maps always replay as the stub, which is what efimm itself runs.
 */
static enum efi_e820_flavor pick_flavor(enum flavor_opt opt, const struct replay_log *log)
{
	if (opt == FLAVOR_STUB)
		return EFI_E820_LINUX_STUB;
	if (opt == FLAVOR_GRUB)
		return EFI_E820_GRUB;
	if (log->map_source == MAP_EFI_DEBUG && log->e820_has_grub_code)
		return EFI_E820_GRUB;
	return EFI_E820_LINUX_STUB;
}

/* What follows E820 in efimm: max_pfn, memblock, the faked node, the node ranges. */
static bool stop_after_e820;
/* --views: the buddy stage and the /proc views, on machines up to views_max_gib of RAM. */
static bool views;
static unsigned long views_max_gib = 64;

/* nr_cpu_ids for SLUB: the log's SLUB: line's CPUs=N, else 1 (no MADT here). */
static unsigned int replay_cpus = 1;

/* efimm's stage_buddy (efi/main.c), then the views; returns the checker's problems. */
static int replay_buddy(void)
{
	int problems;

	build_all_zonelists(NULL);
	vfs_caches_init_early();
	vfs_caches_init();
	memblock_free_all();
	init_per_zone_wmark_min();
	mem_init_print_info();
	nr_cpu_ids = replay_cpus;
	kmem_cache_init(); /* after the banner, as Linux's mm_core_init */
	pr_info("efimm: buddy allocator: %lu pages managed, %lu free; min_free_kbytes %d\n", totalram_pages(),
		nr_free_pages(), min_free_kbytes);
	kmem_cache_init_late();
	problems = page_alloc_verify();
	if (!slab_is_available()) {
		fprintf(stderr, "efimm-replay: --views: SLUB did not come up\n");
		problems++;
	}
	vmstat_print_views();
	if (slab_is_available()) {
		slabinfo_show();
		slab_summary_show();
	}
	return problems;
}

static int replay_memblock(void)
{
	if (stop_after_e820)
		return 0;
	phys_addr_t window_size;
	void *window;
	bool buddy = views;
	int ret = 0;

	memblock_reset();
	efimm_reserve_reset();
	efimm_setup_memblock();
	/* Node data is allocated for real, in a lazily backed window over all of the log's RAM. */
	window_size = memblock_end_of_DRAM();
	window = window_size ? host_lazy_phys_window(window_size) : NULL;
	x86_numa_init();
	/*
	 * The zone lines without a memmap: a log may come from a machine with
	 * terabytes. --views needs the struct pages (64 bytes per 4 KiB page, all
	 * touched), so only up to views_max_gib of RAM.
	 */
	if (buddy && !window) {
		fprintf(stderr, "efimm-replay: --views: no window of %llu MiB for the machine's memory; views skipped\n",
			(unsigned long long)(window_size >> 20));
		buddy = false;
		ret = EXIT_INPUT;
	} else if (buddy && memblock_phys_mem_size() > ((phys_addr_t)views_max_gib << 30)) {
		fprintf(stderr, "efimm-replay: --views: %llu MiB of RAM is above --views-max-gib=%lu (its struct pages alone take %llu MiB); views skipped\n",
			(unsigned long long)(memblock_phys_mem_size() >> 20), views_max_gib,
			(unsigned long long)(memblock_phys_mem_size() >> 26));
		buddy = false;
		ret = EXIT_INPUT;
	}
	mminit_build_memmap = buddy;
	x86_paging_init();
	if (mminit_verify())
		ret = EXIT_REFUSED;
	if (buddy) {
		if (replay_buddy())
			ret = EXIT_REFUSED;
	} else {
		vfs_caches_init_early();
		vfs_caches_init();
	}
	host_lazy_phys_window_free(window, window_size);
	return ret;
}

/* efimm's stage_e820 over the parsed map: print it, check it, convert it. */
static int replay_efi(const struct replay_log *log, enum efi_e820_flavor flavor)
{
	int problems;

	/* As efimm: the table first; efi=debug lines come where efi_init prints them. */
	efi_print_memmap_table(&log->map);
	problems = efi_memmap_check(&log->map);
	if (problems < 0)
		return EXIT_REFUSED;
	efimm_e820_from_efi(&log->map, flavor);
	return replay_memblock();
}

/* The log's own table as the boot_params table: sanitize, print, user changes, trims, memblock. */
static int replay_e820(const struct replay_log *log)
{
	e820__reset();
	e820__memory_setup_boot(log->e820, log->nr_e820);
	x86_e820_finish(NULL);
	return replay_memblock();
}

static void print_e820_lines(const char *text)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);

		if (!strncmp(p, "BIOS-e820: ", 11))
			fwrite(p, 1, n, stdout);
		p += n;
	}
}

/* A JSON report (it starts with '{') or a log. */
static int parse_input(FILE *f, const char *path, struct replay_log *log)
{
	int c;

	while ((c = fgetc(f)) == ' ' || c == '\n' || c == '\r' || c == '\t')
		;
	if (c != '{') {
		if (c != EOF)
			ungetc(c, f);
		return replay_log_parse(f, path, log);
	} else {
		size_t len = 1, cap = 1 << 16;
		char *text = malloc(cap);
		int ret;

		if (!text)
			return -1;
		text[0] = '{';
		for (size_t n; (n = fread(text + len, 1, cap - len, f)) > 0;) {
			len += n;
			if (len == cap) {
				char *bigger = realloc(text, cap *= 2);

				if (!bigger) {
					free(text);
					return -1;
				}
				text = bigger;
			}
		}
		ret = replay_log_from_report(text, len, path, log);
		free(text);
		return ret;
	}
}

int main(int argc, char **argv)
{
	enum flavor_opt flavor_opt = FLAVOR_AUTO;
	enum source from = FROM_AUTO;
	const char *cmdline = NULL, *path = NULL;
	bool e820_only = false, dump_map = false;
	struct replay_log log;
	char *capture = NULL;
	FILE *f;
	int ret;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--flavor=stub"))
			flavor_opt = FLAVOR_STUB;
		else if (!strcmp(a, "--flavor=grub"))
			flavor_opt = FLAVOR_GRUB;
		else if (!strcmp(a, "--flavor=auto"))
			flavor_opt = FLAVOR_AUTO;
		else if (!strcmp(a, "--from=efi"))
			from = FROM_EFI;
		else if (!strcmp(a, "--from=e820"))
			from = FROM_E820;
		else if (!strcmp(a, "--from=auto"))
			from = FROM_AUTO;
		else if (!strcmp(a, "--cmdline") && i + 1 < argc)
			cmdline = argv[++i];
		else if (!strncmp(a, "--cmdline=", 10))
			cmdline = a + 10;
		else if (!strcmp(a, "--e820-only"))
			e820_only = true;
		else if (!strcmp(a, "--dump-map"))
			dump_map = true;
		else if (!strcmp(a, "--stop-after=e820"))
			stop_after_e820 = true;
		else if (!strcmp(a, "--views"))
			views = true;
		else if (!strncmp(a, "--views-max-gib=", 16)) {
			char *end;

			views_max_gib = strtoul(a + 16, &end, 10);
			if (end == a + 16 || *end || !views_max_gib) {
				fprintf(stderr, "efimm-replay: %s: expected a number of GiB above 0\n", a);
				return EXIT_INPUT;
			}
		}
		else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "efimm-replay: unknown option %s\n", a);
			usage(stderr);
			return EXIT_INPUT;
		} else if (path) {
			fprintf(stderr, "efimm-replay: one log at a time (%s and %s given)\n", path, a);
			return EXIT_INPUT;
		} else {
			path = a;
		}
	}

	if (!path || !strcmp(path, "-")) {
		f = stdin;
		path = "<stdin>";
	} else if (!(f = fopen(path, "r"))) {
		fprintf(stderr, "efimm-replay: cannot open %s: %s\n", path, strerror(errno));
		return EXIT_INPUT;
	}
	ret = parse_input(f, path, &log);
	if (f != stdin)
		fclose(f);
	/* The nodes the log's SRAT lines describe, for x86_numa_init to find. */
	if (ret == 0 && replay_register_srat(&log) < 0)
		fprintf(stderr, "efimm-replay: %s: cannot rebuild SRAT from %u lines\n", path, log.nr_srat);
	if (ret < 0) {
		fprintf(stderr, "efimm-replay: cannot read %s: %s\n", path, strerror(errno));
		replay_log_free(&log);
		return EXIT_INPUT;
	}

	if (log.slub_cpus)
		replay_cpus = log.slub_cpus;
	if (from == FROM_AUTO)
		from = log.map_source != MAP_NONE ? FROM_EFI : FROM_E820;
	if ((from == FROM_EFI || dump_map) && log.map_source == MAP_NONE) {
		fprintf(stderr, "efimm-replay: %s: no EFI memory map found (no efi: mem lines or efimm table)\n", path);
		replay_log_free(&log);
		return EXIT_INPUT;
	}
	if (from == FROM_E820 && !log.nr_e820) {
		fprintf(stderr, "efimm-replay: %s: no %s found\n", path,
			log.map_source == MAP_NONE ? "memory map (no BIOS-e820 lines, efi: mem lines or efimm table)"
						   : "BIOS-e820 lines");
		replay_log_free(&log);
		return EXIT_INPUT;
	}

	if (e820_only) {
		capture = malloc(CAPTURE_SIZE);
		if (!capture) {
			fprintf(stderr, "efimm-replay: out of memory\n");
			replay_log_free(&log);
			return EXIT_INPUT;
		}
		host_capture_start(capture, CAPTURE_SIZE);
	}
	/* Command-line warnings are efimm's output too, so they come after the capture starts. */
	/* A report carries the command line efimm ran with; --cmdline overrides it. */
	if (!cmdline && log.report_cmdline)
		cmdline = log.report_cmdline;
	if (cmdline)
		efimm_parse_cmdline(cmdline);

	if (dump_map) {
		efi_print_memmap_table(&log.map);
		ret = 0;
	} else if (from == FROM_EFI) {
		ret = replay_efi(&log, pick_flavor(flavor_opt, &log));
	} else {
		ret = replay_e820(&log);
	}

	if (capture) {
		host_capture_stop();
		print_e820_lines(capture);
		free(capture);
	}
	replay_log_free(&log);
	return ret;
}
