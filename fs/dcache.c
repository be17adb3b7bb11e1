/*
 * The VFS's two big hash tables, as vfs_caches_init_early (fs/dcache.c
 * dcache_init_early and fs/inode.c inode_init_early) sizes them: the dentry
 * cache with one 8-byte bucket per 8 KiB of the kernel's memory (scale 13),
 * the inode cache one per 16 KiB (scale 14). With one node they are taken
 * from memblock at once; with several (hashdist) Linux allocates them later,
 * spread over the nodes, in vfs_caches_init. Linux's dhash_entries= and
 * ihash_entries= would set the counts; efimm has no such options yet.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/nodemask.h>
#include <linux/fs.h>

unsigned long dhash_entries, ihash_entries;
void *dentry_hashtable, *inode_hashtable;
unsigned int d_hash_shift, i_hash_shift;

/* sizeof(struct hlist_bl_head) and sizeof(struct hlist_head): one pointer. */
#define HASH_BUCKET_SIZE sizeof(void *)

static void dcache_hash_alloc(int flags)
{
	dentry_hashtable = alloc_large_system_hash("Dentry cache", HASH_BUCKET_SIZE, dhash_entries, 13, flags,
						   &d_hash_shift, NULL, 0, 0);
	inode_hashtable = alloc_large_system_hash("Inode-cache", HASH_BUCKET_SIZE, ihash_entries, 14, flags,
						  &i_hash_shift, NULL, 0, 0);
}

/* fixup_hashdist: one node with memory (N_MEMORY; efimm's online nodes), nothing to spread. */
static void fixup_hashdist(void)
{
	int nid, n = 0;

	for_each_online_node(nid)
		n++;
	if (n <= 1)
		hashdist = 0;
}

void vfs_caches_init_early(void)
{
	fixup_hashdist();
	if (!hashdist)
		dcache_hash_alloc(HASH_EARLY | HASH_ZERO);
}

void vfs_caches_init(void)
{
	if (hashdist)
		dcache_hash_alloc(HASH_ZERO);
}
