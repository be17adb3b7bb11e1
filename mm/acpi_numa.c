/*
 * ACPI NUMA (drivers/acpi/numa/srat.c, arch/x86/mm/srat.c): the firmware's
 * SRAT says which proximity domain (PXM) each CPU and memory range belongs
 * to, and its SLIT gives the distances between domains. PXMs become node
 * ids in the order they are first seen (CPU entries, then memory entries),
 * memory ranges go to numa_meminfo, CPUs to the APIC-id-to-node map.
 *
 * Linux trusts ACPICA to have checked the tables; efimm gets raw bytes from
 * the platform, so it checks signature, length, checksum and every subtable
 * boundary first, and ignores a bad table with a line saying why (for SRAT
 * that means the single fake node, as Linux's bad_srat).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/memblock.h>
#include <linux/numa_memblks.h>
#include <acpi/acpi_numa.h>
#include <efimm/platform.h>
#include <efimm/numa.h>

#define MAX_PXM_DOMAINS MAX_NUMNODES /* Linux: MAX_NUMNODES when that exceeds 256 */

static int pxm_to_node_map[MAX_PXM_DOMAINS];
static int node_to_pxm_map[MAX_NUMNODES];
static nodemask_t nodes_found_map;
static bool acpi_numa_disabled; /* Linux's acpi_numa < 0: bad_srat() was called */
bool acpi_numa_noacpi;          /* numa=noacpi */
static u8 acpi_srat_revision;
static int parsed_numa_memblks;
s16 __apicid_to_node[MAX_LOCAL_APIC];

static u32 get_le(const u8 *p, int n)
{
	u32 v = 0;

	for (int i = n - 1; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static u64 get_le64(const u8 *p)
{
	return (u64)get_le(p, 4) | ((u64)get_le(p + 4, 4) << 32);
}

u8 acpi_tb_checksum(const void *buf, size_t len)
{
	const u8 *p = buf;
	u8 sum = 0;

	while (len--)
		sum = (u8)(sum + *p++);
	return sum;
}

void set_apicid_to_node(int apicid, s16 node)
{
	if (apicid >= 0 && apicid < MAX_LOCAL_APIC)
		__apicid_to_node[apicid] = node;
}

int numa_apicid_to_node(int apicid)
{
	return apicid >= 0 && apicid < MAX_LOCAL_APIC ? __apicid_to_node[apicid] : NUMA_NO_NODE;
}

/* The PXM a node was mapped from (node_to_pxm), or -1. */
int node_to_pxm(int node)
{
	return node >= 0 && node < MAX_NUMNODES ? node_to_pxm_map[node] : -1;
}

int pxm_to_node(int pxm)
{
	if (pxm < 0 || pxm >= MAX_PXM_DOMAINS || numa_off)
		return NUMA_NO_NODE;
	return pxm_to_node_map[pxm];
}

/* acpi_map_pxm_to_node: a PXM seen for the first time gets the lowest unused node id. */
int acpi_map_pxm_to_node(int pxm)
{
	int node;

	if (pxm < 0 || pxm >= MAX_PXM_DOMAINS || numa_off)
		return NUMA_NO_NODE;
	node = pxm_to_node_map[pxm];
	if (node == NUMA_NO_NODE) {
		node = first_unset_node(&nodes_found_map);
		if (node >= MAX_NUMNODES)
			return NUMA_NO_NODE;
		pxm_to_node_map[pxm] = node;
		node_to_pxm_map[node] = pxm;
		node_set(node, &nodes_found_map);
	}
	return node;
}

/* Forget every mapping (Linux's maps start this way at boot; tests run many boots). */
void acpi_numa_reset(void)
{
	for (int i = 0; i < MAX_PXM_DOMAINS; i++)
		pxm_to_node_map[i] = NUMA_NO_NODE;
	for (int i = 0; i < MAX_NUMNODES; i++)
		node_to_pxm_map[i] = -1;
	for (int i = 0; i < MAX_LOCAL_APIC; i++)
		__apicid_to_node[i] = NUMA_NO_NODE;
	nodes_clear(&nodes_found_map);
	acpi_numa_disabled = false;
	acpi_srat_revision = 0;
	parsed_numa_memblks = 0;
}

static bool srat_disabled(void)
{
	return acpi_numa_disabled;
}

static void bad_srat(void)
{
	pr_err("ACPI: SRAT: SRAT not used.\n");
	acpi_numa_disabled = true;
}

/*
 * The table the platform has under sig, checked: NULL (after a line naming
 * the table and the fault) unless its length and checksum are good.
 */
static const u8 *acpi_get_checked_table(const char *sig, size_t min_len, u32 *out_len)
{
	size_t avail;
	const u8 *t = platform_acpi_table(sig, &avail);
	u32 len;
	u8 sum;

	if (!t)
		return NULL;
	if (avail < ACPI_TABLE_HEADER_SIZE) {
		pr_warn("ACPI: %.4s: only %zu bytes, shorter than a table header; table ignored\n", sig, avail);
		return NULL;
	}
	if (memcmp(t, sig, 4)) {
		pr_warn("ACPI: %.4s: signature is '%.4s'; table ignored\n", sig, (const char *)t);
		return NULL;
	}
	len = get_le(t + ACPI_HDR_LENGTH, 4);
	if (len < min_len || len > avail) {
		pr_warn("ACPI: %.4s: length %u is %s (%s %zu bytes); table ignored\n", sig, len,
			len < min_len ? "too short" : "past the table's end",
			len < min_len ? "needs at least" : "only", len < min_len ? min_len : avail);
		return NULL;
	}
	sum = acpi_tb_checksum(t, len);
	if (sum) {
		pr_warn("ACPI: %.4s: bad checksum (bytes sum to 0x%02x, not 0, checksum field 0x%02x); table ignored\n",
			sig, sum, t[ACPI_HDR_CHECKSUM]);
		return NULL;
	}
	*out_len = len;
	return t;
}

/*
 * Every subtable must have a length of at least 2 and end inside the table
 * (Linux stops at a zero length and trusts the rest).
 */
static bool srat_entries_ok(const u8 *t, u32 len)
{
	u32 off = ACPI_SRAT_HEADER_SIZE;

	while (off + 2 <= len) {
		u8 type = t[off], elen = t[off + 1];

		if (elen < 2) {
			pr_warn("ACPI: SRAT: entry at offset %#x (type %u) has length %u; table ignored\n", off, type,
				elen);
			return false;
		}
		if (off + elen > len) {
			pr_warn("ACPI: SRAT: entry at offset %#x (type %u, %u bytes) runs past the table's end (%u bytes); table ignored\n",
				off, type, elen, len);
			return false;
		}
		off += elen;
	}
	if (off != len) {
		pr_warn("ACPI: SRAT: %u stray bytes after the last entry; table ignored\n", len - off);
		return false;
	}
	return true;
}

/* acpi_numa_processor_affinity_init (x86): a local APIC's PXM. */
static void srat_processor_affinity(const u8 *e)
{
	int pxm, node, apic_id;

	if (srat_disabled())
		return;
	if (e[1] != ACPI_SRAT_CPU_SIZE) {
		bad_srat();
		return;
	}
	if (!(get_le(e + ACPI_SRAT_CPU_FLAGS, 4) & ACPI_SRAT_CPU_ENABLED))
		return;
	pxm = e[ACPI_SRAT_CPU_PXM_LO];
	if (acpi_srat_revision >= 2)
		pxm |= (int)(get_le(e + ACPI_SRAT_CPU_PXM_HI, 3) << 8);
	node = acpi_map_pxm_to_node(pxm);
	if (node < 0) {
		printk(KERN_ERR "SRAT: Too many proximity domains %x\n", pxm);
		bad_srat();
		return;
	}
	apic_id = e[ACPI_SRAT_CPU_APIC_ID];
	set_apicid_to_node(apic_id, (s16)node);
	node_set(node, &numa_nodes_parsed);
	/* pr_debug in Linux: shown only with dynamic debug, which is not on this early. */
	printk(KERN_DEBUG "SRAT: PXM %u -> APIC 0x%02x -> Node %u\n", pxm, apic_id, node);
}

/* acpi_numa_x2apic_affinity_init (x86): an x2APIC's PXM. */
static void srat_x2apic_affinity(const u8 *e)
{
	int pxm, node;
	u32 apic_id;

	if (srat_disabled())
		return;
	if (e[1] < ACPI_SRAT_X2APIC_SIZE) {
		bad_srat();
		return;
	}
	if (!(get_le(e + ACPI_SRAT_X2APIC_FLAGS, 4) & ACPI_SRAT_CPU_ENABLED))
		return;
	pxm = (int)get_le(e + ACPI_SRAT_X2APIC_PXM, 4);
	apic_id = get_le(e + ACPI_SRAT_X2APIC_APIC_ID, 4);
	/* apic_id_valid: x2APIC ids up to 0xfffffffe; 0xffffffff means none. */
	if (apic_id == 0xffffffffu) {
		pr_info("SRAT: PXM %u -> X2APIC 0x%04x ignored\n", pxm, apic_id);
		return;
	}
	node = acpi_map_pxm_to_node(pxm);
	if (node < 0) {
		printk(KERN_ERR "SRAT: Too many proximity domains %x\n", pxm);
		bad_srat();
		return;
	}
	if (apic_id >= MAX_LOCAL_APIC) {
		printk(KERN_INFO "SRAT: PXM %u -> APIC 0x%04x -> Node %u skipped apicid that is too big\n", pxm,
		       apic_id, node);
		return;
	}
	set_apicid_to_node((int)apic_id, (s16)node);
	node_set(node, &numa_nodes_parsed);
	printk(KERN_DEBUG "SRAT: PXM %u -> APIC 0x%04x -> Node %u\n", pxm, apic_id, node);
}

/* acpi_parse_memory_affinity: a memory range's PXM (hotplug: Debian has MEMORY_HOTPLUG). */
static void srat_memory_affinity(const u8 *e)
{
	u64 start, end, length;
	u32 flags;
	int node, pxm;
	bool hotpluggable;

	if (srat_disabled())
		return;
	if (e[1] < ACPI_SRAT_MEM_SIZE) {
		pr_err("ACPI: SRAT: Unexpected header length: %d\n", e[1]);
		bad_srat();
		return;
	}
	flags = get_le(e + ACPI_SRAT_MEM_FLAGS, 4);
	if (!(flags & ACPI_SRAT_MEM_ENABLED))
		return;
	hotpluggable = flags & ACPI_SRAT_MEM_HOT_PLUGGABLE;
	start = get_le64(e + ACPI_SRAT_MEM_BASE);
	length = get_le64(e + ACPI_SRAT_MEM_LENGTH);
	end = start + length;
	pxm = (int)get_le(e + ACPI_SRAT_MEM_PXM, 4);
	if (acpi_srat_revision <= 1)
		pxm &= 0xff;
	node = acpi_map_pxm_to_node(pxm);
	if (node == NUMA_NO_NODE) {
		pr_err("ACPI: SRAT: Too many proximity domains.\n");
		bad_srat();
		return;
	}
	if (numa_add_memblk(node, start, end) < 0) {
		pr_err("ACPI: SRAT: Failed to add memblk to node %u [mem %#010llx-%#010llx]\n", node,
		       (unsigned long long)start, (unsigned long long)(end - 1));
		bad_srat();
		return;
	}
	node_set(node, &numa_nodes_parsed);
	pr_info("ACPI: SRAT: Node %u PXM %u [mem %#010llx-%#010llx]%s%s\n", node, pxm, (unsigned long long)start,
		(unsigned long long)(end - 1), hotpluggable ? " hotplug" : "",
		flags & ACPI_SRAT_MEM_NON_VOLATILE ? " non-volatile" : "");
	if (hotpluggable && memblock_mark_hotplug(start, length))
		pr_warn("ACPI: SRAT: Failed to mark hotplug range [mem %#010llx-%#010llx] in memblock\n",
			(unsigned long long)start, (unsigned long long)(end - 1));
	parsed_numa_memblks++;
}

/*
 * The two passes of acpi_numa_init: processor entries (and the other
 * initiator types, which x86 does not act on) in table order, then memory.
 */
static void acpi_parse_srat(const u8 *t, u32 len)
{
	u32 off;

	acpi_srat_revision = t[ACPI_HDR_REVISION];
	for (off = ACPI_SRAT_HEADER_SIZE; off < len; off += t[off + 1]) {
		if (t[off] == ACPI_SRAT_TYPE_CPU_AFFINITY)
			srat_processor_affinity(t + off);
		else if (t[off] == ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY)
			srat_x2apic_affinity(t + off);
	}
	for (off = ACPI_SRAT_HEADER_SIZE; off < len; off += t[off + 1])
		if (t[off] == ACPI_SRAT_TYPE_MEMORY_AFFINITY)
			srat_memory_affinity(t + off);
}

/* slit_valid: 10 on the diagonal, more than 10 elsewhere. */
static bool slit_valid(const u8 *entry, u64 d)
{
	for (u64 i = 0; i < d; i++)
		for (u64 j = 0; j < d; j++) {
			u8 val = entry[d * i + j];

			if (i == j ? val != LOCAL_DISTANCE : val <= LOCAL_DISTANCE)
				return false;
		}
	return true;
}

static void acpi_parse_slit(const u8 *t, u32 len)
{
	u64 d = get_le64(t + ACPI_SLIT_COUNT);
	const u8 *entry = t + ACPI_SLIT_HEADER_SIZE;

	/* A count whose square does not fit the table would read past it. */
	if (d > 0xffff || ACPI_SLIT_HEADER_SIZE + d * d > len) {
		pr_warn("ACPI: SLIT: %llu localities need %llu bytes, the table has %u; table ignored\n",
			(unsigned long long)d, (unsigned long long)(ACPI_SLIT_HEADER_SIZE + d * d), len);
		return;
	}
	if (!slit_valid(entry, d)) {
		pr_info("ACPI: SLIT table looks invalid. Not used.\n");
		return;
	}
	for (u64 i = 0; i < d; i++) {
		int from = pxm_to_node((int)i);

		if (from == NUMA_NO_NODE)
			continue;
		for (u64 j = 0; j < d; j++) {
			int to = pxm_to_node((int)j);

			if (to != NUMA_NO_NODE)
				numa_set_distance(from, to, entry[d * i + j]);
		}
	}
}

/* acpi_numa_init + x86_acpi_numa_init: 0 when SRAT gave usable memory ranges. */
int x86_acpi_numa_init(void)
{
	const u8 *t;
	u32 len;

	if (acpi_numa_noacpi)
		return -1;
	acpi_numa_reset();
	t = acpi_get_checked_table(ACPI_SIG_SRAT, ACPI_SRAT_HEADER_SIZE, &len);
	if (t && srat_entries_ok(t, len))
		acpi_parse_srat(t, len);
	t = acpi_get_checked_table(ACPI_SIG_SLIT, ACPI_SLIT_HEADER_SIZE, &len);
	if (t)
		acpi_parse_slit(t, len);
	if (!parsed_numa_memblks)
		return -1;
	return srat_disabled() ? -1 : 0;
}
