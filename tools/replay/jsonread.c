/*
 * JSON (RFC 8259) into a tree: recursive descent over the text, strings
 * decoded (\uXXXX below 0x80 kept, others as '?': efimm's reports are ASCII).
 */
#include <stdlib.h>
#include <string.h>
#include "jsonread.h"

struct parser {
	const char *s;
	size_t len, pos;
	int depth;
};

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]))
		p->pos++;
}

static struct jv *new_value(enum jv_kind kind)
{
	struct jv *v = calloc(1, sizeof(*v));

	if (v)
		v->kind = kind;
	return v;
}

static bool append(struct jv *v, char *key, struct jv *item)
{
	struct jv **items = realloc(v->items, (v->n + 1) * sizeof(*items));
	char **keys = v->keys;

	if (!items)
		return false;
	v->items = items;
	if (v->kind == JV_OBJECT) {
		keys = realloc(v->keys, (v->n + 1) * sizeof(*keys));
		if (!keys)
			return false;
		v->keys = keys;
		keys[v->n] = key;
	}
	items[v->n++] = item;
	return true;
}

static char *parse_string(struct parser *p)
{
	char *out = malloc(p->len - p->pos + 1);
	size_t n = 0;

	if (!out || p->s[p->pos] != '"') {
		free(out);
		return NULL;
	}
	for (p->pos++; p->pos < p->len && p->s[p->pos] != '"'; p->pos++) {
		char c = p->s[p->pos];

		if ((unsigned char)c < 0x20)
			break;
		if (c != '\\') {
			out[n++] = c;
			continue;
		}
		if (++p->pos >= p->len)
			break;
		switch (p->s[p->pos]) {
		case '"': case '\\': case '/': out[n++] = p->s[p->pos]; break;
		case 'b': out[n++] = '\b'; break;
		case 'f': out[n++] = '\f'; break;
		case 'n': out[n++] = '\n'; break;
		case 'r': out[n++] = '\r'; break;
		case 't': out[n++] = '\t'; break;
		case 'u': {
			unsigned int code = 0;

			for (int i = 0; i < 4; i++) {
				char h = ++p->pos < p->len ? p->s[p->pos] : 0;

				code = code * 16 + (unsigned int)(h >= '0' && h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
			}
			out[n++] = code < 0x80 ? (char)code : '?';
			break;
		}
		default:
			free(out);
			return NULL;
		}
	}
	if (p->pos >= p->len || p->s[p->pos] != '"') {
		free(out);
		return NULL;
	}
	p->pos++;
	out[n] = '\0';
	return out;
}

static struct jv *parse_value(struct parser *p);

static struct jv *parse_container(struct parser *p, bool object)
{
	struct jv *v = new_value(object ? JV_OBJECT : JV_ARRAY);
	char close = object ? '}' : ']';

	if (!v || ++p->depth > 64)
		goto fail;
	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == close) {
		p->pos++;
		p->depth--;
		return v;
	}
	for (;;) {
		char *key = NULL;
		struct jv *item;

		skip_ws(p);
		if (object) {
			if (p->pos >= p->len || !(key = parse_string(p)))
				goto fail;
			skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos++] != ':') {
				free(key);
				goto fail;
			}
		}
		item = parse_value(p);
		if (!item || !append(v, key, item)) {
			free(key);
			jv_free(item);
			goto fail;
		}
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == close) {
			p->pos++;
			p->depth--;
			return v;
		}
		goto fail;
	}
fail:
	jv_free(v);
	return NULL;
}

static struct jv *parse_value(struct parser *p)
{
	struct jv *v;
	char *end;

	skip_ws(p);
	if (p->pos >= p->len)
		return NULL;
	switch (p->s[p->pos]) {
	case '{':
		return parse_container(p, true);
	case '[':
		return parse_container(p, false);
	case '"':
		v = new_value(JV_STRING);
		if (v && !(v->string = parse_string(p))) {
			free(v);
			return NULL;
		}
		return v;
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = { "true", "false", "null" };

		for (int i = 0; i < 3; i++) {
			size_t l = strlen(words[i]);

			if (p->len - p->pos >= l && !memcmp(p->s + p->pos, words[i], l)) {
				p->pos += l;
				v = new_value(i == 2 ? JV_NULL : JV_BOOL);
				if (v)
					v->boolean = i == 0;
				return v;
			}
		}
		return NULL;
	}
	default:
		v = new_value(JV_NUMBER);
		if (!v)
			return NULL;
		v->number = strtod(p->s + p->pos, &end);
		if (end == p->s + p->pos) {
			free(v);
			return NULL;
		}
		p->pos = (size_t)(end - p->s);
		return v;
	}
}

struct jv *jv_parse(const char *text, size_t len, size_t *err)
{
	struct parser p = { text, len, 0, 0 };
	struct jv *v = parse_value(&p);

	skip_ws(&p);
	if (v && p.pos != len) {
		jv_free(v);
		v = NULL;
	}
	if (!v && err)
		*err = p.pos;
	return v;
}

void jv_free(struct jv *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		jv_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->string);
	free(v);
}

const struct jv *jv_get(const struct jv *obj, const char *key)
{
	if (!obj || obj->kind != JV_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

const char *jv_str(const struct jv *obj, const char *key)
{
	const struct jv *v = jv_get(obj, key);

	return v && v->kind == JV_STRING ? v->string : NULL;
}
