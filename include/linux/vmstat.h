/*
 * The /proc views of the page allocator (mm/vmstat.c, fs/proc/meminfo.c):
 * buddyinfo, pagetypeinfo, zoneinfo and the meminfo lines that apply, in
 * Linux 6.12's exact formats. Each writes its text into a seq_file (a plain
 * buffer here); vmstat_print_views prints them all on the console.
 */
#ifndef _LINUX_VMSTAT_H
#define _LINUX_VMSTAT_H

#include <linux/types.h>

struct zone;

/* A text buffer as Linux's seq_file: writes past the end are counted, not stored. */
struct seq_file {
	char *buf;
	size_t size;
	size_t count; /* bytes the full text needs (excluding the NUL) */
};

void seq_printf(struct seq_file *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void seq_putc(struct seq_file *m, char c);
/* Print a filled seq_file line by line (and a note if it was cut); NAME is the /proc file's. */
void seq_print_lines(struct seq_file *m, const char *name);
/* SHOW into a static buffer, then "efimm: /proc/NAME:" and its lines. */
void proc_print_view(const char *name, void (*show)(struct seq_file *));

/* NR_FREE_PAGES of a zone, from its free lists' counters: sum of nr_free << order. */
unsigned long zone_free_pages(const struct zone *zone);

/* The CPUs zoneinfo's pagesets show: efimm runs on the boot CPU only. */
#define VMSTAT_NR_CPUS 1

/* A zone's vm stats threshold (refresh_zone_stat_thresholds), for VMSTAT_NR_CPUS online CPUs. */
int calculate_normal_threshold(const struct zone *zone);

void buddyinfo_show(struct seq_file *m);
void pagetypeinfo_show(struct seq_file *m);
void zoneinfo_show(struct seq_file *m);
void meminfo_show(struct seq_file *m);

/* All four, each headed "efimm: /proc/NAME:", line by line through printk. */
void vmstat_print_views(void);

#endif
