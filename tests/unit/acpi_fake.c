/* acpi_fake.c: build fake ACPI tables, checksums fixed, in mem[]. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "acpi_fake.h"

u8 mem[MEM_LEN];

void put8(u64 at, u8 v)
{
	mem[at] = v;
}

void put16(u64 at, u16 v)
{
	put8(at, (u8)v);
	put8(at + 1, (u8)(v >> 8));
}

void put32(u64 at, u32 v)
{
	put16(at, (u16)v);
	put16(at + 2, (u16)(v >> 16));
}

void put64(u64 at, u64 v)
{
	put32(at, (u32)v);
	put32(at + 4, (u32)(v >> 32));
}

/* Set the byte at csum so that the n bytes from at sum to 0. */
void fix_sum(u64 at, u32 n, u64 csum)
{
	u8 s = 0;
	u32 i;

	mem[csum] = 0;
	for (i = 0; i < n; i++)
		s += mem[at + i];
	mem[csum] = (u8)-s;
}

/* A table header: signature, length, revision 1. */
void hdr(u64 at, const char *sig, u32 len)
{
	memcpy(mem + at, sig, 4);
	put32(at + 4, len);
	put8(at + 8, 1);
	memcpy(mem + at + 10, "PROBE ", 6);
}

/* Fix a finished table's checksum over its length field. */
void seal(u64 at, u32 len)
{
	fix_sum(at, len, at + SDT_CSUM);
}

/* An RSDP of revision rev (0 or 2) naming an RSDT and, from 2, an XSDT. */
void rsdp(u64 at, u8 rev, u32 rsdt, u64 xsdt)
{
	memcpy(mem + at, "RSD PTR ", 8);
	memcpy(mem + at + 9, "PROBE ", 6);
	put8(at + 15, rev);
	put32(at + 16, rsdt);
	fix_sum(at, 20, at + 8);
	if (rev < 2)
		return;
	put32(at + 20, 36);
	put64(at + 24, xsdt);
	fix_sum(at, 36, at + 32);
}

/* An RSDT (esize 4) or XSDT (esize 8) listing n tables. */
void root(u64 at, const char *sig, u32 esize, const u64 *t, u32 n)
{
	u32 len = HDR_LEN + n * esize, i;

	hdr(at, sig, len);
	for (i = 0; i < n; i++) {
		if (esize == 8)
			put64(at + HDR_LEN + i * 8, t[i]);
		else
			put32(at + HDR_LEN + i * 4, (u32)t[i]);
	}
	seal(at, len);
}

void rsdt(const u64 *t, u32 n)
{
	root(RSDT_AT, "RSDT", 4, t, n);
}

/* A MADT is built entry by entry at *end, then closed by madt_end(). */
u64 madt_begin(u64 at)
{
	hdr(at, "APIC", 0);
	put32(at + HDR_LEN, 0xfee00000);	/* local APIC address */
	put32(at + 40, 1);			/* PCAT_COMPAT */
	return at + 44;
}

void lapic(u64 *end, u8 id, u32 flags)
{
	put8(*end, 0);
	put8(*end + 1, 8);
	put8(*end + 2, id);		/* ACPI processor UID */
	put8(*end + 3, id);
	put32(*end + 4, flags);
	*end += 8;
}

void x2apic(u64 *end, u32 id, u32 flags)
{
	put8(*end, 9);
	put8(*end + 1, 16);
	put32(*end + 4, id);
	put32(*end + 8, flags);
	put32(*end + 12, id);		/* ACPI processor UID */
	*end += 16;
}

void madt_end(u64 at, u64 end)
{
	put32(at + 4, (u32)(end - at));
	seal(at, (u32)(end - at));
}

/* A FADT len bytes long: DSDT, PM1a, SMI and PM timer as QEMU's. */
void fadt(u32 len, u32 dsdt, u32 pm_tmr, u32 flags)
{
	hdr(FADT_AT, "FACP", len);
	put32(FADT_AT + 40, dsdt);
	put32(FADT_AT + 48, 0xb2);	/* SMI_CMD */
	put8(FADT_AT + 52, 0xf1);	/* ACPI_ENABLE */
	put32(FADT_AT + 64, 0x604);	/* PM1a_CNT_BLK */
	put32(FADT_AT + 76, pm_tmr);	/* PM_TMR_BLK */
	put32(FADT_AT + 112, flags);
}

/* X_PM_TMR_BLK: a generic address in address space space. */
void fadt_x_pm_tmr(u8 space, u64 addr)
{
	put8(FADT_AT + 208, space);
	put8(FADT_AT + 209, 32);	/* register bit width */
	put8(FADT_AT + 211, 3);		/* access size: dword */
	put64(FADT_AT + 212, addr);
}

/* A DSDT of aml after the header; return its length. */
u32 dsdt(u64 at, const u8 *aml, u32 n)
{
	u32 len = HDR_LEN + n;

	hdr(at, "DSDT", len);
	memcpy(mem + at + HDR_LEN, aml, n);
	seal(at, len);
	return len;
}

/* Name (_S5, Package (0x04) { 0x05, 0x05, Zero, Zero }) and a method. */
const u8 s5_aml[S5_AML_LEN] = {
	0x14, 0x08, '_', 'P', 'T', 'S', 0x01, 0xa4, 0x00,	/* _PTS */
	0x08, '_', 'S', '5', '_', 0x12, 0x0a, 0x04,
	0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00,
};

int parse(struct acpi_info *info)
{
	return acpi_parse(RSDP_AT, mem, info);
}

int setup(void **state)
{
	(void)state;
	memset(mem, 0, sizeof(mem));
	return 0;
}

