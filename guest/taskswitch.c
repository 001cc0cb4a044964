/* taskswitch.c: the two 32-bit TSSes behind the task_switch trigger. */
#include "taskswitch.h"

#define TSS_SIZE	104		/* 32-bit TSS without I/O bitmap */
#define TSS_AVAILABLE	0x89		/* present, DPL 0, 32-bit TSS */
#define SEL_CODE32	0x18
#define SEL_DATA	0x10
#define EFLAGS_FIXED	0x2		/* reserved bit 1 */
#define TASK_B_STACK	1024

/* The 32-bit TSS, as the CPU reads and writes it on a task switch. */
struct tss32 {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap;
} __attribute__((packed));

extern u64 gdt_tss[2];		/* boot/entry.S: descriptors of A and B */
extern char pml4[];		/* boot/entry.S: the page tables */
extern char task_b_entry[];	/* boot/taskswitch.S */

static struct tss32 tss_a __attribute__((aligned(128)));
static struct tss32 tss_b __attribute__((aligned(128)));
static u32 task_b_stack[TASK_B_STACK] __attribute__((aligned(16)));

static u64 tss_descriptor(const struct tss32 *t)
{
	u64 base = (u64)t, limit = TSS_SIZE - 1;

	return (limit & 0xffff) | (base & 0xffffff) << 16 |
	       (u64)TSS_AVAILABLE << 40 | ((limit >> 16) & 0xf) << 48 |
	       ((base >> 24) & 0xff) << 56;
}

void task_switch_init(void)
{
	tss_a.cr3 = (u32)(u64)pml4;
	tss_a.iomap = TSS_SIZE;
	tss_b.cr3 = (u32)(u64)pml4;
	tss_b.iomap = TSS_SIZE;
	tss_b.eip = (u32)(u64)task_b_entry;
	tss_b.esp = (u32)(u64)&task_b_stack[TASK_B_STACK];
	tss_b.eflags = EFLAGS_FIXED;
	tss_b.cs = SEL_CODE32;
	tss_b.ss = SEL_DATA;
	tss_b.ds = SEL_DATA;
	tss_b.es = SEL_DATA;
	tss_b.fs = SEL_DATA;
	tss_b.gs = SEL_DATA;
	gdt_tss[0] = tss_descriptor(&tss_a);
	gdt_tss[1] = tss_descriptor(&tss_b);
}
