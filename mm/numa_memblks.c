/*
 * numa_meminfo and the node distance table (mm/numa_memblks.c): the memory
 * ranges each node owns, as the firmware's SRAT (or the dummy fallback, or
 * numa=fake) gives them, cleaned up (trimmed to RAM, neighbours of one node
 * merged, conflicts refused) and then registered: memblock learns each
 * range's node, and the nodes that have memory or CPUs become possible.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/numa_memblks.h>
#include <efimm/numa.h>

struct numa_meminfo numa_meminfo;
/* Ranges SRAT gave that hold no RAM (or lie above it): kept aside, as Linux. */
static struct numa_meminfo numa_reserved_meminfo;

/*
 * Linux sizes the table to the highest parsed node and allocates it from
 * memblock; efimm keeps it static, so more than NUMA_DISTANCE_MAX nodes get
 * Linux's "can't allocate" path (defaults 10/20 for every pair).
 */
#define NUMA_DISTANCE_MAX 64
int numa_distance_cnt;
static u8 numa_distance_table[NUMA_DISTANCE_MAX * NUMA_DISTANCE_MAX];
static u8 *numa_distance;
static bool numa_distance_failed; /* Linux's (void *)1: do not retry until reset */

/* numa_nodemask_from_meminfo: the nodes with a non-empty block in mi. */
void numa_nodemask_from_meminfo(nodemask_t *nodemask, const struct numa_meminfo *mi)
{
	for (int i = 0; i < mi->nr_blks; i++)
		if (mi->blk[i].start != mi->blk[i].end && mi->blk[i].nid != NUMA_NO_NODE)
			node_set(mi->blk[i].nid, nodemask);
}

void numa_reset_distance(void)
{
	numa_distance_cnt = 0;
	numa_distance = NULL;
	numa_distance_failed = false;
}

/* numa_alloc_distance: a table for every node parsed so far, filled with the defaults. */
static int numa_alloc_distance(void)
{
	nodemask_t nodes_parsed = numa_nodes_parsed;
	int i, j, cnt = 0;

	numa_nodemask_from_meminfo(&nodes_parsed, &numa_meminfo);
	for_each_node_mask(i, nodes_parsed)
		cnt = i;
	cnt++;
	if (cnt > NUMA_DISTANCE_MAX) {
		pr_warn("Warning: can't allocate distance table!\n");
		numa_distance_failed = true;
		return -1;
	}
	numa_distance = numa_distance_table;
	numa_distance_cnt = cnt;
	for (i = 0; i < cnt; i++)
		for (j = 0; j < cnt; j++)
			numa_distance[i * cnt + j] = i == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	printk(KERN_DEBUG "NUMA: Initialized distance table, cnt=%d\n", cnt);
	return 0;
}

/* numa_set_distance: out-of-range nodes and nonsense distances are ignored (warned once). */
void numa_set_distance(int from, int to, int distance)
{
	static bool warned_bounds, warned_value;

	if (numa_distance_failed)
		return;
	if (!numa_distance && numa_alloc_distance() < 0)
		return;
	if (from >= numa_distance_cnt || to >= numa_distance_cnt || from < 0 || to < 0) {
		if (!warned_bounds)
			pr_warn("Warning: node ids are out of bound, from=%d to=%d distance=%d\n", from, to,
				distance);
		warned_bounds = true;
		return;
	}
	if ((u8)distance != distance || (from == to && distance != LOCAL_DISTANCE)) {
		if (!warned_value)
			pr_warn("Warning: invalid distance parameter, from=%d to=%d distance=%d\n", from, to,
				distance);
		warned_value = true;
		return;
	}
	numa_distance[from * numa_distance_cnt + to] = (u8)distance;
}

int __node_distance(int from, int to)
{
	if (from < 0 || to < 0 || from >= numa_distance_cnt || to >= numa_distance_cnt)
		return from == to ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	return numa_distance[from * numa_distance_cnt + to];
}

int numa_add_memblk_to(int nid, u64 start, u64 end, struct numa_meminfo *mi)
{
	if (start == end)
		return 0;
	if (start > end || nid < 0 || nid >= MAX_NUMNODES) {
		pr_warn("Warning: invalid memblk node %d [mem %#010llx-%#010llx]\n", nid,
			(unsigned long long)start, (unsigned long long)(end - 1));
		return 0;
	}
	if (mi->nr_blks >= NR_NODE_MEMBLKS) {
		pr_err("too many memblk ranges\n");
		return -1;
	}
	mi->blk[mi->nr_blks].start = start;
	mi->blk[mi->nr_blks].end = end;
	mi->blk[mi->nr_blks].nid = nid;
	mi->nr_blks++;
	return 0;
}

int numa_add_memblk(int nid, u64 start, u64 end)
{
	return numa_add_memblk_to(nid, start, end, &numa_meminfo);
}

void numa_remove_memblk_from(int idx, struct numa_meminfo *mi)
{
	mi->nr_blks--;
	memmove(&mi->blk[idx], &mi->blk[idx + 1], (size_t)(mi->nr_blks - idx) * sizeof(mi->blk[0]));
}

static void numa_move_tail_memblk(struct numa_meminfo *dst, int idx, struct numa_meminfo *src)
{
	if (dst->nr_blks < NR_NODE_MEMBLKS)
		dst->blk[dst->nr_blks++] = src->blk[idx];
	numa_remove_memblk_from(idx, src);
}

/*
 * numa_cleanup_meminfo: blocks without RAM move aside, the rest are clipped
 * to [start of DRAM, end of DRAM); then blocks of one node merge when the
 * hull between them overlaps no other node's block. Two nodes claiming the
 * same memory make the whole description invalid.
 */
int numa_cleanup_meminfo(struct numa_meminfo *mi)
{
	const u64 low = memblock_start_of_DRAM();
	const u64 high = memblock_end_of_DRAM();
	int i, j, k;

	for (i = 0; i < mi->nr_blks; i++) {
		struct numa_memblk *bi = &mi->blk[i];

		if (!memblock_overlaps_region(&memblock.memory, bi->start, bi->end - bi->start)) {
			numa_move_tail_memblk(&numa_reserved_meminfo, i--, mi);
			continue;
		}
		bi->start = max(bi->start, low);
		if (bi->end > high) {
			numa_add_memblk_to(bi->nid, high, bi->end, &numa_reserved_meminfo);
			bi->end = high;
		}
		if (bi->start >= bi->end)
			numa_remove_memblk_from(i--, mi);
	}

	for (i = 0; i < mi->nr_blks; i++) {
		struct numa_memblk *bi = &mi->blk[i];

		for (j = i + 1; j < mi->nr_blks; j++) {
			struct numa_memblk *bj = &mi->blk[j];
			u64 start, end;

			if (bi->end > bj->start && bi->start < bj->end) {
				if (bi->nid != bj->nid) {
					pr_err("node %d [mem %#010llx-%#010llx] overlaps with node %d [mem %#010llx-%#010llx]\n",
					       bi->nid, (unsigned long long)bi->start, (unsigned long long)(bi->end - 1),
					       bj->nid, (unsigned long long)bj->start, (unsigned long long)(bj->end - 1));
					return -1;
				}
				pr_warn("Warning: node %d [mem %#010llx-%#010llx] overlaps with itself [mem %#010llx-%#010llx]\n",
					bi->nid, (unsigned long long)bi->start, (unsigned long long)(bi->end - 1),
					(unsigned long long)bj->start, (unsigned long long)(bj->end - 1));
			}
			if (bi->nid != bj->nid)
				continue;
			start = min(bi->start, bj->start);
			end = max(bi->end, bj->end);
			for (k = 0; k < mi->nr_blks; k++) {
				struct numa_memblk *bk = &mi->blk[k];

				if (bi->nid == bk->nid)
					continue;
				if (start < bk->end && end > bk->start)
					break;
			}
			if (k < mi->nr_blks)
				continue;
			pr_info("NUMA: Node %d [mem %#010llx-%#010llx] + [mem %#010llx-%#010llx] -> [mem %#010llx-%#010llx]\n",
				bi->nid, (unsigned long long)bi->start, (unsigned long long)(bi->end - 1),
				(unsigned long long)bj->start, (unsigned long long)(bj->end - 1),
				(unsigned long long)start, (unsigned long long)(end - 1));
			bi->start = start;
			bi->end = end;
			numa_remove_memblk_from(j--, mi);
		}
	}

	for (i = mi->nr_blks; i < NR_NODE_MEMBLKS; i++) {
		mi->blk[i].start = mi->blk[i].end = 0;
		mi->blk[i].nid = NUMA_NO_NODE;
	}
	return 0;
}

/*
 * numa_clear_kernel_node_hotplug: memory of a node that holds reserved
 * (in-use) memory cannot be unplugged, so its hotplug flag goes.
 */
static void numa_clear_kernel_node_hotplug(void)
{
	nodemask_t reserved_nodemask;
	unsigned long r;
	int i;

	nodes_clear(&reserved_nodemask);
	for (i = 0; i < numa_meminfo.nr_blks; i++) {
		struct numa_memblk *mb = &numa_meminfo.blk[i];

		memblock_set_node(mb->start, mb->end - mb->start, &memblock.reserved, mb->nid);
	}
	for (r = 0; r < memblock.reserved.cnt; r++) {
		int nid = memblock_get_region_node(&memblock.reserved.regions[r]);

		if (numa_valid_node(nid))
			node_set(nid, &reserved_nodemask);
	}
	for (i = 0; i < numa_meminfo.nr_blks; i++) {
		struct numa_memblk *mb = &numa_meminfo.blk[i];

		if (node_isset(mb->nid, &reserved_nodemask))
			memblock_clear_hotplug(mb->start, mb->end - mb->start);
	}
}

/* numa_register_meminfo: possible = parsed (CPU-only nodes too) + nodes with memory; memblock nids. */
static int numa_register_meminfo(struct numa_meminfo *mi)
{
	node_possible_map = numa_nodes_parsed;
	numa_nodemask_from_meminfo(&node_possible_map, mi);
	if (!nodes_weight(&node_possible_map)) {
		pr_warn("NUMA: no possible node\n");
		return -1;
	}
	for (int i = 0; i < mi->nr_blks; i++) {
		struct numa_memblk *mb = &mi->blk[i];

		memblock_set_node(mb->start, mb->end - mb->start, &memblock.memory, mb->nid);
	}
	numa_clear_kernel_node_hotplug();
	return 0;
}

int numa_memblks_init(int (*init_func)(void), bool memblock_force_top_down)
{
	const phys_addr_t max_addr = (phys_addr_t)~0ULL;
	int ret;

	nodes_clear(&numa_nodes_parsed);
	nodes_clear(&node_possible_map);
	nodes_clear(&node_online_map);
	memset(&numa_meminfo, 0, sizeof(numa_meminfo));
	memset(&numa_reserved_meminfo, 0, sizeof(numa_reserved_meminfo));
	memblock_set_node(0, max_addr, &memblock.memory, NUMA_NO_NODE);
	memblock_set_node(0, max_addr, &memblock.reserved, NUMA_NO_NODE);
	/* In case SRAT parsing marked hotplug ranges and then failed. */
	memblock_clear_hotplug(0, max_addr);
	numa_reset_distance();

	ret = init_func();
	if (ret < 0)
		return ret;
	if (memblock_force_top_down)
		memblock_set_bottom_up(false);
	ret = numa_cleanup_meminfo(&numa_meminfo);
	if (ret < 0)
		return ret;
	numa_emulation(&numa_meminfo, numa_distance_cnt);
	return numa_register_meminfo(&numa_meminfo);
}
