/*
 * SRAT/SLIT parsing and NUMA registration (mm/acpi_numa.c, mm/numa_memblks.c,
 * mm/numa.c, mm/numa_emulation.c) on hand-built ACPI tables. The expected
 * lines and node assignments are worked out from Linux 6.12's rules:
 * acpi_map_pxm_to_node numbers PXMs in first-seen order, processor entries
 * are parsed before memory entries, numa_cleanup_meminfo merges blocks of
 * one node, and only nodes with memory go online.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/numa_memblks.h>
#include <linux/mmzone.h>
#include <acpi/acpi_numa.h>
#include <efimm/host.h>
#include <efimm/setup.h>
#include <efimm/numa.h>
#include <efimm/cmdline.h>

static char cap[16384];
static u8 srat[1024], slit[256];
static size_t srat_len, slit_len;

static void put(u8 *p, u64 v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (u8)(v >> (8 * i));
}

static void table_begin(u8 *t, size_t *len, const char *sig, size_t hdr, u8 revision)
{
	memset(t, 0, 256);
	memcpy(t, sig, 4);
	t[ACPI_HDR_REVISION] = revision;
	memcpy(t + 10, "EFIMMT", 6);
	*len = hdr;
	if (hdr == ACPI_SRAT_HEADER_SIZE)
		put(t + 36, 1, 4); /* table_revision: reserved, 1 */
}

/* The length field and the checksum byte that makes the sum 0. */
static void table_end(u8 *t, size_t len)
{
	put(t + ACPI_HDR_LENGTH, len, 4);
	t[ACPI_HDR_CHECKSUM] = 0;
	t[ACPI_HDR_CHECKSUM] = (u8)(0x100 - acpi_tb_checksum(t, len));
}

static void srat_cpu(u32 pxm, u8 apic, u32 flags)
{
	u8 *e = srat + srat_len;

	memset(e, 0, ACPI_SRAT_CPU_SIZE);
	e[0] = ACPI_SRAT_TYPE_CPU_AFFINITY;
	e[1] = ACPI_SRAT_CPU_SIZE;
	e[ACPI_SRAT_CPU_PXM_LO] = (u8)pxm;
	e[ACPI_SRAT_CPU_APIC_ID] = apic;
	put(e + ACPI_SRAT_CPU_FLAGS, flags, 4);
	put(e + ACPI_SRAT_CPU_PXM_HI, pxm >> 8, 3);
	srat_len += ACPI_SRAT_CPU_SIZE;
}

static void srat_x2apic(u32 pxm, u32 apic, u32 flags)
{
	u8 *e = srat + srat_len;

	memset(e, 0, ACPI_SRAT_X2APIC_SIZE);
	e[0] = ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY;
	e[1] = ACPI_SRAT_X2APIC_SIZE;
	put(e + ACPI_SRAT_X2APIC_PXM, pxm, 4);
	put(e + ACPI_SRAT_X2APIC_APIC_ID, apic, 4);
	put(e + ACPI_SRAT_X2APIC_FLAGS, flags, 4);
	srat_len += ACPI_SRAT_X2APIC_SIZE;
}

static void srat_mem(u32 pxm, u64 base, u64 len, u32 flags)
{
	u8 *e = srat + srat_len;

	memset(e, 0, ACPI_SRAT_MEM_SIZE);
	e[0] = ACPI_SRAT_TYPE_MEMORY_AFFINITY;
	e[1] = ACPI_SRAT_MEM_SIZE;
	put(e + ACPI_SRAT_MEM_PXM, pxm, 4);
	put(e + ACPI_SRAT_MEM_BASE, base, 8);
	put(e + ACPI_SRAT_MEM_LENGTH, len, 8);
	put(e + ACPI_SRAT_MEM_FLAGS, flags, 4);
	srat_len += ACPI_SRAT_MEM_SIZE;
}

/* An entry of another type (GIC ITS, or one no spec defines yet): skipped. */
static void srat_other(u8 type, u8 len)
{
	memset(srat + srat_len, 0xa5, len);
	srat[srat_len] = type;
	srat[srat_len + 1] = len;
	srat_len += len;
}

static void slit_make(int n, const u8 *d)
{
	table_begin(slit, &slit_len, "SLIT", ACPI_SLIT_HEADER_SIZE, 1);
	put(slit + ACPI_SLIT_COUNT, (u64)n, 8);
	memcpy(slit + ACPI_SLIT_HEADER_SIZE, d, (size_t)(n * n));
	slit_len += (size_t)(n * n);
	table_end(slit, slit_len);
}

#define EN ACPI_SRAT_CPU_ENABLED
#define MEN ACPI_SRAT_MEM_ENABLED
#define HP ACPI_SRAT_MEM_HOT_PLUGGABLE
#define NV ACPI_SRAT_MEM_NON_VOLATILE
#define G (1ULL << 30)

/* RAM as QEMU's q35 gives it, below 2 GiB and from 4 GiB up to end. */
static void ram(u64 end)
{
	memblock_reset();
	memblock_add(0x1000, 0x9f000);
	memblock_add(0x100000, 2 * G - 0x100000);
	if (end > 4 * G)
		memblock_add(4 * G, end - 4 * G);
	max_pfn = (unsigned long)((end > 4 * G ? end : 2 * G) >> PAGE_SHIFT);
}

static int setup(void **state)
{
	memblock_debug = 0;
	numa_off = false;
	acpi_numa_noacpi = false;
	numa_emu_cmdline(NULL);
	host_acpi_clear();
	srat_len = slit_len = 0;
	return 0;
}

/* Run x86_numa_init; the capture without the NODE_DATA lines (their addresses are memblock's choice). */
static const char *run(int *nr_node_data)
{
	static char out[sizeof(cap)];
	char *o = out;
	const char *p = cap;

	if (srat_len)
		host_acpi_register("SRAT", srat, srat_len);
	if (slit_len)
		host_acpi_register("SLIT", slit, slit_len);
	host_capture_start(cap, sizeof(cap));
	x86_numa_init();
	host_capture_stop();
	*nr_node_data = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);

		if (!strncmp(p, "NODE_DATA(", 10))
			++*nr_node_data;
		else {
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	*o = '\0';
	assert_int_equal(memblock_validate(), 0);
	return out;
}

static void check_region(unsigned long i, u64 base, u64 size, int nid, unsigned int flags)
{
	assert_true(i < memblock.memory.cnt);
	assert_int_equal(memblock.memory.regions[i].base, base);
	assert_int_equal(memblock.memory.regions[i].size, size);
	assert_int_equal(memblock.memory.regions[i].nid, nid);
	assert_int_equal(memblock.memory.regions[i].flags, flags);
}

/* Two nodes as QEMU describes 2G + 2G: node 0's two blocks merge over the 640K-1M hole. */
static void test_two_nodes(void **state)
{
	int nd;

	ram(6 * G);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 1);
	srat_cpu(0, 0, EN);
	srat_cpu(1, 1, EN);
	srat_mem(0, 0, 0xa0000, MEN);
	srat_mem(0, 0x100000, 2 * G - 0x100000, MEN);
	srat_mem(1, 4 * G, 2 * G, MEN);
	table_end(srat, srat_len);
	assert_string_equal(run(&nd), "SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"
				      "SRAT: PXM 1 -> APIC 0x01 -> Node 1\n"
				      "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n"
				      "ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x7fffffff]\n"
				      "ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff]\n"
				      "NUMA: Node 0 [mem 0x00001000-0x0009ffff] + [mem 0x00100000-0x7fffffff] -> [mem 0x00001000-0x7fffffff]\n");
	assert_int_equal(nd, 2);
	assert_int_equal(memblock.memory.cnt, 3);
	check_region(0, 0x1000, 0x9f000, 0, 0);
	check_region(1, 0x100000, 2 * G - 0x100000, 0, 0);
	check_region(2, 4 * G, 2 * G, 1, 0);
	assert_int_equal(nodes_weight(&node_possible_map), 2);
	assert_true(node_online(0) && node_online(1));
	assert_int_equal(nr_node_ids, 2);
	assert_int_equal(node_distance(0, 1), REMOTE_DISTANCE);
	assert_int_equal(node_distance(1, 1), LOCAL_DISTANCE);
	assert_int_equal(numa_apicid_to_node(1), 1);
	assert_int_equal(numa_apicid_to_node(2), NUMA_NO_NODE);
	assert_false(numa_node_memoryless(0));
}

/* Four nodes, the last with a CPU and no memory, and a SLIT. */
static void test_four_nodes_memoryless(void **state)
{
	static const u8 d[16] = { 10, 21, 31, 41, 21, 10, 21, 31, 31, 21, 10, 21, 41, 31, 21, 10 };
	int nd;

	ram(6 * G);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 1);
	for (u32 i = 0; i < 4; i++)
		srat_cpu(i, (u8)i, EN);
	srat_mem(0, 0, 0xa0000, MEN);
	srat_mem(0, 0x100000, G - 0x100000, MEN);
	srat_mem(1, G, G, MEN);
	srat_mem(2, 4 * G, 2 * G, MEN);
	table_end(srat, srat_len);
	slit_make(4, d);
	assert_string_equal(run(&nd), "SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"
				      "SRAT: PXM 1 -> APIC 0x01 -> Node 1\n"
				      "SRAT: PXM 2 -> APIC 0x02 -> Node 2\n"
				      "SRAT: PXM 3 -> APIC 0x03 -> Node 3\n"
				      "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]\n"
				      "ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]\n"
				      "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x7fffffff]\n"
				      "ACPI: SRAT: Node 2 PXM 2 [mem 0x100000000-0x17fffffff]\n"
				      "NUMA: Initialized distance table, cnt=4\n"
				      "NUMA: Node 0 [mem 0x00001000-0x0009ffff] + [mem 0x00100000-0x3fffffff] -> [mem 0x00001000-0x3fffffff]\n");
	assert_int_equal(nd, 3);
	assert_int_equal(memblock.memory.cnt, 4);
	check_region(0, 0x1000, 0x9f000, 0, 0);
	check_region(1, 0x100000, G - 0x100000, 0, 0);
	check_region(2, G, G, 1, 0);
	check_region(3, 4 * G, 2 * G, 2, 0);
	assert_int_equal(nodes_weight(&node_possible_map), 4);
	assert_true(node_online(0) && node_online(1) && node_online(2));
	assert_false(node_online(3));
	assert_true(numa_node_memoryless(3));
	assert_false(numa_node_memoryless(2));
	assert_int_equal(nr_node_ids, 4);
	assert_int_equal(node_distance(0, 3), 41);
	assert_int_equal(node_distance(3, 1), 31);
	assert_int_equal(node_distance(2, 2), 10);
	assert_int_equal(numa_apicid_to_node(3), 3);
}

/*
 * PXMs 261 and 2 (revision 3: the CPU entry's high PXM bytes count): the
 * CPU pass sees 261 first, so it is node 0, though its memory comes last.
 * An x2APIC entry maps PXM 2's second CPU.
 */
static void test_pxm_first_seen(void **state)
{
	int nd;

	ram(6 * G);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 3);
	srat_cpu(261, 0, EN);
	srat_cpu(2, 1, EN);
	srat_x2apic(2, 0x100, EN);
	srat_mem(2, 0, 2 * G, MEN);
	srat_mem(261, 4 * G, 2 * G, MEN);
	table_end(srat, srat_len);
	assert_string_equal(run(&nd), "SRAT: PXM 261 -> APIC 0x00 -> Node 0\n"
				      "SRAT: PXM 2 -> APIC 0x01 -> Node 1\n"
				      "SRAT: PXM 2 -> APIC 0x0100 -> Node 1\n"
				      "ACPI: SRAT: Node 1 PXM 2 [mem 0x00000000-0x7fffffff]\n"
				      "ACPI: SRAT: Node 0 PXM 261 [mem 0x100000000-0x17fffffff]\n");
	assert_int_equal(nd, 2);
	check_region(0, 0x1000, 0x9f000, 1, 0);
	check_region(1, 0x100000, 2 * G - 0x100000, 1, 0);
	check_region(2, 4 * G, 2 * G, 0, 0);
	assert_int_equal(pxm_to_node(261), 0);
	assert_int_equal(node_to_pxm(1), 2);
	assert_int_equal(numa_apicid_to_node(0x100), 1);
}

/* Revision 1 keeps only the low byte of a memory entry's PXM. */
static void test_srat_revision1_pxm(void **state)
{
	int nd;

	ram(2 * G);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 1);
	srat_mem(0x107, 0, 2 * G, MEN);
	table_end(srat, srat_len);
	assert_string_equal(run(&nd), "ACPI: SRAT: Node 0 PXM 7 [mem 0x00000000-0x7fffffff]\n");
	assert_int_equal(nd, 1);
}

/*
 * Hotplug: node 1 keeps MEMBLOCK_HOTPLUG, node 0 loses it because reserved
 * (in-use) memory lies on it. A hotplug range beyond RAM only prints.
 */
static void test_hotplug_nonvolatile(void **state)
{
	int nd;

	ram(6 * G);
	memblock_reserve(0x1000, 0x1000);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 1);
	srat_mem(0, 0, 2 * G, MEN | HP);
	srat_mem(1, 4 * G, 2 * G, MEN | HP | NV);
	srat_mem(1, 6 * G, 2 * G, MEN | HP);
	table_end(srat, srat_len);
	assert_string_equal(run(&nd), "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff] hotplug\n"
				      "ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff] hotplug non-volatile\n"
				      "ACPI: SRAT: Node 1 PXM 1 [mem 0x180000000-0x1ffffffff] hotplug\n");
	assert_int_equal(nd, 2);
	check_region(0, 0x1000, 0x9f000, 0, 0);
	check_region(1, 0x100000, 2 * G - 0x100000, 0, 0);
	check_region(2, 4 * G, 2 * G, 1, MEMBLOCK_HOTPLUG);
}

/* Disabled entries are not seen at all: their PXMs take no node id. */
static void test_disabled_entries(void **state)
{
	int nd;

	ram(6 * G);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 1);
	srat_cpu(7, 0, 0);
	srat_x2apic(8, 5, 0);
	srat_cpu(3, 1, EN);
	srat_mem(9, 0, 0xa0000, 0);
	srat_mem(3, 0, 6 * G, MEN);
	table_end(srat, srat_len);
	assert_string_equal(run(&nd), "SRAT: PXM 3 -> APIC 0x01 -> Node 0\n"
				      "ACPI: SRAT: Node 0 PXM 3 [mem 0x00000000-0x17fffffff]\n");
	assert_int_equal(nd, 1);
	assert_int_equal(pxm_to_node(7), NUMA_NO_NODE);
	assert_int_equal(pxm_to_node(9), NUMA_NO_NODE);
	assert_int_equal(numa_apicid_to_node(0), NUMA_NO_NODE);
	assert_int_equal(nodes_weight(&node_possible_map), 1);
}

/* Entries of other types (GIC ITS, an unknown type 0x20) are stepped over. */
static void test_unknown_entries_skipped(void **state)
{
	int nd;

	ram(6 * G);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 1);
	srat_other(ACPI_SRAT_TYPE_GIC_ITS_AFFINITY, 12);
	srat_cpu(0, 0, EN);
	srat_other(0x20, 7);
	srat_mem(0, 0, 2 * G, MEN);
	srat_mem(1, 4 * G, 2 * G, MEN);
	table_end(srat, srat_len);
	assert_string_equal(run(&nd), "SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"
				      "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]\n"
				      "ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff]\n");
	assert_int_equal(nd, 2);
}

#define FAKE_ONE_NODE_6G                         \
	"No NUMA configuration found\n"          \
	"Faking a node at [mem 0x0000000000000000-0x000000017fffffff]\n"

static void good_two_node_srat(void)
{
	ram(6 * G);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 1);
	srat_cpu(0, 0, EN);
	srat_mem(0, 0, 2 * G, MEN);
	srat_mem(1, 4 * G, 2 * G, MEN);
}

static void check_one_fake_node(void)
{
	assert_int_equal(nodes_weight(&node_possible_map), 1);
	assert_true(node_online(0));
	check_region(0, 0x1000, 0x9f000, 0, 0);
	check_region(2, 4 * G, 2 * G, 0, 0);
}

static void test_bad_checksum_falls_back(void **state)
{
	char want[256];
	int nd;
	u8 field;

	good_two_node_srat();
	table_end(srat, srat_len);
	field = srat[ACPI_HDR_CHECKSUM];
	srat[ACPI_HDR_CHECKSUM] = (u8)(field + 1);
	snprintf(want, sizeof(want),
		 "ACPI: SRAT: bad checksum (bytes sum to 0x01, not 0, checksum field 0x%02x); table ignored\n"
		 FAKE_ONE_NODE_6G, (u8)(field + 1));
	assert_string_equal(run(&nd), want);
	assert_int_equal(nd, 1);
	check_one_fake_node();
}

/* A header length below SRAT's 48 bytes, and one beyond the bytes there are. */
static void test_bad_length(void **state)
{
	int nd;

	good_two_node_srat();
	table_end(srat, 40);
	srat_len = 40;
	assert_string_equal(run(&nd), "ACPI: SRAT: length 40 is too short (needs at least 48 bytes); table ignored\n"
				      FAKE_ONE_NODE_6G);
	check_one_fake_node();

	setup(NULL);
	good_two_node_srat();
	table_end(srat, srat_len);
	host_acpi_register("SRAT", srat, srat_len - 8);
	srat_len = 0; /* registered above, with 8 bytes fewer than the header says */
	assert_string_equal(run(&nd), "ACPI: SRAT: length 144 is past the table's end (only 136 bytes); table ignored\n"
				      FAKE_ONE_NODE_6G);
	check_one_fake_node();
}

/* A last entry whose length runs past the table's end; a zero-length entry. */
static void test_truncated_entry(void **state)
{
	int nd;

	good_two_node_srat();
	srat[srat_len - ACPI_SRAT_MEM_SIZE + 1] = ACPI_SRAT_MEM_SIZE + 8;
	table_end(srat, srat_len);
	assert_string_equal(run(&nd), "ACPI: SRAT: entry at offset 0x68 (type 1, 48 bytes) runs past the table's end (144 bytes); table ignored\n"
				      FAKE_ONE_NODE_6G);
	check_one_fake_node();

	setup(NULL);
	good_two_node_srat();
	srat[ACPI_SRAT_HEADER_SIZE + 1] = 0;
	table_end(srat, srat_len);
	assert_string_equal(run(&nd), "ACPI: SRAT: entry at offset 0x30 (type 0) has length 0; table ignored\n"
				      FAKE_ONE_NODE_6G);
}

/* A memory entry shorter than 40 bytes: Linux's bad_srat, then the fake node. */
static void test_short_memory_entry(void **state)
{
	int nd;

	ram(6 * G);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 1);
	srat_mem(0, 0, 2 * G, MEN);
	srat_other(ACPI_SRAT_TYPE_MEMORY_AFFINITY, 24);
	table_end(srat, srat_len);
	assert_string_equal(run(&nd), "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]\n"
				      "ACPI: SRAT: Unexpected header length: 24\n"
				      "ACPI: SRAT: SRAT not used.\n"
				      FAKE_ONE_NODE_6G);
	check_one_fake_node();
}

/* Two nodes claiming the same memory: numa_cleanup_meminfo refuses, the fake node follows. */
static void test_overlap_refused(void **state)
{
	int nd;

	ram(6 * G);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 1);
	srat_mem(0, 0, 2 * G, MEN);
	srat_mem(1, G, 5 * G, MEN);
	table_end(srat, srat_len);
	assert_string_equal(run(&nd), "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]\n"
				      "ACPI: SRAT: Node 1 PXM 1 [mem 0x40000000-0x17fffffff]\n"
				      "node 0 [mem 0x00001000-0x7fffffff] overlaps with node 1 [mem 0x40000000-0x17fffffff]\n"
				      FAKE_ONE_NODE_6G);
	check_one_fake_node();
}

/* A SLIT with 20 on its diagonal is not used; one with a bad checksum is ignored. */
static void test_bad_slit(void **state)
{
	static const u8 bad_diag[4] = { 20, 21, 21, 10 };
	static const u8 good[4] = { 10, 21, 21, 10 };
	char want[512];
	int nd;

	good_two_node_srat();
	table_end(srat, srat_len);
	slit_make(2, bad_diag);
	assert_string_equal(run(&nd), "SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"
				      "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]\n"
				      "ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff]\n"
				      "ACPI: SLIT table looks invalid. Not used.\n");
	assert_int_equal(node_distance(0, 1), 20);

	setup(NULL);
	good_two_node_srat();
	table_end(srat, srat_len);
	slit_make(2, good);
	slit[ACPI_SLIT_HEADER_SIZE + 1] = 22;
	snprintf(want, sizeof(want),
		 "SRAT: PXM 0 -> APIC 0x00 -> Node 0\n"
		 "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]\n"
		 "ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff]\n"
		 "ACPI: SLIT: bad checksum (bytes sum to 0x01, not 0, checksum field 0x%02x); table ignored\n",
		 slit[ACPI_HDR_CHECKSUM]);
	assert_string_equal(run(&nd), want);
	assert_int_equal(node_distance(1, 0), 20);
}

/* SRAT with CPUs only: no memory ranges, so no NUMA configuration. */
static void test_cpus_only(void **state)
{
	int nd;

	ram(6 * G);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 1);
	srat_cpu(0, 0, EN);
	table_end(srat, srat_len);
	assert_string_equal(run(&nd), "SRAT: PXM 0 -> APIC 0x00 -> Node 0\n" FAKE_ONE_NODE_6G);
	check_one_fake_node();
}

static void test_numa_off(void **state)
{
	int nd;

	good_two_node_srat();
	table_end(srat, srat_len);
	numa_off = true;
	assert_string_equal(run(&nd), "NUMA turned off\n"
				      "Faking a node at [mem 0x0000000000000000-0x000000017fffffff]\n");
	check_one_fake_node();
}

/*
 * numa=fake=4 over one 2 GiB node without holes: 512 MiB each; the last
 * would leave less than 32 MiB below 4 GiB, so it is stretched to 4 GiB and
 * clipped to the node's end. All four come from real node 0, so every
 * distance is that of node 0 to itself.
 */
static void test_numa_fake(void **state)
{
	int nd;

	memblock_reset();
	memblock_add(0, 2 * G);
	max_pfn = (unsigned long)(2 * G >> PAGE_SHIFT);
	assert_int_equal(numa_emu_cmdline("4"), 0);
	assert_string_equal(run(&nd), "No NUMA configuration found\n"
				      "Faking a node at [mem 0x0000000000000000-0x000000007fffffff]\n"
				      "Faking node 0 at [mem 0x0000000000000000-0x000000001fffffff] (512MB)\n"
				      "Faking node 1 at [mem 0x0000000020000000-0x000000003fffffff] (512MB)\n"
				      "Faking node 2 at [mem 0x0000000040000000-0x000000005fffffff] (512MB)\n"
				      "Faking node 3 at [mem 0x0000000060000000-0x000000007fffffff] (512MB)\n"
				      "NUMA: Initialized distance table, cnt=4\n");
	assert_int_equal(nd, 4);
	assert_int_equal(memblock.memory.cnt, 4);
	for (int i = 0; i < 4; i++)
		check_region((unsigned long)i, (u64)i * G / 2, G / 2, i, 0);
	assert_int_equal(node_distance(0, 3), 10);
	assert_int_equal(nodes_weight(&node_online_map), 4);
}

/*
 * numa=fake=3 over two real nodes of 2 GiB (SLIT 10/21): each fake node
 * should hold 4 GiB / 3 = 0x55555000, in 32 MiB steps 0x54000000, and
 * big = (0x1555000 * 3) / 32 MiB = 1 node gets 32 MiB more. Fake node 0
 * (0x56000000) would leave 672 MiB of real node 0, less than a node, so it
 * takes all of it; fake node 1 likewise all of real node 1: only two nodes,
 * as in Linux. A second distance table is made for the fake nodes, from
 * the real distances beneath them.
 */
static void test_numa_fake_two_real(void **state)
{
	static const u8 d[4] = { 10, 21, 21, 10 };
	int nd;

	memblock_reset();
	memblock_add(0, 2 * G);
	memblock_add(4 * G, 2 * G);
	max_pfn = (unsigned long)(6 * G >> PAGE_SHIFT);
	table_begin(srat, &srat_len, "SRAT", ACPI_SRAT_HEADER_SIZE, 1);
	srat_mem(0, 0, 2 * G, MEN);
	srat_mem(1, 4 * G, 2 * G, MEN);
	table_end(srat, srat_len);
	slit_make(2, d);
	assert_int_equal(numa_emu_cmdline("3"), 0);
	assert_string_equal(run(&nd), "ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x7fffffff]\n"
				      "ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff]\n"
				      "NUMA: Initialized distance table, cnt=2\n"
				      "Faking node 0 at [mem 0x0000000000000000-0x000000007fffffff] (2048MB)\n"
				      "Faking node 1 at [mem 0x0000000100000000-0x000000017fffffff] (2048MB)\n"
				      "NUMA: Initialized distance table, cnt=2\n");
	assert_int_equal(nd, 2);
	assert_int_equal(node_distance(0, 1), 21);
}

/* numa=off, numa=fake=N, numa=noacpi on the command line; unknown values are reported. */
static void test_numa_option(void **state)
{
	int nd;

	host_capture_start(cap, sizeof(cap));
	assert_int_equal(efimm_parse_cmdline("numa=off"), 0);
	assert_true(numa_off);
	assert_int_not_equal(efimm_parse_cmdline("numa=sideways"), 0);
	assert_int_not_equal(efimm_parse_cmdline("numa=fake=2U"), 0);
	host_capture_stop();
	assert_non_null(strstr(cap, "numa=sideways: unknown"));
	assert_non_null(strstr(cap, "numa=fake=2U: only"));

	setup(NULL);
	good_two_node_srat();
	table_end(srat, srat_len);
	host_capture_start(cap, sizeof(cap));
	assert_int_equal(efimm_parse_cmdline("numa=noacpi"), 0);
	host_capture_stop();
	assert_string_equal(run(&nd), FAKE_ONE_NODE_6G);
	acpi_numa_noacpi = false;

	setup(NULL);
	memblock_reset();
	memblock_add(0, 2 * G);
	max_pfn = (unsigned long)(2 * G >> PAGE_SHIFT);
	host_capture_start(cap, sizeof(cap));
	assert_int_equal(efimm_parse_cmdline("numa=fake=2"), 0);
	host_capture_stop();
	assert_string_equal(run(&nd), "No NUMA configuration found\n"
				      "Faking a node at [mem 0x0000000000000000-0x000000007fffffff]\n"
				      "Faking node 0 at [mem 0x0000000000000000-0x000000003fffffff] (1024MB)\n"
				      "Faking node 1 at [mem 0x0000000040000000-0x000000007fffffff] (1024MB)\n"
				      "NUMA: Initialized distance table, cnt=2\n");
	numa_emu_cmdline(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_two_nodes, setup),
		cmocka_unit_test_setup(test_four_nodes_memoryless, setup),
		cmocka_unit_test_setup(test_pxm_first_seen, setup),
		cmocka_unit_test_setup(test_srat_revision1_pxm, setup),
		cmocka_unit_test_setup(test_hotplug_nonvolatile, setup),
		cmocka_unit_test_setup(test_disabled_entries, setup),
		cmocka_unit_test_setup(test_unknown_entries_skipped, setup),
		cmocka_unit_test_setup(test_bad_checksum_falls_back, setup),
		cmocka_unit_test_setup(test_bad_length, setup),
		cmocka_unit_test_setup(test_truncated_entry, setup),
		cmocka_unit_test_setup(test_short_memory_entry, setup),
		cmocka_unit_test_setup(test_overlap_refused, setup),
		cmocka_unit_test_setup(test_bad_slit, setup),
		cmocka_unit_test_setup(test_cpus_only, setup),
		cmocka_unit_test_setup(test_numa_off, setup),
		cmocka_unit_test_setup(test_numa_fake, setup),
		cmocka_unit_test_setup(test_numa_fake_two_real, setup),
		cmocka_unit_test_setup(test_numa_option, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
