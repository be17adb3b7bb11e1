/*
 * The serial port on real PCs. OVMF and many server firmwares mirror the
 * console to a UART already; most desktop firmware does not. So efimm
 * looks at the console's own devices: if one of them sits on a UART, the
 * firmware's mirror carries everything; otherwise efimm writes every line to
 * COM1 (0x3f8, 115200 8N1) itself, when a 16550 answers there. What was
 * printed before is sent first, so the serial log is whole.
 * After ExitBootServices (the ebs option) there is no mirror any more:
 * serial_take_over makes efimm write COM1 itself from then on.
 */
#include "efimm.h"
#include <linux/string.h>
#include <linux/printk.h>
#include <efimm/log.h>
#include <efimm/cmdline.h>
#include <efimm/ebs.h>

#define COM1 0x3f8
#define UART_THR 0 /* transmit holding */
#define UART_DLL 0 /* divisor latch, with DLAB */
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LCR_DLAB 0x80
#define LCR_8N1 0x03

static bool direct;

/* Does any text output device of the firmware's console sit on a UART? */
static bool conout_has_uart(void)
{
	EFI_GUID out_guid = SIMPLE_TEXT_OUTPUT_PROTOCOL, dp_guid = DEVICE_PATH_PROTOCOL;
	EFI_HANDLE *handles = NULL;
	UINTN n = 0;
	bool uart = false;

	if (EFI_ERROR(BS->LocateHandleBuffer(ByProtocol, &out_guid, NULL, &n, &handles)))
		return false;
	for (UINTN i = 0; i < n && !uart; i++) {
		EFI_DEVICE_PATH *dp;

		if (EFI_ERROR(BS->HandleProtocol(handles[i], &dp_guid, (void **)&dp)) || !dp)
			continue;
		for (; !IsDevicePathEnd(dp); dp = NextDevicePathNode(dp))
			if (DevicePathType(dp) == MESSAGING_DEVICE_PATH && DevicePathSubType(dp) == MSG_UART_DP)
				uart = true;
	}
	BS->FreePool(handles);
	return uart;
}

/* A 16550 keeps what is written to its scratch register; an empty port reads back 0xff. */
static bool uart_present(UINT16 base)
{
	outb(base + UART_SCR, 0x5a);
	if (inb(base + UART_SCR) != 0x5a)
		return false;
	outb(base + UART_SCR, 0xa5);
	return inb(base + UART_SCR) == 0xa5;
}

static void uart_setup(UINT16 base)
{
	outb(base + UART_IER, 0);
	outb(base + UART_LCR, 0x80); /* DLAB */
	outb(base + UART_DLL, 1);    /* 115200 baud */
	outb(base + UART_DLM, 0);
	outb(base + UART_LCR, 0x03); /* 8N1 */
	outb(base + UART_FCR, 0x07); /* FIFOs on and cleared */
	outb(base + UART_MCR, 0x03); /* DTR, RTS */
}

static void uart_putc(char c)
{
	/* Bounded wait: a port without a cable must not hang us. */
	for (unsigned int spin = 0; spin < 100000 && !(inb(COM1 + UART_LSR) & LSR_THRE); spin++)
		;
	outb(COM1 + UART_THR, (UINT8)c);
}

void serial_write(const char *s, size_t len)
{
	if (!direct)
		return;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

/* After the command line is known (serial=auto|on|off). */
void serial_init(void)
{
	const char *log;
	size_t len;

	if (efimm_serial == SERIAL_OFF)
		return;
	if (efimm_serial == SERIAL_AUTO && conout_has_uart()) {
		pr_info("efimm: console: the firmware mirrors it to a serial port already\n");
		return;
	}
	if (!uart_present(COM1)) {
		pr_info("efimm: console: no 16550 at COM1 (0x3f8); no serial output\n");
		return;
	}
	uart_setup(COM1);
	direct = true;
	log = log_buffer(&len, NULL);
	serial_write(log, len);
	pr_info("efimm: console: writing to COM1 (0x3f8, 115200 8N1) as well\n");
}

/*
 * Before ExitBootServices: from now on efimm drives COM1 itself (unless
 * serial=off or no UART answers). The firmware's settings are kept when
 * it programmed the port already (8N1 and a divisor); otherwise 115200 8N1.
 */
void serial_take_over(void)
{
	UINT8 lcr, dll, dlm;

	if (efimm_serial == SERIAL_OFF || direct)
		return;
	if (!uart_present(COM1)) {
		pr_info("efimm: console: no 16550 at COM1 (0x3f8); after ExitBootServices the screen only\n");
		return;
	}
	lcr = inb(COM1 + UART_LCR);
	outb(COM1 + UART_LCR, lcr | LCR_DLAB);
	dll = inb(COM1 + UART_DLL);
	dlm = inb(COM1 + UART_DLM);
	outb(COM1 + UART_LCR, lcr & ~LCR_DLAB);
	if ((lcr & ~LCR_DLAB) == LCR_8N1 && (dll || dlm)) {
		pr_info("efimm: console: COM1 (0x3f8) written by efimm from now on, as the firmware set it (8N1, divisor %u)\n",
			dll | dlm << 8);
	} else {
		uart_setup(COM1);
		pr_info("efimm: console: COM1 (0x3f8) written by efimm from now on, programmed 115200 8N1\n");
	}
	direct = true;
}

/* A byte arrived on COM1 (only while efimm drives it); the byte is consumed. */
bool serial_key(void)
{
	if (!direct || !(inb(COM1 + UART_LSR) & LSR_DR))
		return false;
	(void)inb(COM1 + UART_THR); /* the receive buffer shares the offset */
	return true;
}
