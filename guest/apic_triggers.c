/*
 * apic_triggers.c: the local APIC's exits, as kvm-unit-tests' x86/vmexit
 * makes them: a self-IPI taken at STI;NOP or STI;HLT, held back by the
 * task priority, and the TSC-deadline timer.
 */
#include "apic.h"
#include "apic_triggers.h"
#include "cpu.h"
#include "trap.h"
#include "x86.h"

#define WAIT_POLLS	1000000		/* bound on waiting for a delivery */
#define TPR_BLOCK_ALL	15		/* CR8: no maskable interrupt */
#define TPR_OPEN	0
#define TSC_DEADLINE_DELAY 3000		/* cycles: the timer fires later */

/*
 * Let in the interrupt the iteration raised, bounded: it is normally
 * taken already, at the exit that made it deliverable.
 */
static void wait_taken(volatile u64 *count, u64 seen)
{
	u32 polls = 0;

	sti();
	while (*count == seen && ++polls < WAIT_POLLS)
		;
	cli();
}

/* Pending at STI: taken at the interrupt window after the shadow. */
void self_ipi_run(void)
{
	u64 seen = ipi_count;

	apic_self_ipi(VEC_IPI);
	asm volatile("sti; nop; cli" : : : "memory");
	wait_taken(&ipi_count, seen);
}

/* Pending at STI;HLT: the HLT exits, and the IPI ends it. */
void self_hlt_run(void)
{
	u64 seen = ipi_count;

	apic_self_ipi(VEC_IPI);
	sti_hlt();
	cli();
	wait_taken(&ipi_count, seen);
}

/* Held back by the TPR with interrupts on: lowering it delivers. */
void self_tpr_run(void)
{
	u64 seen = ipi_count;

	write_cr8(TPR_BLOCK_ALL);
	apic_self_ipi(VEC_IPI);
	sti();
	write_cr8(TPR_OPEN);
	asm volatile("nop; cli" : : : "memory");
	wait_taken(&ipi_count, seen);
}

/* Held back by the TPR, then by IF: taken at the STI;NOP window. */
void tpr_sti_nop_run(void)
{
	u64 seen = ipi_count;

	write_cr8(TPR_BLOCK_ALL);
	apic_self_ipi(VEC_IPI);
	write_cr8(TPR_OPEN);
	asm volatile("sti; nop; cli" : : : "memory");
	wait_taken(&ipi_count, seen);
}

void tpr_sti_hlt_run(void)
{
	u64 seen = ipi_count;

	write_cr8(TPR_BLOCK_ALL);
	apic_self_ipi(VEC_IPI);
	write_cr8(TPR_OPEN);
	sti_hlt();
	cli();
	wait_taken(&ipi_count, seen);
}

/* A deadline already passed fires at the WRMSR's exit. */
void tsc_immed_run(void)
{
	u64 seen = timer_ticks;

	sti();
	apic_tsc_deadline(rdtsc());
	wait_taken(&timer_ticks, seen);
}

void tsc_ahead_run(void)
{
	u64 seen = timer_ticks;

	sti();
	apic_tsc_deadline(rdtsc() + TSC_DEADLINE_DELAY);
	wait_taken(&timer_ticks, seen);
}

void x2apic_enter(void)
{
	apic_set_x2apic(true);
}

void x2apic_leave(void)
{
	apic_set_x2apic(false);
}

const char *no_x2apic(void)
{
	return cpu.x2apic ? NULL : "the CPU does not report x2APIC";
}

const char *no_tsc_deadline(void)
{
	return cpu.tsc_deadline ? NULL :
	       "the CPU does not report the TSC-deadline timer";
}
