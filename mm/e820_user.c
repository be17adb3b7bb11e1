/*
 * mem= and memmap=: the user's changes to the E820 table (parse_memopt,
 * parse_memmap_one and e820__finish_early_params in arch/x86/kernel/e820.c).
 * efimm parses its command line first thing, but Linux applies these early
 * params only after it has printed the firmware's table, so they are
 * recorded here and applied in command-line order by e820__parse_early_params.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/e820/api.h>
#include <efimm/cmdline.h>

#define E820_MAX_USER_PARAMS 32

struct user_param {
	bool memmap;
	char val[120];
};

static struct user_param user_params[E820_MAX_USER_PARAMS];
static unsigned int nr_user_params;
static bool userdef;

void e820__reset_user_params(void)
{
	nr_user_params = 0;
	userdef = false;
}

int e820__record_user_param(bool memmap, const char *val)
{
	struct user_param *p;

	if (nr_user_params == E820_MAX_USER_PARAMS) {
		pr_warn("efimm: more than %d mem=/memmap= options; '%s' ignored\n", E820_MAX_USER_PARAMS, val);
		return -1;
	}
	if (strlen(val) >= sizeof(p->val)) {
		pr_warn("efimm: %s=%s is too long; ignored\n", memmap ? "memmap" : "mem", val);
		return -1;
	}
	p = &user_params[nr_user_params++];
	p->memmap = memmap;
	strscpy_len(p->val, val, sizeof(p->val));
	return 0;
}

/* mem=nn[KMG]: drop RAM above nn. */
static int parse_memopt(const char *p)
{
	unsigned long long size;

	if (!strcmp(p, "nopentium")) {
		pr_warn("mem=nopentium ignored! (only supported on x86_32)\n");
		return -1;
	}
	userdef = true;
	size = memparse(p, NULL);
	/* mem=garbage must not remove all memory. */
	if (size == 0)
		return -1;
	e820__range_remove(size, ULLONG_MAX - size, E820_TYPE_RAM, true);
	return 0;
}

/* One memmap= piece: exactmap, nn@ss, nn#ss, nn$ss, nn!ss, nn%ss-from+to, or nn alone (as mem=). */
static int parse_memmap_one(const char *p)
{
	unsigned long long start, size;
	const char *old = p;
	char *end;

	if (!strncmp(p, "exactmap", 8)) {
		e820_table->nr_entries = 0;
		userdef = true;
		return 0;
	}
	size = memparse(p, &end);
	if (end == old)
		return -1;
	userdef = true;
	switch (*end) {
	case '@':
		start = memparse(end + 1, &end);
		e820__range_add(start, size, E820_TYPE_RAM);
		break;
	case '#':
		start = memparse(end + 1, &end);
		e820__range_add(start, size, E820_TYPE_ACPI);
		break;
	case '$':
		start = memparse(end + 1, &end);
		e820__range_add(start, size, E820_TYPE_RESERVED);
		break;
	case '!':
		start = memparse(end + 1, &end);
		e820__range_add(start, size, E820_TYPE_PRAM);
		break;
	case '%': {
		unsigned long long from = 0, to = 0;

		start = memparse(end + 1, &end);
		if (*end == '-')
			from = simple_strtoull(end + 1, &end, 0);
		if (*end == '+')
			to = simple_strtoull(end + 1, &end, 0);
		if (*end != '\0')
			return -1;
		if (from && to)
			e820__range_update(start, size, (enum e820_type)from, (enum e820_type)to);
		else if (to)
			e820__range_add(start, size, (enum e820_type)to);
		else if (from)
			e820__range_remove(start, size, (enum e820_type)from, true);
		else
			e820__range_remove(start, size, 0, false);
		break;
	}
	default:
		e820__range_remove(size, ULLONG_MAX - size, E820_TYPE_RAM, true);
		break;
	}
	return *end == '\0' ? 0 : -1;
}

/* Linux ignores a malformed memmap= piece silently; we say so. */
static void parse_memmap_opt(const char *str)
{
	char piece[120];

	while (cmdline_next_piece(&str, piece, sizeof(piece)))
		if (parse_memmap_one(piece))
			pr_warn("efimm: memmap=%s is malformed; see the README for the forms\n", piece);
}

void e820__parse_early_params(void)
{
	for (unsigned int i = 0; i < nr_user_params; i++) {
		const struct user_param *p = &user_params[i];

		if (p->memmap)
			parse_memmap_opt(p->val);
		else if (parse_memopt(p->val))
			pr_warn("Malformed early option 'mem'\n");
	}
}

void e820__finish_early_params(void)
{
	if (!userdef)
		return;
	/* Linux panics on a table it cannot sanitize; we keep the table as it is and say so. */
	if (e820__update_table(e820_table) < 0)
		pr_err("e820: invalid user supplied memory map (an entry wraps past 2^64); used as it is\n");
	pr_info("user-defined physical RAM map:\n");
	e820__print_table("user");
}

/* The highest page frame of RAM or ACPI data below limit_pfn, as Linux's e820__end_ram_pfn. */
static unsigned long e820__end_ram_pfn(unsigned long limit_pfn)
{
	unsigned long last_pfn = 0;

	for (u32 i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];
		unsigned long start_pfn = e->addr >> PAGE_SHIFT, end_pfn = (e->addr + e->size) >> PAGE_SHIFT;

		if (e->type != E820_TYPE_RAM && e->type != E820_TYPE_ACPI)
			continue;
		if (start_pfn >= limit_pfn)
			continue;
		if (end_pfn > limit_pfn) {
			last_pfn = limit_pfn;
			break;
		}
		if (end_pfn > last_pfn)
			last_pfn = end_pfn;
	}
	if (last_pfn > MAX_ARCH_PFN)
		last_pfn = MAX_ARCH_PFN;
	pr_info("last_pfn = %#lx max_arch_pfn = %#lx\n", last_pfn, (unsigned long)MAX_ARCH_PFN);
	return last_pfn;
}

unsigned long e820__end_of_ram_pfn(void)
{
	return e820__end_ram_pfn(MAX_ARCH_PFN);
}

unsigned long e820__end_of_low_ram_pfn(void)
{
	return e820__end_ram_pfn(1UL << (32 - PAGE_SHIFT));
}
