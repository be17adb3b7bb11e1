/*
 * A small streaming JSON writer into a caller's buffer: objects, arrays,
 * strings (escaped), integers and hex strings, with commas placed for the
 * caller. Overflow is remembered, never written past the buffer.
 */
#ifndef _EFIMM_JSON_H
#define _EFIMM_JSON_H

#include <linux/types.h>

#define JSON_MAX_DEPTH 16

struct json {
	char *buf;
	size_t size, len;
	bool overflow;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
};

void json_init(struct json *j, char *buf, size_t size);
void json_object_begin(struct json *j, const char *key); /* key NULL inside arrays or at the top */
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_string(struct json *j, const char *key, const char *value);
void json_u64(struct json *j, const char *key, u64 value);
void json_s64(struct json *j, const char *key, s64 value);
void json_bool(struct json *j, const char *key, bool value);
/* An address or size as a "0x..." string: JSON numbers lose precision above 2^53. */
void json_hex(struct json *j, const char *key, u64 value);
/* Length of the text, or 0 if it did not fit. */
size_t json_finish(struct json *j);

#endif
