/* table.c: exitstat's tables for people: one VM's exits per reason. */
#include <inttypes.h>
#include <string.h>

#include "table.h"

#define NUM_LEN	32	/* a u64 with separators, and room to spare */

void fmt_thousands(u64 v, char *buf, size_t size)
{
	char digits[24], *p = buf;
	int n = snprintf(digits, sizeof(digits), "%" PRIu64, v), i;

	for (i = 0; i < n; i++) {
		bool comma = i && (n - i) % 3 == 0;

		if ((size_t)(p - buf) + comma + 2 > size)
			break;	/* cut, but ended */
		if (comma)
			*p++ = ',';
		*p++ = digits[i];
	}
	*p = '\0';
}

u64 per_exit(u64 cycles, u64 count)
{
	return count ? cycles / count : 0;
}

static void header(FILE *f, const struct vm *vm, const struct sample *s,
		   const char *title)
{
	char comm[32], a[NUM_LEN], b[NUM_LEN], c[NUM_LEN];

	vm_comm(vm->pid, comm, sizeof(comm));
	fmt_thousands(s->count, a, sizeof(a));
	fmt_thousands(s->cycles, b, sizeof(b));
	fmt_thousands(per_exit(s->cycles, s->count), c, sizeof(c));
	fprintf(f, "%sVM %s (pid %d, %s): %s, %u vCPU%s%s, t=%.2f s\n",
		title ? title : "", vm->dir, vm->pid, comm, s->vendor, s->vcpus,
		s->vcpus == 1 ? "" : "s",
		s->enabled ? "" : ", counting off (kvm.exit_stats=N)", s->t);
	fprintf(f, "%s exits, %s cycles, %s cycles/exit\n", a, b, c);
	fprintf(f, "%-7s %-26s %14s %6s %10s %16s %10s\n", "NUMBER", "NAME",
		"COUNT", "%", "RATE/s", "CYCLES", "CYC/EXIT");
}

static void row(FILE *f, const struct sample *s, const struct reason *e,
		const struct sample *prev)
{
	char code[16], a[NUM_LEN], b[NUM_LEN], c[NUM_LEN], r[24];
	double rate = sample_rate(prev, s, e->nr);

	reason_code(s, e->nr, code, sizeof(code));
	fmt_thousands(e->count, a, sizeof(a));
	fmt_thousands(e->cycles, b, sizeof(b));
	fmt_thousands(per_exit(e->cycles, e->count), c, sizeof(c));
	if (rate < 0)
		snprintf(r, sizeof(r), "-");
	else
		snprintf(r, sizeof(r), "%.1f", rate);
	fprintf(f, "%-7s %-26s %14s %6.1f %10s %16s %10s\n", code, e->name, a,
		s->count ? 100.0 * (double)e->count / (double)s->count : 0.0,
		r, b, c);
}

void out_table(FILE *f, const struct vm *vm, const struct sample *s,
	       const struct sample *prev, const struct view *v,
	       const char *title)
{
	u32 order[REASONS_MAX], i, rows = s->n;

	if (v->top && v->top < rows)
		rows = v->top;
	header(f, vm, s, title);
	sample_rank(s, v->sort, order);
	for (i = 0; i < rows; i++)
		row(f, s, &s->reasons[order[i]], v->live ? prev : NULL);
	if (rows < s->n)
		fprintf(f, "(%u more exit number%s; without -t all are shown)\n",
			s->n - rows, s->n - rows == 1 ? "" : "s");
}
