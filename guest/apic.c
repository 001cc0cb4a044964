/* apic.c: the local APIC (xAPIC or x2APIC), its timer and IPIs. */
#include "apic.h"
#include "percpu.h"
#include "trap.h"
#include "x86.h"

#define APICBASE_X2APIC	(1ul << 10)	/* x2APIC mode (EXTD) */
#define APICBASE_ENABLE	(1ul << 11)	/* xAPIC global enable */
#define APICBASE_ADDR	0xfffff000ul	/* MMIO base, low 4 GiB here */

#define APIC_ID		0x020	/* local APIC ID */
#define APIC_EOI	0x0b0	/* end of interrupt */
#define APIC_SVR	0x0f0	/* spurious vector */
#define APIC_SVR_ENABLE	(1u << 8)	/* software enable */
#define APIC_IRR	0x200	/* interrupt request, 8 x 32 bits */
#define APIC_ICR	0x300	/* interrupt command, low half */
#define APIC_ICR2	0x310	/* xAPIC: destination, bits 31:24 */
#define ICR_FIXED	0		/* delivery mode: fixed */
#define ICR_INIT	(5u << 8)	/* delivery mode: INIT */
#define ICR_STARTUP	(6u << 8)	/* delivery mode: start-up */
#define ICR_BUSY	(1u << 12)	/* xAPIC: delivery status, pending */
#define ICR_ASSERT	(1u << 14)	/* level: assert */
#define ICR_SELF	(1u << 18)	/* destination shorthand: self */
#define ICR_BUSY_POLLS	1000000		/* bound on the delivery status */
#define APIC_LVT_TIMER	0x320	/* timer local vector */
#define LVT_ONESHOT	0		/* timer mode: one-shot */
#define LVT_PERIODIC	(1u << 17)	/* timer mode: periodic */
#define LVT_TSC_DEADLINE (2u << 17)	/* timer mode: TSC deadline */
#define APIC_TMICT	0x380	/* timer initial count */
#define APIC_TDCR	0x3e0	/* timer divide configuration */
#define APIC_TDCR_1	0xb	/* divide by 1 */
#define APIC_TDCR_128	0xa	/* divide by 128 */
#define TICKS_PER_MS_128	7812	/* 1 GHz timer (QEMU, KVM) / 128 */

#define PIC1_DATA	0x21	/* master 8259 mask */
#define PIC2_DATA	0xa1	/* slave 8259 mask */

static u64 apic_base;	/* the same for every CPU */

/* An x2APIC register is the MSR at 0x800 plus the xAPIC offset / 16. */
static u32 apic_read(u32 reg)
{
	if (this_cpu()->x2apic)
		return (u32)rdmsr(MSR_X2APIC_BASE + (reg >> 4));
	return mmio_read32(apic_base + reg);
}

static void apic_write(u32 reg, u32 v)
{
	if (this_cpu()->x2apic)
		wrmsr(MSR_X2APIC_BASE + (reg >> 4), v);
	else
		mmio_write32(apic_base + reg, v);
}

/* Software-enable the APIC; the timer one-shot, unmasked, divide by 1. */
static void apic_setup(void)
{
	apic_write(APIC_SVR, APIC_SVR_ENABLE | VEC_SPURIOUS);
	apic_write(APIC_TDCR, APIC_TDCR_1);
	apic_write(APIC_LVT_TIMER, VEC_TIMER);
	this_cpu()->timer_mode = LVT_ONESHOT;
	this_cpu()->timer_divide = APIC_TDCR_1;
}

void apic_init(void)
{
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	apic_init_ap();
}

void apic_init_ap(void)
{
	u64 msr = rdmsr(MSR_IA32_APICBASE);

	wrmsr(MSR_IA32_APICBASE, msr | APICBASE_ENABLE);
	apic_base = msr & APICBASE_ADDR;
	apic_setup();
}

u32 apic_id(void)
{
	u32 id = apic_read(APIC_ID);

	return this_cpu()->x2apic ? id : id >> 24;
}

/*
 * Leaving x2APIC mode takes the APIC through disabled, which resets it:
 * set it up again either way.
 */
void apic_set_x2apic(bool on)
{
	u64 msr = rdmsr(MSR_IA32_APICBASE);

	if (on == this_cpu()->x2apic)
		return;
	if (on) {
		wrmsr(MSR_IA32_APICBASE, msr | APICBASE_ENABLE |
			     APICBASE_X2APIC);
	} else {
		msr &= ~(APICBASE_ENABLE | APICBASE_X2APIC);
		wrmsr(MSR_IA32_APICBASE, msr);
		wrmsr(MSR_IA32_APICBASE, msr | APICBASE_ENABLE);
	}
	this_cpu()->x2apic = on;
	apic_setup();
}

bool apic_x2apic(void)
{
	return this_cpu()->x2apic;
}

/* In x2APIC mode the ICR is one 64-bit MSR: one write sends. */
void apic_self_ipi(u8 vector)
{
	apic_write(APIC_ICR, ICR_SELF | ICR_ASSERT | ICR_FIXED | vector);
}

/*
 * xAPIC: destination, command, then wait for the delivery status to
 * clear, as kvm-unit-tests does (one more access: KVM's is never busy).
 */
static void apic_icr(u32 dest, u32 icr)
{
	u32 polls = 0;

	if (this_cpu()->x2apic) {
		/* The WRMSR does not order the stores the IPI announces. */
		mfence();
		wrmsr(MSR_X2APIC_BASE + (APIC_ICR >> 4), (u64)dest << 32 | icr);
		return;
	}
	apic_write(APIC_ICR2, dest << 24);
	apic_write(APIC_ICR, icr);
	while (apic_read(APIC_ICR) & ICR_BUSY && ++polls < ICR_BUSY_POLLS)
		pause();
}

void apic_ipi(u32 dest, u8 vector)
{
	apic_icr(dest, ICR_ASSERT | ICR_FIXED | vector);
}

void apic_init_ipi(u32 dest)
{
	apic_icr(dest, ICR_ASSERT | ICR_INIT);
}

void apic_startup_ipi(u32 dest, u32 page)
{
	apic_icr(dest, ICR_ASSERT | ICR_STARTUP | page);
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/* Switch the timer's mode only when it changes: each write is an exit. */
static void set_timer_mode(u32 mode)
{
	if (mode == this_cpu()->timer_mode)
		return;
	apic_write(APIC_LVT_TIMER, VEC_TIMER | mode);
	this_cpu()->timer_mode = mode;
}

static void set_timer_divide(u32 divide)
{
	if (divide == this_cpu()->timer_divide)
		return;
	apic_write(APIC_TDCR, divide);
	this_cpu()->timer_divide = divide;
}

void apic_oneshot(u32 ticks)
{
	set_timer_divide(APIC_TDCR_1);
	set_timer_mode(LVT_ONESHOT);
	apic_write(APIC_TMICT, ticks);
}

void apic_periodic(u32 ticks)
{
	set_timer_divide(APIC_TDCR_1);
	set_timer_mode(LVT_PERIODIC);
	apic_write(APIC_TMICT, ticks);
}

void apic_oneshot_ms(u32 ms)
{
	set_timer_divide(APIC_TDCR_128);
	set_timer_mode(LVT_ONESHOT);
	apic_write(APIC_TMICT, ms * TICKS_PER_MS_128);
}

void apic_periodic_ms(u32 ms)
{
	set_timer_divide(APIC_TDCR_128);
	set_timer_mode(LVT_PERIODIC);
	apic_write(APIC_TMICT, ms * TICKS_PER_MS_128);
}

void apic_tsc_deadline(u64 tsc)
{
	set_timer_mode(LVT_TSC_DEADLINE);
	wrmsr(MSR_IA32_TSC_DEADLINE, tsc);
}

/* In TSC-deadline mode the count register is ignored: clear both. */
void apic_timer_stop(void)
{
	if (this_cpu()->timer_mode == LVT_TSC_DEADLINE)
		wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	else
		apic_write(APIC_TMICT, 0);
}

bool apic_timer_pending(void)
{
	u32 irr = apic_read(APIC_IRR + (VEC_TIMER / 32) * 0x10);

	return irr & (1u << (VEC_TIMER % 32));
}
