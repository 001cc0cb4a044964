/* mini.S: a stand-in multiboot guest that proves the lab chain: it reads
 * CPUID leaf 0x4FFFFFFC twice, prints both EAX values on COM1 as a JSON
 * line and exits through isa-debug-exit with QEMU status 1. */
	.set MB_MAGIC, 0x1BADB002
	.set MB_FLAGS, 0
	.set COM1, 0x3f8
	.set COM1_LSR, COM1 + 5		/* line status */
	.set LSR_THRE, 0x20		/* transmit holding register empty */
	.set DEBUG_EXIT, 0xf4

	.text
	.code32
	.align 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.globl _start
_start:
	mov $stack_top, %esp
	mov $0x4FFFFFFC, %eax
	cpuid
	mov %eax, %edi
	mov $0x4FFFFFFC, %eax
	cpuid
	mov %eax, %ebp
	mov $msg1, %esi
	call puts
	mov %edi, %eax
	call puthex
	mov $msg2, %esi
	call puts
	mov %ebp, %eax
	call puthex
	mov $msg3, %esi
	call puts
	mov $DEBUG_EXIT, %dx
	xor %eax, %eax
	outl %eax, %dx
1:	cli
	hlt
	jmp 1b

/* Print the NUL-terminated string at %esi. */
puts:
	lodsb
	test %al, %al
	jz 2f
	call putc
	jmp puts
2:	ret

/* Print %eax as 0x and eight hex digits. */
puthex:
	mov %eax, %ebx
	mov $'0', %al
	call putc
	mov $'x', %al
	call putc
	mov $8, %ecx
3:	rol $4, %ebx
	mov %ebx, %eax
	and $0xf, %eax
	mov hex(%eax), %al
	call putc
	loop 3b
	ret

/* Send %al to COM1 once the transmitter is free. */
putc:
	mov %eax, %edx
	push %edx
	mov $COM1_LSR, %dx
4:	inb %dx, %al
	test $LSR_THRE, %al
	jz 4b
	pop %eax
	mov $COM1, %dx
	outb %al, %dx
	ret

	.section .rodata
hex:	.ascii "0123456789abcdef"
msg1:	.asciz "{\"probe\":\"mini\",\"first\":\""
msg2:	.asciz "\",\"second\":\""
msg3:	.asciz "\"}\nSUMMARY: mini done\n"

	.bss
	.align 16
	.space 4096
stack_top:
