/* Reading a file from the volume efimm was loaded from. */
#include "efimm.h"

#define MAX_FILE_SIZE (64 * 1024)

/* The root folder of the FAT volume on device; the caller closes it. */
static EFI_STATUS open_root(EFI_HANDLE device, EFI_FILE_HANDLE *root)
{
	EFI_GUID fs_guid = SIMPLE_FILE_SYSTEM_PROTOCOL;
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;
	EFI_STATUS st = BS->HandleProtocol(device, &fs_guid, (void **)&fs);

	return EFI_ERROR(st) ? st : fs->OpenVolume(fs, root);
}

EFI_STATUS efi_read_file(EFI_HANDLE device, const CHAR16 *path, char **data, UINTN *size)
{
	EFI_FILE_HANDLE root, f;
	EFI_STATUS st;
	char *buf;
	UINTN n = MAX_FILE_SIZE;

	st = open_root(device, &root);
	if (EFI_ERROR(st))
		return st;
	st = root->Open(root, &f, (CHAR16 *)path, EFI_FILE_MODE_READ, 0);
	root->Close(root);
	if (EFI_ERROR(st))
		return st;
	/*
	 * The firmware's pool, not efimm_kmalloc: the one file read
	 * (\efimm\cmdline.txt, efi/options.c) comes before memblock exists
	 * and its caller frees it with FreePool.
	 */
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

/* Open (creating) a folder under the root; the caller closes it. */
static EFI_STATUS open_dir(EFI_FILE_HANDLE root, const CHAR16 *dir, EFI_FILE_HANDLE *out)
{
	return root->Open(root, out, (CHAR16 *)dir, EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE,
			  EFI_FILE_DIRECTORY);
}

bool efi_file_exists(EFI_HANDLE device, const CHAR16 *path)
{
	EFI_FILE_HANDLE root, f;
	bool exists = false;

	if (EFI_ERROR(open_root(device, &root)))
		return false;
	if (!EFI_ERROR(root->Open(root, &f, (CHAR16 *)path, EFI_FILE_MODE_READ, 0))) {
		exists = true;
		f->Close(f);
	}
	root->Close(root);
	return exists;
}

/*
 * Write a new file dir\name (the folder is created if missing). A read-only
 * or full medium comes back as the firmware's status for the caller to report.
 */
EFI_STATUS efi_write_file(EFI_HANDLE device, const CHAR16 *dir, const CHAR16 *path, const void *data, UINTN size)
{
	EFI_FILE_HANDLE root, d, f;
	EFI_STATUS st;
	UINTN n = size;

	st = open_root(device, &root);
	if (EFI_ERROR(st))
		return st;
	st = open_dir(root, dir, &d);
	if (!EFI_ERROR(st)) {
		d->Close(d);
		st = root->Open(root, &f, (CHAR16 *)path,
				EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE, 0);
	}
	root->Close(root);
	if (EFI_ERROR(st))
		return st;
	st = f->Write(f, &n, (void *)data);
	if (!EFI_ERROR(st) && n != size)
		st = EFI_VOLUME_FULL;
	if (EFI_ERROR(st)) {
		f->Delete(f); /* no half-written report left behind; Delete also closes */
		return st;
	}
	st = f->Flush(f);
	f->Close(f);
	return st;
}
