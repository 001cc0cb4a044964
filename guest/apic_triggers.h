/* apic_triggers.h: the local APIC's exits: self-IPIs, TPR, TSC deadline. */
#ifndef APIC_TRIGGERS_H
#define APIC_TRIGGERS_H

/* One iteration each; kvm-unit-tests' x86/vmexit names in comments. */
void self_ipi_run(void);	/* self_ipi_sti_nop */
void self_hlt_run(void);	/* self_ipi_sti_hlt */
void self_tpr_run(void);	/* self_tpr */
void tpr_sti_nop_run(void);	/* self_ipi_tpr_sti_nop */
void tpr_sti_hlt_run(void);	/* self_ipi_tpr_sti_hlt */
void tsc_immed_run(void);	/* tscdeadline_immed */
void tsc_ahead_run(void);	/* tscdeadline */

/* IPIs to the second vCPU, running or halted; PAUSE on both. */
void ipi_run(void);		/* ipi */
void ipi_halt_run(void);	/* ipi_halt */
void ple_run(void);		/* ple_round_robin */
void ipi_enter(void);
void ipi_halt_enter(void);
void ple_enter(void);
void peer_leave(void);
const char *no_peer(void);

/* The x2APIC variants run the same iterations in x2APIC mode. */
void x2apic_enter(void);
void x2apic_leave(void);

const char *no_x2apic(void);
const char *no_tsc_deadline(void);

#endif /* APIC_TRIGGERS_H */
