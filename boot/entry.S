/* entry.S: multiboot header and the climb from 32-bit protected mode to long mode. */

#define MB_MAGIC	0x1badb002	/* multiboot 1 header magic */
#define MB_PAGE_ALIGN	(1 << 0)	/* align modules on pages */
#define MB_MEMORY_INFO	(1 << 1)	/* pass mem_* and mmap_* */
#define MB_FLAGS	(MB_PAGE_ALIGN | MB_MEMORY_INFO)

#include "longmode.h"

#define PTE_P		(1 << 0)	/* present */
#define PTE_RW		(1 << 1)	/* writable */
#define PTE_PWT		(1 << 3)	/* write-through */
#define PTE_PCD		(1 << 4)	/* cache disable */
#define PTE_PS		(1 << 7)	/* 2 MiB page */
#define PD_ENTRIES	2048		/* 4 GiB of 2 MiB pages */
#define PD_UNCACHED	1536		/* 3 GiB and up: MMIO, uncached */

#include "layout.h"

	.section .multiboot, "a"
	.align 4
	.global mb_header
mb_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.section .bss
	.align 4096
	.global pml4
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4096 * 4
	/* The boot CPU's stack: its struct percpu lies at the bottom. */
	.align CPU_STACK_SIZE
	.global cpu0_stack
cpu0_stack:
	.skip CPU_STACK_SIZE
	.global stack_top
stack_top:

	.section .data
	.align 8
	.global gdt
gdt:
	.quad 0				/* null */
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00cf9a000000ffff	/* 0x18: 32-bit code */
	.global gdt_tss
gdt_tss:
	.quad 0				/* 0x20: task A TSS, see taskswitch.c */
	.quad 0				/* 0x28: task B TSS */
gdt_end:
	.if gdt_end - gdt - 1 != GDT_LIMIT
	.error "GDT_LIMIT (boot/longmode.h) does not match the GDT"
	.endif
	.global gdt_ptr
gdt_ptr:
	.word gdt_end - gdt - 1
	.quad gdt

	.section .text.entry, "ax"
	.code32
	.global _start
_start:
	cli
	cld
	movl %eax, %ebp			/* multiboot magic */
	movl %ebx, %esi			/* multiboot info */

	/* Zero .bss, which holds the page tables and the stack. */
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	movl $stack_top, %esp

	/* Long mode is required: CPUID 0x80000001 EDX bit 29. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx
	jnc no_long_mode

	/* Identity-map 4 GiB with 2 MiB pages; the top GiB uncached. */
	movl $pdpt + (PTE_P | PTE_RW), pml4
	movl $pd + (PTE_P | PTE_RW), pdpt
	movl $pd + 4096 + (PTE_P | PTE_RW), pdpt + 8
	movl $pd + 8192 + (PTE_P | PTE_RW), pdpt + 16
	movl $pd + 12288 + (PTE_P | PTE_RW), pdpt + 24
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $(PTE_P | PTE_RW | PTE_PS), %eax
	cmpl $PD_UNCACHED, %ecx
	jb 2f
	orl $(PTE_PWT | PTE_PCD), %eax
2:	movl %eax, pd(, %ecx, 8)
	movl %ecx, %eax
	shrl $11, %eax			/* bits 32+ of the address */
	movl %eax, pd + 4(, %ecx, 8)
	incl %ecx
	cmpl $PD_ENTRIES, %ecx
	jb 1b

	enable_long_mode
	ljmp $SEL_CODE64, $long_mode

no_long_mode:
	movl $no_long_mode_msg, %esi
	movw $0x3f8, %dx
3:	lodsb
	testb %al, %al
	jz 4f
	outb %al, %dx
	jmp 3b
4:	movb $1, %al			/* failure, as power.h defines it */
	outb %al, $0xf4			/* isa-debug-exit, where present */
6:	hlt
	jmp 6b

	.code64
long_mode:
	load_data_segments
	movq $stack_top, %rsp
	movl %ebp, %edi			/* zero-extends: magic */
	movl %esi, %esi			/* zero-extends: info */
	call kmain
5:	cli
	hlt
	jmp 5b

	.section .rodata
no_long_mode_msg:
	.asciz "exit-probe: this CPU has no long mode\r\n"

	.section .note.GNU-stack, "", @progbits
