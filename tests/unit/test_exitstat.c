/* test_exitstat.c: exitstat's parser, arithmetic, output and VM lookup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../tools/exitstat/out.h"
#include "../../tools/exitstat/sample.h"
#include "../../tools/exitstat/vm.h"

static const char svm_text[] =
	"vendor svm\n"
	"enabled Y\n"
	"vcpus 2\n"
	"total 1000 50000\n"
	"0x072 cpuid 300 9000\n"
	"0x07b io 600 30000\n"
	"0x400 npf 100 11000\n";

static const char vmx_text[] =
	"vendor vmx\n"
	"enabled N\n"
	"vcpus 1\n"
	"total 40 700\n"
	"10 CPUID 10 200\n"
	"30 IO_INSTRUCTION 20 400\n"
	"48 EPT_VIOLATION 10 100\n";

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
	assert_int_equal(s.reasons[1].nr, 30);
	assert_string_equal(s.reasons[1].name, "IO_INSTRUCTION");
}

static void expect_bad(const char *text, const char *msg)
{
	assert_int_equal(sample_parse(text, &s, &unknown, err), -1);
	if (!strstr(err, msg))
		fail_msg("'%s' does not say '%s'", err, msg);
}

static void test_parse_bad(void **state)
{
	(void)state;
	expect_bad("", "no vendor");
	expect_bad("vendor svm\n", "no total");
	expect_bad("total 1 2\n", "no vendor");
	expect_bad("vendor arm\ntotal 1 2\n", "no vendor");
	expect_bad("vendor svm\ntotal 1 2\n0x072 cpuid 1\n", "bad exit line");
	expect_bad("vendor svm\ntotal 1 2\n0x072 cpuid x 1\n", "bad exit line");
	expect_bad("vendor svm\ntotal 1 2\n0x072 cpuid -1 1\n", "bad exit line");
	expect_bad("vendor svm\ntotal 1 2\n0x1x2 cpuid 1 1\n", "bad exit line");
	expect_bad("vendor svm\ntotal 1 2\n0x07b io 1 1\n0x072 cpuid 1 1\n",
		   "out of order");
	expect_bad("vendor svm\ntotal 1 2 3\n", "no total");
}

/* Unknown lines (a newer kernel's) are skipped and counted. */
static void test_parse_unknown(void **state)
{
	(void)state;
	assert_int_equal(sample_parse("vendor svm\nfuture 1 2\ntotal 5 6\n"
				      "also new\n", &s, &unknown, err), 0);
	assert_int_equal(unknown, 2);
	assert_int_equal(s.count, 5);
}

static void test_delta(void **state)
{
	(void)state;
	sample_parse("vendor svm\ntotal 700 30000\n0x07b io 600 20000\n",
		     &s, &unknown, err);
	s.t = 1.0;
	sample_parse(svm_text, &t, &unknown, err);
	t.t = 1.5;
	sample_delta(&s, &t, &d);
	assert_int_equal(d.count, 300);
	assert_int_equal(d.cycles, 20000);
	assert_true(d.t == 0.5);
	assert_int_equal(d.reasons[0].count, 300);	/* new in t */
	assert_int_equal(d.reasons[1].count, 0);
	assert_int_equal(d.reasons[1].cycles, 10000);
	assert_int_equal(d.reasons[2].count, 100);
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
	sample_parse(vmx_text, &s, &unknown, err);
	reason_code(&s, 10, b, sizeof(b));
	assert_string_equal(b, "10");
}

static void test_thousands(void **state)
{
	char b[32];

	(void)state;
	fmt_thousands(0, b, sizeof(b));
	assert_string_equal(b, "0");
	fmt_thousands(999, b, sizeof(b));
	assert_string_equal(b, "999");
	fmt_thousands(1000, b, sizeof(b));
	assert_string_equal(b, "1,000");
	fmt_thousands(1234567, b, sizeof(b));
	assert_string_equal(b, "1,234,567");
	fmt_thousands(UINT64_MAX, b, sizeof(b));
	assert_string_equal(b, "18,446,744,073,709,551,615");
}

static void test_json(void **state)
{
	struct vm vm = { "1234-11", 1234 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	sample_parse("vendor svm\nenabled Y\nvcpus 1\ntotal 3 30\n"
		     "0x072 cpuid 2 20\n0x400 npf 1 10\n", &s, &unknown, err);
	s.t = 0.25;
	out_json(f, &vm, &s, true);
	fclose(f);
	assert_string_equal(buf,
		"{\"exitstat\":1,\"vm\":\"1234-11\",\"pid\":1234,\"t\":0.250,"
		"\"final\":true,\"vendor\":\"svm\",\"enabled\":true,\"vcpus\":1,"
		"\"total\":{\"count\":3,\"cycles\":30},\"reasons\":["
		"{\"nr\":114,\"code\":\"0x072\",\"name\":\"cpuid\",\"count\":2,\"cycles\":20},"
		"{\"nr\":1024,\"code\":\"0x400\",\"name\":\"npf\",\"count\":1,\"cycles\":10}]}\n");
	free(buf);
}

static void mkdirs(const char *root, const char *const *names)
{
	char p[256];

	mkdir(root, 0755);
	for (; *names; names++) {
		snprintf(p, sizeof(p), "%s/%s", root, *names);
		mkdir(p, 0755);
	}
}

static void test_resolve(void **state)
{
	static const char *const names[] = {
		"100-11", "200-12", "200-13", "vcpu0", "300-x", NULL,
	};
	char root[] = "/tmp/test_exitstat.XXXXXX";
	struct vm vms[VMS_MAX], vm;
	char cmd[300];

	(void)state;
	assert_non_null(mkdtemp(root));
	mkdirs(root, names);
	assert_int_equal(vm_list(root, vms, VMS_MAX), 3);
	assert_string_equal(vms[0].dir, "100-11");
	assert_int_equal(vms[2].pid, 200);
	assert_int_equal(vm_resolve(root, "100-11", &vm, err), 0);
	assert_int_equal(vm.pid, 100);
	assert_int_equal(vm_resolve(root, "100", &vm, err), 0);
	assert_string_equal(vm.dir, "100-11");
	assert_int_equal(vm_resolve(root, "200", &vm, err), -1);
	assert_non_null(strstr(err, "200-12 200-13"));
	assert_int_equal(vm_resolve(root, "999", &vm, err), -1);
	assert_non_null(strstr(err, "no VM of PID 999"));
	assert_int_equal(vm_resolve(root, "999-1", &vm, err), -1);
	assert_int_equal(vm_resolve(root, "abc", &vm, err), -1);
	assert_non_null(strstr(err, "neither"));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_svm),
		cmocka_unit_test(test_parse_vmx),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_unknown),
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_thousands),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_resolve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
