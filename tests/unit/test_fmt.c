/* test_fmt.c: fmt_snprintf against the conversions the probe prints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "fmt.h"

#define CHECK(expect, ...)						\
	do {								\
		char b[128];						\
		int n = fmt_snprintf(b, sizeof(b), __VA_ARGS__);	\
		assert_string_equal(b, (expect));			\
		assert_int_equal(n, (int)strlen(expect));		\
	} while (0)

/* Formats the compiler would reject at build time, checked at run time. */
static int fmt_dynamic(char *b, size_t n, const char *f)
{
	return fmt_snprintf(b, n, f, 0);
}

static void test_integers(void **state)
{
	(void)state;
	CHECK("0", "%d", 0);
	CHECK("-42", "%d", -42);
	CHECK("-2147483648", "%d", (int)0x80000000u);
	CHECK("4294967295", "%u", 0xffffffffu);
	CHECK("18446744073709551615", "%lu", ~0ul);
	CHECK("-9223372036854775808", "%ld", (long)0x8000000000000000ul);
	CHECK("ff", "%x", 255u);
	CHECK("FF", "%X", 255u);
	CHECK("0x72", "%#x", 0x72u);
	CHECK("0x400", "%#lx", 0x400ul);
	CHECK("12345678", "%zu", (size_t)12345678);
}

static void test_width_and_flags(void **state)
{
	(void)state;
	CHECK("   42", "%5u", 42u);
	CHECK("42   |", "%-5u|", 42u);
	CHECK("00042", "%05u", 42u);
	CHECK("-0042", "%05d", -42);
	CHECK("0x72  |", "%#-6x|", 0x72u);
	CHECK("  abc", "%5s", "abc");
	CHECK("abc  |", "%-5s|", "abc");
	CHECK("ab", "%.2s", "abcdef");
	CHECK("abc", "%.*s", 3, "abcdef");
	{
		const char *volatile null = NULL;

		CHECK("(null)", "%s", null);
	}
	CHECK("x%y", "x%%y");
	CHECK("c", "%c", 'c');
}

static void test_bad_formats(void **state)
{
	char b[16];

	(void)state;
	assert_int_equal(fmt_dynamic(b, sizeof(b), "%q"), 2);
	assert_string_equal(b, "%q");
	assert_int_equal(fmt_dynamic(b, sizeof(b), "trailing %"), 9);
	assert_string_equal(b, "trailing ");
}

static void test_truncation(void **state)
{
	char b[4];
	int n;

	(void)state;
	n = fmt_snprintf(b, sizeof(b), "%s", "abcdef");
	assert_int_equal(n, 6);
	assert_string_equal(b, "abc");
	n = fmt_snprintf(b, 0, "%u", 1234u);
	assert_int_equal(n, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_bad_formats),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
