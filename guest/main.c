/* main.c: the probe's table of contents. */
#include "apic.h"
#include "census.h"
#include "cmdline.h"
#include "cpu.h"
#include "fmt.h"
#include "hold.h"
#include "measure.h"
#include "multiboot.h"
#include "power.h"
#include "printf.h"
#include "report.h"
#include "serial.h"
#include "smp.h"
#include "stats.h"
#include "sweep.h"
#include "timeline.h"
#include "trap.h"

extern char __image_end[];	/* linker.ld */

static struct options opts;
static struct result results[TRIGGERS_MAX];
static char cmdline_err[CMDLINE_ERR_LEN];

static const char *boot_cmdline(u32 magic, const struct multiboot_info *mbi)
{
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		return NULL;
	if (!(mbi->flags & MULTIBOOT_INFO_CMDLINE))
		return "";
	return (const char *)(u64)mbi->cmdline;
}

static void list_triggers(void)
{
	char a[EXIT_NAME_LEN], b[EXIT_NAME_LEN], ia[40], am[40];
	u32 i;

	printf("\na trigger's vmexit name (kvm-unit-tests x86/vmexit) works in triggers= too\n");
	printf("%-12s %-40s %-24s %-20s %s\n", "trigger", "what",
	       "intel exit", "amd exit", "vmexit name");
	for (i = 0; i < ntriggers; i++) {
		const struct trigger *t = &triggers[i];

		fmt_snprintf(ia, sizeof(ia), "-");
		fmt_snprintf(am, sizeof(am), "-");
		if (t->nintel)
			fmt_snprintf(ia, sizeof(ia), "%u %s", t->intel[0],
				     exit_name(VENDOR_INTEL, t->intel[0], a));
		if (t->namd)
			fmt_snprintf(am, sizeof(am), "%#x %s", t->amd[0],
				     exit_name(VENDOR_AMD, t->amd[0], b));
		printf("%-12s %-40s %-24s %-20s %s\n", t->name, t->what, ia,
		       am, t->alias ? t->alias : "-");
	}
	printf("%s\n", cmdline_usage);
}

/* Measure the baseline first, then every chosen trigger in table order. */
static void run_triggers(struct tally *tally)
{
	struct result *base = &results[TRIGGER_BASELINE];
	u32 i;

	measure(&triggers[TRIGGER_BASELINE], &opts, 0, base);
	report_table_head(base->guest.median, opts.rounds);
	for (i = 0; i < ntriggers; i++) {
		if (!(opts.triggers >> i & 1))
			continue;
		report_row_start(&triggers[i]);
		if (i != TRIGGER_BASELINE)
			measure(&triggers[i], &opts, base->guest.median,
				&results[i]);
		report_row(&results[i]);
	}
	printf("\n");
	for (i = 0; i < ntriggers; i++)
		if (opts.triggers >> i & 1)
			report_verdict(&results[i], tally);
}

/* parallel=: the chosen triggers again, on every vCPU at once. */
static void run_parallel(struct tally *tally)
{
	static struct result all[TRIGGERS_MAX];
	u32 i;

	report_parallel_head(ncpus);
	for (i = 0; i < ntriggers; i++) {
		if (!(opts.parallel >> i & 1))
			continue;
		report_row_start(&triggers[i]);
		measure_all_cpus(&triggers[i], &opts, &all[i]);
		all[i].baseline = results[TRIGGER_BASELINE].guest.median;
		report_row(&all[i]);
	}
	printf("\n");
	for (i = 0; i < ntriggers; i++)
		if (opts.parallel >> i & 1)
			report_verdict(&all[i], tally);
}

void kmain(u32 magic, const struct multiboot_info *mbi)
{
	const char *names[TRIGGERS_MAX], *aliases[TRIGGERS_MAX];
	struct name_table table = { names, aliases, ntriggers,
				    trigger_parallel_ok() };
	const char *line = boot_cmdline(magic, mbi);
	struct mem_layout mem;
	struct tally tally = { 0 };
	int bad_cmdline;

	/* Before any output: the census must not count the probe's I/O. */
	trigger_names(names, aliases);
	bad_cmdline = cmdline_parse(line, &table, &opts, cmdline_err);
	cpu_identify();
	stats_detect();
	if (!bad_cmdline && opts.census)
		census_take();

	serial_init();
	idt_init();
	if (!line) {
		printf("FAIL: not started by a multiboot loader (magic %#x)\n",
		       magic);
		power_off(EXIT_FAILURE_STATUS);
	}
	if (bad_cmdline) {
		printf("FAIL: command line: %s\n", cmdline_err);
		printf("SUMMARY: 1 tests, 1 unexpected failures, 0 skipped\n");
		power_off(EXIT_FAILURE_STATUS);
	}
	if (opts.list) {
		list_triggers();
		power_off(EXIT_SUCCESS_STATUS);
	}
	report_header(&opts);
	if (opts.census)
		report_count(census_print(opts.top), &tally);

	mem_init(mbi, (u64)__image_end, &mem);
	apic_init();
	smp_start();
	triggers_init(&mem);
	if (opts.timeline)
		timeline_run(&opts, &mem, &tally);
	else
		run_triggers(&tally);
	if (opts.parallel)
		run_parallel(&tally);
	if (opts.sweep) {
		if (stats_present) {
			report_count(sweep_run(cpu.vendor), &tally);
		} else {
			printf("SKIP: sweep: stats leaves absent\n");
			report_count(VERDICT_SKIP, &tally);
		}
	}
	if (opts.hold_s) {
		if (stats_present) {
			hold_run(opts.hold_s);
		} else {
			printf("SKIP: hold: stats leaves absent\n");
			report_count(VERDICT_SKIP, &tally);
		}
	}
	report_summary(&tally);
	power_off(tally.failures ? EXIT_FAILURE_STATUS : EXIT_SUCCESS_STATUS);
}
