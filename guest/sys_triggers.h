/* sys_triggers.h: vmexit's MSR, control-register, port and PCI exits. */
#ifndef SYS_TRIGGERS_H
#define SYS_TRIGGERS_H

#include "types.h"

/* One iteration each; kvm-unit-tests' x86/vmexit names in comments. */
void cr8_read_run(void);	/* mov_from_cr8 */
void cr8_write_run(void);	/* mov_to_cr8 */
void pmtimer_run(void);		/* inl_from_pmtimer */
void inl_qemu_run(void);	/* inl_from_qemu */
void elcr_in_run(void);		/* inl_from_kernel */
void elcr_out_run(void);	/* outl_to_kernel */
void wr_gs_base_run(void);	/* wr_kernel_gs_base */
void wr_tsx_ctrl_run(void);	/* wr_tsx_ctrl_msr */
void wr_ibrs_run(void);		/* wr_ibrs_msr */
void wr_ibpb_run(void);		/* wr_ibpb_msr */
void wr_tsc_adj_run(void);	/* wr_tsc_adjust_msr */
void rd_tsc_adj_run(void);	/* rd_tsc_adjust_msr */
void cr0_wp_run(void);		/* toggle_cr0_wp */
void cr4_pge_run(void);		/* toggle_cr4_pge */
void pci_mem_run(void);		/* pci-mem */
void pci_io_run(void);		/* pci-io */

const char *no_pm_timer(void);
const char *no_tsx_ctrl(void);
const char *no_ibrs(void);
const char *no_ibpb(void);
const char *no_tsc_adjust(void);
const char *no_pci_testdev(void);

/* Read CR0 and CR4 afresh: the CR toggles restore what they found. */
void sys_cr_enter(void);

/* Read what the triggers write back: ACPI, PCI, MSR and CR values. */
void sys_triggers_init(void);

#endif /* SYS_TRIGGERS_H */
