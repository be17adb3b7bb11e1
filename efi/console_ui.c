/*
 * The interactive console, after an interactive run: one key per view
 * (the raw EFI map, E820, memblock, nodes, zoneinfo, buddyinfo,
 * pagetypeinfo, slabinfo, the stage timings, the checks, the picture), saving
 * the report, and the way out (return to the firmware, reboot, shut down).
 * Long views are paged to the screen's height, forwards and back; the keys
 * come from the firmware's ConIn, which OVMF also feeds from the serial port.
 * The console's memory is efimm's own (efi/kalloc.c): once SLUB is up, the
 * view buffers come from kmalloc and every line of a view is an object of
 * the efimm_view_line cache; all of it is freed before the console returns.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <asm/e820/api.h>
#include <efimm/efi_memmap.h>
#include <efimm/mm_init.h>
#include <efimm/reserve.h>
#include <efimm/report.h>
#include <efimm/platform.h>
#include <efimm/page_alloc.h>
#include <efimm/timings.h>
#include <linux/gfp.h>
#include <linux/vmstat.h>
#include <linux/slab.h>
#include "kalloc.h"

#define VIEW_BUF_SIZE (512u << 10)

static char *view_buf;
static size_t view_len;
/* The view's lines in screen order; the last one is still open when its newline has not come yet. */
static struct efi_view_line *lines_head, *lines_tail;
static bool last_line_open;

static void free_view_lines(void)
{
	while (lines_head) {
		struct efi_view_line *l = lines_head;

		lines_head = l->next;
		efimm_cache_free(efimm_view_line_cache, l);
	}
	lines_tail = NULL;
	last_line_open = false;
}

/*
 * Record text [start, start + len) of the buffer as lines. Without a record
 * to be had, the text joins the previous line: it is still shown, only the
 * pager counts it as one row.
 */
static void index_lines(size_t start, size_t len)
{
	while (len) {
		const char *nl = memchr(view_buf + start, '\n', len);
		size_t n = nl ? (size_t)(nl - (view_buf + start)) + 1 : len;

		if (!last_line_open || !lines_tail) {
			struct efi_view_line *l = efimm_cache_alloc(efimm_view_line_cache, sizeof(*l));

			if (l) {
				*l = (struct efi_view_line){ .prev = lines_tail, .start = (u32)start };
				if (lines_tail)
					lines_tail->next = l;
				else
					lines_head = l;
				lines_tail = l;
			}
		}
		if (lines_tail)
			lines_tail->len = (u32)(start + n - lines_tail->start);
		last_line_open = !nl;
		start += n;
		len -= n;
	}
}

/* Views print into a buffer first, so that they can be paged. */
static void view_sink(const char *s, size_t len)
{
	if (view_len + len < VIEW_BUF_SIZE) {
		memcpy(view_buf + view_len, s, len);
		index_lines(view_len, len);
		view_len += len;
	}
}

static CHAR16 read_key(void)
{
	EFI_INPUT_KEY key;
	UINTN index;

	BS->WaitForEvent(1, &ST->ConIn->WaitForKey, &index);
	if (EFI_ERROR(ST->ConIn->ReadKeyStroke(ST->ConIn, &key)))
		return 0;
	return key.UnicodeChar ? key.UnicodeChar : (CHAR16)(0x100 + key.ScanCode);
}

/* Show the buffered view a screenful at a time; b goes back a page, q stops early. */
static void page_view(void)
{
	UINTN cols, rows, page_rows;
	const struct efi_view_line *page = lines_head, *l;

	if (EFI_ERROR(ST->ConOut->QueryMode(ST->ConOut, ST->ConOut->Mode->Mode, &cols, &rows)) || rows < 4)
		rows = 25;
	page_rows = rows - 2;
	if (!page && view_len) /* not even one line record could be had: the text unpaged */
		platform_console_write(view_buf, view_len);
	while (page) {
		UINTN shown = 0;
		CHAR16 k;

		for (l = page; l && shown < page_rows; l = l->next, shown++)
			platform_console_write(view_buf + l->start, l->len);
		if (!l)
			return;
		console_print(KERN_INFO "-- more: space or enter for the next page, b back a page, q to stop --\n");
		k = read_key();
		if (k == 'q' || k == 'Q')
			return;
		if (k == 'b' || k == 'B')
			for (shown = 0; shown < page_rows && page->prev; shown++)
				page = page->prev;
		else
			page = l;
	}
}

static const struct efi_memory_map *ui_map;
static struct report_info *ui_report;
static EFI_HANDLE ui_image;

static void view_efi_map(void)
{
	if (ui_map)
		efi_print_memmap_table(ui_map);
	else
		pr_info("efimm: the firmware map is no longer kept\n");
}

static void view_e820(void)
{
	pr_info("E820 table, as the firmware gave it:\n");
	for (u32 i = 0; i < e820_table_firmware->nr_entries; i++) {
		const struct e820_entry *e = &e820_table_firmware->entries[i];
		char buf[32];

		pr_info("  [mem %#018llx-%#018llx] %s\n", (unsigned long long)e->addr,
			(unsigned long long)(e->addr + e->size - 1), e820_type_name(e->type, buf, sizeof(buf)));
	}
	pr_info("E820 table after the trims:\n");
	e820__print_table("e820");
}

static void view_memblock(void)
{
	__memblock_dump_all();
	efimm_print_reservations();
}

static void view_nodes(void)
{
	print_early_node_ranges();
}

/* Before the hand-off the memory model's walker applies; after it, the buddy allocator's. */
static void view_checks(void)
{
	int bad = memblock_validate() + (totalram_pages() ? page_alloc_verify() : mminit_verify());

	pr_info("efimm: checks: memblock and the memory model are %s\n", bad ? "INCONSISTENT" : "consistent");
}

/*
 * One /proc view from mm/vmstat.c, line by line, into a buffer of efimm's
 * own (kmalloc once SLUB is up: a large kmalloc, compound pages). The
 * heading comes first, so a slabinfo shown here already counts this view's
 * line records among efimm_view_line's objects.
 */
#define PROC_BUF_SIZE (256u << 10)

static void view_proc(const char *name, void (*show)(struct seq_file *))
{
	struct seq_file m = { .size = PROC_BUF_SIZE };

	m.buf = efimm_kmalloc(PROC_BUF_SIZE);
	if (!m.buf) {
		pr_warn("efimm: /proc/%s: no memory for the view\n", name);
		return;
	}
	m.buf[0] = '\0';
	pr_info("efimm: /proc/%s:\n", name);
	show(&m);
	if (!m.count)
		pr_info("efimm: /proc/%s is empty (no zones were built in this run)\n", name);
	seq_print_lines(&m, name);
	efimm_kfree(m.buf);
}

static void view_zoneinfo(void)
{
	view_proc("zoneinfo", zoneinfo_show);
}

static void view_buddyinfo(void)
{
	view_proc("buddyinfo", buddyinfo_show);
}

static void view_pagetypeinfo(void)
{
	view_proc("pagetypeinfo", pagetypeinfo_show);
}

/* /proc/slabinfo, then the caches by memory use (mm/slab_common.c). */
static void view_slabinfo(void)
{
	if (!slab_is_available()) {
		pr_info("efimm: /proc/slabinfo: the slab allocator is not up in this run\n");
		return;
	}
	view_proc("slabinfo", slabinfo_seq_show);
	slab_summary_show();
}

static void view_timings(void)
{
	timings_print();
}

static void view_picture(void)
{
	if (efi_show_memory_picture()) {
		console_print(KERN_INFO "");
		read_key();
		efi_hide_memory_picture();
	}
}

/* The page allocator's self-test (efi/page_selftest.c), on demand; unpaged, so its progress shows as it runs. */
static void run_page_selftest(void)
{
	if (!totalram_pages() || !nr_free_pages())
		pr_info("efimm: page self-test: the buddy allocator holds no pages; nothing to test\n");
	else
		efi_page_selftest();
}

/* The slab allocator's self-test (efi/slab_selftest.c), on demand; unpaged too. */
static void run_slab_selftest(void)
{
	if (!slab_is_available())
		pr_info("efimm: slab self-test: the slab allocator is not up; nothing to test\n");
	else
		efi_slab_selftest();
}

static void save_report(void)
{
	if (ui_report)
		efi_save_report(ui_image, ui_report);
}

struct ui_view {
	CHAR16 key;
	const char *what;
	void (*show)(void);
	bool paged; /* printed through the pager */
};

static const struct ui_view views[] = {
	{ 'm', "raw EFI memory map", view_efi_map, true },
	{ 'e', "E820 tables", view_e820, true },
	{ 'b', "memblock dump and owners", view_memblock, true },
	{ 'n', "node ranges", view_nodes, true },
	{ 'z', "zoneinfo", view_zoneinfo, true },
	{ 'o', "buddyinfo (free blocks per order)", view_buddyinfo, true },
	{ 'p', "pagetypeinfo", view_pagetypeinfo, true },
	{ 'k', "slabinfo and the caches by size", view_slabinfo, true },
	{ 't', "stage timings", view_timings, true },
	{ 'c', "run the consistency checks", view_checks, true },
	{ 'a', "page allocator self-test", run_page_selftest, false },
	{ 'l', "slab allocator self-test", run_slab_selftest, false },
	{ 'g', "memory picture (any key returns)", view_picture, false },
	{ 'w', "save the log and report on the boot medium", save_report, false },
};

static void menu(void)
{
	console_print(KERN_INFO "\nefimm: keys:");
	for (unsigned int i = 0; i < ARRAY_SIZE(views); i++)
		console_print(KERN_CONT " %c %s,", (char)views[i].key, views[i].what);
	console_print(KERN_CONT " r reboot, s shut down, q return to the firmware\n");
}

/* Returns when the user chooses to go back to the firmware; r and s do not return. */
void efi_console_ui(EFI_HANDLE image, const struct efi_memory_map *map, struct report_info *report)
{
	ui_image = image;
	ui_map = map;
	ui_report = report;
	view_buf = efimm_kmalloc(VIEW_BUF_SIZE);
	ST->ConIn->Reset(ST->ConIn, FALSE);
	for (;;) {
		CHAR16 k;
		unsigned int i;

		menu();
		k = read_key();
		if (k == 'q' || k == 'Q')
			break;
		if (k == 'r' || k == 'R' || k == 's' || k == 'S') {
			console_print(KERN_INFO "efimm: %s\n", k == 'r' || k == 'R' ? "rebooting" : "shutting down");
			RT->ResetSystem(k == 'r' || k == 'R' ? EfiResetCold : EfiResetShutdown, EFI_SUCCESS, 0, NULL);
		}
		for (i = 0; i < ARRAY_SIZE(views) && views[i].key != (k | 0x20); i++)
			;
		if (i == ARRAY_SIZE(views)) {
			console_print(KERN_INFO "efimm: no view on that key\n");
			continue;
		}
		if (!views[i].paged || !view_buf) {
			views[i].show();
			continue;
		}
		view_len = 0;
		console_capture(view_sink);
		views[i].show();
		console_capture(NULL);
		page_view();
		free_view_lines();
	}
	efimm_kfree(view_buf);
	view_buf = NULL;
}
