/* Host platform hooks: the console is stdout, or a capture buffer for tests. */
#include <stdio.h>
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
