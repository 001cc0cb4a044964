/* smp.h: the application processors: started from the MADT, given work. */
#ifndef SMP_H
#define SMP_H

#include "acpi.h"
#include "percpu.h"

/* vCPUs online, the boot CPU included; 1 until smp_start(). */
extern u32 ncpus;

/*
 * Start every processor the MADT lists (INIT, SIPI, a second SIPI if the
 * first gets no answer), each on its own stack with the shared IDT and
 * its own LAPIC; they park, spinning on their mailbox with no exit. With
 * the stats leaves, print the exits their start-up took. Return how many
 * did not come up.
 */
u32 smp_start(void);

struct percpu *cpu_data(u32 index);

/* Give parked vCPU index fn(arg) to run; false if it is busy. */
bool smp_post(u32 index, void (*fn)(void *arg), void *arg);

/* Wait, bounded, for vCPU index to finish; false if it did not. */
bool smp_wait(u32 index);

#endif /* SMP_H */
