/*
 * Who reserved what: a list beside memblock.reserved, so the report names
 * the owner of every range efimm keeps out of the allocators.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <efimm/reserve.h>

struct named_range {
	phys_addr_t base, size;
	const char *name;
};

static struct named_range named[EFIMM_MAX_NAMED_RESERVATIONS];
static unsigned int nr_named;
static unsigned int nr_unnamed;

void efimm_reserve_reset(void)
{
	nr_named = 0;
	nr_unnamed = 0;
}

int efimm_reserve(phys_addr_t base, phys_addr_t size, const char *name)
{
	struct named_range *last = nr_named ? &named[nr_named - 1] : NULL;

	if (memblock_reserve(base, size))
		return -1;
	/* Consecutive ranges of one owner are listed as one. */
	if (last && last->name == name && last->base + last->size == base) {
		last->size += size;
		return 0;
	}
	if (nr_named == ARRAY_SIZE(named)) {
		nr_unnamed++;
		return 0;
	}
	named[nr_named++] = (struct named_range){ base, size, name };
	return 0;
}

bool efimm_reservation(unsigned int i, phys_addr_t *base, phys_addr_t *size, const char **name)
{
	if (i >= nr_named)
		return false;
	*base = named[i].base;
	*size = named[i].size;
	*name = named[i].name;
	return true;
}

const char *efimm_reservation_name(phys_addr_t addr)
{
	for (unsigned int i = 0; i < nr_named; i++)
		if (addr >= named[i].base && addr - named[i].base < named[i].size)
			return named[i].name;
	return NULL;
}

void efimm_print_reservations(void)
{
	pr_info("efimm: memblock reservations by owner:\n");
	for (unsigned int i = 0; i < nr_named; i++) {
		const char *name = named[i].name;
		phys_addr_t total = 0;
		unsigned int ranges = 0;
		bool seen = false;

		for (unsigned int j = 0; j < i && !seen; j++)
			seen = !strcmp(named[j].name, name);
		if (seen)
			continue;
		for (unsigned int j = i; j < nr_named; j++) {
			if (strcmp(named[j].name, name))
				continue;
			total += named[j].size;
			ranges++;
		}
		pr_info("  %-32s %8llu KiB in %u range%s\n", name, (unsigned long long)(total >> 10), ranges,
			ranges == 1 ? "" : "s");
	}
	for (unsigned int i = 0; i < nr_named; i++)
		printk(KERN_DEBUG "efimm: reserved [mem %#018llx-%#018llx] %s\n", (unsigned long long)named[i].base,
		       (unsigned long long)(named[i].base + named[i].size - 1), named[i].name);
	if (nr_unnamed)
		pr_warn("efimm: %u more reservations were made than the owner list holds; their owners are not shown\n",
			nr_unnamed);
}
