/* samples.c: the timeline's tracked reasons and per-interval deltas. */
#include "calc.h"
#include "samples.h"

static const u32 vmx_tracked[] = {
	VMX_EXIT_EXTINT,	/* the sampling timer, host side */
	VMX_EXIT_IRQ_WINDOW,
	VMX_EXIT_CPUID,		/* the probe's own reads, taken out */
	VMX_EXIT_HLT,		/* idle */
	VMX_EXIT_IO,		/* port I/O */
	VMX_EXIT_RDMSR,		/* MSR traffic */
	VMX_EXIT_WRMSR,
	VMX_EXIT_APIC_ACCESS,	/* the timer's EOI without APICv */
	VMX_EXIT_EPT_VIOLATION,	/* fresh memory, first MMIO access */
	VMX_EXIT_EPT_MISCONFIG,	/* MMIO */
	VMX_EXIT_PREEMPT_TIMER,	/* the host's timer for the guest's APIC */
	VMX_EXIT_APIC_WRITE,
};

static const u32 svm_tracked[] = {
	SVM_EXIT_INTR,		/* the sampling timer, host side */
	SVM_EXIT_VINTR,
	SVM_EXIT_CPUID,		/* the probe's own reads, taken out */
	SVM_EXIT_HLT,		/* idle */
	SVM_EXIT_IOIO,		/* port I/O */
	SVM_EXIT_MSR,		/* MSR traffic */
	SVM_EXIT_NPF,		/* fresh memory, MMIO, the timer's EOI */
	SVM_EXIT_AVIC_NOACCEL,
};

u32 samples_reasons(enum vendor v, const u32 **out)
{
	if (v == VENDOR_INTEL) {
		*out = vmx_tracked;
		return ARRAY_SIZE(vmx_tracked);
	}
	if (v == VENDOR_AMD) {
		*out = svm_tracked;
		return ARRAY_SIZE(svm_tracked);
	}
	*out = NULL;
	return 0;
}

void sample_delta(const struct sample *a, const struct sample *b,
		  u32 nreasons, u32 cpuid_at, struct sample_delta *d)
{
	u32 reads = sample_reads(nreasons), i;
	u64 sum = 0, n;

	n = delta32(a->total, b->total);
	d->total = n > reads ? n - reads : 0;
	for (i = 0; i < nreasons && i < SAMPLE_REASONS; i++) {
		n = delta32(a->count[i], b->count[i]);
		if (i == cpuid_at)
			n = n > reads ? n - reads : 0;
		d->count[i] = n;
		sum += n;
	}
	/* Reads of the total and of the reasons lie apart: never below 0. */
	d->other = d->total > sum ? d->total - sum : 0;
}

u64 tsc_to_us(u64 cycles, u64 tsc_per_us)
{
	return tsc_per_us ? cycles / tsc_per_us : 0;
}
