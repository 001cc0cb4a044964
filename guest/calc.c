/* calc.c: pure helpers shared by the measurement loop and the census. */
#include "calc.h"

struct spread spread_of(u64 *v, u32 n)
{
	struct spread s = { 0, 0, 0 };
	u32 i, j;

	if (!n)
		return s;
	for (i = 1; i < n; i++) {
		u64 x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	s.median = v[(n - 1) / 2];
	s.min = v[0];
	s.max = v[n - 1];
	return s;
}

u64 div_round(u64 a, u64 b)
{
	if (!b)
		return 0;
	return a / b + (a % b >= b - b / 2 ? 1 : 0);
}

u64 guest_per_exit(u64 loop_cycles, u64 baseline_per_iter, u64 iterations,
		   u64 exits)
{
	u64 base = baseline_per_iter * iterations;

	if (!exits || loop_cycles <= base)
		return 0;
	return div_round(loop_cycles - base, exits);
}

u32 permille(u64 part, u64 whole)
{
	if (!whole)
		return 0;
	if (part > ~0ull / 1000)
		return (u32)div_round(part, whole / 1000);
	return (u32)div_round(part * 1000, whole);
}

enum verdict expect_verdict(const struct expectation *e, u64 delta)
{
	switch (e->kind) {
	case EXPECT_EXACT:
		return delta == e->lo ? VERDICT_PASS : VERDICT_FAIL;
	case EXPECT_RANGE:
		return delta >= e->lo && delta <= e->hi ? VERDICT_PASS :
							  VERDICT_FAIL;
	case EXPECT_ANY:
		break;
	}
	return VERDICT_INFO;
}

const char *verdict_name(enum verdict v)
{
	static const char *const names[] = { "PASS", "FAIL", "INFO", "SKIP" };

	return names[v];
}
