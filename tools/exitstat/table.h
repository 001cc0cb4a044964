/* table.h: exitstat's tables for people: one VM's exits per reason. */
#ifndef EXITSTAT_TABLE_H
#define EXITSTAT_TABLE_H

#include <stdio.h>

#include "sample.h"
#include "vm.h"

/* How to show one VM's table. */
struct view {
	enum sort_key sort;
	u32 top;		/* rows at most, 0: all */
	bool live;		/* a RATE column from the previous sample */
};

/* Write v with thousands separators: 1234567 -> "1,234,567". */
void fmt_thousands(u64 v, char *buf, size_t size);

/* cycles / count, 0 if there is no count. */
u64 per_exit(u64 cycles, u64 count);

/*
 * The table of one reading s of vm (prev: the one before it, for rates,
 * or NULL), under a header that starts with title (or nothing).
 */
void out_table(FILE *f, const struct vm *vm, const struct sample *s,
	       const struct sample *prev, const struct view *v,
	       const char *title);

#endif /* EXITSTAT_TABLE_H */
