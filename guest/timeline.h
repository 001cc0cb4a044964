/* timeline.h: named phases of work, sampled at a fixed timer interval. */
#ifndef TIMELINE_H
#define TIMELINE_H

#include "cmdline.h"
#include "mem.h"
#include "report.h"

/*
 * Run every phase for opts->samples intervals of opts->interval_us each,
 * reading the exit counters at every LAPIC timer tick without printing,
 * then print one JSON line per sample, a table per phase and verdicts.
 */
void timeline_run(const struct options *o, const struct mem_layout *m,
		  struct tally *t);

#endif /* TIMELINE_H */
