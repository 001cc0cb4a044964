/* longmode.h: the climb from 32-bit protected mode to long mode (asm). */
#ifndef LONGMODE_H
#define LONGMODE_H

#define CR0_PE		(1 << 0)	/* protected mode */
#define CR0_NW		(1 << 29)	/* not write-through */
#define CR0_CD		(1 << 30)	/* cache disable */
#define CR0_PG		(1 << 31)	/* paging */
#define CR4_PAE		(1 << 5)	/* physical address extension */
#define MSR_EFER	0xc0000080	/* extended feature enables */
#define EFER_LME	(1 << 8)	/* long mode enable */

#define SEL_CODE64	0x08
#define SEL_DATA	0x10
#define SEL_CODE32	0x18
#define GDT_LIMIT	(6 * 8 - 1)	/* entry.S's gdt: six descriptors */

/* Page with entry.S's pml4 and turn on long mode; the GDT is gdt_ptr's. */
.macro enable_long_mode
	movl $pml4, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $CR4_PAE, %eax
	movl %eax, %cr4
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $CR0_PG, %eax
	movl %eax, %cr0
	lgdt gdt_ptr
.endm

/* In long mode: every data segment register gets the flat data selector. */
.macro load_data_segments
	movw $SEL_DATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs
.endm

#endif /* LONGMODE_H */
