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
