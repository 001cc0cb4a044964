/* callee.h: save and restore the System V callee-saved registers (asm). */
#ifndef CALLEE_H
#define CALLEE_H

.macro push_callee_saved
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
.endm

.macro pop_callee_saved
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
.endm

#endif /* CALLEE_H */
