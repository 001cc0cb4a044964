/*
 * basic_triggers.c: the probe's first triggers, one instruction or event
 * each: CPUID, HLT, port I/O, MSRs, VMCALL, control and debug registers,
 * caches, PAUSE, MONITOR/MWAIT, fresh pages, MMIO, a task switch and an
 * interrupt window.
 */
#include "apic.h"
#include "basic_triggers.h"
#include "cpu.h"
#include "taskswitch.h"
#include "trap.h"
#include "x86.h"

#define HLT_TICKS	10000		/* about 10 us at KVM's 1 GHz APIC */
#define WINDOW_POLLS	1000000		/* bound on waiting for the timer */
#define PIC1_DATA	0x21		/* 8259 mask: KVM's in-kernel PIC */
#define POST_PORT	0x80		/* POST code: QEMU's dummy port */
#define DR7_DEFAULT	0x400ul		/* DR7 reserved bit 10 set */
#define KVM_HC_UNKNOWN	0xffffu		/* KVM answers -KVM_ENOSYS */
#define XCR_XFEATURE	0		/* XCR0 */
#define XCR0_X87	1ull		/* x87 state, always set */

static struct mem_layout mem;
static u64 apicbase, cr0_val, cr4_val, xcr0;
static u64 fresh_cursor;
static bool osxsave_faulted;
static u64 monitor_line[8] __attribute__((aligned(64)));

void nop_run(void)
{
}

void rdtsc_run(void)
{
	rdtsc();
}

void cpuid_run(void)
{
	cpuid_count(0, 0);
}

/*
 * Arm the timer that ends HLT or MWAIT. On AMD numbering use a periodic
 * one: QEMU 7.2's emulated SVM drops the STI shadow at VMRUN, so an
 * interrupt pending at STI;HLT can be taken before the HLT, which then
 * waits for the next one (lab/README.md, "HLT and a frozen L1"); the next
 * period ends such an HLT, and each iteration still exits once. On Intel
 * keep the one-shot: under Bochs's VMX a periodic timer stalled L2.
 */
static void arm_wake_timer(void)
{
	if (cpu.vendor == VENDOR_AMD)
		apic_periodic(HLT_TICKS);
	else
		apic_oneshot(HLT_TICKS);
}

void hlt_run(void)
{
	arm_wake_timer();
	sti_hlt();
	cli();
}

void io_kvm_run(void)
{
	inb(PIC1_DATA);
}

void io_qemu_run(void)
{
	outb(POST_PORT, 0);
}

void rdmsr_run(void)
{
	rdmsr(MSR_IA32_APICBASE);
}

void wrmsr_run(void)
{
	wrmsr(MSR_IA32_APICBASE, apicbase);
}

void vmcall_run(void)
{
	unsigned long rax = KVM_HC_UNKNOWN;

	if (cpu.vendor == VENDOR_AMD)
		asm volatile("vmmcall" : "+a"(rax) : : "memory");
	else
		asm volatile("vmcall" : "+a"(rax) : : "memory");
}

/* Toggle a bit the host owns; never read CR0, which may exit too. */
void cr0_run(void)
{
	cr0_val ^= X86_CR0_AM;
	write_cr0(cr0_val);
}

void cr4_run(void)
{
	cr4_val ^= X86_CR4_VME;
	write_cr4(cr4_val);
}

void dr7_run(void)
{
	asm volatile("mov %0, %%dr7" : : "r"(DR7_DEFAULT));
}

void xsetbv_run(void)
{
	asm volatile("xsetbv"
		     : : "c"(XCR_XFEATURE), "a"((u32)xcr0), "d"((u32)(xcr0 >> 32)));
}

void wbinvd_run(void)
{
	asm volatile("wbinvd" : : : "memory");
}

void invd_run(void)
{
	asm volatile("invd" : : : "memory");
}

void rdpmc_run(void)
{
	u32 lo, hi;

	asm volatile("rdpmc" : "=a"(lo), "=d"(hi) : "c"(0));
}

void pause_run(void)
{
	pause();
}

void monitor_run(void)
{
	asm volatile("monitor" : : "a"(monitor_line), "c"(0), "d"(0));
}

/* MWAIT may really wait: arm the timer and let its interrupt in. */
void mwait_run(void)
{
	arm_wake_timer();
	asm volatile("sti; mwait; cli" : : "a"(0), "c"(0) : "memory");
}

void fresh_page_run(void)
{
	*(volatile u8 *)fresh_cursor = 1;
	fresh_cursor += PAGE_SIZE;
}

void mmio_run(void)
{
	mmio_read32(mem.mmio);
}

/* Let the timer fire while IF=0, then open the window with STI. */
void irq_window_run(void)
{
	u32 polls = 0;

	apic_oneshot(1);
	while (!apic_timer_pending() && ++polls < WINDOW_POLLS)
		;
	asm volatile("sti; nop; cli" : : : "memory");
}

void task_switch_run(void)
{
	task_switch_roundtrip();
}

static void enable_osxsave(void *unused)
{
	(void)unused;
	write_cr4(read_cr4() | X86_CR4_OSXSAVE);
}

const char *no_xsave(void)
{
	if (!cpu.xsave)
		return "the CPU does not report XSAVE";
	if (osxsave_faulted)
		return "setting CR4.OSXSAVE raised an exception";
	return NULL;
}

const char *no_mmio_hole(void)
{
	return mem.mmio ? NULL : "RAM or no memory map at the unbacked address";
}

const char *no_fresh_ram(void)
{
	return mem.fresh_len >= HUGE_SIZE ? NULL : "no free RAM above 16 MiB";
}

/*
 * The support check's one touch has faulted in the host page around the
 * cursor, up to 2 MiB: start the rounds at the next 2 MiB boundary, so
 * that their first touch is the first in its host page and faults.
 */
u32 fresh_prepare(u32 iters, u32 rounds)
{
	u64 end = mem.fresh_start + mem.fresh_len, left;

	fresh_cursor = align_up(fresh_cursor, HUGE_SIZE);
	left = fresh_cursor < end ? (end - fresh_cursor) / PAGE_SIZE : 0;

	return left / rounds < iters ? (u32)(left / rounds) : iters;
}

void basic_triggers_init(const struct mem_layout *m)
{
	mem = *m;
	task_switch_init();
	fresh_cursor = mem.fresh_start;
	apicbase = rdmsr(MSR_IA32_APICBASE);
	cr0_val = read_cr0();
	cr4_val = read_cr4();
	/* XCR0 is x87 only after reset; XGETBV is not trusted. */
	xcr0 = XCR0_X87;
	if (cpu.xsave && try_call(enable_osxsave, NULL) != TRY_OK)
		osxsave_faulted = true;
	cr4_val = read_cr4();
}
