/* serial.c: polled 16550 UART driver for COM1. */
#include "serial.h"
#include "x86.h"

#define COM1		0x3f8
#define UART_DATA	0	/* transmit holding / receive buffer */
#define UART_IER	1	/* interrupt enable */
#define UART_DLL	0	/* divisor latch low, with DLAB */
#define UART_DLM	1	/* divisor latch high, with DLAB */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */

#define LCR_DLAB	0x80	/* divisor latch access */
#define LCR_8N1		0x03	/* 8 data bits, no parity, 1 stop */
#define FCR_ENABLE	0xc7	/* enable and clear FIFOs, 14-byte trigger */
#define MCR_DTR_RTS	0x03	/* data terminal ready, request to send */
#define LSR_THRE	0x20	/* transmit holding register empty */
#define BAUD_DIVISOR	1	/* 115200 = 115200 / 1 */

void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, BAUD_DIVISOR);
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE);
	outb(COM1 + UART_MCR, MCR_DTR_RTS);
}

void serial_putc(char c)
{
	if (c == '\n')
		serial_putc('\r');
	while (!(inb(COM1 + UART_LSR) & LSR_THRE))
		;
	outb(COM1 + UART_DATA, (u8)c);
}
