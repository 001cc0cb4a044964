/*
 * smp.c: bring up the application processors the ACPI MADT lists and run
 * work on them. Between jobs an AP is parked: it spins on its mailbox on
 * PAUSE with interrupts off, so that it takes no exit a judged count could
 * see (an idle HLT would exit whenever it got there, and a wake-up IPI
 * would add an EOI), and a job starts with no IPI at all. PAUSE lets a
 * host with pause-loop exiting run the other vCPUs of a shared CPU (the
 * Intel lab's L1 has one; without it the boot CPU made no progress there);
 * those PAUSE exits are the VM's, counted by the pause and ple triggers,
 * which are not judged.
 */
#include "apic.h"
#include "cpu.h"
#include "exits.h"
#include "printf.h"
#include "smp.h"
#include "stats.h"
#include "trap.h"
#include "x86.h"

#define INIT_WAIT_US	10000
#define SIPI_WAIT_US	100000		/* for the first SIPI's answer */
#define SIPI2_WAIT_US	1000000
#define TSC_HZ_MAX	5000000000ull	/* delays hold up to this TSC rate */
#define WAIT_POLLS	2000000000u	/* bound on a job: seconds of polling */
#define CENSUS_MAX	512

_Static_assert(__builtin_offsetof(struct percpu, try_rsp) == 0,
	       "boot/isr.S finds try_rsp at the bottom of the stack");

extern char cpu0_stack[];		/* boot/entry.S */
extern char trampoline_start[], trampoline_end[];

static u8 ap_stacks[CPUS_MAX - 1][CPU_STACK_SIZE]
	__attribute__((aligned(CPU_STACK_SIZE)));
static struct percpu *cpus[CPUS_MAX];
u32 ncpus = 1;

/* What the AP being started takes: boot/trampoline.S, ap_main(). */
u64 ap_boot_rsp;
static volatile u32 ap_boot_index;

struct percpu *cpu_data(u32 index)
{
	return index < ncpus ? cpus[index] : NULL;
}

/*
 * Busy-wait at least us microseconds on a TSC of up to TSC_HZ_MAX, with
 * no exit: the start-up census counts only what the start-up takes.
 */
static void udelay(u32 us)
{
	u64 t0 = rdtsc();

	while (rdtsc() - t0 < us * (TSC_HZ_MAX / 1000000))
		pause();
}

static bool wait_online(struct percpu *c, u32 us)
{
	u32 step;

	for (step = 0; step < us && !c->online; step += 100)
		udelay(100);
	return c->online;
}

/* The C half of an AP's start (boot/trampoline.S), then parked. */
void ap_main(void)
{
	struct percpu *c = this_cpu();
	void (*fn)(void *);

	c->index = ap_boot_index;
	idt_load();
	apic_init_ap();
	c->apic_id = apic_id();
	c->online = true;
	for (;;) {
		while (!(fn = c->work))
			pause();
		fn(c->arg);
		c->work = NULL;
	}
}

/*
 * Start the AP with APIC ID apic in stack slot slot. One that does not
 * answer is sent INIT again, which parks it until a SIPI, and its slot is
 * never used again.
 */
static bool start_ap(u32 slot, u32 apic)
{
	struct percpu *c = (struct percpu *)ap_stacks[slot];

	c->index = ncpus;
	ap_boot_index = ncpus;
	ap_boot_rsp = (u64)c + CPU_STACK_SIZE;
	apic_init_ipi(apic);
	udelay(INIT_WAIT_US);
	apic_startup_ipi(apic, TRAMPOLINE_BASE >> 12);
	if (!wait_online(c, SIPI_WAIT_US)) {
		apic_startup_ipi(apic, TRAMPOLINE_BASE >> 12);
		if (!wait_online(c, SIPI2_WAIT_US)) {
			apic_init_ipi(apic);
			return false;
		}
	}
	cpus[ncpus++] = c;
	return true;
}

static u32 census_numbers[CENSUS_MAX], census_counts[CENSUS_MAX];

/*
 * The exits since the first sweep, less the sweeps' own CPUID reads; read
 * before anything is printed, since each character is two exits.
 */
static u32 census_sweep(u32 n)
{
	u32 i, total = 0;

	for (i = 0; i < n; i++) {
		census_counts[i] = stats_count(census_numbers[i]) -
				   census_counts[i];
		if (census_numbers[i] == exit_cpuid(cpu.vendor))
			census_counts[i] -= n;
		total += census_counts[i];
	}
	return total;
}

static void census_print(u32 n, u32 total)
{
	char name[EXIT_NAME_LEN];
	const char *sep = "";
	u32 i;

	printf("INFO: vCPU start-up (the boot CPU's INIT and SIPIs, the APs' climb to long mode): %u exits, by reason:",
	       total);
	for (i = 0; i < n; i++) {
		if (!census_counts[i])
			continue;
		printf("%s %s %u", sep,
		       exit_name(cpu.vendor, census_numbers[i], name),
		       census_counts[i]);
		sep = ",";
	}
	printf("\n{\"probe\":\"smp_census\",\"v\":1,\"cpus\":%u,\"exits\":%u,\"reasons\":[",
	       ncpus, total);
	sep = "";
	for (i = 0; i < n; i++) {
		if (!census_counts[i])
			continue;
		printf("%s[%u,%u]", sep, census_numbers[i], census_counts[i]);
		sep = ",";
	}
	printf("]}\n");
}

u32 smp_start(void)
{
	struct acpi_info acpi;
	u64 rsdp = acpi_find_rsdp(NULL);
	u32 self = apic_id(), lost = 0, n = 0, slot = 0, total = 0, i;
	u8 *dst = (u8 *)TRAMPOLINE_BASE;
	const char *p;

	cpus[0] = (struct percpu *)cpu0_stack;
	cpus[0]->apic_id = self;
	cpus[0]->online = true;
	if (!rsdp || acpi_parse(rsdp, NULL, &acpi) || !acpi.madt ||
	    acpi.ncpus < 2)
		return 0;
	for (p = trampoline_start; p < trampoline_end; p++)
		*dst++ = (u8)*p;
	if (stats_present) {
		n = exit_all_defined(cpu.vendor, census_numbers, CENSUS_MAX);
		for (i = 0; i < n; i++)
			census_counts[i] = stats_count(census_numbers[i]);
	}
	for (i = 0; i < acpi.ncpus && slot < CPUS_MAX - 1; i++) {
		if (acpi.apic_id[i] == self)
			continue;
		if (!start_ap(slot++, acpi.apic_id[i]))
			lost++;
	}
	if (n)
		total = census_sweep(n);
	printf("INFO: %u vCPUs online (the MADT lists %u)\n", ncpus,
	       acpi.ncpus);
	if (lost)
		printf("INFO: %u vCPUs did not start (INIT and two SIPIs unanswered)\n",
		       lost);
	if (n)
		census_print(n, total);
	return lost;
}

bool smp_post(u32 index, void (*fn)(void *arg), void *arg)
{
	struct percpu *c = cpu_data(index);

	if (!c || !index || c->work)
		return false;
	c->arg = arg;
	asm volatile("" : : : "memory");	/* arg before work (TSO) */
	c->work = fn;
	return true;
}

bool smp_wait(u32 index)
{
	struct percpu *c = cpu_data(index);
	u32 polls = 0;

	while (c && c->work && ++polls < WAIT_POLLS)
		pause();
	return c && !c->work;
}
