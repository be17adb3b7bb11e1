/*
 * NUMA emulation (mm/numa_emulation.c), numa=fake=N or numa=fake=<size>:
 * the real node(s) cut into N interleaved fake nodes (or nodes of <size>),
 * each in 32 MiB steps and at least the size asked, holes not counted,
 * so one machine can show how Linux behaves with several nodes. Distances
 * between fake nodes are those of the real nodes they came from.
 *
 * Left out: the uniform form (numa=fake=NU), a distance list after ':',
 * and fix_pxm_node_maps (the PXM maps keep the real nodes; nothing later in
 * efimm asks for a PXM).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/numa_memblks.h>
#include <efimm/cmdline.h>
#include <efimm/setup.h>
#include <efimm/numa.h>
#include <linux/mmzone.h>

#define FAKE_NODE_MIN_SIZE ((u64)32 << 20)
#define FAKE_NODE_MIN_HASH_MASK (~(FAKE_NODE_MIN_SIZE - 1UL))

int emu_nid_to_phys[MAX_NUMNODES];
static char emu_cmdline_buf[64];
static const char *emu_cmdline;

/* numa=fake=...: kept until numa_emulation runs; NULL turns emulation off. */
int numa_emu_cmdline(const char *str)
{
	if (!str) {
		emu_cmdline = NULL;
		return 0;
	}
	if (strlen(str) >= sizeof(emu_cmdline_buf) || strchr(str, 'U')) {
		pr_warn("efimm: numa=fake=%s: only numa=fake=N and numa=fake=<size>[MG] are supported\n", str);
		return -1;
	}
	strscpy_len(emu_cmdline_buf, str, sizeof(emu_cmdline_buf));
	emu_cmdline = emu_cmdline_buf;
	return 0;
}

static int emu_find_memblk_by_nid(int nid, const struct numa_meminfo *mi)
{
	for (int i = 0; i < mi->nr_blks; i++)
		if (mi->blk[i].nid == nid)
			return i;
	return -1;
}

/* mem_hole_size: bytes of [start, end) that no memblock.memory region covers, in whole pages. */
static u64 mem_hole_size(u64 start, u64 end)
{
	unsigned long start_pfn = PFN_UP(start), end_pfn = PFN_DOWN(end), s, e, present = 0;
	int i;

	if (start_pfn >= end_pfn)
		return 0;
	for_each_mem_pfn_range(i, MAX_NUMNODES, &s, &e, NULL) {
		s = max(s, start_pfn);
		e = min(e, end_pfn);
		if (s < e)
			present += e - s;
	}
	return PFN_PHYS(end_pfn - start_pfn - present);
}

/* emu_setup_memblk: the first size bytes of physical block phys_blk become fake node nid. */
static int emu_setup_memblk(struct numa_meminfo *ei, struct numa_meminfo *pi, int nid, int phys_blk, u64 size)
{
	struct numa_memblk *eb = &ei->blk[ei->nr_blks];
	struct numa_memblk *pb = &pi->blk[phys_blk];

	if (ei->nr_blks >= NR_NODE_MEMBLKS) {
		pr_err("NUMA: Too many emulated memblks, failing emulation\n");
		return -1;
	}
	ei->nr_blks++;
	eb->start = pb->start;
	eb->end = pb->start + size;
	eb->nid = nid;
	if (emu_nid_to_phys[nid] == NUMA_NO_NODE)
		emu_nid_to_phys[nid] = pb->nid;
	pb->start += size;
	if (pb->start >= pb->end)
		numa_remove_memblk_from(phys_blk, pi);
	printk(KERN_INFO "Faking node %d at [mem %#018llx-%#018llx] (%lluMB)\n", nid, (unsigned long long)eb->start,
	       (unsigned long long)(eb->end - 1), (unsigned long long)((eb->end - eb->start) >> 20));
	return 0;
}

/*
 * Shared by both forms: one fake node of at least size bytes at a time from
 * each real node in turn, stretched to 4 GiB or to the real node's end when
 * what would remain is too small for another.
 */
static int split_nodes(struct numa_meminfo *ei, struct numa_meminfo *pi, u64 size, int big, int nr_nodes,
		       bool by_size)
{
	nodemask_t physnode_mask = numa_nodes_parsed;
	int nid = 0, i;

	while (nodes_weight(&physnode_mask)) {
		for_each_node_mask(i, physnode_mask) {
			u64 dma32_end = PFN_PHYS(MAX_DMA32_PFN);
			u64 start, limit, end;
			int phys_blk = emu_find_memblk_by_nid(i, pi);

			if (phys_blk < 0) {
				node_clear(i, &physnode_mask);
				continue;
			}
			start = pi->blk[phys_blk].start;
			limit = pi->blk[phys_blk].end;
			end = start + size;
			if (!by_size && nid < big)
				end += FAKE_NODE_MIN_SIZE;
			while (end - start - mem_hole_size(start, end) < size) {
				end += FAKE_NODE_MIN_SIZE;
				if (end > limit) {
					end = limit;
					break;
				}
			}
			if (end < dma32_end && dma32_end - end - mem_hole_size(end, dma32_end) < FAKE_NODE_MIN_SIZE)
				end = dma32_end;
			if (limit - end - mem_hole_size(end, limit) < size)
				end = limit;
			if (emu_setup_memblk(ei, pi, by_size ? nid++ % MAX_NUMNODES : nid++ % nr_nodes, phys_blk,
					     min(end, limit) - start) < 0)
				return -1;
		}
	}
	return 0;
}

/* split_nodes_interleave: N nodes of equal size (the remainder spread in 32 MiB steps). */
static int split_nodes_interleave(struct numa_meminfo *ei, struct numa_meminfo *pi, u64 addr, u64 max_addr,
				  int nr_nodes)
{
	u64 size;
	int big;

	if (nr_nodes <= 0)
		return -1;
	if (nr_nodes > MAX_NUMNODES) {
		pr_info("numa=fake=%d too large, reducing to %d\n", nr_nodes, MAX_NUMNODES);
		nr_nodes = MAX_NUMNODES;
	}
	size = max_addr - addr - mem_hole_size(addr, max_addr);
	size = PFN_PHYS((unsigned long)(size >> PAGE_SHIFT) / (unsigned long)nr_nodes);
	big = (int)(((size & ~FAKE_NODE_MIN_HASH_MASK) * (u64)nr_nodes) / FAKE_NODE_MIN_SIZE);
	size &= FAKE_NODE_MIN_HASH_MASK;
	if (!size) {
		pr_err("Not enough memory for each node.  NUMA emulation disabled.\n");
		return -1;
	}
	return split_nodes(ei, pi, size, big, nr_nodes, false);
}

/* split_nodes_size_interleave: nodes of size bytes (at least what MAX_NUMNODES nodes would need). */
static int split_nodes_size_interleave(struct numa_meminfo *ei, struct numa_meminfo *pi, u64 addr, u64 max_addr,
				       u64 size)
{
	u64 min_size = PFN_PHYS((PFN_DOWN(max_addr) - PFN_DOWN(addr) - PFN_DOWN(mem_hole_size(addr, max_addr))) /
				MAX_NUMNODES);

	min_size = ALIGN(max(min_size, FAKE_NODE_MIN_SIZE), FAKE_NODE_MIN_SIZE);
	if (size < min_size) {
		pr_err("Fake node size %lluMB too small, increasing to %lluMB\n", (unsigned long long)(size >> 20),
		       (unsigned long long)(min_size >> 20));
		size = min_size;
	}
	size &= ~(FAKE_NODE_MIN_SIZE - 1);
	return split_nodes(ei, pi, size, 0, MAX_NUMNODES, true);
}

/* numa_emu_update_cpu_to_node: CPUs move to the first fake node made from their real node. */
static void numa_emu_update_cpu_to_node(int nr_emu_nids)
{
	for (int a = 0; a < MAX_LOCAL_APIC; a++) {
		int phys = numa_apicid_to_node(a), j;

		if (phys == NUMA_NO_NODE)
			continue;
		for (j = 0; j < nr_emu_nids; j++)
			if (emu_nid_to_phys[j] == phys)
				break;
		set_apicid_to_node(a, (s16)(j < nr_emu_nids ? j : 0));
	}
}

void numa_emulation(struct numa_meminfo *mi, int numa_dist_cnt)
{
	static struct numa_meminfo ei, pi;
	static u8 phys_dist[64 * 64];
	const u64 max_addr = PFN_PHYS(max_pfn);
	nodemask_t physnode_mask = numa_nodes_parsed;
	int max_emu_nid = 0, dfl_phys_nid = NUMA_NO_NODE, i, j, ret;
	char *rest;

	if (!emu_cmdline)
		goto no_emu;
	memset(&ei, 0, sizeof(ei));
	pi = *mi;
	for (i = 0; i < MAX_NUMNODES; i++)
		emu_nid_to_phys[i] = NUMA_NO_NODE;
	if (strchr(emu_cmdline, 'M') || strchr(emu_cmdline, 'G'))
		ret = split_nodes_size_interleave(&ei, &pi, 0, max_addr, memparse(emu_cmdline, &rest));
	else
		ret = split_nodes_interleave(&ei, &pi, 0, max_addr, (int)simple_strtoull(emu_cmdline, &rest, 0));
	if (ret < 0)
		goto no_emu;
	if (numa_cleanup_meminfo(&ei) < 0) {
		pr_warn("NUMA: Warning: constructed meminfo invalid, disabling emulation\n");
		goto no_emu;
	}
	if (numa_dist_cnt > 64) {
		pr_warn("NUMA: Warning: can't allocate copy of distance table, disabling emulation\n");
		goto no_emu;
	}
	for (i = 0; i < numa_dist_cnt; i++)
		for (j = 0; j < numa_dist_cnt; j++)
			phys_dist[i * numa_dist_cnt + j] = (u8)node_distance(i, j);

	/* setup_emu2phys_nid */
	for (i = 0; i < MAX_NUMNODES; i++)
		if (emu_nid_to_phys[i] != NUMA_NO_NODE) {
			max_emu_nid = i;
			if (dfl_phys_nid == NUMA_NO_NODE)
				dfl_phys_nid = emu_nid_to_phys[i];
		}
	nodes_clear(&numa_nodes_parsed);
	numa_nodemask_from_meminfo(&numa_nodes_parsed, &ei);
	*mi = ei;
	numa_emu_update_cpu_to_node(max_emu_nid + 1);
	for (i = 0; i < max_emu_nid + 1; i++)
		if (emu_nid_to_phys[i] == NUMA_NO_NODE)
			emu_nid_to_phys[i] = dfl_phys_nid;

	/* The fake nodes' distances are those of the real nodes beneath them. */
	numa_reset_distance();
	for (i = 0; i < max_emu_nid + 1; i++)
		for (j = 0; j < max_emu_nid + 1; j++) {
			int physi = emu_nid_to_phys[i], physj = emu_nid_to_phys[j];
			int dist = physi >= numa_dist_cnt || physj >= numa_dist_cnt ?
					   (physi == physj ? LOCAL_DISTANCE : REMOTE_DISTANCE) :
					   phys_dist[physi * numa_dist_cnt + physj];

			numa_set_distance(i, j, dist);
		}
	return;

no_emu:
	numa_nodes_parsed = physnode_mask;
	for (i = 0; i < MAX_NUMNODES; i++)
		emu_nid_to_phys[i] = i;
}
