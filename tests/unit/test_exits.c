/* test_exits.c: the exit-number tables agree with SPEC section 6. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "exits.h"

static const char *name(enum vendor v, u32 nr)
{
	static char buf[EXIT_NAME_LEN];

	return exit_name(v, nr, buf);
}

static void test_intel_table(void **state)
{
	static const u32 undefined[] = { 35, 38, 42, 71, 80, 81, 82, 83, 86,
					 0xffff, 0x10000, 0xffffffff };
	u32 i, n = 0, nr;

	(void)state;
	assert_string_equal(name(VENDOR_INTEL, 10), "CPUID");
	assert_string_equal(name(VENDOR_INTEL, 48), "EPT violation");
	assert_string_equal(name(VENDOR_INTEL, 85), "WRMSRNS immediate");
	for (i = 0; i < sizeof(undefined) / sizeof(undefined[0]); i++)
		if (exit_defined(VENDOR_INTEL, undefined[i]))
			fail_msg("Intel exit %u should be undefined",
				 undefined[i]);
	for (nr = 0; nr <= VMX_EXIT_MAX; nr++)
		n += exit_defined(VENDOR_INTEL, nr);
	assert_int_equal(n, VMX_EXIT_MAX + 1 - 8);
}

static void test_amd_table(void **state)
{
	static const u32 undefined[] = { 0xa7, 0xff, 0x100, 0x3ff, 0x404,
					 0x7fffffff, 0xffffffff };
	u32 i;

	(void)state;
	assert_string_equal(name(VENDOR_AMD, 0x00), "CR0 read");
	assert_string_equal(name(VENDOR_AMD, 0x1f), "CR15 write");
	assert_string_equal(name(VENDOR_AMD, 0x37), "DR7 write");
	assert_string_equal(name(VENDOR_AMD, 0x4e), "exception vector 14");
	assert_string_equal(name(VENDOR_AMD, 0x72), "CPUID");
	assert_string_equal(name(VENDOR_AMD, 0x9f), "CR15 write trap");
	assert_string_equal(name(VENDOR_AMD, 0xa2), "INVPCID");
	assert_string_equal(name(VENDOR_AMD, 0x400), "NPF");
	assert_string_equal(name(VENDOR_AMD, 0x403), "VMGEXIT");
	for (i = 0; i < sizeof(undefined) / sizeof(undefined[0]); i++)
		if (exit_defined(VENDOR_AMD, undefined[i]))
			fail_msg("AMD exit %#x should be undefined",
				 undefined[i]);
	for (i = 0; i <= 0xa6; i++)
		if (!exit_defined(VENDOR_AMD, i))
			fail_msg("AMD exit %#x should be defined", i);
}

static void test_all_defined(void **state)
{
	u32 out[512], n, i;

	(void)state;
	n = exit_all_defined(VENDOR_AMD, out, 512);
	assert_int_equal(n, 0xa7 + 4);
	for (i = 1; i < n; i++)
		assert_true(out[i] > out[i - 1]);
	assert_int_equal(out[n - 1], SVM_EXIT_MAX);
	n = exit_all_defined(VENDOR_INTEL, out, 512);
	assert_int_equal(out[n - 1], VMX_EXIT_MAX);
	assert_int_equal(exit_all_defined(VENDOR_AMD, out, 3), 3);
	assert_int_equal(exit_all_defined(VENDOR_OTHER, out, 512), 0);
}

/* The same event across vendors, as SPEC section 6 pairs them. */
static void test_same_event(void **state)
{
	static const struct {
		u32 intel, amd;
		const char *what;
	} pairs[] = {
		{ 10, 0x72, "CPUID" }, { 12, 0x78, "HLT" },
		{ 30, 0x7b, "I/O" }, { 18, 0x81, "VMCALL" },
		{ 55, 0x8d, "XSETBV" }, { 54, 0x89, "WBINVD" },
		{ 13, 0x76, "INVD" }, { 15, 0x6f, "RDPMC" },
		{ 40, 0x77, "PAUSE" }, { 39, 0x8a, "MONITOR" },
		{ 36, 0x8b, "MWAIT" }, { 9, 0x7d, "task switch" },
		{ 7, 0x64, "interrupt window" },
	};
	u32 i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		assert_true(exit_defined(VENDOR_INTEL, pairs[i].intel));
		assert_true(exit_defined(VENDOR_AMD, pairs[i].amd));
	}
	assert_int_equal(exit_cpuid(VENDOR_INTEL), 10);
	assert_int_equal(exit_cpuid(VENDOR_AMD), 0x72);
	assert_string_equal(vendor_name(VENDOR_AMD), "amd");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intel_table),
		cmocka_unit_test(test_amd_table),
		cmocka_unit_test(test_all_defined),
		cmocka_unit_test(test_same_event),
	};

	return cmocka_run_group_tests_name("exits", tests, NULL, NULL);
}
