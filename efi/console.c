/*
 * The console: UEFI ConOut (screen, and serial where the firmware mirrors
 * it there, as OVMF does) plus, under QEMU or Bochs, the 0xe9 debug port,
 * which gives tests a log free of firmware noise. After ExitBootServices
 * (the ebs option) ConOut is gone: the console is then COM1 driven by
 * efimm (efi/serial.c), debugcon and our framebuffer console (efi/fbcon.c).
 */
#include "efimm.h"
#include <efimm/platform.h>
#include <efimm/ebs.h>

#define DEBUGCON_PORT 0xe9
#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_PORT_DATA 0x511
#define QEMU_DEBUG_EXIT_PORT 0xf4

static bool have_debugcon;
static bool is_qemu;
static bool screen_on = true;
static bool firmware_gone;
static void (*capture_sink)(const char *s, size_t len);

/* Send console text to sink instead of the devices (NULL: back to the devices). */
void console_capture(void (*sink)(const char *s, size_t len))
{
	capture_sink = sink;
}

/* While a picture is on the screen, lines go to the log and debugcon only. */
void console_screen(bool on)
{
	screen_on = on;
}

/* The largest text mode the console offers (most cells), for long views. */
static void pick_largest_mode(void)
{
	UINTN best = ST->ConOut->Mode->Mode, best_cells = 0, cols, rows;

	for (INT32 m = 0; m < ST->ConOut->Mode->MaxMode; m++) {
		if (EFI_ERROR(ST->ConOut->QueryMode(ST->ConOut, m, &cols, &rows)))
			continue;
		if (cols * rows > best_cells) {
			best_cells = cols * rows;
			best = m;
		}
	}
	if (best != (UINTN)ST->ConOut->Mode->Mode)
		ST->ConOut->SetMode(ST->ConOut, best);
}

bool console_has_debugcon(void)
{
	return have_debugcon;
}

bool platform_is_qemu(void)
{
	return is_qemu;
}

/* CPUID.1:ECX bit 31: set by hypervisors (QEMU sets it under TCG too), clear on bare metal. */
static bool cpu_has_hypervisor(void)
{
	unsigned int a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return c & (1u << 31);
}

void console_init(void)
{
	char sig[4];

	pick_largest_mode();
	/* Never touch I/O ports on bare metal: on a real PC 0x510 may be another device's. */
	if (!cpu_has_hypervisor())
		return;
	/* QEMU's fw_cfg answers "QEMU" to its signature key (selector 0). */
	outw(FW_CFG_PORT_SEL, 0);
	for (int i = 0; i < 4; i++)
		sig[i] = (char)inb(FW_CFG_PORT_DATA);
	is_qemu = sig[0] == 'Q' && sig[1] == 'E' && sig[2] == 'M' && sig[3] == 'U';
	/* The debugcon device reads back its own port number. */
	have_debugcon = is_qemu && inb(DEBUGCON_PORT) == DEBUGCON_PORT;
}

void qemu_debug_exit(unsigned int value)
{
	if (is_qemu)
		outl(QEMU_DEBUG_EXIT_PORT, value);
}

/*
 * Just before ExitBootServices: no ConOut from here on. Its last line says
 * how COM1 is driven; then the framebuffer console takes the screen.
 */
void console_exit_boot_services(void)
{
	serial_take_over();
	firmware_gone = true;
	fbcon_start();
}

void platform_console_write(const char *s, size_t len)
{
	CHAR16 out[256];
	size_t n = 0;

	if (capture_sink) {
		capture_sink(s, len);
		return;
	}
	if (firmware_gone) {
		serial_write(s, len);
		if (have_debugcon)
			for (size_t i = 0; i < len; i++)
				outb(DEBUGCON_PORT, (UINT8)s[i]);
		fbcon_write(s, len);
		return;
	}
	serial_write(s, len);
	for (size_t i = 0; i < len; i++) {
		if (have_debugcon)
			outb(DEBUGCON_PORT, (UINT8)s[i]);
		if (n + 3 >= (sizeof(out) / sizeof(out[0]))) {
			out[n] = 0;
			if (screen_on)
				ST->ConOut->OutputString(ST->ConOut, out);
			n = 0;
		}
		if (s[i] == '\n')
			out[n++] = L'\r';
		out[n++] = (CHAR16)(unsigned char)s[i];
	}
	out[n] = 0;
	if (n && screen_on)
		ST->ConOut->OutputString(ST->ConOut, out);
}
