/*
 * efimm's command line: Linux-style words ("batch efi=debug loglevel=7").
 * Each known parameter is a row in lib/params.c; unknown words are reported.
 */
#ifndef _EFIMM_CMDLINE_H
#define _EFIMM_CMDLINE_H

#include <linux/types.h>

struct efimm_param {
	const char *name;  /* "batch", or "efi" for efi=... */
	bool has_value;    /* takes "=value" */
	int (*set)(const char *val); /* 0 on success; prints its own error otherwise */
	const char *help;  /* one line for the README table and `help` */
};

extern const struct efimm_param efimm_params[];
extern const unsigned int efimm_nr_params;

/* Settings the command line controls that are not another module's. */
extern bool efimm_batch;
extern bool efimm_nopause;
extern bool efimm_report;
extern bool efimm_picture;
enum efimm_serial_mode { SERIAL_AUTO, SERIAL_ON, SERIAL_OFF };
extern enum efimm_serial_mode efimm_serial;

/* Parse a command line; returns the number of words that were unknown or invalid. */
int efimm_parse_cmdline(const char *cmdline);

/* Split the next word off *p (spaces/tabs separate; "double quotes" group). */
bool cmdline_next_word(const char **p, char *word, size_t size);

/*
 * Split the next comma-separated piece off *p ("debug,nosoftreserve"); an
 * over-long piece is cut to size - 1 and its rest skipped. False at the end.
 */
bool cmdline_next_piece(const char **p, char *buf, size_t size);

/* Linux's number parsers (lib/cmdline.c, lib/vsprintf.c). */
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);
unsigned long long memparse(const char *ptr, char **retptr);

#endif
