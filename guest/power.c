/* power.c: leave the VM by isa-debug-exit, ACPI soft-off, or halt. */
#include "power.h"
#include "printf.h"
#include "x86.h"

#define DEBUG_EXIT_PORT	0xf4	/* QEMU isa-debug-exit,iobase=0xf4 */

#define BIOS_ROM_START	0xe0000
#define BIOS_ROM_END	0x100000
#define ACPI_HDR_LEN	36	/* standard table header */
#define FADT_DSDT	40	/* u32 DSDT address */
#define FADT_SMI_CMD	48	/* u32 SMI command port */
#define FADT_ACPI_EN	52	/* u8 value that enables ACPI */
#define FADT_PM1A_CNT	64	/* u32 PM1a control block port */
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_EN	(1u << 13)	/* enter the sleep state */
#define AML_NAME_OP	0x08
#define AML_PACKAGE_OP	0x12
#define AML_BYTE_PREFIX	0x0a
#define AML_ONE_OP	0x01

static bool sig_eq(const u8 *p, const char *sig, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (p[i] != (u8)sig[i])
			return false;
	return true;
}

static u32 read32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static const u8 *find_rsdp(void)
{
	u64 a;

	for (a = BIOS_ROM_START; a < BIOS_ROM_END; a += 16)
		if (sig_eq((const u8 *)a, "RSD PTR ", 8))
			return (const u8 *)a;
	return NULL;
}

static const u8 *find_table(const u8 *rsdp, const char *sig)
{
	const u8 *rsdt = (const u8 *)(u64)read32(rsdp + 16);
	u32 i, n;

	if (!sig_eq(rsdt, "RSDT", 4))
		return NULL;
	n = (read32(rsdt + 4) - ACPI_HDR_LEN) / 4;
	for (i = 0; i < n; i++) {
		const u8 *t = (const u8 *)(u64)read32(rsdt + ACPI_HDR_LEN + 4 * i);

		if (sig_eq(t, sig, 4))
			return t;
	}
	return NULL;
}

/* SLP_TYPa from the DSDT's \_S5 package, or -1 where it is not found. */
static int s5_sleep_type(const u8 *dsdt)
{
	u32 len = read32(dsdt + 4), i;

	for (i = ACPI_HDR_LEN; i + 8 < len; i++) {
		const u8 *p = dsdt + i;

		if (p[0] != AML_NAME_OP || !sig_eq(p + 1, "_S5_", 4) ||
		    p[5] != AML_PACKAGE_OP)
			continue;
		p += 8;			/* package length and count */
		if (*p == AML_BYTE_PREFIX)
			return p[1];
		return *p == AML_ONE_OP ? 1 : 0;
	}
	return -1;
}

static void acpi_power_off(void)
{
	const u8 *rsdp = find_rsdp(), *fadt, *dsdt;
	u32 pm1a, smi;
	int slp_typ;

	if (!rsdp || !(fadt = find_table(rsdp, "FACP")))
		return;
	dsdt = (const u8 *)(u64)read32(fadt + FADT_DSDT);
	pm1a = read32(fadt + FADT_PM1A_CNT);
	smi = read32(fadt + FADT_SMI_CMD);
	slp_typ = s5_sleep_type(dsdt);
	if (!pm1a || slp_typ < 0)
		return;
	if (smi && fadt[FADT_ACPI_EN])
		outb((u16)smi, fadt[FADT_ACPI_EN]);
	outw((u16)pm1a, (u16)(slp_typ << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
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
