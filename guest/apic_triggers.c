/*
 * apic_triggers.c: the local APIC's exits, as kvm-unit-tests' x86/vmexit
 * makes them: a self-IPI taken at STI;NOP or STI;HLT, held back by the
 * task priority, the TSC-deadline timer, and IPIs to a second vCPU.
 */
#include "apic.h"
#include "apic_triggers.h"
#include "cpu.h"
#include "percpu.h"
#include "smp.h"
#include "trap.h"
#include "x86.h"

#define WAIT_POLLS	1000000		/* bound on waiting for a delivery */
#define TPR_BLOCK_ALL	15		/* CR8: no maskable interrupt */
#define TPR_OPEN	0
#define TSC_DEADLINE_DELAY 3000		/* cycles: the timer fires later */
/*
 * Bound on waiting for the other vCPU: it may share a host CPU with this
 * one (the nested lab's L1 has one) and run only when this one's time
 * slice ends; PAUSE lets a host with pause-loop exiting run it sooner.
 */
#define PEER_POLLS	200000000u

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
	u64 seen = this_cpu()->ipis;

	apic_self_ipi(VEC_IPI);
	asm volatile("sti; nop; cli" : : : "memory");
	wait_taken(&this_cpu()->ipis, seen);
}

/* Pending at STI;HLT: the HLT exits, and the IPI ends it. */
void self_hlt_run(void)
{
	u64 seen = this_cpu()->ipis;

	apic_self_ipi(VEC_IPI);
	sti_hlt();
	cli();
	wait_taken(&this_cpu()->ipis, seen);
}

/* Held back by the TPR with interrupts on: lowering it delivers. */
void self_tpr_run(void)
{
	u64 seen = this_cpu()->ipis;

	write_cr8(TPR_BLOCK_ALL);
	apic_self_ipi(VEC_IPI);
	sti();
	write_cr8(TPR_OPEN);
	asm volatile("nop; cli" : : : "memory");
	wait_taken(&this_cpu()->ipis, seen);
}

/* Held back by the TPR, then by IF: taken at the STI;NOP window. */
void tpr_sti_nop_run(void)
{
	u64 seen = this_cpu()->ipis;

	write_cr8(TPR_BLOCK_ALL);
	apic_self_ipi(VEC_IPI);
	write_cr8(TPR_OPEN);
	asm volatile("sti; nop; cli" : : : "memory");
	wait_taken(&this_cpu()->ipis, seen);
}

void tpr_sti_hlt_run(void)
{
	u64 seen = this_cpu()->ipis;

	write_cr8(TPR_BLOCK_ALL);
	apic_self_ipi(VEC_IPI);
	write_cr8(TPR_OPEN);
	sti_hlt();
	cli();
	wait_taken(&this_cpu()->ipis, seen);
}

/* A deadline already passed fires at the WRMSR's exit. */
void tsc_immed_run(void)
{
	u64 seen = this_cpu()->ticks;

	sti();
	apic_tsc_deadline(rdtsc());
	wait_taken(&this_cpu()->ticks, seen);
}

void tsc_ahead_run(void)
{
	u64 seen = this_cpu()->ticks;

	sti();
	apic_tsc_deadline(rdtsc() + TSC_DEADLINE_DELAY);
	wait_taken(&this_cpu()->ticks, seen);
}

/*
 * The second vCPU's side of ipi, ipi_halt and ple, posted as its job
 * before the first snapshot and stopped after the last: it spins with
 * interrupts on (ipi), halts once per IPI it is armed for (ipi_halt), or
 * spins on PAUSE (ple). Its own exits, the EOIs and HLTs, are the VM's.
 */
static struct {
	volatile bool ready, stop;
	volatile u32 arm, halting, woke;
} peer;

static void peer_spin(void *unused)
{
	(void)unused;
	peer.ready = true;
	sti();
	while (!peer.stop)
		pause();
	cli();
}

/*
 * One HLT per arm, whenever the IPI comes: pending at the STI;HLT (the HLT
 * still exits, and returns at once), or while halted.
 */
static void peer_halt(void *unused)
{
	u32 seen = 0;

	(void)unused;
	peer.ready = true;
	for (;;) {
		while (peer.arm == seen && !peer.stop)
			pause();
		if (peer.stop)
			break;
		seen = peer.arm;
		peer.halting = seen;
		sti_hlt();
		cli();
		peer.woke = seen;
	}
}

static void peer_pause(void *unused)
{
	(void)unused;
	peer.ready = true;
	while (!peer.stop)
		pause();
}

static void peer_start(void (*job)(void *))
{
	u32 polls = 0;

	peer.ready = false;
	peer.stop = false;
	peer.arm = 0;
	peer.halting = 0;
	peer.woke = 0;
	if (!smp_post(1, job, NULL))
		return;
	while (!peer.ready && ++polls < PEER_POLLS)
		pause();
}

void ipi_enter(void)
{
	peer_start(peer_spin);
}

void ipi_halt_enter(void)
{
	peer_start(peer_halt);
}

void ple_enter(void)
{
	peer_start(peer_pause);
}

/*
 * Stop the peer. One that halted and has not woken took its IPI before
 * the HLT (QEMU 7.2's emulated SVM can drop the STI shadow): wake it.
 */
void peer_leave(void)
{
	peer.stop = true;
	if (peer.halting != peer.woke)
		apic_ipi(cpu_data(1)->apic_id, VEC_IPI);
	smp_wait(1);
}

/* IPI the peer and wait, bounded, for its handler to have run. */
static void ipi_peer(void)
{
	struct percpu *c = cpu_data(1);
	u64 seen = c->ipis;
	u32 polls = 0;

	apic_ipi(c->apic_id, VEC_IPI);
	while (c->ipis == seen && ++polls < PEER_POLLS)
		pause();
}

void ipi_run(void)
{
	ipi_peer();
}

/*
 * Arm the peer, let it reach its HLT, then wake it with the IPI. A peer
 * still asleep from an early wake-up never gets there: send it anyway.
 */
void ipi_halt_run(void)
{
	u32 arm = peer.arm + 1, polls = 0;

	peer.arm = arm;
	while (peer.halting != arm && ++polls < PEER_POLLS / 10)
		pause();
	ipi_peer();
}

void ple_run(void)
{
	pause();
}

const char *no_peer(void)
{
	return ncpus < 2 ? "needs a second vCPU (qemu -smp 2)" : NULL;
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
