/* x86.h: one static inline helper per special instruction. */
#ifndef X86_H
#define X86_H

#include "types.h"

struct cpuid {
	u32 a, b, c, d;
};

#define X86_CR0_WP	(1ul << 16)	/* write protect in ring 0 */
#define X86_CR0_AM	(1ul << 18)	/* alignment mask */
#define X86_CR4_VME	(1ul << 0)	/* virtual-8086 extensions */
#define X86_CR4_PGE	(1ul << 7)	/* global pages */
#define X86_CR4_OSXSAVE	(1ul << 18)	/* XSAVE and XSETBV enabled */

#define MSR_IA32_APICBASE	0x0000001b	/* local APIC base and enable */
#define MSR_IA32_TSC_ADJUST	0x0000003b	/* TSC offset, guest-visible */
#define MSR_IA32_SPEC_CTRL	0x00000048	/* IBRS, STIBP, SSBD */
#define MSR_IA32_PRED_CMD	0x00000049	/* write 1: IBPB */
#define MSR_IA32_ARCH_CAPS	0x0000010a	/* architectural capabilities */
#define MSR_IA32_TSX_CTRL	0x00000122	/* RTM and TSX CPUID control */
#define MSR_IA32_TSC_DEADLINE	0x000006e0	/* APIC timer's TSC deadline */
#define MSR_X2APIC_BASE		0x00000800	/* x2APIC register 0 */
#define MSR_KERNEL_GS_BASE	0xc0000102	/* GS base after SWAPGS */

static inline struct cpuid cpuid_count(u32 leaf, u32 subleaf)
{
	struct cpuid r;

	asm volatile("cpuid"
		     : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
		     : "a"(leaf), "c"(subleaf));
	return r;
}

static inline struct cpuid cpuid(u32 leaf)
{
	return cpuid_count(leaf, 0);
}

static inline void outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(u16 port, u16 v)
{
	asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(u16 port, u32 v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return lo | ((u64)hi << 32);
}

static inline void wrmsr(u32 msr, u64 v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32))
		     : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo | ((u64)hi << 32);
}

static inline u64 xgetbv(u32 xcr)
{
	u32 lo, hi;

	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(xcr));
	return lo | ((u64)hi << 32);
}

static inline u64 read_cr0(void)
{
	u64 v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(u64 v)
{
	asm volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline u64 read_cr4(void)
{
	u64 v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(u64 v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline u64 read_cr8(void)
{
	u64 v;

	asm volatile("mov %%cr8, %0" : "=r"(v));
	return v;
}

/* The task priority: 15 blocks every maskable interrupt, 0 none. */
static inline void write_cr8(u64 v)
{
	asm volatile("mov %0, %%cr8" : : "r"(v) : "memory");
}

static inline u64 read_rsp(void)
{
	u64 v;

	asm volatile("mov %%rsp, %0" : "=r"(v));
	return v;
}

static inline void cli(void)
{
	asm volatile("cli" : : : "memory");
}

static inline void sti(void)
{
	asm volatile("sti" : : : "memory");
}

/* Halt with interrupts enabled; the STI shadow covers the HLT. */
static inline void sti_hlt(void)
{
	asm volatile("sti; hlt" : : : "memory");
}

/* Take an interrupt that is pending, then close the window again. */
static inline void sti_nop_cli(void)
{
	asm volatile("sti; nop; cli" : : : "memory");
}

/* Order earlier stores before a write that is not serializing. */
static inline void mfence(void)
{
	asm volatile("mfence" : : : "memory");
}

static inline void hlt(void)
{
	asm volatile("hlt" : : : "memory");
}

static inline void pause(void)
{
	asm volatile("pause");
}

static inline u8 mmio_read8(u64 addr)
{
	return *(volatile u8 *)addr;
}

static inline void mmio_write8(u64 addr, u8 v)
{
	*(volatile u8 *)addr = v;
}

static inline void mmio_write16(u64 addr, u16 v)
{
	*(volatile u16 *)addr = v;
}

static inline u32 mmio_read32(u64 addr)
{
	return *(volatile u32 *)addr;
}

static inline void mmio_write32(u64 addr, u32 v)
{
	*(volatile u32 *)addr = v;
}

struct idt_ptr {
	u16 limit;
	u64 base;
} __attribute__((packed));

static inline void lidt(const struct idt_ptr *p)
{
	asm volatile("lidt %0" : : "m"(*p));
}

#endif /* X86_H */
