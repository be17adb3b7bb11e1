/*
 * The CPU's own tables once efimm owns the machine (the `ebs` option). The
 * firmware's GDT, IDT and exception handlers may live in boot-services
 * memory, which efimm takes back and the page self-test then overwrites: an
 * exception would jump into a pattern and triple-fault, the machine
 * resetting without a word. So before taking memory back efimm loads a flat
 * GDT (64-bit code, data) and an IDT whose 32 exception vectors print the
 * exception, its error code, RIP (as efimm+offset for addr2line), CR2 and
 * RSP on the console (COM1, debugcon, screen), then fail the run and reset.
 * Interrupts stay off: nothing after ExitBootServices needs them.
 */
#include "efimm.h"
#include <linux/kernel.h>
#include <linux/printk.h>
#include <efimm/platform.h>
#include <efimm/ebs.h>

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define NR_EXCEPTIONS 32
#define STUB_SIZE 16

struct idt_gate {
	u16 offset_low, selector;
	u8 ist, type_attr;
	u16 offset_mid;
	u32 offset_high, zero;
} __attribute__((packed));

struct table_pointer {
	u16 limit;
	u64 base;
} __attribute__((packed));

/* Null, 64-bit ring-0 code, ring-0 data (flat). */
static const u64 gdt[3] __attribute__((aligned(16))) = { 0, 0x00af9a000000ffffULL, 0x00cf92000000ffffULL };
static struct idt_gate idt[NR_EXCEPTIONS] __attribute__((aligned(16)));

static const char *const exception_name[NR_EXCEPTIONS] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range",
	"#UD invalid opcode", "#NM no FPU", "#DF double fault", "coprocessor overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault", "#GP general protection", "#PF page fault", "reserved",
	"#MF x87 error", "#AC alignment check", "#MC machine check", "#XM SIMD error", "#VE virtualization",
	"#CP control protection",
};

/*
 * One 16-byte stub per vector: push a zero where the CPU pushes no error
 * code, push the vector, go to the common part, which hands the frame
 * (vector, error code, RIP, CS, RFLAGS, RSP, SS) to ebs_exception.
 */
#define STUB(n) ".balign 16\n\tpush $0\n\tpush $" #n "\n\tjmp ebs_exception_common\n\t"
#define STUB_ERR(n) ".balign 16\n\tpush $" #n "\n\tjmp ebs_exception_common\n\t"
__asm__(".text\n\t"
	".balign 16\n"
	"ebs_exception_stubs:\n\t"
	STUB(0) STUB(1) STUB(2) STUB(3) STUB(4) STUB(5) STUB(6) STUB(7)
	STUB_ERR(8) STUB(9) STUB_ERR(10) STUB_ERR(11) STUB_ERR(12) STUB_ERR(13) STUB_ERR(14) STUB(15)
	STUB(16) STUB_ERR(17) STUB(18) STUB(19) STUB(20) STUB_ERR(21) STUB(22) STUB(23)
	STUB(24) STUB(25) STUB(26) STUB(27) STUB(28) STUB_ERR(29) STUB_ERR(30) STUB(31)
	"\n"
	"ebs_exception_common:\n\t"
	"mov %rsp, %rdi\n\t"
	"and $-16, %rsp\n\t"
	"call ebs_exception\n"
	"1:\n\t"
	"cli\n\t"
	"hlt\n\t"
	"jmp 1b\n");

extern const char ebs_exception_stubs[];
void ebs_exception(const u64 *frame) __attribute__((used, visibility("hidden")));

void ebs_exception(const u64 *frame)
{
	static bool inside;
	char where[48];
	u64 cr2;

	if (inside)
		return; /* an exception while reporting one: halt (the caller's loop) */
	inside = true;
	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	platform_symbolize((void *)(UINTN)frame[2], where, sizeof(where));
	console_print(KERN_EMERG "efimm: ebs: CPU exception %llu (%s), error code %#llx, at RIP %#llx (%s), CR2 %#llx, RSP %#llx\n",
		      (unsigned long long)frame[0], frame[0] < ARRAY_SIZE(exception_name) && exception_name[frame[0]] ?
		      exception_name[frame[0]] : "reserved", (unsigned long long)frame[1], (unsigned long long)frame[2],
		      where, (unsigned long long)cr2, (unsigned long long)frame[5]);
	ebs_finish_failed();
}

/* Load our GDT (reloading every segment register) and the exception IDT. */
void ebs_load_cpu_tables(void)
{
	struct table_pointer gdtr = { sizeof(gdt) - 1, (u64)(UINTN)gdt };
	struct table_pointer idtr = { sizeof(idt) - 1, (u64)(UINTN)idt };

	for (unsigned int v = 0; v < NR_EXCEPTIONS; v++) {
		u64 at = (u64)(UINTN)ebs_exception_stubs + v * STUB_SIZE;

		idt[v] = (struct idt_gate){ .offset_low = (u16)at, .selector = KERNEL_CS, .ist = 0,
					    .type_attr = 0x8e, /* present, ring 0, 64-bit interrupt gate */
					    .offset_mid = (u16)(at >> 16), .offset_high = (u32)(at >> 32), .zero = 0 };
	}
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %2, %%eax\n\t"
			 "mov %%eax, %%ds\n\t"
			 "mov %%eax, %%es\n\t"
			 "mov %%eax, %%ss\n\t"
			 "mov %%eax, %%fs\n\t"
			 "mov %%eax, %%gs\n\t"
			 "lidt %3"
			 :
			 : "m"(gdtr), "i"(KERNEL_CS), "i"(KERNEL_DS), "m"(idtr)
			 : "rax", "memory");
}
