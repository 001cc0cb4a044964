/* test_sweep.c: the shape rules of the per-reason leaves' answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "exit_stats_abi.h"
#include "sweep.h"

static void test_count_leaf(void **state)
{
	const u32 L = EXIT_STATS_COUNT;

	(void)state;
	assert_int_equal(sweep_classify(L, 123, 0, 0, 0), ANSWER_DEFINED);
	assert_int_equal(sweep_classify(L, 0, 0, 0, 0), ANSWER_DEFINED);
	assert_int_equal(sweep_classify(L, 0, 0, 0, 0xffffffff),
			 ANSWER_UNDEFINED);
	assert_int_equal(sweep_classify(L, 1, 0, 0, 0xffffffff), ANSWER_BAD);
	assert_int_equal(sweep_classify(L, 1, 2, 0, 0), ANSWER_BAD);
	assert_int_equal(sweep_classify(L, 1, 0, 3, 0), ANSWER_BAD);
	assert_int_equal(sweep_classify(L, 1, 0, 0, 4), ANSWER_BAD);
}

static void test_time_leaf(void **state)
{
	const u32 L = EXIT_STATS_TIME;

	(void)state;
	assert_int_equal(sweep_classify(L, 0, 1, 2, 0), ANSWER_DEFINED);
	assert_int_equal(sweep_classify(L, 0, 0, 0, 0), ANSWER_DEFINED);
	assert_int_equal(sweep_classify(L, 0, 0, 0, 0xffffffff),
			 ANSWER_UNDEFINED);
	assert_int_equal(sweep_classify(L, 0, 0, 1, 0xffffffff), ANSWER_BAD);
	assert_int_equal(sweep_classify(L, 5, 1, 2, 0), ANSWER_BAD);
	assert_int_equal(sweep_classify(L, 0, 1, 2, 1), ANSWER_BAD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_leaf),
		cmocka_unit_test(test_time_leaf),
	};

	return cmocka_run_group_tests_name("sweep", tests, NULL, NULL);
}
