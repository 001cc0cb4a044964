/* trap.c: IDT setup and the one C handler behind every vector. */
#include "apic.h"
#include "percpu.h"
#include "power.h"
#include "printf.h"
#include "trap.h"
#include "x86.h"

#define IDT_VECTORS	256
#define ISR_STUB_SIZE	16	/* boot/isr.S aligns each stub to 16 */
#define SEL_CODE64	0x08
#define GATE_INTR	0x8e	/* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
	u16 offset_lo;
	u16 selector;
	u8 ist;
	u8 type;
	u16 offset_mid;
	u32 offset_hi;
	u32 reserved;
} __attribute__((packed));

extern char isr_table_start[];
extern char try_fault[];

static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));

static const char *const exception_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "15",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "22", "23",
	"24", "25", "26", "27", "#HV", "#VC", "#SX", "31",
};

void idt_load(void)
{
	struct idt_ptr p = { sizeof(idt) - 1, (u64)idt };

	lidt(&p);
}

void idt_init(void)
{
	unsigned int v;

	for (v = 0; v < IDT_VECTORS; v++) {
		u64 isr = (u64)isr_table_start + v * ISR_STUB_SIZE;

		idt[v].offset_lo = (u16)isr;
		idt[v].selector = SEL_CODE64;
		idt[v].ist = 0;
		idt[v].type = GATE_INTR;
		idt[v].offset_mid = (u16)(isr >> 16);
		idt[v].offset_hi = (u32)(isr >> 32);
		idt[v].reserved = 0;
	}
	idt_load();
}

/*
 * Exceptions inside try_call() resume at try_fault with the vector in
 * RAX; any other exception is fatal and ends the run as a failure.
 */
void trap(struct trap_frame *f)
{
	struct percpu *c = this_cpu();

	if (f->vector < 32 && c->try_rsp) {
		f->rip = (u64)try_fault;
		f->rsp = c->try_rsp;
		f->rax = f->vector;
		return;
	}
	if (f->vector == VEC_TIMER) {
		c->ticks++;
		apic_eoi();
		return;
	}
	if (f->vector == VEC_IPI) {
		apic_eoi();
		c->ipis++;
		return;
	}
	if (f->vector == VEC_SPURIOUS)
		return;
	if (f->vector < 32) {
		printf("\nFAIL: unexpected exception %s (vector %lu) on vCPU %u at rip %#lx, error %#lx\n",
		       exception_names[f->vector], f->vector, c->index, f->rip,
		       f->error);
		power_off(EXIT_FAILURE_STATUS);
	}
	printf("INFO: unexpected interrupt vector %lu ignored\n", f->vector);
	apic_eoi();
}
