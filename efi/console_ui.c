/*
 * The interactive console, after an interactive run: one key per view
 * (the raw EFI map, E820, memblock, nodes, the checks, the picture), saving
 * the report, and the way out (return to the firmware, reboot, shut down).
 * Long views are paged to the screen's height; the keys come from the
 * firmware's ConIn, which OVMF also feeds from the serial port.
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
#include <linux/gfp.h>

#define VIEW_BUF_SIZE (512u << 10)

static char *view_buf;
static size_t view_len;

/* Views print into a buffer first, so that they can be paged. */
static void view_sink(const char *s, size_t len)
{
	if (view_len + len < VIEW_BUF_SIZE) {
		memcpy(view_buf + view_len, s, len);
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

/* Show the buffered view a screenful at a time; q stops early. */
static void page_view(void)
{
	UINTN cols, rows, shown = 0;
	size_t pos = 0;

	if (EFI_ERROR(ST->ConOut->QueryMode(ST->ConOut, ST->ConOut->Mode->Mode, &cols, &rows)) || rows < 4)
		rows = 25;
	while (pos < view_len) {
		const char *nl = memchr(view_buf + pos, '\n', view_len - pos);
		size_t n = nl ? (size_t)(nl - (view_buf + pos)) + 1 : view_len - pos;

		platform_console_write(view_buf + pos, n);
		pos += n;
		if (++shown == rows - 2 && pos < view_len) {
			CHAR16 k;

			console_print(KERN_INFO "-- more: space or enter for the next page, q to stop --\n");
			k = read_key();
			if (k == 'q' || k == 'Q')
				return;
			shown = 0;
		}
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

static void view_picture(void)
{
	if (efi_show_memory_picture()) {
		console_print(KERN_INFO "");
		read_key();
		efi_hide_memory_picture();
	}
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
	{ 'c', "run the consistency checks", view_checks, true },
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
	if (EFI_ERROR(BS->AllocatePool(EfiLoaderData, VIEW_BUF_SIZE, (void **)&view_buf)))
		view_buf = NULL;
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
	}
	if (view_buf)
		BS->FreePool(view_buf);
	view_buf = NULL;
}
