/* sample.c: parse an exit_stats file; deltas and rankings of readings. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"

static int parse_u64(const char *w, u64 *v)
{
	char *end;

	if (!w || *w == '-' || *w == '\0')
		return -1;
	errno = 0;
	*v = strtoull(w, &end, 0);
	return errno || *end ? -1 : 0;
}

/* Parse "NUMBER NAME COUNT CYCLES" into r; -1 if it is not that. */
static int parse_reason(char *line, struct reason *r)
{
	char *w[5], *save = NULL;
	u64 nr;
	int n = 0;

	for (char *t = strtok_r(line, " \t", &save); t && n < 5;
	     t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	if (n != 4 || parse_u64(w[0], &nr) || nr > UINT32_MAX ||
	    parse_u64(w[2], &r->count) || parse_u64(w[3], &r->cycles) ||
	    strlen(w[1]) >= NAME_LEN)
		return -1;
	r->nr = (u32)nr;
	strcpy(r->name, w[1]);
	return 0;
}

int sample_parse(const char *text, struct sample *s, u32 *unknown, char *err)
{
	bool have_vendor = false, have_total = false;
	char line[256], word[16], rest[2];
	const char *p = text;
	u64 a, b;

	memset(s, 0, sizeof(*s));
	*unknown = 0;
	while (*p) {
		size_t len = strcspn(p, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p += len + (p[len] == '\n');
		if (sscanf(line, "vendor %7s %1s", s->vendor, rest) == 1) {
			have_vendor = !strcmp(s->vendor, "vmx") ||
				      !strcmp(s->vendor, "svm");
		} else if (sscanf(line, "enabled %15s", word) == 1) {
			s->enabled = word[0] == 'Y';
		} else if (sscanf(line, "vcpus %u", &s->vcpus) == 1) {
			continue;
		} else if (sscanf(line, "total %" SCNu64 " %" SCNu64 " %1s", &a, &b, rest) ==
			   2) {
			s->count = a;
			s->cycles = b;
			have_total = true;
		} else if (line[0] >= '0' && line[0] <= '9') {
			if (s->n == REASONS_MAX ||
			    parse_reason(line, &s->reasons[s->n])) {
				snprintf(err, ERR_LEN, "bad exit line '%.60s'",
					 line);
				return -1;
			}
			if (s->n && s->reasons[s->n].nr <=
				    s->reasons[s->n - 1].nr) {
				snprintf(err, ERR_LEN,
					 "exit numbers out of order at '%.60s'",
					 line);
				return -1;
			}
			s->n++;
		} else if (line[0]) {
			(*unknown)++;
		}
	}
	if (!have_vendor || !have_total) {
		snprintf(err, ERR_LEN, "no %s line: not a KVM exit_stats file",
			 have_vendor ? "total" : "vendor vmx|svm");
		return -1;
	}
	return 0;
}

static const struct reason *find(const struct sample *s, u32 nr)
{
	for (u32 i = 0; i < s->n; i++)
		if (s->reasons[i].nr == nr)
			return &s->reasons[i];
	return NULL;
}

void sample_delta(const struct sample *a, const struct sample *b,
		  struct sample *d)
{
	*d = *b;
	d->count = b->count - a->count;
	d->cycles = b->cycles - a->cycles;
	d->t = b->t - a->t;
	for (u32 i = 0; i < d->n; i++) {
		const struct reason *old = find(a, d->reasons[i].nr);

		if (old) {
			d->reasons[i].count -= old->count;
			d->reasons[i].cycles -= old->cycles;
		}
	}
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
