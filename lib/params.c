/*
 * The table of efimm's options. README.md's option table is written from
 * the same rows (tests/unit/test_cmdline.c checks that every row is there).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/efi.h>
#include <efimm/cmdline.h>
#include <asm/e820/api.h>
#include <linux/memblock.h>
#include <linux/numa_memblks.h>
#include <efimm/numa.h>
#include <efimm/mm_init.h>
#include <efimm/page_selftest.h>
#include <efimm/ebs.h>
#include <efimm/slab_selftest.h>
#include <linux/slab.h>
#include <linux/fs.h>

bool efimm_batch;
bool efimm_nopause;
bool efimm_report = true;
bool efimm_picture;
bool efimm_ebs;
bool efimm_ebs_stale_key;
enum efimm_serial_mode efimm_serial = SERIAL_AUTO;

static int set_batch(const char *val)
{
	efimm_batch = true;
	return 0;
}

static int set_serial(const char *val)
{
	if (!strcmp(val, "auto")) {
		efimm_serial = SERIAL_AUTO;
	} else if (!strcmp(val, "on")) {
		efimm_serial = SERIAL_ON;
	} else if (!strcmp(val, "off")) {
		efimm_serial = SERIAL_OFF;
	} else {
		pr_warn("efimm: serial=%s: expected auto, on or off\n", val);
		return -1;
	}
	return 0;
}

static int set_picture(const char *val)
{
	efimm_picture = true;
	return 0;
}

static int set_ebs(const char *val)
{
	efimm_ebs = true;
	return 0;
}

static int set_ebs_stale_key(const char *val)
{
	efimm_ebs_stale_key = true;
	return 0;
}

static int set_noreport(const char *val)
{
	efimm_report = false;
	return 0;
}

static int set_nopause(const char *val)
{
	efimm_nopause = true;
	return 0;
}

/* efi=debug,nosoftreserve: comma-separated as in Linux. */
static int set_efi(const char *val)
{
	char word[32];
	int bad = 0;

	while (cmdline_next_piece(&val, word, sizeof(word))) {
		if (!strcmp(word, "debug")) {
			efi_debug = true;
		} else if (!strcmp(word, "nosoftreserve")) {
			efi_soft_reserve = false;
		} else {
			pr_warn("efimm: efi=%s: unknown (known: debug, nosoftreserve)\n", word);
			bad = -1;
		}
	}
	return bad;
}

static int set_loglevel(const char *val)
{
	if (val[0] < '0' || val[0] > '8' || val[1]) {
		pr_warn("efimm: loglevel=%s: expected a digit 0-8\n", val);
		return -1;
	}
	console_loglevel = val[0] - '0';
	return 0;
}

static int set_quiet(const char *val)
{
	console_loglevel = 4;
	return 0;
}

static int set_debug(const char *val)
{
	console_loglevel = 8;
	return 0;
}

static int set_mem(const char *val)
{
	return e820__record_user_param(false, val);
}

static int set_memmap(const char *val)
{
	return e820__record_user_param(true, val);
}

static int set_memblock(const char *val)
{
	if (strcmp(val, "debug")) {
		pr_warn("efimm: memblock=%s: only memblock=debug is known\n", val);
		return -1;
	}
	memblock_debug = 1;
	return 0;
}

static int set_kernelcore(const char *val)
{
	return cmdline_parse_kernelcore(val);
}

static int set_movablecore(const char *val)
{
	return cmdline_parse_movablecore(val);
}

static int set_bench(const char *val)
{
	efimm_bench = true;
	return 0;
}

static int set_deferred_struct_pages(const char *val)
{
	deferred_struct_pages = true;
	return 0;
}

/* page_selftest=on|off|full; without the option, batch runs run it (on). */
static int set_page_selftest(const char *val)
{
	if (!strcmp(val, "on")) {
		efimm_page_selftest = PAGE_SELFTEST_ON;
	} else if (!strcmp(val, "off")) {
		efimm_page_selftest = PAGE_SELFTEST_OFF;
	} else if (!strcmp(val, "full")) {
		efimm_page_selftest = PAGE_SELFTEST_FULL;
	} else {
		pr_warn("efimm: page_selftest=%s: expected on, off or full\n", val);
		return -1;
	}
	return 0;
}

static int set_slab_selftest(const char *val)
{
	return slab_selftest_parse(val);
}

/* numa=off, numa=fake=N or numa=fake=<size>[MG], numa=noacpi (arch/x86/mm/numa.c numa_setup). */
static int set_numa(const char *val)
{
	if (!strcmp(val, "off")) {
		numa_off = true;
		return 0;
	}
	if (!strncmp(val, "fake=", 5))
		return numa_emu_cmdline(val + 5);
	if (!strcmp(val, "noacpi")) {
		acpi_numa_noacpi = true;
		return 0;
	}
	pr_warn("efimm: numa=%s: unknown (known: off, fake=N, fake=<size>[MG], noacpi)\n", val);
	return -1;
}

const struct efimm_param efimm_params[] = {
	{ "batch", false, set_batch, "run every stage, print everything, then shut down (exit status via isa-debug-exit in QEMU)" },
	{ "nopause", false, set_nopause, "return to the firmware (or shell) at the end without waiting for a key" },
	{ "serial", true, set_serial, "serial=auto (default): write to COM1 unless the firmware mirrors the console to a serial port; serial=on: always; serial=off: never" },
	{ "picture", false, set_picture, "in batch mode too, show the memory picture on the screen (for 5 s) before shutting down" },
	{ "ebs", false, set_ebs, "after the buddy allocator: ExitBootServices, then COM1, debugcon and our framebuffer console; boot-services memory taken back into memblock and the buddy allocator, the page self-test over all of it, the views, and a reset (no report is saved)" },
	{ "ebs_stale_key", false, set_ebs_stale_key, "with ebs, for tests: the first ExitBootServices try gets a stale map key, so the retry the UEFI specification requires runs (succeeds on try 2)" },
	{ "noreport", false, set_noreport, "do not save the log and the JSON report under \\efimm\\ on the boot medium" },
	{ "efi", true, set_efi, "efi=debug prints the map as Linux's efi=debug; efi=nosoftreserve keeps EFI_MEMORY_SP RAM usable" },
	{ "loglevel", true, set_loglevel, "console shows messages below this level (default 8: everything, debug lines too)" },
	{ "quiet", false, set_quiet, "console shows warnings and errors only (loglevel=4)" },
	{ "debug", false, set_debug, "console shows everything (loglevel=8)" },
	{ "mem", true, set_mem, "mem=nn[KMG]: use no RAM above nn, as Linux (prints the user-defined map)" },
	{ "memmap", true, set_memmap, "memmap=nn[KMG]@ss (add RAM), nn$ss (reserve), nn#ss (ACPI data), nn!ss (persistent), exactmap; comma lists as Linux" },
	{ "memblock", true, set_memblock, "memblock=debug prints every memblock operation and the memblock dump, as Linux" },
	{ "kernelcore", true, set_kernelcore, "kernelcore=nn[KMG] or nn%: memory for unmovable allocations; the rest of each node's top zone becomes ZONE_MOVABLE, as Linux" },
	{ "movablecore", true, set_movablecore, "movablecore=nn[KMG] or nn%: memory for ZONE_MOVABLE, spread over the nodes, as Linux" },
	{ "bench", false, set_bench, "measure memmap_init against memset and the mm metadata per GiB; prints BENCH lines (make bench)" },
	{ "deferred_struct_pages", false, set_deferred_struct_pages, "initialise only the first section of each node's top zone at once, the rest in a later timed pass (Linux's DEFERRED_STRUCT_PAGE_INIT)" },
	{ "page_selftest", true, set_page_selftest, "page_selftest=on (default in batch runs): after the buddy allocator takes the memory, allocate every free page at mixed orders, write and verify 3 pattern words per page, free it shuffled; free counts must come back exactly; =full: every word of every page; =off: not run" },
	{ "slab_selftest", true, set_slab_selftest, "slab_selftest=on (default in batch runs): once SLUB is up, fill every kmalloc cache, large kmalloc and a constructor cache until 50% of the free pages (at most 512 MiB) are in use, pattern, verify and free them shuffled; every slab page must go back to the buddy; =full: every word; =N% (1-90, or on,N% / full,N%): fill N%, no cap; =off: not run" },
	{ "slub_debug", true, setup_slub_debug, "slub_debug=FZPUT[O][,cache,...][;...]: SLUB debugging as Linux (F checks, Z red zones, P poisoning, U user tracking, T trace, O not where it raises the order, - none); a list limits a block to those caches (* glob at the end)" },
	{ "slab_debug", true, setup_slub_debug, "slab_debug=...: Linux 6.12's spelling of slub_debug=" },
	{ "slub_min_order", true, setup_slub_min_order, "slub_min_order=N: smallest page order of a slab (default 0), as Linux" },
	{ "slab_min_order", true, setup_slub_min_order, "slab_min_order=N: Linux 6.12's spelling of slub_min_order=" },
	{ "slub_max_order", true, setup_slub_max_order, "slub_max_order=N: largest page order SLUB picks for a slab (default 3, at most 10), as Linux" },
	{ "slab_max_order", true, setup_slub_max_order, "slab_max_order=N: Linux 6.12's spelling of slub_max_order=" },
	{ "slub_min_objects", true, setup_slub_min_objects, "slub_min_objects=N: objects a slab should hold at least (default 0: 4 * (fls(CPUs) + 1)), as Linux" },
	{ "slab_min_objects", true, setup_slub_min_objects, "slab_min_objects=N: Linux 6.12's spelling of slub_min_objects=" },
	{ "dhash_entries", true, set_dhash_entries, "dhash_entries=N: the dentry cache hash table gets N buckets (rounded up to a power of two, at most 1/16 of memory) instead of one per 8 KiB, as Linux" },
	{ "ihash_entries", true, set_ihash_entries, "ihash_entries=N: the inode-cache hash table gets N buckets (rounded up to a power of two, at most 1/16 of memory) instead of one per 16 KiB, as Linux" },
	{ "numa", true, set_numa, "numa=off: one node, as without SRAT; numa=fake=N (or =<size>[MG]): split the nodes into N fake ones, as Linux; numa=noacpi: ignore SRAT" },
};
const unsigned int efimm_nr_params = ARRAY_SIZE(efimm_params);
