/* basic_triggers.h: the probe's first triggers (basic_triggers.c). */
#ifndef BASIC_TRIGGERS_H
#define BASIC_TRIGGERS_H

#include "mem.h"

/* One iteration each. */
void nop_run(void);
void rdtsc_run(void);
void cpuid_run(void);
void hlt_run(void);
void io_kvm_run(void);
void io_qemu_run(void);
void rdmsr_run(void);
void wrmsr_run(void);
void vmcall_run(void);
void cr0_run(void);
void cr4_run(void);
void dr7_run(void);
void xsetbv_run(void);
void wbinvd_run(void);
void invd_run(void);
void rdpmc_run(void);
void pause_run(void);
void monitor_run(void);
void mwait_run(void);
void fresh_page_run(void);
void mmio_run(void);
void irq_window_run(void);
void task_switch_run(void);

/* NULL when it can run here, else why not. */
const char *no_xsave(void);
const char *no_mmio_hole(void);
const char *no_fresh_ram(void);

/* Iterations fresh_page can afford per round: fresh pages run out. */
u32 fresh_prepare(u32 iters, u32 rounds);

/* Record the memory layout, MSR and XCR0 values the triggers use. */
void basic_triggers_init(const struct mem_layout *m);

#endif /* BASIC_TRIGGERS_H */
