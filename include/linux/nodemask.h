/*
 * Node masks (include/linux/nodemask.h), as a plain bitmap over
 * MAX_NUMNODES: which node ids were parsed, are possible, are online.
 */
#ifndef _LINUX_NODEMASK_H
#define _LINUX_NODEMASK_H

#include <linux/types.h>
#include <linux/memblock.h>

#define BITS_PER_LONG 64
#define NODEMASK_LONGS (MAX_NUMNODES / BITS_PER_LONG)

typedef struct {
	unsigned long bits[NODEMASK_LONGS];
} nodemask_t;

extern nodemask_t numa_nodes_parsed; /* nodes the firmware (or numa=fake) described */
extern nodemask_t node_possible_map;
extern nodemask_t node_online_map;
extern unsigned int nr_node_ids;     /* highest possible node id + 1 */

static inline void node_set(int node, nodemask_t *m)
{
	m->bits[node / BITS_PER_LONG] |= 1UL << (node % BITS_PER_LONG);
}

static inline void node_clear(int node, nodemask_t *m)
{
	m->bits[node / BITS_PER_LONG] &= ~(1UL << (node % BITS_PER_LONG));
}

static inline bool node_isset(int node, const nodemask_t *m)
{
	return m->bits[node / BITS_PER_LONG] & (1UL << (node % BITS_PER_LONG));
}

static inline void nodes_clear(nodemask_t *m)
{
	for (unsigned int i = 0; i < NODEMASK_LONGS; i++)
		m->bits[i] = 0;
}

static inline unsigned int nodes_weight(const nodemask_t *m)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < NODEMASK_LONGS; i++)
		/* Kernighan's count: __builtin_popcountl needs libgcc, which the EFI link lacks. */
		for (unsigned long w = m->bits[i]; w; w &= w - 1)
			n++;
	return n;
}

static inline int next_node(int node, const nodemask_t *m)
{
	for (node++; node < MAX_NUMNODES; node++)
		if (node_isset(node, m))
			return node;
	return MAX_NUMNODES;
}

/* The lowest node id not in m, or MAX_NUMNODES. */
static inline int first_unset_node(const nodemask_t *m)
{
	int node;

	for (node = 0; node < MAX_NUMNODES; node++)
		if (!node_isset(node, m))
			break;
	return node;
}

#define first_node(m) next_node(-1, &(m))
#define for_each_node_mask(node, mask) \
	for ((node) = first_node(mask); (node) < MAX_NUMNODES; (node) = next_node((node), &(mask)))
#define for_each_online_node(node) for_each_node_mask(node, node_online_map)
#define for_each_node(node) for_each_node_mask(node, node_possible_map)
#define node_online(node) node_isset((node), &node_online_map)
#define node_set_online(node) node_set((node), &node_online_map)

#endif
