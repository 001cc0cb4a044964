/* test_fadt.c: ACPI parsing on fake tables: the FADT and the DSDT's \_S5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "acpi_fake.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_fadt_pm_tmr_blk, setup),
		cmocka_unit_test_setup(test_fadt_x_pm_tmr_blk, setup),
		cmocka_unit_test_setup(test_fadt_truncated, setup),
		cmocka_unit_test_setup(test_s5, setup),
		cmocka_unit_test_setup(test_s5_absent, setup),
		cmocka_unit_test_setup(test_x_dsdt_preferred, setup),
		cmocka_unit_test_setup(test_full_tables, setup),
	};

	return cmocka_run_group_tests_name("fadt", tests, NULL, NULL);
}
