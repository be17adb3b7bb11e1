/* Platform hooks for the core: UEFI runs identity-mapped, so physical == virtual. */
#include "efimm.h"
#include <efimm/platform.h>
#include <linux/printk.h>

static UINTN image_base;

void efi_platform_init(EFI_HANDLE image)
{
	EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li;

	if (!EFI_ERROR(BS->HandleProtocol(image, &li_guid, (void **)&li)))
		image_base = (UINTN)li->ImageBase;
}

void *platform_phys_to_virt(phys_addr_t phys)
{
	return (void *)(UINTN)phys;
}

phys_addr_t platform_virt_to_phys(const void *virt)
{
	return (phys_addr_t)(UINTN)virt;
}

/* "efimm+0x1234": the offset is an address in build/efimm.so for addr2line. */
void platform_symbolize(void *addr, char *buf, size_t size)
{
	snprintf(buf, size, "efimm+0x%lx", (unsigned long)((UINTN)addr - image_base));
}
