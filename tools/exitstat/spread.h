/* spread.h: how a VM's exits spread over a run, interval by interval. */
#ifndef EXITSTAT_SPREAD_H
#define EXITSTAT_SPREAD_H

#include <stdio.h>

#include "sample.h"

#define SPREAD_TOP	3	/* busiest reasons kept per interval */
#define SPREAD_MAX	200000	/* intervals kept: 27 hours at 0.5 s */

/* One interval between two samples: its exits and busiest reasons. */
struct spread_row {
	double t0, t1;
	u64 count;
	u32 ntop;
	struct {
		char name[NAME_LEN];
		u64 count;
	} top[SPREAD_TOP];
};

struct spread {
	struct spread_row *rows;
	u32 n, room;
};

/* Add the interval from sample a to sample b; false if there is no room. */
bool spread_add(struct spread *sp, const struct sample *a,
		const struct sample *b);

/* The spread as a table: per interval, exits, exits/s, top reasons. */
void spread_print(FILE *f, const struct spread *sp);

void spread_free(struct spread *sp);

#endif /* EXITSTAT_SPREAD_H */
