/* hold.c: a full statistics snapshot, then a halt while the host reads. */
#include "apic.h"
#include "cpu.h"
#include "exits.h"
#include "hold.h"
#include "percpu.h"
#include "printf.h"
#include "stats.h"
#include "trap.h"
#include "x86.h"

#define HOLD_REASONS	300	/* more than either vendor defines */

struct hold_entry {
	u32 nr;
	u32 count;
	u64 cycles;
	u32 read;	/* number of the CPUID read that returned count */
};

static struct hold_entry entries[HOLD_REASONS];
static u32 numbers[HOLD_REASONS];

/*
 * Take the snapshot with no exit in it but its own CPUID reads, numbered
 * from 1 in order: the total, its cycles, then count and cycles of each
 * exit number. A host reading its own figures after the snapshot sees, per
 * exit number, the guest's count plus the reads after that count's read
 * for CPUID, plus one for the HLT that follows, plus what the host causes
 * by itself (external interrupts); everything else must be equal.
 */
void hold_run(u32 s)
{
	u32 n = exit_all_defined(cpu.vendor, numbers, HOLD_REASONS);
	const char *sep = "";
	u32 total, reads = 2, i;
	u64 cycles, ticks;

	printf("INFO: hold: snapshot of %u exit numbers, then halt for %u s for a host-side reader\n",
	       n, s);
	/* As for HLT (triggers.c): periodic on AMD, one-shot on Intel. */
	if (cpu.vendor == VENDOR_AMD)
		apic_periodic_ms(s * 1000);
	else
		apic_oneshot_ms(s * 1000);
	ticks = this_cpu()->ticks;
	total = stats_total();
	cycles = stats_cycles();
	for (i = 0; i < n; i++) {
		entries[i].nr = numbers[i];
		entries[i].read = reads + 1;
		stats_reason(numbers[i], &entries[i].count,
			     &entries[i].cycles);
		reads += 2;
	}
	while (this_cpu()->ticks == ticks)
		sti_hlt();
	cli();
	apic_timer_stop();

	printf("{\"probe\":\"hold\",\"v\":1,\"vendor\":\"%s\",\"hold_s\":%u,\"reads\":%u,\"total\":%u,\"cycles\":%lu,\"reasons\":[",
	       vendor_name(cpu.vendor), s, reads, total, cycles);
	for (i = 0; i < n; i++) {
		if (!entries[i].count && !entries[i].cycles)
			continue;
		printf("%s[%u,%u,%lu,%u]", sep, entries[i].nr,
		       entries[i].count, entries[i].cycles, entries[i].read);
		sep = ",";
	}
	printf("]}\n");
}
