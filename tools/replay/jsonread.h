/* A small JSON reader for the replay tool (host only): text -> tree. */
#ifndef REPLAY_JSONREAD_H
#define REPLAY_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

enum jv_kind { JV_NULL, JV_BOOL, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT };

struct jv {
	enum jv_kind kind;
	bool boolean;
	double number;
	char *string;        /* JV_STRING, decoded */
	struct jv **items;   /* JV_ARRAY elements or JV_OBJECT values */
	char **keys;         /* JV_OBJECT keys */
	size_t n;
};

/* Parse text; NULL on a syntax error, with *err naming the byte offset. */
struct jv *jv_parse(const char *text, size_t len, size_t *err);
void jv_free(struct jv *v);
/* Member of an object, or NULL. */
const struct jv *jv_get(const struct jv *obj, const char *key);
/* A string member, or NULL. */
const char *jv_str(const struct jv *obj, const char *key);

#endif
