/* sample.c: parse an exit_stats file; deltas and rankings of readings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"

#define LINE_LEN	256	/* longer lines are cut (and then unknown) */
#define WORDS_MAX	5	/* one more than any known line has */
#define OUT_OF_ORDER	(-2)

/* What sample_parse() has seen so far. */
struct parse {
	struct sample *s;
	u32 unknown;
	bool vendor;
	bool total;
};

/* A decimal or 0x-hex number, all of w; -1 if w is not one. */
static int parse_u64(const char *w, u64 *v)
{
	char *end;

	if (w[0] < '0' || w[0] > '9')
		return -1;
	errno = 0;
	*v = strtoull(w, &end, 0);
	return errno || *end ? -1 : 0;
}

/* Split line at blanks into at most WORDS_MAX words; return how many. */
static int split(char *line, char **w)
{
	char *save = NULL, *t;
	int n = 0;

	for (t = strtok_r(line, " \t\r", &save); t && n < WORDS_MAX;
	     t = strtok_r(NULL, " \t\r", &save))
		w[n++] = t;
	return n;
}

/*
 * Parse "NUMBER NAME COUNT CYCLES" into the next reason: -1 if it is not
 * that, OUT_OF_ORDER if its number does not follow the one before.
 */
static int parse_reason(char **w, int n, struct sample *s)
{
	struct reason *r = &s->reasons[s->n];
	u64 nr;

	if (n != 4 || s->n == REASONS_MAX || parse_u64(w[0], &nr) ||
	    nr > UINT32_MAX || parse_u64(w[2], &r->count) ||
	    parse_u64(w[3], &r->cycles))
		return -1;
	if (s->n && nr <= s->reasons[s->n - 1].nr)
		return OUT_OF_ORDER;
	r->nr = (u32)nr;
	snprintf(r->name, sizeof(r->name), "%s", w[1]);	/* cut if long */
	s->n++;
	return 0;
}

/* Take one line's words into p: 0, or parse_reason()'s errors. */
static int parse_line(struct parse *p, char **w, int n)
{
	struct sample *s = p->s;
	u64 v;

	if (!strcmp(w[0], "vendor")) {
		if (n != 2 || (strcmp(w[1], "vmx") && strcmp(w[1], "svm")))
			return -1;
		strcpy(s->vendor, w[1]);
		p->vendor = true;
	} else if (!strcmp(w[0], "enabled")) {
		if (n != 2 || (strcmp(w[1], "Y") && strcmp(w[1], "N")))
			return -1;
		s->enabled = w[1][0] == 'Y';
	} else if (!strcmp(w[0], "vcpus")) {
		if (n != 2 || parse_u64(w[1], &v) || v > UINT32_MAX)
			return -1;
		s->vcpus = (u32)v;
	} else if (!strcmp(w[0], "total")) {
		if (n != 3 || parse_u64(w[1], &s->count) ||
		    parse_u64(w[2], &s->cycles))
			return -1;
		p->total = true;
	} else if (w[0][0] < '0' || w[0][0] > '9') {
		p->unknown++;	/* a newer kernel's line */
	} else {
		return parse_reason(w, n, s);
	}
	return 0;
}

int sample_parse(const char *text, struct sample *s, u32 *unknown, char *err)
{
	struct parse p = { .s = s };
	char line[LINE_LEN], copy[LINE_LEN], *w[WORDS_MAX];
	const char *at = text;
	u32 lineno = 0;
	int n, r;

	memset(s, 0, sizeof(*s));
	*unknown = 0;
	if (!text[strspn(text, " \t\r\n")])
		return SAMPLE_EMPTY;
	while (*at) {
		size_t len = strcspn(at, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)len, at);
		at += len + (at[len] == '\n');
		lineno++;
		strcpy(copy, line);
		n = split(copy, w);
		r = n ? parse_line(&p, w, n) : 0;
		if (r) {
			snprintf(err, ERR_LEN, "%s %u: '%.60s'",
				 r == OUT_OF_ORDER ?
				 "exit numbers out of order at line" :
				 "bad line", lineno, line);
			return -1;
		}
	}
	*unknown = p.unknown;
	if (!p.vendor || !p.total) {
		snprintf(err, ERR_LEN, "no %s line: not a KVM exit_stats file",
			 p.vendor ? "total" : "vendor vmx|svm");
		return -1;
	}
	return 0;
}

const struct reason *sample_find(const struct sample *s, u32 nr)
{
	for (u32 i = 0; s && i < s->n; i++)
		if (s->reasons[i].nr == nr)
			return &s->reasons[i];
	return NULL;
}

static u64 minus(u64 b, u64 a)
{
	return b > a ? b - a : 0;
}

void sample_delta(const struct sample *a, const struct sample *b,
		  struct sample *d)
{
	*d = *b;
	d->count = minus(b->count, a->count);
	d->cycles = minus(b->cycles, a->cycles);
	d->t = b->t - a->t;
	for (u32 i = 0; i < d->n; i++) {
		const struct reason *old = sample_find(a, d->reasons[i].nr);

		if (old) {
			d->reasons[i].count = minus(b->reasons[i].count,
						    old->count);
			d->reasons[i].cycles = minus(b->reasons[i].cycles,
						     old->cycles);
		}
	}
}

double sample_rate(const struct sample *prev, const struct sample *s, u32 nr)
{
	const struct reason *now = sample_find(s, nr);
	const struct reason *old = sample_find(prev, nr);
	double dt = prev ? s->t - prev->t : 0;

	if (!now || dt <= 0)
		return -1;
	return (double)minus(now->count, old ? old->count : 0) / dt;
}

static const struct sample *rank_sample;
static enum sort_key rank_key;

static int by_key(const void *pa, const void *pb)
{
	const struct reason *a = &rank_sample->reasons[*(const u32 *)pa];
	const struct reason *b = &rank_sample->reasons[*(const u32 *)pb];
	u64 va = rank_key == SORT_TIME ? a->cycles : a->count;
	u64 vb = rank_key == SORT_TIME ? b->cycles : b->count;

	if (va != vb)
		return va > vb ? -1 : 1;
	return a->nr < b->nr ? -1 : a->nr > b->nr;
}

void sample_rank(const struct sample *s, enum sort_key key, u32 *order)
{
	for (u32 i = 0; i < s->n; i++)
		order[i] = i;
	rank_sample = s;
	rank_key = key;
	qsort(order, s->n, sizeof(*order), by_key);
}

void reason_code(const struct sample *s, u32 nr, char *buf, size_t size)
{
	if (!strcmp(s->vendor, "svm"))
		snprintf(buf, size, "0x%03x", nr);
	else
		snprintf(buf, size, "%u", nr);
}
