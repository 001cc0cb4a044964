/* test_samples.c: the timeline's tracked reasons and per-interval deltas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "samples.h"

/* Every tracked reason is defined, named, and fits one sample. */
static void test_reasons(void **state)
{
	static const enum vendor vendors[] = { VENDOR_INTEL, VENDOR_AMD };
	char buf[EXIT_NAME_LEN];
	const u32 *r;
	u32 v, i, n, cpuid_seen;

	(void)state;
	for (v = 0; v < 2; v++) {
		n = samples_reasons(vendors[v], &r);
		assert_true(n > 0 && n <= SAMPLE_REASONS);
		cpuid_seen = 0;
		for (i = 0; i < n; i++) {
			assert_non_null(exit_name(vendors[v], r[i], buf));
			cpuid_seen += r[i] == exit_cpuid(vendors[v]);
		}
		assert_int_equal(cpuid_seen, 1);
	}
	assert_int_equal(samples_reasons(VENDOR_OTHER, &r), 0);
	assert_null(r);
}

/* Reads of one sample come out of the total and the CPUID reason only. */
static void test_delta(void **state)
{
	struct sample a = { .total = 1000, .count = { 10, 500, 7 } };
	struct sample b = { .total = 1000 + 4 + 90, .count = { 30, 504, 77 } };
	struct sample_delta d;

	(void)state;
	assert_int_equal(sample_reads(3), 4);
	sample_delta(&a, &b, 3, 1, &d);
	assert_int_equal(d.total, 90);
	assert_int_equal(d.count[0], 20);
	assert_int_equal(d.count[1], 0);
	assert_int_equal(d.count[2], 70);
	assert_int_equal(d.other, 0);
	/* An untracked CPUID reason (index n) leaves the counts whole. */
	b.total += 25;
	sample_delta(&a, &b, 3, 3, &d);
	assert_int_equal(d.count[1], 4);
	assert_int_equal(d.other, 115 - 94);
}

/* Counters wrap at 2^32; a read total behind its reasons is no negative. */
static void test_wrap_and_floor(void **state)
{
	struct sample a = { .total = 0xfffffff0u, .count = { 0xfffffffeu } };
	struct sample b = { .total = 0x10u, .count = { 0x3u } };
	struct sample_delta d;

	(void)state;
	sample_delta(&a, &b, 1, 1, &d);
	assert_int_equal(d.total, 0x20 - 2);
	assert_int_equal(d.count[0], 5);
	assert_int_equal(d.other, 0x20 - 2 - 5);
	b.total = a.total + 1;
	sample_delta(&a, &b, 1, 1, &d);
	assert_int_equal(d.total, 0);
	assert_int_equal(d.other, 0);
}

static void test_tsc_to_us(void **state)
{
	(void)state;
	assert_int_equal(tsc_to_us(3000000, 3000), 1000);
	assert_int_equal(tsc_to_us(2999, 3000), 0);
	assert_int_equal(tsc_to_us(12345, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_wrap_and_floor),
		cmocka_unit_test(test_tsc_to_us),
	};

	return cmocka_run_group_tests_name("samples", tests, NULL, NULL);
}
