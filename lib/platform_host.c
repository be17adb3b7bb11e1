/* Host platform hooks: the console is stdout, or a capture buffer for tests. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <efimm/platform.h>
#include <efimm/host.h>

static char *capture;
static size_t capture_len, capture_size;

void platform_console_write(const char *s, size_t len)
{
	if (capture) {
		if (capture_len + len < capture_size) {
			memcpy(capture + capture_len, s, len);
			capture_len += len;
			capture[capture_len] = '\0';
		}
		return;
	}
	fwrite(s, 1, len, stdout);
}

void host_capture_start(char *buf, size_t size)
{
	capture = buf;
	capture_size = size;
	capture_len = 0;
	if (size)
		buf[0] = '\0';
}

size_t host_capture_stop(void)
{
	size_t n = capture_len;

	capture = NULL;
	return n;
}

/* Host "physical memory": one window of real memory that tests register (__pa reads it inline). */
struct platform_phys_window platform_window;

void host_phys_window(phys_addr_t base, void *mem, size_t size)
{
	platform_window.virt = (uintptr_t)mem;
	platform_window.phys = base;
	platform_window.size = mem ? size : 0;
}

void *platform_phys_to_virt(phys_addr_t phys)
{
	if (platform_window.size && phys >= platform_window.phys && phys - platform_window.phys < platform_window.size)
		return (char *)platform_window.virt + (phys - platform_window.phys);
	return NULL;
}

phys_addr_t platform_virt_to_phys(const void *virt)
{
	return __pa(virt);
}

void platform_symbolize(void *addr, char *buf, size_t size)
{
	snprintf(buf, size, "%p", addr);
}

/* A log holds no system table: nothing to report. */
void platform_efi_report(void)
{
}

u64 platform_time_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

/*
 * A window of "physical memory" [0, size) over an mmap(MAP_NORESERVE): the
 * host reserves no RAM for it, pages cost only when touched, so memblock
 * allocations on a replayed terabyte machine are real but nearly free.
 */
void *host_lazy_phys_window(phys_addr_t size)
{
	void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (mem == MAP_FAILED)
		return NULL;
	host_phys_window(0, mem, size);
	return mem;
}

void host_lazy_phys_window_free(void *mem, phys_addr_t size)
{
	if (mem)
		munmap(mem, size);
	host_phys_window(0, NULL, 0);
}

/* ACPI tables a test or the replay tool registered, by signature. */
static struct {
	char sig[4];
	const void *data;
	size_t len;
} acpi_tables[8];

void host_acpi_register(const char sig[4], const void *data, size_t len)
{
	size_t i, free_slot = sizeof(acpi_tables) / sizeof(acpi_tables[0]);

	for (i = 0; i < sizeof(acpi_tables) / sizeof(acpi_tables[0]); i++) {
		if (acpi_tables[i].data && !memcmp(acpi_tables[i].sig, sig, 4))
			break;
		if (!acpi_tables[i].data && free_slot == sizeof(acpi_tables) / sizeof(acpi_tables[0]))
			free_slot = i;
	}
	if (i == sizeof(acpi_tables) / sizeof(acpi_tables[0]))
		i = free_slot;
	if (i == sizeof(acpi_tables) / sizeof(acpi_tables[0]))
		return;
	memcpy(acpi_tables[i].sig, sig, 4);
	acpi_tables[i].data = data;
	acpi_tables[i].len = data ? len : 0;
}

void host_acpi_clear(void)
{
	memset(acpi_tables, 0, sizeof(acpi_tables));
}

const void *platform_acpi_table(const char sig[4], size_t *len)
{
	for (size_t i = 0; i < sizeof(acpi_tables) / sizeof(acpi_tables[0]); i++)
		if (acpi_tables[i].data && !memcmp(acpi_tables[i].sig, sig, 4)) {
			*len = acpi_tables[i].len;
			return acpi_tables[i].data;
		}
	return NULL;
}
