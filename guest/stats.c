/* stats.c: detect and read the exit-statistics leaves of a patched KVM. */
#include "cpu.h"
#include "stats.h"
#include "exit_stats_abi.h"

#define DETECT_SLACK	64	/* other exits tolerated between two reads */

bool stats_present;

/*
 * The host numbers exits its own way whatever CPU model the guest sees
 * (QEMU's default model says AuthenticAMD on Intel hosts too): SVM's
 * CPUID code 0x72 is defined on AMD and undefined on Intel.
 */
static void stats_set_numbering(void)
{
	struct cpuid r = probe_cpuid(EXIT_STATS_COUNT, SVM_EXIT_CPUID);

	cpu.vendor = r.d == EXIT_STATS_UNDEFINED ? VENDOR_INTEL : VENDOR_AMD;
	cpu.numbering_from_stats = true;
}

static u64 hi_lo(u32 hi, u32 lo)
{
	return (u64)hi << 32 | lo;
}

/*
 * An unpatched hypervisor answers unknown leaves with zeros or with the
 * highest basic leaf, so demand the ABI's exact shape: the total rises
 * with each read (by one, unless an interrupt exit slips in between)
 * with the other registers zero, and an undefined exit number answers
 * EDX = EXIT_STATS_UNDEFINED with the rest zero.  A patched KVM with
 * kvm.exit_stats_leaves=N answers as an unpatched one: absent leaves
 * cannot tell the two apart.
 */
bool stats_detect(void)
{
	struct cpuid a = probe_cpuid(EXIT_STATS_TOTAL, 0);
	struct cpuid b = probe_cpuid(EXIT_STATS_TOTAL, 0);
	struct cpuid u = probe_cpuid(EXIT_STATS_COUNT, 0xffffffffu);
	struct cpuid c = probe_cpuid(EXIT_STATS_CYCLES, 0);

	stats_present = b.a - a.a >= 1 && b.a - a.a <= DETECT_SLACK &&
			!(a.b | a.c | a.d | b.b | b.c | b.d) &&
			!(u.a | u.b | u.c) && u.d == EXIT_STATS_UNDEFINED &&
			!c.a && !c.d && hi_lo(c.b, c.c);
	if (stats_present)
		stats_set_numbering();
	return stats_present;
}

bool stats_reason(u32 nr, u32 *count, u64 *cycles)
{
	struct cpuid n = probe_cpuid(EXIT_STATS_COUNT, nr);
	struct cpuid t = probe_cpuid(EXIT_STATS_TIME, nr);

	*count = n.a;
	*cycles = hi_lo(t.b, t.c);
	return n.d != EXIT_STATS_UNDEFINED;
}

u32 stats_total(void)
{
	return probe_cpuid(EXIT_STATS_TOTAL, 0).a;
}

u64 stats_cycles(void)
{
	struct cpuid r = probe_cpuid(EXIT_STATS_CYCLES, 0);

	return hi_lo(r.b, r.c);
}

u32 stats_count(u32 nr)
{
	return probe_cpuid(EXIT_STATS_COUNT, nr).a;
}

void stats_snapshot(struct snapshot *s, const u32 *reasons, u32 n)
{
	struct cpuid r = probe_cpuid(EXIT_STATS_TOTAL, 0);
	u32 i;

	s->total = r.a;
	r = probe_cpuid(EXIT_STATS_CYCLES, 0);
	s->cycles = hi_lo(r.b, r.c);
	for (i = 0; i < n && i < SNAP_REASONS; i++)
		stats_reason(reasons[i], &s->count[i], &s->time[i]);
}
