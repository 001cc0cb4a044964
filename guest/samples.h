/* samples.h: the timeline's samples and their arithmetic, pure for tests. */
#ifndef SAMPLES_H
#define SAMPLES_H

#include "exits.h"

#define SAMPLE_REASONS	12	/* exit numbers read at every sample */

/* What one sample read: counters as the host answered, unadjusted. */
struct sample {
	u64 tsc;			/* guest TSC when taken */
	u64 iters;			/* work units since the last sample */
	u32 total;			/* 0x4FFFFFFC */
	u32 count[SAMPLE_REASONS];	/* 0x4FFFFFFE, one per tracked reason */
	u32 phase;			/* index into the phase table */
};

/* Exits between two samples, the probe's own stats reads taken out. */
struct sample_delta {
	u64 total;
	u64 count[SAMPLE_REASONS];
	u64 other;			/* total less the tracked reasons */
};

/*
 * The exit numbers every sample reads on this vendor: the ones the phases
 * cause and the ones the sampling timer causes. Returns how many.
 */
u32 samples_reasons(enum vendor v, const u32 **out);

/* CPUID exits one sample costs: the total, then one per reason. */
static inline u32 sample_reads(u32 nreasons)
{
	return 1 + nreasons;
}

/*
 * Fill d with b's counts less a's, modulo 2^32, less the reads of one
 * sample on the total and on the CPUID reason (index cpuid_at, or
 * nreasons when it is not tracked): between the same read in two
 * consecutive samples lie exactly sample_reads() probe reads.
 */
void sample_delta(const struct sample *a, const struct sample *b,
		  u32 nreasons, u32 cpuid_at, struct sample_delta *d);

/* TSC cycles to microseconds at the calibrated rate; 0 if uncalibrated. */
u64 tsc_to_us(u64 cycles, u64 tsc_per_us);

#endif /* SAMPLES_H */
