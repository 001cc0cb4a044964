/* measure.c: snapshot, run the rounds without printing, snapshot, compare. */
#include "apic.h"
#include "cpu.h"
#include "measure.h"
#include "percpu.h"
#include "smp.h"
#include "trap.h"
#include "x86.h"

#define BACKSTOP_MS	20	/* the backstop timer's period */
#define PAR_POLLS	2000000000u	/* bound on waiting for the other vCPUs */

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
	sti_nop_cli();
}

/* Fill r's fixed fields; return false with r a SKIP if it cannot run. */
static bool result_init(const struct trigger *t, const struct options *o,
			u64 baseline, struct result *r)
{
	u32 i;

	r->t = t;
	r->fault = -1;
	r->cpus = 1;
	r->all_cpus = false;
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
	if (!r->skip_reason)
		return true;
	r->verdict = VERDICT_SKIP;
	return false;
}

/*
 * Set up and run one iteration outside the window: a mode switch, a
 * first exit that stops an intercept, a missing feature's exception.
 * Leave nothing pending. Return TRY_OK or the vector.
 */
static int warm_up(const struct trigger *t)
{
	int vec = t->enter ? try_call(run_hook, (void *)t->enter) : TRY_OK;

	if (vec == TRY_OK)
		vec = try_call(run_once, (void *)t);
	apic_timer_stop();
	drain_interrupts();
	if (vec != TRY_OK && t->leave)
		try_call(run_hook, (void *)t->leave);
	return vec;
}

/* After the window: nothing left running or pending, then undo enter. */
static void cool_down(const struct trigger *t)
{
	/* After the snapshot: an xAPIC write is an NPF exit on AMD. */
	apic_timer_stop();
	drain_interrupts();
	if (t->leave)
		try_call(run_hook, (void *)t->leave);
}

static bool backstop_here(const struct trigger *t)
{
	return t->backstop && cpu.vendor == VENDOR_AMD;
}

/* Guest timing, expectations for all r->cpus, and the verdict. */
static void finish(struct result *r, int vec, const struct snapshot *before,
		   const struct snapshot *after, const u32 *reasons, u32 n)
{
	u64 per_iter[ROUNDS_MAX], total;
	u32 i;

	for (i = 0; i < r->rounds; i++)
		per_iter[i] = r->iters ? r->round_cycles[i] / r->iters : 0;
	r->guest = spread_of(per_iter, r->rounds);
	if (vec != TRY_OK) {
		r->fault = vec;
		r->verdict = VERDICT_FAIL;
		return;
	}
	total = (u64)r->iters * r->rounds * r->cpus;
	r->expect = trigger_expect(r->t, cpu.vendor, total);
	for (i = 0; i < r->nparts; i++)
		r->parts[i].expect = part_expect(&r->t->parts[i], cpu.vendor,
						 total);
	if (r->noexit) {
		r->expect.kind = EXPECT_EXACT;
		r->expect.lo = 0;
		r->expect.hi = 0;
	}
	if (!r->stats) {
		r->verdict = VERDICT_PASS;
		return;
	}
	compare(r, before, after, reasons, n);
	judge(r);
}

void measure(const struct trigger *t, const struct options *o, u64 baseline,
	     struct result *r)
{
	struct snapshot before, after;
	struct loop l;
	u32 reasons[SNAP_REASONS], n;
	u64 ticks;
	int vec;

	if (!result_init(t, o, baseline, r))
		return;
	vec = warm_up(t);
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
	n = snap_reasons(r, reasons);
	if (backstop_here(t))
		apic_periodic_ms(BACKSTOP_MS);
	if (r->stats)
		stats_snapshot(&before, reasons, n);
	ticks = this_cpu()->ticks;
	vec = try_call(run_rounds, &l);
	if (backstop_here(t))
		r->ticks = this_cpu()->ticks - ticks;
	if (r->stats)
		stats_snapshot(&after, reasons, n);
	cool_down(t);
	finish(r, vec, &before, &after, reasons, n);
}

/*
 * The run on every vCPU at once. The APs warm up, then wait on memory
 * (no exit) while the boot CPU takes the first snapshot; all run their
 * rounds; the APs wait again, with interrupts off, until the second
 * snapshot is taken, and only then stop their timers and clean up.
 */
struct par_cpu {
	volatile bool ready, finished;
	volatile int vec;
	volatile u64 ticks;	/* backstop ticks inside the window */
	u64 cycles[ROUNDS_MAX];
};

/*
 * One run's shared state. gen tells an AP still late from an earlier run
 * that its run is over: it then stops waiting and touches nothing more.
 */
static struct {
	const struct trigger *t;
	u32 iters, rounds;
	volatile u32 gen;
	volatile bool go, release;
	struct par_cpu cpu[CPUS_MAX];
} par;

/* Wait, bounded, for flag or a newer run; true if flag came. */
static bool par_wait(volatile bool *flag, u32 gen)
{
	u32 polls = 0;

	while (!*flag && par.gen == gen && ++polls < PAR_POLLS)
		pause();
	return *flag && par.gen == gen;
}

static void par_job(void *unused)
{
	struct percpu *c = this_cpu();
	struct par_cpu *me = &par.cpu[c->index];
	const struct trigger *t = par.t;
	u32 gen = par.gen;
	struct loop l = { t, par.iters, par.rounds, me->cycles };
	u64 ticks;

	(void)unused;
	me->vec = warm_up(t);
	if (me->vec == TRY_OK && backstop_here(t))
		apic_periodic_ms(BACKSTOP_MS);
	me->ready = true;
	if (!par_wait(&par.go, gen)) {
		apic_timer_stop();
		return;
	}
	ticks = c->ticks;
	if (me->vec == TRY_OK)
		me->vec = try_call(run_rounds, &l);
	me->ticks = c->ticks - ticks;
	me->finished = true;
	par_wait(&par.release, gen);
	if (me->vec == TRY_OK)
		cool_down(t);
	else
		apic_timer_stop();
}

/* Wait, bounded, until every AP is ready, or has finished its rounds. */
static bool all_aps(bool finished)
{
	u32 i, polls = 0;

	for (i = 1; i < ncpus; i++)
		while (!(finished ? par.cpu[i].finished : par.cpu[i].ready)) {
			if (++polls > PAR_POLLS)
				return false;
			pause();
		}
	return true;
}

void measure_all_cpus(const struct trigger *t, const struct options *o,
		      struct result *r)
{
	struct snapshot before, after;
	struct loop l;
	u32 reasons[SNAP_REASONS], n, i;
	u64 ticks;
	int vec, warm;

	if (!result_init(t, o, 0, r)) {
		r->all_cpus = true;
		r->cpus = ncpus;
		return;
	}
	r->all_cpus = true;
	if (ncpus < 2) {
		r->verdict = VERDICT_SKIP;
		r->skip_reason = "needs a second vCPU (qemu -smp 2)";
		return;
	}
	r->cpus = ncpus;
	par.gen++;
	par.t = t;
	par.iters = r->iters;
	par.rounds = r->rounds;
	par.go = false;
	par.release = false;
	for (i = 1; i < ncpus; i++) {
		par.cpu[i].ready = false;
		par.cpu[i].finished = false;
		par.cpu[i].ticks = 0;
		if (!smp_post(i, par_job, NULL)) {
			par.cpu[i].ready = par.cpu[i].finished = true;
			r->skip_reason = "a vCPU was still busy";
		}
	}
	vec = warm_up(t);
	if (!all_aps(false))
		r->skip_reason = "a vCPU did not get ready in time";
	for (i = 1; i < ncpus && vec == TRY_OK; i++)
		vec = par.cpu[i].vec;
	/* A feature a vCPU lacks: SKIP, as on one vCPU. */
	warm = vec;
	l.t = t;
	l.iters = r->iters;
	l.rounds = r->rounds;
	l.cycles = r->round_cycles;
	n = snap_reasons(r, reasons);
	if (vec == TRY_OK && !r->skip_reason && backstop_here(t))
		apic_periodic_ms(BACKSTOP_MS);
	if (r->stats)
		stats_snapshot(&before, reasons, n);
	ticks = this_cpu()->ticks;
	par.go = true;
	if (vec == TRY_OK && !r->skip_reason)
		vec = try_call(run_rounds, &l);
	r->ticks = this_cpu()->ticks - ticks;
	if (!all_aps(true))
		r->skip_reason = "a vCPU did not finish its rounds in time";
	if (r->stats)
		stats_snapshot(&after, reasons, n);
	par.release = true;
	if (vec == TRY_OK)
		cool_down(t);
	for (i = 1; i < ncpus; i++) {
		if (!smp_wait(i))
			r->skip_reason = "a vCPU did not end its job in time";
		r->ticks += par.cpu[i].ticks;
		if (vec == TRY_OK)
			vec = par.cpu[i].vec;
	}
	if (!backstop_here(t))
		r->ticks = 0;
	if (r->skip_reason) {
		r->verdict = VERDICT_FAIL;
		return;
	}
	if (warm != TRY_OK) {
		r->verdict = VERDICT_SKIP;
		r->fault = warm;
		r->skip_reason = "raised an exception: the CPU or hypervisor lacks it";
		return;
	}
	finish(r, vec, &before, &after, reasons, n);
}
