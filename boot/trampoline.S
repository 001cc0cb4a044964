/*
 * trampoline.S: where an application processor starts. guest/smp.c
 * copies trampoline_start..trampoline_end to TRAMPOLINE_BASE and sends
 * the AP a SIPI with vector TRAMPOLINE_BASE >> 12: it starts in real
 * mode at that page, climbs to long mode with the boot CPU's page tables
 * and GDT, takes the stack smp.c left in ap_boot_rsp, and calls ap_main().
 */
#include "layout.h"
#include "longmode.h"

/* An address in the copy, from a label in the trampoline. */
#define REL(x)		(TRAMPOLINE_BASE + (x) - trampoline_start)

	.section .rodata
	.code16
	.global trampoline_start
trampoline_start:
	cli
	cld
	xorw %ax, %ax
	movw %ax, %ds
	lgdtl REL(tramp_gdt_ptr)
	/* After INIT caches are off (CD, NW): turn them on. */
	movl %cr0, %eax
	andl $~(CR0_CD | CR0_NW), %eax
	orl $CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $SEL_CODE32, $REL(tramp_protected)

	.code32
tramp_protected:
	movw $SEL_DATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	enable_long_mode
	ljmp $SEL_CODE64, $ap_long_mode

	.align 8
tramp_gdt_ptr:
	.word GDT_LIMIT
	.long gdt
	.global trampoline_end
trampoline_end:

	.text
	.code64
ap_long_mode:
	load_data_segments
	movq ap_boot_rsp(%rip), %rsp
	call ap_main
1:	cli
	hlt
	jmp 1b

	.section .note.GNU-stack, "", @progbits
