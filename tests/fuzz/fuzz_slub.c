/*
 * libFuzzer target for SLUB with slub_debug=FZPU (consistency checks, red
 * zones, poisoning, user tracking) on every cache: each input boots one
 * node of 1 MiB - 64 MiB, frees it into the buddy allocator, brings up the
 * kmalloc caches, then decodes its bytes (3 per operation) into kmalloc of
 * every size class and large sizes, kzalloc, kfree, krealloc up and down,
 * kmalloc_array overflow, and kmem_cache create/alloc/free/bulk/shrink/
 * destroy on up to four caches of fuzzed size, alignment and constructor.
 * Every live object is filled with bytes unique to its slot and generation;
 * the checks: objects never overlap another live object (over ksize), each
 * keeps its bytes until freed (krealloc keeps the common prefix), sizes,
 * alignment (kmalloc of a power of two is naturally aligned, caches honour
 * their align), kzalloc zeroes, no debug report is ever printed for this
 * valid use, kmem_cache_validate_all finds nothing every 128 operations, and
 * after freeing everything and shrinking, the free page count is back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <efimm/host.h>
#include <efimm/platform.h>
#include <efimm/mm_init.h>
#include <efimm/numa.h>
#include <efimm/setup.h>
#include "../../mm/slab.h"

#define SLOTS 128
#define NCACHES 4
#define RAM_END 0x4000000UL

static void *window;
static char out[1 << 16];

#define CHECK(cond)                                                                                    \
	do {                                                                                           \
		if (!(cond)) {                                                                         \
			host_capture_stop();                                                           \
			fprintf(stderr, "%s", out);                                                    \
			fprintf(stderr, "fuzz_slub: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                       \
		}                                                                                      \
	} while (0)

struct slot {
	unsigned char *p;
	size_t size;
	int cache; /* -1: kmalloc */
	unsigned char fill;
};

static struct slot slots[SLOTS];
static struct kmem_cache *caches[NCACHES];
static unsigned int cache_align[NCACHES];
static unsigned char gen;

static void boot(void)
{
	memblock_reset();
	mminit_reset_params();
	mminit_build_memmap = true;
	CHECK(memblock_add_node(0x100000, RAM_END - 0x100000, 0, 0) == 0);
	max_pfn = PFN_DOWN(RAM_END);
	max_low_pfn = max_pfn;
	if (!window)
		window = host_lazy_phys_window(RAM_END);
	CHECK(window);
	nodes_clear(&node_possible_map);
	nodes_clear(&node_online_map);
	memset(node_data, 0, sizeof(node_data));
	host_capture_start(out, sizeof(out));
	node_set(0, &node_possible_map);
	alloc_node_data(0);
	node_set_online(0);
	nr_node_ids = 1;
	x86_paging_init();
	build_all_zonelists(NULL);
	memblock_free_all();
	init_per_zone_wmark_min();
	slab_reset();
	CHECK(setup_slub_debug("FZPU") == 0);
	kmem_cache_init();
	kmem_cache_init_late();
	CHECK(slab_is_available());
	slub_debug_errors = 0;
	memset(slots, 0, sizeof(slots));
	memset(caches, 0, sizeof(caches));
}

static size_t usable(const struct slot *s)
{
	return s->cache >= 0 ? kmem_cache_size(caches[s->cache]) : ksize(s->p);
}

/* A new object must not overlap any live one. */
static void check_no_overlap(unsigned int self)
{
	const unsigned char *a = slots[self].p;
	size_t alen = usable(&slots[self]);

	for (unsigned int i = 0; i < SLOTS; i++) {
		const unsigned char *b = slots[i].p;

		if (i == self || !b)
			continue;
		CHECK(a + alen <= b || b + usable(&slots[i]) <= a);
	}
}

static void fill(struct slot *s)
{
	s->fill = ++gen ? gen : ++gen;
	memset(s->p, s->fill, s->size);
}

/* The first n bytes all hold the slot's fill byte (compared a page at a time: large objects are big). */
static void check_bytes(const struct slot *s, size_t n)
{
	static unsigned char ref[4096];

	memset(ref, s->fill, sizeof(ref));
	for (size_t i = 0; i < n; i += sizeof(ref))
		CHECK(!memcmp(s->p + i, ref, min(sizeof(ref), n - i)));
}

static void check_all(void)
{
	for (unsigned int i = 0; i < SLOTS; i++)
		if (slots[i].p)
			check_bytes(&slots[i], slots[i].size);
}

static void release(struct slot *s)
{
	if (!s->p)
		return;
	check_bytes(s, s->size);
	if (s->cache >= 0)
		kmem_cache_free(caches[s->cache], s->p);
	else
		kfree(s->p);
	s->p = NULL;
}

/* Sizes: mostly inside the kmalloc classes, some exact powers of two, some large. */
static size_t decode_size(unsigned int a, unsigned int b)
{
	switch (a >> 6) {
	case 0:
		return (a & 63) * 4 + b % 4 + 1;                  /* 1-256 */
	case 1:
		return (size_t)1 << ((a & 15) % 14);              /* 1 B - 8 KiB, exact */
	case 2:
		return ((a & 63) << 8 | b) % KMALLOC_MAX_CACHE_SIZE + 1; /* up to 8 KiB */
	default:
		return KMALLOC_MAX_CACHE_SIZE + ((a & 63) << 8 | b) * 4 + 1; /* large: buddy pages */
	}
}

/* natural: a new kmalloc object (krealloc that still fits keeps the old pointer, as Linux's __do_krealloc). */
static void check_kmalloc_object(unsigned int slot, size_t size, bool natural)
{
	struct slot *s = &slots[slot];

	CHECK(!ZERO_OR_NULL_PTR(s->p));
	CHECK(ksize(s->p) >= size);
	CHECK(((unsigned long)s->p & (ARCH_KMALLOC_MINALIGN - 1)) == 0);
	if (natural && !(size & (size - 1)))
		CHECK(((unsigned long)s->p & (min_t(size_t, size, PAGE_SIZE) - 1)) == 0);
	check_no_overlap(slot);
}

static void ctor_fill(void *p)
{
	memset(p, 0xc7, 8);
}

static void cache_op(unsigned int slot, unsigned int arg, unsigned int sel)
{
	unsigned int c = arg & (NCACHES - 1);
	struct slot *s = &slots[slot];
	bool zero;

	if (!caches[c]) {
		/* Create: size 8-1031, align 0 or a power of two 8-1024, a constructor or not. */
		static const char *const names[NCACHES] = { "fuzz0", "fuzz1", "fuzz2", "fuzz3" };
		unsigned int size = ((arg >> 2) | (sel << 6)) % 1024 + 8, align = (sel & 3) ? 8u << (sel >> 5) : 0;
		slab_flags_t flags = (sel & 4) ? SLAB_HWCACHE_ALIGN : 0;

		caches[c] = kmem_cache_create(names[c], size, align, flags, (sel & 8) ? ctor_fill : NULL);
		CHECK(caches[c]);
		CHECK(kmem_cache_size(caches[c]) == size);
		cache_align[c] = align ? align : 8;
		if ((flags & SLAB_HWCACHE_ALIGN) && size > 32 && cache_align[c] < 64)
			cache_align[c] = 64; /* Linux's calculate_alignment: a cache line for objects above half a line */
		return;
	}
	if (s->p)
		return;
	/* __GFP_ZERO would wipe a constructed object: not asked of a constructor cache. */
	zero = (sel & 16) && !caches[c]->ctor;
	s->p = zero ? kmem_cache_zalloc(caches[c], GFP_KERNEL | __GFP_NOWARN)
			  : kmem_cache_alloc(caches[c], GFP_KERNEL | __GFP_NOWARN);
	if (!s->p)
		return;
	s->cache = (int)c;
	s->size = kmem_cache_size(caches[c]);
	if (zero) {
		for (size_t i = 0; i < s->size; i++)
			CHECK(s->p[i] == 0);
	} else if (caches[c]->ctor) {
		/* A debug cache never poisons constructed objects: the constructor's bytes are there. */
		for (size_t i = 0; i < 8; i++)
			CHECK(s->p[i] == 0xc7);
	}
	CHECK(((unsigned long)s->p & (cache_align[c] - 1)) == 0);
	check_no_overlap(slot);
	fill(s);
}

static void free_slot(struct slot *s)
{
	if (s->p && s->cache >= 0 && caches[s->cache]->ctor) {
		check_bytes(s, s->size);
		memset(s->p, 0xc7, 8); /* back to the constructed state, as Linux asks of the cache's users */
		kmem_cache_free(caches[s->cache], s->p);
		s->p = NULL;
		return;
	}
	release(s);
}

/* Free the cache's objects (their slots), then destroy it: Linux reports a cache destroyed with objects. */
static void destroy_cache(unsigned int c)
{
	if (!caches[c])
		return;
	for (unsigned int i = 0; i < SLOTS; i++)
		if (slots[i].p && slots[i].cache == (int)c)
			free_slot(&slots[i]);
	kmem_cache_destroy(caches[c]);
	caches[c] = NULL;
}

static void bulk_op(unsigned int slot, unsigned int arg)
{
	unsigned int c = arg & (NCACHES - 1), n = (arg >> 2) % 16 + 1, got = 0;
	void *objs[16];

	if (!caches[c] || caches[c]->ctor)
		return;
	if (kmem_cache_alloc_bulk(caches[c], GFP_KERNEL | __GFP_NOWARN, n, objs) != (int)n)
		return;
	/* Into free slots from slot on; the rest go straight back through kmem_cache_free_bulk. */
	for (unsigned int i = 0; i < n; i++) {
		unsigned int k = (slot + i) % SLOTS;

		if (!slots[k].p) {
			slots[k].p = objs[i];
			slots[k].cache = (int)c;
			slots[k].size = kmem_cache_size(caches[c]);
			CHECK(((unsigned long)objs[i] & (cache_align[c] - 1)) == 0);
			check_no_overlap(k);
			fill(&slots[k]);
			objs[i] = NULL;
			got++;
		}
	}
	for (unsigned int i = 0, j = 0; i < n; i++)
		if (objs[i])
			objs[j++] = objs[i];
	kmem_cache_free_bulk(caches[c], n - got, objs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long before;

	boot();
	drain_all_pages(NULL);
	before = nr_free_pages();
	for (size_t i = 0; i + 2 < size; i += 3) {
		unsigned int op = data[i] & 15, slot = data[i + 1] % SLOTS, arg = data[i + 2];
		struct slot *s = &slots[slot];

		switch (op) {
		case 0: case 1: case 2: case 3: case 4: /* kmalloc / kzalloc */
			if (s->p)
				break;
			s->size = decode_size(arg, data[i] >> 4);
			s->cache = -1;
			s->p = (op == 4) ? kzalloc(s->size, GFP_KERNEL | __GFP_NOWARN)
					 : kmalloc(s->size, GFP_KERNEL | __GFP_NOWARN);
			if (!s->p)
				break; /* 64 MiB can run out: large sizes */
			if (op == 4)
				for (size_t k = 0; k < s->size; k++)
					CHECK(s->p[k] == 0);
			check_kmalloc_object(slot, s->size, true);
			fill(s);
			break;
		case 5: case 6: /* free */
			free_slot(s);
			break;
		case 7: /* krealloc: the common prefix survives */
			if (s->p && s->cache < 0) {
				size_t n = decode_size(arg, data[i] >> 4);
				bool natural;
				unsigned char *q = krealloc(s->p, n, GFP_KERNEL | __GFP_NOWARN);

				if (!q) {
					check_bytes(s, s->size); /* failure leaves the old object alone */
					break;
				}
				natural = q != s->p;
				s->p = q;
				check_bytes(s, min(n, s->size));
				s->size = n;
				check_kmalloc_object(slot, n, natural);
				fill(s);
			}
			break;
		case 8: case 9: case 10: /* kmem_cache create / alloc */
			cache_op(slot, arg, data[i] >> 4 | (arg & 0xf0));
			break;
		case 11: /* kmem_cache bulk alloc / free */
			bulk_op(slot, arg);
			break;
		case 12: /* destroy (after freeing its objects) or shrink */
			if (arg & 1)
				destroy_cache((arg >> 1) & (NCACHES - 1));
			else if (caches[(arg >> 1) & (NCACHES - 1)])
				kmem_cache_shrink(caches[(arg >> 1) & (NCACHES - 1)]);
			break;
		case 13: { /* edge cases: kmalloc(0), NULL/ZERO_SIZE_PTR frees, overflows, too large */
			void *z = kmalloc(0, GFP_KERNEL);

			CHECK(z == ZERO_SIZE_PTR);
			CHECK(ksize(z) == 0 && ksize(NULL) == 0);
			kfree(z);
			kfree(NULL);
			CHECK(kmalloc_array(SIZE_MAX / 2 + arg, 2 + arg % 3, GFP_KERNEL) == NULL);
			CHECK(kcalloc(SIZE_MAX / 16, 17, GFP_KERNEL) == NULL);
			CHECK(kmalloc(KMALLOC_MAX_SIZE + 1 + arg, GFP_KERNEL | __GFP_NOWARN) == NULL);
			break;
		}
		default: /* check every live object now */
			check_all();
			break;
		}
		CHECK(slub_debug_errors == 0);
		if ((i / 3) % 128 == 127) {
			check_all();
			CHECK(kmem_cache_validate_all() == 0);
		}
	}
	check_all();
	CHECK(kmem_cache_validate_all() == 0);
	for (unsigned int c = 0; c < NCACHES; c++)
		destroy_cache(c);
	for (unsigned int i = 0; i < SLOTS; i++)
		free_slot(&slots[i]);
	CHECK(kmem_cache_validate_all() == 0);
	CHECK(slub_debug_errors == 0);
	{
		struct kmem_cache *k;

		for_each_kmem_cache(k)
			kmem_cache_shrink(k);
	}
	drain_all_pages(NULL);
	CHECK(nr_free_pages() == before);
	host_capture_stop();
	return 0;
}
