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

bool efimm_batch;
bool efimm_nopause;
bool efimm_report = true;
bool efimm_picture;
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

static int set_page_selftest(const char *val)
{
	efimm_page_selftest = true;
	return 0;
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
	{ "page_selftest", false, set_page_selftest, "after the buddy allocator takes the memory, allocate every free page at mixed orders, pattern, verify and free it shuffled; free counts must come back exactly" },
	{ "numa", true, set_numa, "numa=off: one node, as without SRAT; numa=fake=N (or =<size>[MG]): split the nodes into N fake ones, as Linux; numa=noacpi: ignore SRAT" },
};
const unsigned int efimm_nr_params = ARRAY_SIZE(efimm_params);
