/* measure.c: snapshot, run the rounds without printing, snapshot, compare. */
#include "apic.h"
#include "cpu.h"
#include "measure.h"
#include "trap.h"
#include "x86.h"

struct loop {
	const struct trigger *t;
	u32 iters, rounds;
	u64 *cycles;
};

static void run_rounds(void *arg)
{
	struct loop *l = arg;
	void (*run)(void) = l->t->run;
	u32 r, i;

	for (r = 0; r < l->rounds; r++) {
		u64 t0 = rdtsc();

		for (i = 0; i < l->iters; i++)
			run();
		l->cycles[r] = rdtsc() - t0;
	}
}

static void run_once(void *arg)
{
	const struct trigger *t = arg;

	t->run();
}

/* Fill r's host figures from two snapshots around the loop. */
static void compare(struct result *r, const struct snapshot *a,
		    const struct snapshot *b)
{
	u32 reads = stats_snapshot_reads(r->nreasons), i;

	r->overhead = 0;
	r->delta = 0;
	r->host_cycles = 0;
	for (i = 0; i < r->nreasons; i++) {
		r->delta += delta32(a->count[i], b->count[i]);
		r->host_cycles += b->time[i] - a->time[i];
		if (r->reasons[i] == exit_cpuid(cpu.vendor))
			r->overhead += reads;
	}
	/* Fewer exits than the probe's own reads: a broken host; show 0. */
	r->delta = r->delta > r->overhead ? r->delta - r->overhead : 0;
	r->total_delta = delta32(a->total, b->total) - reads;
}

void measure(const struct trigger *t, const struct options *o, u64 baseline,
	     struct result *r)
{
	struct snapshot before, after;
	struct loop l;
	u64 per_iter[ROUNDS_MAX];
	u32 i;
	int vec;

	r->t = t;
	r->fault = -1;
	r->skip_reason = t->unsupported ? t->unsupported() : NULL;
	if (t->risky && cpu.hv == HV_KVM && !stats_present &&
	    !(o->named >> (t - triggers) & 1))
		r->skip_reason = "not run by default on a KVM without the stats leaves (a host was seen to hang on it); name it in triggers= to run it";
	r->iters = o->iters;
	r->rounds = o->rounds;
	r->baseline = baseline;
	r->stats = stats_present;
	r->noexit = o->noexit >> (t - triggers) & 1;
	r->nreasons = trigger_reasons(t, cpu.vendor, &r->reasons);
	if (r->skip_reason) {
		r->verdict = VERDICT_SKIP;
		return;
	}
	vec = try_call(run_once, (void *)t);
	apic_timer_stop();
	if (vec != TRY_OK) {
		r->verdict = VERDICT_SKIP;
		r->fault = vec;
		r->skip_reason = "raised an exception: the CPU or hypervisor lacks it";
		return;
	}
	if (t->prepare)
		r->iters = t->prepare(r->iters, r->rounds);

	l.t = t;
	l.iters = r->iters;
	l.rounds = r->rounds;
	l.cycles = r->round_cycles;
	if (r->stats)
		stats_snapshot(&before, r->reasons, r->nreasons);
	vec = try_call(run_rounds, &l);
	if (r->stats)
		stats_snapshot(&after, r->reasons, r->nreasons);
	/* After the snapshot: an xAPIC write is an NPF exit on AMD. */
	apic_timer_stop();

	for (i = 0; i < r->rounds; i++)
		per_iter[i] = r->iters ? r->round_cycles[i] / r->iters : 0;
	r->guest = spread_of(per_iter, r->rounds);
	if (vec != TRY_OK) {
		r->fault = vec;
		r->verdict = VERDICT_FAIL;
		return;
	}
	r->expect = trigger_expect(t, (u64)r->iters * r->rounds);
	if (r->noexit) {
		r->expect.kind = EXPECT_EXACT;
		r->expect.lo = 0;
		r->expect.hi = 0;
	}
	if (!r->stats) {
		r->verdict = VERDICT_PASS;
		return;
	}
	compare(r, &before, &after);
	r->verdict = expect_verdict(&r->expect, r->delta);
}
