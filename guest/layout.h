/* layout.h: memory layout the C and assembly halves share (no C types). */
#ifndef LAYOUT_H
#define LAYOUT_H

#define CPUS_MAX	8	/* vCPUs the probe drives, the boot CPU included */
/* Each vCPU's stack, aligned to its size; struct percpu at the bottom. */
#define CPU_STACK_SIZE	16384
/* Where an AP starts (boot/trampoline.S): below 1 MiB, page-aligned. */
#define TRAMPOLINE_BASE	0x8000

#endif /* LAYOUT_H */
