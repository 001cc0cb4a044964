/* test_exitstat.h: the exit_stats texts that exitstat's unit tests share. */
#ifndef TEST_EXITSTAT_H
#define TEST_EXITSTAT_H

#include "../../tools/exitstat/sample.h"

static const char svm_text[] =
	"vendor svm\n"
	"enabled Y\n"
	"vcpus 2\n"
	"total 1000 50000\n"
	"0x072 cpuid 300 9000\n"
	"0x07b io 600 30000\n"
	"0x400 npf 100 11000\n";

/* The same VM half a second earlier: no cpuid, no npf, 600 io. */
static const char svm_before_text[] =
	"vendor svm\n"
	"total 700 30000\n"
	"0x07b io 600 20000\n";

/* Parse svm_before_text into a at t=1.0 and svm_text into b at t=1.5. */
static inline void two_samples(struct sample *a, struct sample *b)
{
	char err[ERR_LEN];
	u32 unknown;

	if (sample_parse(svm_before_text, a, &unknown, err) ||
	    sample_parse(svm_text, b, &unknown, err))
		fail_msg("%s", err);
	a->t = 1.0;
	b->t = 1.5;
}

#endif /* TEST_EXITSTAT_H */
