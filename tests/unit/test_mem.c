/* test_mem.c: choice of fresh RAM and of an unbacked MMIO address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mem.h"

#define MiB	(1ull << 20)

static void test_small_vm(void **state)
{
	/* QEMU, -m 256: low RAM, ROM hole, RAM to 256 MiB, BIOS at 4G-256K. */
	const struct mem_range r[] = {
		{ 0, 0x9fc00, true },
		{ 0xf0000, 0x10000, false },
		{ MiB, 255 * MiB - 0x20000, true },
		{ 0xfffc0000, 0x40000, false },
	};
	struct mem_layout m;

	(void)state;
	mem_pick(r, 4, 2 * MiB, &m);
	assert_true(m.fresh_start == 16 * MiB);
	assert_true(m.fresh_len == 256 * MiB - 0x20000 - 16 * MiB);
	assert_true(m.mmio == MMIO_UNBACKED);
	/* A large image moves the floor up, to a 2 MiB boundary. */
	mem_pick(r, 4, 17 * MiB + 1, &m);
	assert_true(m.fresh_start == 18 * MiB);
}

static void test_big_vm(void **state)
{
	/* RAM up to 3.25 GiB covers 0xc0000000: no unbacked address there. */
	const struct mem_range r[] = {
		{ 0, 0x9fc00, true },
		{ MiB, 0xcff00000, true },
		{ 0x100000000ull, 0x40000000, true },
	};
	struct mem_layout m;

	(void)state;
	mem_pick(r, 3, 2 * MiB, &m);
	assert_true(m.mmio == 0);
	assert_true(m.fresh_start == 16 * MiB);
	assert_true(m.fresh_start + m.fresh_len <= MiB + 0xcff00000ull);
}

static void test_no_ram(void **state)
{
	const struct mem_range r[] = { { 0, 0x9fc00, true } };
	struct mem_layout m;

	(void)state;
	mem_pick(r, 1, 2 * MiB, &m);
	assert_true(m.fresh_len == 0);
	mem_pick(r, 0, 2 * MiB, &m);
	assert_true(m.fresh_len == 0);
	assert_true(m.mmio == MMIO_UNBACKED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_vm),
		cmocka_unit_test(test_big_vm),
		cmocka_unit_test(test_no_ram),
	};

	return cmocka_run_group_tests_name("mem", tests, NULL, NULL);
}
