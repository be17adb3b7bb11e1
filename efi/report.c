/*
 * Saving the run on the medium efimm was loaded from: the whole log (every
 * line printed, whatever the loglevel) and the JSON report, under \efimm\
 * with one unique stamp (report-YYYYMMDD-HHMMSS[-N].json and .log). A
 * read-only or full medium is reported, not fatal.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/string.h>
#include <efimm/log.h>
#include <efimm/report.h>
#include "kalloc.h"

/* The JSON's buffer: once SLUB is up a large kmalloc (an order-10 compound page), else the firmware's pool. */
#define REPORT_JSON_SIZE (4u << 20)

/*
 * Taken right after bring-up (efi_report_prepare) and kept until after the
 * picture (efi_report_release), so that the views printed before the
 * report, the report and the picture all see the same free lists, rather
 * than differing by the report's own order-10 block.
 */
static char *report_buf;

void efi_report_prepare(void)
{
	if (!report_buf)
		report_buf = efimm_kmalloc(REPORT_JSON_SIZE);
}

void efi_report_release(void)
{
	efimm_kfree(report_buf);
	report_buf = NULL;
}

static const EFI_GUID smbios3_guid = { 0xf2fd1544, 0x9794, 0x4a2c, { 0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94 } };
static const EFI_GUID smbios_guid = { 0xeb9d2d31, 0x2d88, 0x11d3, { 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d } };

static const void *config_table(const EFI_GUID *guid)
{
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++)
		if (!memcmp(&ST->ConfigurationTable[i].VendorGuid, guid, sizeof(*guid)))
			return ST->ConfigurationTable[i].VendorTable;
	return NULL;
}

/* The structure table from the SMBIOS 3 (64-bit) entry point, else the 2.x one. */
static bool find_smbios(struct smbios_info *out)
{
	const UINT8 *ep = config_table(&smbios3_guid);

	if (ep && !memcmp(ep, "_SM3_", 5))
		return smbios_parse((const void *)(UINTN)*(const UINT64 *)(ep + 0x10), *(const UINT32 *)(ep + 0x0c), out);
	ep = config_table(&smbios_guid);
	if (ep && !memcmp(ep, "_SM_", 4) && !memcmp(ep + 0x10, "_DMI_", 5))
		return smbios_parse((const void *)(UINTN)*(const UINT32 *)(ep + 0x18), *(const UINT16 *)(ep + 0x16), out);
	return false;
}

static void ascii_to_ucs2(CHAR16 *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n && src[i]; i++)
		dst[i] = (CHAR16)(unsigned char)src[i];
	dst[i] = 0;
}

static const char *status_text(EFI_STATUS st)
{
	if (st == EFI_WRITE_PROTECTED)
		return "the medium is write-protected";
	if (st == EFI_VOLUME_FULL)
		return "the medium is full";
	if (st == EFI_ACCESS_DENIED)
		return "access denied";
	if (st == EFI_UNSUPPORTED || st == EFI_NOT_FOUND)
		return "no writable file system on the boot medium";
	return "the firmware refused";
}

/* report-YYYYMMDD-HHMMSS (from the RTC), with -2, -3 ... until no such file exists. */
static void unique_stamp(EFI_HANDLE device, char *stamp, size_t size)
{
	EFI_TIME t;
	char base[40];
	CHAR16 path[80];
	char p[80];

	if (EFI_ERROR(RT->GetTime(&t, NULL)))
		memset(&t, 0, sizeof(t));
	snprintf(base, sizeof(base), "report-%04u%02u%02u-%02u%02u%02u", t.Year, t.Month, t.Day, t.Hour, t.Minute,
		 t.Second);
	for (unsigned int n = 1; n < 1000; n++) {
		if (n == 1)
			snprintf(stamp, size, "%s", base);
		else
			snprintf(stamp, size, "%s-%u", base, n);
		snprintf(p, sizeof(p), "\\efimm\\%s.json", stamp);
		ascii_to_ucs2(path, p, ARRAY_SIZE(path));
		if (!efi_file_exists(device, path))
			return;
	}
}

void efi_save_report(EFI_HANDLE image, struct report_info *info)
{
	EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li;
	struct smbios_info smbios;
	char stamp[48], p[80], vendor[100] = "unknown";
	CHAR16 path[80];
	struct json j;
	char *buf;
	size_t len, log_len;
	const char *log;
	EFI_STATUS st;

	if (EFI_ERROR(BS->HandleProtocol(image, &li_guid, (void **)&li)))
		return;
	if (ST->FirmwareVendor)
		for (unsigned int i = 0; i + 1 < sizeof(vendor) && (vendor[i] = (char)ST->FirmwareVendor[i]); i++)
			;
	info->firmware_vendor = vendor;
	info->firmware_revision = ST->Hdr.Revision;
	info->smbios = find_smbios(&smbios) ? &smbios : NULL;

	buf = report_buf ? report_buf : efimm_kmalloc(REPORT_JSON_SIZE);
	if (!buf) {
		pr_warn("efimm: no memory for the report; not saved\n");
		return;
	}
	unique_stamp(li->DeviceHandle, stamp, sizeof(stamp));
	json_init(&j, buf, REPORT_JSON_SIZE);
	efimm_report_json(&j, info);
	len = json_finish(&j);
	if (!len) {
		pr_warn("efimm: the report is larger than %u MiB; not saved\n", REPORT_JSON_SIZE >> 20);
	} else {
		snprintf(p, sizeof(p), "\\efimm\\%s.json", stamp);
		ascii_to_ucs2(path, p, ARRAY_SIZE(path));
		st = efi_write_file(li->DeviceHandle, L"\\efimm", path, buf, len);
		if (EFI_ERROR(st))
			pr_warn("efimm: could not save %s: %s (status %#llx)\n", p, status_text(st), (unsigned long long)st);
		else
			pr_info("efimm: report saved as %s (%zu bytes)\n", p, len);
	}
	if (buf != report_buf)
		efimm_kfree(buf);

	/* The log last, so it holds the line about the report too. */
	snprintf(p, sizeof(p), "\\efimm\\%s.log", stamp);
	pr_info("efimm: saving the log as %s\n", p);
	log = log_buffer(&log_len, NULL);
	ascii_to_ucs2(path, p, ARRAY_SIZE(path));
	st = efi_write_file(li->DeviceHandle, L"\\efimm", path, log, log_len);
	if (EFI_ERROR(st))
		pr_warn("efimm: could not save %s: %s (status %#llx)\n", p, status_text(st), (unsigned long long)st);
}
