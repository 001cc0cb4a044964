/* test_calc.c: deltas modulo 2^32, spreads, rounding and expectations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "calc.h"

static void test_delta32_wraps(void **state)
{
	(void)state;
	assert_int_equal(delta32(10, 15), 5);
	assert_int_equal(delta32(0xfffffffe, 3), 5);
	assert_int_equal(delta32(0xffffffff, 0), 1);
	assert_int_equal(delta32(7, 7), 0);
}

static void test_spread(void **state)
{
	u64 odd[] = { 9, 1, 5, 3, 7 };
	u64 even[] = { 40, 10, 30, 20 };
	u64 one[] = { 17 };
	struct spread s;

	(void)state;
	s = spread_of(odd, 5);
	assert_int_equal(s.median, 5);
	assert_int_equal(s.min, 1);
	assert_int_equal(s.max, 9);
	s = spread_of(even, 4);
	assert_int_equal(s.median, 20);	/* lower middle */
	assert_int_equal(s.min, 10);
	assert_int_equal(s.max, 40);
	s = spread_of(one, 1);
	assert_int_equal(s.median, 17);
	s = spread_of(NULL, 0);
	assert_int_equal(s.median, 0);
}

static void test_div_round(void **state)
{
	(void)state;
	assert_int_equal(div_round(10, 4), 3);	/* 2.5 rounds up */
	assert_int_equal(div_round(9, 4), 2);
	assert_int_equal(div_round(11, 4), 3);
	assert_int_equal(div_round(1, 3), 0);
	assert_int_equal(div_round(2, 3), 1);
	assert_int_equal(div_round(5, 0), 0);
	assert_true(div_round(~0ull, 1) == ~0ull);
}

static void test_guest_per_exit(void **state)
{
	(void)state;
	/* 1000 iterations of 1100 cycles, baseline 100, 1000 exits. */
	assert_int_equal(guest_per_exit(1100000, 100, 1000, 1000), 1000);
	/* Two exits per iteration halve the cost per exit. */
	assert_int_equal(guest_per_exit(1100000, 100, 1000, 2000), 500);
	assert_int_equal(guest_per_exit(1100000, 100, 1000, 0), 0);
	/* Loop faster than the baseline: no negative cost. */
	assert_int_equal(guest_per_exit(50000, 100, 1000, 10), 0);
}

static void test_permille(void **state)
{
	(void)state;
	assert_int_equal(permille(1, 3), 333);
	assert_int_equal(permille(2, 3), 667);
	assert_int_equal(permille(5, 5), 1000);
	assert_int_equal(permille(5, 0), 0);
	assert_int_equal(permille(~0ull / 2, ~0ull), 500);
}

static void test_expectations(void **state)
{
	struct expectation exact = { EXPECT_EXACT, 5000, 5000 };
	struct expectation range = { EXPECT_RANGE, 1, 5000 };
	struct expectation any = { EXPECT_ANY, 0, 0 };
	struct expectation zero = { EXPECT_EXACT, 0, 0 };

	(void)state;
	assert_int_equal(expect_verdict(&exact, 5000), VERDICT_PASS);
	assert_int_equal(expect_verdict(&exact, 4999), VERDICT_FAIL);
	assert_int_equal(expect_verdict(&exact, 5001), VERDICT_FAIL);
	assert_int_equal(expect_verdict(&range, 1), VERDICT_PASS);
	assert_int_equal(expect_verdict(&range, 5000), VERDICT_PASS);
	assert_int_equal(expect_verdict(&range, 0), VERDICT_FAIL);
	assert_int_equal(expect_verdict(&range, 5001), VERDICT_FAIL);
	assert_int_equal(expect_verdict(&any, 123), VERDICT_INFO);
	assert_int_equal(expect_verdict(&zero, 0), VERDICT_PASS);
	assert_int_equal(expect_verdict(&zero, 1), VERDICT_FAIL);
	assert_string_equal(verdict_name(VERDICT_SKIP), "SKIP");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delta32_wraps),
		cmocka_unit_test(test_spread),
		cmocka_unit_test(test_div_round),
		cmocka_unit_test(test_guest_per_exit),
		cmocka_unit_test(test_permille),
		cmocka_unit_test(test_expectations),
	};

	return cmocka_run_group_tests_name("calc", tests, NULL, NULL);
}
