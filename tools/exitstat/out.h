/* out.h: exitstat's output: tables for people, JSON lines for tools. */
#ifndef EXITSTAT_OUT_H
#define EXITSTAT_OUT_H

#include <stdio.h>

#include "sample.h"
#include "vm.h"

struct view {
	enum sort_key sort;
	u32 top;		/* rows at most, 0: all */
	bool live;		/* a RATE column from the previous sample */
};

/* Write v with thousands separators: 1234567 -> "1,234,567". */
void fmt_thousands(u64 v, char *buf, size_t size);

/* The table of one reading (prev: the one before it, or NULL). */
void out_table(FILE *f, const struct vm *vm, const struct sample *s,
	       const struct sample *prev, const struct view *v,
	       const char *title);

/* One reading as one JSON line (the --json and --record format). */
void out_json(FILE *f, const struct vm *vm, const struct sample *s,
	      bool final);

/* The spread of a run: per interval, its exits and top three reasons. */
void out_spread(FILE *f, const struct sample *samples, u32 n);

#endif /* EXITSTAT_OUT_H */
