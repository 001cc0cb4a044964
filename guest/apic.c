/* apic.c: xAPIC setup and its timer; the 8259 PIC is masked. */
#include "apic.h"
#include "trap.h"
#include "x86.h"

#define APICBASE_ENABLE	(1ul << 11)	/* xAPIC global enable */
#define APICBASE_ADDR	0xfffff000ul	/* MMIO base, low 4 GiB here */

#define APIC_EOI	0x0b0	/* end of interrupt */
#define APIC_SVR	0x0f0	/* spurious vector */
#define APIC_SVR_ENABLE	(1u << 8)	/* software enable */
#define APIC_IRR	0x200	/* interrupt request, 8 x 32 bits */
#define APIC_LVT_TIMER	0x320	/* timer local vector */
#define LVT_ONESHOT	0		/* timer mode: one-shot */
#define LVT_PERIODIC	(1u << 17)	/* timer mode: periodic */
#define APIC_TMICT	0x380	/* timer initial count */
#define APIC_TDCR	0x3e0	/* timer divide configuration */
#define APIC_TDCR_1	0xb	/* divide by 1 */
#define APIC_TDCR_128	0xa	/* divide by 128 */
#define TICKS_PER_MS_128	7812	/* 1 GHz timer (QEMU, KVM) / 128 */

#define PIC1_DATA	0x21	/* master 8259 mask */
#define PIC2_DATA	0xa1	/* slave 8259 mask */

static u64 apic_base;
static u32 timer_mode = LVT_ONESHOT;
static u32 timer_divide = APIC_TDCR_1;

static u32 apic_read(u32 reg)
{
	return mmio_read32(apic_base + reg);
}

static void apic_write(u32 reg, u32 v)
{
	mmio_write32(apic_base + reg, v);
}

void apic_init(void)
{
	u64 msr = rdmsr(MSR_IA32_APICBASE);

	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	wrmsr(MSR_IA32_APICBASE, msr | APICBASE_ENABLE);
	apic_base = msr & APICBASE_ADDR;
	apic_write(APIC_SVR, APIC_SVR_ENABLE | VEC_SPURIOUS);
	apic_write(APIC_TDCR, APIC_TDCR_1);
	apic_write(APIC_LVT_TIMER, VEC_TIMER);	/* one-shot, unmasked */
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/* Switch the timer's mode only when it changes: each write is an exit. */
static void set_timer_mode(u32 mode)
{
	if (mode == timer_mode)
		return;
	apic_write(APIC_LVT_TIMER, VEC_TIMER | mode);
	timer_mode = mode;
}

static void set_timer_divide(u32 divide)
{
	if (divide == timer_divide)
		return;
	apic_write(APIC_TDCR, divide);
	timer_divide = divide;
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

void apic_timer_stop(void)
{
	apic_write(APIC_TMICT, 0);
}

bool apic_timer_pending(void)
{
	u32 irr = apic_read(APIC_IRR + (VEC_TIMER / 32) * 0x10);

	return irr & (1u << (VEC_TIMER % 32));
}
