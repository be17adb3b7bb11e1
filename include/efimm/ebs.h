/*
 * The `ebs` option: efimm takes the machine over. After the buddy
 * allocator holds the claimed RAM, it calls ExitBootServices, writes to the
 * 16550 at COM1, the 0xe9 debug port and the GOP framebuffer itself (no
 * ConOut any more), takes back the firmware's boot-services memory into
 * memblock and the buddy allocator as Linux's efi_free_boot_services does,
 * runs the page self-test over all of it and ends with a runtime-services
 * reset. No UEFI types here: the option lives in the portable core.
 */
#ifndef _EFIMM_EBS_H
#define _EFIMM_EBS_H

#include <linux/types.h>

/* The options (lib/params.c); ebs_stale_key makes the first ExitBootServices try fail (tests the retry). */
extern bool efimm_ebs;
extern bool efimm_ebs_stale_key;

/*
 * efi/ebs.c: leave boot services and run the rest on the machine alone.
 * result is what the stages so far gave (0 ok, 1 warnings, 2 failed, as
 * efi/main.c counts), names their words. Returns only when
 * ExitBootServices itself failed (the firmware still runs; the result is
 * then "failed"); otherwise it ends with ResetSystem.
 */
int efi_ebs_takeover(void *image, int result, const char *const *result_names);

/*
 * efi/claim.c's owner names (compared by address) for what it left to the
 * firmware while boot services ran: the slack for its allocations, and
 * what it would not give or took while efimm claimed.
 */
extern const char efi_owner_left_to_firmware[];
extern const char efi_owner_unclaimed[];

/* The end of a failed run after ExitBootServices: the result, then the reset. */
void ebs_finish_failed(void) __attribute__((noreturn));
/* efi/ebs_cpu.c: our own GDT and an IDT that reports CPU exceptions (then ebs_finish_failed). */
void ebs_load_cpu_tables(void);

/* efi/fbcon.c: our own text console on the GOP framebuffer. */
bool fbcon_setup(void);      /* before ExitBootServices: the GOP mode and the font; false = none */
void fbcon_start(void);      /* clear the screen; from now on fbcon_write draws */
void fbcon_write(const char *s, size_t len);
bool fbcon_active(void);
void fbcon_framebuffer(u64 *base, u64 *size); /* for the identity map */

/* efi/serial.c: COM1 written directly once the firmware is gone. */
void serial_take_over(void);
bool serial_key(void); /* a byte arrived on COM1 (consumed) */
/* efi/console.c: no ConOut from now on; the console is COM1, debugcon and fbcon. */
void console_exit_boot_services(void);

#endif
