/* test_exitstat.c: exitstat's exit_stats parser and sample arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "test_exitstat.h"

static const char vmx_text[] =
	"vendor vmx\n"
	"enabled N\n"
	"vcpus 1\n"
	"total 41 701\n"
	"10 CPUID 10 200\n"
	"30 IO_INSTRUCTION 20 400\n"
	"48 EPT_VIOLATION 10 100\n"
	"77 - 1 1\n";

static struct sample s, t, d;
static char err[ERR_LEN];
static u32 unknown;

static void test_parse_svm(void **state)
{
	(void)state;
	assert_int_equal(sample_parse(svm_text, &s, &unknown, err), 0);
	assert_string_equal(s.vendor, "svm");
	assert_true(s.enabled);
	assert_int_equal(s.vcpus, 2);
	assert_int_equal(s.count, 1000);
	assert_int_equal(s.cycles, 50000);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.reasons[0].nr, 0x72);
	assert_string_equal(s.reasons[0].name, "cpuid");
	assert_int_equal(s.reasons[1].count, 600);
	assert_int_equal(s.reasons[2].nr, 0x400);
	assert_int_equal(s.reasons[2].cycles, 11000);
	assert_int_equal(unknown, 0);
}

static void test_parse_vmx(void **state)
{
	(void)state;
	assert_int_equal(sample_parse(vmx_text, &s, &unknown, err), 0);
	assert_string_equal(s.vendor, "vmx");
	assert_false(s.enabled);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.reasons[0].nr, 10);	/* decimal, not hex */
	assert_int_equal(s.reasons[1].nr, 30);
	assert_string_equal(s.reasons[1].name, "IO_INSTRUCTION");
	assert_int_equal(s.reasons[3].nr, 77);
	assert_string_equal(s.reasons[3].name, "-");	/* no kernel name */
}

/* 64-bit figures, CRLF line ends, blank lines and no final newline. */
static void test_parse_edges(void **state)
{
	(void)state;
	assert_int_equal(sample_parse("vendor svm\r\n\r\n"
				      "total 18446744073709551615 1\r\n"
				      "0x400 npf 18446744073709551615 7",
				      &s, &unknown, err), 0);
	assert_true(s.count == UINT64_MAX);
	assert_true(s.reasons[0].count == UINT64_MAX);
	assert_int_equal(s.reasons[0].cycles, 7);
	assert_int_equal(unknown, 0);
}

/* A name longer than NAME_LEN - 1 is cut, not an error. */
static void test_parse_long_name(void **state)
{
	char text[200];

	(void)state;
	snprintf(text, sizeof(text), "vendor vmx\ntotal 1 1\n7 %0*d 1 1\n",
		 NAME_LEN + 10, 0);
	assert_int_equal(sample_parse(text, &s, &unknown, err), 0);
	assert_int_equal(strlen(s.reasons[0].name), NAME_LEN - 1);
}

static void expect_bad(const char *text, const char *msg)
{
	memset(err, 0, sizeof(err));
	if (sample_parse(text, &s, &unknown, err) != -1)
		fail_msg("'%s' parsed", text);
	if (!strstr(err, msg))
		fail_msg("'%s' does not say '%s'", err, msg);
}

static void test_parse_bad(void **state)
{
	(void)state;
	expect_bad("vendor svm\n", "no total line");
	expect_bad("total 1 2\n", "no vendor");
	expect_bad("hello\nworld\n", "no vendor");
	expect_bad("vendor arm\ntotal 1 2\n", "bad line 1: 'vendor arm'");
	expect_bad("vendor svm\ntotal 1 2 3\n", "bad line 2");
	expect_bad("vendor svm\ntotal 1\n", "bad line 2");
	expect_bad("vendor svm\ntotal -1 2\n", "bad line 2");
	expect_bad("vendor svm\nenabled yes\ntotal 1 2\n", "bad line 2");
	expect_bad("vendor svm\nvcpus x\ntotal 1 2\n", "bad line 2");
	expect_bad("vendor svm\ntotal 1 2\n0x072 cpuid 1\n", "bad line 3");
	expect_bad("vendor svm\ntotal 1 2\n0x072 cpuid 1 2 3\n", "bad line 3");
	expect_bad("vendor svm\ntotal 1 2\n0x072 cpuid x 1\n", "bad line 3");
	expect_bad("vendor svm\ntotal 1 2\n0x072 cpuid -1 1\n", "bad line 3");
	expect_bad("vendor svm\ntotal 1 2\n0x072 cpuid 1 1y\n", "bad line 3");
	expect_bad("vendor svm\ntotal 1 2\n0x1x2 cpuid 1 1\n", "bad line 3");
	expect_bad("vendor svm\ntotal 1 2\n0x100000000 big 1 1\n",
		   "bad line 3");
	expect_bad("vendor svm\ntotal 1 2\n1 io 18446744073709551616 1\n",
		   "bad line 3");
	expect_bad("vendor svm\ntotal 1 2\n0x07b io 1 1\n0x072 cpuid 1 1\n",
		   "out of order at line 4");
	expect_bad("vendor svm\ntotal 1 2\n0x07b io 1 1\n0x07b io 1 1\n",
		   "out of order");
}

/* No text at all is a VM whose file went away, not a bad file. */
static void test_parse_empty(void **state)
{
	(void)state;
	assert_int_equal(sample_parse("", &s, &unknown, err), SAMPLE_EMPTY);
	assert_int_equal(sample_parse(" \n\n", &s, &unknown, err),
			 SAMPLE_EMPTY);
}

/* Unknown lines (a newer kernel's) are skipped and counted. */
static void test_parse_unknown(void **state)
{
	(void)state;
	assert_int_equal(sample_parse("vendor svm\nfuture 1 2\ntotal 5 6\n"
				      "also new\n0x072 cpuid 5 6\n", &s,
				      &unknown, err), 0);
	assert_int_equal(unknown, 2);
	assert_int_equal(s.count, 5);
	assert_int_equal(s.n, 1);
}

static void test_parse_full(void **state)
{
	char text[REASONS_MAX * 24 + 64], *p = text;
	int i;

	(void)state;
	p += sprintf(p, "vendor vmx\ntotal 1 1\n");
	for (i = 0; i < REASONS_MAX; i++)
		p += sprintf(p, "%d X 1 1\n", i);
	assert_int_equal(sample_parse(text, &s, &unknown, err), 0);
	assert_int_equal(s.n, REASONS_MAX);
	sprintf(p, "%d X 1 1\n", i);
	expect_bad(text, "bad line");
}

static void test_delta(void **state)
{
	(void)state;
	two_samples(&s, &t);
	sample_delta(&s, &t, &d);
	assert_int_equal(d.count, 300);
	assert_int_equal(d.cycles, 20000);
	assert_true(d.t == 0.5);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.reasons[0].count, 300);	/* new in t */
	assert_int_equal(d.reasons[0].cycles, 9000);
	assert_int_equal(d.reasons[1].count, 0);
	assert_int_equal(d.reasons[1].cycles, 10000);
	assert_int_equal(d.reasons[2].count, 100);
}

/* Figures that go down (a new VM of the same name) count as 0. */
static void test_delta_down(void **state)
{
	(void)state;
	sample_parse(svm_text, &s, &unknown, err);
	sample_parse("vendor svm\ntotal 10 10\n0x07b io 10 10\n", &t,
		     &unknown, err);
	sample_delta(&s, &t, &d);
	assert_int_equal(d.count, 0);
	assert_int_equal(d.cycles, 0);
	assert_int_equal(d.reasons[0].count, 0);
	assert_int_equal(d.reasons[0].cycles, 0);
}

static void test_rate(void **state)
{
	(void)state;
	two_samples(&s, &t);
	assert_true(sample_rate(&s, &t, 0x7b) == 0.0);
	assert_true(sample_rate(&s, &t, 0x72) == 600.0);	/* 300/0.5 */
	assert_true(sample_rate(&s, &t, 0x400) == 200.0);
	assert_true(sample_rate(NULL, &t, 0x72) < 0);	/* one-shot */
	assert_true(sample_rate(&s, &t, 0x99) < 0);		/* no such */
	t.t = 1.0;
	assert_true(sample_rate(&s, &t, 0x72) < 0);		/* no time */
	assert_true(sample_rate(&t, &s, 0x7b) < 0);
	s.t = 2.0;
	assert_true(sample_rate(&t, &s, 0x7b) == 0.0);	/* went down */
}

static void test_rank(void **state)
{
	u32 order[REASONS_MAX];

	(void)state;
	sample_parse(svm_text, &s, &unknown, err);
	sample_rank(&s, SORT_COUNT, order);
	assert_int_equal(s.reasons[order[0]].nr, 0x7b);
	assert_int_equal(s.reasons[order[1]].nr, 0x72);
	assert_int_equal(s.reasons[order[2]].nr, 0x400);
	sample_rank(&s, SORT_TIME, order);
	assert_int_equal(s.reasons[order[0]].nr, 0x7b);
	assert_int_equal(s.reasons[order[1]].nr, 0x400);
	assert_int_equal(s.reasons[order[2]].nr, 0x72);
	/* Ties go to the lower exit number. */
	sample_parse(vmx_text, &s, &unknown, err);
	sample_rank(&s, SORT_COUNT, order);
	assert_int_equal(s.reasons[order[0]].nr, 30);
	assert_int_equal(s.reasons[order[1]].nr, 10);
	assert_int_equal(s.reasons[order[2]].nr, 48);
	assert_int_equal(s.reasons[order[3]].nr, 77);
}

static void test_find(void **state)
{
	(void)state;
	sample_parse(svm_text, &s, &unknown, err);
	assert_int_equal(sample_find(&s, 0x400)->count, 100);
	assert_null(sample_find(&s, 0x401));
	assert_null(sample_find(NULL, 0x400));
}

static void test_codes(void **state)
{
	char b[16];

	(void)state;
	sample_parse(svm_text, &s, &unknown, err);
	reason_code(&s, 0x72, b, sizeof(b));
	assert_string_equal(b, "0x072");
	reason_code(&s, 0x400, b, sizeof(b));
	assert_string_equal(b, "0x400");
	reason_code(&s, 0, b, sizeof(b));
	assert_string_equal(b, "0x000");
	sample_parse(vmx_text, &s, &unknown, err);
	reason_code(&s, 10, b, sizeof(b));
	assert_string_equal(b, "10");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_svm),
		cmocka_unit_test(test_parse_vmx),
		cmocka_unit_test(test_parse_edges),
		cmocka_unit_test(test_parse_long_name),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_empty),
		cmocka_unit_test(test_parse_unknown),
		cmocka_unit_test(test_parse_full),
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_delta_down),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
