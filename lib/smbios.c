/*
 * SMBIOS (DMTF DSP0134): the names of the system, board and BIOS for the
 * report. A structure is a formatted area (type, length, handle, fields)
 * followed by its strings, each NUL-terminated, the set ending in a
 * double NUL; a string field holds the string's 1-based number.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <efimm/report.h>

static void copy_string(const u8 *s, const u8 *end, unsigned int number, char *dst, size_t size)
{
	dst[0] = '\0';
	if (!number)
		return;
	for (unsigned int n = 1; s < end && *s; n++) {
		size_t len = strnlen((const char *)s, (size_t)(end - s));

		if (n == number) {
			size_t c = min(len, size - 1);

			memcpy(dst, s, c);
			dst[c] = '\0';
			/* Trailing blanks are common padding in SMBIOS strings. */
			while (c && dst[c - 1] == ' ')
				dst[--c] = '\0';
			return;
		}
		s += len + 1;
	}
}

bool smbios_parse(const void *table, size_t len, struct smbios_info *out)
{
	const u8 *p = table, *end = p + len;
	bool found = false;

	memset(out, 0, sizeof(*out));
	while (p + 4 <= end) {
		u8 type = p[0], flen = p[1];
		const u8 *strings = p + flen, *next;

		if (flen < 4 || strings > end)
			break;
		/* The string set ends at a double NUL. */
		for (next = strings; next + 1 < end && (next[0] || next[1]); next++)
			;
		next += 2;
		if (type == 0 && flen >= 0x09) {
			copy_string(strings, end, p[4], out->bios_vendor, sizeof(out->bios_vendor));
			copy_string(strings, end, p[5], out->bios_version, sizeof(out->bios_version));
			copy_string(strings, end, p[8], out->bios_date, sizeof(out->bios_date));
			found = true;
		} else if (type == 1 && flen >= 0x08) {
			copy_string(strings, end, p[4], out->system_manufacturer, sizeof(out->system_manufacturer));
			copy_string(strings, end, p[5], out->system_product, sizeof(out->system_product));
			copy_string(strings, end, p[6], out->system_version, sizeof(out->system_version));
			found = true;
		} else if (type == 2 && flen >= 0x08) {
			copy_string(strings, end, p[4], out->board_manufacturer, sizeof(out->board_manufacturer));
			copy_string(strings, end, p[5], out->board_product, sizeof(out->board_product));
			found = true;
		} else if (type == 127) {
			break; /* end of table */
		}
		p = next;
	}
	return found;
}
