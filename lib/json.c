/* The JSON writer (include/efimm/json.h). */
#include <linux/kernel.h>
#include <linux/string.h>
#include <efimm/json.h>

static void put(struct json *j, const char *s, size_t n)
{
	if (j->len + n + 1 > j->size) {
		j->overflow = true;
		return;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static void puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

static void put_string(struct json *j, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	puts_(j, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };

		if (c == '"' || c == '\\') {
			char two[3] = { '\\', (char)c, 0 };

			puts_(j, two);
		} else if (c < 0x20 || c >= 0x7f) {
			puts_(j, esc);
		} else {
			put(j, s, 1);
		}
	}
	puts_(j, "\"");
}

/* The comma before an element, and its key when inside an object. */
static void element(struct json *j, const char *key)
{
	if (j->depth > 0 && j->need_comma[j->depth])
		puts_(j, ",");
	if (j->depth > 0)
		j->need_comma[j->depth] = true;
	if (key) {
		put_string(j, key);
		puts_(j, ":");
	}
}

void json_init(struct json *j, char *buf, size_t size)
{
	memset(j, 0, sizeof(*j));
	j->buf = buf;
	j->size = size;
	if (size)
		buf[0] = '\0';
}

static void open_(struct json *j, const char *key, const char *bracket)
{
	element(j, key);
	puts_(j, bracket);
	if (j->depth + 1 >= JSON_MAX_DEPTH) {
		j->overflow = true;
		return;
	}
	j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_(struct json *j, const char *bracket)
{
	if (j->depth > 0)
		j->depth--;
	puts_(j, bracket);
}

void json_object_begin(struct json *j, const char *key) { open_(j, key, "{"); }
void json_object_end(struct json *j) { close_(j, "}"); }
void json_array_begin(struct json *j, const char *key) { open_(j, key, "["); }
void json_array_end(struct json *j) { close_(j, "]"); }

void json_string(struct json *j, const char *key, const char *value)
{
	element(j, key);
	put_string(j, value ? value : "");
}

void json_u64(struct json *j, const char *key, u64 value)
{
	char num[24];

	element(j, key);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)value);
	puts_(j, num);
}

void json_s64(struct json *j, const char *key, s64 value)
{
	char num[24];

	element(j, key);
	snprintf(num, sizeof(num), "%lld", (long long)value);
	puts_(j, num);
}

void json_bool(struct json *j, const char *key, bool value)
{
	element(j, key);
	puts_(j, value ? "true" : "false");
}

void json_hex(struct json *j, const char *key, u64 value)
{
	char num[24];

	element(j, key);
	snprintf(num, sizeof(num), "\"0x%llx\"", (unsigned long long)value);
	puts_(j, num);
}

size_t json_finish(struct json *j)
{
	put(j, "\n", 1);
	return j->overflow ? 0 : j->len;
}
