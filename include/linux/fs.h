/* The VFS hash tables' early setup (fs/dcache.c). */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

/* dhash_entries= / ihash_entries=: bucket counts from the command line, 0 = sized from memory. */
extern unsigned long dhash_entries, ihash_entries;
extern void *dentry_hashtable, *inode_hashtable;
extern unsigned int d_hash_shift, i_hash_shift;

/* The dhash_entries= and ihash_entries= options: 0 when set, else -1 (printed). */
int set_dhash_entries(const char *str);
int set_ihash_entries(const char *str);

/* Single-node machines: both tables from memblock now (HASH_EARLY). */
void vfs_caches_init_early(void);
/* Several nodes (hashdist): the same tables, allocated after the early ones would have been. */
void vfs_caches_init(void);

#endif
