/* cpu.h: who we run on: CPU vendor, hypervisor, features the triggers need. */
#ifndef CPU_H
#define CPU_H

#include "exits.h"
#include "x86.h"

enum hypervisor {
	HV_NONE,
	HV_KVM,
	HV_TCG,
	HV_OTHER,
};

struct cpu_info {
	/* Exit numbering: the host's vendor, once the stats leaves tell. */
	enum vendor vendor;
	bool numbering_from_stats;
	enum hypervisor hv;
	char vendor_id[13];	/* what CPUID leaf 0 says */
	char hv_id[13];
	u32 hv_max_leaf;	/* CPUID 0x40000000 EAX */
	u32 hv_features;	/* CPUID 0x40000001 EAX (KVM feature bits) */
	bool xsave;
	bool monitor;
	/* Filled by cpu_features(), after the census. */
	bool x2apic;
	bool tsc_deadline;
	bool tsc_adjust;
	bool ibrs;		/* IA32_SPEC_CTRL.IBRS */
	bool ibpb;		/* IA32_PRED_CMD.IBPB */
	bool arch_caps;		/* IA32_ARCH_CAPABILITIES */
};

extern struct cpu_info cpu;

/* CPUID through one door, so the probe knows how many exits it caused. */
struct cpuid probe_cpuid(u32 leaf, u32 subleaf);
/* CPUID instructions the probe has executed outside trigger loops. */
extern u32 probe_cpuid_calls;

void cpu_identify(void);
/* Read the feature flags the vmexit triggers need (several CPUID exits). */
void cpu_features(void);
const char *hypervisor_name(enum hypervisor hv);

#endif /* CPU_H */
