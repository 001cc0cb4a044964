/* percpu.h: each vCPU's own data, at the bottom of its 16 KiB stack. */
#ifndef PERCPU_H
#define PERCPU_H

#include "layout.h"
#include "types.h"
#include "x86.h"

struct percpu {
	u64 try_rsp;		/* offset 0: try_call()'s (boot/isr.S) */
	u32 index;		/* 0: the boot CPU */
	u32 apic_id;
	volatile u64 ticks;	/* VEC_TIMER interrupts taken */
	volatile u64 ipis;	/* VEC_IPI interrupts taken */
	/* The local APIC's mode and timer setting (guest/apic.c). */
	bool x2apic;
	u32 timer_mode, timer_divide;
	/* Work posted by smp_post(); NULL again when it is done. */
	void (*volatile work)(void *arg);
	void *volatile arg;
	volatile bool online;
};

/* The stacks are CPU_STACK_SIZE-aligned: the data is below RSP. */
static inline struct percpu *this_cpu(void)
{
	return (struct percpu *)(read_rsp() & ~(u64)(CPU_STACK_SIZE - 1));
}

#endif /* PERCPU_H */
