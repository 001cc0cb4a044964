/* out.c: exitstat's output: tables for people, JSON lines for tools. */
#include <inttypes.h>
#include <string.h>

#include "out.h"

void fmt_thousands(u64 v, char *buf, size_t size)
{
	char digits[24], *p = buf;
	int n = snprintf(digits, sizeof(digits), "%" PRIu64, v), i;

	for (i = 0; i < n && (size_t)(p - buf) + 2 < size; i++) {
		if (i && (n - i) % 3 == 0)
			*p++ = ',';
		*p++ = digits[i];
	}
	*p = '\0';
}

static u64 per_exit(u64 cycles, u64 count)
{
	return count ? cycles / count : 0;
}

static const struct reason *find(const struct sample *s, u32 nr)
{
	for (u32 i = 0; s && i < s->n; i++)
		if (s->reasons[i].nr == nr)
			return &s->reasons[i];
	return NULL;
}

static void rate(const struct reason *r, const struct sample *s,
		 const struct sample *prev, char *buf, size_t size)
{
	const struct reason *old = find(prev, r->nr);
	double dt = prev ? s->t - prev->t : 0;

	if (!prev || dt <= 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.1f",
			 (double)(r->count - (old ? old->count : 0)) / dt);
}

void out_table(FILE *f, const struct vm *vm, const struct sample *s,
	       const struct sample *prev, const struct view *v,
	       const char *title)
{
	char comm[32], a[32], b[32], c[32], code[16], r[24];
	u32 order[REASONS_MAX], i, rows = s->n;

	if (v->top && v->top < rows)
		rows = v->top;
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
	sample_rank(s, v->sort, order);
	for (i = 0; i < rows; i++) {
		const struct reason *e = &s->reasons[order[i]];

		reason_code(s, e->nr, code, sizeof(code));
		fmt_thousands(e->count, a, sizeof(a));
		fmt_thousands(e->cycles, b, sizeof(b));
		fmt_thousands(per_exit(e->cycles, e->count), c, sizeof(c));
		rate(e, s, v->live ? prev : NULL, r, sizeof(r));
		fprintf(f, "%-7s %-26s %14s %6.1f %10s %16s %10s\n", code,
			e->name, a,
			s->count ? 100.0 * (double)e->count / (double)s->count
				 : 0.0,
			r, b, c);
	}
	if (rows < s->n)
		fprintf(f, "(%u more exit numbers; -t 0 shows all)\n",
			s->n - rows);
}

void out_json(FILE *f, const struct vm *vm, const struct sample *s,
	      bool final)
{
	char code[16];
	u32 i;

	fprintf(f, "{\"exitstat\":1,\"vm\":\"%s\",\"pid\":%d,\"t\":%.3f,"
		"\"final\":%s,\"vendor\":\"%s\",\"enabled\":%s,\"vcpus\":%u,"
		"\"total\":{\"count\":%" PRIu64 ",\"cycles\":%" PRIu64 "},"
		"\"reasons\":[", vm->dir, vm->pid, s->t,
		final ? "true" : "false", s->vendor,
		s->enabled ? "true" : "false", s->vcpus, s->count, s->cycles);
	for (i = 0; i < s->n; i++) {
		const struct reason *e = &s->reasons[i];

		reason_code(s, e->nr, code, sizeof(code));
		fprintf(f, "%s{\"nr\":%u,\"code\":\"%s\",\"name\":\"%s\","
			"\"count\":%" PRIu64 ",\"cycles\":%" PRIu64 "}",
			i ? "," : "", e->nr, code, e->name, e->count,
			e->cycles);
	}
	fprintf(f, "]}\n");
	fflush(f);
}

void out_spread(FILE *f, const struct sample *samples, u32 n)
{
	static struct sample d;
	u32 order[REASONS_MAX], i, k;
	char a[32];

	fprintf(f, "\nspread over the run: exits per interval, busiest reasons in it\n");
	fprintf(f, "%-17s %12s %12s  %s\n", "t (s)", "exits", "exits/s",
		"top reasons (share of the interval)");
	for (i = 1; i < n; i++) {
		sample_delta(&samples[i - 1], &samples[i], &d);
		fmt_thousands(d.count, a, sizeof(a));
		fprintf(f, "%7.2f - %7.2f %12s %12.0f  ", samples[i - 1].t,
			samples[i].t, a,
			d.t > 0 ? (double)d.count / d.t : 0.0);
		sample_rank(&d, SORT_COUNT, order);
		for (k = 0; k < 3 && k < d.n && d.reasons[order[k]].count;
		     k++)
			fprintf(f, "%s%s %.0f%%", k ? ", " : "",
				d.reasons[order[k]].name,
				100.0 * (double)d.reasons[order[k]].count /
					(double)(d.count ? d.count : 1));
		fprintf(f, "%s\n", d.count ? "" : "-");
	}
}
