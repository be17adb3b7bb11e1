/* Reading a file from the volume efimm was loaded from. */
#include "efimm.h"

#define MAX_FILE_SIZE (64 * 1024)

EFI_STATUS efi_read_file(EFI_HANDLE device, const CHAR16 *path, char **data, UINTN *size)
{
	EFI_GUID fs_guid = SIMPLE_FILE_SYSTEM_PROTOCOL;
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;
	EFI_FILE_HANDLE root, f;
	EFI_STATUS st;
	char *buf;
	UINTN n = MAX_FILE_SIZE;

	st = BS->HandleProtocol(device, &fs_guid, (void **)&fs);
	if (EFI_ERROR(st))
		return st;
	st = fs->OpenVolume(fs, &root);
	if (EFI_ERROR(st))
		return st;
	st = root->Open(root, &f, (CHAR16 *)path, EFI_FILE_MODE_READ, 0);
	root->Close(root);
	if (EFI_ERROR(st))
		return st;
	st = BS->AllocatePool(EfiLoaderData, n + 1, (void **)&buf);
	if (!EFI_ERROR(st)) {
		st = f->Read(f, &n, buf);
		if (EFI_ERROR(st)) {
			BS->FreePool(buf);
		} else {
			buf[n] = '\0';
			*data = buf;
			*size = n;
		}
	}
	f->Close(f);
	return st;
}
