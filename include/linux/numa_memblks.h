/*
 * numa_meminfo (include/linux/numa_memblks.h): the node memory ranges the
 * firmware described (or numa=fake made), before they go to memblock, and
 * the node distance table.
 */
#ifndef _LINUX_NUMA_MEMBLKS_H
#define _LINUX_NUMA_MEMBLKS_H

#include <linux/types.h>
#include <linux/memblock.h>
#include <linux/nodemask.h>

#define NR_NODE_MEMBLKS (MAX_NUMNODES * 2)
#define LOCAL_DISTANCE 10
#define REMOTE_DISTANCE 20
#define NUMA_NO_MEMBLK (-1)

struct numa_memblk {
	u64 start;
	u64 end;
	int nid;
};

struct numa_meminfo {
	int nr_blks;
	struct numa_memblk blk[NR_NODE_MEMBLKS];
};

extern struct numa_meminfo numa_meminfo;
extern int numa_distance_cnt;

int numa_add_memblk(int nid, u64 start, u64 end);
int numa_add_memblk_to(int nid, u64 start, u64 end, struct numa_meminfo *mi);
void numa_remove_memblk_from(int idx, struct numa_meminfo *mi);
int numa_cleanup_meminfo(struct numa_meminfo *mi);
void numa_nodemask_from_meminfo(nodemask_t *nodemask, const struct numa_meminfo *mi);

void numa_reset_distance(void);
void numa_set_distance(int from, int to, int distance);
int __node_distance(int from, int to);
#define node_distance(a, b) __node_distance(a, b)

/* Clear node state, run init_func (SRAT or the dummy), clean up, emulate, register in memblock. */
int numa_memblks_init(int (*init_func)(void), bool memblock_force_top_down);

/* mm/numa_emulation.c: numa=fake=... */
extern int emu_nid_to_phys[MAX_NUMNODES];
int numa_emu_cmdline(const char *str);
void numa_emulation(struct numa_meminfo *numa_meminfo, int numa_dist_cnt);

#endif
