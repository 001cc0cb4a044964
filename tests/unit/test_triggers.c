/* test_triggers.c: the trigger table names the right exit on each vendor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "cmdline.h"
#include "smp.h"
#include "taskswitch.h"
#include "trap.h"
#include "triggers.h"

/* The table is checked, never run: stand in for the mode-switch code. */
void task_switch_init(void)
{
}

void task_switch_roundtrip(void)
{
}

/* One vCPU, and no AP to give work to. */
u32 ncpus = 1;

struct percpu *cpu_data(u32 index)
{
	(void)index;
	return NULL;
}

bool smp_post(u32 index, void (*fn)(void *arg), void *arg)
{
	(void)index;
	(void)fn;
	(void)arg;
	return false;
}

bool smp_wait(u32 index)
{
	(void)index;
	return false;
}

int try_call(void (*fn)(void *), void *arg)
{
	(void)fn;
	(void)arg;
	return TRY_OK;
}

static const struct trigger *find(const char *name)
{
	u32 i;

	for (i = 0; i < ntriggers; i++)
		if (!strcmp(triggers[i].name, name))
			return &triggers[i];
	fail_msg("no trigger '%s'", name);
	return NULL;
}

/* Every trigger SPEC section 5 lists, with its exits per SPEC section 6. */
static const struct {
	const char *name;
	u32 intel, amd;
	u8 per_iter;
	enum expect_kind kind;
} spec[] = {
	{ "nop", 0, 0, 0, EXPECT_ANY },
	{ "rdtsc", 16, 0x6e, 0, EXPECT_EXACT },
	{ "cpuid", 10, 0x72, 1, EXPECT_EXACT },
	{ "hlt", 12, 0x78, 1, EXPECT_EXACT },
	{ "io_kvm", 30, 0x7b, 1, EXPECT_EXACT },
	{ "io_qemu", 30, 0x7b, 1, EXPECT_EXACT },
	{ "rdmsr", 31, 0x7c, 1, EXPECT_EXACT },
	{ "wrmsr", 32, 0x7c, 1, EXPECT_EXACT },
	{ "vmcall", 18, 0x81, 1, EXPECT_EXACT },
	{ "cr0", 28, 0x10, 1, EXPECT_EXACT },
	{ "cr4", 28, 0x14, 1, EXPECT_EXACT },
	{ "dr7", 29, 0x37, 1, EXPECT_RANGE },
	{ "xsetbv", 55, 0x8d, 1, EXPECT_EXACT },
	{ "wbinvd", 54, 0x89, 1, EXPECT_EXACT },
	{ "invd", 13, 0x76, 1, EXPECT_EXACT },
	{ "rdpmc", 15, 0x6f, 1, EXPECT_EXACT },
	{ "pause", 40, 0x77, 1, EXPECT_ANY },
	{ "monitor", 39, 0x8a, 1, EXPECT_EXACT },
	{ "mwait", 36, 0x8b, 1, EXPECT_EXACT },
	{ "fresh_page", 48, 0x400, 1, EXPECT_RANGE },
	{ "mmio", 48, 0x400, 1, EXPECT_EXACT },
	{ "task_switch", 9, 0x7d, 2, EXPECT_EXACT },
	{ "irq_window", 7, 0x64, 1, EXPECT_ANY },
	{ "cr8_read", 28, 0x08, 0, EXPECT_EXACT },
	{ "cr8_write", 28, 0x18, 0, EXPECT_EXACT },
	{ "pmtimer", 30, 0x7b, 1, EXPECT_EXACT },
	{ "inl_qemu", 30, 0x7b, 1, EXPECT_EXACT },
	{ "elcr_in", 30, 0x7b, 1, EXPECT_EXACT },
	{ "elcr_out", 30, 0x7b, 1, EXPECT_EXACT },
	{ "tsc_immed", 32, 0x7c, 1, EXPECT_EXACT },
	{ "tsc_ahead", 32, 0x7c, 1, EXPECT_EXACT },
	{ "self_ipi", 44, 0x400, 2, EXPECT_EXACT },
	{ "self_hlt", 44, 0x400, 2, EXPECT_EXACT },
	{ "self_tpr", 44, 0x400, 2, EXPECT_EXACT },
	{ "tpr_sti_nop", 44, 0x400, 2, EXPECT_EXACT },
	{ "tpr_sti_hlt", 44, 0x400, 2, EXPECT_EXACT },
	{ "x2_self_ipi", 32, 0x7c, 2, EXPECT_EXACT },
	{ "x2_self_hlt", 32, 0x7c, 2, EXPECT_EXACT },
	{ "x2_self_tpr", 32, 0x7c, 2, EXPECT_EXACT },
	{ "x2_tpr_nop", 32, 0x7c, 2, EXPECT_EXACT },
	{ "x2_tpr_hlt", 32, 0x7c, 2, EXPECT_EXACT },
	{ "ipi", 44, 0x400, 4, EXPECT_EXACT },
	{ "ipi_halt", 44, 0x400, 4, EXPECT_EXACT },
	{ "ple", 40, 0x77, 1, EXPECT_ANY },
	{ "wr_gs_base", 32, 0x7c, 0, EXPECT_EXACT },
	{ "wr_tsx_ctrl", 32, 0x7c, 1, EXPECT_EXACT },
	{ "wr_ibrs", 32, 0x7c, 0, EXPECT_EXACT },
	{ "wr_ibpb", 32, 0x7c, 0, EXPECT_EXACT },
	{ "wr_tsc_adj", 32, 0x7c, 1, EXPECT_EXACT },
	{ "rd_tsc_adj", 31, 0x7c, 1, EXPECT_EXACT },
	{ "cr0_wp", 28, 0x10, 2, EXPECT_EXACT },
	{ "cr4_pge", 28, 0x14, 2, EXPECT_EXACT },
	{ "pci_mem", 49, 0x400, 1, EXPECT_EXACT },
	{ "pci_io", 30, 0x7b, 1, EXPECT_EXACT },
};

/* kvm-unit-tests x86/vmexit's 36 tests (SPEC section 5). */
static const char *const vmexit_tests[] = {
	"cpuid", "vmcall", "wbinvd", "invd", "mov_from_cr8", "mov_to_cr8",
	"inl_from_pmtimer", "inl_from_qemu", "inl_from_kernel",
	"outl_to_kernel", "mov_dr", "tscdeadline_immed", "tscdeadline",
	"self_ipi_sti_nop", "self_ipi_sti_hlt", "self_ipi_tpr",
	"self_ipi_tpr_sti_nop", "self_ipi_tpr_sti_hlt",
	"x2apic_self_ipi_sti_nop", "x2apic_self_ipi_sti_hlt",
	"x2apic_self_ipi_tpr", "x2apic_self_ipi_tpr_sti_nop",
	"x2apic_self_ipi_tpr_sti_hlt", "ipi", "ipi_halt", "ple_round_robin",
	"wr_kernel_gs_base", "wr_tsx_ctrl_msr", "wr_ibrs_msr", "wr_ibpb_msr",
	"wr_tsc_adjust_msr", "rd_tsc_adjust_msr", "toggle_cr0_wp",
	"toggle_cr4_pge", "pci-mem", "pci-io",
};

/* The further exits per iteration, on AMD, of the triggers with parts. */
static const struct {
	const char *name;
	u32 part[PARTS_MAX];
	u8 nparts;
} spec_parts[] = {
	{ "tsc_immed", { 0x400 }, 1 },
	{ "tsc_ahead", { 0x400 }, 1 },
	{ "self_ipi", { 0x64 }, 1 },
	{ "self_hlt", { 0x78 }, 1 },
	{ "self_tpr", { 0x18 }, 1 },
	{ "tpr_sti_nop", { 0x18, 0x64 }, 2 },
	{ "tpr_sti_hlt", { 0x18, 0x78 }, 2 },
	{ "x2_self_ipi", { 0x64 }, 1 },
	{ "x2_self_hlt", { 0x78 }, 1 },
	{ "x2_self_tpr", { 0x18 }, 1 },
	{ "x2_tpr_nop", { 0x18, 0x64 }, 2 },
	{ "x2_tpr_hlt", { 0x18, 0x78 }, 2 },
	{ "ipi_halt", { 0x78 }, 1 },
};

static void test_spec_table(void **state)
{
	u32 i;

	(void)state;
	assert_int_equal(ntriggers, sizeof(spec) / sizeof(spec[0]));
	assert_true(ntriggers <= TRIGGERS_MAX);
	for (i = 0; i < ntriggers; i++) {
		const struct trigger *t = find(spec[i].name);

		if (t->per_iter != spec[i].per_iter || t->kind != spec[i].kind)
			fail_msg("%s: per_iter %u kind %d", t->name,
				 t->per_iter, t->kind);
		if (!spec[i].intel && !spec[i].amd) {
			assert_int_equal(t->nintel + t->namd, 0);
			continue;
		}
		if (!t->nintel || t->intel[0] != spec[i].intel)
			fail_msg("%s: Intel exit %u, SPEC says %u", t->name,
				 t->nintel ? t->intel[0] : 0, spec[i].intel);
		if (!t->namd || t->amd[0] != spec[i].amd)
			fail_msg("%s: AMD exit %#x, SPEC says %#x", t->name,
				 t->namd ? t->amd[0] : 0, spec[i].amd);
	}
	assert_int_equal(TRIGGER_BASELINE, 0);
	assert_string_equal(triggers[TRIGGER_BASELINE].name, "nop");
}

static void test_every_exit_defined(void **state)
{
	u32 i, j;

	(void)state;
	for (i = 0; i < ntriggers; i++) {
		const struct trigger *t = &triggers[i];

		assert_non_null(t->run);
		assert_non_null(t->what);
		for (j = 0; j < t->nintel; j++)
			if (!exit_defined(VENDOR_INTEL, t->intel[j]))
				fail_msg("%s: Intel %u undefined", t->name,
					 t->intel[j]);
		for (j = 0; j < t->namd; j++)
			if (!exit_defined(VENDOR_AMD, t->amd[j]))
				fail_msg("%s: AMD %#x undefined", t->name,
					 t->amd[j]);
		if (t->kind != EXPECT_EXACT && t->nintel && !t->note)
			fail_msg("%s: an inexact count needs a note", t->name);
	}
}

/* Names and aliases together: none twice, none a different trigger's. */
static void test_names_unique(void **state)
{
	const char *names[TRIGGERS_MAX], *aliases[TRIGGERS_MAX];
	const char *all[2 * TRIGGERS_MAX];
	u32 i, j, n = 0;

	(void)state;
	trigger_names(names, aliases);
	for (i = 0; i < ntriggers; i++) {
		assert_string_equal(names[i], triggers[i].name);
		assert_true(strlen(names[i]) <= 11);	/* the table's column */
		all[n++] = names[i];
		if (aliases[i] && strcmp(aliases[i], names[i]))
			all[n++] = aliases[i];
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (!strcmp(all[i], all[j]))
				fail_msg("'%s' names two triggers", all[i]);
}

/* Every vmexit test has a trigger, by name or alias; none is invented. */
static void test_vmexit_names(void **state)
{
	u32 i, j, aliased = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(vmexit_tests); i++) {
		for (j = 0; j < ntriggers; j++)
			if (triggers[j].alias &&
			    !strcmp(triggers[j].alias, vmexit_tests[i]))
				break;
		if (j == ntriggers)
			fail_msg("vmexit's '%s' has no trigger", vmexit_tests[i]);
	}
	for (j = 0; j < ntriggers; j++) {
		if (!triggers[j].alias)
			continue;
		aliased++;
		for (i = 0; i < ARRAY_SIZE(vmexit_tests); i++)
			if (!strcmp(triggers[j].alias, vmexit_tests[i]))
				break;
		if (i == ARRAY_SIZE(vmexit_tests))
			fail_msg("%s: alias '%s' is no vmexit test",
				 triggers[j].name, triggers[j].alias);
	}
	assert_int_equal(aliased, ARRAY_SIZE(vmexit_tests));
}

/* Parts: as specified, distinct from the trigger's own exits, judged. */
static void test_parts(void **state)
{
	u32 i, j, k, with_parts = 0;
	const u32 *r;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(spec_parts); i++) {
		const struct trigger *t = find(spec_parts[i].name);

		assert_int_equal(t->nparts, spec_parts[i].nparts);
		for (j = 0; j < t->nparts; j++) {
			assert_int_equal(t->parts[j].amd, spec_parts[i].part[j]);
			assert_non_null(t->parts[j].what);
			assert_int_equal(t->parts[j].per_iter, 1);
		}
	}
	for (i = 0; i < ntriggers; i++) {
		const struct trigger *t = &triggers[i];
		u32 n = trigger_reasons(t, VENDOR_AMD, &r);

		with_parts += t->nparts != 0;
		for (j = 0; j < t->nparts; j++)
			for (k = 0; k < n; k++)
				if (r[k] == t->parts[j].amd)
					fail_msg("%s: part %#x is its own exit too",
						 t->name, r[k]);
		/* A backstop tick adds an EOI to the trigger's own count. */
		if (t->backstop)
			assert_true(t->nparts &&
				    t->parts[t->nparts - 1].amd == SVM_EXIT_HLT);
		if (t->no_exit)
			assert_true(t->kind == EXPECT_EXACT && !t->per_iter);
	}
	assert_int_equal(with_parts, ARRAY_SIZE(spec_parts));
}

static void test_reasons_and_expectations(void **state)
{
	const struct trigger *mmio = find("mmio"), *ts = find("task_switch");
	const u32 *r;
	struct expectation e;

	(void)state;
	assert_int_equal(trigger_reasons(mmio, VENDOR_INTEL, &r), 2);
	assert_int_equal(r[1], VMX_EXIT_EPT_MISCONFIG);
	assert_int_equal(trigger_reasons(mmio, VENDOR_AMD, &r), 1);
	assert_int_equal(r[0], SVM_EXIT_NPF);
	assert_int_equal(trigger_reasons(mmio, VENDOR_OTHER, &r), 0);
	assert_int_equal(trigger_reasons(find("cr0"), VENDOR_AMD, &r), 2);
	assert_int_equal(r[1], SVM_EXIT_CR0_SEL_WRITE);

	e = trigger_expect(find("cpuid"), VENDOR_AMD, 5000);
	assert_int_equal(e.kind, EXPECT_EXACT);
	assert_int_equal(e.lo, 5000);
	assert_int_equal(e.hi, 5000);
	e = trigger_expect(ts, VENDOR_INTEL, 5000);
	assert_int_equal(e.lo, 10000);
	e = trigger_expect(find("rdtsc"), VENDOR_AMD, 5000);
	assert_int_equal(e.hi, 0);
	e = trigger_expect(find("dr7"), VENDOR_AMD, 5000);
	assert_int_equal(e.kind, EXPECT_RANGE);
	assert_int_equal(e.lo, 1);
	assert_int_equal(e.hi, 5000);
	e = trigger_expect(find("pause"), VENDOR_INTEL, 5000);
	assert_int_equal(e.kind, EXPECT_ANY);
}

/*
 * parallel=: every trigger but the baseline and those marked one_cpu;
 * the ones that use the second vCPU themselves are marked.
 */
static void test_parallel_mask(void **state)
{
	u64 mask = trigger_parallel_ok();
	u32 i;

	(void)state;
	assert_false(mask & 1ull << TRIGGER_BASELINE);
	for (i = 0; i < ntriggers; i++)
		if (i != TRIGGER_BASELINE &&
		    !(mask >> i & 1) != triggers[i].one_cpu)
			fail_msg("%s: parallel mask and one_cpu disagree",
				 triggers[i].name);
	assert_true(find("ipi")->one_cpu);
	assert_true(find("ipi_halt")->one_cpu);
	assert_true(find("ple")->one_cpu);
	assert_true(find("task_switch")->one_cpu);
	assert_true(find("fresh_page")->one_cpu);
	assert_false(find("cpuid")->one_cpu);
	assert_false(find("self_hlt")->one_cpu);
	assert_false(find("tsc_ahead")->one_cpu);
}

/* A multi-reason trigger: its own count and each part's, per vendor. */
static void test_multi_reason_expectations(void **state)
{
	const struct trigger *t = find("tpr_sti_hlt");
	struct expectation e;

	(void)state;
	e = trigger_expect(t, VENDOR_AMD, 300);
	assert_int_equal(e.kind, EXPECT_EXACT);
	assert_int_equal(e.lo, 600);		/* ICR write and EOI */
	e = part_expect(&t->parts[0], VENDOR_AMD, 300);
	assert_int_equal(e.kind, EXPECT_EXACT);
	assert_int_equal(e.lo, 300);
	assert_int_equal(part_reason(&t->parts[0], VENDOR_AMD),
			 SVM_EXIT_CR8_WRITE);
	assert_int_equal(part_reason(&t->parts[1], VENDOR_AMD), SVM_EXIT_HLT);
	assert_int_equal(part_reason(&t->parts[1], VENDOR_INTEL),
			 VMX_EXIT_HLT);
	/* APICv may take the exits on Intel: nothing judged there. */
	assert_int_equal(trigger_expect(t, VENDOR_INTEL, 300).kind, EXPECT_ANY);
	assert_int_equal(part_expect(&t->parts[1], VENDOR_INTEL, 300).kind,
			 EXPECT_ANY);
	/* The TSC-deadline WRMSR is judged on both; its EOI on AMD only. */
	t = find("tsc_immed");
	e = trigger_expect(t, VENDOR_INTEL, 300);
	assert_int_equal(e.kind, EXPECT_EXACT);
	assert_int_equal(e.lo, 300);
	assert_int_equal(part_expect(&t->parts[0], VENDOR_AMD, 300).lo, 300);
	assert_int_equal(part_expect(&t->parts[0], VENDOR_INTEL, 300).kind,
			 EXPECT_ANY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_table),
		cmocka_unit_test(test_every_exit_defined),
		cmocka_unit_test(test_names_unique),
		cmocka_unit_test(test_reasons_and_expectations),
		cmocka_unit_test(test_vmexit_names),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_multi_reason_expectations),
		cmocka_unit_test(test_parallel_mask),
	};

	return cmocka_run_group_tests_name("triggers", tests, NULL, NULL);
}
