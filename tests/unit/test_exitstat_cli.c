/* test_exitstat_cli.c: exitstat's options, and VMs on a fake debugfs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../tools/exitstat/options.h"

#define ARGS_MAX	12
#define DEAD_PID	99999999	/* above any pid_max */

static struct options o;
static char err[ERR_LEN];

/* options_parse() of the NULL-ended words first, ap after "exitstat". */
static int vparse(const char *first, va_list ap)
{
	char *argv[ARGS_MAX + 2] = { "exitstat" };
	const char *w = first;
	int argc = 1;

	for (; w && argc <= ARGS_MAX; w = va_arg(ap, const char *))
		argv[argc++] = (char *)w;
	argv[argc] = NULL;
	memset(err, 0, sizeof(err));
	return options_parse(argc, argv, &o, err);
}

static int parse(const char *first, ...)
{
	va_list ap;
	int r;

	va_start(ap, first);
	r = vparse(first, ap);
	va_end(ap);
	return r;
}

static void test_defaults(void **state)
{
	(void)state;
	assert_int_equal(parse(NULL), OPTIONS_OK);
	assert_string_equal(o.root, "/sys/kernel/debug/kvm");
	assert_null(o.vm);
	assert_int_equal(o.samples, 1);
	assert_false(o.view.live);
	assert_int_equal(o.view.top, 0);
	assert_int_equal(o.view.sort, SORT_COUNT);
	assert_int_equal(parse("1234-11", NULL), OPTIONS_OK);
	assert_string_equal(o.vm, "1234-11");
	assert_int_equal(o.samples, 1);
	assert_true(o.interval == 0);
}

static void test_options(void **state)
{
	(void)state;
	assert_int_equal(parse("-d", "/tmp/kvm", "-s", "time", "-t", "5",
			       "-i", "0.25", "1234", NULL), OPTIONS_OK);
	assert_string_equal(o.root, "/tmp/kvm");
	assert_string_equal(o.vm, "1234");
	assert_int_equal(o.view.sort, SORT_TIME);
	assert_int_equal(o.view.top, 5);
	assert_true(o.interval == 0.25);
	assert_true(o.view.live);
	assert_int_equal(o.samples, 0);	/* -i: until the VM exits */
	assert_int_equal(parse("--interval=2", "--samples", "3", "--json",
			       "--record", "r.jsonl", "1234", NULL),
			 OPTIONS_OK);
	assert_true(o.interval == 2);
	assert_int_equal(o.samples, 3);
	assert_true(o.json);
	assert_string_equal(o.record, "r.jsonl");
	assert_int_equal(parse("--until-exit", "--summary", "1234", NULL),
			 OPTIONS_OK);
	assert_true(o.until_exit && o.summary && o.view.live);
	assert_true(o.interval == 0.5);
	assert_int_equal(o.samples, 0);
	assert_int_equal(parse("-t", "100000", "1", NULL), OPTIONS_OK);
	assert_int_equal(o.view.top, REASONS_MAX);
	assert_int_equal(parse("-h", NULL), OPTIONS_HELP);
	assert_int_equal(parse("-s", "x", "--help", NULL), OPTIONS_BAD);
	assert_int_equal(parse("1", "--help", NULL), OPTIONS_HELP);
}

static void expect_bad(const char *msg, const char *first, ...)
{
	va_list ap;
	int r;

	va_start(ap, first);
	r = vparse(first, ap);
	va_end(ap);
	if (r != OPTIONS_BAD)
		fail_msg("%s ... parsed (%d)", first, r);
	if (!strstr(err, msg))
		fail_msg("'%s' does not say '%s'", err, msg);
}

static void test_bad(void **state)
{
	(void)state;
	expect_bad("unknown option '-x'", "-x", NULL);
	expect_bad("unknown option '--frobnicate'", "--frobnicate", NULL);
	expect_bad("option '--json' takes no value", "--json=1", "1", NULL);
	expect_bad("option '-d' needs a value", "-d", NULL);
	expect_bad("option '--root' needs a value", "--root", NULL);
	expect_bad("--sort is count or time, not 'foo'", "-s", "foo", "1",
		   NULL);
	expect_bad("--interval wants seconds", "-i", "-1", "1", NULL);
	expect_bad("--interval wants seconds", "-i", "abc", "1", NULL);
	expect_bad("--interval wants seconds", "-i", "0", "1", NULL);
	expect_bad("--interval wants seconds", "-i", "0.5s", "1", NULL);
	expect_bad("--interval wants seconds", "-i", "nan", "1", NULL);
	expect_bad("--interval wants seconds", "-i", "3601", "1", NULL);
	expect_bad("--top wants a whole number >= 1, not '0'", "-t", "0", "1",
		   NULL);
	expect_bad("--top wants", "-t", "-3", "1", NULL);
	expect_bad("--top wants", "-t", "2.5", "1", NULL);
	expect_bad("--samples wants", "-n", "x", "1", NULL);
	expect_bad("--samples wants", "-n", "-1", "1", NULL);
	expect_bad("one VM at a time: unexpected '2'", "1", "2", NULL);
	expect_bad("need a VM", "--until-exit", NULL);
	expect_bad("need a VM", "-i", "1", NULL);
	expect_bad("need a VM", "--json", NULL);
	expect_bad("--summary goes with --until-exit", "--summary", "1", NULL);
	expect_bad("--summary goes with --until-exit", "--until-exit",
		   "--summary", "--json", "1", NULL);
}

/* A fake KVM debugfs directory: VM directories, some with exit_stats. */
static char root[] = "/tmp/test_exitstat_cli.XXXXXX";

static void put(const char *name, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", root, name);
	if (!text) {
		assert_int_equal(mkdir(p, 0755), 0);
		return;
	}
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	char vm[64];

	(void)state;
	if (!mkdtemp(root))
		return -1;
	put("100-11", NULL);
	put("200-12", NULL);
	put("200-13", NULL);
	put("vcpu0", NULL);
	put("300-x", NULL);
	put("-1-2", NULL);
	snprintf(vm, sizeof(vm), "%d-14", getpid());
	put(vm, NULL);
	snprintf(vm, sizeof(vm), "%d-15", getpid());
	put(vm, NULL);
	snprintf(vm, sizeof(vm), "%d-15/exit_stats", getpid());
	put(vm, "vendor svm\ntotal 3 4\n0x07b io 3 4\n");
	snprintf(vm, sizeof(vm), "%d-16", DEAD_PID);
	put(vm, NULL);
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static void test_list(void **state)
{
	struct vm vms[VMS_MAX];
	int n = vm_list(root, vms, VMS_MAX);

	(void)state;
	assert_int_equal(n, 6);		/* not vcpu0, 300-x, -1-2 */
	assert_string_equal(vms[0].dir, "100-11");
	assert_int_equal(vms[0].pid, 100);
	assert_string_equal(vms[1].dir, "200-12");
	assert_string_equal(vms[2].dir, "200-13");
	assert_int_equal(vms[n - 1].pid, DEAD_PID);
	assert_int_equal(vm_list("/nonexistent/kvm", vms, VMS_MAX), -1);
}

static void test_resolve(void **state)
{
	struct vm vm;

	(void)state;
	assert_int_equal(vm_resolve(root, "100-11", &vm, err), 0);
	assert_int_equal(vm.pid, 100);
	assert_int_equal(vm_resolve(root, "100", &vm, err), 0);
	assert_string_equal(vm.dir, "100-11");
	assert_int_equal(vm_resolve(root, "200", &vm, err), -1);
	assert_non_null(strstr(err,
			       "PID 200 has 2 VMs; name one: 200-12 200-13"));
	assert_int_equal(vm_resolve(root, "999", &vm, err), -1);
	assert_non_null(strstr(err, "no VM of PID 999"));
	assert_int_equal(vm_resolve(root, "999-1", &vm, err), -1);
	assert_non_null(strstr(err, "no VM 999-1"));
	assert_int_equal(vm_resolve(root, "abc", &vm, err), -1);
	assert_non_null(strstr(err, "neither"));
	assert_int_equal(vm_resolve(root, "-5", &vm, err), -1);
}

static void test_open_sample(void **state)
{
	struct vm me = { .pid = getpid() }, dead = { .pid = DEAD_PID };
	static struct sample s;
	u32 unknown;
	int fd, i;

	(void)state;
	assert_true(vm_alive(&me));
	assert_false(vm_alive(&dead));
	dead.pid = fork();
	if (!dead.pid)
		_exit(0);
	assert_true(dead.pid > 0);
	for (i = 0; i < 200 && vm_alive(&dead); i++)
		usleep(10 * 1000);
	assert_false(vm_alive(&dead));	/* a zombie, not reaped */
	assert_int_equal(waitpid(dead.pid, NULL, 0), dead.pid);
	dead.pid = DEAD_PID;
	snprintf(me.dir, sizeof(me.dir), "%d-15", getpid());
	assert_int_equal(vm_open(root, &me, &fd, err), VM_OK);
	assert_int_equal(vm_sample(fd, &s, &unknown, err), VM_OK);
	assert_int_equal(s.count, 3);
	/* A held file reads again from its start. */
	assert_int_equal(vm_sample(fd, &s, &unknown, err), VM_OK);
	assert_int_equal(s.reasons[0].count, 3);
	close(fd);
	/* A live VM's directory without exit_stats: an unpatched KVM. */
	snprintf(me.dir, sizeof(me.dir), "%d-14", getpid());
	assert_int_equal(vm_open(root, &me, &fd, err), VM_UNPATCHED);
	/* Without its process, a VM on its way out; no directory: gone. */
	snprintf(dead.dir, sizeof(dead.dir), "%d-16", DEAD_PID);
	assert_int_equal(vm_open(root, &dead, &fd, err), VM_GONE);
	snprintf(me.dir, sizeof(me.dir), "%d-99", getpid());
	assert_int_equal(vm_open(root, &me, &fd, err), VM_GONE);
}

/* An empty file is a VM gone; a malformed one is an error. */
static void test_sample_bad(void **state)
{
	static struct sample s;
	char p[256];
	u32 unknown;
	int fd;

	(void)state;
	snprintf(p, sizeof(p), "%s/f", root);
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(vm_sample(fd, &s, &unknown, err), VM_GONE);
	assert_int_equal(write(fd, "vendor svm\n", 11), 11);
	assert_int_equal(vm_sample(fd, &s, &unknown, err), VM_ERROR);
	assert_non_null(strstr(err, "no total line"));
	close(fd);
	fd = open(root, O_RDONLY);	/* read(2) of a directory: EISDIR */
	assert_int_equal(vm_sample(fd, &s, &unknown, err), VM_ERROR);
	assert_non_null(strstr(err, "cannot read"));
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_open_sample),
		cmocka_unit_test(test_sample_bad),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
