/* Splitting and dispatching a Linux-style command line. */
#include <linux/kernel.h>
#include <linux/string.h>
#include <efimm/cmdline.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool cmdline_next_word(const char **p, char *word, size_t size)
{
	const char *s = *p;
	size_t n = 0;
	bool quoted = false;

	while (is_space(*s))
		s++;
	if (!*s) {
		*p = s;
		return false;
	}
	for (; *s && (quoted || !is_space(*s)); s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (n + 1 < size)
			word[n++] = *s;
	}
	word[n] = '\0';
	*p = s;
	return true;
}

bool cmdline_next_piece(const char **p, char *buf, size_t size)
{
	const char *s = *p;
	size_t n = 0;

	if (!*s)
		return false;
	for (; *s && *s != ','; s++)
		if (n + 1 < size)
			buf[n++] = *s;
	buf[n] = '\0';
	*p = *s == ',' ? s + 1 : s;
	return true;
}

int efimm_parse_cmdline(const char *cmdline)
{
	char word[256];
	int bad = 0;

	while (cmdline_next_word(&cmdline, word, sizeof(word))) {
		char *eq = strchr(word, '=');
		const char *val = NULL;
		unsigned int i;

		if (eq) {
			*eq = '\0';
			val = eq + 1;
		}
		for (i = 0; i < efimm_nr_params; i++)
			if (!strcmp(efimm_params[i].name, word))
				break;
		if (i == efimm_nr_params) {
			pr_warn("efimm: unknown option '%s%s%s' ignored (the README lists the options)\n", word,
				val ? "=" : "", val ? val : "");
			bad++;
			continue;
		}
		if (efimm_params[i].has_value != (val != NULL)) {
			pr_warn("efimm: option '%s' %s\n", word,
				efimm_params[i].has_value ? "needs a value (name=value)" : "takes no value");
			bad++;
			continue;
		}
		if (efimm_params[i].set(val))
			bad++;
	}
	return bad;
}

/* simple_strtoull: base 0 picks 16 for "0x", 8 for a leading 0, else 10. */
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	unsigned long long v = 0;

	if (base == 0) {
		base = 10;
		if (cp[0] == '0') {
			base = 8;
			if ((cp[1] | 0x20) == 'x' && ((cp[2] >= '0' && cp[2] <= '9') || ((cp[2] | 0x20) >= 'a' && (cp[2] | 0x20) <= 'f'))) {
				base = 16;
				cp += 2;
			}
		}
	} else if (base == 16 && cp[0] == '0' && (cp[1] | 0x20) == 'x') {
		cp += 2;
	}
	for (;; cp++) {
		unsigned int d;
		char c = *cp;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	if (endp)
		*endp = (char *)cp;
	return v;
}

/* memparse: a number with an optional K, M, G, T, P or E suffix (powers of 1024). */
unsigned long long memparse(const char *ptr, char **retptr)
{
	char *end;
	unsigned long long v = simple_strtoull(ptr, &end, 0);
	int shift = 0;

	switch (*end) {
	case 'E': case 'e': shift += 10; /* fall through */
	case 'P': case 'p': shift += 10; /* fall through */
	case 'T': case 't': shift += 10; /* fall through */
	case 'G': case 'g': shift += 10; /* fall through */
	case 'M': case 'm': shift += 10; /* fall through */
	case 'K': case 'k': shift += 10;
		end++;
		break;
	default:
		break;
	}
	if (retptr)
		*retptr = end;
	return v << shift;
}
