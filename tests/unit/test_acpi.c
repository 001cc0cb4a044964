/* test_acpi.c: ACPI parsing on fake tables: the RSDP, RSDT/XSDT and MADT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "acpi_fake.h"

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
		cmocka_unit_test_setup(test_find_rsdp, setup),
	};

	return cmocka_run_group_tests_name("acpi", tests, NULL, NULL);
}
