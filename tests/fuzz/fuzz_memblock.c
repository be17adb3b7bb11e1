/*
 * libFuzzer target for memblock: the input is decoded into a sequence of
 * operations (add, add_node, remove, reserve, phys_free, allocations of every
 * kind in both directions with varied align/limits/nid, set_node, mark/clear
 * flags, allow_resize, current_limit) over a 1 MiB address space, either at
 * phys 0 backed by a host window (so memblock_alloc* and array doubling touch
 * real memory) or at the very top of the 64-bit space (phys_ APIs only, so
 * sizes get capped at PHYS_ADDR_MAX).
 *
 * A model keeps, per 256-byte unit, what memory and reserved should hold
 * (present, nid, flags). After every step: memblock_validate() == 0, the
 * arrays expand to exactly the model, the totals match, and every successful
 * allocation was aligned, inside one memory region, within its limits, on its
 * node when exact, and free before (not overlapping a live allocation).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <efimm/host.h>
#include <efimm/platform.h>

#define UNIT 0x100UL
#define SPACE 0x100000UL
#define UNITS (SPACE / UNIT)
#define MAX_LIVE 512

struct unit {
	bool mem, rsv;
	int nid;
	unsigned char flags, rflags;
};

static struct unit model[UNITS], got[UNITS];
static phys_addr_t space_base;
static bool top_mode;
static void *window;
static char out[1 << 16];

static struct {
	phys_addr_t base, size;
} live[MAX_LIVE];
static int nlive;

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			host_capture_stop();                                                 \
			fprintf(stderr, "fuzz_memblock: %s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                                            \
			memblock_debug = 1;                                                  \
			__memblock_dump_all();                                               \
			fflush(stdout);                                                      \
			abort();                                                             \
		}                                                                            \
	} while (0)

static const int nids[] = { 0, 1, 2, MAX_NUMNODES, NUMA_NO_NODE, MAX_NUMNODES - 1 };
static const enum memblock_flags addflags[] = { MEMBLOCK_NONE, MEMBLOCK_NONE, MEMBLOCK_HOTPLUG, MEMBLOCK_NOMAP };

/* Units [u, u + n) of the space, as addresses; the top unit ends at PHYS_ADDR_MAX in top mode (capping). */
static phys_addr_t ubase(unsigned long u)
{
	return space_base + u * UNIT;
}

static void expand(const struct memblock_type *t, bool is_mem)
{
	for (unsigned long i = 0; i < t->cnt; i++) {
		const struct memblock_region *r = &t->regions[i];
		phys_addr_t off = r->base - space_base, end = r->base + r->size;
		unsigned long u0, u1;

		CHECK(r->base >= space_base && off < SPACE);
		CHECK(off % UNIT == 0);
		if (top_mode && end == PHYS_ADDR_MAX)
			u1 = UNITS;
		else {
			CHECK((end - space_base) % UNIT == 0 && end - space_base <= SPACE);
			u1 = (end - space_base) / UNIT;
		}
		u0 = off / UNIT;
		for (unsigned long u = u0; u < u1; u++) {
			if (is_mem) {
				got[u].mem = true;
				got[u].nid = r->nid;
				got[u].flags = r->flags;
			} else {
				got[u].rsv = true;
				got[u].rflags = r->flags;
				CHECK(r->nid == MAX_NUMNODES);
			}
		}
	}
}

static phys_addr_t model_bytes(bool mem)
{
	phys_addr_t n = 0;

	for (unsigned long u = 0; u < UNITS; u++)
		if (mem ? model[u].mem : model[u].rsv)
			n += UNIT;
	if (top_mode && n && (mem ? model[UNITS - 1].mem : model[UNITS - 1].rsv))
		n--; /* the last byte of the 64-bit space can never be covered */
	return n;
}

static void check_state(void)
{
	static char vbuf[4096];
	int bad;

	host_capture_start(vbuf, sizeof(vbuf));
	bad = memblock_validate();
	host_capture_start(out, sizeof(out)); /* back to swallowing the operations' messages */
	if (bad)
		fprintf(stderr, "%s", vbuf);
	CHECK(bad == 0);
	memset(got, 0, sizeof(got));
	expand(&memblock.memory, true);
	expand(&memblock.reserved, false);
	for (unsigned long u = 0; u < UNITS; u++) {
		CHECK(got[u].mem == model[u].mem);
		CHECK(got[u].rsv == model[u].rsv);
		if (model[u].mem) {
			CHECK(got[u].nid == model[u].nid);
			CHECK(got[u].flags == model[u].flags);
		}
		if (model[u].rsv)
			CHECK(got[u].rflags == model[u].rflags);
	}
	CHECK(memblock_phys_mem_size() == model_bytes(true));
	CHECK(memblock_reserved_size() == model_bytes(false));
	if (memblock.memory.cnt) {
		CHECK(memblock_start_of_DRAM() == memblock.memory.regions[0].base);
		CHECK(memblock_end_of_DRAM() > memblock_start_of_DRAM());
	}
}

/* Clip [u, u + n) to the space. */
static void model_range(unsigned long *u, unsigned long *n)
{
	if (*u > UNITS)
		*u = UNITS;
	if (*n > UNITS - *u)
		*n = UNITS - *u;
}

static void model_add(unsigned long u, unsigned long n, int nid, unsigned char flags)
{
	for (unsigned long i = u; i < u + n; i++)
		if (!model[i].mem)
			model[i] = (struct unit){ true, model[i].rsv, nid, flags, model[i].rflags };
}

static void model_mem_clear(unsigned long u, unsigned long n)
{
	for (unsigned long i = u; i < u + n; i++)
		model[i].mem = false, model[i].nid = 0, model[i].flags = 0;
}

static void model_rsv(unsigned long u, unsigned long n, bool set)
{
	for (unsigned long i = u; i < u + n; i++) {
		if (set && !model[i].rsv)
			model[i].rflags = 0;
		model[i].rsv = set;
		if (!set)
			model[i].rflags = 0;
	}
}

static void model_rsv_phys(phys_addr_t base, phys_addr_t size, bool set)
{
	model_rsv((base - space_base) / UNIT, DIV_ROUND_UP(size, UNIT), set);
}

static bool is_static(const struct memblock_region *r)
{
	/* The initial arrays are not in the window; anything in it came from memblock. */
	return platform_virt_to_phys(r) == (phys_addr_t)(uintptr_t)r;
}

/* Track array doubling around an operation: old arrays freed, new ones reserved. */
struct arrays {
	struct memblock_region *m, *r;
	unsigned long mmax, rmax;
};

static struct arrays arrays_now(void)
{
	return (struct arrays){ memblock.memory.regions, memblock.reserved.regions, memblock.memory.max,
				memblock.reserved.max };
}

static void model_arrays(struct arrays before)
{
	struct arrays now = arrays_now();
	phys_addr_t sz = sizeof(struct memblock_region);

	if (before.m != now.m && !is_static(before.m))
		model_rsv_phys(platform_virt_to_phys(before.m), ALIGN(before.mmax * sz, PAGE_SIZE), false);
	if (before.r != now.r && !is_static(before.r))
		model_rsv_phys(platform_virt_to_phys(before.r), ALIGN(before.rmax * sz, PAGE_SIZE), false);
	if (before.m != now.m) {
		CHECK(now.mmax == before.mmax * 2 || now.mmax == before.mmax * 4);
		CHECK(platform_virt_to_phys(now.m) % PAGE_SIZE == 0);
		model_rsv_phys(platform_virt_to_phys(now.m), ALIGN(now.mmax * sz, PAGE_SIZE), true);
	}
	if (before.r != now.r) {
		CHECK(platform_virt_to_phys(now.r) % PAGE_SIZE == 0);
		model_rsv_phys(platform_virt_to_phys(now.r), ALIGN(now.rmax * sz, PAGE_SIZE), true);
	}
}

/* Does [base, base + size) overlap a dynamically allocated region array? */
static bool hits_arrays(phys_addr_t base, phys_addr_t size)
{
	const struct memblock_type *types[] = { &memblock.memory, &memblock.reserved };

	for (int i = 0; i < 2; i++) {
		const struct memblock_type *t = types[i];
		phys_addr_t a, n;

		if (is_static(t->regions))
			continue;
		a = platform_virt_to_phys(t->regions);
		n = ALIGN(t->max * sizeof(struct memblock_region), PAGE_SIZE);
		if (base < a + n && a < base + size)
			return true;
	}
	return false;
}

static void drop_live(phys_addr_t base, phys_addr_t size)
{
	for (int i = 0; i < nlive; i++)
		/* Inclusive ends: at the top of the space base + size wraps to 0. */
		if (size && live[i].base <= base + (size - 1) && base <= live[i].base + (live[i].size - 1))
			live[i--] = live[--nlive];
}

/* Check a successful allocation against the state before it (the model, not yet updated). */
static void check_alloc(phys_addr_t a, phys_addr_t size, phys_addr_t align, phys_addr_t lo, phys_addr_t hi,
			int nid, bool exact)
{
	unsigned long u = (a - space_base) / UNIT, n = size / UNIT;

	CHECK(a != 0);
	CHECK(a % align == 0);
	CHECK(a >= space_base && a - space_base < SPACE && (a - space_base) % UNIT == 0);
	CHECK(n && u + n <= UNITS);
	CHECK(a >= lo && a >= PAGE_SIZE);
	CHECK(a + size <= hi && a + size > a);
	for (unsigned long i = u; i < u + n; i++) {
		/* Inside memory, in one region (same nid and flags all along), not NOMAP, free before. */
		CHECK(model[i].mem && !model[i].rsv);
		CHECK(model[i].nid == model[u].nid && model[i].flags == model[u].flags);
		CHECK(!(model[i].flags & MEMBLOCK_NOMAP));
		if (exact && numa_valid_node(nid))
			CHECK(model[i].nid == nid);
		if (movable_node_enabled)
			CHECK(!(model[i].flags & MEMBLOCK_HOTPLUG));
	}
	for (int i = 0; i < nlive; i++)
		CHECK(!(live[i].base < a + size && a < live[i].base + live[i].size));
	CHECK(memblock_is_region_memory(a, size));
	CHECK(memblock_is_reserved(a) && memblock_is_reserved(a + size - 1));
	model_rsv(u, n, true);
	if (nlive < MAX_LIVE) {
		live[nlive].base = a;
		live[nlive].size = size;
		nlive++;
	}
}

struct reader {
	const uint8_t *p;
	size_t n;
};

static unsigned int rd8(struct reader *r)
{
	if (!r->n)
		return 0;
	r->n--;
	return *r->p++;
}

static unsigned int rd16(struct reader *r)
{
	return rd8(r) | rd8(r) << 8;
}

static void reset_all(bool top, bool bottom_up, bool mirror)
{
	memblock_reset();
	memset(model, 0, sizeof(model));
	nlive = 0;
	top_mode = top;
	space_base = top ? 0 - SPACE : 0;
	if (!top) {
		if (!window)
			window = aligned_alloc(PAGE_SIZE, SPACE);
		host_phys_window(0, window, SPACE);
		memblock_set_current_limit(SPACE);
	} else {
		host_phys_window(0, NULL, 0);
	}
	memblock_set_bottom_up(bottom_up);
	mirrored_kernelcore = mirror;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader rd = { data, size };
	unsigned int hdr = rd8(&rd);

	reset_all(hdr & 1, hdr & 2, hdr & 4);
	host_capture_start(out, sizeof(out)); /* errors are expected (resize refused, mirror warnings) */

	for (int step = 0; step < 256 && rd.n; step++) {
		unsigned int op = rd8(&rd), c = rd8(&rd);
		unsigned long u = rd16(&rd) % (UNITS + 1), n = rd16(&rd) % (UNITS + 1);
		phys_addr_t base, bsize, align = UNIT << (c & 7);
		int nid = nids[(c >> 3) % ARRAY_SIZE(nids)];
		struct arrays before = arrays_now();
		int ret;

		if (getenv("FUZZ_TRACE"))
			fprintf(stderr, "step %d op %u (%u) c %#x u %#lx n %#lx\n", step, op % 16, op, c, u, n);
		if (c & 0x80)
			n = n % 8; /* mostly small ranges, to build many regions */
		model_range(&u, &n);
		base = ubase(u);
		bsize = n * UNIT;
		/* Sometimes ask for more than the space: capped at PHYS_ADDR_MAX at the top, clipped otherwise. */
		if (top_mode && (op & 0x80) && n) {
			bsize = PHYS_ADDR_MAX;
			n = UNITS - u;
		}

		switch (op % 16) {
		case 0:
			ret = memblock_add(base, bsize);
			model_arrays(before);
			if (!ret)
				model_add(u, n, MAX_NUMNODES, 0);
			break;
		case 1: {
			enum memblock_flags f = addflags[(c >> 6) & 3];

			ret = memblock_add_node(base, bsize, nid, f);
			model_arrays(before);
			if (!ret)
				model_add(u, n, nid, f);
			break;
		}
		case 2:
			ret = memblock_remove(base, bsize);
			model_arrays(before);
			if (!ret)
				model_mem_clear(u, n);
			break;
		case 3:
			ret = memblock_reserve(base, bsize);
			model_arrays(before);
			if (!ret)
				model_rsv(u, n, true);
			break;
		case 4:
			/* Freeing the region arrays themselves would let allocations overwrite them (as in Linux). */
			if (hits_arrays(base, n * UNIT))
				break;
			ret = memblock_phys_free(base, bsize);
			model_arrays(before);
			if (!ret) {
				model_rsv(u, n, false);
				drop_live(base, n * UNIT);
			}
			break;
		case 5:
		case 6: {
			/* memblock_alloc_range_nid / memblock_phys_alloc_range: no min_addr retry. */
			phys_addr_t sz = (n % 64 + 1) * UNIT, lo = base, hi = rd16(&rd) % (UNITS + 1) * UNIT + space_base;
			phys_addr_t eff_hi, a;
			bool exact = c & 0x40;

			if (op & 0x20)
				hi = MEMBLOCK_ALLOC_ACCESSIBLE;
			else if (op & 0x40)
				hi = MEMBLOCK_ALLOC_ANYWHERE;
			eff_hi = hi <= MEMBLOCK_ALLOC_NOLEAKTRACE ? memblock.current_limit : hi;
			if (op % 16 == 5)
				a = memblock_alloc_range_nid(sz, align, lo, hi, nid, exact);
			else
				a = memblock_phys_alloc_range(sz, align, lo, hi), nid = NUMA_NO_NODE, exact = false;
			model_arrays(before);
			if (a)
				check_alloc(a, sz, align, lo, eff_hi, nid, exact);
			break;
		}
		case 7: {
			/* The virtual API (window only): try_nid (zeroed), try_nid_raw, exact_nid_raw; min_addr retry. */
			phys_addr_t sz = (n % 64 + 1) * UNIT, lo = base, hi = rd16(&rd) % (UNITS + 1) * UNIT;
			unsigned char *p;
			int kind = (op >> 4) % 3;

			if (top_mode)
				break;
			if (op & 0x80)
				hi = MEMBLOCK_ALLOC_ACCESSIBLE;
			if (kind == 0)
				p = memblock_alloc_try_nid(sz, align, lo, hi, nid);
			else if (kind == 1)
				p = memblock_alloc_try_nid_raw(sz, align, lo, hi, nid);
			else
				p = memblock_alloc_exact_nid_raw(sz, align, lo, hi, nid);
			model_arrays(before);
			if (p) {
				phys_addr_t eff_hi = min(hi, memblock.current_limit);

				if (eff_hi <= MEMBLOCK_ALLOC_NOLEAKTRACE)
					eff_hi = memblock.current_limit;
				/* min_addr may have been dropped by the retry. */
				check_alloc(platform_virt_to_phys(p), sz, align, 0, eff_hi, nid, kind == 2);
				if (kind == 0)
					for (phys_addr_t i = 0; i < sz; i++)
						CHECK(p[i] == 0);
				memset(p, 0x5a, sz);
			}
			break;
		}
		case 8: {
			struct memblock_type *t = (c & 0x40) ? &memblock.reserved : &memblock.memory;

			if (t == &memblock.reserved) /* reserved regions keep MAX_NUMNODES in the model */
				nid = MAX_NUMNODES;
			ret = memblock_set_node(base, bsize, t, nid);
			model_arrays(before);
			if (!ret && t == &memblock.memory)
				for (unsigned long i = u; i < u + n; i++)
					if (model[i].mem)
						model[i].nid = nid;
			break;
		}
		case 9: {
			static int (*const fn[])(phys_addr_t, phys_addr_t) = {
				memblock_mark_hotplug, memblock_clear_hotplug, memblock_mark_nomap,
				memblock_clear_nomap,  memblock_mark_mirror,   memblock_clear_mirror,
				memblock_reserved_mark_noinit,
			};
			static const unsigned char bit[] = { MEMBLOCK_HOTPLUG, MEMBLOCK_HOTPLUG, MEMBLOCK_NOMAP,
							     MEMBLOCK_NOMAP,   MEMBLOCK_MIRROR,  MEMBLOCK_MIRROR,
							     MEMBLOCK_RSRV_NOINIT };
			unsigned int k = (c >> 3) % ARRAY_SIZE(fn);
			bool set = !(k & 1) || k == 6;

			ret = fn[k](base, bsize);
			model_arrays(before);
			if (ret || (k == 4 && !mirrored_kernelcore))
				break;
			for (unsigned long i = u; i < u + n; i++) {
				if (k == 6) {
					if (model[i].rsv)
						model[i].rflags |= bit[k];
				} else if (model[i].mem) {
					if (set)
						model[i].flags |= bit[k];
					else
						model[i].flags &= ~bit[k];
				}
			}
			break;
		}
		case 10:
			memblock_set_bottom_up(!memblock_bottom_up());
			break;
		case 11:
			memblock_allow_resize();
			break;
		case 12:
			/* Window: limits at or below the window end; top: anything. */
			memblock_set_current_limit(c & 0x40 ? MEMBLOCK_ALLOC_ANYWHERE : base);
			if (!top_mode && memblock.current_limit > SPACE)
				memblock_set_current_limit(SPACE);
			break;
		case 13:
			/* Free a live allocation (all or its first part). */
			if (nlive) {
				int i = u % nlive;
				phys_addr_t fb = live[i].base, fs = (c & 1) ? UNIT : live[i].size;

				ret = memblock_phys_free(fb, fs);
				model_arrays(before);
				if (!ret) {
					model_rsv_phys(fb, fs, false);
					drop_live(fb, fs);
				}
			}
			break;
		case 14:
			movable_node_enabled = !movable_node_enabled;
			break;
		default: {
			/* Queries must agree with the model. */
			phys_addr_t a = base;

			if (u < UNITS) {
				CHECK(memblock_is_memory(a) == model[u].mem);
				CHECK(memblock_is_reserved(a) == model[u].rsv);
				CHECK(memblock_is_map_memory(a) == (model[u].mem && !(model[u].flags & MEMBLOCK_NOMAP)));
			}
			if (n) {
				bool any = false;

				for (unsigned long i = u; i < u + n; i++)
					any |= model[i].rsv;
				CHECK(memblock_is_region_reserved(a, n * UNIT) == any);
			}
			break;
		}
		}
		check_state();
	}
	host_capture_stop();
	if (getenv("FUZZ_TRACE"))
		fprintf(stderr, "end: memory %lu/%lu reserved %lu/%lu live %d\n", memblock.memory.cnt, memblock.memory.max,
			memblock.reserved.cnt, memblock.reserved.max, nlive);
	return 0;
}
