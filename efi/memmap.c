/*
 * Reading the firmware memory map. The map grows while we allocate the
 * buffer for it, so ask for the size, allocate it with slack, and retry
 * until it fits. DescriptorSize and the version come from the firmware:
 * descriptors may be larger than the structure we know.
 */
#include "efimm.h"

#define SLACK_DESCRIPTORS 16

EFI_STATUS efi_get_memmap(struct efi_memory_map *m, UINTN *map_key)
{
	UINTN size = 0, desc_size = 0;
	UINT32 desc_version = 0;
	EFI_MEMORY_DESCRIPTOR *buf = NULL;
	EFI_STATUS st;

	st = BS->GetMemoryMap(&size, NULL, map_key, &desc_size, &desc_version);
	for (int tries = 0; st == EFI_BUFFER_TOO_SMALL && tries < 8; tries++) {
		if (buf)
			BS->FreePool(buf);
		/* Our own allocation may split a free range: leave room for more descriptors. */
		size += SLACK_DESCRIPTORS * (desc_size ? desc_size : sizeof(EFI_MEMORY_DESCRIPTOR));
		st = BS->AllocatePool(EfiLoaderData, size, (void **)&buf);
		if (EFI_ERROR(st))
			return st;
		st = BS->GetMemoryMap(&size, buf, map_key, &desc_size, &desc_version);
	}
	if (EFI_ERROR(st)) {
		if (buf)
			BS->FreePool(buf);
		return st;
	}
	m->map = buf;
	m->desc_size = desc_size;
	m->desc_version = desc_version;
	m->nr_map = desc_size ? size / desc_size : 0;
	return EFI_SUCCESS;
}

void efi_free_memmap(struct efi_memory_map *m)
{
	if (m->map)
		BS->FreePool(m->map);
	m->map = NULL;
	m->nr_map = 0;
}
