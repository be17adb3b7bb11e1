/*
 * The E820 table: x86's physical memory map as Linux keeps it
 * (arch/x86/kernel/e820.c). The EFI stub's table is appended, sanitized
 * (overlaps resolved, highest type wins), printed as "BIOS-e820", and then
 * trimmed the way setup_arch trims it. Every change prints the line Linux
 * prints, so our output can be diffed against a real dmesg.
 */
/* Linux's e820.c has no pr_fmt: its own messages carry no prefix; ours say "e820:". */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sort.h>
#include <linux/memblock.h>
#include <asm/e820/api.h>

static struct e820_table e820_table_init;
static struct e820_table e820_table_firmware_init;

struct e820_table *e820_table = &e820_table_init;
struct e820_table *e820_table_firmware = &e820_table_firmware_init;

void e820__reset(void)
{
	e820_table->nr_entries = 0;
	e820_table_firmware->nr_entries = 0;
}

static bool e820_entry_in_range(const struct e820_entry *e, u64 start, u64 end)
{
	return e->addr < end && e->addr + e->size > start;
}

/* Whether any part of [start, end) is of @type (any type when 0). Mirrors e820__mapped_any. */
bool e820__mapped_any(u64 start, u64 end, enum e820_type type)
{
	for (u32 i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		if ((!type || e->type == type) && e820_entry_in_range(e, start, end))
			return true;
	}
	return false;
}

/*
 * Whether [start, end) is covered by entries of @type. The table is sorted
 * after sanitizing, so one pass that advances start suffices, as in Linux.
 */
bool e820__mapped_all(u64 start, u64 end, enum e820_type type)
{
	for (u32 i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		if ((type && e->type != type) || !e820_entry_in_range(e, start, end))
			continue;
		if (e->addr <= start)
			start = e->addr + e->size;
		if (start >= end)
			return true;
	}
	return false;
}

static void __e820__range_add(struct e820_table *table, u64 start, u64 size, enum e820_type type)
{
	u32 n = table->nr_entries;

	if (n >= ARRAY_SIZE(table->entries)) {
		pr_err("too many entries; ignoring [mem %#010llx-%#010llx]\n",
		       (unsigned long long)start, (unsigned long long)(start + size - 1));
		return;
	}
	table->entries[n].addr = start;
	table->entries[n].size = size;
	table->entries[n].type = type;
	table->nr_entries = n + 1;
}

void e820__range_add(u64 start, u64 size, enum e820_type type)
{
	__e820__range_add(e820_table, start, size, type);
}

const char *e820_type_name(enum e820_type type, char *buf, size_t size)
{
	switch (type) {
	case E820_TYPE_RAM:
	case E820_TYPE_RESERVED_KERN:
		return "usable";
	case E820_TYPE_RESERVED:
		return "reserved";
	case E820_TYPE_SOFT_RESERVED:
		return "soft reserved";
	case E820_TYPE_ACPI:
		return "ACPI data";
	case E820_TYPE_NVS:
		return "ACPI NVS";
	case E820_TYPE_UNUSABLE:
		return "unusable";
	case E820_TYPE_PMEM:
	case E820_TYPE_PRAM:
		snprintf(buf, size, "persistent (type %u)", (unsigned int)type);
		return buf;
	default:
		snprintf(buf, size, "type %u", (unsigned int)type);
		return buf;
	}
}

void e820_print_type(enum e820_type type)
{
	char buf[32];

	pr_cont("%s", e820_type_name(type, buf, sizeof(buf)));
}

void e820__print_table(const char *who)
{
	for (u32 i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		printk(KERN_INFO "%s: [mem %#018llx-%#018llx] ", who, (unsigned long long)e->addr,
		       (unsigned long long)(e->addr + e->size - 1));
		e820_print_type(e->type);
		pr_cont("\n");
	}
}

/* PRAM and soft-reserved ranges stay one entry per source range (e820_nomerge). */
static bool e820_nomerge(enum e820_type type)
{
	return type == E820_TYPE_PRAM || type == E820_TYPE_SOFT_RESERVED;
}

/* A boundary of one entry: where it starts or where it ends. */
struct change_member {
	u64 addr;
	const struct e820_entry *entry;
};

static bool change_is_end(const struct change_member *c)
{
	return c->addr != c->entry->addr;
}

/* By address; at one address, starts before ends (so touching ranges can merge). */
static int cpcompare(const void *a, const void *b)
{
	const struct change_member *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr > y->addr ? 1 : -1;
	return (int)change_is_end(x) - (int)change_is_end(y);
}

static struct change_member change_points[2 * E820_MAX_ENTRIES];
static const struct e820_entry *active[E820_MAX_ENTRIES];
static struct e820_entry new_entries[E820_MAX_ENTRIES];

/*
 * Sanitize: rebuild @table from the sorted boundaries of its entries. Where
 * entries overlap the highest type number wins; a new entry starts wherever
 * the winning type changes. Returns -1, leaving the table as it was, for
 * fewer than two entries or any entry that wraps past 2^64 (as Linux does).
 */
int e820__update_table(struct e820_table *table)
{
	struct e820_entry *entries = table->entries;
	u32 max_nr = ARRAY_SIZE(table->entries);
	u32 nr_chg = 0, nr_active = 0, nr_new = 0;
	u64 last_addr = 0;
	u32 last_type = 0;

	if (table->nr_entries < 2)
		return -1;
	for (u32 i = 0; i < table->nr_entries; i++)
		if (entries[i].addr + entries[i].size < entries[i].addr)
			return -1;

	for (u32 i = 0; i < table->nr_entries; i++) {
		if (!entries[i].size)
			continue;
		change_points[nr_chg++] = (struct change_member){ entries[i].addr, &entries[i] };
		change_points[nr_chg++] = (struct change_member){ entries[i].addr + entries[i].size, &entries[i] };
	}
	sort(change_points, nr_chg, sizeof(change_points[0]), cpcompare);

	for (u32 c = 0; c < nr_chg; c++) {
		const struct change_member *cp = &change_points[c];
		u32 cur_type = 0;

		if (!change_is_end(cp)) {
			active[nr_active++] = cp->entry;
		} else {
			for (u32 i = 0; i < nr_active; i++) {
				if (active[i] == cp->entry) {
					active[i] = active[--nr_active];
					break;
				}
			}
		}
		for (u32 i = 0; i < nr_active; i++)
			if (active[i]->type > cur_type)
				cur_type = active[i]->type;

		if (cur_type == last_type && !e820_nomerge(cur_type))
			continue;
		if (last_type) {
			new_entries[nr_new].size = cp->addr - last_addr;
			/* An empty piece is overwritten by the next one. */
			if (new_entries[nr_new].size && ++nr_new >= max_nr) {
				/* Linux stops silently; say so only when change points remain (something is lost). */
				if (c + 1 < nr_chg)
					pr_err("e820: sanitized table full at %u entries; the rest of the map is lost from [mem %#010llx]\n",
					       max_nr, (unsigned long long)cp->addr);
				break;
			}
		}
		if (cur_type) {
			new_entries[nr_new].addr = cp->addr;
			new_entries[nr_new].type = cur_type;
			last_addr = cp->addr;
		}
		last_type = cur_type;
	}

	memcpy(entries, new_entries, nr_new * sizeof(entries[0]));
	table->nr_entries = nr_new;
	return 0;
}

/* Clamp [start, start + size) to the 64-bit space; returns the end. */
static u64 range_end(u64 start, u64 *size)
{
	if (*size > ULLONG_MAX - start)
		*size = ULLONG_MAX - start;
	return start + *size;
}

static u64 __e820__range_update(struct e820_table *table, u64 start, u64 size, enum e820_type old_type,
				enum e820_type new_type)
{
	u64 end = range_end(start, &size), updated = 0;

	printk(KERN_DEBUG "e820: update [mem %#010llx-%#010llx] ", (unsigned long long)start,
	       (unsigned long long)(end - 1));
	e820_print_type(old_type);
	pr_cont(" ==> ");
	e820_print_type(new_type);
	pr_cont("\n");

	/* Pieces appended during the loop are visited too; they lie outside the range. */
	for (u32 i = 0; i < table->nr_entries; i++) {
		struct e820_entry *e = &table->entries[i];
		u64 e_end = e->addr + e->size, lo, hi;

		if (e->type != old_type)
			continue;
		if (e->addr >= start && e_end <= end) {
			e->type = new_type;
			updated += e->size;
			continue;
		}
		if (e->addr < start && e_end > end) {
			/* The range sits inside the entry: split it in three. */
			__e820__range_add(table, start, size, new_type);
			__e820__range_add(table, end, e_end - end, e->type);
			e->size = start - e->addr;
			updated += size;
			continue;
		}
		lo = max(start, e->addr);
		hi = min(end, e_end);
		if (lo >= hi)
			continue;
		__e820__range_add(table, lo, hi - lo, new_type);
		updated += hi - lo;
		e->size -= hi - lo;
		if (e->addr >= lo)
			e->addr = hi;
	}
	return updated;
}

u64 e820__range_update(u64 start, u64 size, enum e820_type old_type, enum e820_type new_type)
{
	return __e820__range_update(e820_table, start, size, old_type, new_type);
}

/* Remove [start, start + size) from entries (of @old_type when check_type). */
u64 e820__range_remove(u64 start, u64 size, enum e820_type old_type, bool check_type)
{
	u64 end = range_end(start, &size), removed = 0;

	printk(KERN_DEBUG "e820: remove [mem %#010llx-%#010llx] ", (unsigned long long)start,
	       (unsigned long long)(end - 1));
	if (check_type)
		e820_print_type(old_type);
	pr_cont("\n");

	for (u32 i = 0; i < e820_table->nr_entries; i++) {
		struct e820_entry *e = &e820_table->entries[i];
		u64 e_end = e->addr + e->size, lo, hi;

		if (check_type && e->type != old_type)
			continue;
		if (e->addr >= start && e_end <= end) {
			removed += e->size;
			memset(e, 0, sizeof(*e));
			continue;
		}
		if (e->addr < start && e_end > end) {
			e820__range_add(end, e_end - end, e->type);
			e->size = start - e->addr;
			removed += size;
			continue;
		}
		lo = max(start, e->addr);
		hi = min(end, e_end);
		if (lo >= hi)
			continue;
		removed += hi - lo;
		e->size -= hi - lo;
		if (e->addr >= lo)
			e->addr = hi;
	}
	return removed;
}

/* As __append_e820_table: refuse the whole set if one entry wraps. */
int e820__append_boot_entries(const struct boot_e820_entry *entries, u32 nr)
{
	for (u32 i = 0; i < nr; i++) {
		u64 start = entries[i].addr, size = entries[i].size, end = start + size - 1;

		if (start > end && likely(size))
			return -1;
		e820__range_add(start, size, (enum e820_type)entries[i].type);
	}
	return 0;
}

/* e820__memory_setup_default + e820__memory_setup for the boot_params table. */
void e820__memory_setup_boot(const struct boot_e820_entry *entries, u32 nr)
{
	const char *who = "BIOS-e820";

	/*
	 * As append_e820_table + e820__memory_setup_default: with fewer than two
	 * entries, or one that wraps, Linux ignores the table and fakes one:
	 * 640K low plus alt_mem_k above 1M (the EFI stub sets 32 MiB).
	 */
	if (nr < 2 || e820__append_boot_entries(entries, nr) < 0) {
		if (nr < 2)
			pr_warn("e820: firmware table has %u entries; Linux ignores it and fakes a map\n", nr);
		else
			pr_err("e820: firmware table has an entry that wraps past 2^64; table refused\n");
		e820_table->nr_entries = 0;
		e820__range_add(0, LOWMEMSIZE, E820_TYPE_RAM);
		e820__range_add(HIGH_MEMORY, (u64)EFI_STUB_ALT_MEM_K << 10, E820_TYPE_RAM);
		who = "BIOS-e801";
	}
	e820__update_table(e820_table);
	memcpy(e820_table_firmware, e820_table, sizeof(*e820_table));

	printk(KERN_INFO "BIOS-provided physical RAM map:\n");
	e820__print_table(who);
}

/* The entries that did not fit in boot_params (SETUP_E820_EXT). */
void e820__memory_setup_extended(const struct boot_e820_entry *entries, u32 nr)
{
	if (e820__append_boot_entries(entries, nr) < 0)
		pr_err("e820: extended table has an entry that wraps past 2^64; entries after it refused\n");
	e820__update_table(e820_table);
	memcpy(e820_table_firmware, e820_table, sizeof(*e820_table));

	printk(KERN_INFO "extended physical RAM map:\n");
	e820__print_table("extended");
}

/* setup_arch's trim_bios_range: the first page is the BIOS's; 640K-1M is not RAM. */
void e820__trim_bios_range(void)
{
	e820__range_update(0, PAGE_SIZE, E820_TYPE_RAM, E820_TYPE_RESERVED);
	e820__range_remove(BIOS_BEGIN, BIOS_END - BIOS_BEGIN, E820_TYPE_RAM, true);
	e820__update_table(e820_table);
}

/*
 * Hand RAM to memblock: usable entries are added, soft-reserved ones
 * reserved, partial pages trimmed. Resizing is allowed from here on, as an
 * EFI map can give more than memblock's 128 static regions.
 */
void e820__memblock_setup(void)
{
	memblock_allow_resize();
	for (u32 i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		if (e->addr + e->size < e->addr)
			continue;
		if (e->type == E820_TYPE_SOFT_RESERVED)
			memblock_reserve(e->addr, e->size);
		if (e->type != E820_TYPE_RAM && e->type != E820_TYPE_RESERVED_KERN)
			continue;
		memblock_add(e->addr, e->size);
	}
	memblock_trim_memory(PAGE_SIZE);
	memblock_dump_all();
}
