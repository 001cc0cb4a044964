/* power.c: leave the VM by isa-debug-exit, ACPI soft-off, or halt. */
#include "acpi.h"
#include "power.h"
#include "printf.h"
#include "x86.h"

#define DEBUG_EXIT_PORT	0xf4	/* QEMU isa-debug-exit,iobase=0xf4 */

#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP_MASK 0x7	/* SLP_TYPx is 3 bits wide */
#define PM1_SLP_EN	(1u << 13)	/* enter the sleep state */

static void acpi_power_off(void)
{
	struct acpi_info info;
	u16 typ;

	if (acpi_parse(acpi_find_rsdp(NULL), NULL, &info) < 0 ||
	    !info.pm1a_cnt || info.s5_slp_typ < 0)
		return;
	if (info.smi_cmd && info.acpi_enable)
		outb(info.smi_cmd, info.acpi_enable);
	typ = (u16)(info.s5_slp_typ & PM1_SLP_TYP_MASK);
	outw(info.pm1a_cnt, (u16)(typ << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
}

void power_off(u8 status)
{
	outb(DEBUG_EXIT_PORT, status);
	acpi_power_off();
	printf("INFO: no way to power off; halting\n");
	cli();
	for (;;)
		hlt();
}
