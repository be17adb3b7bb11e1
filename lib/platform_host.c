/* Host platform hooks: the console is stdout, or a capture buffer for tests. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
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

/* Host "physical memory": one window of real memory that tests register. */
static phys_addr_t window_base;
static char *window_mem;
static size_t window_size;

void host_phys_window(phys_addr_t base, void *mem, size_t size)
{
	window_base = base;
	window_mem = mem;
	window_size = size;
}

void *platform_phys_to_virt(phys_addr_t phys)
{
	if (window_mem && phys >= window_base && phys - window_base < window_size)
		return window_mem + (phys - window_base);
	return NULL;
}

phys_addr_t platform_virt_to_phys(const void *virt)
{
	const char *p = virt;

	if (window_mem && p >= window_mem && p < window_mem + window_size)
		return window_base + (phys_addr_t)(p - window_mem);
	return (phys_addr_t)(uintptr_t)virt;
}

void platform_symbolize(void *addr, char *buf, size_t size)
{
	snprintf(buf, size, "%p", addr);
}

/* A log holds no system table: nothing to report. */
void platform_efi_report(void)
{
}
