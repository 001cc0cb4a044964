/* report.h: the human table, JSON lines, verdicts and the summary. */
#ifndef REPORT_H
#define REPORT_H

#include "measure.h"

struct tally {
	u32 tests, failures, skipped, info;
};

void report_header(const struct options *o);
void report_table_head(u64 baseline, u32 rounds);
void report_parallel_head(u32 cpus);
void report_row_start(const struct trigger *t);
void report_row(const struct result *r);
/* JSON line and verdict line for r; counts it in t. */
void report_verdict(const struct result *r, struct tally *t);
void report_count(enum verdict v, struct tally *t);
void report_summary(const struct tally *t);

#endif /* REPORT_H */
