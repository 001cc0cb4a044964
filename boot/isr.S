/* isr.S: interrupt entry stubs, the common trap frame, and try_call(). */

#include "callee.h"

#include "layout.h"

/* reg = this CPU's struct percpu, whose first field is its try_rsp. */
.macro this_cpu reg
	movq %rsp, \reg
	andq $-CPU_STACK_SIZE, \reg
.endm

	.text
	.code64

/* 256 stubs of 16 bytes; those without a CPU error code push a zero. */
	.global isr_table_start
isr_table_start:
	vector = 0
	.rept 256
	.align 16
	.if !(vector == 8 || (vector >= 10 && vector <= 14) || \
	      vector == 17 || vector == 21 || vector == 29 || vector == 30)
	pushq $0
	.endif
	pushq $vector
	jmp trap_common
	vector = vector + 1
	.endr

/* Push a struct trap_frame, call trap(frame), and return from the interrupt. */
trap_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	call trap
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp			/* vector and error code */
	iretq

/*
 * int try_call(void (*fn)(void *), void *arg)
 *
 * Call fn(arg) and return -1, or the vector of the exception it raised:
 * trap() sees this CPU's try_rsp set, points the frame at try_fault and
 * returns.
 */
	.global try_call
try_call:
	push_callee_saved
	this_cpu %r10
	movq %rsp, (%r10)
	movq %rdi, %rax
	movq %rsi, %rdi
	call *%rax
	this_cpu %r10
	movq $0, (%r10)
	movl $-1, %eax
	jmp 1f
	.global try_fault
try_fault:
	this_cpu %r10
	movq $0, (%r10)			/* %eax holds the vector */
1:	pop_callee_saved
	ret

	.section .note.GNU-stack, "", @progbits
