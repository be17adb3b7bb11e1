/*
 * Where efimm's command line comes from, in order:
 *   1. the UEFI shell's arguments (EFI_SHELL_PARAMETERS_PROTOCOL), after argv[0];
 *   2. the load options of a boot entry, when they are text;
 *   3. \efimm\cmdline.txt on the volume efimm was loaded from ('#' starts a
 *      comment line; ASCII, UTF-8 or UTF-16 with a byte-order mark).
 */
#include "efimm.h"
#include <linux/string.h>

#define CMDLINE_MAX 2048

static char cmdline[CMDLINE_MAX];

static void append_char(size_t *n, char c)
{
	if (*n + 1 < sizeof(cmdline))
		cmdline[(*n)++] = c;
	cmdline[*n] = '\0';
}

static void append_ucs2(size_t *n, const CHAR16 *s, size_t len)
{
	for (size_t i = 0; i < len && s[i]; i++)
		append_char(n, s[i] < 0x80 ? (char)s[i] : '?');
}

static bool from_shell(EFI_HANDLE image)
{
	EFI_GUID guid = EFI_SHELL_PARAMETERS_PROTOCOL_GUID;
	EFI_SHELL_PARAMETERS_PROTOCOL *sp;
	size_t n = 0;

	if (EFI_ERROR(BS->HandleProtocol(image, &guid, (void **)&sp)) || !sp)
		return false;
	for (UINTN i = 1; i < sp->Argc; i++) {
		if (i > 1)
			append_char(&n, ' ');
		append_ucs2(&n, sp->Argv[i], (size_t)-1);
	}
	return true;
}

/* Boot entries often carry binary optional data (OVMF puts a GUID there): only printable text counts. */
static bool from_load_options(EFI_LOADED_IMAGE *li)
{
	const CHAR16 *s = li->LoadOptions;
	size_t len = li->LoadOptionsSize / sizeof(CHAR16), n = 0;

	if (!s || li->LoadOptionsSize < 2 || li->LoadOptionsSize % 2)
		return false;
	for (size_t i = 0; i < len && s[i]; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	append_ucs2(&n, s, len);
	return n > 0;
}

static void from_text_file(const char *text, UINTN size)
{
	size_t n = 0;
	bool utf16 = size >= 2 && (unsigned char)text[0] == 0xff && (unsigned char)text[1] == 0xfe;
	bool comment = false, line_start = true;

	for (UINTN i = utf16 ? 2 : 0; i < size; i += utf16 ? 2 : 1) {
		unsigned int c = (unsigned char)text[i];

		if (utf16)
			c |= (unsigned int)(unsigned char)text[i + 1] << 8;
		if (line_start && c == '#')
			comment = true;
		line_start = c == '\n';
		if (c == '\n' || c == '\r') {
			comment = false;
			append_char(&n, ' ');
		} else if (!comment) {
			append_char(&n, c < 0x80 ? (char)c : '?');
		}
	}
}

const char *efi_get_cmdline(EFI_HANDLE image, const char **source)
{
	EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li = NULL;
	char *text;
	UINTN size;

	cmdline[0] = '\0';
	*source = "none";
	if (from_shell(image)) {
		*source = "the UEFI shell";
		return cmdline;
	}
	if (EFI_ERROR(BS->HandleProtocol(image, &li_guid, (void **)&li)) || !li)
		return cmdline;
	if (from_load_options(li)) {
		*source = "the load options";
		return cmdline;
	}
	if (!EFI_ERROR(efi_read_file(li->DeviceHandle, L"\\efimm\\cmdline.txt", &text, &size))) {
		from_text_file(text, size);
		BS->FreePool(text);
		*source = "\\efimm\\cmdline.txt";
	}
	return cmdline;
}
