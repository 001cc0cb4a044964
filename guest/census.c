/* census.c: the boot census: firmware's, GRUB's and the probe's early exits. */
#include "calc.h"
#include "census.h"
#include "cpu.h"
#include "printf.h"
#include "stats.h"
#include "exit_stats_abi.h"

#define CENSUS_MAX	512

struct census_entry {
	u32 nr;
	u32 count;
	u64 cycles;
};

static struct census_entry entries[CENSUS_MAX];
static u32 nentries;
static u32 total_exits, total_end, probe_reads;
static u64 total_cycles;
static bool taken;

/*
 * Every read is itself a CPUID exit, counted before it is answered: take
 * the probe's own CPUID exits so far out of the totals and out of the
 * CPUID reason, so the census shows only what came before the probe.
 * The total is read again at the end: the per-reason counts, read in
 * between, must sum to a value between the two totals.
 */
void census_take(void)
{
	static u32 defined[CENSUS_MAX];
	struct cpuid r;
	u32 i, n;

	if (!stats_present)
		return;
	r = probe_cpuid(EXIT_STATS_TOTAL, 0);
	total_exits = r.a - probe_cpuid_calls;
	r = probe_cpuid(EXIT_STATS_CYCLES, 0);
	total_cycles = (u64)r.b << 32 | r.c;

	n = exit_all_defined(cpu.vendor, defined, CENSUS_MAX);
	for (i = 0; i < n; i++) {
		struct census_entry *e = &entries[nentries];

		e->nr = defined[i];
		if (!stats_reason(e->nr, &e->count, &e->cycles))
			continue;
		if (e->nr == exit_cpuid(cpu.vendor))
			e->count -= probe_cpuid_calls - 1;
		nentries++;
	}
	r = probe_cpuid(EXIT_STATS_TOTAL, 0);
	total_end = r.a - probe_cpuid_calls;
	probe_reads = probe_cpuid_calls;
	taken = true;
}

/* Sort by count, largest first; a few hundred entries, once. */
static void sort_by_count(void)
{
	u32 i, j;

	for (i = 1; i < nentries; i++) {
		struct census_entry x = entries[i];

		for (j = i; j > 0 && entries[j - 1].count < x.count; j--)
			entries[j] = entries[j - 1];
		entries[j] = x;
	}
}

enum verdict census_print(u32 top)
{
	char buf[EXIT_NAME_LEN];
	u32 i, nonzero = 0;
	u64 sum = 0;

	printf("\n== boot census: exits this VM took before the probe ran ==\n");
	if (!taken) {
		printf("INFO: census: not taken (stats leaves absent or census=off)\n");
		return VERDICT_INFO;
	}
	sort_by_count();
	for (i = 0; i < nentries; i++) {
		nonzero += entries[i].count != 0;
		sum += entries[i].count;
	}
	printf("total: %u exits, %lu host cycles, %u exit reasons seen (the probe's %u CPUID reads excluded from counts)\n",
	       total_exits, total_cycles, nonzero, probe_reads);
	printf("%4s  %-6s %-26s %10s %7s %14s %10s\n", "rank", "exit",
	       "name", "count", "share", "cycles", "cyc/exit");
	for (i = 0; i < nentries && i < top && entries[i].count; i++) {
		const struct census_entry *e = &entries[i];
		u32 pm = permille(e->count, total_exits);

		printf("%4u  %#-6x %-26s %10u %5u.%u%% %14lu %10lu\n", i + 1,
		       e->nr, exit_name(cpu.vendor, e->nr, buf), e->count,
		       pm / 10, pm % 10, e->cycles,
		       div_round(e->cycles, e->count));
	}
	printf("{\"probe\":\"census_total\",\"v\":1,\"vendor\":\"%s\",\"exits\":%u,\"cycles\":%lu,\"reasons\":%u,\"probe_reads\":%u}\n",
	       vendor_name(cpu.vendor), total_exits, total_cycles, nonzero,
	       probe_reads);
	for (i = 0; i < nentries && entries[i].count; i++)
		printf("{\"probe\":\"census\",\"v\":1,\"rank\":%u,\"exit\":%u,\"name\":\"%s\",\"count\":%u,\"cycles\":%lu}\n",
		       i + 1, entries[i].nr,
		       exit_name(cpu.vendor, entries[i].nr, buf),
		       entries[i].count, entries[i].cycles);
	if (sum >= total_exits && sum <= total_end) {
		printf("PASS: census: %u exits in %u reasons; per-reason sum %lu within totals %u..%u\n",
		       total_exits, nonzero, sum, total_exits, total_end);
		return VERDICT_PASS;
	}
	printf("FAIL: census: per-reason sum %lu outside totals %u..%u\n",
	       sum, total_exits, total_end);
	return VERDICT_FAIL;
}
