/* measure.h: the one measurement loop that every trigger shares. */
#ifndef MEASURE_H
#define MEASURE_H

#include "calc.h"
#include "cmdline.h"
#include "triggers.h"

/* A part's figures (struct part): its own count, judged apart. */
struct part_result {
	u32 reason;
	struct expectation expect;
	u64 delta;
	enum verdict verdict;
};

struct result {
	const struct trigger *t;
	enum verdict verdict;
	const char *skip_reason;	/* SKIP: why */
	int fault;			/* vector of a fault mid-run, or -1 */
	u32 iters, rounds;
	u64 round_cycles[ROUNDS_MAX];	/* guest TSC per round */
	struct spread guest;		/* guest cycles per iteration */
	u64 baseline;			/* baseline cycles per iteration */
	bool stats;			/* host figures below are valid */
	bool noexit;			/* declared not to exit here */
	u32 nreasons;
	const u32 *reasons;
	struct expectation expect;
	u64 delta;			/* exits of the trigger's reasons */
	u64 overhead;			/* of which the probe's own reads */
	u64 total_delta;		/* all exits, less the probe's reads */
	u64 host_cycles;		/* cycles of the trigger's reasons */
	u32 nparts;
	struct part_result parts[PARTS_MAX];
	u64 ticks;			/* backstop timer ticks, counted in */
	u32 cpus;			/* vCPUs that ran it at once */
	bool all_cpus;			/* from measure_all_cpus() */
};

/* Run trigger t (with its support checks) and fill r. */
void measure(const struct trigger *t, const struct options *o, u64 baseline,
	     struct result *r);

/*
 * Run t on every vCPU at once between the same two snapshots: the leaves
 * sum the VM, so the count is judged against ncpus times one vCPU's. A
 * vCPU that does not get ready or finish in time fails it (skip_reason
 * says which).
 */
void measure_all_cpus(const struct trigger *t, const struct options *o,
		      struct result *r);

#endif /* MEASURE_H */
