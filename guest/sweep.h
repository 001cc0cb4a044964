/* sweep.h: check the per-reason leaves' answers across the ECX space. */
#ifndef SWEEP_H
#define SWEEP_H

#include "calc.h"
#include "exits.h"

#define SWEEP_DENSE	0x10000u	/* every ECX below this */
#define SWEEP_RANDOM	256		/* then this many random ones */

enum answer {
	ANSWER_DEFINED,		/* a count or a cycle figure, rest zero */
	ANSWER_UNDEFINED,	/* zeros and EDX = EXIT_STATS_UNDEFINED */
	ANSWER_BAD,		/* anything else */
};

/* Classify one answer of leaf (COUNT or TIME) against the ABI's shape. */
enum answer sweep_classify(u32 leaf, u32 a, u32 b, u32 c, u32 d);

/* Run the sweep, print its JSON line and verdict; return the verdict. */
enum verdict sweep_run(enum vendor v);

#endif /* SWEEP_H */
