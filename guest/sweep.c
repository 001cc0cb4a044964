/* sweep.c: every ECX must get a spec answer, agreeing with the exit table. */
#include "cpu.h"
#include "printf.h"
#include "sweep.h"
#include "exit_stats_abi.h"

static const u32 boundaries[] = {
	0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu,
	0x00010000u, 0x0001ffffu, 0x00100000u, 0x40000000u,
};

enum answer sweep_classify(u32 leaf, u32 a, u32 b, u32 c, u32 d)
{
	if (d == EXIT_STATS_UNDEFINED)
		return !(a | b | c) ? ANSWER_UNDEFINED : ANSWER_BAD;
	if (d)
		return ANSWER_BAD;
	if (leaf == EXIT_STATS_COUNT)
		return !(b | c) ? ANSWER_DEFINED : ANSWER_BAD;
	return !a ? ANSWER_DEFINED : ANSWER_BAD;
}

struct sweep_tally {
	u32 checked, defined, undefined, bad, disagree;
	u32 first_bad, first_disagree;
};

static void check(struct sweep_tally *s, enum vendor v, u32 nr)
{
	static const u32 leaves[] = { EXIT_STATS_COUNT, EXIT_STATS_TIME };
	u32 i;

	for (i = 0; i < 2; i++) {
		struct cpuid r = probe_cpuid(leaves[i], nr);
		enum answer a = sweep_classify(leaves[i], r.a, r.b, r.c, r.d);

		s->checked++;
		if (a == ANSWER_BAD) {
			if (!s->bad++)
				s->first_bad = nr;
			continue;
		}
		if (a == ANSWER_DEFINED)
			s->defined++;
		else
			s->undefined++;
		if ((a == ANSWER_DEFINED) != exit_defined(v, nr) &&
		    !s->disagree++)
			s->first_disagree = nr;
	}
}

/* xorshift32: reproducible from the printed seed. */
static u32 next_random(u32 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

enum verdict sweep_run(enum vendor v)
{
	struct sweep_tally s = { 0 };
	u32 nr, i, seed = (u32)rdtsc() | 1, x = seed;
	bool ok;

	for (nr = 0; nr < SWEEP_DENSE; nr++)
		check(&s, v, nr);
	for (i = 0; i < ARRAY_SIZE(boundaries); i++)
		check(&s, v, boundaries[i]);
	for (i = 0; i < SWEEP_RANDOM; i++)
		check(&s, v, next_random(&x));

	ok = !s.bad && !s.disagree;
	printf("{\"probe\":\"sweep\",\"v\":1,\"seed\":%u,\"checked\":%u,\"defined\":%u,\"undefined\":%u,\"bad\":%u,\"disagree\":%u,\"first_bad\":%u,\"first_disagree\":%u}\n",
	       seed, s.checked, s.defined, s.undefined, s.bad, s.disagree,
	       s.first_bad, s.first_disagree);
	printf("%s: sweep: %u answers (ECX 0..%#x, %u boundaries, %u random from seed %u): %u defined, %u undefined, %u malformed, %u disagree with the exit table\n",
	       ok ? "PASS" : "FAIL", s.checked, SWEEP_DENSE - 1,
	       (u32)ARRAY_SIZE(boundaries), SWEEP_RANDOM, seed, s.defined,
	       s.undefined, s.bad, s.disagree);
	return ok ? VERDICT_PASS : VERDICT_FAIL;
}
