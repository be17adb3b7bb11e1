/*
 * Helpers shared by the EFI map tests (header-only; include after cmocka.h):
 * build a firmware map with any descriptor stride (the bytes between
 * descriptors are junk, as a firmware's may be), keep the console quiet
 * outside checked captures, and check a sanitized E820 table's invariants.
 */
#ifndef EFIMAP_HELPERS_H
#define EFIMAP_HELPERS_H

#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>
#include <linux/efi.h>
#include <asm/e820/api.h>
#include <efimm/host.h>
#include <efimm/log.h>

struct d {
	u32 type;
	u64 addr, pages, attr;
};

#define WB_ATTR (EFI_MEMORY_UC | EFI_MEMORY_WC | EFI_MEMORY_WT | EFI_MEMORY_WB)

static void *map_mem;

/* A map of @n descriptors @desc_size apart, in a buffer of exactly n * desc_size bytes (ASan sees overreads). */
static __maybe_unused void build_map(struct efi_memory_map *m, const struct d *d, unsigned long n, unsigned long desc_size)
{
	free(map_mem);
	map_mem = malloc(n && desc_size ? n * desc_size : 1);
	assert_non_null(map_mem);
	memset(map_mem, 0xa5, n * desc_size);
	for (unsigned long i = 0; i < n; i++) {
		efi_memory_desc_t md = { .type = d[i].type, .pad = 0, .phys_addr = d[i].addr, .virt_addr = 0,
					 .num_pages = d[i].pages, .attribute = d[i].attr };

		memcpy((char *)map_mem + i * desc_size, &md, sizeof(md));
	}
	m->map = map_mem;
	m->nr_map = n;
	m->desc_size = desc_size;
	m->desc_version = 1;
}

static char sink[1 << 16];
static char cap[1 << 20];

static __maybe_unused void capture_begin(void)
{
	host_capture_stop();
	host_capture_start(cap, sizeof(cap));
}

/* Back to the silent sink. */
static void capture_end(void)
{
	host_capture_stop();
	host_capture_start(sink, sizeof(sink));
}

static int quiet_setup(void **state)
{
	e820__reset();
	log_reset();
	console_loglevel = 8;
	efi_soft_reserve = true;
	efi_debug = false;
	host_capture_start(sink, sizeof(sink));
	return 0;
}

static int quiet_teardown(void **state)
{
	host_capture_stop();
	free(map_mem);
	map_mem = NULL;
	return 0;
}

/* Sorted, non-overlapping, no empty entries, no touching same-type entries (PRAM and soft reserved excepted). */
static __maybe_unused void check_table_sane(const struct e820_table *t)
{
	assert_true(t->nr_entries <= E820_MAX_ENTRIES);
	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		assert_true(e->size != 0);
		assert_true(e->addr + e->size > e->addr);
		if (i) {
			const struct e820_entry *p = &t->entries[i - 1];

			assert_true(p->addr + p->size <= e->addr);
			if (p->addr + p->size == e->addr && p->type == e->type)
				assert_true(e->type == E820_TYPE_PRAM || e->type == E820_TYPE_SOFT_RESERVED);
		}
	}
}

/* Whether any byte of [start, end) is in the table, of any type. */
static __maybe_unused bool table_touches(const struct e820_table *t, u64 start, u64 end)
{
	for (u32 i = 0; i < t->nr_entries; i++)
		if (t->entries[i].addr < end && t->entries[i].addr + t->entries[i].size > start)
			return true;
	return false;
}

static __maybe_unused unsigned count_lines_with(const char *text, const char *prefix)
{
	unsigned n = 0;
	size_t len = strlen(prefix);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, prefix, len))
			n++;
	return n;
}

#endif
