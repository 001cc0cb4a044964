/* stats.h: read the CPUID exit-statistics leaves (include/exit_stats_abi.h). */
#ifndef STATS_H
#define STATS_H

#include "types.h"

#define SNAP_REASONS	4	/* a trigger's exit numbers and its parts' */

struct snapshot {
	u32 total;
	u64 cycles;
	u32 count[SNAP_REASONS];
	u64 time[SNAP_REASONS];
};

/* Whether the host answers the leaves; decided by stats_detect(). */
extern bool stats_present;

bool stats_detect(void);

/* Count and cycles for one exit number; false if it is undefined. */
bool stats_reason(u32 nr, u32 *count, u64 *cycles);

/* Exits of all reasons (low 32 bits); one CPUID exit. */
u32 stats_total(void);

/* Cycles of all exits; one CPUID exit. */
u64 stats_cycles(void);

/* Exits for one exit number (low 32 bits); one CPUID exit. */
u32 stats_count(u32 nr);

/* Read totals and the n given reasons; costs stats_snapshot_reads(n). */
void stats_snapshot(struct snapshot *s, const u32 *reasons, u32 n);

static inline u32 stats_snapshot_reads(u32 n)
{
	return 2 + 2 * n;
}

#endif /* STATS_H */
