/* Platform hooks for the core: UEFI runs identity-mapped, so physical == virtual. */
#include "efimm.h"
#include <efimm/platform.h>
#include <efimm/timings.h>
#include <linux/printk.h>

static UINTN image_base;
/* TSC ticks per microsecond, measured against the firmware's Stall at start-up. */
static u64 tsc_per_us;

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

/*
 * Calibrate the TSC over 10 ms of Stall: enough for 0.1% on any TSC above
 * 100 MHz. Stall is the firmware's timer (OVMF: the ACPI PM timer, 3.579545
 * MHz, through its TimerLib); the stage timings name it as their clock.
 */
static void calibrate_tsc(void)
{
	u64 t0 = rdtsc(), ticks;

	BS->Stall(10000);
	ticks = rdtsc() - t0;
	tsc_per_us = ticks / 10000;
	if (!tsc_per_us)
		tsc_per_us = 1;
	timings_set_clock("TSC calibrated against the firmware's Stall over 10 ms", ticks / 10);
}

u64 platform_time_ns(void)
{
	u64 t = rdtsc();

	/* ticks * 1000 / (ticks per us), split to stay within 64 bits for years of uptime. */
	return t / tsc_per_us * 1000 + (t % tsc_per_us) * 1000 / tsc_per_us;
}

void efi_platform_init(EFI_HANDLE image)
{
	EFI_GUID li_guid = LOADED_IMAGE_PROTOCOL;
	EFI_LOADED_IMAGE *li;

	if (!EFI_ERROR(BS->HandleProtocol(image, &li_guid, (void **)&li)))
		image_base = (UINTN)li->ImageBase;
	calibrate_tsc();
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
