/*
 * memblock: the boot allocator (mm/memblock.c in Linux 6.12).
 *
 * Two sorted arrays of regions: "memory" (RAM the machine has) and
 * "reserved" (ranges in use). Regions never overlap within an array and
 * neighbours with the same node and flags are merged, so each array stays
 * minimal. Allocation finds a free range (memory minus reserved), top-down
 * unless bottom_up is set, and reserves it. The arrays start static with
 * 128 entries; once memblock_allow_resize() has been called they double,
 * the new array being allocated from, and reserved in, memblock itself.
 *
 * All state lives in the `memblock` struct and the two static arrays.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <efimm/platform.h>

#define memblock_dbg(fmt, ...)                                \
	do {                                                  \
		if (memblock_debug)                           \
			pr_info(fmt, ##__VA_ARGS__);          \
	} while (0)

static struct memblock_region memblock_memory_init_regions[INIT_MEMBLOCK_MEMORY_REGIONS];
static struct memblock_region memblock_reserved_init_regions[INIT_MEMBLOCK_RESERVED_REGIONS];

struct memblock memblock = {
	.memory.regions = memblock_memory_init_regions,
	.memory.max = INIT_MEMBLOCK_MEMORY_REGIONS,
	.memory.name = "memory",
	.reserved.regions = memblock_reserved_init_regions,
	.reserved.max = INIT_MEMBLOCK_RESERVED_REGIONS,
	.reserved.name = "reserved",
	.bottom_up = false,
	.current_limit = MEMBLOCK_ALLOC_ANYWHERE,
};

int memblock_debug;
bool mirrored_kernelcore;
bool movable_node_enabled;
static bool memblock_can_resize;
static bool system_has_some_mirror;

void memblock_reset(void)
{
	memset(memblock_memory_init_regions, 0, sizeof(memblock_memory_init_regions));
	memset(memblock_reserved_init_regions, 0, sizeof(memblock_reserved_init_regions));
	memblock.memory = (struct memblock_type){ 0, INIT_MEMBLOCK_MEMORY_REGIONS, 0, memblock_memory_init_regions,
						  "memory" };
	memblock.reserved = (struct memblock_type){ 0, INIT_MEMBLOCK_RESERVED_REGIONS, 0,
						    memblock_reserved_init_regions, "reserved" };
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	memblock_can_resize = false;
	system_has_some_mirror = false;
	mirrored_kernelcore = false;
	movable_node_enabled = false;
}

/* Shorten *size so base + *size does not wrap; returns the new size. */
static phys_addr_t memblock_cap_size(phys_addr_t base, phys_addr_t *size)
{
	return *size = min(*size, PHYS_ADDR_MAX - base);
}

static bool memblock_addrs_overlap(phys_addr_t b1, phys_addr_t s1, phys_addr_t b2, phys_addr_t s2)
{
	return b1 < b2 + s2 && b2 < b1 + s1;
}

/* The caller's address, as Linux's %pS would name it (we have no symbol table: image + offset). */
static const char *caller(void *ret, char *buf, size_t size)
{
	platform_symbolize(ret, buf, size);
	return buf;
}
#define RET_IP(buf) caller(__builtin_return_address(0), buf, sizeof(buf))

static enum memblock_flags choose_memblock_flags(void)
{
	return system_has_some_mirror ? MEMBLOCK_MIRROR : MEMBLOCK_NONE;
}

static bool should_skip_region(struct memblock_type *type, struct memblock_region *m, int nid, int flags)
{
	/* Only "memory" regions carry nodes and flags that matter for allocation. */
	if (type != &memblock.memory)
		return false;
	if (numa_valid_node(nid) && nid != memblock_get_region_node(m))
		return true;
	if (movable_node_enabled && memblock_is_hotpluggable(m) && !(flags & MEMBLOCK_HOTPLUG))
		return true;
	if ((flags & MEMBLOCK_MIRROR) && !memblock_is_mirror(m))
		return true;
	if (!(flags & MEMBLOCK_NOMAP) && memblock_is_nomap(m))
		return true;
	if (!(flags & MEMBLOCK_DRIVER_MANAGED) && memblock_is_driver_managed(m))
		return true;
	return false;
}

/*
 * Next range of type_a (minus type_b's regions, when given), walking up.
 * The index packs a's position in the low 32 bits and b's in the high 32;
 * ULLONG_MAX ends the walk.
 */
void __next_mem_range(u64 *idx, int nid, enum memblock_flags flags, struct memblock_type *type_a,
		      struct memblock_type *type_b, phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid)
{
	u32 ia = (u32)*idx, ib = (u32)(*idx >> 32);

	for (; ia < type_a->cnt; ia++) {
		struct memblock_region *m = &type_a->regions[ia];
		phys_addr_t m_start = m->base, m_end = m->base + m->size;

		if (should_skip_region(type_a, m, nid, flags))
			continue;
		if (!type_b) {
			if (out_start) *out_start = m_start;
			if (out_end) *out_end = m_end;
			if (out_nid) *out_nid = memblock_get_region_node(m);
			*idx = (u64)(ia + 1) | (u64)ib << 32;
			return;
		}
		/* The gaps of type_b: gap ib runs from the end of region ib-1 to the start of region ib. */
		for (; ib < type_b->cnt + 1; ib++) {
			phys_addr_t g_start = ib ? type_b->regions[ib - 1].base + type_b->regions[ib - 1].size : 0;
			phys_addr_t g_end = ib < type_b->cnt ? type_b->regions[ib].base : PHYS_ADDR_MAX;

			if (g_start >= m_end)
				break;
			if (m_start < g_end) {
				if (out_start) *out_start = max(m_start, g_start);
				if (out_end) *out_end = min(m_end, g_end);
				if (out_nid) *out_nid = memblock_get_region_node(m);
				/* Advance whichever ends first. */
				if (m_end <= g_end)
					ia++;
				else
					ib++;
				*idx = (u64)ia | (u64)ib << 32;
				return;
			}
		}
	}
	*idx = ULLONG_MAX;
}

/* As __next_mem_range, walking down from the top. */
void __next_mem_range_rev(u64 *idx, int nid, enum memblock_flags flags, struct memblock_type *type_a,
			  struct memblock_type *type_b, phys_addr_t *out_start, phys_addr_t *out_end, int *out_nid)
{
	long ia, ib;

	if (*idx == ULLONG_MAX) {
		ia = (long)type_a->cnt - 1;
		ib = type_b ? (long)type_b->cnt : 0;
	} else {
		ia = (long)(s32)(u32)*idx;
		ib = (long)(s32)(u32)(*idx >> 32);
	}
	for (; ia >= 0; ia--) {
		struct memblock_region *m = &type_a->regions[ia];
		phys_addr_t m_start = m->base, m_end = m->base + m->size;

		if (should_skip_region(type_a, m, nid, flags))
			continue;
		if (!type_b) {
			if (out_start) *out_start = m_start;
			if (out_end) *out_end = m_end;
			if (out_nid) *out_nid = memblock_get_region_node(m);
			ia--;
			*idx = (u64)(u32)ia | (u64)(u32)ib << 32;
			return;
		}
		for (; ib >= 0; ib--) {
			phys_addr_t g_start = ib ? type_b->regions[ib - 1].base + type_b->regions[ib - 1].size : 0;
			phys_addr_t g_end = (unsigned long)ib < type_b->cnt ? type_b->regions[ib].base : PHYS_ADDR_MAX;

			if (g_end <= m_start)
				break;
			if (m_end > g_start) {
				if (out_start) *out_start = max(m_start, g_start);
				if (out_end) *out_end = min(m_end, g_end);
				if (out_nid) *out_nid = memblock_get_region_node(m);
				if (m_start >= g_start)
					ia--;
				else
					ib--;
				*idx = (u64)(u32)ia | (u64)(u32)ib << 32;
				return;
			}
		}
	}
	*idx = ULLONG_MAX;
}

void __next_mem_pfn_range(int *idx, int nid, unsigned long *out_start_pfn, unsigned long *out_end_pfn,
			  int *out_nid)
{
	struct memblock_type *type = &memblock.memory;
	struct memblock_region *r = NULL;

	while (++*idx < (int)type->cnt) {
		r = &type->regions[*idx];
		if (PFN_UP(r->base) >= PFN_DOWN(r->base + r->size))
			continue;
		if (!numa_valid_node(nid) || nid == memblock_get_region_node(r))
			break;
	}
	if (*idx >= (int)type->cnt) {
		*idx = -1;
		return;
	}
	if (out_start_pfn) *out_start_pfn = PFN_UP(r->base);
	if (out_end_pfn) *out_end_pfn = PFN_DOWN(r->base + r->size);
	if (out_nid) *out_nid = memblock_get_region_node(r);
}

static phys_addr_t find_range_bottom_up(phys_addr_t start, phys_addr_t end, phys_addr_t size, phys_addr_t align,
					int nid, enum memblock_flags flags)
{
	phys_addr_t this_start, this_end, cand;
	u64 i;

	for_each_free_mem_range(i, nid, flags, &this_start, &this_end, NULL) {
		this_start = min(max(this_start, start), end);
		this_end = min(max(this_end, start), end);
		cand = ALIGN(this_start, align);
		if (cand < this_end && this_end - cand >= size)
			return cand;
	}
	return 0;
}

static phys_addr_t find_range_top_down(phys_addr_t start, phys_addr_t end, phys_addr_t size, phys_addr_t align,
				       int nid, enum memblock_flags flags)
{
	phys_addr_t this_start, this_end, cand;
	u64 i;

	for_each_free_mem_range_reverse(i, nid, flags, &this_start, &this_end, NULL) {
		this_start = min(max(this_start, start), end);
		this_end = min(max(this_end, start), end);
		if (this_end < size)
			continue;
		cand = ALIGN_DOWN(this_end - size, align);
		if (cand >= this_start)
			return cand;
	}
	return 0;
}

/* memblock_find_in_range_node: a free, aligned range in [start, end); 0 when there is none. */
static phys_addr_t find_in_range_node(phys_addr_t size, phys_addr_t align, phys_addr_t start, phys_addr_t end,
				      int nid, enum memblock_flags flags)
{
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE || end == MEMBLOCK_ALLOC_NOLEAKTRACE)
		end = memblock.current_limit;
	/* Never hand out page 0: 0 means failure. */
	start = max_t(phys_addr_t, start, PAGE_SIZE);
	end = max(start, end);
	if (memblock.bottom_up)
		return find_range_bottom_up(start, end, size, align, nid, flags);
	return find_range_top_down(start, end, size, align, nid, flags);
}

static phys_addr_t memblock_find_in_range(phys_addr_t start, phys_addr_t end, phys_addr_t size, phys_addr_t align)
{
	enum memblock_flags flags = choose_memblock_flags();
	phys_addr_t ret;

	for (;;) {
		ret = find_in_range_node(size, align, start, end, NUMA_NO_NODE, flags);
		if (ret || !(flags & MEMBLOCK_MIRROR))
			return ret;
		flags &= ~MEMBLOCK_MIRROR;
		pr_warn("Could not allocate 0x%016llx bytes of mirrored memory\n", (unsigned long long)size);
	}
}

static void memblock_remove_region(struct memblock_type *type, unsigned long r)
{
	type->total_size -= type->regions[r].size;
	memmove(&type->regions[r], &type->regions[r + 1], (type->cnt - (r + 1)) * sizeof(type->regions[r]));
	type->cnt--;
	if (type->cnt == 0) {
		type->regions[0] = (struct memblock_region){ 0, 0, MEMBLOCK_NONE, MAX_NUMNODES };
		type->total_size = 0;
	}
}

/*
 * Double @type's array. The new array comes from memblock itself, page
 * aligned, avoiding [new_area_start, +size) (the range being reserved when
 * this is the reserved array), and is reserved once in place.
 */
static int memblock_double_array(struct memblock_type *type, phys_addr_t new_area_start,
				 phys_addr_t new_area_size)
{
	struct memblock_region *new_array, *old_array = type->regions;
	phys_addr_t old_size = type->max * sizeof(struct memblock_region), new_size = old_size * 2;
	phys_addr_t old_alloc = ALIGN(old_size, PAGE_SIZE), new_alloc = ALIGN(new_size, PAGE_SIZE);
	phys_addr_t addr, new_end;

	if (!memblock_can_resize) {
		/* Linux panics here; we refuse the operation and keep a consistent state. */
		pr_err("memblock: cannot resize %s array (%lu entries) before memblock_allow_resize()\n", type->name,
		       type->max);
		return -1;
	}
	if (type != &memblock.reserved)
		new_area_start = new_area_size = 0;
	addr = memblock_find_in_range(new_area_start + new_area_size, memblock.current_limit, new_alloc, PAGE_SIZE);
	if (!addr && new_area_size)
		addr = memblock_find_in_range(0, min(new_area_start, memblock.current_limit), new_alloc, PAGE_SIZE);
	new_array = addr ? platform_phys_to_virt(addr) : NULL;
	if (!new_array) {
		pr_err("memblock: Failed to double %s array from %ld to %ld entries !\n", type->name,
		       (long)type->max, (long)type->max * 2);
		return -1;
	}
	new_end = addr + new_size - 1;
	memblock_dbg("memblock: %s is doubled to %ld at [0x%016llx-0x%016llx]\n", type->name, (long)type->max * 2,
		     (unsigned long long)addr, (unsigned long long)new_end);

	memcpy(new_array, old_array, old_size);
	memset(new_array + type->max, 0, old_size);
	type->regions = new_array;
	type->max *= 2;

	if (old_array != memblock_memory_init_regions && old_array != memblock_reserved_init_regions)
		memblock_phys_free(platform_virt_to_phys(old_array), old_alloc);
	/* The reserved array may be the one that was full: reserve only after the switch. */
	if (memblock_reserve(addr, new_alloc)) {
		pr_err("memblock: could not reserve the new %s array\n", type->name);
		return -1;
	}
	return 0;
}

/* Merge neighbours in [start_rgn - 1, end_rgn) that touch and share node and flags. */
static void memblock_merge_regions(struct memblock_type *type, unsigned long start_rgn, unsigned long end_rgn)
{
	unsigned long i = start_rgn ? start_rgn - 1 : 0;

	if (type->cnt == 0)
		return;
	end_rgn = min(end_rgn, type->cnt - 1);
	while (i < end_rgn) {
		struct memblock_region *this = &type->regions[i], *next = this + 1;

		if (this->base + this->size != next->base ||
		    memblock_get_region_node(this) != memblock_get_region_node(next) || this->flags != next->flags) {
			i++;
			continue;
		}
		this->size += next->size;
		memmove(next, next + 1, (type->cnt - (i + 2)) * sizeof(*next));
		type->cnt--;
		end_rgn--;
	}
}

static void memblock_insert_region(struct memblock_type *type, unsigned long idx, phys_addr_t base,
				   phys_addr_t size, int nid, enum memblock_flags flags)
{
	struct memblock_region *rgn = &type->regions[idx];

	memmove(rgn + 1, rgn, (type->cnt - idx) * sizeof(*rgn));
	*rgn = (struct memblock_region){ base, size, flags, nid };
	type->cnt++;
	type->total_size += size;
}

/*
 * Add [base, base + size) to @type. Parts already covered keep their node
 * and flags; only the uncovered pieces are inserted. Two passes: the first
 * counts the pieces (and grows the array if needed), the second inserts.
 */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size, int nid,
			      enum memblock_flags flags)
{
	phys_addr_t obase = base, end = base + memblock_cap_size(base, &size);
	bool insert = type->cnt * 2 + 1 <= type->max;
	long start_rgn = -1, end_rgn = 0;
	unsigned long nr_new;

	if (!size)
		return 0;
	if (type->cnt == 0) {
		type->regions[0] = (struct memblock_region){ base, size, flags, nid };
		type->total_size = size;
		type->cnt = 1;
		return 0;
	}
	for (;;) {
		unsigned long idx;

		base = obase;
		nr_new = 0;
		for (idx = 0; idx < type->cnt; idx++) {
			struct memblock_region *rgn = &type->regions[idx];
			phys_addr_t rbase = rgn->base, rend = rbase + rgn->size;

			if (rbase >= end)
				break;
			if (rend <= base)
				continue;
			if (rbase > base) {
				nr_new++;
				if (insert) {
					if (start_rgn == -1)
						start_rgn = idx;
					end_rgn = idx + 1;
					memblock_insert_region(type, idx++, base, rbase - base, nid, flags);
				}
			}
			base = min(rend, end);
		}
		if (base < end) {
			nr_new++;
			if (insert) {
				if (start_rgn == -1)
					start_rgn = idx;
				end_rgn = idx + 1;
				memblock_insert_region(type, idx, base, end - base, nid, flags);
			}
		}
		if (!nr_new)
			return 0;
		if (insert)
			break;
		while (type->cnt + nr_new > type->max)
			if (memblock_double_array(type, obase, size) < 0)
				return -1;
		insert = true;
	}
	memblock_merge_regions(type, start_rgn, end_rgn);
	return 0;
}

int memblock_add_node(phys_addr_t base, phys_addr_t size, int nid, enum memblock_flags flags)
{
	char who[48];

	memblock_dbg("memblock_add_node: [0x%016llx-0x%016llx] nid=%d flags=%x %s\n", (unsigned long long)base,
		     (unsigned long long)(base + size - 1), nid, flags, RET_IP(who));
	return memblock_add_range(&memblock.memory, base, size, nid, flags);
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	char who[48];

	memblock_dbg("memblock_add: [0x%016llx-0x%016llx] %s\n", (unsigned long long)base,
		     (unsigned long long)(base + size - 1), RET_IP(who));
	return memblock_add_range(&memblock.memory, base, size, MAX_NUMNODES, 0);
}

/*
 * Split regions so that [base, base + size) starts and ends on region
 * boundaries; *start_rgn and *end_rgn bound the regions inside it.
 */
static int memblock_isolate_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size,
				  unsigned long *start_rgn, unsigned long *end_rgn)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);

	*start_rgn = *end_rgn = 0;
	if (!size)
		return 0;
	while (type->cnt + 2 > type->max)
		if (memblock_double_array(type, base, size) < 0)
			return -1;

	for (unsigned long idx = 0; idx < type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base, rend = rbase + rgn->size;

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase < base) {
			/* Overlaps from below: keep the lower part as a new region, go on with the top. */
			rgn->base = base;
			rgn->size -= base - rbase;
			type->total_size -= base - rbase;
			memblock_insert_region(type, idx, rbase, base - rbase, memblock_get_region_node(rgn),
					       rgn->flags);
		} else if (rend > end) {
			/* Overlaps from above: split off the bottom part and look at it again. */
			rgn->base = end;
			rgn->size -= end - rbase;
			type->total_size -= end - rbase;
			memblock_insert_region(type, idx--, rbase, end - rbase, memblock_get_region_node(rgn),
					       rgn->flags);
		} else {
			if (!*end_rgn)
				*start_rgn = idx;
			*end_rgn = idx + 1;
		}
	}
	return 0;
}

static int memblock_remove_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	unsigned long start_rgn, end_rgn;

	if (memblock_isolate_range(type, base, size, &start_rgn, &end_rgn))
		return -1;
	for (unsigned long i = end_rgn; i-- > start_rgn;)
		memblock_remove_region(type, i);
	return 0;
}

int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	char who[48];

	memblock_dbg("memblock_remove: [0x%016llx-0x%016llx] %s\n", (unsigned long long)base,
		     (unsigned long long)(base + size - 1), RET_IP(who));
	return memblock_remove_range(&memblock.memory, base, size);
}

int memblock_phys_free(phys_addr_t base, phys_addr_t size)
{
	char who[48];

	memblock_dbg("memblock_phys_free: [0x%016llx-0x%016llx] %s\n", (unsigned long long)base,
		     (unsigned long long)(base + size - 1), RET_IP(who));
	return memblock_remove_range(&memblock.reserved, base, size);
}

void memblock_free(void *ptr, size_t size)
{
	if (ptr)
		memblock_phys_free(platform_virt_to_phys(ptr), size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	char who[48];

	memblock_dbg("memblock_reserve: [0x%016llx-0x%016llx] %s\n", (unsigned long long)base,
		     (unsigned long long)(base + size - 1), RET_IP(who));
	return memblock_add_range(&memblock.reserved, base, size, MAX_NUMNODES, 0);
}

static int memblock_setclr_flag(struct memblock_type *type, phys_addr_t base, phys_addr_t size, bool set,
				enum memblock_flags flag)
{
	unsigned long start_rgn, end_rgn;

	if (memblock_isolate_range(type, base, size, &start_rgn, &end_rgn))
		return -1;
	for (unsigned long i = start_rgn; i < end_rgn; i++) {
		if (set)
			type->regions[i].flags |= flag;
		else
			type->regions[i].flags &= ~flag;
	}
	memblock_merge_regions(type, start_rgn, end_rgn);
	return 0;
}

int memblock_mark_hotplug(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, true, MEMBLOCK_HOTPLUG);
}

int memblock_clear_hotplug(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, false, MEMBLOCK_HOTPLUG);
}

/* Only with kernelcore=mirror, as in Linux; marking a range makes allocations prefer mirrored memory. */
int memblock_mark_mirror(phys_addr_t base, phys_addr_t size)
{
	if (!mirrored_kernelcore)
		return 0;
	system_has_some_mirror = true;
	return memblock_setclr_flag(&memblock.memory, base, size, true, MEMBLOCK_MIRROR);
}

int memblock_clear_mirror(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, false, MEMBLOCK_MIRROR);
}

int memblock_mark_nomap(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, true, MEMBLOCK_NOMAP);
}

int memblock_clear_nomap(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.memory, base, size, false, MEMBLOCK_NOMAP);
}

int memblock_reserved_mark_noinit(phys_addr_t base, phys_addr_t size)
{
	return memblock_setclr_flag(&memblock.reserved, base, size, true, MEMBLOCK_RSRV_NOINIT);
}

int memblock_set_node(phys_addr_t base, phys_addr_t size, struct memblock_type *type, int nid)
{
	unsigned long start_rgn, end_rgn;

	if (memblock_isolate_range(type, base, size, &start_rgn, &end_rgn))
		return -1;
	for (unsigned long i = start_rgn; i < end_rgn; i++)
		memblock_set_region_node(&type->regions[i], nid);
	memblock_merge_regions(type, start_rgn, end_rgn);
	return 0;
}

phys_addr_t memblock_alloc_range_nid(phys_addr_t size, phys_addr_t align, phys_addr_t start, phys_addr_t end,
				     int nid, bool exact_nid)
{
	enum memblock_flags flags = choose_memblock_flags();
	phys_addr_t found;

	if (!align) {
		pr_warn("memblock: allocation of %llu bytes asked for alignment 0; using %d\n",
			(unsigned long long)size, SMP_CACHE_BYTES);
		align = SMP_CACHE_BYTES;
	}
	for (;;) {
		found = find_in_range_node(size, align, start, end, nid, flags);
		if (found && !memblock_reserve(found, size))
			return found;
		if (numa_valid_node(nid) && !exact_nid) {
			found = find_in_range_node(size, align, start, end, NUMA_NO_NODE, flags);
			if (found && !memblock_reserve(found, size))
				return found;
		}
		if (!(flags & MEMBLOCK_MIRROR))
			return 0;
		flags &= ~MEMBLOCK_MIRROR;
		pr_warn("Could not allocate 0x%016llx bytes of mirrored memory\n", (unsigned long long)size);
	}
}

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align, phys_addr_t start, phys_addr_t end)
{
	char who[48];

	memblock_dbg("memblock_phys_alloc_range: %llu bytes align=0x%llx from=0x%016llx max_addr=0x%016llx %s\n",
		     (unsigned long long)size, (unsigned long long)align, (unsigned long long)start,
		     (unsigned long long)end, RET_IP(who));
	return memblock_alloc_range_nid(size, align, start, end, NUMA_NO_NODE, false);
}

phys_addr_t memblock_phys_alloc_try_nid(phys_addr_t size, phys_addr_t align, int nid)
{
	return memblock_alloc_range_nid(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE, nid, false);
}

/* Allocate, retrying without min_addr on failure; returns the virtual address. */
static void *memblock_alloc_internal(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
				     phys_addr_t max_addr, int nid, bool exact_nid)
{
	phys_addr_t alloc;

	if (max_addr > memblock.current_limit)
		max_addr = memblock.current_limit;
	alloc = memblock_alloc_range_nid(size, align, min_addr, max_addr, nid, exact_nid);
	if (!alloc && min_addr)
		alloc = memblock_alloc_range_nid(size, align, 0, max_addr, nid, exact_nid);
	return alloc ? platform_phys_to_virt(alloc) : NULL;
}

#define ALLOC_DBG(name, size, align, nid, min_addr, max_addr, who)                                          \
	memblock_dbg("%s: %llu bytes align=0x%llx nid=%d from=0x%016llx max_addr=0x%016llx %s\n", name,     \
		     (unsigned long long)(size), (unsigned long long)(align), nid, (unsigned long long)(min_addr), \
		     (unsigned long long)(max_addr), who)

void *memblock_alloc_exact_nid_raw(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr,
				   phys_addr_t max_addr, int nid)
{
	char who[48];

	ALLOC_DBG("memblock_alloc_exact_nid_raw", size, align, nid, min_addr, max_addr, RET_IP(who));
	return memblock_alloc_internal(size, align, min_addr, max_addr, nid, true);
}

void *memblock_alloc_try_nid_raw(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr, phys_addr_t max_addr,
				 int nid)
{
	char who[48];

	ALLOC_DBG("memblock_alloc_try_nid_raw", size, align, nid, min_addr, max_addr, RET_IP(who));
	return memblock_alloc_internal(size, align, min_addr, max_addr, nid, false);
}

void *memblock_alloc_try_nid(phys_addr_t size, phys_addr_t align, phys_addr_t min_addr, phys_addr_t max_addr,
			     int nid)
{
	char who[48];
	void *ptr;

	ALLOC_DBG("memblock_alloc_try_nid", size, align, nid, min_addr, max_addr, RET_IP(who));
	ptr = memblock_alloc_internal(size, align, min_addr, max_addr, nid, false);
	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}

void memblock_allow_resize(void)
{
	memblock_can_resize = true;
}

void memblock_set_bottom_up(bool enable)
{
	memblock.bottom_up = enable;
}

bool memblock_bottom_up(void)
{
	return memblock.bottom_up;
}

void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

phys_addr_t memblock_get_current_limit(void)
{
	return memblock.current_limit;
}

/*
 * Shrink memory regions to @align boundaries, dropping those that vanish.
 * As in Linux, total_size is not reduced for the trimmed edges.
 */
void memblock_trim_memory(phys_addr_t align)
{
	for (unsigned long i = 0; i < memblock.memory.cnt; i++) {
		struct memblock_region *r = &memblock.memory.regions[i];
		phys_addr_t start = ALIGN(r->base, align), end = ALIGN_DOWN(r->base + r->size, align);

		if (start == r->base && end == r->base + r->size)
			continue;
		if (start < end) {
			r->base = start;
			r->size = end - start;
		} else {
			memblock_remove_region(&memblock.memory, i);
			i--;
		}
	}
}

bool memblock_overlaps_region(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	memblock_cap_size(base, &size);
	for (unsigned long i = 0; i < type->cnt; i++)
		if (memblock_addrs_overlap(base, size, type->regions[i].base, type->regions[i].size))
			return true;
	return false;
}

/* Index of the region containing addr, or -1 (binary search: regions are sorted). */
static long memblock_search(struct memblock_type *type, phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = (lo + hi) / 2;

		if (addr < type->regions[mid].base)
			hi = mid;
		else if (addr >= type->regions[mid].base + type->regions[mid].size)
			lo = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

bool memblock_is_memory(phys_addr_t addr)
{
	return memblock_search(&memblock.memory, addr) != -1;
}

bool memblock_is_map_memory(phys_addr_t addr)
{
	long i = memblock_search(&memblock.memory, addr);

	return i != -1 && !memblock_is_nomap(&memblock.memory.regions[i]);
}

bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	long i = memblock_search(&memblock.memory, base);
	phys_addr_t end = base + memblock_cap_size(base, &size);

	if (i == -1)
		return false;
	return memblock.memory.regions[i].base + memblock.memory.regions[i].size >= end;
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return memblock_search(&memblock.reserved, addr) != -1;
}

bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	return memblock_overlaps_region(&memblock.reserved, base, size);
}

phys_addr_t memblock_phys_mem_size(void)
{
	return memblock.memory.total_size;
}

phys_addr_t memblock_reserved_size(void)
{
	return memblock.reserved.total_size;
}

unsigned long memblock_estimated_nr_free_pages(void)
{
	return (unsigned long)((memblock_phys_mem_size() - memblock_reserved_size()) >> PAGE_SHIFT);
}

/* Bytes memblock holds for its own doubled arrays (reserved in memblock itself). */
phys_addr_t memblock_arrays_size(void)
{
	phys_addr_t n = 0;

	if (memblock.memory.regions != memblock_memory_init_regions)
		n += ALIGN(memblock.memory.max * sizeof(struct memblock_region), PAGE_SIZE);
	if (memblock.reserved.regions != memblock_reserved_init_regions)
		n += ALIGN(memblock.reserved.max * sizeof(struct memblock_region), PAGE_SIZE);
	return n;
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.regions[0].base;
}

/* Linux reads regions[-1] on an empty array; we answer 0. */
phys_addr_t memblock_end_of_DRAM(void)
{
	unsigned long n = memblock.memory.cnt;

	if (!n)
		return 0;
	return memblock.memory.regions[n - 1].base + memblock.memory.regions[n - 1].size;
}
