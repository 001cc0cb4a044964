/* test_triggers.c: the trigger table names the right exit on each vendor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cmdline.h"
#include "taskswitch.h"
#include "trap.h"
#include "triggers.h"

/* The table is checked, never run: stand in for the mode-switch code. */
void task_switch_init(void)
{
}

void task_switch_roundtrip(void)
{
}

int try_call(void (*fn)(void *), void *arg)
{
	(void)fn;
	(void)arg;
	return TRY_OK;
}

static const struct trigger *find(const char *name)
{
	u32 i;

	for (i = 0; i < ntriggers; i++)
		if (!strcmp(triggers[i].name, name))
			return &triggers[i];
	fail_msg("no trigger '%s'", name);
	return NULL;
}

/* Every trigger SPEC section 5 lists, with its exits per SPEC section 6. */
static const struct {
	const char *name;
	u32 intel, amd;
	u8 per_iter;
	enum expect_kind kind;
} spec[] = {
	{ "nop", 0, 0, 0, EXPECT_ANY },
	{ "rdtsc", 16, 0x6e, 0, EXPECT_EXACT },
	{ "cpuid", 10, 0x72, 1, EXPECT_EXACT },
	{ "hlt", 12, 0x78, 1, EXPECT_EXACT },
	{ "io_kvm", 30, 0x7b, 1, EXPECT_EXACT },
	{ "io_qemu", 30, 0x7b, 1, EXPECT_EXACT },
	{ "rdmsr", 31, 0x7c, 1, EXPECT_EXACT },
	{ "wrmsr", 32, 0x7c, 1, EXPECT_EXACT },
	{ "vmcall", 18, 0x81, 1, EXPECT_EXACT },
	{ "cr0", 28, 0x10, 1, EXPECT_EXACT },
	{ "cr4", 28, 0x14, 1, EXPECT_EXACT },
	{ "dr7", 29, 0x37, 1, EXPECT_RANGE },
	{ "xsetbv", 55, 0x8d, 1, EXPECT_EXACT },
	{ "wbinvd", 54, 0x89, 1, EXPECT_EXACT },
	{ "invd", 13, 0x76, 1, EXPECT_EXACT },
	{ "rdpmc", 15, 0x6f, 1, EXPECT_EXACT },
	{ "pause", 40, 0x77, 1, EXPECT_ANY },
	{ "monitor", 39, 0x8a, 1, EXPECT_EXACT },
	{ "mwait", 36, 0x8b, 1, EXPECT_EXACT },
	{ "fresh_page", 48, 0x400, 1, EXPECT_RANGE },
	{ "mmio", 48, 0x400, 1, EXPECT_EXACT },
	{ "task_switch", 9, 0x7d, 2, EXPECT_EXACT },
	{ "irq_window", 7, 0x64, 1, EXPECT_ANY },
};

static void test_spec_table(void **state)
{
	u32 i;

	(void)state;
	assert_int_equal(ntriggers, sizeof(spec) / sizeof(spec[0]));
	assert_true(ntriggers <= TRIGGERS_MAX);
	for (i = 0; i < ntriggers; i++) {
		const struct trigger *t = find(spec[i].name);

		if (t->per_iter != spec[i].per_iter || t->kind != spec[i].kind)
			fail_msg("%s: per_iter %u kind %d", t->name,
				 t->per_iter, t->kind);
		if (!spec[i].intel && !spec[i].amd) {
			assert_int_equal(t->nintel + t->namd, 0);
			continue;
		}
		if (!t->nintel || t->intel[0] != spec[i].intel)
			fail_msg("%s: Intel exit %u, SPEC says %u", t->name,
				 t->nintel ? t->intel[0] : 0, spec[i].intel);
		if (!t->namd || t->amd[0] != spec[i].amd)
			fail_msg("%s: AMD exit %#x, SPEC says %#x", t->name,
				 t->namd ? t->amd[0] : 0, spec[i].amd);
	}
	assert_int_equal(TRIGGER_BASELINE, 0);
	assert_string_equal(triggers[TRIGGER_BASELINE].name, "nop");
}

static void test_every_exit_defined(void **state)
{
	u32 i, j;

	(void)state;
	for (i = 0; i < ntriggers; i++) {
		const struct trigger *t = &triggers[i];

		assert_non_null(t->run);
		assert_non_null(t->what);
		for (j = 0; j < t->nintel; j++)
			if (!exit_defined(VENDOR_INTEL, t->intel[j]))
				fail_msg("%s: Intel %u undefined", t->name,
					 t->intel[j]);
		for (j = 0; j < t->namd; j++)
			if (!exit_defined(VENDOR_AMD, t->amd[j]))
				fail_msg("%s: AMD %#x undefined", t->name,
					 t->amd[j]);
		if (t->kind != EXPECT_EXACT && t->nintel && !t->note)
			fail_msg("%s: an inexact count needs a note", t->name);
	}
}

static void test_names_unique(void **state)
{
	const char *names[TRIGGERS_MAX];
	u32 i, j;

	(void)state;
	trigger_names(names);
	for (i = 0; i < ntriggers; i++) {
		assert_string_equal(names[i], triggers[i].name);
		for (j = i + 1; j < ntriggers; j++)
			assert_string_not_equal(names[i], names[j]);
	}
}

static void test_reasons_and_expectations(void **state)
{
	const struct trigger *mmio = find("mmio"), *ts = find("task_switch");
	const u32 *r;
	struct expectation e;

	(void)state;
	assert_int_equal(trigger_reasons(mmio, VENDOR_INTEL, &r), 2);
	assert_int_equal(r[1], VMX_EXIT_EPT_MISCONFIG);
	assert_int_equal(trigger_reasons(mmio, VENDOR_AMD, &r), 1);
	assert_int_equal(r[0], SVM_EXIT_NPF);
	assert_int_equal(trigger_reasons(mmio, VENDOR_OTHER, &r), 0);
	assert_int_equal(trigger_reasons(find("cr0"), VENDOR_AMD, &r), 2);
	assert_int_equal(r[1], SVM_EXIT_CR0_SEL_WRITE);

	e = trigger_expect(find("cpuid"), 5000);
	assert_int_equal(e.kind, EXPECT_EXACT);
	assert_int_equal(e.lo, 5000);
	assert_int_equal(e.hi, 5000);
	e = trigger_expect(ts, 5000);
	assert_int_equal(e.lo, 10000);
	e = trigger_expect(find("rdtsc"), 5000);
	assert_int_equal(e.hi, 0);
	e = trigger_expect(find("dr7"), 5000);
	assert_int_equal(e.kind, EXPECT_RANGE);
	assert_int_equal(e.lo, 1);
	assert_int_equal(e.hi, 5000);
	e = trigger_expect(find("pause"), 5000);
	assert_int_equal(e.kind, EXPECT_ANY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_table),
		cmocka_unit_test(test_every_exit_defined),
		cmocka_unit_test(test_names_unique),
		cmocka_unit_test(test_reasons_and_expectations),
	};

	return cmocka_run_group_tests_name("triggers", tests, NULL, NULL);
}
