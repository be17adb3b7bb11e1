/*
 * memblock's dumps (memblock=debug) and its invariant checker. The dump is
 * printed in Linux's format, so a memblock=debug dmesg can be diffed
 * against ours:
 *  memory[0x0]	[0x0000000000001000-0x000000000009ffff], 0x000000000009f000 bytes flags: 0x0
 */
#include <linux/kernel.h>
#include <linux/memblock.h>

static void memblock_dump(struct memblock_type *type)
{
	pr_info(" %s.cnt  = 0x%lx\n", type->name, type->cnt);
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];
		char nid_buf[32] = "";

		if (numa_valid_node(memblock_get_region_node(r)))
			snprintf(nid_buf, sizeof(nid_buf), " on node %d", memblock_get_region_node(r));
		pr_info(" %s[%#x]\t[0x%016llx-0x%016llx], 0x%016llx bytes%s flags: %#x\n", type->name, (unsigned int)i,
			(unsigned long long)r->base, (unsigned long long)(r->base + r->size - 1),
			(unsigned long long)r->size, nid_buf, (unsigned int)r->flags);
	}
}

void __memblock_dump_all(void)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = 0x%016llx reserved size = 0x%016llx\n",
		(unsigned long long)memblock.memory.total_size, (unsigned long long)memblock.reserved.total_size);
	memblock_dump(&memblock.memory);
	memblock_dump(&memblock.reserved);
}

void memblock_dump_all(void)
{
	if (memblock_debug)
		__memblock_dump_all();
}

static int validate_type(struct memblock_type *type)
{
	phys_addr_t total = 0;
	int bad = 0;

	if (type->cnt > type->max) {
		pr_err("memblock: %s: cnt %lu > max %lu\n", type->name, type->cnt, type->max);
		return 1;
	}
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i], *n = r + 1;

		total += r->size;
		if (!r->size) {
			pr_err("memblock: %s[%#lx] is empty\n", type->name, i);
			bad++;
		}
		if (r->base + r->size < r->base) {
			pr_err("memblock: %s[%#lx] wraps past 2^64\n", type->name, i);
			bad++;
		}
		if (i + 1 >= type->cnt)
			continue;
		if (r->base + r->size > n->base) {
			pr_err("memblock: %s[%#lx] [0x%016llx-0x%016llx] overlaps or is out of order with [%#lx]\n",
			       type->name, i, (unsigned long long)r->base, (unsigned long long)(r->base + r->size - 1),
			       i + 1);
			bad++;
		} else if (r->base + r->size == n->base && r->nid == n->nid && r->flags == n->flags) {
			pr_err("memblock: %s[%#lx] and [%#lx] should have been merged\n", type->name, i, i + 1);
			bad++;
		}
	}
	if (total != type->total_size) {
		pr_err("memblock: %s total_size 0x%llx but regions add up to 0x%llx\n", type->name,
		       (unsigned long long)type->total_size, (unsigned long long)total);
		bad++;
	}
	return bad;
}

int memblock_validate(void)
{
	return validate_type(&memblock.memory) + validate_type(&memblock.reserved);
}
