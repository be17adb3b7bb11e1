/*
 * The VFS's two big hash tables, as vfs_caches_init_early (fs/dcache.c
 * dcache_init_early and fs/inode.c inode_init_early) sizes them: the dentry
 * cache with one 8-byte bucket per 8 KiB of the kernel's memory (scale 13),
 * the inode cache one per 16 KiB (scale 14). With one node they are taken
 * from memblock at once; with several (hashdist) Linux allocates them later,
 * spread over the nodes, in vfs_caches_init. dhash_entries= and
 * ihash_entries= set the counts, as Linux's set_dhash_entries (fs/dcache.c)
 * and set_ihash_entries (fs/inode.c): a number (0x.. and 0.. too), only
 * rounded up to a power of two and capped at 1/16 of memory; 0 means sized
 * from memory.
 */
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/nodemask.h>
#include <linux/fs.h>
#include <efimm/cmdline.h>

unsigned long dhash_entries, ihash_entries;
void *dentry_hashtable, *inode_hashtable;
unsigned int d_hash_shift, i_hash_shift;

/*
 * The number after dhash_entries= or ihash_entries=. Linux takes whatever
 * simple_strtoul makes of it (garbage counts as 0, silently); efimm refuses
 * a value that is not a whole number and keeps the count it had.
 */
static int set_hash_entries(const char *name, const char *str, unsigned long *entries)
{
	char *end;
	unsigned long long v;

	if (!str || !*str) {
		pr_warn("efimm: %s= needs a number of buckets\n", name);
		return -1;
	}
	v = simple_strtoull(str, &end, 0);
	if (*end || end == str) {
		pr_warn("efimm: %s=%s: not a number of buckets (decimal, 0x hex or 0 octal)\n", name, str);
		return -1;
	}
	*entries = (unsigned long)v;
	return 0;
}

int set_dhash_entries(const char *str)
{
	return set_hash_entries("dhash_entries", str, &dhash_entries);
}

int set_ihash_entries(const char *str)
{
	return set_hash_entries("ihash_entries", str, &ihash_entries);
}

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
