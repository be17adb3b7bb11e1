/*
 * Log reader for efimm-replay. Every line is looked at on its own, so any
 * prefix (timestamps, syslog headers, "> " quoting) before the interesting
 * text is fine. Three inputs are recognised:
 *  - "BIOS-e820: [mem 0xA-0xB] TYPE": the table the kernel sanitized;
 *  - "efi: memNN: [TYPE|ATTR...] range=[0xA-0xB] (NMB)": efi=debug, any
 *    kernel age (inclusive "]" or the old exclusive ")" end);
 *  - efimm's own table (efi_print_memmap_table), which also gives the
 *    firmware's descriptor size and version.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <efimm/efi_memmap.h>
#include <linux/memblock.h>
#include "logparse.h"
#include "jsonread.h"

#define DEFAULT_DESC_SIZE 48 /* what x86 firmware reports (40 bytes padded) */

/* Linux's efi=debug type names: today's short ones and the older long ones. */
static const struct {
	const char *name;
	u32 type;
} efi_linux_names[] = {
	{ "Reserved", EFI_RESERVED_TYPE },
	{ "Loader Code", EFI_LOADER_CODE },
	{ "Loader Data", EFI_LOADER_DATA },
	{ "Boot Code", EFI_BOOT_SERVICES_CODE },
	{ "Boot Data", EFI_BOOT_SERVICES_DATA },
	{ "Runtime Code", EFI_RUNTIME_SERVICES_CODE },
	{ "Runtime Data", EFI_RUNTIME_SERVICES_DATA },
	{ "Conventional", EFI_CONVENTIONAL_MEMORY },
	{ "Conventional Memory", EFI_CONVENTIONAL_MEMORY },
	{ "Unusable", EFI_UNUSABLE_MEMORY },
	{ "Unusable Memory", EFI_UNUSABLE_MEMORY },
	{ "ACPI Reclaim", EFI_ACPI_RECLAIM_MEMORY },
	{ "ACPI Reclaim Memory", EFI_ACPI_RECLAIM_MEMORY },
	{ "ACPI Mem NVS", EFI_ACPI_MEMORY_NVS },
	{ "ACPI Memory NVS", EFI_ACPI_MEMORY_NVS },
	{ "MMIO", EFI_MEMORY_MAPPED_IO },
	{ "Memory Mapped I/O", EFI_MEMORY_MAPPED_IO },
	{ "MMIO Port", EFI_MEMORY_MAPPED_IO_PORT_SPACE },
	{ "MMIO Port Space", EFI_MEMORY_MAPPED_IO_PORT_SPACE },
	{ "PAL Code", EFI_PAL_CODE },
	{ "Persistent", EFI_PERSISTENT_MEMORY },
	{ "Persistent Memory", EFI_PERSISTENT_MEMORY },
	{ "Unaccepted", EFI_UNACCEPTED_MEMORY },
};

/* The attribute columns, by the letters Linux prints (their position varies by kernel version). */
static const struct {
	const char *name;
	u64 bit;
} efi_attr_names[] = {
	{ "RUN", EFI_MEMORY_RUNTIME }, { "HP", EFI_MEMORY_HOT_PLUGGABLE }, { "MR", EFI_MEMORY_MORE_RELIABLE },
	{ "CC", EFI_MEMORY_CPU_CRYPTO }, { "SP", EFI_MEMORY_SP },        { "NV", EFI_MEMORY_NV },
	{ "XP", EFI_MEMORY_XP },          { "RP", EFI_MEMORY_RP },        { "WP", EFI_MEMORY_WP },
	{ "RO", EFI_MEMORY_RO },          { "UCE", EFI_MEMORY_UCE },      { "WB", EFI_MEMORY_WB },
	{ "WT", EFI_MEMORY_WT },          { "WC", EFI_MEMORY_WC },        { "UC", EFI_MEMORY_UC },
};

u32 replay_e820_type(const char *name)
{
	unsigned int n;
	int used = 0;

	if (!strcmp(name, "usable"))
		return E820_TYPE_RAM;
	if (!strcmp(name, "reserved"))
		return E820_TYPE_RESERVED;
	if (!strcmp(name, "ACPI data"))
		return E820_TYPE_ACPI;
	if (!strcmp(name, "ACPI NVS"))
		return E820_TYPE_NVS;
	if (!strcmp(name, "unusable"))
		return E820_TYPE_UNUSABLE;
	if (!strcmp(name, "soft reserved"))
		return E820_TYPE_SOFT_RESERVED;
	if ((sscanf(name, "persistent (type %u)%n", &n, &used) == 1 || sscanf(name, "type %u%n", &n, &used) == 1) &&
	    !name[used])
		return n;
	return 0;
}

static void trim_right(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

static char *skip_spaces(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Parse "0x<hex>" at *p; advances *p. */
static bool parse_hex(char **p, u64 *val)
{
	char *end;

	if ((*p)[0] != '0' || ((*p)[1] != 'x' && (*p)[1] != 'X') || !isxdigit((unsigned char)(*p)[2]))
		return false;
	errno = 0;
	*val = strtoull(*p, &end, 16);
	if (errno)
		return false;
	*p = end;
	return true;
}

static void warn_line(struct replay_log *log, const char *name, unsigned long lineno, const char *why,
		      const char *line)
{
	fprintf(stderr, "%s:%lu: %s: %s\n", name, lineno, why, line);
	log->bad_lines++;
}

static int add_e820(struct replay_log *log, u64 start, u64 end, u32 type)
{
	if (log->nr_e820 == log->cap_e820) {
		unsigned int cap = log->cap_e820 ? 2 * log->cap_e820 : 64;
		struct boot_e820_entry *e = realloc(log->e820, cap * sizeof(*e));

		if (!e)
			return -1;
		log->e820 = e;
		log->cap_e820 = cap;
	}
	log->e820[log->nr_e820++] = (struct boot_e820_entry){ .addr = start, .size = end - start + 1, .type = type };
	if (type == 20)
		log->e820_has_grub_code = true;
	return 0;
}

static efi_memory_desc_t *new_desc(struct replay_log *log)
{
	struct efi_memory_map *m = &log->map;
	efi_memory_desc_t *md;

	if (m->nr_map == log->cap_map) {
		unsigned long cap = log->cap_map ? 2 * log->cap_map : 128;
		void *p = realloc(m->map, cap * m->desc_size);

		if (!p)
			return NULL;
		m->map = p;
		log->cap_map = cap;
	}
	md = efi_memdesc_ptr(m->map, m->desc_size, m->nr_map++);
	memset(md, 0, m->desc_size);
	return md;
}

/* "BIOS-e820: [mem 0xA-0xB] TYPE" */
static int parse_e820_line(struct replay_log *log, char *p, const char *name, unsigned long lineno, char *line)
{
	u64 start, end;
	u32 type;

	p += strlen("BIOS-e820:");
	p = skip_spaces(p);
	if (strncmp(p, "[mem ", 5)) {
		warn_line(log, name, lineno, "BIOS-e820 line in an unknown format", line);
		return 0;
	}
	p += 5;
	if (!parse_hex(&p, &start) || *p++ != '-' || !parse_hex(&p, &end) || *p++ != ']' || end < start) {
		warn_line(log, name, lineno, "BIOS-e820 line with a bad range", line);
		return 0;
	}
	p = skip_spaces(p);
	type = replay_e820_type(p);
	if (!type) {
		warn_line(log, name, lineno, "BIOS-e820 line with an unknown type", line);
		return 0;
	}
	return add_e820(log, start, end, type);
}

/* The "[TYPE|cols...]" part of an efi=debug line; p points after '['. */
static bool parse_typeattr(char **pp, u32 *type, u64 *attr)
{
	char *p = *pp, *bar = strchr(p, '|'), *close = strchr(p, ']');
	bool found = false;

	if (!bar || !close || bar > close)
		return false;
	*bar = '\0';
	trim_right(p);
	if (!strncmp(p, "type=", 5)) {
		*type = (u32)strtoul(p + 5, NULL, 10);
		found = true;
	}
	for (size_t i = 0; !found && i < sizeof(efi_linux_names) / sizeof(efi_linux_names[0]); i++) {
		if (!strcmp(p, efi_linux_names[i].name)) {
			*type = efi_linux_names[i].type;
			found = true;
		}
	}
	if (!found)
		return false;

	*attr = 0;
	*close = '\0';
	for (p = bar + 1; p;) {
		char *next = strchr(p, '|'), *tok;
		bool known = false;

		if (next)
			*next++ = '\0';
		tok = skip_spaces(p);
		trim_right(tok);
		if (!strncmp(tok, "attr=", 5)) {
			char *q = tok + 5;

			if (!parse_hex(&q, attr))
				return false;
			known = true;
		}
		for (size_t i = 0; !known && i < sizeof(efi_attr_names) / sizeof(efi_attr_names[0]); i++) {
			if (!strcmp(tok, efi_attr_names[i].name)) {
				*attr |= efi_attr_names[i].bit;
				known = true;
			}
		}
		if (*tok && !known)
			return false;
		p = next;
	}
	*pp = close + 1;
	return true;
}

/* "efi: memNN: [TYPE|ATTR] range=[0xA-0xB] (NMB)"; returns 1 when the line starts a new map. */
static int parse_efi_line(struct replay_log *log, char *p, const char *name, unsigned long lineno, char *line)
{
	unsigned long idx;
	u64 start, end, pages, mb;
	u32 type;
	u64 attr;
	char close, *q;
	efi_memory_desc_t *md;

	p += strlen("efi: mem");
	idx = strtoul(p, &q, 10);
	if (q == p || strncmp(q, ": ", 2))
		return 0;
	/* efimm's own warnings about a descriptor also start "efi: memNN: "; only "[" starts a listing. */
	if (q[2] != '[')
		return 0;
	/* A second listing (the runtime map, or another boot) starts again at mem00. */
	if (idx == 0 && log->map.nr_map)
		return 1;
	if (idx != log->map.nr_map) {
		warn_line(log, name, lineno, "efi: mem line out of sequence", line);
		return 0;
	}
	p = q + 3;
	if (!parse_typeattr(&p, &type, &attr)) {
		warn_line(log, name, lineno, "efi: mem line with an unknown type or attribute", line);
		return 0;
	}
	p = skip_spaces(p);
	if (strncmp(p, "range=[", 7)) {
		warn_line(log, name, lineno, "efi: mem line without range=", line);
		return 0;
	}
	p += 7;
	if (!parse_hex(&p, &start) || *p++ != '-' || !parse_hex(&p, &end)) {
		warn_line(log, name, lineno, "efi: mem line with a bad range", line);
		return 0;
	}
	close = *p++;
	/* Kernels before 4.x printed an exclusive end: [a-b). */
	if (close == ')')
		pages = (end - start) >> EFI_PAGE_SHIFT_LINUX;
	else if (close == ']')
		pages = (end - start + 1) >> EFI_PAGE_SHIFT_LINUX;
	else {
		warn_line(log, name, lineno, "efi: mem line with a bad range", line);
		return 0;
	}
	if (sscanf(p, " (%" SCNu64 "MB)", &mb) == 1 && mb != pages >> 8)
		fprintf(stderr, "%s:%lu: warning: %" PRIu64 "MB does not match the range (%" PRIu64 " pages)\n", name,
			lineno, mb, pages);

	if (log->map_source == MAP_NONE) {
		log->map_source = MAP_EFI_DEBUG;
		log->map.desc_size = DEFAULT_DESC_SIZE;
		log->map.desc_version = 1;
	}
	md = new_desc(log);
	if (!md)
		return -1;
	md->type = type;
	md->phys_addr = start;
	md->num_pages = pages;
	md->attribute = attr;
	return 0;
}

/* efimm's header: "EFI memory map: N descriptors, descriptor size S, version V" */
static void parse_table_header(struct replay_log *log, const char *p)
{
	unsigned long n, size, version;

	if (sscanf(p, "EFI memory map: %lu descriptors, descriptor size %lu, version %lu", &n, &size, &version) != 3)
		return;
	/* The table replaces efi=debug lines seen so far: it is the more faithful source. */
	free(log->map.map);
	log->map = (struct efi_memory_map){ .desc_size = size, .desc_version = version };
	log->cap_map = 0;
	log->table_expected = n;
	log->map_source = MAP_EFIMM_TABLE;
	/* efimm printed no rows for a stride below a descriptor; keep the map so the check refuses it the same way. */
	if (size < sizeof(efi_memory_desc_t) && n) {
		log->map.map = calloc(n, sizeof(efi_memory_desc_t));
		log->map.nr_map = log->map.map ? n : 0;
		log->table_expected = 0;
	}
}

/* Where a table row starts: after leading blanks and any "[ time] " prefix. */
static char *table_row_start(char *line)
{
	char *p = skip_spaces(line), *close;

	if (*p == '[' && (close = strchr(p, ']')))
		p = skip_spaces(close + 1);
	return p;
}

/* One row of efimm's table: "TYPE START-END PAGES ATTR" (hex). */
static int parse_table_row(struct replay_log *log, char *p)
{
	char tname[32];
	u64 start, end, pages, attr;
	int type;
	efi_memory_desc_t *md;

	if (sscanf(p, "%31s %" SCNx64 "-%" SCNx64 " %" SCNx64 " %" SCNx64, tname, &start, &end, &pages, &attr) != 5)
		return 0;
	type = efi_type_from_name(tname);
	if (type < 0) {
		unsigned int t;
		int used = 0;

		if (sscanf(tname, "0x%8X%n", &t, &used) != 1 || tname[used])
			return 0;
		type = (int)t;
	}
	md = new_desc(log);
	if (!md)
		return -1;
	md->type = (u32)type;
	md->phys_addr = start;
	md->num_pages = pages;
	md->attribute = attr;
	return 1;
}

static int add_srat(struct replay_log *log, const struct replay_srat_mem *m)
{
	if (log->nr_srat == log->cap_srat) {
		unsigned int cap = log->cap_srat ? 2 * log->cap_srat : 16;
		struct replay_srat_mem *n = realloc(log->srat, cap * sizeof(*n));

		if (!n)
			return -1;
		log->srat = n;
		log->cap_srat = cap;
	}
	log->srat[log->nr_srat++] = *m;
	return 0;
}

/* "SRAT: Node N PXM P [mem A-B][ hotplug][ non-volatile]": one memory affinity entry. */
static int parse_srat_line(struct replay_log *log, const char *p)
{
	struct replay_srat_mem m = { 0 };
	unsigned long long a, b;
	int used = 0;

	if (sscanf(p, "SRAT: Node %u PXM %u [mem %llx-%llx]%n", &m.node, &m.pxm, &a, &b, &used) != 4 || !used)
		return 0;
	m.start = a;
	m.end = b;
	m.hotplug = strstr(p + used, " hotplug") != NULL;
	m.nonvolatile = strstr(p + used, " non-volatile") != NULL;
	return add_srat(log, &m) < 0 ? -1 : 1;
}

int replay_log_parse(FILE *f, const char *name, struct replay_log *log)
{
	char *line = NULL;
	size_t size = 0;
	unsigned long lineno = 0;
	bool e820_done = false, efi_done = false;
	int ret = 0;

	memset(log, 0, sizeof(*log));
	while (getline(&line, &size, f) >= 0) {
		char *p;

		lineno++;
		trim_right(line);
		if (log->map_source == MAP_EFIMM_TABLE && log->map.nr_map < log->table_expected) {
			int r = parse_table_row(log, table_row_start(line));

			if (r < 0) {
				ret = -1;
				break;
			}
			if (r)
				continue;
		}
		if ((p = strstr(line, "EFI memory map: ")) && strstr(p, " descriptors, descriptor size ")) {
			/* The first efimm table wins, as the first BIOS-e820 table does. */
			if (log->map_source != MAP_EFIMM_TABLE)
				parse_table_header(log, p);
			continue;
		}
		if (strstr(line, "BIOS-provided physical RAM map") && log->nr_e820)
			e820_done = true; /* a second boot in the same file */
		if ((p = strstr(line, "BIOS-e820:")) && !e820_done) {
			if (parse_e820_line(log, p, name, lineno, line) < 0) {
				ret = -1;
				break;
			}
			continue;
		}
		/* kmem_cache_init's banner: the CPUs SLUB sized its caches for (the log has no MADT). */
		if (!log->slub_cpus && (p = strstr(line, "SLUB: HWalign=")) && !e820_done) {
			unsigned int cpus;

			if (sscanf(p, "SLUB: HWalign=%*u, Order=%*u-%*u, MinObjects=%*u, CPUs=%u", &cpus) == 1 && cpus &&
			    cpus <= 65536)
				log->slub_cpus = cpus;
			continue;
		}
		if ((p = strstr(line, "SRAT: Node ")) && !e820_done) {
			if (parse_srat_line(log, p) < 0) {
				ret = -1;
				break;
			}
			continue;
		}
		if (strstr(line, "efi: EFI runtime memory map:") && log->map.nr_map)
			efi_done = true;
		if ((p = strstr(line, "efi: mem")) && isdigit((unsigned char)p[8]) && !efi_done &&
		    log->map_source != MAP_EFIMM_TABLE) {
			int r = parse_efi_line(log, p, name, lineno, line);

			if (r < 0) {
				ret = -1;
				break;
			}
			if (r > 0)
				efi_done = true;
		}
	}
	if (ret == 0 && ferror(f))
		ret = -1;
	if (log->map_source == MAP_EFIMM_TABLE && log->map.nr_map < log->table_expected)
		fprintf(stderr, "%s: efimm table announced %lu descriptors, %lu found\n", name, log->table_expected,
			log->map.nr_map);
	free(line);
	return ret;
}

void replay_log_free(struct replay_log *log)
{
	free(log->e820);
	free(log->map.map);
	free(log->srat);
	free(log->slit);
	free(log->report_cmdline);
	memset(log, 0, sizeof(*log));
}

/* A JSON number that is a whole number in [0, max], or -1. */
static long jv_uint(const struct jv *v, long max)
{
	if (!v || v->kind != JV_NUMBER || !(v->number >= 0 && v->number <= (double)max) ||
	    v->number != (double)(long)v->number) /* NaN fails the range test */
		return -1;
	return (long)v->number;
}

/*
 * The report's numa section as SRAT lines would give it: each numa_meminfo
 * block becomes a memory affinity entry of PXM = node (srat.c numbers the
 * nodes by their first CPU entry, in node order, so the nodes come back with
 * their numbers), and the distance matrix a SLIT over those PXMs. The blocks
 * are numa_meminfo after numa_cleanup_meminfo, which reads them back
 * unchanged. One node is left to the dummy node as efimm's run had it (a
 * one-node SRAT gives the same ranges), and after numa=fake the blocks are
 * the emulated nodes, which the command line's numa=fake would split again:
 * those runs replay without the section, as before.
 */
static int report_numa(const struct jv *numa, const char *cmdline, const char *name, struct replay_log *log)
{
	const struct jv *blks = jv_get(numa, "memblks"), *nodes = jv_get(numa, "nodes");
	unsigned int max_nid = 0;
	bool several = false;

	if (!blks || blks->kind != JV_ARRAY || !blks->n)
		return 0;
	if (cmdline && strstr(cmdline, "numa=fake")) {
		fprintf(stderr, "efimm-replay: %s: numa=fake run: the report's nodes are the emulated ones; NUMA from the command line\n", name);
		return 0;
	}
	for (size_t i = 0; i < blks->n; i++) {
		const struct jv *b = blks->items[i];
		long nid = jv_uint(jv_get(b, "nid"), MAX_NUMNODES - 1);
		const char *start = jv_str(b, "start"), *end = jv_str(b, "end");
		struct replay_srat_mem m = { 0 };

		if (nid < 0 || !start || !end) {
			fprintf(stderr, "efimm-replay: %s: numa.memblks[%zu]: want nid 0-%d, start and end; section ignored\n",
				name, i, MAX_NUMNODES - 1);
			log->nr_srat = 0;
			return 0;
		}
		m.node = m.pxm = (u32)nid;
		m.start = strtoull(start, NULL, 16);
		m.end = strtoull(end, NULL, 16);
		if (m.end < m.start) {
			fprintf(stderr, "efimm-replay: %s: numa.memblks[%zu]: end %s below start %s; section ignored\n", name,
				i, end, start);
			log->nr_srat = 0;
			return 0;
		}
		several |= i && m.node != log->srat[0].node;
		max_nid = m.node > max_nid ? m.node : max_nid;
		if (add_srat(log, &m) < 0)
			return -1;
	}
	if (!several) {
		log->nr_srat = 0;
		return 0;
	}
	/* The distances: row i of nodes[] is node nid_i to every listed node, in the listed order. */
	if (!nodes || nodes->kind != JV_ARRAY || !nodes->n)
		return 0;
	log->slit_nodes = max_nid + 1;
	log->slit = malloc((size_t)log->slit_nodes * log->slit_nodes);
	if (!log->slit)
		return -1;
	for (unsigned int i = 0; i < log->slit_nodes; i++)
		for (unsigned int k = 0; k < log->slit_nodes; k++)
			log->slit[i * log->slit_nodes + k] = i == k ? 10 : 20; /* nodes the matrix leaves out */
	for (size_t i = 0; i < nodes->n; i++) {
		const struct jv *row = jv_get(nodes->items[i], "distance");
		long from = jv_uint(jv_get(nodes->items[i], "nid"), max_nid);

		if (from < 0 || !row || row->kind != JV_ARRAY || row->n != nodes->n) {
			fprintf(stderr, "efimm-replay: %s: numa.nodes[%zu]: want a nid of a block and %zu distances; distances ignored\n",
				name, i, nodes->n);
			free(log->slit);
			log->slit = NULL;
			log->slit_nodes = 0;
			return 0;
		}
		for (size_t k = 0; k < row->n; k++) {
			long to = jv_uint(jv_get(nodes->items[k], "nid"), max_nid), d = jv_uint(row->items[k], 255);

			if (to < 0 || d < 0) {
				fprintf(stderr, "efimm-replay: %s: numa.nodes[%zu].distance[%zu]: want 0-255 to a listed node; distances ignored\n",
					name, i, k);
				free(log->slit);
				log->slit = NULL;
				log->slit_nodes = 0;
				return 0;
			}
			log->slit[from * log->slit_nodes + to] = (u8)d;
		}
	}
	/* Linux's defaults without a SLIT (10 local, 20 remote): no table, as QEMU without -numa dist gives none. */
	for (unsigned int i = 0; i < log->slit_nodes * log->slit_nodes; i++)
		if (log->slit[i] != (i / log->slit_nodes == i % log->slit_nodes ? 10 : 20))
			return 0;
	free(log->slit);
	log->slit = NULL;
	log->slit_nodes = 0;
	return 0;
}

/*
 * An efimm report (docs/report.schema.json): the firmware map it started
 * from, the firmware's E820 table, the command line efimm ran with and the
 * NUMA layout (report_numa).
 */
int replay_log_from_report(const char *text, size_t len, const char *name, struct replay_log *log)
{
	const struct jv *map, *descs, *e820;
	const char *cmdline;
	size_t err = 0;
	struct jv *r = jv_parse(text, len, &err);

	memset(log, 0, sizeof(*log));
	if (!r) {
		fprintf(stderr, "efimm-replay: %s: not valid JSON (at byte %zu)\n", name, err);
		return -1;
	}
	cmdline = jv_str(r, "command_line");
	if (cmdline)
		log->report_cmdline = strdup(cmdline);
	map = jv_get(r, "efi_memory_map");
	descs = jv_get(map, "descriptors");
	if (descs && descs->kind == JV_ARRAY) {
		const struct jv *size = jv_get(map, "descriptor_size"), *version = jv_get(map, "descriptor_version");

		log->map.desc_size = size && size->kind == JV_NUMBER ? (unsigned long)size->number : sizeof(efi_memory_desc_t);
		log->map.desc_version = version && version->kind == JV_NUMBER ? (unsigned long)version->number : 1;
		/* new_desc writes whole descriptors: a short stride is the check's to report, not ours to overrun. */
		if (log->map.desc_size < sizeof(efi_memory_desc_t))
			log->map.desc_size = sizeof(efi_memory_desc_t);
		log->map_source = MAP_EFIMM_TABLE;
		for (size_t i = 0; i < descs->n; i++) {
			const struct jv *d = descs->items[i], *type = jv_get(d, "type");
			const char *start = jv_str(d, "start"), *pages = jv_str(d, "pages"), *attr = jv_str(d, "attribute");
			efi_memory_desc_t *md;

			if (!type || type->kind != JV_NUMBER || !start || !pages || !attr) {
				fprintf(stderr, "efimm-replay: %s: descriptor %zu is incomplete\n", name, i);
				log->bad_lines++;
				continue;
			}
			md = new_desc(log);
			if (!md) {
				jv_free(r);
				return -1;
			}
			md->type = (u32)type->number;
			md->phys_addr = strtoull(start, NULL, 16);
			md->num_pages = strtoull(pages, NULL, 16);
			md->attribute = strtoull(attr, NULL, 16);
		}
	}
	if (report_numa(jv_get(r, "numa"), cmdline, name, log) < 0) {
		jv_free(r);
		return -1;
	}
	e820 = jv_get(r, "e820_firmware");
	for (size_t i = 0; e820 && e820->kind == JV_ARRAY && i < e820->n; i++) {
		const struct jv *e = e820->items[i], *type = jv_get(e, "type");
		const char *start = jv_str(e, "start"), *end = jv_str(e, "end");

		if (type && start && end && add_e820(log, strtoull(start, NULL, 16), strtoull(end, NULL, 16),
						     (u32)type->number) < 0) {
			jv_free(r);
			return -1;
		}
	}
	jv_free(r);
	return 0;
}
