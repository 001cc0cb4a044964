/* apic.h: the local APIC, its timer (which wakes HLT and MWAIT) and IPIs. */
#ifndef APIC_H
#define APIC_H

#include "types.h"

/* The boot CPU: mask the 8259s, then as apic_init_ap(). */
void apic_init(void);
/* Enable this CPU's APIC in xAPIC mode, timer one-shot, unmasked. */
void apic_init_ap(void);
u32 apic_id(void);
void apic_eoi(void);
/* Fire VEC_TIMER once after about ticks APIC timer ticks. */
void apic_oneshot(u32 ticks);
/* Fire VEC_TIMER every ticks APIC timer ticks, from now on. */
void apic_periodic(u32 ticks);
/* Fire VEC_TIMER once, or every, ms milliseconds (up to 500 s). */
void apic_oneshot_ms(u32 ms);
void apic_periodic_ms(u32 ms);
/* Fire VEC_TIMER once when the TSC reaches tsc (TSC-deadline mode). */
void apic_tsc_deadline(u64 tsc);
void apic_timer_stop(void);
/* Switch between xAPIC and x2APIC mode; the APIC is set up afresh. */
void apic_set_x2apic(bool on);
bool apic_x2apic(void);
/* Send vector to this CPU through the ICR. */
void apic_self_ipi(u8 vector);
/* Send vector to the CPU with APIC ID dest. */
void apic_ipi(u32 dest, u8 vector);
/* INIT, and a start-up IPI that starts it at page << 12 in real mode. */
void apic_init_ipi(u32 dest);
void apic_startup_ipi(u32 dest, u32 page);
/* True while the timer interrupt is requested but not yet taken. */
bool apic_timer_pending(void);

#endif /* APIC_H */
