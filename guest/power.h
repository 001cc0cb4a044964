/* power.h: end the VM with a status. */
#ifndef POWER_H
#define POWER_H

#include "types.h"

#define EXIT_SUCCESS_STATUS	0	/* QEMU exits with (0 << 1) | 1 = 1 */
#define EXIT_FAILURE_STATUS	1	/* QEMU exits with (1 << 1) | 1 = 3 */

/* isa-debug-exit if present, else ACPI S5, else halt forever. */
void power_off(u8 status) __attribute__((noreturn));

#endif /* POWER_H */
