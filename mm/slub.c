/*
 * SLUB (mm/slub.c of Linux 6.12): object caches carved from buddy pages.
 *
 * A slab is a compound page from the buddy allocator (s->allocflags has
 * __GFP_COMP) whose head struct page carries the slab state: the cache,
 * the list link, the freelist of the slab and the counters (inuse, objects,
 * frozen). Each free object holds the pointer to the next at s->offset.
 * Allocation takes objects from the per-cpu slab's freelist (the fast
 * path: one load and one store); when it is empty the slow path refills
 * it from the slab, then from the node's partial list, then from a new
 * slab. A free to the cpu slab goes back on the cpu freelist; any other
 * free goes to the slab's own freelist, putting a full slab on the partial
 * list, and an empty slab beyond min_partial back to the buddy allocator.
 *
 * Caches with debugging flags never use the per-cpu slab, as Linux since
 * 6.2: each object is taken from and returned to a slab on the node lists
 * with the checks of mm/slub_debug.c around it. efimm runs on one CPU with
 * interrupts off, so the cmpxchg of Linux becomes plain stores; the
 * per-cpu structures exist for nr_cpu_ids CPUs as Linux's.
 *
 * A slab that gets its first free object while full goes to the CPU's
 * partial list (CONFIG_SLUB_CPU_PARTIAL), drained to the node when it holds
 * cpu_partial_slabs slabs; the slow path takes those before the node's.
 *
 * kmalloc and kfree are here too, as in Linux 6.12: their fast paths
 * (slab_alloc, do_slab_free) are inlined into them, kfree finds the slab
 * by arithmetic (__virt_to_page), and anything unusual (debug caches,
 * __GFP_ZERO, an empty cpu freelist, a slab not the cpu slab) is one
 * out-of-line call away.
 *
 * Not here: cache merging,
 * RCU freeing, memcg, KASAN/KFENCE hooks, freelist hardening/random.
 */
#include "slab.h"
#include <efimm/page_alloc.h>
#include <efimm/platform.h>

#define MIN_PARTIAL 5
#define MAX_PARTIAL 10

enum slab_state slab_state = DOWN;
LIST_HEAD(slab_caches);
struct kmem_cache *kmem_cache;
struct kmem_cache *kmem_cache_node;
unsigned int slub_min_order;
unsigned int slub_max_order = 3; /* PAGE_ALLOC_COSTLY_ORDER */
unsigned int slub_min_objects;
unsigned int nr_cpu_ids; /* 0 until set: kmem_cache_init counts the MADT's CPUs */
unsigned long slab_pages_in_use;

/* The boot CPU: efimm runs everything on CPU 0. */
static inline struct kmem_cache_cpu *this_cpu_slab(struct kmem_cache *s)
{
	return &s->cpu_slab[0];
}

/* Linux's CONFIG_SLUB_STATS counters (off in Debian's config): define it to count. */
#ifdef CONFIG_SLUB_STATS
#define stat(c, si) ((c)->stat_##si++)
#else
#define stat(c, si) ((void)(c))
#endif

static inline int numa_mem_id(void)
{
	return page_alloc_local_nid;
}

/* Linux's slab_nodes: nodes with normal memory get a kmem_cache_node. */
static bool slab_node(int nid)
{
	const pg_data_t *pgdat;

	if (nid < 0 || nid >= (int)nr_node_ids || !node_online(nid) || !(pgdat = NODE_DATA(nid)))
		return false;
	for (int z = 0; z <= ZONE_NORMAL; z++)
		if (zone_managed_pages(&pgdat->node_zones[z]))
			return true;
	return false;
}

/* ---- list and counter helpers ---- */

static void inc_slabs_node(struct kmem_cache *s, int node, unsigned int objects)
{
	struct kmem_cache_node *n = get_node(s, node);

	if (!n) /* the first kmem_cache_node slab of a node: counted by early_kmem_cache_node_alloc */
		return;
	n->nr_slabs++;
	n->total_objects += objects;
}

static void dec_slabs_node(struct kmem_cache *s, int node, unsigned int objects)
{
	struct kmem_cache_node *n = get_node(s, node);

	n->nr_slabs--;
	n->total_objects -= objects;
}

/* Linux's slab_test_node_partial: PG_workingset marks a slab on a node's partial list. */
static inline bool slab_on_node_partial(const struct page *slab)
{
	return slab->flags & (1UL << PG_workingset);
}

static void add_partial(struct kmem_cache_node *n, struct page *slab, bool tail)
{
	slab->flags |= 1UL << PG_workingset;
	n->nr_partial++;
	if (tail)
		list_add_tail(&slab->slab_list, &n->partial);
	else
		list_add(&slab->slab_list, &n->partial);
}

static void remove_partial(struct kmem_cache_node *n, struct page *slab)
{
	slab->flags &= ~(1UL << PG_workingset);
	list_del(&slab->slab_list);
	n->nr_partial--;
}

/* Full slabs are kept on n->full for every cache (Linux: only with SLAB_STORE_USER), for validate. */
static void add_full(struct kmem_cache_node *n, struct page *slab)
{
	list_add(&slab->slab_list, &n->full);
}

static void remove_full(struct page *slab)
{
	list_del(&slab->slab_list);
}

/* ---- slab pages ---- */

/* setup_object: debug initialisation, then the constructor. */
static void *setup_object(struct kmem_cache *s, void *object)
{
	setup_object_debug(s, object);
	if (s->ctor)
		s->ctor(object);
	return object;
}

/* allocate_slab: the preferred order with no retries, then the minimal one; objects chained in order. */
static struct page *allocate_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	struct kmem_cache_order_objects oo = s->oo;
	gfp_t alloc_gfp = (flags | s->allocflags) & ~__GFP_ZERO;
	struct page *slab;
	char *start, *p, *next;

	if (node != NUMA_NO_NODE && !slab_node(node))
		node = NUMA_NO_NODE;
	if (oo_order(oo) > oo_order(s->min))
		alloc_gfp = (alloc_gfp | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	slab = alloc_pages_node(node, alloc_gfp, oo_order(oo));
	if (!slab) {
		oo = s->min;
		slab = alloc_pages_node(node, (flags | s->allocflags) & ~__GFP_ZERO, oo_order(oo));
		if (!slab)
			return NULL;
	}
	if (oo_order(oo) && !PageHead(slab)) { /* __GFP_COMP must give a compound page */
		__free_pages(slab, oo_order(oo));
		return NULL;
	}
	slab->objects = oo_objects(oo);
	slab->inuse = 0;
	slab->frozen = 0;
	slab->slab_cache = s;
	__SetPageSlab(slab);
	slab_pages_in_use += 1UL << oo_order(oo);

	start = slab_address(slab);
	setup_slab_debug(s, slab, start);
	p = setup_object(s, fixup_red_left(s, start));
	slab->freelist = p;
	for (unsigned int idx = 1; idx < slab->objects; idx++) {
		next = setup_object(s, fixup_red_left(s, start + (size_t)idx * s->size));
		set_freepointer(s, p, next);
		p = next;
	}
	set_freepointer(s, p, NULL);
	inc_slabs_node(s, page_to_nid(slab), slab->objects);
	return slab;
}

static struct page *new_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	return allocate_slab(s, flags & (GFP_KERNEL | __GFP_NOWARN | __GFP_NOFAIL | GFP_ZONEMASK | __GFP_HIGH |
					 __GFP_NORETRY | __GFP_RETRY_MAYFAIL | __GFP_THISNODE),
			     node);
}

/* __free_slab: the pages back to the buddy allocator, struct page fields as the buddy expects. */
static void discard_slab(struct kmem_cache *s, struct page *slab)
{
	unsigned int order = slab_order(slab);

	if (s->flags & SLAB_CONSISTENCY_CHECKS)
		check_slab(s, slab); /* slab_pad_check on the way out, as Linux's free_slab */
	dec_slabs_node(s, page_to_nid(slab), slab->objects);
	__ClearPageSlab(slab);
	slab->flags &= ~(1UL << PG_workingset);
	slab->slab_cache = NULL;
	slab->freelist = NULL;
	slab->counters = 0;
	slab->slab_list.next = slab->slab_list.prev = NULL;
	slab_pages_in_use -= 1UL << order;
	__free_pages(slab, order);
}

/* ---- the per-cpu slab ---- */

/* deactivate_slab: the cpu freelist back into the slab, which goes to the partial or full list, or away. */
static void deactivate_slab(struct kmem_cache *s, struct page *slab, void *freelist)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(slab));
	bool tail = slab->freelist != NULL; /* remote frees arrived: to the tail, as Linux */

	while (freelist) {
		void *next = get_freepointer(s, freelist);

		set_freepointer(s, freelist, slab->freelist);
		slab->freelist = freelist;
		slab->inuse--;
		freelist = next;
	}
	slab->frozen = 0;
	if (!slab->inuse && n->nr_partial >= s->min_partial)
		discard_slab(s, slab);
	else if (slab->freelist)
		add_partial(n, slab, tail);
	else
		add_full(n, slab);
}

static void flush_slab(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *slab = c->slab;
	void *freelist = c->freelist;

	c->slab = NULL;
	c->freelist = NULL;
	c->slab_start = c->slab_end = NULL;
	c->tid++;
	if (slab)
		deactivate_slab(s, slab, freelist);
}

/* __put_partials: a chain of cpu partial slabs to their nodes' partial lists, empty ones beyond min_partial away. */
static void __put_partials(struct kmem_cache *s, struct page *partial_slab)
{
	while (partial_slab) {
		struct page *slab = partial_slab;
		struct kmem_cache_node *n = get_node(s, page_to_nid(slab));

		partial_slab = slab->next;
		if (!slab->inuse && n->nr_partial >= s->min_partial)
			discard_slab(s, slab);
		else
			add_partial(n, slab, true);
	}
}

/*
 * put_cpu_partial: a slab that just got its first free object goes on this
 * CPU's partial list; with drain, a full list (cpu_partial_slabs) first
 * goes to the nodes, as Linux.
 */
static void put_cpu_partial(struct kmem_cache *s, struct page *slab, int drain)
{
	struct kmem_cache_cpu *c = this_cpu_slab(s);
	struct page *oldslab = c->partial, *slab_to_put = NULL;
	int slabs = 0;

	if (oldslab) {
		if (drain && oldslab->slabs >= (int)s->cpu_partial_slabs) {
			slab_to_put = oldslab;
			oldslab = NULL;
		} else {
			slabs = oldslab->slabs;
		}
	}
	slab->slabs = slabs + 1;
	slab->next = oldslab;
	c->partial = slab;
	if (slab_to_put)
		__put_partials(s, slab_to_put);
}

/* flush_cpu_slab: the cpu slab and the cpu partial slabs back to the nodes. */
static void flush_cpu_slab(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *partial = c->partial;

	flush_slab(s, c);
	c->partial = NULL;
	__put_partials(s, partial);
}

/* flush_all: every CPU's slabs back to the node lists (only CPU 0's are ever used). */
void flush_all(struct kmem_cache *s)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		flush_cpu_slab(s, &s->cpu_slab[cpu]);
}

/* Make slab the cpu slab: its whole freelist moves to the cpu (Linux's freeze + load_freelist). */
static void *freeze_slab(struct kmem_cache_cpu *c, struct page *slab)
{
	void *freelist = slab->freelist;

	slab->freelist = NULL;
	slab->inuse = slab->objects;
	slab->frozen = 1;
	c->slab = slab;
	c->slab_start = slab_address(slab);
	c->slab_end = c->slab_start + slab_size(slab);
	c->tid++;
	return freelist;
}

/*
 * get_partial_node: the first partial slab of the node, taken off the list;
 * for a cache with cpu partial slabs, up to half of cpu_partial_slabs more
 * move to this CPU's partial list, as Linux.
 */
static struct page *get_partial_node(struct kmem_cache *s, struct kmem_cache_node *n)
{
	struct page *partial = NULL;
	unsigned int partial_slabs = 0;

	while (n && n->nr_partial) {
		struct page *slab = list_first_entry(&n->partial, struct page, slab_list);

		remove_partial(n, slab);
		if (!partial) {
			partial = slab;
			if (!s->cpu_partial_slabs)
				break;
		} else {
			put_cpu_partial(s, slab, 0);
			if (++partial_slabs > s->cpu_partial_slabs / 2)
				break;
		}
	}
	return partial;
}

/* get_partial: the requested (or local) node first, then any other unless __GFP_THISNODE. */
static struct page *get_partial(struct kmem_cache *s, int node, gfp_t flags)
{
	int searchnode = node == NUMA_NO_NODE ? numa_mem_id() : node;
	struct page *slab;
	struct kmem_cache_node *n;
	int nid;

	if (searchnode >= 0 && searchnode < (int)nr_node_ids) {
		slab = get_partial_node(s, get_node(s, searchnode));
		if (slab || (node != NUMA_NO_NODE && (flags & __GFP_THISNODE)))
			return slab;
	}
	for_each_kmem_cache_node(s, nid, n)
		if ((slab = get_partial_node(s, n)))
			return slab;
	return NULL;
}

/*
 * A slab with free objects: a partial one, else a new one. A request for a
 * node first tries that node alone (__GFP_THISNODE, no waiting), as Linux's
 * try_thisnode, and only then any node.
 */
static struct page *get_slab_for(struct kmem_cache *s, gfp_t gfpflags, int node)
{
	struct page *slab;

	if (node != NUMA_NO_NODE && !(gfpflags & __GFP_THISNODE) && slab_node(node)) {
		gfp_t thisnode = GFP_NOWAIT | __GFP_THISNODE;

		slab = get_partial(s, node, thisnode);
		if (!slab)
			slab = new_slab(s, thisnode, node);
		if (slab)
			return slab;
	}
	slab = get_partial(s, node, gfpflags);
	return slab ? slab : new_slab(s, gfpflags, node);
}

/* The debug path: one object at a time from a slab on the node lists, checked. */
static void *alloc_single_debug(struct kmem_cache *s, gfp_t gfpflags, int node, unsigned long addr,
				size_t orig_size)
{
	struct page *slab;
	struct kmem_cache_node *n;
	void *object;

	for (;;) {
		slab = get_slab_for(s, gfpflags, node);
		if (!slab)
			return NULL;
		n = get_node(s, page_to_nid(slab));
		object = slab->freelist;
		if (!object) { /* a slab whose freelist a fix-up cleared */
			add_full(n, slab);
			continue;
		}
		slab->freelist = get_freepointer(s, object);
		slab->inuse++;
		if (!alloc_debug_processing(s, slab, object, (unsigned int)orig_size, addr)) {
			add_full(n, slab); /* marked all used: isolated until it is freed */
			continue;
		}
		if (slab->inuse == slab->objects)
			add_full(n, slab);
		else
			add_partial(n, slab, false);
		return object;
	}
}

/* ___slab_alloc: refill the cpu freelist from the cpu slab, a partial slab or a new slab. */
static void *___slab_alloc(struct kmem_cache *s, gfp_t gfpflags, int node, unsigned long addr,
			   struct kmem_cache_cpu *c, size_t orig_size)
{
	struct page *slab = c->slab;
	void *freelist;

	stat(c, alloc_slow);
	if (slab) {
		if (node != NUMA_NO_NODE && page_to_nid(slab) != node && slab_node(node)) {
			flush_slab(s, c);
		} else {
			/* frees to the frozen slab from elsewhere land on its own freelist */
			freelist = slab->freelist;
			if (freelist) {
				slab->freelist = NULL;
				goto load;
			}
			flush_slab(s, c);
		}
	}
	/* this CPU's partial slabs first; one on the wrong node goes back to its node */
	while (c->partial) {
		slab = c->partial;
		c->partial = slab->next;
		if (node == NUMA_NO_NODE || page_to_nid(slab) == node || !slab_node(node)) {
			freelist = freeze_slab(c, slab);
			goto load;
		}
		slab->next = NULL;
		__put_partials(s, slab);
	}
	slab = get_slab_for(s, gfpflags, node);
	if (!slab)
		return NULL;
	freelist = freeze_slab(c, slab);
load:
	c->freelist = get_freepointer(s, freelist);
	c->tid++;
	return freelist;
}

/* Linux's prefetch_freepointer: the next allocation reads that word; start loading it now. */
static inline void prefetch_freepointer(const struct kmem_cache *s, void *object)
{
	if (object)
		__builtin_prefetch((char *)object + s->offset, 1);
}

/*
 * Everything but the plain fast path, out of line so that path needs no
 * saved registers: the debug path, the slow path, and zeroing.
 */
static noinline void *__slab_alloc_node(struct kmem_cache *s, gfp_t gfpflags, int node, unsigned long addr,
					size_t orig_size)
{
	struct kmem_cache_cpu *c = this_cpu_slab(s);
	void *object = c->freelist;

	if (unlikely(kmem_cache_debug(s))) {
		object = alloc_single_debug(s, gfpflags, node, addr, orig_size);
	} else if (likely(object && (node == NUMA_NO_NODE || page_to_nid(c->slab) == node || !slab_node(node)))) {
		c->freelist = get_freepointer(s, object);
		c->tid++;
		stat(c, alloc_fast);
	} else {
		object = ___slab_alloc(s, gfpflags, node, addr, c, orig_size);
	}
	if (object && (gfpflags & __GFP_ZERO))
		memset(object, 0, slub_debug_orig_size(s) ? orig_size : s->object_size);
	return object;
}

/*
 * slab_alloc_node's fast path, inlined into kmalloc and kmem_cache_alloc:
 * one flags test (no debugging, no __GFP_ZERO), then the cpu freelist
 * (Linux's node_match). A cpu freelist is never set without its cpu slab,
 * so only a node request looks at the slab.
 */
static __always_inline void *slab_alloc(struct kmem_cache *s, gfp_t gfpflags, int node, unsigned long addr,
					size_t orig_size)
{
	struct kmem_cache_cpu *c = this_cpu_slab(s);
	void *object = c->freelist;

	if (likely(!(s->flags & SLAB_DEBUG_FLAGS) && !(gfpflags & __GFP_ZERO) && object &&
		   (node == NUMA_NO_NODE || page_to_nid(c->slab) == node || !slab_node(node)))) {
		void *next = get_freepointer(s, object);

		prefetch_freepointer(s, next); /* before the store: s->offset is not read again */
		c->freelist = next;
		c->tid++;
		stat(c, alloc_fast);
		return object;
	}
	return __slab_alloc_node(s, gfpflags, node, addr, orig_size);
}

/* free_to_partial_list: the debug free, one object, checked first. */
static void free_debug(struct kmem_cache *s, struct page *slab, void *object, unsigned long addr)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(slab));
	void *prior;

	if (!free_debug_processing(s, slab, object, addr))
		return;
	prior = slab->freelist;
	set_freepointer(s, object, prior);
	slab->freelist = object;
	slab->inuse--;
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		if (prior)
			remove_partial(n, slab);
		else
			remove_full(slab);
		discard_slab(s, slab);
	} else if (!prior) {
		remove_full(slab);
		add_partial(n, slab, true);
	}
}

/* __slab_free: a free to a slab that is not this CPU's. */
static void __slab_free(struct kmem_cache *s, struct page *slab, void *object)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(slab));
	void *prior = slab->freelist;

	if (unlikely(object == prior)) { /* Linux's naive double-free check (set_freepointer) */
		object_err(s, slab, object, "Object already free");
		slab_fix(s, "Object at 0x%p not freed", object);
		return;
	}
	set_freepointer(s, object, prior);
	slab->freelist = object;
	slab->inuse--;
	stat(this_cpu_slab(s), free_slow);
	if (slab->frozen)
		return; /* another CPU's slab: it collects the object when its freelist runs out */
	if (!prior && s->cpu_partial_slabs) {
		remove_full(slab); /* was full: to this CPU's partial list */
		put_cpu_partial(s, slab, 1);
		return;
	}
	if (prior && !slab_on_node_partial(slab))
		return; /* on a CPU's partial list: nothing to move */
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		if (prior)
			remove_partial(n, slab);
		else
			remove_full(slab);
		discard_slab(s, slab);
	} else if (!prior) {
		remove_full(slab);
		add_partial(n, slab, true);
	}
}

/* Linux's naive double-free check (set_freepointer with SLAB_FREELIST_HARDENED), on the cpu freelist. */
static noinline void cpu_double_free(struct kmem_cache *s, struct page *slab, void *object)
{
	object_err(s, slab, object, "Object already free");
	slab_fix(s, "Object at 0x%p not freed", object);
}

static noinline void __slab_free_slow(struct kmem_cache *s, struct page *slab, void *object, unsigned long addr)
{
	if (kmem_cache_debug(s))
		free_debug(s, slab, object, addr);
	else
		__slab_free(s, slab, object);
}

/* do_slab_free: the object back on the cpu freelist when its slab is the cpu slab (inlined into kfree). */
static __always_inline void do_slab_free(struct kmem_cache *s, struct page *slab, void *object, unsigned long addr)
{
	struct kmem_cache_cpu *c = this_cpu_slab(s);
	void *head = c->freelist;

	if (likely(slab == c->slab && !kmem_cache_debug(s))) {
		if (unlikely(object == head)) {
			cpu_double_free(s, slab, object);
			return;
		}
		set_freepointer(s, object, head);
		c->freelist = object;
		c->tid++;
		stat(c, free_fast);
		return;
	}
	__slab_free_slow(s, slab, object, addr);
}

/* ---- cache set-up and tear-down ---- */

static void init_kmem_cache_node(struct kmem_cache_node *n)
{
	n->nr_partial = 0;
	INIT_LIST_HEAD(&n->partial);
	n->nr_slabs = 0;
	n->total_objects = 0;
	INIT_LIST_HEAD(&n->full);
}

/* early_kmem_cache_node_alloc: the first kmem_cache_node of a node, from a slab made by hand. */
static bool early_kmem_cache_node_alloc(int node)
{
	struct page *slab = new_slab(kmem_cache_node, GFP_NOWAIT, node);
	struct kmem_cache_node *n;

	if (!slab)
		return false;
	node = page_to_nid(slab); /* a fallback node if node had no free page */
	n = slab->freelist;
	/* the debug set-up (poison, red zones) first: the structure is written after it */
	if (kmem_cache_debug(kmem_cache_node))
		alloc_debug_processing(kmem_cache_node, slab, n, kmem_cache_node->object_size, 0);
	slab->freelist = get_freepointer(kmem_cache_node, n);
	slab->inuse = 1;
	kmem_cache_node->node[node] = n;
	init_kmem_cache_node(n);
	n->nr_slabs = 1;
	n->total_objects = slab->objects;
	if (slab->inuse == slab->objects)
		add_full(n, slab);
	else
		add_partial(n, slab, false);
	return true;
}

static void free_kmem_cache_nodes(struct kmem_cache *s)
{
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		struct kmem_cache_node *n = s->node[nid];

		s->node[nid] = NULL;
		if (n)
			kmem_cache_free(kmem_cache_node, n);
	}
}

static bool init_kmem_cache_nodes(struct kmem_cache *s)
{
	for (int nid = 0; nid < (int)nr_node_ids; nid++) {
		struct kmem_cache_node *n;

		s->node[nid] = NULL;
		if (!slab_node(nid))
			continue;
		if (slab_state == DOWN) {
			if (!early_kmem_cache_node_alloc(nid))
				return false;
			continue;
		}
		n = kmem_cache_alloc_node(kmem_cache_node, GFP_KERNEL, nid);
		if (!n) {
			free_kmem_cache_nodes(s);
			return false;
		}
		init_kmem_cache_node(n);
		s->node[nid] = n;
	}
	return true;
}

/* set_min_partial: ilog2(size) / 2, clamped to [MIN_PARTIAL, MAX_PARTIAL]. */
static void set_min_partial(struct kmem_cache *s, unsigned long min)
{
	s->min_partial = clamp(min, (unsigned long)MIN_PARTIAL, (unsigned long)MAX_PARTIAL);
}

/* set_cpu_partial: objects (and slabs) a CPU keeps in partial slabs by object size; none with debugging. */
static void set_cpu_partial(struct kmem_cache *s)
{
	unsigned int nr_objects;

	if (kmem_cache_debug(s))
		nr_objects = 0;
	else if (s->size >= PAGE_SIZE)
		nr_objects = 6;
	else if (s->size >= 1024)
		nr_objects = 24;
	else if (s->size >= 256)
		nr_objects = 52;
	else
		nr_objects = 120;
	s->cpu_partial = nr_objects;
	s->cpu_partial_slabs = DIV_ROUND_UP(nr_objects * 2, oo_objects(s->oo));
}

/* kmem_cache_open (do_kmem_cache_create): the flags, layout, order and node structures. */
int __kmem_cache_create(struct kmem_cache *s, const char *name, unsigned int size, unsigned int align,
			slab_flags_t flags, void (*ctor)(void *))
{
	s->name = name;
	s->object_size = s->size = size;
	s->align = align;
	s->ctor = ctor;
	s->flags = kmem_cache_flags(flags, name);
	s->cpu_slab = (struct kmem_cache_cpu *)((char *)s + kmem_cache_struct_size(nr_node_ids, 0));
	memset(s->cpu_slab, 0, nr_cpu_ids * sizeof(struct kmem_cache_cpu));
	if (!calculate_sizes(s))
		return -1;
	if (disable_higher_order_debug && slab_get_order(s->size) > slab_get_order(s->object_size)) {
		/* slub_debug=O: drop the metadata that would raise the order */
		s->flags &= ~(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER);
		s->offset = 0;
		if (!calculate_sizes(s))
			return -1;
	}
	set_min_partial(s, slab_ilog2(s->size) / 2);
	set_cpu_partial(s);
	if (!init_kmem_cache_nodes(s))
		return -1;
	return 0;
}

/* free_partial + the full list: empty slabs go, slabs with objects are reported. */
static bool free_node_slabs(struct kmem_cache *s, struct kmem_cache_node *n)
{
	struct list_head *pos, *next;
	bool busy = false;

	for (pos = n->partial.next; pos != &n->partial; pos = next) {
		struct page *slab = list_entry(pos, struct page, slab_list);

		next = pos->next;
		if (!slab->inuse) {
			remove_partial(n, slab);
			discard_slab(s, slab);
		} else {
			list_slab_objects(s, slab);
			busy = true;
		}
	}
	for (pos = n->full.next; pos != &n->full; pos = pos->next) {
		list_slab_objects(s, list_entry(pos, struct page, slab_list));
		busy = true;
	}
	return busy || n->nr_slabs;
}

/* __kmem_cache_shutdown: 0 when every slab went back; non-zero (objects reported) otherwise. */
int __kmem_cache_shutdown(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	int nid, busy = 0;

	flush_all(s);
	for_each_kmem_cache_node(s, nid, n)
		busy |= free_node_slabs(s, n);
	return busy ? -1 : 0;
}

void __kmem_cache_release(struct kmem_cache *s)
{
	free_kmem_cache_nodes(s);
}

/* __kmem_cache_do_shrink: flush the cpu slabs, give every empty slab back. */
int kmem_cache_shrink(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	struct list_head *pos, *next;
	int nid;

	if (!s)
		return -1;
	flush_all(s);
	for_each_kmem_cache_node(s, nid, n) {
		for (pos = n->partial.next; pos != &n->partial; pos = next) {
			struct page *slab = list_entry(pos, struct page, slab_list);

			next = pos->next;
			if (!slab->inuse) {
				remove_partial(n, slab);
				discard_slab(s, slab);
			}
		}
	}
	return 0;
}

/* ---- the API ---- */

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	return s ? slab_alloc(s, flags, NUMA_NO_NODE, _RET_IP_, s->object_size) : NULL;
}

void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t flags, int node)
{
	return s ? slab_alloc(s, flags, node, _RET_IP_, s->object_size) : NULL;
}

/* cache_from_obj + virt_to_cache: Linux's checks with SLAB_FREELIST_HARDENED (Debian's config). */
static struct kmem_cache *cache_from_obj(struct kmem_cache *s, const void *x, struct page **slabp)
{
	struct page *slab = virt_to_slab(x);

	if (!slab) {
		pr_warn("------------[ cut here ]------------\n");
		pr_warn("kmem_cache_free: Object is not a Slab page!\n");
		return NULL;
	}
	*slabp = slab;
	if (slab->slab_cache != s) {
		pr_warn("------------[ cut here ]------------\n");
		pr_warn("kmem_cache_free: Wrong slab cache. %s but object is from %s\n", s->name,
			slab->slab_cache ? slab->slab_cache->name : "(null)");
		if (slab->slab_cache)
			print_tracking(slab->slab_cache, (void *)x);
		slub_debug_errors++;
		slub_taint_warn();
	}
	return slab->slab_cache;
}

void kmem_cache_free(struct kmem_cache *s, void *x)
{
	struct kmem_cache_cpu *c;
	struct page *slab;

	if (!s || !x)
		return;
	/* an object of this cache's cpu slab: no page lookup needed to know its cache */
	c = this_cpu_slab(s);
	if (likely((char *)x >= c->slab_start && (char *)x < c->slab_end && !kmem_cache_debug(s))) {
		void *head = c->freelist;

		if (unlikely(x == head)) {
			cpu_double_free(s, c->slab, x);
			return;
		}
		set_freepointer(s, x, head);
		c->freelist = x;
		c->tid++;
		stat(c, free_fast);
		return;
	}
	s = cache_from_obj(s, x, &slab);
	if (!s)
		return;
	do_slab_free(s, slab, x, _RET_IP_);
}

/* ---- kmalloc and kfree (Linux 6.12 keeps them in mm/slub.c too) ---- */

/* __do_kmalloc_node: the size class by table (kmalloc_slab), then slab_alloc's fast path inline. */
static __always_inline void *__do_kmalloc_node(size_t size, gfp_t flags, int node, unsigned long caller)
{
	struct kmem_cache *s;

	if (unlikely(slab_state < UP))
		return NULL;
	if (unlikely(size - 1 >= KMALLOC_MAX_CACHE_SIZE)) /* 0 or above the caches, in one test */
		return size ? kmalloc_large_node(size, flags, node) : ZERO_SIZE_PTR;
	s = __kmalloc_slab(size, flags);
	if (unlikely(!s))
		return NULL;
	return slab_alloc(s, flags, node, caller, size);
}

void *__kmalloc(size_t size, gfp_t flags)
{
	return __do_kmalloc_node(size, flags, NUMA_NO_NODE, _RET_IP_);
}

/* kmalloc of a constant size: the cache is known; NULL until the kmalloc caches are up. */
void *__kmalloc_cache(struct kmem_cache *s, gfp_t flags, size_t size)
{
	if (unlikely(slab_state < UP || !s))
		return NULL;
	return slab_alloc(s, flags, NUMA_NO_NODE, _RET_IP_, size);
}

void *kmalloc_node(size_t size, gfp_t flags, int node)
{
	return __do_kmalloc_node(size, flags, node, _RET_IP_);
}

static noinline void kfree_not_managed(const void *object)
{
	pr_warn("------------[ cut here ]------------\n");
	pr_warn("kfree: object 0x%p is not in memory efimm manages\n", object);
	slub_debug_errors++;
}

/* kfree: the slab by arithmetic (__virt_to_page), then do_slab_free's fast path inline. */
void kfree(const void *object)
{
	struct page *page;

	if (unlikely(ZERO_OR_NULL_PTR(object)))
		return;
	page = __virt_to_page(object);
	if (unlikely(!page)) {
		kfree_not_managed(object);
		return;
	}
	page = compound_head(page);
	if (unlikely(!PageSlab(page))) {
		free_large_kmalloc(page, object);
		return;
	}
	do_slab_free(page->slab_cache, page, (void *)object, _RET_IP_);
}

int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t size, void **p)
{
	size_t i;

	for (i = 0; i < size; i++) {
		p[i] = kmem_cache_alloc(s, flags);
		if (!p[i]) {
			kmem_cache_free_bulk(s, i, p); /* all or nothing, as Linux */
			return 0;
		}
	}
	return (int)size;
}

void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p)
{
	for (size_t i = 0; i < size; i++) {
		if (s)
			kmem_cache_free(s, p[i]);
		else
			kfree(p[i]);
	}
}

unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s ? s->object_size : 0;
}
