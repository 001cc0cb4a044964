/* test_cmdline.c: every option, its bounds, and the errors for bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cmdline.h"

static const char *const names[] = { "nop", "cpuid", "hlt", "io_kvm" };
static const char *const aliases[] = { NULL, "cpuid", NULL, "inl_kernel" };
#define N	4u
/* cpuid and io_kvm can run on every vCPU at once. */
static const struct name_table table = { names, aliases, N, 0xa };
#define ALL	((1ull << N) - 1)

static struct options o;
static char err[CMDLINE_ERR_LEN];

static int parse(const char *line)
{
	return cmdline_parse(line, &table, &o, err);
}

static void expect_error(const char *line, const char *needle)
{
	memset(err, 0, sizeof(err));
	assert_int_equal(parse(line), -1);
	if (!strstr(err, needle))
		fail_msg("'%s': error '%s' lacks '%s'", line, err, needle);
}

static void test_defaults(void **state)
{
	(void)state;
	assert_int_equal(parse(NULL), 0);
	assert_true(o.triggers == ALL);
	assert_int_equal(o.iters, ITERS_DEFAULT);
	assert_int_equal(o.rounds, ROUNDS_DEFAULT);
	assert_true(o.census);
	assert_false(o.sweep);
	assert_false(o.list);
	/* A first word without '=' is the image name and is never parsed. */
	assert_int_equal(parse("/boot/exit-probe.elf"), 0);
	assert_int_equal(parse("  /boot/x.elf   "), 0);
	assert_int_equal(parse("exit-probe32.elf iters=3"), 0);
	assert_int_equal(o.iters, 3);
}

/* GRUB's multiboot passes the options alone: the first one counts. */
static void test_no_image_name(void **state)
{
	(void)state;
	assert_int_equal(parse("triggers=cpuid iters=10"), 0);
	assert_true(o.triggers == 0x2);
	assert_int_equal(o.iters, 10);
	assert_int_equal(parse("timeline=on"), 0);
	assert_true(o.timeline);
	expect_error("bogus=1", "unknown option 'bogus=1'");
}

static void test_values(void **state)
{
	(void)state;
	assert_int_equal(parse("k iters=1 rounds=32 top=64 census=off sweep=on"), 0);
	assert_int_equal(o.iters, 1);
	assert_int_equal(o.rounds, 32);
	assert_int_equal(o.top, 64);
	assert_false(o.census);
	assert_true(o.sweep);
	assert_int_equal(parse("k iters=1000000\titers=7"), 0);
	assert_int_equal(o.iters, 7);
	assert_int_equal(o.hold_s, 0);
	assert_int_equal(parse("k hold=600"), 0);
	assert_int_equal(o.hold_s, 600);
	assert_int_equal(parse("k hold=0"), 0);
	assert_int_equal(o.hold_s, 0);
}

static void test_trigger_lists(void **state)
{
	(void)state;
	assert_int_equal(parse("k triggers=cpuid,hlt"), 0);
	assert_true(o.triggers == 0x6);
	assert_true(o.named == 0x6);
	assert_int_equal(parse("k triggers=all"), 0);
	assert_true(o.triggers == ALL);
	assert_true(o.named == 0);
	assert_int_equal(parse("k skip=nop,io_kvm"), 0);
	assert_true(o.triggers == 0x6);
	assert_int_equal(parse("k noexit=hlt"), 0);
	assert_true(o.noexit == 0x4);
	assert_int_equal(parse("k triggers=list"), 0);
	assert_true(o.list);
}

/* parallel=: only triggers that can run on every vCPU at once. */
static void test_parallel(void **state)
{
	(void)state;
	assert_int_equal(parse("k"), 0);
	assert_true(o.parallel == 0);
	assert_int_equal(parse("k parallel=cpuid"), 0);
	assert_true(o.parallel == 0x2);
	assert_int_equal(parse("k parallel=inl_kernel,cpuid"), 0);
	assert_true(o.parallel == 0xa);
	assert_int_equal(parse("k parallel=all"), 0);
	assert_true(o.parallel == 0xa);
	expect_error("k parallel=hlt",
		     "trigger 'hlt' cannot run on every vCPU at once; parallel= takes all or: cpuid io_kvm");
	expect_error("k parallel=nosuch", "unknown trigger 'nosuch'");
	expect_error("k parallel=cpuid timeline=on",
		     "parallel= and timeline=on do not go together");
	/* Only parallel runs: still something to do. */
	assert_int_equal(parse("k skip=nop,cpuid,hlt,io_kvm census=off parallel=cpuid"), 0);
}

/* A vmexit name selects its trigger wherever a name does. */
static void test_aliases(void **state)
{
	(void)state;
	assert_int_equal(parse("k triggers=inl_kernel,hlt"), 0);
	assert_true(o.triggers == 0xc);
	assert_true(o.named == 0xc);
	assert_int_equal(parse("k skip=inl_kernel"), 0);
	assert_true(o.triggers == 0x7);
	assert_int_equal(parse("k noexit=inl_kernel,io_kvm"), 0);
	assert_true(o.noexit == 0x8);
	expect_error("k triggers=inl_kerne", "unknown trigger 'inl_kerne'");
}

static void test_timeline(void **state)
{
	(void)state;
	assert_int_equal(parse(NULL), 0);
	assert_false(o.timeline);
	assert_int_equal(o.interval_us, INTERVAL_DEFAULT);
	assert_int_equal(o.samples, SAMPLES_DEFAULT);
	assert_int_equal(parse("k timeline=on interval=100 samples=64"), 0);
	assert_true(o.timeline);
	assert_int_equal(o.interval_us, INTERVAL_MIN);
	assert_int_equal(o.samples, SAMPLES_MAX);
	assert_int_equal(parse("k interval=1000000 samples=1 timeline=off"),
			 0);
	assert_false(o.timeline);
	assert_int_equal(o.interval_us, INTERVAL_MAX);
	assert_int_equal(o.samples, 1);
	/* The timeline alone is something to do. */
	assert_int_equal(parse("k skip=all census=off timeline=on"), 0);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("k bogus=1", "unknown option 'bogus=1'");
	expect_error("k bogus=1", "valid options: triggers=");
	expect_error("k iters", "bad option 'iters'");
	expect_error("k iters=", "bad value in 'iters='");
	expect_error("k iters=0", "bad value in 'iters=0'");
	expect_error("k iters=1000001", "bad value");
	expect_error("k iters=99999999999999999999", "bad value");
	expect_error("k iters=12x", "bad value");
	expect_error("k iters=-1", "bad value");
	expect_error("k rounds=33", "bad value in 'rounds=33'");
	expect_error("k hold=601", "bad value in 'hold=601'");
	expect_error("k hold=x", "bad value in 'hold=x'");
	expect_error("k top=0", "bad value");
	expect_error("k census=maybe", "bad value in 'census=maybe'");
	expect_error("k triggers=nosuch", "unknown trigger 'nosuch'");
	expect_error("k triggers=nosuch",
		     "valid triggers: nop,cpuid,hlt,io_kvm");
	expect_error("k triggers=cpuid,", "unknown trigger ''");
	expect_error("k triggers=,cpuid", "unknown trigger ''");
	expect_error("k triggers=", "unknown trigger ''");
	expect_error("k skip=cpu", "unknown trigger 'cpu'");
	expect_error("k skip=all census=off", "nothing to do");
	expect_error("k =5", "unknown option '=5'");
	expect_error("k timeline=yes", "bad value in 'timeline=yes'");
	expect_error("k interval=99", "bad value in 'interval=99'");
	expect_error("k interval=1000001", "bad value");
	expect_error("k samples=0", "bad value in 'samples=0'");
	expect_error("k samples=65", "bad value");
	expect_error("k bogus=1", "samples=1..64");
}

static void test_long_word(void **state)
{
	char line[600];

	(void)state;
	memset(line, 'a', sizeof(line) - 1);
	line[0] = 'k';
	line[1] = ' ';
	line[sizeof(line) - 1] = '\0';
	expect_error(line, "option too long");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_no_image_name),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_trigger_lists),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_parallel),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_long_word),
	};

	return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
