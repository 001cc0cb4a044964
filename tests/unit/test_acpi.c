/* test_acpi.c: ACPI table parsing on fake tables in a buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

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

static u8 mem[MEM_LEN];

static void put8(u64 at, u8 v)
{
	mem[at] = v;
}

static void put16(u64 at, u16 v)
{
	put8(at, (u8)v);
	put8(at + 1, (u8)(v >> 8));
}

static void put32(u64 at, u32 v)
{
	put16(at, (u16)v);
	put16(at + 2, (u16)(v >> 16));
}

static void put64(u64 at, u64 v)
{
	put32(at, (u32)v);
	put32(at + 4, (u32)(v >> 32));
}

/* Set the byte at csum so that the n bytes from at sum to 0. */
static void fix_sum(u64 at, u32 n, u64 csum)
{
	u8 s = 0;
	u32 i;

	mem[csum] = 0;
	for (i = 0; i < n; i++)
		s += mem[at + i];
	mem[csum] = (u8)-s;
}

/* A table header: signature, length, revision 1. */
static void hdr(u64 at, const char *sig, u32 len)
{
	memcpy(mem + at, sig, 4);
	put32(at + 4, len);
	put8(at + 8, 1);
	memcpy(mem + at + 10, "PROBE ", 6);
}

/* Fix a finished table's checksum over its length field. */
static void seal(u64 at, u32 len)
{
	fix_sum(at, len, at + SDT_CSUM);
}

/* An RSDP of revision rev (0 or 2) naming an RSDT and, from 2, an XSDT. */
static void rsdp(u64 at, u8 rev, u32 rsdt, u64 xsdt)
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
static void root(u64 at, const char *sig, u32 esize, const u64 *t, u32 n)
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

static void rsdt(const u64 *t, u32 n)
{
	root(RSDT_AT, "RSDT", 4, t, n);
}

/* A MADT is built entry by entry at *end, then closed by madt_end(). */
static u64 madt_begin(u64 at)
{
	hdr(at, "APIC", 0);
	put32(at + HDR_LEN, 0xfee00000);	/* local APIC address */
	put32(at + 40, 1);			/* PCAT_COMPAT */
	return at + 44;
}

static void lapic(u64 *end, u8 id, u32 flags)
{
	put8(*end, 0);
	put8(*end + 1, 8);
	put8(*end + 2, id);		/* ACPI processor UID */
	put8(*end + 3, id);
	put32(*end + 4, flags);
	*end += 8;
}

static void x2apic(u64 *end, u32 id, u32 flags)
{
	put8(*end, 9);
	put8(*end + 1, 16);
	put32(*end + 4, id);
	put32(*end + 8, flags);
	put32(*end + 12, id);		/* ACPI processor UID */
	*end += 16;
}

static void madt_end(u64 at, u64 end)
{
	put32(at + 4, (u32)(end - at));
	seal(at, (u32)(end - at));
}

/* A FADT len bytes long: DSDT, PM1a, SMI and PM timer as QEMU's. */
static void fadt(u32 len, u32 dsdt, u32 pm_tmr, u32 flags)
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
static void fadt_x_pm_tmr(u8 space, u64 addr)
{
	put8(FADT_AT + 208, space);
	put8(FADT_AT + 209, 32);	/* register bit width */
	put8(FADT_AT + 211, 3);		/* access size: dword */
	put64(FADT_AT + 212, addr);
}

/* A DSDT of aml after the header; return its length. */
static u32 dsdt(u64 at, const u8 *aml, u32 n)
{
	u32 len = HDR_LEN + n;

	hdr(at, "DSDT", len);
	memcpy(mem + at + HDR_LEN, aml, n);
	seal(at, len);
	return len;
}

/* Name (_S5, Package (0x04) { 0x05, 0x05, Zero, Zero }) and a method. */
static const u8 s5_aml[] = {
	0x14, 0x08, '_', 'P', 'T', 'S', 0x01, 0xa4, 0x00,	/* _PTS */
	0x08, '_', 'S', '5', '_', 0x12, 0x0a, 0x04,
	0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00,
};

static int parse(struct acpi_info *info)
{
	return acpi_parse(RSDP_AT, mem, info);
}

static int setup(void **state)
{
	(void)state;
	memset(mem, 0, sizeof(mem));
	return 0;
}

static void test_rsdt_madt(void **state)
{
	const u64 t[] = { MADT_AT };
	struct acpi_info info;
	u64 end = madt_begin(MADT_AT);

	(void)state;
	lapic(&end, 0, LAPIC_ON);
	lapic(&end, 1, 0);			/* disabled */
	lapic(&end, 2, LAPIC_ON);
	lapic(&end, 3, LAPIC_ONLINE_CAP);	/* not enabled yet */
	madt_end(MADT_AT, end);
	rsdt(t, 1);
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(parse(&info), 0);
	assert_true(info.found);
	assert_true(info.madt);
	assert_int_equal(info.ncpus, 2);
	assert_int_equal(info.apic_id[0], 0);
	assert_int_equal(info.apic_id[1], 2);
	/* No FADT: no PM timer, no soft-off. */
	assert_int_equal(info.pm_timer_port, 0);
	assert_int_equal(info.pm1a_cnt, 0);
	assert_int_equal(info.s5_slp_typ, -1);
}

/* Two MADTs: one CPU through the RSDT, two through the XSDT. */
static void two_roots(void)
{
	const u64 t1[] = { MADT_AT }, t2[] = { MADT2_AT };
	u64 end = madt_begin(MADT_AT);

	lapic(&end, 7, LAPIC_ON);
	madt_end(MADT_AT, end);
	end = madt_begin(MADT2_AT);
	lapic(&end, 0, LAPIC_ON);
	lapic(&end, 1, LAPIC_ON);
	madt_end(MADT2_AT, end);
	rsdt(t1, 1);
	root(XSDT_AT, "XSDT", 8, t2, 1);
}

static void test_xsdt_preferred(void **state)
{
	struct acpi_info info;

	(void)state;
	two_roots();
	rsdp(RSDP_AT, 2, RSDT_AT, XSDT_AT);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.ncpus, 2);
	assert_int_equal(info.apic_id[1], 1);
	/* Revision 0 has no XSDT, whatever follows the RSDP. */
	put64(RSDP_AT + 24, XSDT_AT);
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.ncpus, 1);
	assert_int_equal(info.apic_id[0], 7);
	/* Revision 2 with no XSDT address: the RSDT. */
	rsdp(RSDP_AT, 2, RSDT_AT, 0);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.apic_id[0], 7);
}

static void test_bad_xsdt_falls_back(void **state)
{
	struct acpi_info info;

	(void)state;
	two_roots();
	mem[XSDT_AT + SDT_CSUM]++;
	rsdp(RSDP_AT, 2, RSDT_AT, XSDT_AT);
	assert_int_equal(parse(&info), 0);
	assert_true(info.madt);
	assert_int_equal(info.ncpus, 1);
	assert_int_equal(info.apic_id[0], 7);
}

static void test_x2apic(void **state)
{
	const u64 t[] = { MADT_AT };
	struct acpi_info info;
	u64 end = madt_begin(MADT_AT);

	(void)state;
	lapic(&end, 0, LAPIC_ON);
	x2apic(&end, 0x100, LAPIC_ON);
	x2apic(&end, 0x101, 0);			/* disabled */
	x2apic(&end, 0x102, LAPIC_ON);
	madt_end(MADT_AT, end);
	root(XSDT_AT, "XSDT", 8, t, 1);
	rsdp(RSDP_AT, 2, 0, XSDT_AT);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.ncpus, 3);
	assert_int_equal(info.apic_id[0], 0);
	assert_int_equal(info.apic_id[1], 0x100);
	assert_int_equal(info.apic_id[2], 0x102);
}

static void test_duplicates_and_broadcast(void **state)
{
	const u64 t[] = { MADT_AT };
	struct acpi_info info;
	u64 end = madt_begin(MADT_AT);

	(void)state;
	lapic(&end, 0, LAPIC_ON);
	lapic(&end, 0xff, LAPIC_ON);
	lapic(&end, 0, LAPIC_ON);
	x2apic(&end, 0xffffffff, LAPIC_ON);
	x2apic(&end, 0, LAPIC_ON);		/* the same CPU as x2APIC */
	lapic(&end, 3, LAPIC_ON);
	madt_end(MADT_AT, end);
	rsdt(t, 1);
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.ncpus, 2);
	assert_int_equal(info.apic_id[0], 0);
	assert_int_equal(info.apic_id[1], 3);
}

static void test_cpus_capped(void **state)
{
	const u64 t[] = { MADT_AT };
	struct acpi_info info;
	u64 end = madt_begin(MADT_AT);
	u32 i;

	(void)state;
	for (i = 0; i < CPUS_MAX + 4; i++)
		lapic(&end, (u8)(2 * i), LAPIC_ON);
	madt_end(MADT_AT, end);
	rsdt(t, 1);
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.ncpus, CPUS_MAX);
	for (i = 0; i < CPUS_MAX; i++)
		assert_int_equal(info.apic_id[i], 2 * i);
}

static void test_bad_rsdp(void **state)
{
	const u64 t[] = { MADT_AT };
	struct acpi_info info;
	u64 end = madt_begin(MADT_AT);

	(void)state;
	lapic(&end, 0, LAPIC_ON);
	madt_end(MADT_AT, end);
	rsdt(t, 1);
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
	mem[RSDP_AT + 8]++;			/* first checksum */
	assert_int_equal(parse(&info), -1);
	assert_false(info.found);
	assert_false(info.madt);
	assert_int_equal(info.ncpus, 0);
	/* Revision 2: the extended checksum over all 36 bytes. */
	rsdp(RSDP_AT, 2, RSDT_AT, 0);
	mem[RSDP_AT + 32]++;
	assert_int_equal(parse(&info), -1);
	assert_false(info.found);
	/* No RSDP at all. */
	assert_int_equal(acpi_parse(0, mem, &info), -1);
	assert_int_equal(acpi_parse(RSDT_AT, mem, &info), -1);
	/* A valid RSDP whose RSDT is bad: found, but nothing else. */
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
	mem[RSDT_AT + SDT_CSUM]++;
	assert_int_equal(parse(&info), 0);
	assert_true(info.found);
	assert_false(info.madt);
}

static void test_bad_madt_checksum(void **state)
{
	const u64 t[] = { MADT_AT };
	struct acpi_info info;
	u64 end = madt_begin(MADT_AT);

	(void)state;
	lapic(&end, 0, LAPIC_ON);
	madt_end(MADT_AT, end);
	mem[MADT_AT + SDT_CSUM]++;
	rsdt(t, 1);
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(parse(&info), 0);
	assert_true(info.found);
	assert_false(info.madt);
	assert_int_equal(info.ncpus, 0);
}

static void test_madt_length_bounds(void **state)
{
	const u64 t[] = { MADT_AT }, big[] = { BIG_AT };
	struct acpi_info info;
	u64 end;

	(void)state;
	/* Shorter than a header, checksum right over its 10 bytes. */
	hdr(MADT_AT, "APIC", 10);
	seal(MADT_AT, 10);
	rsdt(t, 1);
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(parse(&info), 0);
	assert_false(info.madt);
	/* Over 1 MiB, checksum right over all of it. */
	end = madt_begin(BIG_AT);
	lapic(&end, 0, LAPIC_ON);
	madt_end(BIG_AT, BIG_AT + (1u << 20) + 64);
	rsdt(big, 1);
	assert_int_equal(parse(&info), 0);
	assert_false(info.madt);
	assert_int_equal(info.ncpus, 0);
}

static void test_madt_bad_entries(void **state)
{
	const u64 t[] = { MADT_AT };
	struct acpi_info info;
	u64 end = madt_begin(MADT_AT), stop;

	(void)state;
	lapic(&end, 0, LAPIC_ON);
	stop = end;
	lapic(&end, 1, LAPIC_ON);
	put8(stop + 1, 0);			/* length 0: the walk ends */
	lapic(&end, 2, LAPIC_ON);
	madt_end(MADT_AT, end);
	rsdt(t, 1);
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(parse(&info), 0);
	assert_true(info.madt);
	assert_int_equal(info.ncpus, 1);
	/* An entry that runs past the table's end is not read. */
	end = madt_begin(MADT_AT);
	lapic(&end, 0, LAPIC_ON);
	lapic(&end, 1, LAPIC_ON);
	madt_end(MADT_AT, end - 4);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.ncpus, 1);
	/* Too short for its type: skipped, the walk goes on. */
	end = madt_begin(MADT_AT);
	lapic(&end, 0, LAPIC_ON);
	stop = end;
	x2apic(&end, 5, LAPIC_ON);
	put8(stop + 1, 8);
	end = stop + 8;
	x2apic(&end, 1, LAPIC_ON);
	madt_end(MADT_AT, end);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.ncpus, 2);
	assert_int_equal(info.apic_id[1], 1);
}

static void test_root_entries_capped(void **state)
{
	u64 t[ROOT_ENTRIES];
	struct acpi_info info;
	u64 end = madt_begin(MADT_AT);
	u32 i;

	(void)state;
	lapic(&end, 0, LAPIC_ON);
	madt_end(MADT_AT, end);
	for (i = 0; i < ROOT_ENTRIES; i++)
		t[i] = DSDT_AT;			/* not a MADT */
	t[ROOT_ENTRIES - 1] = MADT_AT;
	dsdt(DSDT_AT, s5_aml, sizeof(s5_aml));
	rsdt(t, ROOT_ENTRIES);
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(parse(&info), 0);
	assert_false(info.madt);
	/* Within the first 64 entries it counts. */
	t[63] = MADT_AT;
	rsdt(t, ROOT_ENTRIES);
	assert_int_equal(parse(&info), 0);
	assert_true(info.madt);
}

/* An RSDT naming only the FADT. */
static void fadt_only(u32 len)
{
	const u64 t[] = { FADT_AT };

	seal(FADT_AT, len);
	rsdt(t, 1);
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
}

static void test_fadt_pm_tmr_blk(void **state)
{
	struct acpi_info info;

	(void)state;
	fadt(116, 0, 0x608, TMR_VAL_EXT);	/* ACPI 1.0 size */
	fadt_only(116);
	assert_int_equal(parse(&info), 0);
	assert_false(info.madt);
	assert_int_equal(info.pm_timer_port, 0x608);
	assert_true(info.pm_timer_32bit);
	assert_int_equal(info.pm1a_cnt, 0x604);
	assert_int_equal(info.smi_cmd, 0xb2);
	assert_int_equal(info.acpi_enable, 0xf1);
	assert_int_equal(info.s5_slp_typ, -1);
	/* TMR_VAL_EXT clear: 24 bits. */
	fadt(116, 0, 0x608, 0);
	fadt_only(116);
	assert_int_equal(parse(&info), 0);
	assert_false(info.pm_timer_32bit);
}

static void test_fadt_x_pm_tmr_blk(void **state)
{
	struct acpi_info info;

	(void)state;
	fadt(276, 0, 0x608, 0);			/* ACPI 6 size */
	fadt_x_pm_tmr(GAS_IO, 0xb008);
	fadt_only(276);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.pm_timer_port, 0xb008);
	assert_false(info.pm_timer_32bit);
	/* In memory space: not a port, PM_TMR_BLK instead. */
	fadt_x_pm_tmr(0, 0xb008);
	fadt_only(276);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.pm_timer_port, 0x608);
	/* I/O at address 0: none given, PM_TMR_BLK instead. */
	fadt_x_pm_tmr(GAS_IO, 0);
	fadt_only(276);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.pm_timer_port, 0x608);
	/* Beyond the I/O space: no port. */
	fadt(276, 0, 0x10008, 0);
	fadt_only(276);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.pm_timer_port, 0);
}

static void test_fadt_truncated(void **state)
{
	struct acpi_info info;

	(void)state;
	/* X_DSDT and X_PM_TMR_BLK past the end of a 116-byte FADT. */
	dsdt(DSDT_AT, s5_aml, sizeof(s5_aml));
	fadt(116, 0, 0x608, 0);
	put64(FADT_AT + 140, DSDT_AT);
	fadt_x_pm_tmr(GAS_IO, 0xb008);
	fadt_only(116);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.pm_timer_port, 0x608);
	assert_int_equal(info.s5_slp_typ, -1);
	/* 60 bytes: SMI_CMD and ACPI_ENABLE only. */
	fadt(60, DSDT_AT, 0x608, TMR_VAL_EXT);
	fadt_only(60);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.smi_cmd, 0xb2);
	assert_int_equal(info.acpi_enable, 0xf1);
	assert_int_equal(info.pm1a_cnt, 0);
	assert_int_equal(info.pm_timer_port, 0);
	assert_false(info.pm_timer_32bit);
	assert_int_equal(info.s5_slp_typ, 5);
	/* 40 bytes: not even the DSDT. */
	fadt(40, DSDT_AT, 0x608, 0);
	fadt_only(40);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.smi_cmd, 0);
	assert_int_equal(info.acpi_enable, 0);
	assert_int_equal(info.s5_slp_typ, -1);
}

static void test_s5(void **state)
{
	static const u8 one[] = {
		0x08, 0x5c, '_', 'S', '5', '_', 0x12, 0x06, 0x04,
		0x01, 0x01, 0x00, 0x00,
	};
	static const u8 long_pkg[] = {
		0x08, '_', 'S', '5', '_', 0x12, 0x49, 0x00, 0x04,
		0x0a, 0x07, 0x0a, 0x07, 0x00, 0x00,
	};
	struct acpi_info info;

	(void)state;
	dsdt(DSDT_AT, s5_aml, sizeof(s5_aml));
	fadt(116, DSDT_AT, 0x608, 0);
	fadt_only(116);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.s5_slp_typ, 5);
	/* \_S5 with OneOp; a two-byte PkgLength. */
	dsdt(DSDT_AT, one, sizeof(one));
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.s5_slp_typ, 1);
	dsdt(DSDT_AT, long_pkg, sizeof(long_pkg));
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.s5_slp_typ, 7);
	/* A bad DSDT checksum: no \_S5. */
	mem[DSDT_AT + SDT_CSUM]++;
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.s5_slp_typ, -1);
}

static void test_s5_absent(void **state)
{
	struct acpi_info info;
	u32 len;

	(void)state;
	dsdt(DSDT_AT, s5_aml, 9);		/* only _PTS */
	fadt(116, DSDT_AT, 0x608, 0);
	fadt_only(116);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.s5_slp_typ, -1);
	/* Cut after the BytePrefix: the value past the end is not read. */
	len = dsdt(DSDT_AT, s5_aml, 18);
	memcpy(mem + DSDT_AT + len, s5_aml + 18, 5);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.s5_slp_typ, -1);
}

static void test_x_dsdt_preferred(void **state)
{
	struct acpi_info info;

	(void)state;
	dsdt(DSDT_AT, s5_aml, 9);		/* no \_S5 */
	dsdt(DSDT2_AT, s5_aml, sizeof(s5_aml));
	fadt(244, DSDT_AT, 0x608, 0);		/* ACPI 2.0 size */
	put64(FADT_AT + 140, DSDT2_AT);
	fadt_only(244);
	assert_int_equal(parse(&info), 0);
	assert_int_equal(info.s5_slp_typ, 5);
}

static void test_full_tables(void **state)
{
	const u64 t[] = { FADT_AT, MADT_AT };
	struct acpi_info info;
	u64 end = madt_begin(MADT_AT);

	(void)state;
	lapic(&end, 0, LAPIC_ON);
	lapic(&end, 1, LAPIC_ON);
	madt_end(MADT_AT, end);
	dsdt(DSDT_AT, s5_aml, sizeof(s5_aml));
	fadt(116, DSDT_AT, 0x608, TMR_VAL_EXT);
	seal(FADT_AT, 116);
	root(XSDT_AT, "XSDT", 8, t, 2);
	rsdt(t, 2);
	rsdp(RSDP_AT, 2, RSDT_AT, XSDT_AT);
	assert_int_equal(parse(&info), 0);
	assert_true(info.madt);
	assert_int_equal(info.ncpus, 2);
	assert_int_equal(info.pm_timer_port, 0x608);
	assert_true(info.pm_timer_32bit);
	assert_int_equal(info.s5_slp_typ, 5);
}

static void test_find_rsdp(void **state)
{
	(void)state;
	assert_int_equal(acpi_find_rsdp(mem), 0);
	/* In the BIOS area, on a 16-byte boundary only. */
	rsdp(0xe0008, 0, RSDT_AT, 0);
	assert_int_equal(acpi_find_rsdp(mem), 0);
	rsdp(RSDP_AT, 0, RSDT_AT, 0);
	assert_int_equal(acpi_find_rsdp(mem), RSDP_AT);
	/* A signature with a bad checksum is passed over. */
	rsdp(0xe0000, 0, RSDT_AT, 0);
	mem[0xe0000 + 8]++;
	assert_int_equal(acpi_find_rsdp(mem), RSDP_AT);
	/* The EBDA's first KiB first. */
	put16(0x40e, EBDA_SEG);
	rsdp(0x9fc00 + 0x400, 0, RSDT_AT, 0);	/* past the first KiB */
	assert_int_equal(acpi_find_rsdp(mem), RSDP_AT);
	rsdp(0x9fc00 + 0x20, 2, RSDT_AT, XSDT_AT);
	assert_int_equal(acpi_find_rsdp(mem), 0x9fc20);
	/* An EBDA segment above low RAM is not believed. */
	put16(0x40e, EBDA_BAD_SEG);
	rsdp(0xc0000, 0, RSDT_AT, 0);
	assert_int_equal(acpi_find_rsdp(mem), RSDP_AT);
	/* The last 16 bytes of the BIOS area are too few for an RSDP. */
	memset(mem, 0, sizeof(mem));
	rsdp(0xffff0, 0, RSDT_AT, 0);
	assert_int_equal(acpi_find_rsdp(mem), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_rsdt_madt, setup),
		cmocka_unit_test_setup(test_xsdt_preferred, setup),
		cmocka_unit_test_setup(test_bad_xsdt_falls_back, setup),
		cmocka_unit_test_setup(test_x2apic, setup),
		cmocka_unit_test_setup(test_duplicates_and_broadcast, setup),
		cmocka_unit_test_setup(test_cpus_capped, setup),
		cmocka_unit_test_setup(test_bad_rsdp, setup),
		cmocka_unit_test_setup(test_bad_madt_checksum, setup),
		cmocka_unit_test_setup(test_madt_length_bounds, setup),
		cmocka_unit_test_setup(test_madt_bad_entries, setup),
		cmocka_unit_test_setup(test_root_entries_capped, setup),
		cmocka_unit_test_setup(test_fadt_pm_tmr_blk, setup),
		cmocka_unit_test_setup(test_fadt_x_pm_tmr_blk, setup),
		cmocka_unit_test_setup(test_fadt_truncated, setup),
		cmocka_unit_test_setup(test_s5, setup),
		cmocka_unit_test_setup(test_s5_absent, setup),
		cmocka_unit_test_setup(test_x_dsdt_preferred, setup),
		cmocka_unit_test_setup(test_full_tables, setup),
		cmocka_unit_test_setup(test_find_rsdp, setup),
	};

	return cmocka_run_group_tests_name("acpi", tests, NULL, NULL);
}
