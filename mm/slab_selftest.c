/*
 * The slab allocator's self-test over real RAM. Requests cycle over every
 * kmalloc size class (sizes drawn inside each class), large kmalloc (buddy
 * pages), a cache with a constructor, and the gfp variants that may select
 * other kmalloc caches (reclaimable, accounted, DMA), until the set part of
 * the free pages is in use. Each object gets a pattern unique to its address
 * and offset, every pattern is read back, and everything is freed in a
 * shuffled order. Linux's semantics are checked on the way: every kmalloc
 * cache is reached and sizes map to the right class, the constructor runs
 * exactly once per object of each new slab and never again for an object
 * freed in its constructed state and handed out again (which comes back
 * with every byte as it was left: no poison, no free pointer inside), objects of a
 * SLAB_HWCACHE_ALIGN cache are cache-line aligned. At the end, after
 * kmem_cache_shrink of every cache and a per-cpu drain, each cache's objects
 * in use and each zone's nr_free per order must be exactly as before:
 * every slab page went back to the buddy allocator.
 *
 * Bookkeeping (one 16-byte entry per object) lives in order-0 pages from the
 * page allocator, indexed by a directory block, all freed before the final
 * comparison; the counter snapshot lives in one more block.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <efimm/platform.h>
#include <efimm/slab_selftest.h>
#include <efimm/page_selftest.h>

enum slab_selftest_mode efimm_slab_selftest;
unsigned int efimm_slab_selftest_percent = SLAB_SELFTEST_DEFAULT_PERCENT;
bool efimm_slab_selftest_capped = true;

int slab_selftest_parse(const char *val)
{
	enum slab_selftest_mode mode = SLAB_SELFTEST_ON;
	const char *num = val;
	unsigned int pct = 0;

	if (!strncmp(val, "on", 2) || !strncmp(val, "full", 4) || !strcmp(val, "off")) {
		mode = val[1] == 'n' ? SLAB_SELFTEST_ON : val[1] == 'u' ? SLAB_SELFTEST_FULL : SLAB_SELFTEST_OFF;
		num = val + (mode == SLAB_SELFTEST_ON ? 2 : mode == SLAB_SELFTEST_FULL ? 4 : 3);
		if (*num == ',')
			num++;
		else if (*num)
			goto bad;
	}
	if (*num && mode != SLAB_SELFTEST_OFF) {
		const char *p = num;

		while (*p >= '0' && *p <= '9' && pct <= SLAB_SELFTEST_MAX_PERCENT)
			pct = pct * 10 + (unsigned int)(*p++ - '0');
		if (p == num || (*p == '%' && p[1]) || (*p && *p != '%') || pct < 1 || pct > SLAB_SELFTEST_MAX_PERCENT)
			goto bad;
	}
	efimm_slab_selftest = mode;
	if (pct) {
		efimm_slab_selftest_percent = pct;
		efimm_slab_selftest_capped = false;
	}
	return 0;
bad:
	pr_warn("efimm: slab_selftest=%s: expected on, off, full, a fill percentage 1-%u%% or on,N%% / full,N%%\n", val,
		SLAB_SELFTEST_MAX_PERCENT);
	return -1;
}

#define ST_GFP (GFP_KERNEL | __GFP_NOWARN)
#define CTOR_SIZE 200
#define CTOR_MAGIC 0x5ab1c7012c0ffeeULL
#define REUSE_MARK 0x2e05ed0b1ec7ULL
#define MAX_CACHES 512

enum { KIND_KMALLOC, KIND_LARGE, KIND_CTOR };

struct st_entry {
	void *p;
	u32 size;
	u8 kind, cls;
	u16 variant;
};

#define PER_CHUNK (PAGE_SIZE / sizeof(struct st_entry))

struct st_state {
	const struct slab_selftest_ops *ops;
	struct slab_selftest_result *res;
	struct st_entry **dir;
	unsigned long dir_slots, n;
	struct kmem_cache *ctor_cache;
	u64 seed, rnd;
	unsigned int stride;
};

struct cache_count {
	struct kmem_cache *s;
	unsigned long active;
};

/* The constructor's calls, counted while the test runs. */
static unsigned long ctor_calls;

static void st_ctor(void *obj)
{
	u64 *w = obj;

	w[0] = CTOR_MAGIC ^ (u64)(unsigned long)obj;
	w[1] = 0; /* 0: constructed and not in use */
	ctor_calls++;
}

static u64 next_rand(struct st_state *st)
{
	st->rnd += 0x9e3779b97f4a7c15ULL;
	return mix64(st->rnd);
}

/* Unique to the entry (so an object handed out twice shows its other owner's words), address and offset. */
static u64 pattern(u64 seed, unsigned long idx, const void *p, unsigned int off)
{
	return mix64(seed ^ mix64((u64)idx << 16 | off) ^ (u64)(unsigned long)p);
}

static struct st_entry *entry(struct st_state *st, unsigned long i)
{
	return &st->dir[i / PER_CHUNK][i % PER_CHUNK];
}

static void *st_kmalloc(const struct slab_selftest_ops *o, size_t size, gfp_t gfp)
{
	return o && o->kmalloc ? o->kmalloc(size, gfp) : kmalloc(size, gfp);
}

static void st_kfree(const struct slab_selftest_ops *o, const void *p)
{
	if (o && o->kfree)
		o->kfree(p);
	else
		kfree(p);
}

static void *st_cache_alloc(const struct slab_selftest_ops *o, struct kmem_cache *s, gfp_t gfp)
{
	return o && o->cache_alloc ? o->cache_alloc(s, gfp) : kmem_cache_alloc(s, gfp);
}

static void st_cache_free(const struct slab_selftest_ops *o, struct kmem_cache *s, void *p)
{
	if (o && o->cache_free)
		o->cache_free(s, p);
	else
		kmem_cache_free(s, p);
}

/* Progress about 16 times per phase. */
static void progress(const struct st_state *st, const char *phase, unsigned long done, unsigned long total,
		     unsigned long *next)
{
	if (!st->ops || !st->ops->progress || done < *next)
		return;
	st->ops->progress(phase, done, total);
	*next = done + max(total / 16, 1UL);
}

/* Every cache's objects in use, after a shrink (which flushes the per-cpu slabs). */
static unsigned int snapshot_caches(struct cache_count *c)
{
	struct kmem_cache *s;
	unsigned int n = 0;

	for_each_kmem_cache(s) {
		struct slabinfo si;

		if (n == MAX_CACHES)
			break;
		memset(&si, 0, sizeof(si));
		get_slabinfo(s, &si);
		c[n].s = s;
		c[n++].active = si.active_objs;
	}
	return n;
}

static void shrink_all(void)
{
	struct kmem_cache *s;

	for_each_kmem_cache(s)
		kmem_cache_shrink(s);
	drain_all_pages(NULL);
}

static unsigned int order_for(unsigned long bytes)
{
	unsigned int o = 0;

	while ((PAGE_SIZE << o) < bytes)
		o++;
	return o;
}

static bool is_kmalloc_name(const char *name)
{
	/* kmalloc-N, kmalloc-rcl-N, kmalloc-cg-N, dma-kmalloc-N */
	return !strncmp(name, "kmalloc-", 8) || !strncmp(name, "dma-kmalloc-", 12);
}

/* Size classes as Linux's kmalloc_info: 8, 16, 32, 64, 96, 128, 192, 256, ... KMALLOC_MAX_CACHE_SIZE. */
static void build_classes(struct slab_selftest_result *res)
{
	unsigned int n = 0;

	for (unsigned long size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size <<= 1) {
		if (size == 128 && KMALLOC_MIN_SIZE <= 64)
			res->class_size[n++] = 96;
		if (size == 256 && KMALLOC_MIN_SIZE <= 128)
			res->class_size[n++] = 192;
		res->class_size[n++] = (unsigned int)size;
	}
	res->nr_classes = n;
}

/* The gfp variants: mostly GFP_KERNEL; reclaimable, accounted and DMA select other kmalloc caches in Linux. */
static const gfp_t variants[8] = { ST_GFP, ST_GFP, ST_GFP, ST_GFP, ST_GFP, ST_GFP | __GFP_RECLAIMABLE,
				   GFP_KERNEL_ACCOUNT | __GFP_NOWARN, GFP_DMA | __GFP_NOWARN };

/*
 * Sizes map to classes as kmalloc_slab does: 1-8 to 8, 65-96 to 96, 129-192
 * to 192, otherwise the next power of two. Returns the problems found.
 */
static int check_size_map(struct slab_selftest_result *res)
{
	int problems = 0;

	for (unsigned int c = 0; c < res->nr_classes; c++) {
		unsigned int lo = c ? res->class_size[c - 1] + 1 : 1, hi = res->class_size[c];
		unsigned int probes[3] = { lo, (lo + hi) / 2, hi };

		for (int k = 0; k < 3; k++) {
			struct kmem_cache *s = kmalloc_slab(probes[k], GFP_KERNEL);

			if (!s || kmem_cache_size(s) != hi) {
				pr_err("efimm: slab self-test: kmalloc_slab(%u) is %s (%u bytes), want kmalloc-%u\n", probes[k],
				       s ? kmem_cache_name(s) : "NULL", s ? kmem_cache_size(s) : 0, hi);
				problems++;
			}
		}
	}
	if (kmalloc_slab(KMALLOC_MAX_CACHE_SIZE + 1, GFP_KERNEL)) {
		pr_err("efimm: slab self-test: kmalloc_slab(%lu) is a cache; above %lu kmalloc goes to the page allocator\n",
		       KMALLOC_MAX_CACHE_SIZE + 1, KMALLOC_MAX_CACHE_SIZE);
		problems++;
	}
	return problems;
}

static bool add_entry(struct st_state *st, void *p, u32 size, u8 kind, u8 cls, u16 variant)
{
	struct st_entry *e;

	if (st->n % PER_CHUNK == 0) {
		struct page *pg;

		if (st->n / PER_CHUNK >= st->dir_slots || !(pg = alloc_pages(ST_GFP, 0)))
			return false;
		st->dir[st->n / PER_CHUNK] = page_address(pg);
	}
	e = entry(st, st->n++);
	e->p = p;
	e->size = size;
	e->kind = kind;
	e->cls = cls;
	e->variant = variant;
	return true;
}

/* Pattern words from byte start: every stride bytes and always the last word. */
static void write_object(const struct st_state *st, const struct st_entry *e, unsigned long idx)
{
	unsigned int start = e->kind == KIND_CTOR ? 16 : 0;
	u64 *w = e->p;

	for (unsigned int off = start; off + 8 <= e->size; off += st->stride)
		w[off / 8] = pattern(st->seed, idx, e->p, off);
	w[e->size / 8 - 1] = pattern(st->seed, idx, e->p, e->size - 8);
}

static bool verify_object(struct st_state *st, const struct st_entry *e, unsigned long idx)
{
	unsigned int start = e->kind == KIND_CTOR ? 16 : 0;
	const u64 *w = e->p;
	bool ok = true;

	for (unsigned int off = start; off + 8 <= e->size; off += st->stride) {
		st->res->bytes_checked += 8;
		if (w[off / 8] != pattern(st->seed, idx, e->p, off)) {
			if (ok && st->res->bad_objects < 8)
				pr_err("efimm: slab self-test: object %px (%u bytes) offset %u reads %#llx, want %#llx\n", e->p,
				       e->size, off, (unsigned long long)w[off / 8],
				       (unsigned long long)pattern(st->seed, idx, e->p, off));
			ok = false;
		}
	}
	if (w[e->size / 8 - 1] != pattern(st->seed, idx, e->p, e->size - 8))
		ok = false;
	if (e->kind == KIND_CTOR && w[0] != (CTOR_MAGIC ^ (u64)(unsigned long)e->p))
		ok = false;
	return ok;
}

/* The mark of an object freed by the reuse phase (word 2), unique to this run and address. */
static u64 reuse_mark(const struct st_state *st, const void *w)
{
	return REUSE_MARK ^ st->seed ^ (u64)(unsigned long)w;
}

/* A constructed object just handed out: the constructor's words, then marked in use. */
static void take_ctor_object(struct st_state *st, u64 *w)
{
	if (w[0] != (CTOR_MAGIC ^ (u64)(unsigned long)w) || w[1] != 0) {
		if (st->res->unconstructed++ < 8)
			pr_err("efimm: slab self-test: %s object %px not in its constructed state (%#llx %#llx)\n",
			       kmem_cache_name(st->ctor_cache), w, (unsigned long long)w[0], (unsigned long long)w[1]);
		w[0] = CTOR_MAGIC ^ (u64)(unsigned long)w;
	}
	if (w[2] == reuse_mark(st, w)) {
		/* Freed constructed and handed out again: every byte as it was left (no poison, free pointer outside). */
		st->res->reused++;
		for (unsigned int off = 24; off + 8 <= CTOR_SIZE; off += 8)
			if (w[off / 8] != pattern(st->seed, ~0UL, w, off)) {
				if (st->res->bad_objects++ < 8)
					pr_err("efimm: slab self-test: %s object %px changed at offset %u while free: %#llx, want %#llx\n",
					       kmem_cache_name(st->ctor_cache), w, off, (unsigned long long)w[off / 8],
					       (unsigned long long)pattern(st->seed, ~0UL, w, off));
				break;
			}
	}
	w[1] = 1;
}

/* 1. Allocate until the target; returns false when a GFP_KERNEL request failed first. */
static bool fill(struct st_state *st, unsigned long free_before, unsigned long target)
{
	struct slab_selftest_result *res = st->res;
	unsigned int cycle = res->nr_classes + 2;
	unsigned long next = 0, used = 0;

	for (unsigned long i = 0;; i++) {
		unsigned int pos = i % cycle, v = (unsigned int)(i / cycle % ARRAY_SIZE(variants));
		gfp_t gfp = variants[v];
		u32 size;
		u8 kind, cls = 0;
		void *p;

		if (i % 32 == 0) {
			unsigned long now = nr_free_pages();

			used = free_before > now ? free_before - now : 0;
			progress(st, "filled", min(used, target), target, &next);
			if (used >= target)
				return true;
		}
		if (pos < res->nr_classes) {
			unsigned int lo = pos ? res->class_size[pos - 1] : 0, hi = res->class_size[pos];

			size = lo + 8 + (u32)(next_rand(st) % ((hi - lo) / 8)) * 8;
			kind = KIND_KMALLOC;
			cls = (u8)pos;
			p = st_kmalloc(st->ops, size, gfp);
		} else if (pos == res->nr_classes) {
			size = CTOR_SIZE;
			kind = KIND_CTOR;
			gfp = ST_GFP;
			p = st_cache_alloc(st->ops, st->ctor_cache, gfp);
		} else {
			/* Every other cycle a large kmalloc: 2-4 pages' worth, whole compound pages from the buddy. */
			if ((i / cycle) & 1)
				continue;
			size = (u32)(KMALLOC_MAX_CACHE_SIZE + 8 + next_rand(st) % (2 * KMALLOC_MAX_CACHE_SIZE) / 8 * 8);
			kind = KIND_LARGE;
			gfp = ST_GFP;
			p = st_kmalloc(st->ops, size, gfp);
		}
		if (!p) {
			if (gfp == ST_GFP) {
				pr_err("efimm: slab self-test: an allocation of %u bytes failed with %lu of the %lu target pages in use\n",
				       size, used, target);
				return false;
			}
			res->alloc_failures++;
			continue;
		}
		if (kind == KIND_CTOR) {
			take_ctor_object(st, p);
			if ((unsigned long)p & 63) {
				if (res->bad_objects++ < 8)
					pr_err("efimm: slab self-test: %s object %px is not cache-line aligned (SLAB_HWCACHE_ALIGN)\n",
					       kmem_cache_name(st->ctor_cache), p);
			}
		} else if (ksize(p) < (kind == KIND_KMALLOC ? res->class_size[cls] : size) || ((unsigned long)p & 7)) {
			if (res->bad_objects++ < 8)
				pr_err("efimm: slab self-test: kmalloc(%u) gave %px with ksize %zu\n", size, p, ksize(p));
		}
		if (!add_entry(st, p, size, kind, cls, (u16)v)) {
			/* No room to remember it: give it back and stop here. */
			if (kind == KIND_CTOR) {
				((u64 *)p)[1] = 0;
				st_cache_free(st->ops, st->ctor_cache, p);
			} else {
				st_kfree(st->ops, p);
			}
			pr_info("efimm: slab self-test: bookkeeping full at %lu objects; filling stops at %lu of %lu pages\n",
				st->n, used, target);
			return true;
		}
		res->objects++;
		res->bytes_requested += size;
		if (kind == KIND_KMALLOC)
			res->per_class[cls]++;
		else if (kind == KIND_LARGE)
			res->large++;
		else
			res->ctor_objects++;
	}
}

/*
 * Objects freed in their constructed state come back as they were, and the
 * constructor does not run for them again: every other constructor object
 * (so no slab empties and gets discarded) through kmem_cache_free_bulk and
 * kmem_cache_alloc_bulk, 64 at a time. Returns the problems found.
 */
static int reuse_ctor_objects(struct st_state *st)
{
	void *batch[64];
	unsigned long idx[64], calls = ctor_calls, k = 0, taken = 0;
	int problems = 0;

	for (unsigned long i = 0; i <= st->n; i++) {
		struct st_entry *e = i < st->n ? entry(st, i) : NULL;

		if (e && e->kind == KIND_CTOR && (taken++ & 1)) {
			u64 *w = e->p;

			w[1] = 0;
			w[2] = reuse_mark(st, w);
			for (unsigned int off = 24; off + 8 <= CTOR_SIZE; off += 8)
				w[off / 8] = pattern(st->seed, ~0UL, w, off);
			idx[k] = i;
			batch[k++] = w;
		}
		if (k == ARRAY_SIZE(batch) || (!e && k)) {
			kmem_cache_free_bulk(st->ctor_cache, k, batch);
			if (kmem_cache_alloc_bulk(st->ctor_cache, ST_GFP, k, batch) != (int)k) {
				pr_err("efimm: slab self-test: kmem_cache_alloc_bulk(%s, %lu) failed after freeing as many\n",
				       kmem_cache_name(st->ctor_cache), k);
				/* The entries are gone: forget them (freed above). */
				for (unsigned long j = 0; j < k; j++)
					entry(st, idx[j])->p = NULL;
				return problems + 1;
			}
			for (unsigned long j = 0; j < k; j++) {
				struct st_entry *r = entry(st, idx[j]);

				take_ctor_object(st, batch[j]);
				r->p = batch[j];
				/* Its pattern belongs to the old address: write the new one. */
				write_object(st, r, idx[j]);
			}
			k = 0;
		}
	}
	if (ctor_calls != calls) {
		pr_err("efimm: slab self-test: the constructor ran %lu times for objects freed and allocated again\n",
		       ctor_calls - calls);
		problems++;
	}
	return problems;
}

static void free_entry(struct st_state *st, struct st_entry *e)
{
	if (!e->p)
		return;
	if (e->kind == KIND_CTOR) {
		((u64 *)e->p)[1] = 0; /* back to the constructed state, as Linux asks of a cache's users */
		st_cache_free(st->ops, st->ctor_cache, e->p);
	} else {
		st_kfree(st->ops, e->p);
	}
	e->p = NULL;
}

/* Every kmalloc cache the test had to reach (by name) must have had an object. */
static int check_reached(struct st_state *st, struct kmem_cache **seen, unsigned int nseen)
{
	struct kmem_cache *s;
	int problems = 0;

	for_each_kmem_cache(s) {
		unsigned int i;

		if (!is_kmalloc_name(kmem_cache_name(s)))
			continue;
		for (i = 0; i < nseen && seen[i] != s; i++)
			;
		if (i == nseen) {
			if (st->res->missed_caches++ < 8)
				pr_err("efimm: slab self-test: no request reached %s\n", kmem_cache_name(s));
			problems++;
		}
	}
	return problems;
}

int slab_selftest(const struct slab_selftest_ops *ops, unsigned int percent, unsigned long max_pages,
		  unsigned int stride, u64 seed, struct slab_selftest_result *res)
{
	struct st_state st = { .ops = ops, .res = res, .seed = seed, .rnd = seed, .stride = stride };
	unsigned long free_before, slab_before, target, next, *before, *after, zbytes;
	struct cache_count *cbefore, *cafter;
	struct kmem_cache **seen;
	unsigned int snap_order, dir_order, ncb, nca, nseen = 0;
	struct page *snap, *dirpg;
	int problems = 0;
	u64 t;

	memset(res, 0, sizeof(*res));
	build_classes(res);
	if (stride < 8 || stride > PAGE_SIZE || (stride & 7)) {
		pr_err("efimm: slab self-test: stride %u is not a multiple of 8 between 8 and %lu\n", stride, PAGE_SIZE);
		return 1;
	}
	if (percent < 1 || percent > SLAB_SELFTEST_MAX_PERCENT) {
		pr_err("efimm: slab self-test: fill %u%% is not between 1 and %u%%\n", percent, SLAB_SELFTEST_MAX_PERCENT);
		return 1;
	}
	if (!slab_is_available()) {
		pr_err("efimm: slab self-test: the slab allocator is not up (kmem_cache_init)\n");
		return 1;
	}
	/* One block: zone counters twice, caches' objects twice, the kmalloc caches reached. */
	zbytes = nr_free_counters() * sizeof(unsigned long);
	snap_order = order_for(2 * zbytes + 2 * MAX_CACHES * sizeof(struct cache_count) + MAX_CACHES * sizeof(void *));
	snap = snap_order <= MAX_PAGE_ORDER ? alloc_pages(ST_GFP, snap_order) : NULL;
	if (!snap) {
		pr_err("efimm: slab self-test: no memory for the counter snapshot\n");
		return 1;
	}
	before = page_address(snap);
	after = before + nr_free_counters();
	cbefore = (struct cache_count *)(after + nr_free_counters());
	cafter = cbefore + MAX_CACHES;
	seen = (struct kmem_cache **)(cafter + MAX_CACHES);

	/* The directory: room for an object per 128 bytes of the target (objects average far more). */
	target = nr_free_pages() / 100 * percent;
	if (max_pages && target > max_pages)
		target = max_pages;
	dir_order = min_t(unsigned int, order_for((target * (PAGE_SIZE / 128) / PER_CHUNK + 1) * sizeof(void *)),
			  MAX_PAGE_ORDER);
	dirpg = alloc_pages(ST_GFP, dir_order);
	if (!dirpg) {
		pr_err("efimm: slab self-test: no memory for the bookkeeping directory (order %u)\n", dir_order);
		__free_pages(snap, snap_order);
		return 1;
	}
	st.dir = page_address(dirpg);
	st.dir_slots = (PAGE_SIZE << dir_order) / sizeof(void *);

	problems += check_size_map(res);
	shrink_all();
	nr_free_snapshot(before);
	ncb = snapshot_caches(cbefore);
	free_before = nr_free_pages();
	slab_before = slab_nr_pages();
	target = free_before / 100 * percent;
	if (max_pages && target > max_pages)
		target = max_pages;

	ctor_calls = 0;
	st.ctor_cache = kmem_cache_create("efimm_selftest_ctor", CTOR_SIZE, 0, SLAB_HWCACHE_ALIGN, st_ctor);
	if (!st.ctor_cache) {
		pr_err("efimm: slab self-test: kmem_cache_create(efimm_selftest_ctor) failed\n");
		problems++;
		goto out;
	}

	/* 1. Fill. */
	t = platform_time_ns();
	if (!fill(&st, free_before, target))
		problems++;
	res->alloc_ns = platform_time_ns() - t;
	res->pages_used = free_before - min(free_before, nr_free_pages());
	res->slab_pages = slab_nr_pages() - min(slab_before, slab_nr_pages());
	{
		struct slabinfo si;

		memset(&si, 0, sizeof(si));
		get_slabinfo(st.ctor_cache, &si);
		res->ctor_slab_objects = si.num_objs;
		res->ctor_calls = ctor_calls;
		/* No object was freed yet, so every slab the cache ever had is still there. */
		if (res->ctor_calls != res->ctor_slab_objects) {
			pr_err("efimm: slab self-test: the constructor ran %lu times for %lu objects in %s's slabs\n",
			       res->ctor_calls, res->ctor_slab_objects, kmem_cache_name(st.ctor_cache));
			problems++;
		}
	}
	for (unsigned long i = 0; i < st.n; i++) {
		struct st_entry *e = entry(&st, i);
		struct kmem_cache *s = e->kind == KIND_KMALLOC ? kmalloc_slab(e->size, variants[e->variant]) : NULL;
		unsigned int j;

		for (j = 0; s && j < nseen && seen[j] != s; j++)
			;
		if (s && j == nseen && nseen < MAX_CACHES)
			seen[nseen++] = s;
	}
	res->caches = nseen;
	problems += check_reached(&st, seen, nseen);

	/* 2. Write. */
	t = platform_time_ns();
	next = 0;
	for (unsigned long i = 0; i < st.n; i++) {
		write_object(&st, entry(&st, i), i);
		progress(&st, "written", i + 1, st.n, &next);
	}
	res->write_ns = platform_time_ns() - t;

	/* 3. Verify: an object given out twice shows its other owner's pattern. */
	t = platform_time_ns();
	next = 0;
	for (unsigned long i = 0; i < st.n; i++) {
		struct st_entry *e = entry(&st, i);

		if (!verify_object(&st, e, i)) {
			if (st.res->bad_objects++ < 8)
				pr_err("efimm: slab self-test: object %px (%u bytes, %s) does not hold its pattern\n", e->p,
				       e->size, e->kind == KIND_CTOR ? kmem_cache_name(st.ctor_cache) : "kmalloc");
		}
		progress(&st, "verified", i + 1, st.n, &next);
	}
	res->verify_ns = platform_time_ns() - t;
	if (res->bad_objects)
		problems++;
	res->validate_errors = kmem_cache_validate_all();
	problems += reuse_ctor_objects(&st);
	if (res->unconstructed)
		problems++;

	/* 4. Free in a shuffled order (Fisher-Yates over the entries). */
	t = platform_time_ns();
	for (unsigned long i = st.n; i > 1; i--) {
		unsigned long j = (unsigned long)(next_rand(&st) % i);
		struct st_entry tmp = *entry(&st, i - 1);

		*entry(&st, i - 1) = *entry(&st, j);
		*entry(&st, j) = tmp;
	}
	next = 0;
	for (unsigned long i = 0; i < st.n; i++) {
		free_entry(&st, entry(&st, i));
		progress(&st, "freed", i + 1, st.n, &next);
	}
	res->free_ns = platform_time_ns() - t;

out:
	for (unsigned long c = 0; c * PER_CHUNK < st.n; c++)
		free_page((unsigned long)st.dir[c]);
	if (st.ctor_cache)
		kmem_cache_destroy(st.ctor_cache);
	{
		long v = kmem_cache_validate_all();

		if (v > 0 || res->validate_errors > 0) {
			pr_err("efimm: slab self-test: kmem_cache_validate_all found %ld errors at the peak, %ld at the end\n",
			       res->validate_errors, v);
			problems++;
		}
		if (v > 0)
			res->validate_errors += v;
	}

	/* 5. Every cache as it was, every slab page back in the buddy allocator. */
	shrink_all();
	nca = snapshot_caches(cafter);
	for (unsigned int i = 0; i < ncb; i++) {
		unsigned int j;

		for (j = 0; j < nca && cafter[j].s != cbefore[i].s; j++)
			;
		if (j < nca && cafter[j].active != cbefore[i].active) {
			pr_err("efimm: slab self-test: %s has %lu objects in use, %lu before the test\n",
			       kmem_cache_name(cbefore[i].s), cafter[j].active, cbefore[i].active);
			problems++;
		}
	}
	nr_free_snapshot(after);
	res->counts_differing = nr_free_report_changes("slab self-test", before, after);
	if (res->counts_differing)
		problems++;
	__free_pages(dirpg, dir_order);
	__free_pages(snap, snap_order);
	return problems;
}
