/*
 * printk: assembles lines (pr_cont pieces included), filters by
 * console_loglevel and hands whole lines to the platform console. Every
 * line, shown or not, is kept in the log buffer so a report can be saved.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <efimm/platform.h>
#include <efimm/log.h>

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static char line[1024];
static size_t line_len;
static int line_level = LOGLEVEL_DEFAULT;

static char log_buf[LOG_BUF_SIZE];
static size_t log_len;
static size_t log_dropped;

static void log_store(const char *s, size_t n)
{
	if (log_len + n > sizeof(log_buf)) {
		log_dropped += n;
		return;
	}
	memcpy(log_buf + log_len, s, n);
	log_len += n;
}

static void flush_line(void)
{
	if (!line_len)
		return;
	log_store(line, line_len);
	if (line_level < console_loglevel)
		platform_console_write(line, line_len);
	line_len = 0;
}

static void append(const char *s)
{
	for (; *s; s++) {
		if (line_len < sizeof(line) - 1)
			line[line_len++] = *s;
		if (*s == '\n')
			flush_line();
	}
}

int vprintk(const char *fmt, va_list args)
{
	char text[1024];
	int level = -1, n;

	while (fmt[0] == KERN_SOH[0] && fmt[1]) {
		if (fmt[1] >= '0' && fmt[1] <= '7')
			level = fmt[1] - '0';
		else if (fmt[1] == 'c')
			level = -2;
		fmt += 2;
	}
	/* A new message ends an unfinished line, as Linux does without KERN_CONT. */
	if (level != -2) {
		if (line_len) {
			append("\n");
		}
		line_level = level >= 0 ? level : LOGLEVEL_DEFAULT;
	}
	n = vsnprintf(text, sizeof(text), fmt, args);
	append(text);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

const char *log_buffer(size_t *len, size_t *dropped)
{
	*len = log_len;
	if (dropped)
		*dropped = log_dropped;
	return log_buf;
}

void log_reset(void)
{
	log_len = 0;
	log_dropped = 0;
	line_len = 0;
}

/* The user interface (prompts, the final result): always shown, whatever the loglevel. */
int console_print(const char *fmt, ...)
{
	int saved = console_loglevel, n;
	va_list args;

	console_loglevel = 8;
	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	console_loglevel = saved;
	return n;
}
