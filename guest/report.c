/* report.c: print results for people (a table) and for tools (JSON lines). */
#include "cpu.h"
#include "fmt.h"
#include "printf.h"
#include "report.h"

#define PROBE_VERSION	"1.0"
#define JSON_VERSION	1

static const char *const kind_names[] = { "exact", "range", "any" };

void report_header(const struct options *o)
{
	printf("\nexit-probe %s: vendor %s (numbering from %s; CPUID says %s), hypervisor %s (%s), stats leaves %s\n",
	       PROBE_VERSION, vendor_name(cpu.vendor),
	       cpu.numbering_from_stats ? "the stats leaves" : "CPUID",
	       cpu.vendor_id, hypervisor_name(cpu.hv), cpu.hv_id,
	       stats_present ? "present" : "absent");
	printf("{\"probe\":\"start\",\"v\":%d,\"version\":\"%s\",\"vendor\":\"%s\",\"numbering\":\"%s\",\"cpu\":\"%s\",\"hypervisor\":\"%s\",\"hv_max_leaf\":%u,\"hv_features\":%u,\"stats\":%s,\"iters\":%u,\"rounds\":%u}\n",
	       JSON_VERSION, PROBE_VERSION, vendor_name(cpu.vendor),
	       cpu.numbering_from_stats ? "stats" : "cpuid", cpu.vendor_id,
	       hypervisor_name(cpu.hv), cpu.hv_max_leaf,
	       cpu.hv_features,
	       stats_present ? "true" : "false", o->iters, o->rounds);
	if (!stats_present) {
		printf("INFO: stats leaves absent: another hypervisor, a KVM without the exit-probe patch, or one with it and the leaves off (the probe cannot tell which); guest timings only\n");
		printf("INFO: on a host with the exit-probe KVM patch, turn the leaves on with: echo Y > /sys/module/kvm/parameters/exit_stats_leaves (kvm.exit_stats must stay Y, the default), then boot the probe again\n");
	}
}

void report_parallel_head(u32 cpus)
{
	printf("\n== on all %u vCPUs at once: the VM's exits between two snapshots, expected %u times one vCPU's; guest cycles are vCPU 0's ==\n",
	       cpus, cpus);
	printf("%-11s %-11s %8s %10s %12s %10s %24s %10s %9s\n", "trigger",
	       "exit", "iters", "host exits", "expected", "host c/exit",
	       "guest c/iter", "guest-host", "loop c/it");
}

void report_table_head(u64 baseline, u32 rounds)
{
	printf("\n== triggers: guest cycles per iteration, median [min..max] of %u rounds, baseline %lu subtracted ==\n",
	       rounds, baseline);
	printf("%-11s %-11s %8s %10s %12s %10s %24s %10s %9s\n", "trigger",
	       "exit", "iters", "host exits", "expected", "host c/exit",
	       "guest c/iter", "guest-host", "loop c/it");
}

static void format_exits(const struct result *r, char *buf, size_t len)
{
	if (!r->nreasons)
		fmt_snprintf(buf, len, "-");
	else if (r->nreasons == 1)
		fmt_snprintf(buf, len, "%#x", r->reasons[0]);
	else
		fmt_snprintf(buf, len, "%#x+%#x", r->reasons[0],
			     r->reasons[1]);
}

static void format_expect(const struct result *r, char *buf, size_t len)
{
	if (r->expect.kind == EXPECT_EXACT)
		fmt_snprintf(buf, len, "=%lu", r->expect.lo);
	else if (r->expect.kind == EXPECT_RANGE)
		fmt_snprintf(buf, len, "%lu..%lu", r->expect.lo, r->expect.hi);
	else
		fmt_snprintf(buf, len, "any");
}

static u64 guest_less_baseline(const struct result *r, u64 v)
{
	return v > r->baseline ? v - r->baseline : 0;
}

static u64 loop_cycles(const struct result *r)
{
	u64 sum = 0;
	u32 i;

	for (i = 0; i < r->rounds; i++)
		sum += r->round_cycles[i];
	return sum;
}

/*
 * Guest cycles per exit: the loop's, over its exits. On every vCPU at once
 * the loop is vCPU 0's and the exits the VM's: take vCPU 0's share.
 */
static u64 guest_exit_cycles(const struct result *r)
{
	u64 exits = r->delta / r->cpus;

	return guest_per_exit(loop_cycles(r), r->baseline,
			      (u64)r->iters * r->rounds, exits ? exits : 1);
}

/* The whole loop over its iterations, nothing subtracted: as vmexit. */
static u64 loop_per_iter(const struct result *r)
{
	return div_round(loop_cycles(r), (u64)r->iters * r->rounds);
}

/* A row per part under the trigger's: its exit, count and expectation. */
static void part_rows(const struct result *r)
{
	char exits[24], expect[24];
	u32 i;

	for (i = 0; i < r->nparts; i++) {
		const struct part_result *p = &r->parts[i];
		struct result view = *r;

		view.expect = p->expect;
		fmt_snprintf(exits, sizeof(exits), "+%#x", p->reason);
		format_expect(&view, expect, sizeof(expect));
		printf("%-11s %-11s %8s %10lu %12s   %s\n", "", exits, "",
		       p->delta, expect, r->t->parts[i].what);
	}
}

/*
 * Begin a trigger's row with its name before it runs: a probe that hangs
 * inside a trigger then names it as the last thing it printed.
 */
void report_row_start(const struct trigger *t)
{
	printf("%-11s ", t->name);
}

/* End the row that report_row_start() began, once the trigger has run. */
void report_row(const struct result *r)
{
	char exits[24], expect[24], guest[40], host[16], hpe[16], diff[16];
	u64 gpe, h;

	format_exits(r, exits, sizeof(exits));
	if (r->verdict == VERDICT_SKIP) {
		printf("%-11s skipped: %s\n", exits, r->skip_reason);
		return;
	}
	format_expect(r, expect, sizeof(expect));
	fmt_snprintf(guest, sizeof(guest), "%lu [%lu..%lu]",
		     guest_less_baseline(r, r->guest.median),
		     guest_less_baseline(r, r->guest.min),
		     guest_less_baseline(r, r->guest.max));
	fmt_snprintf(host, sizeof(host), "-");
	fmt_snprintf(hpe, sizeof(hpe), "-");
	fmt_snprintf(diff, sizeof(diff), "-");
	if (r->stats) {
		fmt_snprintf(host, sizeof(host), "%lu", r->delta);
		if (r->delta) {
			h = div_round(r->host_cycles, r->delta + r->overhead);
			gpe = guest_exit_cycles(r);
			fmt_snprintf(hpe, sizeof(hpe), "%lu", h);
			fmt_snprintf(diff, sizeof(diff), "%ld",
				     (s64)(gpe - h));
		}
	} else {
		fmt_snprintf(expect, sizeof(expect), "-");
	}
	printf("%-11s %8u %10s %12s %10s %24s %10s %9lu\n", exits,
	       r->iters * r->rounds * r->cpus, host, expect, hpe, guest, diff,
	       loop_per_iter(r));
	if (r->stats && r->fault < 0)
		part_rows(r);
}

static void json_parts(const struct result *r)
{
	u32 i;

	if (!r->nparts)
		return;
	printf(",\"parts\":[");
	for (i = 0; i < r->nparts; i++) {
		const struct part_result *p = &r->parts[i];

		printf("%s{\"what\":\"%s\",\"exit\":%u,\"verdict\":\"%s\",\"expect\":\"%s\",\"expect_lo\":%lu,\"expect_hi\":%lu,\"delta\":%lu}",
		       i ? "," : "", r->t->parts[i].what, p->reason,
		       verdict_name(p->verdict), kind_names[p->expect.kind],
		       p->expect.lo, p->expect.hi, p->delta);
	}
	printf("]");
}

static void json_result(const struct result *r)
{
	u64 hpe = 0, gpe = 0;

	printf("{\"probe\":\"%s\",\"v\":%d,\"trigger\":\"%s\",\"verdict\":\"%s\",\"vendor\":\"%s\",\"cpus\":%u",
	       r->all_cpus ? "parallel" : "result", JSON_VERSION, r->t->name,
	       verdict_name(r->verdict), vendor_name(cpu.vendor), r->cpus);
	if (r->nreasons)
		printf(",\"exit\":%u", r->reasons[0]);
	if (r->nreasons > 1)
		printf(",\"exit2\":%u", r->reasons[1]);
	/* A SKIP, or a vCPU that did not keep up: no figures, the reason. */
	if (r->skip_reason) {
		printf(",\"reason\":\"%s\"}\n", r->skip_reason);
		return;
	}
	if (r->fault >= 0)
		printf(",\"fault\":%d", r->fault);
	printf(",\"iters\":%u,\"rounds\":%u,\"guest_cycles_median\":%lu,\"guest_cycles_min\":%lu,\"guest_cycles_max\":%lu,\"baseline_cycles\":%lu,\"loop_cycles_per_iter\":%lu,\"stats\":%s",
	       r->iters, r->rounds, guest_less_baseline(r, r->guest.median),
	       guest_less_baseline(r, r->guest.min),
	       guest_less_baseline(r, r->guest.max), r->baseline,
	       loop_per_iter(r), r->stats ? "true" : "false");
	if (!r->stats || r->fault >= 0) {
		printf("}\n");
		return;
	}
	if (r->delta) {
		hpe = div_round(r->host_cycles, r->delta + r->overhead);
		gpe = guest_exit_cycles(r);
	}
	printf(",\"expect\":\"%s\",\"expect_lo\":%lu,\"expect_hi\":%lu,\"noexit\":%s,\"delta\":%lu,\"overhead\":%lu,\"total_delta\":%lu,\"host_cycles\":%lu,\"host_cycles_per_exit\":%lu,\"guest_cycles_per_exit\":%lu,\"guest_minus_host\":%ld",
	       kind_names[r->expect.kind], r->expect.lo, r->expect.hi,
	       r->noexit ? "true" : "false", r->delta, r->overhead,
	       r->total_delta, r->host_cycles, hpe, gpe, (s64)(gpe - hpe));
	if (r->t->backstop && cpu.vendor == VENDOR_AMD)
		printf(",\"backstop_ticks\":%lu", r->ticks);
	json_parts(r);
	printf("}\n");
}

void report_count(enum verdict v, struct tally *t)
{
	if (v == VERDICT_INFO) {
		t->info++;
		return;
	}
	t->tests++;
	if (v == VERDICT_FAIL)
		t->failures++;
	else if (v == VERDICT_SKIP)
		t->skipped++;
}

static const char *not_judged_why(const struct result *r)
{
	if (cpu.vendor == VENDOR_INTEL && r->t->intel_any)
		return r->t->intel_any;
	return r->t->note;
}

/* Name each part's count on the verdict line: "; +HLT 300 = 300 ok". */
static void verdict_parts(const struct result *r)
{
	u32 i;

	for (i = 0; i < r->nparts; i++) {
		const struct part_result *p = &r->parts[i];

		printf("; +%s %#x: %lu", r->t->parts[i].what, p->reason,
		       p->delta);
		if (p->expect.kind == EXPECT_ANY)
			printf(" (not judged)");
		else
			printf(", expected exactly %lu%s", p->expect.lo,
			       p->verdict == VERDICT_FAIL ? " FAIL" : "");
	}
}

void report_verdict(const struct result *r, struct tally *t)
{
	char all[48];
	const char *name = r->t->name;

	if (r->all_cpus) {
		fmt_snprintf(all, sizeof(all), "%s on all %u vCPUs", name,
			     r->cpus);
		name = all;
	}
	json_result(r);
	report_count(r->verdict, t);
	if (r->verdict == VERDICT_FAIL && r->skip_reason) {
		printf("FAIL: %s: %s\n", name, r->skip_reason);
	} else if (r->verdict == VERDICT_SKIP) {
		if (r->fault >= 0)
			printf("SKIP: %s: %s (vector %d)\n", name,
			       r->skip_reason, r->fault);
		else
			printf("SKIP: %s: %s\n", name, r->skip_reason);
	} else if (r->fault >= 0) {
		printf("FAIL: %s: exception vector %d during the loop\n", name,
		       r->fault);
	} else if (!r->stats) {
		printf("PASS: %s: %u iterations ran%s, %lu guest cycles each (no host stats)\n",
		       name, r->iters * r->rounds,
		       r->all_cpus ? " on each" : "",
		       guest_less_baseline(r, r->guest.median));
	} else if (r->expect.kind == EXPECT_ANY) {
		printf("%s: %s: %lu exits in %u iterations (not judged: %s)",
		       r->verdict == VERDICT_FAIL ? "FAIL" : "INFO", name,
		       r->delta, r->iters * r->rounds * r->cpus,
		       not_judged_why(r));
		verdict_parts(r);
		printf("\n");
	} else {
		printf("%s: %s: %lu exits, expected %s%lu%s",
		       verdict_name(r->verdict), name, r->delta,
		       r->expect.kind == EXPECT_EXACT ? "exactly " : "1..",
		       r->expect.hi,
		       r->noexit ? " (declared not to exit here: noexit=)" : "");
		if (r->t->no_exit && !r->noexit)
			printf(" (no exit on either vendor: %s)", r->t->no_exit);
		if (r->t->amd_note && cpu.vendor == VENDOR_AMD)
			printf(" (%s)", r->t->amd_note);
		if (r->ticks)
			printf(" (%lu of them backstop ticks)", r->ticks);
		verdict_parts(r);
		printf("\n");
	}
}

void report_summary(const struct tally *t)
{
	printf("{\"probe\":\"summary\",\"v\":%d,\"tests\":%u,\"failures\":%u,\"skipped\":%u,\"info\":%u}\n",
	       JSON_VERSION, t->tests, t->failures, t->skipped, t->info);
	printf("SUMMARY: %u tests, %u unexpected failures, %u skipped\n",
	       t->tests, t->failures, t->skipped);
}
