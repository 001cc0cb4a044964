/* cmdline.c: parse key=value options; anything unknown is an error. */
#include "cmdline.h"
#include "fmt.h"

#define WORD_MAX	256

const char cmdline_usage[] =
	"valid options: triggers=all|list|NAME[,NAME...] skip=NAME[,...] "
	"noexit=NAME[,...] iters=1..1000000 rounds=1..32 census=on|off "
	"top=1..64 sweep=on|off timeline=on|off interval=100..1000000 "
	"samples=1..64 hold=0..600 parallel=all|NAME[,...]";

static bool word_eq(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++)
		if (a[i] != b[i])
			return false;
	return b[alen] == '\0';
}

static bool has_eq(const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (w[i] == '=')
			return true;
	return false;
}

static int fail(char *err, const char *what, const char *w, size_t len)
{
	fmt_snprintf(err, CMDLINE_ERR_LEN, "%s '%.*s'; %s", what, (int)len, w,
		     cmdline_usage);
	return -1;
}

static int parse_u32(const char *s, size_t len, u32 lo, u32 hi, u32 *out)
{
	u64 v = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (u64)(s[i] - '0');
		if (v > hi)
			return -1;
	}
	if (v < lo)
		return -1;
	*out = (u32)v;
	return 0;
}

static int parse_bool(const char *s, size_t len, bool *out)
{
	if (word_eq(s, len, "on") || word_eq(s, len, "1")) {
		*out = true;
		return 0;
	}
	if (word_eq(s, len, "off") || word_eq(s, len, "0")) {
		*out = false;
		return 0;
	}
	return -1;
}

/* Name the bad trigger and list the good ones. */
static int unknown_trigger(const char *w, size_t len, const char *const *names,
			   u32 n, char *err)
{
	int at = fmt_snprintf(err, CMDLINE_ERR_LEN,
			      "unknown trigger '%.*s'; valid triggers:",
			      (int)len, w);
	u32 i;

	for (i = 0; i < n && at < CMDLINE_ERR_LEN; i++)
		at += fmt_snprintf(err + at, CMDLINE_ERR_LEN - at, "%s%s",
				   i ? "," : " ", names[i]);
	return -1;
}

/* Trigger i by its name, or by its alias (kvm-unit-tests' vmexit name). */
static bool name_is(const char *s, size_t len, const struct name_table *t,
		    u32 i)
{
	return word_eq(s, len, t->names[i]) ||
	       (t->aliases && t->aliases[i] && word_eq(s, len, t->aliases[i]));
}

/* Parse "a,b,c" into a mask of trigger indexes; "all" selects every one. */
static int parse_names(const char *s, size_t len, const struct name_table *t,
		       u64 *mask, char *err)
{
	const char *const *names = t->names;
	u32 n = t->n;
	const char *end = s + len;

	*mask = 0;
	if (word_eq(s, len, "all")) {
		*mask = n >= 64 ? ~0ull : (1ull << n) - 1;
		return 0;
	}
	for (;;) {
		const char *c = s;
		u32 i;

		while (c < end && *c != ',')
			c++;
		for (i = 0; i < n; i++)
			if (name_is(s, (size_t)(c - s), t, i))
				break;
		if (c == s || i == n)
			return unknown_trigger(s, (size_t)(c - s), names, n,
					       err);
		*mask |= 1ull << i;
		if (c == end)
			return 0;
		s = c + 1;
	}
}

/*
 * parallel=all takes every trigger that can run on all vCPUs at once; a
 * named one that cannot is an error that lists those that can.
 */
static int parse_parallel(const char *v, size_t vlen,
			  const struct name_table *t, struct options *o,
			  char *err)
{
	u64 bad;
	u32 i;
	int at;

	if (parse_names(v, vlen, t, &o->parallel, err))
		return -1;
	if (word_eq(v, vlen, "all")) {
		o->parallel &= t->parallel_ok;
		return 0;
	}
	bad = o->parallel & ~t->parallel_ok;
	if (!bad)
		return 0;
	for (i = 0; !(bad >> i & 1); i++)
		;
	at = fmt_snprintf(err, CMDLINE_ERR_LEN,
			  "trigger '%s' cannot run on every vCPU at once; parallel= takes all or:",
			  t->names[i]);
	for (i = 0; i < t->n && at < CMDLINE_ERR_LEN; i++)
		if (t->parallel_ok >> i & 1)
			at += fmt_snprintf(err + at, CMDLINE_ERR_LEN - at,
					   " %s", t->names[i]);
	if (at < CMDLINE_ERR_LEN)
		fmt_snprintf(err + at, CMDLINE_ERR_LEN - at, "; %s",
			     cmdline_usage);
	return -1;
}

static int parse_option(const char *w, size_t len, const struct name_table *t,
			struct options *o, char *err)
{
	const char *eq = w, *v;
	size_t klen, vlen;
	u64 skip;

	while (eq < w + len && *eq != '=')
		eq++;
	if (eq == w + len)
		return fail(err, "bad option", w, len);
	klen = (size_t)(eq - w);
	v = eq + 1;
	vlen = len - klen - 1;

	if (word_eq(w, klen, "triggers")) {
		if (word_eq(v, vlen, "list")) {
			o->list = true;
			return 0;
		}
		if (parse_names(v, vlen, t, &o->triggers, err))
			return -1;
		if (!word_eq(v, vlen, "all"))
			o->named = o->triggers;
		return 0;
	}
	if (word_eq(w, klen, "skip")) {
		if (parse_names(v, vlen, t, &skip, err))
			return -1;
		o->triggers &= ~skip;
		return 0;
	}
	if (word_eq(w, klen, "noexit")) {
		return parse_names(v, vlen, t, &o->noexit, err);
	}
	if (word_eq(w, klen, "parallel"))
		return parse_parallel(v, vlen, t, o, err);
	if (word_eq(w, klen, "iters")) {
		if (parse_u32(v, vlen, 1, ITERS_MAX, &o->iters))
			return fail(err, "bad value in", w, len);
		return 0;
	}
	if (word_eq(w, klen, "rounds")) {
		if (parse_u32(v, vlen, 1, ROUNDS_MAX, &o->rounds))
			return fail(err, "bad value in", w, len);
		return 0;
	}
	if (word_eq(w, klen, "top")) {
		if (parse_u32(v, vlen, 1, TOP_MAX, &o->top))
			return fail(err, "bad value in", w, len);
		return 0;
	}
	if (word_eq(w, klen, "census")) {
		if (parse_bool(v, vlen, &o->census))
			return fail(err, "bad value in", w, len);
		return 0;
	}
	if (word_eq(w, klen, "sweep")) {
		if (parse_bool(v, vlen, &o->sweep))
			return fail(err, "bad value in", w, len);
		return 0;
	}
	if (word_eq(w, klen, "timeline")) {
		if (parse_bool(v, vlen, &o->timeline))
			return fail(err, "bad value in", w, len);
		return 0;
	}
	if (word_eq(w, klen, "interval")) {
		if (parse_u32(v, vlen, INTERVAL_MIN, INTERVAL_MAX,
			      &o->interval_us))
			return fail(err, "bad value in", w, len);
		return 0;
	}
	if (word_eq(w, klen, "hold")) {
		if (parse_u32(v, vlen, 0, HOLD_MAX, &o->hold_s))
			return fail(err, "bad value in", w, len);
		return 0;
	}
	if (word_eq(w, klen, "samples")) {
		if (parse_u32(v, vlen, 1, SAMPLES_MAX, &o->samples))
			return fail(err, "bad value in", w, len);
		return 0;
	}
	return fail(err, "unknown option", w, len);
}

int cmdline_parse(const char *line, const struct name_table *t,
		  struct options *o, char *err)
{
	bool first = true;
	u32 n = t->n;

	o->triggers = n >= 64 ? ~0ull : (1ull << n) - 1;
	o->named = 0;
	o->noexit = 0;
	o->parallel = 0;
	o->list = false;
	o->census = true;
	o->sweep = false;
	o->iters = ITERS_DEFAULT;
	o->rounds = ROUNDS_DEFAULT;
	o->top = TOP_DEFAULT;
	o->timeline = false;
	o->interval_us = INTERVAL_DEFAULT;
	o->samples = SAMPLES_DEFAULT;
	o->hold_s = 0;
	err[0] = '\0';

	while (line && *line) {
		const char *w = line;
		size_t len;

		while (*line && *line != ' ' && *line != '\t')
			line++;
		len = (size_t)(line - w);
		while (*line == ' ' || *line == '\t')
			line++;
		if (!len)
			continue;
		if (len > WORD_MAX)
			return fail(err, "option too long:", w, 32);
		if (first) {
			first = false;
			if (!has_eq(w, len))
				continue;	/* the image's own name */
		}
		if (parse_option(w, len, t, o, err))
			return -1;
	}
	if (o->parallel && o->timeline) {
		fmt_snprintf(err, CMDLINE_ERR_LEN,
			     "parallel= and timeline=on do not go together; %s",
			     cmdline_usage);
		return -1;
	}
	if (!o->triggers && !o->list && !o->census && !o->sweep &&
	    !o->timeline && !o->parallel) {
		fmt_snprintf(err, CMDLINE_ERR_LEN,
			     "nothing to do: every trigger skipped and census=off; %s",
			     cmdline_usage);
		return -1;
	}
	return 0;
}
