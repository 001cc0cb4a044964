/* spread.c: how a VM's exits spread over a run, interval by interval. */
#include <stdlib.h>
#include <string.h>

#include "spread.h"
#include "table.h"

bool spread_add(struct spread *sp, const struct sample *a,
		const struct sample *b)
{
	static struct sample d;
	u32 order[REASONS_MAX], room, k;
	struct spread_row *r;

	if (sp->n == sp->room) {
		room = sp->room ? 2 * sp->room : 256;
		if (room > SPREAD_MAX)
			room = SPREAD_MAX;
		if (room == sp->room)
			return false;
		r = realloc(sp->rows, room * sizeof(*r));
		if (!r)
			return false;
		sp->rows = r;
		sp->room = room;
	}
	r = &sp->rows[sp->n++];
	memset(r, 0, sizeof(*r));
	sample_delta(a, b, &d);
	r->t0 = a->t;
	r->t1 = b->t;
	r->count = d.count;
	sample_rank(&d, SORT_COUNT, order);
	for (k = 0; k < SPREAD_TOP && k < d.n && d.reasons[order[k]].count;
	     k++) {
		strcpy(r->top[k].name, d.reasons[order[k]].name);
		r->top[k].count = d.reasons[order[k]].count;
	}
	r->ntop = k;
	return true;
}

void spread_print(FILE *f, const struct spread *sp)
{
	char a[32];
	u32 i, k;

	fprintf(f, "\nspread over the run: exits per interval, busiest reasons in it\n");
	fprintf(f, "%-17s %12s %12s  %s\n", "t (s)", "exits", "exits/s",
		"top reasons (share of the interval)");
	for (i = 0; i < sp->n; i++) {
		const struct spread_row *r = &sp->rows[i];
		double dt = r->t1 - r->t0;

		fmt_thousands(r->count, a, sizeof(a));
		fprintf(f, "%7.2f - %7.2f %12s %12.0f  ", r->t0, r->t1, a,
			dt > 0 ? (double)r->count / dt : 0.0);
		for (k = 0; k < r->ntop; k++)
			fprintf(f, "%s%s %.0f%%", k ? ", " : "",
				r->top[k].name,
				100.0 * (double)r->top[k].count /
					(double)(r->count ? r->count : 1));
		fprintf(f, "%s\n", r->ntop ? "" : "-");
	}
	if (!sp->n)
		fprintf(f, "(one sample only: no interval)\n");
}

void spread_free(struct spread *sp)
{
	free(sp->rows);
	memset(sp, 0, sizeof(*sp));
}
