/* trap.h: the interrupt descriptor table and exception recovery. */
#ifndef TRAP_H
#define TRAP_H

#include "types.h"

#define VEC_TIMER	32	/* local APIC timer */
#define VEC_IPI		0xf1	/* IPIs the triggers send */
#define VEC_SPURIOUS	0xff	/* local APIC spurious interrupt */
#define TRY_OK		(-1)	/* try_call(): no exception */

/* Laid out by boot/isr.S: last pushed first. */
struct trap_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector, error;
	u64 rip, cs, rflags, rsp, ss;
};

/* Fill the IDT and load it; idt_load() loads it on another CPU. */
void idt_init(void);
void idt_load(void);
void trap(struct trap_frame *f);

/* Call fn(arg); return TRY_OK, or the vector of the exception it raised. */
int try_call(void (*fn)(void *), void *arg);


#endif /* TRAP_H */
