/* calc.h: the probe's arithmetic: deltas, spreads and expectations. */
#ifndef CALC_H
#define CALC_H

#include "types.h"

enum expect_kind {
	EXPECT_EXACT,	/* exactly lo exits */
	EXPECT_RANGE,	/* lo..hi exits */
	EXPECT_ANY,	/* report only: the count depends on the host */
};

enum verdict {
	VERDICT_PASS,
	VERDICT_FAIL,
	VERDICT_INFO,	/* measured, nothing to judge */
	VERDICT_SKIP,
};

struct expectation {
	enum expect_kind kind;
	u64 lo, hi;
};

struct spread {
	u64 median, min, max;
};

/* Counter delta of a 32-bit count that may have wrapped once. */
static inline u32 delta32(u32 before, u32 after)
{
	return after - before;
}

/* Median (lower of the middle two), min and max; sorts v[] in place. */
struct spread spread_of(u64 *v, u32 n);

/* a / b rounded to nearest; 0 when b is 0. */
u64 div_round(u64 a, u64 b);

/*
 * Guest cycles per exit: the loop's cycles less the baseline loop's,
 * over the exits the host counted; 0 when it counted none.
 */
u64 guest_per_exit(u64 loop_cycles, u64 baseline_per_iter, u64 iterations,
		   u64 exits);

/* Share of part in whole, in tenths of a percent. */
u32 permille(u64 part, u64 whole);

enum verdict expect_verdict(const struct expectation *e, u64 delta);

const char *verdict_name(enum verdict v);

#endif /* CALC_H */
