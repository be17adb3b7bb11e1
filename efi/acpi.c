/*
 * The firmware's ACPI tables for the core (platform_acpi_table): the RSDP
 * from the EFI configuration table (the ACPI 2.0 GUID, else 1.0), checked
 * (the first 20 bytes, and for 2.0+ the whole extended structure, sum to
 * 0), then the XSDT's 64-bit table pointers (the RSDT's 32-bit ones when
 * there is no good XSDT). A bad RSDP or root table is reported once and
 * means "no tables": the core then fakes one node, as Linux without ACPI.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/string.h>
#include <acpi/acpi_numa.h>
#include <efimm/platform.h>

static const EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
static const EFI_GUID acpi10_guid = ACPI_TABLE_GUID;

static bool looked;
static const UINT8 *root;      /* the XSDT or the RSDT */
static UINTN root_entry_size; /* 8 (XSDT) or 4 (RSDT) */

static const void *config_table(const EFI_GUID *guid)
{
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++)
		if (!memcmp(&ST->ConfigurationTable[i].VendorGuid, guid, sizeof(*guid)))
			return ST->ConfigurationTable[i].VendorTable;
	return NULL;
}

static UINT32 rd32(const UINT8 *p)
{
	UINT32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static UINT64 rd64(const UINT8 *p)
{
	UINT64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* A root table (XSDT or RSDT) at addr with signature sig, if its length and checksum are good. */
static const UINT8 *check_root(UINT64 addr, const char *sig)
{
	const UINT8 *t = (const UINT8 *)(UINTN)addr;
	UINT32 len;

	if (!addr)
		return NULL;
	if (memcmp(t, sig, 4)) {
		pr_warn("ACPI: %s at %#llx has signature '%.4s'; not used\n", sig, (unsigned long long)addr,
			(const char *)t);
		return NULL;
	}
	len = rd32(t + ACPI_HDR_LENGTH);
	if (len < ACPI_TABLE_HEADER_SIZE || len > (1u << 20)) {
		pr_warn("ACPI: %s at %#llx has length %u; not used\n", sig, (unsigned long long)addr, len);
		return NULL;
	}
	if (acpi_tb_checksum(t, len)) {
		pr_warn("ACPI: %s at %#llx has a bad checksum; not used\n", sig, (unsigned long long)addr);
		return NULL;
	}
	return t;
}

static void find_root(void)
{
	const UINT8 *rsdp = config_table(&acpi20_guid);

	looked = true;
	if (!rsdp)
		rsdp = config_table(&acpi10_guid);
	if (!rsdp)
		return; /* no ACPI: nothing to say, Linux is silent too */
	if (memcmp(rsdp, "RSD PTR ", 8) || acpi_tb_checksum(rsdp, 20)) {
		pr_warn("ACPI: RSDP at %p: bad signature or checksum; ACPI tables not used\n", rsdp);
		return;
	}
	/* Revision 2+: the 36-byte extended structure, with the XSDT's address. */
	if (rsdp[15] >= 2) {
		if (rd32(rsdp + 20) < 36 || acpi_tb_checksum(rsdp, rd32(rsdp + 20)))
			pr_warn("ACPI: RSDP at %p: bad extended checksum; using the RSDT\n", rsdp);
		else if ((root = check_root(rd64(rsdp + 24), "XSDT")))
			root_entry_size = 8;
	}
	if (!root && (root = check_root(rd32(rsdp + 16), "RSDT")))
		root_entry_size = 4;
}

const void *platform_acpi_table(const char sig[4], size_t *len)
{
	UINTN n, i;

	if (!looked)
		find_root();
	if (!root)
		return NULL;
	n = (rd32(root + ACPI_HDR_LENGTH) - ACPI_TABLE_HEADER_SIZE) / root_entry_size;
	for (i = 0; i < n; i++) {
		const UINT8 *e = root + ACPI_TABLE_HEADER_SIZE + i * root_entry_size;
		UINT64 addr = root_entry_size == 8 ? rd64(e) : rd32(e);
		const UINT8 *t = (const UINT8 *)(UINTN)addr;

		if (addr && !memcmp(t, sig, 4)) {
			/* Promise no more than 16 MiB: a garbage length is then reported, not read. */
			*len = min_t(UINT32, rd32(t + ACPI_HDR_LENGTH), 16u << 20);
			return t;
		}
	}
	return NULL;
}
