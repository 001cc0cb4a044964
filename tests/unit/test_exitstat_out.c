/* test_exitstat_out.c: exitstat's tables, JSON lines and spread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/exitstat/json.h"
#include "../../tools/exitstat/spread.h"
#include "../../tools/exitstat/table.h"
#include "test_exitstat.h"

/* A PID above any pid_max: its command shows as "-". */
static const struct vm vm = { "99999999-11", 99999999 };

static struct sample s, t;
static char err[ERR_LEN];
static u32 unknown;

/* What f, an open_memstream() of *buf, holds once closed. */
static char *closed(FILE *f, char **buf)
{
	fclose(f);
	return *buf;
}

static void test_thousands(void **state)
{
	char b[32], small[6];

	(void)state;
	fmt_thousands(0, b, sizeof(b));
	assert_string_equal(b, "0");
	fmt_thousands(999, b, sizeof(b));
	assert_string_equal(b, "999");
	fmt_thousands(1000, b, sizeof(b));
	assert_string_equal(b, "1,000");
	fmt_thousands(123456, b, sizeof(b));
	assert_string_equal(b, "123,456");
	fmt_thousands(1234567, b, sizeof(b));
	assert_string_equal(b, "1,234,567");
	fmt_thousands(UINT64_MAX, b, sizeof(b));
	assert_string_equal(b, "18,446,744,073,709,551,615");
	fmt_thousands(1234567, small, sizeof(small));	/* cut, ended */
	assert_string_equal(small, "1,234");
}

static void test_per_exit(void **state)
{
	(void)state;
	assert_int_equal(per_exit(50000, 1000), 50);
	assert_int_equal(per_exit(7, 2), 3);
	assert_int_equal(per_exit(7, 0), 0);
}

static void test_table(void **state)
{
	struct view v = { .sort = SORT_COUNT };
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	sample_parse(svm_text, &s, &unknown, err);
	out_table(f, &vm, &s, NULL, &v, NULL);
	assert_string_equal(closed(f, &buf),
"VM 99999999-11 (pid 99999999, -): svm, 2 vCPUs, t=0.00 s\n"
"1,000 exits, 50,000 cycles, 50 cycles/exit\n"
"NUMBER  NAME                                COUNT      %     RATE/s           CYCLES   CYC/EXIT\n"
"0x07b   io                                    600   60.0          -           30,000         50\n"
"0x072   cpuid                                 300   30.0          -            9,000         30\n"
"0x400   npf                                   100   10.0          -           11,000        110\n");
	free(buf);
}

/* By time, the top two only, counting off, with a title. */
static void test_table_time_top(void **state)
{
	struct view v = { .sort = SORT_TIME, .top = 2 };
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	sample_parse(svm_text, &s, &unknown, err);
	s.enabled = false;
	s.vcpus = 1;
	out_table(f, &vm, &s, NULL, &v, "final: ");
	assert_string_equal(closed(f, &buf),
"final: VM 99999999-11 (pid 99999999, -): svm, 1 vCPU, counting off (kvm.exit_stats=N), t=0.00 s\n"
"1,000 exits, 50,000 cycles, 50 cycles/exit\n"
"NUMBER  NAME                                COUNT      %     RATE/s           CYCLES   CYC/EXIT\n"
"0x07b   io                                    600   60.0          -           30,000         50\n"
"0x400   npf                                   100   10.0          -           11,000        110\n"
"(1 more exit number; without -t all are shown)\n");
	free(buf);
}

/* Live: rates per second from the sample before. */
static void test_table_live(void **state)
{
	struct view v = { .sort = SORT_COUNT, .top = 2, .live = true };
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	two_samples(&s, &t);
	out_table(f, &vm, &t, &s, &v, NULL);
	assert_non_null(strstr(closed(f, &buf),
"0x07b   io                                    600   60.0        0.0           30,000         50\n"
"0x072   cpuid                                 300   30.0      600.0            9,000         30\n"));
	free(buf);
}

static void test_json(void **state)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	sample_parse("vendor svm\nenabled Y\nvcpus 1\ntotal 3 30\n"
		     "0x072 cpuid 2 20\n0x400 npf 1 10\n", &s, &unknown, err);
	s.t = 0.25;
	out_json(f, &vm, &s, true);
	s.t = 1.5;
	s.enabled = false;
	out_json(f, &vm, &s, false);
	assert_string_equal(closed(f, &buf),
		"{\"exitstat\":1,\"vm\":\"99999999-11\",\"pid\":99999999,"
		"\"t\":0.250,\"final\":true,\"vendor\":\"svm\","
		"\"enabled\":true,\"vcpus\":1,"
		"\"total\":{\"count\":3,\"cycles\":30},\"reasons\":["
		"{\"nr\":114,\"code\":\"0x072\",\"name\":\"cpuid\",\"count\":2,\"cycles\":20},"
		"{\"nr\":1024,\"code\":\"0x400\",\"name\":\"npf\",\"count\":1,\"cycles\":10}]}\n"
		"{\"exitstat\":1,\"vm\":\"99999999-11\",\"pid\":99999999,"
		"\"t\":1.500,\"final\":false,\"vendor\":\"svm\","
		"\"enabled\":false,\"vcpus\":1,"
		"\"total\":{\"count\":3,\"cycles\":30},\"reasons\":["
		"{\"nr\":114,\"code\":\"0x072\",\"name\":\"cpuid\",\"count\":2,\"cycles\":20},"
		"{\"nr\":1024,\"code\":\"0x400\",\"name\":\"npf\",\"count\":1,\"cycles\":10}]}\n");
	free(buf);
}

/* VMX numbers in decimal; names JSON cannot take as they are, escaped. */
static void test_json_vmx_escaped(void **state)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	sample_parse("vendor vmx\nenabled Y\nvcpus 4\ntotal 0 0\n"
		     "10 a\"b\\c 5 6\n", &s, &unknown, err);
	s.reasons[0].name[0] = '\t';
	out_json(f, &vm, &s, false);
	assert_non_null(strstr(closed(f, &buf),
		"\"vcpus\":4,\"total\":{\"count\":0,\"cycles\":0},"
		"\"reasons\":[{\"nr\":10,\"code\":\"10\","
		"\"name\":\"\\u0009\\\"b\\\\c\",\"count\":5,\"cycles\":6}]}\n"));
	free(buf);
}

static void test_spread(void **state)
{
	static struct sample a, b, c;
	struct spread sp = { 0 };
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	sample_parse("vendor svm\ntotal 100 1\n0x07b io 100 1\n", &a,
		     &unknown, err);
	sample_parse("vendor svm\ntotal 400 1\n0x072 cpuid 150 1\n"
		     "0x07b io 250 1\n", &b, &unknown, err);
	c = b;
	b.t = 0.5;
	c.t = 1.0;
	assert_true(spread_add(&sp, &a, &b));
	assert_true(spread_add(&sp, &b, &c));
	assert_int_equal(sp.n, 2);
	assert_int_equal(sp.rows[0].count, 300);
	assert_int_equal(sp.rows[0].ntop, 2);
	assert_string_equal(sp.rows[0].top[0].name, "cpuid");	/* a tie */
	assert_int_equal(sp.rows[1].ntop, 0);
	spread_print(f, &sp);
	assert_string_equal(closed(f, &buf),
"\nspread over the run: exits per interval, busiest reasons in it\n"
"t (s)                    exits      exits/s  top reasons (share of the interval)\n"
"   0.00 -    0.50          300          600  cpuid 50%, io 50%\n"
"   0.50 -    1.00            0            0  -\n");
	free(buf);
	spread_free(&sp);
	assert_null(sp.rows);
}

/* The three busiest of many reasons; an empty spread says so. */
static void test_spread_top(void **state)
{
	static struct sample a, b;
	struct spread sp = { 0 };
	char *buf = NULL;
	size_t len;
	FILE *f;

	(void)state;
	sample_parse("vendor vmx\ntotal 0 0\n", &a, &unknown, err);
	sample_parse("vendor vmx\ntotal 100 0\n1 A 10 0\n2 B 40 0\n3 C 5 0\n"
		     "4 D 45 0\n", &b, &unknown, err);
	b.t = 2.0;
	spread_add(&sp, &a, &b);
	assert_int_equal(sp.rows[0].ntop, 3);
	assert_string_equal(sp.rows[0].top[0].name, "D");
	assert_string_equal(sp.rows[0].top[1].name, "B");
	assert_string_equal(sp.rows[0].top[2].name, "A");
	spread_free(&sp);
	f = open_memstream(&buf, &len);
	spread_print(f, &sp);
	assert_non_null(strstr(closed(f, &buf),
			       "(one sample only: no interval)"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thousands),
		cmocka_unit_test(test_per_exit),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_time_top),
		cmocka_unit_test(test_table_live),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_vmx_escaped),
		cmocka_unit_test(test_spread),
		cmocka_unit_test(test_spread_top),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
