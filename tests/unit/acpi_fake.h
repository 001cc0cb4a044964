/* acpi_fake.h: fake ACPI tables in a buffer, for the ACPI parser's tests. */
#ifndef ACPI_FAKE_H
#define ACPI_FAKE_H

#include "acpi.h"

#define MEM_LEN		(3u << 20)	/* fake physical memory */
#define HDR_LEN		36		/* standard table header */
#define SDT_CSUM	9		/* u8 table checksum */

/* Where the fake tables lie: physical addresses are offsets into mem. */
#define RSDP_AT		0xf5a00
#define RSDT_AT		0x1000
#define XSDT_AT		0x2000
#define MADT_AT		0x3000
#define MADT2_AT	0x4000
#define FADT_AT		0x5000
#define DSDT_AT		0x6000
#define DSDT2_AT	0x7000
#define BIG_AT		0x100000	/* room for an oversized table */
#define ROOT_ENTRIES	100		/* past the 64 entries acpi.c reads */

#define EBDA_SEG	0x9fc0		/* QEMU's EBDA, at 0x9fc00 */
#define EBDA_BAD_SEG	0xc000		/* the VGA ROM's, at 0xc0000 */
#define LAPIC_ON	1		/* MADT flag: enabled */
#define LAPIC_ONLINE_CAP 2		/* MADT flag: online capable only */
#define GAS_IO		1		/* GAS address space: I/O */
#define TMR_VAL_EXT	(1u << 8)	/* FADT flag: 32-bit PM timer */
#define S5_AML_LEN	23		/* s5_aml[]: _PTS and \_S5 */

/* The fake physical memory; tables' addresses are offsets into it. */
extern u8 mem[MEM_LEN];
extern const u8 s5_aml[S5_AML_LEN];

/* Little-endian stores into mem[]; checksums and table headers. */
void put8(u64 at, u8 v);
void put16(u64 at, u16 v);
void put32(u64 at, u32 v);
void put64(u64 at, u64 v);
void fix_sum(u64 at, u32 n, u64 csum);
void hdr(u64 at, const char *sig, u32 len);
void seal(u64 at, u32 len);
/* The tables, each sealed with its checksum (acpi_fake.c says how). */
void rsdp(u64 at, u8 rev, u32 rsdt, u64 xsdt);
void root(u64 at, const char *sig, u32 esize, const u64 *t, u32 n);
void rsdt(const u64 *t, u32 n);
u64 madt_begin(u64 at);
void lapic(u64 *end, u8 id, u32 flags);
void x2apic(u64 *end, u32 id, u32 flags);
void madt_end(u64 at, u64 end);
void fadt(u32 len, u32 dsdt, u32 pm_tmr, u32 flags);
void fadt_x_pm_tmr(u8 space, u64 addr);
u32 dsdt(u64 at, const u8 *aml, u32 n);
/* acpi_parse() of the RSDP at RSDP_AT; cmocka's setup: mem[] cleared. */
int parse(struct acpi_info *info);
int setup(void **state);

#endif /* ACPI_FAKE_H */
