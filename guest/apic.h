/* apic.h: the local APIC timer that wakes HLT and MWAIT. */
#ifndef APIC_H
#define APIC_H

#include "types.h"

void apic_init(void);
void apic_eoi(void);
/* Fire VEC_TIMER once after about ticks APIC timer ticks. */
void apic_oneshot(u32 ticks);
/* Fire VEC_TIMER every ticks APIC timer ticks, from now on. */
void apic_periodic(u32 ticks);
/* Fire VEC_TIMER once, or every, ms milliseconds (up to 500 s). */
void apic_oneshot_ms(u32 ms);
void apic_periodic_ms(u32 ms);
void apic_timer_stop(void);
/* True while the timer interrupt is requested but not yet taken. */
bool apic_timer_pending(void);

#endif /* APIC_H */
