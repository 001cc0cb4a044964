/* serial.h: COM1 at 115200 baud, the probe's only output. */
#ifndef SERIAL_H
#define SERIAL_H

void serial_init(void);
void serial_putc(char c);

#endif /* SERIAL_H */
