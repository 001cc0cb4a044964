/*
 * smp.c: bring up the application processors the ACPI MADT lists and run
 * work on them. An AP idles in STI;HLT and is woken by a VEC_IPI with its
 * work posted in its struct percpu; a wake-up that is lost (QEMU 7.2's
 * emulated SVM can let an interrupt in before the HLT) is sent again.
 */
#include "apic.h"
#include "cpu.h"
#include "exits.h"
#include "printf.h"
#include "smp.h"
#include "stats.h"
#include "trap.h"
#include "x86.h"

#define TRAMPOLINE_BASE	0x8000		/* boot/trampoline.S */
#define ICR_INIT	(5u << 8)	/* delivery mode: INIT */
#define ICR_STARTUP	(6u << 8)	/* delivery mode: start-up */
#define ICR_ASSERT	(1u << 14)
#define INIT_WAIT_US	10000
#define SIPI_WAIT_US	100000		/* for the first SIPI's answer */
#define SIPI2_WAIT_US	1000000
#define WAIT_POLLS	50000000u	/* bound on a job: ~1 s of polling */
#define REWAKE_POLLS	1000000u	/* resend the wake-up this often */
#define CENSUS_MAX	512

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
 * Busy-wait at least us microseconds of a TSC of 1 GHz or more, with no
 * exit: the start-up census counts only what the start-up takes.
 */
static void udelay(u32 us)
{
	u64 t0 = rdtsc();

	while (rdtsc() - t0 < (u64)us * 1000)
		;
}

static bool wait_online(struct percpu *c, u32 us)
{
	u32 step;

	for (step = 0; step < us && !c->online; step += 100)
		udelay(100);
	return c->online;
}

/* The C half of an AP's start (boot/trampoline.S), then its idle loop. */
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
		cli();
		while (!c->work) {
			sti_hlt();
			cli();
		}
		fn = c->work;
		c->running = true;
		fn(c->arg);
		c->running = false;
		c->work = NULL;
		c->done++;
	}
}

static bool start_ap(u32 index, u32 apic)
{
	struct percpu *c = (struct percpu *)ap_stacks[index - 1];

	c->index = index;
	ap_boot_index = index;
	ap_boot_rsp = (u64)c + CPU_STACK_SIZE;
	apic_icr(apic, ICR_INIT | ICR_ASSERT);
	udelay(INIT_WAIT_US);
	apic_icr(apic, ICR_STARTUP | TRAMPOLINE_BASE >> 12);
	if (!wait_online(c, SIPI_WAIT_US)) {
		apic_icr(apic, ICR_STARTUP | TRAMPOLINE_BASE >> 12);
		if (!wait_online(c, SIPI2_WAIT_US))
			return false;
	}
	cpus[ncpus++] = c;
	return true;
}

static u32 census_numbers[CENSUS_MAX], census_before[CENSUS_MAX];

/* Print the exits between two sweeps, less the sweeps' own CPUID reads. */
static void startup_census(u32 n)
{
	char name[EXIT_NAME_LEN];
	u32 i, total = 0, count;
	const char *sep = "";

	for (i = 0; i < n; i++) {
		count = stats_count(census_numbers[i]) - census_before[i];
		if (census_numbers[i] == exit_cpuid(cpu.vendor))
			count -= n;
		census_before[i] = count;
		total += count;
	}
	printf("INFO: vCPU start-up (the boot CPU's INIT and SIPIs, the APs' climb to long mode and first HLT): %u exits, by reason:",
	       total);
	for (i = 0; i < n; i++) {
		if (!census_before[i])
			continue;
		printf("%s %s %u", sep,
		       exit_name(cpu.vendor, census_numbers[i], name),
		       census_before[i]);
		sep = ",";
	}
	printf("\n{\"probe\":\"smp_census\",\"v\":1,\"cpus\":%u,\"exits\":%u,\"reasons\":[",
	       ncpus, total);
	sep = "";
	for (i = 0; i < n; i++) {
		if (!census_before[i])
			continue;
		printf("%s[%u,%u]", sep, census_numbers[i], census_before[i]);
		sep = ",";
	}
	printf("]}\n");
}

u32 smp_start(void)
{
	struct acpi_info acpi;
	u64 rsdp = acpi_find_rsdp(NULL);
	u32 self = apic_id(), lost = 0, n = 0, i;
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
			census_before[i] = stats_count(census_numbers[i]);
	}
	for (i = 0; i < acpi.ncpus && ncpus < CPUS_MAX; i++) {
		if (acpi.apic_id[i] == self)
			continue;
		if (!start_ap(ncpus, acpi.apic_id[i])) {
			printf("INFO: vCPU with APIC ID %u did not start\n",
			       acpi.apic_id[i]);
			lost++;
		}
	}
	printf("INFO: %u vCPUs online (the MADT lists %u)\n", ncpus,
	       acpi.ncpus);
	if (n)
		startup_census(n);
	return lost;
}

bool smp_post(u32 index, void (*fn)(void *arg), void *arg)
{
	struct percpu *c = cpu_data(index);

	if (!c || !index || c->work)
		return false;
	c->arg = arg;
	asm volatile("" : : : "memory");
	c->work = fn;
	apic_ipi(c->apic_id, VEC_IPI);
	return true;
}

bool smp_wait(u32 index)
{
	struct percpu *c = cpu_data(index);
	u32 polls;

	if (!c)
		return false;
	for (polls = 0; c->work && polls < WAIT_POLLS; polls++)
		if (polls && polls % REWAKE_POLLS == 0 && !c->running)
			apic_ipi(c->apic_id, VEC_IPI);
	return !c->work;
}
