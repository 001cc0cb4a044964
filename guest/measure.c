/* measure.c: snapshot, run the rounds without printing, snapshot, compare. */
#include "apic.h"
#include "cpu.h"
#include "measure.h"
#include "trap.h"
#include "x86.h"

#define BACKSTOP_MS	20	/* the backstop timer's period */

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

/* The exit numbers to read: the trigger's own, then its parts'. */
static u32 snap_reasons(const struct result *r, u32 *out)
{
	u32 n = 0, i;

	for (i = 0; i < r->nreasons; i++)
		out[n++] = r->reasons[i];
	for (i = 0; i < r->nparts; i++)
		out[n++] = r->parts[i].reason;
	return n;
}

/* Exits of slot i between two snapshots, less the probe's own reads. */
static u64 slot_delta(const struct snapshot *a, const struct snapshot *b,
		      const u32 *reasons, u32 i, u32 reads)
{
	u64 d = delta32(a->count[i], b->count[i]);

	if (reasons[i] != exit_cpuid(cpu.vendor))
		return d;
	/* Fewer exits than the probe's own reads: a broken host; show 0. */
	return d > reads ? d - reads : 0;
}

/* Fill r's host figures from two snapshots around the loop. */
static void compare(struct result *r, const struct snapshot *a,
		    const struct snapshot *b, const u32 *reasons, u32 n)
{
	u32 reads = stats_snapshot_reads(n), i;

	r->overhead = 0;
	r->delta = 0;
	r->host_cycles = 0;
	for (i = 0; i < r->nreasons; i++) {
		r->delta += slot_delta(a, b, reasons, i, reads);
		r->host_cycles += b->time[i] - a->time[i];
		if (reasons[i] == exit_cpuid(cpu.vendor))
			r->overhead += reads;
	}
	for (i = 0; i < r->nparts; i++)
		r->parts[i].delta = slot_delta(a, b, reasons, r->nreasons + i,
					       reads);
	r->total_delta = delta32(a->total, b->total) - reads;
}

/* The trigger's own expectation and its parts'; the verdict of all. */
static void judge(struct result *r)
{
	u32 i;

	if (r->expect.kind == EXPECT_EXACT) {
		r->expect.lo += r->ticks;
		r->expect.hi += r->ticks;
	}
	r->verdict = expect_verdict(&r->expect, r->delta);
	for (i = 0; i < r->nparts; i++) {
		struct part_result *p = &r->parts[i];

		p->verdict = expect_verdict(&p->expect, p->delta);
		if (p->verdict == VERDICT_FAIL)
			r->verdict = VERDICT_FAIL;
	}
}

static void run_hook(void *arg)
{
	void (*hook)(void) = (void (*)(void))arg;

	hook();
}

/* Take what is pending (a last backstop tick) outside the window. */
static void drain_interrupts(void)
{
	asm volatile("sti; nop; cli" : : : "memory");
}

void measure(const struct trigger *t, const struct options *o, u64 baseline,
	     struct result *r)
{
	struct snapshot before, after;
	struct loop l;
	u64 per_iter[ROUNDS_MAX], ticks;
	u32 reasons[SNAP_REASONS], i, n;
	bool backstop;
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
	r->nparts = cpu.vendor == VENDOR_OTHER ? 0 : t->nparts;
	r->ticks = 0;
	for (i = 0; i < r->nparts; i++) {
		r->parts[i].reason = part_reason(&t->parts[i], cpu.vendor);
		r->parts[i].delta = 0;
		r->parts[i].verdict = VERDICT_PASS;
	}
	if (r->skip_reason) {
		r->verdict = VERDICT_SKIP;
		return;
	}
	vec = t->enter ? try_call(run_hook, (void *)t->enter) : TRY_OK;
	if (vec == TRY_OK)
		vec = try_call(run_once, (void *)t);
	apic_timer_stop();
	drain_interrupts();
	if (vec != TRY_OK) {
		if (t->leave)
			try_call(run_hook, (void *)t->leave);
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
	n = snap_reasons(r, reasons);
	backstop = t->backstop && cpu.vendor == VENDOR_AMD;
	if (backstop)
		apic_periodic_ms(BACKSTOP_MS);
	if (r->stats)
		stats_snapshot(&before, reasons, n);
	ticks = timer_ticks;
	vec = try_call(run_rounds, &l);
	if (backstop)
		r->ticks = timer_ticks - ticks;
	if (r->stats)
		stats_snapshot(&after, reasons, n);
	/* After the snapshot: an xAPIC write is an NPF exit on AMD. */
	apic_timer_stop();
	drain_interrupts();
	if (t->leave)
		try_call(run_hook, (void *)t->leave);

	for (i = 0; i < r->rounds; i++)
		per_iter[i] = r->iters ? r->round_cycles[i] / r->iters : 0;
	r->guest = spread_of(per_iter, r->rounds);
	if (vec != TRY_OK) {
		r->fault = vec;
		r->verdict = VERDICT_FAIL;
		return;
	}
	r->expect = trigger_expect(t, cpu.vendor, (u64)r->iters * r->rounds);
	for (i = 0; i < r->nparts; i++)
		r->parts[i].expect = part_expect(&t->parts[i], cpu.vendor,
						 (u64)r->iters * r->rounds);
	if (r->noexit) {
		r->expect.kind = EXPECT_EXACT;
		r->expect.lo = 0;
		r->expect.hi = 0;
	}
	if (!r->stats) {
		r->verdict = VERDICT_PASS;
		return;
	}
	compare(r, &before, &after, reasons, n);
	judge(r);
}
