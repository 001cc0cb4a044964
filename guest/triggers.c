/* triggers.c: the table of triggers, each with its exit numbers per vendor. */
#include "apic_triggers.h"
#include "basic_triggers.h"
#include "cpu.h"
#include "sys_triggers.h"
#include "triggers.h"

#define COUNT_OF(...)	(sizeof((u32[]){ __VA_ARGS__ }) / sizeof(u32))
#define VMX(...)	.intel = { __VA_ARGS__ }, .nintel = COUNT_OF(__VA_ARGS__)
#define SVM(...)	.amd = { __VA_ARGS__ }, .namd = COUNT_OF(__VA_ARGS__)
#define PARTS(...)	.parts = { __VA_ARGS__ }, \
	.nparts = sizeof((struct part[]){ __VA_ARGS__ }) / sizeof(struct part)
#define TRIGGER(n, ...)	{ .name = #n, .run = n##_run, __VA_ARGS__ }
/* A trigger that runs another's iteration, set up differently. */
#define TRIGGER_AS(n, fn, ...)	{ .name = #n, .run = fn##_run, __VA_ARGS__ }
#define EXACT(n)	.per_iter = (n), .kind = EXPECT_EXACT
#define PERIODIC_WAKE	.amd_note = "woken by a periodic timer on AMD"

/* The further exits of the APIC triggers. */
#define PART_VINTR	{ "VINTR", VMX_EXIT_IRQ_WINDOW, SVM_EXIT_VINTR, 1 }
#define PART_HLT	{ "HLT", VMX_EXIT_HLT, SVM_EXIT_HLT, 1 }
#define PART_CR8	{ "CR8 write", VMX_EXIT_TPR_BELOW, SVM_EXIT_CR8_WRITE, 1 }
#define PART_EOI	{ "EOI", VMX_EXIT_APIC_ACCESS, SVM_EXIT_NPF, 1 }

/* xAPIC self-IPI: the ICR write and the handler's EOI, each an access. */
#define XAPIC_IPI	VMX(VMX_EXIT_APIC_ACCESS, VMX_EXIT_APIC_WRITE), \
	SVM(SVM_EXIT_NPF), EXACT(2), \
	.intel_any = "APICv may virtualize the APIC accesses"
/* x2APIC self-IPI: the ICR and EOI writes are WRMSRs. */
#define X2APIC_IPI	VMX(VMX_EXIT_WRMSR), SVM(SVM_EXIT_MSR), EXACT(2), \
	.unsupported = no_x2apic, .enter = x2apic_enter, \
	.leave = x2apic_leave, \
	.intel_any = "APICv may virtualize the x2APIC MSRs"
#define BACKSTOP	.backstop = true, \
	.amd_note = "a 20 ms timer ends a lost wake-up on AMD; its EOIs are counted in"
/*
 * With a peer job on vCPU 1. xAPIC IPI: the ICR's destination and command
 * writes and the delivery-status read, and the peer's EOI: 4 accesses.
 */
#define PEER(job)	.unsupported = no_peer, .enter = job##_enter, \
	.leave = peer_leave, .one_cpu = true
#define TSC_DL		VMX(VMX_EXIT_WRMSR), SVM(SVM_EXIT_MSR), EXACT(1), \
	PARTS(PART_EOI), .unsupported = no_tsc_deadline

const struct trigger triggers[] = {
	TRIGGER(nop, .what = "empty loop (baseline)", .kind = EXPECT_ANY,
		.note = "baseline: no exit of its own"),
	TRIGGER(rdtsc, .what = "RDTSC (should not exit)",
		VMX(VMX_EXIT_RDTSC), SVM(SVM_EXIT_RDTSC), EXACT(0)),
	TRIGGER(cpuid, .alias = "cpuid", .what = "CPUID leaf 0",
		VMX(VMX_EXIT_CPUID), SVM(SVM_EXIT_CPUID), EXACT(1)),
	TRIGGER(hlt, .what = "HLT woken by the APIC timer",
		VMX(VMX_EXIT_HLT), SVM(SVM_EXIT_HLT), EXACT(1), PERIODIC_WAKE),
	TRIGGER(io_kvm, .what = "IN from port 0x21 (KVM's PIC)",
		VMX(VMX_EXIT_IO), SVM(SVM_EXIT_IOIO), EXACT(1)),
	TRIGGER(io_qemu, .what = "OUT to port 0x80 (QEMU)",
		VMX(VMX_EXIT_IO), SVM(SVM_EXIT_IOIO), EXACT(1)),
	TRIGGER(rdmsr, .what = "RDMSR IA32_APIC_BASE",
		VMX(VMX_EXIT_RDMSR), SVM(SVM_EXIT_MSR), EXACT(1)),
	TRIGGER(wrmsr, .what = "WRMSR IA32_APIC_BASE, unchanged",
		VMX(VMX_EXIT_WRMSR), SVM(SVM_EXIT_MSR), EXACT(1),
		.one_cpu = true),
	TRIGGER(vmcall, .alias = "vmcall",
		.what = "VMCALL/VMMCALL, unknown hypercall",
		VMX(VMX_EXIT_VMCALL), SVM(SVM_EXIT_VMMCALL), EXACT(1),
		.risky = true),
	TRIGGER(cr0, .what = "MOV to CR0 toggling AM",
		VMX(VMX_EXIT_CR_ACCESS),
		SVM(SVM_EXIT_CR0_WRITE, SVM_EXIT_CR0_SEL_WRITE), EXACT(1),
		.one_cpu = true),
	TRIGGER(cr4, .what = "MOV to CR4 toggling VME",
		VMX(VMX_EXIT_CR_ACCESS), SVM(SVM_EXIT_CR4_WRITE), EXACT(1),
		.one_cpu = true),
	TRIGGER(dr7, .alias = "mov_dr", .what = "MOV to DR7",
		VMX(VMX_EXIT_DR_ACCESS), SVM(SVM_EXIT_DR7_WRITE), .per_iter = 1,
		.kind = EXPECT_RANGE,
		.note = "KVM stops intercepting DRs after the first exit"),
	TRIGGER(xsetbv, .what = "XSETBV XCR0, unchanged",
		VMX(VMX_EXIT_XSETBV), SVM(SVM_EXIT_XSETBV), EXACT(1),
		.unsupported = no_xsave,
		.one_cpu = true),
	TRIGGER(wbinvd, .alias = "wbinvd", .what = "WBINVD",
		VMX(VMX_EXIT_WBINVD), SVM(SVM_EXIT_WBINVD), EXACT(1)),
	TRIGGER(invd, .alias = "invd", .what = "INVD",
		VMX(VMX_EXIT_INVD), SVM(SVM_EXIT_INVD), EXACT(1)),
	TRIGGER(rdpmc, .what = "RDPMC counter 0",
		VMX(VMX_EXIT_RDPMC), SVM(SVM_EXIT_RDPMC), EXACT(1)),
	TRIGGER(pause, .what = "PAUSE",
		VMX(VMX_EXIT_PAUSE), SVM(SVM_EXIT_PAUSE), .per_iter = 1,
		.kind = EXPECT_ANY,
		.note = "pause-loop exiting fires per spin window, not per PAUSE"),
	TRIGGER(monitor, .what = "MONITOR",
		VMX(VMX_EXIT_MONITOR), SVM(SVM_EXIT_MONITOR), EXACT(1),
		.risky = true),
	TRIGGER(mwait, .what = "MWAIT, timer armed",
		VMX(VMX_EXIT_MWAIT), SVM(SVM_EXIT_MWAIT), EXACT(1),
		PERIODIC_WAKE, .risky = true),
	TRIGGER(fresh_page, .what = "first write to a fresh 4 KiB page",
		VMX(VMX_EXIT_EPT_VIOLATION), SVM(SVM_EXIT_NPF), .per_iter = 1,
		.kind = EXPECT_RANGE, .unsupported = no_fresh_ram,
		.prepare = fresh_prepare,
		.note = "a host huge page maps 512 pages with one fault",
		.one_cpu = true),
	TRIGGER(mmio, .what = "read of unbacked MMIO at 0xc0000000",
		VMX(VMX_EXIT_EPT_VIOLATION, VMX_EXIT_EPT_MISCONFIG),
		SVM(SVM_EXIT_NPF), EXACT(1), .unsupported = no_mmio_hole),
	TRIGGER(task_switch, .what = "JMP to a TSS and back (legacy mode)",
		VMX(VMX_EXIT_TASK_SWITCH), SVM(SVM_EXIT_TASK_SWITCH), EXACT(2),
		.risky = true,
		.note = "guest cycles include leaving and re-entering long mode",
		.one_cpu = true),
	TRIGGER(irq_window, .what = "STI with a timer interrupt pending",
		VMX(VMX_EXIT_IRQ_WINDOW), SVM(SVM_EXIT_VINTR), .per_iter = 1,
		.kind = EXPECT_ANY,
		.note = "APICv or AVIC deliver without an interrupt window"),

	/* The rest of kvm-unit-tests' x86/vmexit, in its order. */
	TRIGGER(cr8_read, .alias = "mov_from_cr8", .what = "MOV from CR8",
		VMX(VMX_EXIT_CR_ACCESS), SVM(SVM_EXIT_CR8_READ), EXACT(0),
		.no_exit = "the TPR is virtualized on both vendors"),
	TRIGGER(cr8_write, .alias = "mov_to_cr8", .what = "MOV to CR8, 0",
		VMX(VMX_EXIT_CR_ACCESS, VMX_EXIT_TPR_BELOW),
		SVM(SVM_EXIT_CR8_WRITE), EXACT(0),
		.no_exit = "the TPR is virtualized; no interrupt is pending"),
	TRIGGER(pmtimer, .alias = "inl_from_pmtimer",
		.what = "IN from the ACPI PM timer (QEMU)",
		VMX(VMX_EXIT_IO), SVM(SVM_EXIT_IOIO), EXACT(1),
		.unsupported = no_pm_timer),
	TRIGGER(inl_qemu, .alias = "inl_from_qemu",
		.what = "IN from unused port 0x1234 (QEMU)",
		VMX(VMX_EXIT_IO), SVM(SVM_EXIT_IOIO), EXACT(1)),
	TRIGGER(elcr_in, .alias = "inl_from_kernel",
		.what = "IN from ELCR port 0x4d0 (KVM's PIC)",
		VMX(VMX_EXIT_IO), SVM(SVM_EXIT_IOIO), EXACT(1)),
	TRIGGER(elcr_out, .alias = "outl_to_kernel",
		.what = "OUT to ELCR port 0x4d0, unchanged",
		VMX(VMX_EXIT_IO), SVM(SVM_EXIT_IOIO), EXACT(1)),
	TRIGGER(tsc_immed, .alias = "tscdeadline_immed",
		.what = "TSC deadline already passed", TSC_DL),
	TRIGGER(tsc_ahead, .alias = "tscdeadline",
		.what = "TSC deadline 3000 cycles ahead", TSC_DL),
	TRIGGER(self_ipi, .alias = "self_ipi_sti_nop",
		.what = "self-IPI taken at STI;NOP", XAPIC_IPI,
		PARTS(PART_VINTR)),
	TRIGGER(self_hlt, .alias = "self_ipi_sti_hlt",
		.what = "self-IPI pending at STI;HLT", XAPIC_IPI,
		PARTS(PART_HLT), BACKSTOP),
	TRIGGER(self_tpr, .alias = "self_ipi_tpr",
		.what = "self-IPI released by lowering the TPR", XAPIC_IPI,
		PARTS(PART_CR8)),
	TRIGGER(tpr_sti_nop, .alias = "self_ipi_tpr_sti_nop",
		.what = "self-IPI: TPR lowered, then STI;NOP", XAPIC_IPI,
		PARTS(PART_CR8, PART_VINTR)),
	TRIGGER(tpr_sti_hlt, .alias = "self_ipi_tpr_sti_hlt",
		.what = "self-IPI: TPR lowered, then STI;HLT", XAPIC_IPI,
		PARTS(PART_CR8, PART_HLT), BACKSTOP),
	TRIGGER_AS(x2_self_ipi, self_ipi, .alias = "x2apic_self_ipi_sti_nop",
		.what = "x2APIC self-IPI taken at STI;NOP", X2APIC_IPI,
		PARTS(PART_VINTR)),
	TRIGGER_AS(x2_self_hlt, self_hlt, .alias = "x2apic_self_ipi_sti_hlt",
		.what = "x2APIC self-IPI pending at STI;HLT", X2APIC_IPI,
		PARTS(PART_HLT), BACKSTOP),
	TRIGGER_AS(x2_self_tpr, self_tpr, .alias = "x2apic_self_ipi_tpr",
		.what = "x2APIC self-IPI released by the TPR", X2APIC_IPI,
		PARTS(PART_CR8)),
	TRIGGER_AS(x2_tpr_nop, tpr_sti_nop,
		.alias = "x2apic_self_ipi_tpr_sti_nop",
		.what = "x2APIC self-IPI: TPR, then STI;NOP", X2APIC_IPI,
		PARTS(PART_CR8, PART_VINTR)),
	TRIGGER_AS(x2_tpr_hlt, tpr_sti_hlt,
		.alias = "x2apic_self_ipi_tpr_sti_hlt",
		.what = "x2APIC self-IPI: TPR, then STI;HLT", X2APIC_IPI,
		PARTS(PART_CR8, PART_HLT), BACKSTOP),
	TRIGGER(ipi, .alias = "ipi", .what = "IPI to vCPU 1, running",
		VMX(VMX_EXIT_APIC_ACCESS, VMX_EXIT_APIC_WRITE),
		SVM(SVM_EXIT_NPF), EXACT(4), PEER(ipi),
		.intel_any = "APICv may virtualize the APIC accesses"),
	TRIGGER(ipi_halt, .alias = "ipi_halt",
		.what = "IPI to vCPU 1, halted",
		VMX(VMX_EXIT_APIC_ACCESS, VMX_EXIT_APIC_WRITE),
		SVM(SVM_EXIT_NPF), EXACT(4), PARTS(PART_HLT), PEER(ipi_halt),
		.intel_any = "APICv may virtualize the APIC accesses"),
	TRIGGER(ple, .alias = "ple_round_robin",
		.what = "PAUSE on vCPU 0 and 1 at once",
		VMX(VMX_EXIT_PAUSE), SVM(SVM_EXIT_PAUSE), .per_iter = 1,
		.kind = EXPECT_ANY, PEER(ple),
		.note = "pause-loop exiting fires per spin window, not per PAUSE"),
	TRIGGER(wr_gs_base, .alias = "wr_kernel_gs_base",
		.what = "WRMSR MSR_KERNEL_GS_BASE",
		VMX(VMX_EXIT_WRMSR), SVM(SVM_EXIT_MSR), EXACT(0),
		.no_exit = "KVM passes the MSR through on both vendors"),
	TRIGGER(wr_tsx_ctrl, .alias = "wr_tsx_ctrl_msr",
		.what = "WRMSR IA32_TSX_CTRL, unchanged",
		VMX(VMX_EXIT_WRMSR), SVM(SVM_EXIT_MSR), EXACT(1),
		.unsupported = no_tsx_ctrl,
		.one_cpu = true),
	TRIGGER(wr_ibrs, .alias = "wr_ibrs_msr",
		.what = "WRMSR IA32_SPEC_CTRL IBRS on, off",
		VMX(VMX_EXIT_WRMSR), SVM(SVM_EXIT_MSR), EXACT(0),
		.unsupported = no_ibrs,
		.no_exit = "KVM passes SPEC_CTRL through after its first non-zero write"),
	TRIGGER(wr_ibpb, .alias = "wr_ibpb_msr",
		.what = "WRMSR IA32_PRED_CMD IBPB",
		VMX(VMX_EXIT_WRMSR), SVM(SVM_EXIT_MSR), EXACT(0),
		.unsupported = no_ibpb,
		.no_exit = "KVM passes PRED_CMD through to a guest with IBPB"),
	TRIGGER(wr_tsc_adj, .alias = "wr_tsc_adjust_msr",
		.what = "WRMSR IA32_TSC_ADJUST, unchanged",
		VMX(VMX_EXIT_WRMSR), SVM(SVM_EXIT_MSR), EXACT(1),
		.unsupported = no_tsc_adjust,
		.one_cpu = true),
	TRIGGER(rd_tsc_adj, .alias = "rd_tsc_adjust_msr",
		.what = "RDMSR IA32_TSC_ADJUST",
		VMX(VMX_EXIT_RDMSR), SVM(SVM_EXIT_MSR), EXACT(1),
		.unsupported = no_tsc_adjust),
	TRIGGER(cr0_wp, .alias = "toggle_cr0_wp",
		.what = "MOV to CR0 toggling WP, twice",
		VMX(VMX_EXIT_CR_ACCESS),
		SVM(SVM_EXIT_CR0_WRITE, SVM_EXIT_CR0_SEL_WRITE), EXACT(2),
		.enter = sys_cr_enter,
		.intel_any = "with EPT, CR0.WP is the guest's own (Linux 6.5+)",
		.one_cpu = true),
	TRIGGER(cr4_pge, .alias = "toggle_cr4_pge",
		.what = "MOV to CR4 toggling PGE, twice",
		VMX(VMX_EXIT_CR_ACCESS), SVM(SVM_EXIT_CR4_WRITE), EXACT(2),
		.enter = sys_cr_enter,
		.intel_any = "with EPT, CR4.PGE is the guest's own",
		.one_cpu = true),
	TRIGGER(pci_mem, .alias = "pci-mem",
		.what = "write to pci-testdev's MMIO BAR (QEMU)",
		VMX(VMX_EXIT_EPT_MISCONFIG, VMX_EXIT_EPT_VIOLATION),
		SVM(SVM_EXIT_NPF), EXACT(1), .unsupported = no_pci_testdev),
	TRIGGER(pci_io, .alias = "pci-io",
		.what = "OUT to pci-testdev's I/O BAR (QEMU)",
		VMX(VMX_EXIT_IO), SVM(SVM_EXIT_IOIO), EXACT(1),
		.unsupported = no_pci_testdev),
};

const u32 ntriggers = ARRAY_SIZE(triggers);

void trigger_names(const char **names, const char **aliases)
{
	u32 i;

	for (i = 0; i < ntriggers; i++) {
		names[i] = triggers[i].name;
		aliases[i] = triggers[i].alias;
	}
}

u64 trigger_parallel_ok(void)
{
	u64 mask = 0;
	u32 i;

	for (i = 0; i < ntriggers; i++)
		if (!triggers[i].one_cpu && i != TRIGGER_BASELINE)
			mask |= 1ull << i;
	return mask;
}

u32 trigger_reasons(const struct trigger *t, enum vendor v, const u32 **out)
{
	if (v == VENDOR_INTEL) {
		*out = t->intel;
		return t->nintel;
	}
	if (v == VENDOR_AMD) {
		*out = t->amd;
		return t->namd;
	}
	*out = NULL;
	return 0;
}

static struct expectation expect_of(enum expect_kind kind, u64 n)
{
	struct expectation e = { kind, 0, 0 };

	if (kind == EXPECT_EXACT) {
		e.lo = n;
		e.hi = n;
	} else if (kind == EXPECT_RANGE) {
		e.lo = n ? 1 : 0;
		e.hi = n;
	}
	return e;
}

struct expectation trigger_expect(const struct trigger *t, enum vendor v,
				  u64 total)
{
	if (v == VENDOR_INTEL && t->intel_any)
		return expect_of(EXPECT_ANY, 0);
	return expect_of(t->kind, total * t->per_iter);
}

u32 part_reason(const struct part *p, enum vendor v)
{
	return v == VENDOR_INTEL ? p->intel : p->amd;
}

/* On Intel, APICv may deliver with no window, TPR or EOI exit. */
struct expectation part_expect(const struct part *p, enum vendor v,
			       u64 total)
{
	if (v != VENDOR_AMD)
		return expect_of(EXPECT_ANY, 0);
	return expect_of(EXPECT_EXACT, total * p->per_iter);
}

void triggers_init(const struct mem_layout *m)
{
	basic_triggers_init(m);
	cpu_features();
	sys_triggers_init();
}
