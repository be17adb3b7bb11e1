/*
 * make bench, host part of the slab allocator's benchmark: SLUB over the
 * benchmarks' fake machine (bench_machine.h, struct pages and slab memory in
 * a lazily backed window) against mimalloc (Debian's libmimalloc, mi_malloc
 * / mi_free) and glibc's malloc (its own malloc and free, found with dlvsym
 * in libc.so.6: linking mimalloc interposes malloc and even __libc_malloc)
 * in the same run. Three measures:
 *  - kmem_cache_alloc + kmem_cache_free pairs of 64-byte objects;
 *  - kmalloc / kfree of mixed sizes (8 B - 4 KiB), 64 held then freed in reverse;
 *  - memory: bytes of slab pages per byte asked for, a million objects of
 *    each kmalloc class (at most 256 MiB of objects per class), against the
 *    growth of the resident set of a child process that allocates (and
 *    writes every page of) the same objects with mimalloc, and with glibc.
 * Times are the best of 5 runs, the sides taking turns. ratio = ours /
 * peer: below 1 is faster (or smaller). Built with -O2, no sanitizers.
 */
#define _GNU_SOURCE /* dlvsym */
#include <stdio.h>
#include <stdlib.h>
#include <dlfcn.h>
#include <unistd.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <mimalloc.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <efimm/host.h>
#include "bench_machine.h"
#include <efimm/mm_init.h>
#include <efimm/numa.h>
#include <efimm/setup.h>

/* glibc's own malloc and free, looked up in libc.so.6 itself: mimalloc interposes malloc and __libc_malloc. */
static void *(*glibc_malloc)(size_t);
static void (*glibc_free)(void *);

static void find_glibc(void)
{
	void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);

	if (libc) {
		glibc_malloc = (void *(*)(size_t))dlvsym(libc, "malloc", "GLIBC_2.2.5");
		glibc_free = (void (*)(void *))dlvsym(libc, "free", "GLIBC_2.2.5");
	}
	if (!glibc_malloc || !glibc_free || (void *)glibc_malloc == (void *)mi_malloc) {
		fprintf(stderr, "bench: cannot find glibc's own malloc in libc.so.6\n");
		exit(1);
	}
}

#define PAIRS 4000000UL
#define HELD 64
#define MEM_OBJECTS 1000000UL
#define MEM_CAP (256UL << 20)
#define SLAB_CLASSES 16

static const unsigned short mixed_sizes[16] = { 16, 64, 8, 256, 32, 96, 1024, 64, 128, 512, 24, 2048, 192, 48, 4096, 80 };

enum peer { OURS, MIMALLOC, GLIBC };
static const char *const peer_name[] = { "efimm", "mimalloc", "glibc" };
static struct kmem_cache *cache64;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void *xalloc(enum peer who, size_t size)
{
	void *p = who == OURS ? kmalloc(size, GFP_KERNEL) : who == MIMALLOC ? mi_malloc(size) : glibc_malloc(size);

	if (!p)
		abort();
	return p;
}

static void xfree(enum peer who, void *p)
{
	if (who == OURS)
		kfree(p);
	else if (who == MIMALLOC)
		mi_free(p);
	else
		glibc_free(p);
}

/* ns per 64-byte alloc+free pair: kmem_cache for ours, the peers' malloc of 64 bytes. */
static double cache64_pairs(enum peer who)
{
	double t = now_ns();

	for (unsigned long i = 0; i < PAIRS; i++) {
		void *p = who == OURS ? kmem_cache_alloc(cache64, GFP_KERNEL) : xalloc(who, 64);

		if (!p)
			abort();
		/* Touch it, as a user would, so no side gets an untouched object for free. */
		*(volatile char *)p = (char)i;
		if (who == OURS)
			kmem_cache_free(cache64, p);
		else
			xfree(who, p);
	}
	return (now_ns() - t) / PAIRS;
}

static double mixed(enum peer who)
{
	void *held[HELD];
	double t = now_ns();

	for (unsigned long i = 0; i < PAIRS / HELD; i++) {
		for (int j = 0; j < HELD; j++) {
			held[j] = xalloc(who, mixed_sizes[j % 16]);
			*(volatile char *)held[j] = (char)j;
		}
		for (int j = HELD - 1; j >= 0; j--)
			xfree(who, held[j]);
	}
	return (now_ns() - t) / (PAIRS / HELD * HELD);
}

/*
 * The fastest of RUNS runs of each side, the sides taking turns (ours, mimalloc,
 * glibc, ours, ...): the machine is shared, a run slowed by others says nothing
 * of the allocator, and taking turns spreads a busy spell over all sides.
 */
#define RUNS 5
static void best_of(double (*run)(enum peer), double best[3])
{
	for (int i = 0; i < RUNS; i++)
		for (int who = OURS; who <= GLIBC; who++) {
			double t = run(who);

			if (!i || t < best[who])
				best[who] = t;
		}
}

static void report(const char *name, double ours, enum peer who, double peer, const char *what)
{
	printf("BENCH %s ours=%.1fns peer=%s:%.1fns ratio=%.2f target=1\n", name, ours, peer_name[who], peer, ours / peer);
	printf("  %s: %.1f ns per pair with efimm's SLUB, %.1f ns with %s; %s\n", name, ours, peer, peer_name[who], what);
}

/* Bytes of memory per byte asked, n objects of size bytes; the peers' memory as they account it. */
static double mem_ours(size_t size, unsigned long n, void **v)
{
	unsigned long before = slab_nr_pages() + kmalloc_large_nr_pages(), after;

	for (unsigned long i = 0; i < n; i++)
		v[i] = xalloc(OURS, size);
	after = slab_nr_pages() + kmalloc_large_nr_pages();
	for (unsigned long i = 0; i < n; i++)
		kfree(v[i]);
	return (double)(after - before) * PAGE_SIZE / ((double)n * size);
}

/* Resident bytes of this process (/proc/self/statm). */
static double rss_bytes(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f || fscanf(f, "%lu %lu", &size, &resident) != 2)
		abort();
	fclose(f);
	return (double)resident * sysconf(_SC_PAGESIZE);
}

/*
 * A peer's memory: in a child process (so earlier classes' free memory is not
 * reused), the growth of the resident set while n objects are allocated and
 * every page of each written.
 */
static double mem_peer(enum peer who, size_t size, unsigned long n, void **v)
{
	int fd[2];
	double r = -1;
	pid_t pid;

	if (pipe(fd))
		abort();
	pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		double before = rss_bytes(), ratio;

		for (unsigned long i = 0; i < n; i++) {
			v[i] = xalloc(who, size);
			for (size_t off = 0; off < size; off += 4096)
				((volatile char *)v[i])[off] = 1;
		}
		ratio = (rss_bytes() - before) / ((double)n * size);
		if (write(fd[1], &ratio, sizeof(ratio)) != sizeof(ratio))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	if (read(fd[0], &r, sizeof(r)) != sizeof(r))
		r = -1;
	close(fd[0]);
	waitpid(pid, NULL, 0);
	return r;
}

static void memory(void)
{
	void **v = malloc(MEM_OBJECTS * sizeof(void *));
	double sum[3] = { 0, 0, 0 }, res[SLAB_CLASSES][3];
	unsigned long count[SLAB_CLASSES];
	unsigned int order[SLAB_CLASSES], per_slab[SLAB_CLASSES];
	size_t sizes[SLAB_CLASSES];
	int classes = 0;

	if (!v)
		abort();
	memset(v, 0, MEM_OBJECTS * sizeof(void *)); /* resident before any child measures */
	for (size_t size = 8; size <= KMALLOC_MAX_CACHE_SIZE; size = size == 64 ? 96 : size == 96 ? 128 : size == 128 ? 192 : size == 192 ? 256 : size * 2) {
		unsigned long n = min(MEM_OBJECTS, MEM_CAP / size);
		struct slabinfo si;

		res[classes][0] = mem_ours(size, n, v);
		res[classes][1] = mem_peer(MIMALLOC, size, n, v);
		res[classes][2] = mem_peer(GLIBC, size, n, v);
		get_slabinfo(kmalloc_slab(size, GFP_KERNEL), &si);
		sizes[classes] = size;
		count[classes] = n;
		order[classes] = si.cache_order;
		per_slab[classes] = si.objects_per_slab;
		for (int k = 0; k < 3; k++)
			sum[k] += res[classes][k];
		classes++;
	}
	printf("BENCH slab_memory_host ours=%.3fx peer=mimalloc:%.3fx ratio=%.2f target=1\n", sum[0] / classes,
	       sum[1] / classes, sum[0] / sum[1]);
	printf("  slab_memory_host: bytes of memory per byte asked, averaged over the %d kmalloc classes (a million objects each, at most %lu MiB; ours: slab pages, peers: resident set growth); glibc: %.3fx (ratio %.2f)\n",
	       classes, MEM_CAP >> 20, sum[2] / classes, sum[0] / sum[2]);
	for (int c = 0; c < classes; c++)
		printf("  slab_memory kmalloc-%zu: %lu objects: efimm %.3f bytes of slab pages per byte asked (order %u, %u objects per slab), mimalloc %.3f, glibc %.3f\n",
		       sizes[c], count[c], res[c][0], order[c], per_slab[c], res[c][1], res[c][2]);
	free(v);
}

int main(void)
{
	static char out[1 << 16];
	const phys_addr_t end = 5 * SZ_1G;
	void *win;

	find_glibc();
	win = bench_fake_machine(end);

	if (!win)
		return 1;
	host_capture_start(out, sizeof(out));
	x86_paging_init();
	build_all_zonelists(NULL);
	memblock_free_all();
	init_per_zone_wmark_min();
	kmem_cache_init();
	kmem_cache_init_late();
	cache64 = kmem_cache_create("bench_64", 64, 0, 0, NULL);
	host_capture_stop();
	if (!slab_is_available() || !cache64) {
		fprintf(stderr, "bench: the slab allocator did not come up (kmem_cache_init, kmem_cache_create)\n%s", out);
		return 1;
	}
	/* A warm-up of each, so no side pays for first-touch of its metadata in the timed runs. */
	for (int who = OURS; who <= GLIBC; who++)
		cache64_pairs(who);
	{
		double best[3], ours, mi, gl;

		best_of(cache64_pairs, best);
		ours = best[OURS], mi = best[MIMALLOC], gl = best[GLIBC];

		report("slab_cache64_host", ours, MIMALLOC, mi, "kmem_cache_alloc+kmem_cache_free of 64 B against mi_malloc+mi_free(64)");
		report("slab_cache64_glibc_host", ours, GLIBC, gl, "against glibc malloc+free(64)");
	}
	for (int who = OURS; who <= GLIBC; who++)
		mixed(who);
	{
		double best[3], ours, mi, gl;

		best_of(mixed, best);
		ours = best[OURS], mi = best[MIMALLOC], gl = best[GLIBC];

		report("slab_kmalloc_mixed_host", ours, MIMALLOC, mi, "kmalloc+kfree of 8 B-4 KiB (16 sizes), 64 held then freed in reverse");
		report("slab_kmalloc_mixed_glibc_host", ours, GLIBC, gl, "the same against glibc malloc+free");
	}
	memory();
	host_lazy_phys_window_free(win, end);
	return 0;
}
