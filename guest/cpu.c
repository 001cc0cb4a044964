/* cpu.c: identify the CPU vendor and the hypervisor from CPUID. */
#include "cpu.h"

#define CPUID_1_ECX_MONITOR	(1u << 3)
#define CPUID_1_ECX_X2APIC	(1u << 21)
#define CPUID_1_ECX_TSC_DL	(1u << 24)	/* TSC-deadline timer */
#define CPUID_1_ECX_XSAVE	(1u << 26)
#define CPUID_1_ECX_HYPERVISOR	(1u << 31)
#define CPUID_HV_BASE		0x40000000u
#define CPUID_7_EBX_TSC_ADJUST	(1u << 1)
#define CPUID_7_EDX_SPEC_CTRL	(1u << 26)	/* Intel: IBRS and IBPB */
#define CPUID_7_EDX_ARCH_CAPS	(1u << 29)
#define CPUID_EXT_BASE		0x80000000u
#define CPUID_EXT_8		0x80000008u
#define CPUID_E8_EBX_IBPB	(1u << 12)	/* AMD */
#define CPUID_E8_EBX_IBRS	(1u << 14)	/* AMD */

struct cpu_info cpu;
u32 probe_cpuid_calls;

struct cpuid probe_cpuid(u32 leaf, u32 subleaf)
{
	probe_cpuid_calls++;
	return cpuid_count(leaf, subleaf);
}

static void regs_to_id(char *id, u32 r0, u32 r1, u32 r2)
{
	u32 r[3] = { r0, r1, r2 };
	int i;

	for (i = 0; i < 12; i++)
		id[i] = (char)(r[i / 4] >> (8 * (i % 4)));
	id[12] = '\0';
}

static bool id_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

void cpu_identify(void)
{
	struct cpuid r = probe_cpuid(0, 0);

	regs_to_id(cpu.vendor_id, r.b, r.d, r.c);
	if (id_eq(cpu.vendor_id, "GenuineIntel"))
		cpu.vendor = VENDOR_INTEL;
	else if (id_eq(cpu.vendor_id, "AuthenticAMD") ||
		 id_eq(cpu.vendor_id, "HygonGenuine"))
		cpu.vendor = VENDOR_AMD;
	else
		cpu.vendor = VENDOR_OTHER;

	r = probe_cpuid(1, 0);
	cpu.xsave = r.c & CPUID_1_ECX_XSAVE;
	cpu.monitor = r.c & CPUID_1_ECX_MONITOR;
	cpu.hv = HV_NONE;
	cpu.hv_id[0] = '\0';
	if (!(r.c & CPUID_1_ECX_HYPERVISOR))
		return;

	r = probe_cpuid(CPUID_HV_BASE, 0);
	regs_to_id(cpu.hv_id, r.b, r.c, r.d);
	cpu.hv_max_leaf = r.a;
	if (r.a > CPUID_HV_BASE)
		cpu.hv_features = probe_cpuid(CPUID_HV_BASE + 1, 0).a;
	if (id_eq(cpu.hv_id, "KVMKVMKVM"))
		cpu.hv = HV_KVM;
	else if (id_eq(cpu.hv_id, "TCGTCGTCGTCG"))
		cpu.hv = HV_TCG;
	else
		cpu.hv = HV_OTHER;
}

void cpu_features(void)
{
	struct cpuid r = cpuid_count(1, 0);
	u32 max = cpuid_count(0, 0).a;

	cpu.x2apic = r.c & CPUID_1_ECX_X2APIC;
	cpu.tsc_deadline = r.c & CPUID_1_ECX_TSC_DL;
	if (max >= 7) {
		r = cpuid_count(7, 0);
		cpu.tsc_adjust = r.b & CPUID_7_EBX_TSC_ADJUST;
		cpu.ibrs = r.d & CPUID_7_EDX_SPEC_CTRL;
		cpu.ibpb = r.d & CPUID_7_EDX_SPEC_CTRL;
		cpu.arch_caps = r.d & CPUID_7_EDX_ARCH_CAPS;
	}
	if (cpuid_count(CPUID_EXT_BASE, 0).a >= CPUID_EXT_8) {
		r = cpuid_count(CPUID_EXT_8, 0);
		cpu.ibrs |= r.b & CPUID_E8_EBX_IBRS;
		cpu.ibpb |= r.b & CPUID_E8_EBX_IBPB;
	}
}

const char *hypervisor_name(enum hypervisor hv)
{
	static const char *const names[] = { "none", "KVM", "TCG", "other" };

	return names[hv];
}
