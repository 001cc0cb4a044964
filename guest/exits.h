/* exits.h: VM exit numbers and their names, per vendor. */
#ifndef EXITS_H
#define EXITS_H

#include "types.h"

enum vendor {
	VENDOR_INTEL,
	VENDOR_AMD,
	VENDOR_OTHER,
};

/* Intel VMX basic exit reasons (SDM), the ones the triggers name. */
#define VMX_EXIT_EXTINT		1
#define VMX_EXIT_TRIPLE_FAULT	2
#define VMX_EXIT_IRQ_WINDOW	7
#define VMX_EXIT_TASK_SWITCH	9
#define VMX_EXIT_CPUID		10
#define VMX_EXIT_HLT		12
#define VMX_EXIT_INVD		13
#define VMX_EXIT_RDPMC		15
#define VMX_EXIT_RDTSC		16
#define VMX_EXIT_VMCALL		18
#define VMX_EXIT_CR_ACCESS	28
#define VMX_EXIT_DR_ACCESS	29
#define VMX_EXIT_IO		30
#define VMX_EXIT_RDMSR		31
#define VMX_EXIT_WRMSR		32
#define VMX_EXIT_MWAIT		36
#define VMX_EXIT_MONITOR	39
#define VMX_EXIT_PAUSE		40
#define VMX_EXIT_TPR_BELOW	43	/* TPR below threshold */
#define VMX_EXIT_APIC_ACCESS	44
#define VMX_EXIT_EPT_VIOLATION	48
#define VMX_EXIT_EPT_MISCONFIG	49
#define VMX_EXIT_PREEMPT_TIMER	52
#define VMX_EXIT_WBINVD		54
#define VMX_EXIT_XSETBV		55
#define VMX_EXIT_APIC_WRITE	56
#define VMX_EXIT_MAX		85	/* WRMSRNS with immediate */

/* AMD SVM exit codes (APM volume 2, appendix C). */
#define SVM_EXIT_CR8_READ	0x008
#define SVM_EXIT_CR0_WRITE	0x010
#define SVM_EXIT_CR4_WRITE	0x014
#define SVM_EXIT_CR8_WRITE	0x018
#define SVM_EXIT_DR7_WRITE	0x037
#define SVM_EXIT_INTR		0x060
#define SVM_EXIT_VINTR		0x064
#define SVM_EXIT_CR0_SEL_WRITE	0x065
#define SVM_EXIT_RDTSC		0x06e
#define SVM_EXIT_RDPMC		0x06f
#define SVM_EXIT_CPUID		0x072
#define SVM_EXIT_INVD		0x076
#define SVM_EXIT_PAUSE		0x077
#define SVM_EXIT_HLT		0x078
#define SVM_EXIT_IOIO		0x07b
#define SVM_EXIT_MSR		0x07c
#define SVM_EXIT_TASK_SWITCH	0x07d
#define SVM_EXIT_SHUTDOWN	0x07f
#define SVM_EXIT_VMMCALL	0x081
#define SVM_EXIT_WBINVD		0x089
#define SVM_EXIT_MONITOR	0x08a
#define SVM_EXIT_MWAIT		0x08b
#define SVM_EXIT_XSETBV		0x08d
#define SVM_EXIT_NPF		0x400
#define SVM_EXIT_AVIC_NOACCEL	0x402
#define SVM_EXIT_MAX		0x403	/* VMGEXIT */

#define EXIT_NAME_LEN	32

/* True when the vendor's manual defines exit number nr. */
bool exit_defined(enum vendor v, u32 nr);

/* Name of nr, formatted into buf where needed; NULL if undefined. */
const char *exit_name(enum vendor v, u32 nr, char *buf);

/* Fill out[] with every defined exit number in ascending order. */
u32 exit_all_defined(enum vendor v, u32 *out, u32 max);

/* The vendor's CPUID exit number, which every stats read also causes. */
u32 exit_cpuid(enum vendor v);

const char *vendor_name(enum vendor v);

#endif /* EXITS_H */
