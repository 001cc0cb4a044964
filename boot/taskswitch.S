/*
 * taskswitch.S: one hardware task switch there and back.
 *
 * Task switches exist only in legacy protected mode, so leave long mode
 * (compatibility mode, then paging off), JMP to task B, whose only job
 * is to JMP back to task A, and climb back to 64-bit mode. Interrupts
 * stay disabled throughout: the 64-bit IDT means nothing down here.
 */

#include "callee.h"

#define CR0_PG		(1 << 31)	/* paging */
#define SEL_CODE64	0x08
#define SEL_DATA	0x10
#define SEL_CODE32	0x18
#define SEL_TSS_A	0x20
#define SEL_TSS_B	0x28
#define TSS_BUSY	0x02		/* busy bit of the descriptor's type */
#define DESC_TYPE_BYTE	5		/* offset of the access byte */

	.text
	.code64
	.global task_switch_roundtrip
task_switch_roundtrip:
	push_callee_saved
	movq %rsp, saved_rsp(%rip)
	pushq $SEL_CODE32
	pushq $legacy
	lretq

	.code32
legacy:
	movl %cr0, %eax
	andl $~CR0_PG, %eax
	movl %eax, %cr0			/* long mode off */
	andb $~TSS_BUSY, gdt_tss + DESC_TYPE_BYTE
	movw $SEL_TSS_A, %ax
	ltr %ax
	ljmp $SEL_TSS_B, $0		/* task switch 1 */
	movl %cr0, %eax
	orl $CR0_PG, %eax
	movl %eax, %cr0			/* long mode on: compatibility */
	ljmp $SEL_CODE64, $back

	.global task_b_entry
task_b_entry:
	ljmp $SEL_TSS_A, $0		/* task switch 2 */
	jmp task_b_entry

	.code64
back:
	movq saved_rsp(%rip), %rsp
	movw $SEL_DATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	pop_callee_saved
	ret

	.bss
	.align 8
saved_rsp:
	.skip 8

	.section .note.GNU-stack, "", @progbits
