/* timeline.c: phases of idle, computation, I/O, MMIO, memory, MSR traffic. */
#include "apic.h"
#include "cpu.h"
#include "percpu.h"
#include "printf.h"
#include "samples.h"
#include "stats.h"
#include "timeline.h"
#include "trap.h"
#include "x86.h"

#define APIC_TICKS_PER_US	1000	/* the 1 GHz bus KVM and QEMU model */
#define POST_PORT		0x80	/* POST code: QEMU's dummy port */
#define COMPUTE_ROUNDS		64	/* xorshift steps per work unit */
#define US_PER_S		((u64)1000000)
#define PHASE_REASONS		2	/* exit numbers a phase is judged by */

struct phase {
	const char *name;
	const char *what;
	void (*step)(void);		/* one work unit */
	const char *(*unsupported)(void);	/* NULL, or why not here */
	/* step sleeps until the next tick and opens interrupts itself */
	bool halts;
	/* Exits each work unit must cause, of these reasons; 0: not judged. */
	u32 per_iter;
	u32 intel[PHASE_REASONS], amd[PHASE_REASONS];	/* 0 ends the list */
};

static struct mem_layout mem;
static u64 fresh_cursor, apicbase;
static volatile u64 compute_sink;

static void idle_step(void)
{
	sti_hlt();
	cli();
}

static void compute_step(void)
{
	u64 x = compute_sink | 1;
	u32 i;

	for (i = 0; i < COMPUTE_ROUNDS; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	compute_sink = x;
}

static void io_step(void)
{
	outb(POST_PORT, 0);
}

static void mmio_step(void)
{
	mmio_read32(mem.mmio);
}

/* Touch the next fresh page; once they run out, only spin. */
static void memory_step(void)
{
	if (fresh_cursor >= mem.fresh_start + mem.fresh_len) {
		pause();
		return;
	}
	*(volatile u8 *)fresh_cursor = 1;
	fresh_cursor += PAGE_SIZE;
}

static void msr_step(void)
{
	rdmsr(MSR_IA32_APICBASE);
	wrmsr(MSR_IA32_APICBASE, apicbase);
}

static const char *no_mmio_hole(void)
{
	return mem.mmio ? NULL : "RAM or no memory map at the unbacked address";
}

static const char *no_fresh_ram(void)
{
	return mem.fresh_len >= HUGE_SIZE ? NULL : "no free RAM above 16 MiB";
}

static const struct phase phases[] = {
	{ .name = "idle", .what = "HLT until the next tick",
	  .step = idle_step, .halts = true },
	{ .name = "compute", .what = "xorshift arithmetic, no exits",
	  .step = compute_step },
	{ .name = "io", .what = "OUT to port 0x80 (QEMU)", .step = io_step,
	  .per_iter = 1, .intel = { VMX_EXIT_IO }, .amd = { SVM_EXIT_IOIO } },
	{ .name = "mmio", .what = "read of unbacked MMIO", .step = mmio_step,
	  .unsupported = no_mmio_hole },
	{ .name = "memory", .what = "first write to fresh 4 KiB pages",
	  .step = memory_step, .unsupported = no_fresh_ram },
	{ .name = "msr", .what = "RDMSR+WRMSR IA32_APIC_BASE",
	  .step = msr_step, .per_iter = 2,
	  .intel = { VMX_EXIT_RDMSR, VMX_EXIT_WRMSR },
	  .amd = { SVM_EXIT_MSR } },
};

#define PHASE_CALIBRATE	1	/* compute: no exits of its own */

/* The reference sample, then every phase's. */
static struct sample samples[SAMPLES_MAX * ARRAY_SIZE(phases) + 1];
static const u32 *reasons;
static u32 nreasons;

/* Read the clock first, then the total, then each tracked reason. */
static void take_sample(struct sample *s, u32 phase, u64 iters)
{
	u32 i;

	s->tsc = rdtsc();
	s->phase = phase;
	s->iters = iters;
	if (!stats_present)
		return;
	s->total = stats_total();
	for (i = 0; i < nreasons; i++)
		s->count[i] = stats_count(reasons[i]);
}

/*
 * Work until the timer armed for one interval fires; return the units.
 * A halting step runs with interrupts off between steps, so the tick
 * cannot slip in between the check and the HLT; the others run with
 * interrupts on throughout.
 */
static u64 run_interval(const struct phase *p, u32 ticks)
{
	u64 start = this_cpu()->ticks, iters = 0;

	apic_oneshot(ticks);
	if (p->halts) {
		while (this_cpu()->ticks == start) {
			p->step();
			iters++;
		}
		return iters;
	}
	sti();
	while (this_cpu()->ticks == start) {
		p->step();
		iters++;
	}
	cli();
	return iters;
}

/*
 * TSC cycles per microsecond, measured over one interval of computation
 * after a first one that warms the path (an emulator translates it).
 */
static u64 calibrate(u32 interval_us)
{
	u32 ticks = interval_us * APIC_TICKS_PER_US;
	u64 t0;

	run_interval(&phases[PHASE_CALIBRATE], ticks);
	t0 = rdtsc();
	run_interval(&phases[PHASE_CALIBRATE], ticks);
	return (rdtsc() - t0) / interval_us;
}

/* Where nr is in the tracked set; nreasons if it is not tracked. */
static u32 index_of(u32 nr)
{
	u32 i;

	for (i = 0; i < nreasons; i++)
		if (reasons[i] == nr)
			break;
	return i;
}

static void print_header(const struct options *o, u64 tsc_per_us)
{
	char buf[EXIT_NAME_LEN];
	u32 i;

	printf("\n== timeline: %u phases of %u samples every %u us (LAPIC timer), %u probe CPUID reads per sample taken out ==\n",
	       (u32)ARRAY_SIZE(phases), o->samples, o->interval_us,
	       stats_present ? sample_reads(nreasons) : 0);
	printf("{\"probe\":\"timeline\",\"v\":1,\"vendor\":\"%s\",\"stats\":%s,\"interval_us\":%u,\"samples_per_phase\":%u,\"tsc_per_us\":%lu,\"reads_per_sample\":%u,\"reasons\":{",
	       vendor_name(cpu.vendor), stats_present ? "true" : "false",
	       o->interval_us, o->samples, tsc_per_us,
	       stats_present ? sample_reads(nreasons) : 0);
	for (i = 0; stats_present && i < nreasons; i++)
		printf("%s\"%#x\":\"%s\"", i ? "," : "", reasons[i],
		       exit_name(cpu.vendor, reasons[i], buf));
	printf("}}\n");
	if (!stats_present)
		printf("INFO: timeline: stats leaves absent: guest-side samples only (phase, time, work units)\n");
}

/* One JSON line: the interval ending at b, host counts less the reads. */
static void print_sample(u32 seq, const struct sample *a,
			 const struct sample *b, const struct sample *first,
			 u64 tsc_per_us, struct sample_delta *d)
{
	u32 i, n = 0;

	printf("{\"probe\":\"sample\",\"v\":1,\"seq\":%u,\"phase\":\"%s\",\"t_us\":%lu,\"dt_us\":%lu,\"tsc\":%lu,\"iters\":%lu",
	       seq, phases[b->phase].name,
	       tsc_to_us(b->tsc - first->tsc, tsc_per_us),
	       tsc_to_us(b->tsc - a->tsc, tsc_per_us), b->tsc, b->iters);
	if (!stats_present) {
		printf("}\n");
		return;
	}
	sample_delta(a, b, nreasons, index_of(exit_cpuid(cpu.vendor)), d);
	printf(",\"total\":%lu,\"reasons\":{", d->total);
	for (i = 0; i < nreasons; i++)
		if (d->count[i])
			printf("%s\"%#x\":%lu", n++ ? "," : "", reasons[i],
			       d->count[i]);
	printf("},\"other\":%lu}\n", d->other);
}

struct phase_sum {
	u32 samples;
	u64 iters, us, total;
	u64 count[SAMPLE_REASONS];
};

static void print_phase_row(const struct phase *p, const struct phase_sum *s)
{
	char buf[EXIT_NAME_LEN];
	u32 i, top = 0;

	if (!stats_present) {
		printf("%-8s %-34s %7u %12lu %9lu %10s %10s\n", p->name,
		       p->what, s->samples, s->iters, s->us / 1000, "-", "-");
		return;
	}
	for (i = 1; i < nreasons; i++)
		if (s->count[i] > s->count[top])
			top = i;
	printf("%-8s %-34s %7u %12lu %9lu %10lu %10lu %s\n", p->name, p->what,
	       s->samples, s->iters, s->us / 1000, s->total,
	       s->us ? s->total * US_PER_S / s->us : 0,
	       s->count[top] ? exit_name(cpu.vendor, reasons[top], buf) : "-");
}

/* Exits of the phase's own reasons must cover its work units. */
static void phase_verdict(const struct phase *p, const struct phase_sum *s,
			  struct tally *t)
{
	const u32 *nr = cpu.vendor == VENDOR_INTEL ? p->intel : p->amd;
	u64 got = 0, want = s->iters * p->per_iter;
	u32 i;

	if (!stats_present || !p->per_iter)
		return;
	for (i = 0; i < PHASE_REASONS && nr[i]; i++)
		if (index_of(nr[i]) < nreasons)
			got += s->count[index_of(nr[i])];
	if (got >= want) {
		printf("PASS: timeline %s: %lu exits of its reasons for %lu work units (%u each)\n",
		       p->name, got, s->iters, p->per_iter);
		report_count(VERDICT_PASS, t);
	} else {
		printf("FAIL: timeline %s: %lu exits of its reasons, fewer than %lu work units x %u\n",
		       p->name, got, s->iters, p->per_iter);
		report_count(VERDICT_FAIL, t);
	}
}

static void print_samples(u32 n, u64 tsc_per_us, struct tally *t)
{
	struct phase_sum sums[ARRAY_SIZE(phases)] = { 0 };
	struct sample_delta d = { 0 };
	u32 i, j;

	for (i = 1; i < n; i++) {
		struct phase_sum *s = &sums[samples[i].phase];

		print_sample(i, &samples[i - 1], &samples[i], &samples[0],
			     tsc_per_us, &d);
		s->samples++;
		s->iters += samples[i].iters;
		s->us += tsc_to_us(samples[i].tsc - samples[i - 1].tsc,
				   tsc_per_us);
		s->total += d.total;
		for (j = 0; j < nreasons; j++)
			s->count[j] += d.count[j];
	}
	printf("%-8s %-34s %7s %12s %9s %10s %10s %s\n", "phase", "what",
	       "samples", "work units", "ms", "exits", "exits/s",
	       "top reason");
	for (i = 0; i < ARRAY_SIZE(phases); i++)
		if (sums[i].samples)
			print_phase_row(&phases[i], &sums[i]);
	for (i = 0; i < ARRAY_SIZE(phases); i++)
		if (sums[i].samples)
			phase_verdict(&phases[i], &sums[i], t);
}

void timeline_run(const struct options *o, const struct mem_layout *m,
		  struct tally *t)
{
	const char *why[ARRAY_SIZE(phases)];
	u32 ticks = o->interval_us * APIC_TICKS_PER_US, n = 0, p, s;
	u64 tsc_per_us;

	mem = *m;
	fresh_cursor = mem.fresh_start;
	apicbase = rdmsr(MSR_IA32_APICBASE);
	nreasons = samples_reasons(cpu.vendor, &reasons);
	tsc_per_us = calibrate(o->interval_us);

	/* No output from here to the last sample: serial bytes exit too. */
	take_sample(&samples[n++], 0, 0);
	for (p = 0; p < ARRAY_SIZE(phases); p++) {
		why[p] = phases[p].unsupported ? phases[p].unsupported() : NULL;
		for (s = 0; !why[p] && s < o->samples; s++) {
			u64 iters = run_interval(&phases[p], ticks);

			take_sample(&samples[n++], p, iters);
		}
	}

	print_header(o, tsc_per_us);
	print_samples(n, tsc_per_us, t);
	for (p = 0; p < ARRAY_SIZE(phases); p++) {
		if (!why[p])
			continue;
		printf("SKIP: timeline %s: %s\n", phases[p].name, why[p]);
		report_count(VERDICT_SKIP, t);
	}
	printf("PASS: timeline: %u samples of %u us in %u phases%s\n", n - 1,
	       o->interval_us, (u32)ARRAY_SIZE(phases),
	       stats_present ? "" : " (no host stats: guest-side only)");
	report_count(VERDICT_PASS, t);
}
