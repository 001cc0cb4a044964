// SPDX-License-Identifier: GPL-2.0-only
/*
 * exit_stats_test.c: unit tests of the series' pure exit-statistics logic
 * (arch/x86/kvm/exit_stats.[ch] of the patched kernel), built in userspace
 * against the kernel line's own uapi headers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "exit_stats.h"
#include "exit_stats_abi.h"

/* Exit numbers whose treatment the ABI fixes, on both kernel lines. */
#define VMX_CPUID	10
#define VMX_IO_SMI	5
#define VMX_NOTIFY	75
#define VMX_SDM_NEWEST	85	/* WRMSRNS with an immediate */
#define SVM_CPUID	0x72
#define SVM_INVPCID	0xa2
#define SVM_APM_NEWEST	0xa6	/* idle HLT */
#define SVM_NPF		0x400
#define SVM_VMGEXIT	0x403
#define SVM_SW		0xf0000000u

#define GARBAGE		0xdeadbeefu

/* ECX values at every boundary of both numberings. */
static const u32 boundaries[] = {
	0, 1, 4, 5, 6, 34, 35, 36, 37, 38, 39, 41, 42, 43, 70, 71, 72, 75, 76,
	79, 80, 83, 84, 85, 86,
	0x5f, 0x60, 0x9f, 0xa0, 0xa2, 0xa3, 0xa6, 0xa7, 0xfe, 0xff, 0x100,
	0x101, 0x3ff,
	0x400, 0x401, 0x402, 0x403, 0x404, 0x405, 0xffff, 0x10000, 0x10400,
	0x7fffffff, 0x80000000, 0x80000400, 0xf0000000, 0xfffffffe, 0xffffffff,
};

struct answer {
	u32 eax, ebx, ecx, edx;
};

static struct answer answer(u32 leaf, int class, u64 count, u64 cycles)
{
	struct answer a = { GARBAGE, GARBAGE, GARBAGE, GARBAGE };

	kvm_exit_stats_answer(leaf, class, count, cycles,
			      &a.eax, &a.ebx, &a.ecx, &a.edx);
	return a;
}

static void test_abi_constants(void **state)
{
	(void)state;
	assert_int_equal(KVM_CPUID_EXIT_STATS_TOTAL, EXIT_STATS_TOTAL);
	assert_int_equal(KVM_CPUID_EXIT_STATS_CYCLES, EXIT_STATS_CYCLES);
	assert_int_equal(KVM_CPUID_EXIT_STATS_COUNT, EXIT_STATS_COUNT);
	assert_int_equal(KVM_CPUID_EXIT_STATS_TIME, EXIT_STATS_TIME);
	assert_int_equal(KVM_EXIT_STATS_UNDEFINED, EXIT_STATS_UNDEFINED);
}

static void test_leaf_ranges(void **state)
{
	(void)state;
	assert_false(kvm_exit_stats_leaf(0));
	assert_false(kvm_exit_stats_leaf(0x40000000));
	assert_false(kvm_exit_stats_leaf(0x4ffffffb));
	assert_true(kvm_exit_stats_leaf(0x4ffffffc));
	assert_true(kvm_exit_stats_leaf(0x4fffffff));
	/* Leaves above the range are ordinary CPUID leaves. */
	assert_false(kvm_exit_stats_leaf(0x50000000));
	assert_false(kvm_exit_stats_leaf(0x80000000));
	assert_false(kvm_exit_stats_leaf(0x80000001));
	assert_false(kvm_exit_stats_leaf(0xc0000000));
	assert_false(kvm_exit_stats_leaf(0xffffffff));
	assert_false(kvm_exit_stats_per_reason(0x80000000));
	assert_false(kvm_exit_stats_per_reason(0x4ffffffc));
	assert_false(kvm_exit_stats_per_reason(0x4ffffffd));
	assert_true(kvm_exit_stats_per_reason(0x4ffffffe));
	assert_true(kvm_exit_stats_per_reason(0x4fffffff));
}

static void test_slots(void **state)
{
	u32 i;

	(void)state;
	for (i = 0; i < 0x100; i++)
		assert_int_equal(kvm_exit_stats_slot(i), i);
	for (i = 0; i < 4; i++)
		assert_int_equal(kvm_exit_stats_slot(0x400 + i), 0x100 + i);
	assert_int_equal(KVM_EXIT_STATS_SLOTS, 0x104);
	assert_int_equal(kvm_exit_stats_slot(0x100), KVM_EXIT_STATS_SLOTS);
	assert_int_equal(kvm_exit_stats_slot(0x3ff), KVM_EXIT_STATS_SLOTS);
	assert_int_equal(kvm_exit_stats_slot(0x404), KVM_EXIT_STATS_SLOTS);
	assert_int_equal(kvm_exit_stats_slot(0x7fffffff), KVM_EXIT_STATS_SLOTS);
	assert_int_equal(kvm_exit_stats_slot(0xffffffff), KVM_EXIT_STATS_SLOTS);
}

/* Every exit number, at every boundary, maps in bounds or to "none". */
static void test_slots_in_bounds(void **state)
{
	size_t i;
	u32 slot;

	(void)state;
	for (i = 0; i < sizeof(boundaries) / sizeof(boundaries[0]); i++) {
		slot = kvm_exit_stats_slot(boundaries[i]);
		assert_true(slot <= KVM_EXIT_STATS_SLOTS);
	}
}

static void test_vmx_defined(void **state)
{
	u32 r;

	(void)state;
	for (r = 0; r <= 4; r++)
		assert_true(kvm_vmx_exit_defined(r));
	assert_true(kvm_vmx_exit_defined(VMX_IO_SMI));
	assert_true(kvm_vmx_exit_defined(6));
	assert_true(kvm_vmx_exit_defined(VMX_CPUID));
	assert_true(kvm_vmx_exit_defined(11));
	assert_true(kvm_vmx_exit_defined(17));
	assert_false(kvm_vmx_exit_defined(35));
	assert_false(kvm_vmx_exit_defined(38));
	assert_false(kvm_vmx_exit_defined(42));
	assert_false(kvm_vmx_exit_defined(71));
	assert_true(kvm_vmx_exit_defined(70));
	assert_true(kvm_vmx_exit_defined(72));
	assert_true(kvm_vmx_exit_defined(VMX_NOTIFY));
	/* The SDM defines more than either line's headers name. */
	for (r = VMX_NOTIFY + 1; r <= 79; r++)
		assert_true(kvm_vmx_exit_defined(r));
	for (r = 80; r <= 83; r++)
		assert_false(kvm_vmx_exit_defined(r));
	assert_true(kvm_vmx_exit_defined(84));
	assert_true(kvm_vmx_exit_defined(VMX_SDM_NEWEST));
	assert_false(kvm_vmx_exit_defined(VMX_SDM_NEWEST + 1));
	assert_false(kvm_vmx_exit_defined(0xff));
	assert_false(kvm_vmx_exit_defined(0x100));
	assert_false(kvm_vmx_exit_defined(0x400));
	assert_false(kvm_vmx_exit_defined(0x7fffffff));
	assert_false(kvm_vmx_exit_defined(0xffffffff));
}

static void test_svm_defined(void **state)
{
	u32 c;

	(void)state;
	for (c = 0; c <= SVM_APM_NEWEST; c++)
		assert_true(kvm_svm_exit_defined(c));
	for (c = SVM_APM_NEWEST + 1; c < SVM_NPF; c++)
		assert_false(kvm_svm_exit_defined(c));
	assert_true(kvm_svm_exit_defined(SVM_INVPCID));
	for (c = SVM_NPF; c <= SVM_VMGEXIT; c++)
		assert_true(kvm_svm_exit_defined(c));
	assert_false(kvm_svm_exit_defined(SVM_VMGEXIT + 1));
	assert_false(kvm_svm_exit_defined(0x7fffffff));
	assert_false(kvm_svm_exit_defined(SVM_SW));
	assert_false(kvm_svm_exit_defined(0xffffffff));	/* SVM_EXIT_ERR */
}

/* A defined number always has a slot, so a handled one has storage. */
static void test_defined_have_slots(void **state)
{
	u32 n;
	size_t i;

	(void)state;
	for (n = 0; n < 0x20000; n++) {
		if (kvm_vmx_exit_defined(n) || kvm_svm_exit_defined(n))
			assert_true(kvm_exit_stats_slot(n) <
				    KVM_EXIT_STATS_SLOTS);
	}
	for (i = 0; i < sizeof(boundaries) / sizeof(boundaries[0]); i++) {
		n = boundaries[i];
		if (kvm_vmx_exit_defined(n) || kvm_svm_exit_defined(n))
			assert_true(kvm_exit_stats_slot(n) <
				    KVM_EXIT_STATS_SLOTS);
	}
}

static void test_class(void **state)
{
	(void)state;
	assert_int_equal(kvm_exit_class(false, false), KVM_EXIT_UNDEFINED);
	assert_int_equal(kvm_exit_class(false, true), KVM_EXIT_UNDEFINED);
	assert_int_equal(kvm_exit_class(true, false), KVM_EXIT_UNHANDLED);
	assert_int_equal(kvm_exit_class(true, true), KVM_EXIT_HANDLED);
}

static void test_answer_counts(void **state)
{
	struct answer a;

	(void)state;
	a = answer(EXIT_STATS_TOTAL, KVM_EXIT_HANDLED, 12345, 999);
	assert_int_equal(a.eax, 12345);
	assert_int_equal(a.ebx, 0);
	assert_int_equal(a.ecx, 0);
	assert_int_equal(a.edx, 0);

	/* The 32-bit count wraps. */
	a = answer(EXIT_STATS_COUNT, KVM_EXIT_HANDLED, 0x100000007ull, 1);
	assert_int_equal(a.eax, 7);
	assert_int_equal(a.ebx, 0);
	assert_int_equal(a.ecx, 0);
	assert_int_equal(a.edx, 0);
}

static void test_answer_cycles(void **state)
{
	struct answer a;

	(void)state;
	a = answer(EXIT_STATS_CYCLES, KVM_EXIT_HANDLED, 5,
		   0x0123456789abcdefull);
	assert_int_equal(a.eax, 0);
	assert_int_equal(a.ebx, 0x01234567);
	assert_int_equal(a.ecx, 0x89abcdef);
	assert_int_equal(a.edx, 0);

	a = answer(EXIT_STATS_TIME, KVM_EXIT_HANDLED, 5, 0xffffffffull);
	assert_int_equal(a.eax, 0);
	assert_int_equal(a.ebx, 0);
	assert_int_equal(a.ecx, 0xffffffff);
	assert_int_equal(a.edx, 0);
}

static void test_answer_undefined(void **state)
{
	static const u32 leaves[] = { EXIT_STATS_COUNT, EXIT_STATS_TIME };
	struct answer a;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		a = answer(leaves[i], KVM_EXIT_UNDEFINED, 5, 5);
		assert_int_equal(a.eax, 0);
		assert_int_equal(a.ebx, 0);
		assert_int_equal(a.ecx, 0);
		assert_int_equal(a.edx, EXIT_STATS_UNDEFINED);
	}
}

static void test_answer_unhandled(void **state)
{
	static const u32 leaves[] = { EXIT_STATS_COUNT, EXIT_STATS_TIME };
	struct answer a;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		a = answer(leaves[i], KVM_EXIT_UNHANDLED, 5, 5);
		assert_int_equal(a.eax, 0);
		assert_int_equal(a.ebx, 0);
		assert_int_equal(a.ecx, 0);
		assert_int_equal(a.edx, 0);
	}
}

/*
 * The whole per-reason answer for every boundary ECX, as the CPUID handler
 * forms it: class from the vendor definition (handled here means defined),
 * then the slot, then the answer.
 */
static void check_boundaries(bool (*defined)(u32))
{
	struct answer a;
	size_t i;
	u32 n;
	int class;

	for (i = 0; i < sizeof(boundaries) / sizeof(boundaries[0]); i++) {
		n = boundaries[i];
		class = kvm_exit_class(defined(n), true);
		if (kvm_exit_stats_slot(n) >= KVM_EXIT_STATS_SLOTS)
			assert_int_not_equal(class, KVM_EXIT_HANDLED);
		a = answer(EXIT_STATS_COUNT, class, 3, 3);
		if (class == KVM_EXIT_UNDEFINED) {
			assert_int_equal(a.eax, 0);
			assert_int_equal(a.edx, EXIT_STATS_UNDEFINED);
		} else {
			assert_int_equal(a.eax, 3);
			assert_int_equal(a.edx, 0);
		}
		assert_int_equal(a.ebx, 0);
		assert_int_equal(a.ecx, 0);
	}
}

static void test_boundaries_vmx(void **state)
{
	(void)state;
	check_boundaries(kvm_vmx_exit_defined);
}

static void test_boundaries_svm(void **state)
{
	(void)state;
	check_boundaries(kvm_svm_exit_defined);
}

static void test_slot_reasons(void **state)
{
	u32 slot;

	(void)state;
	for (slot = 0; slot < KVM_EXIT_STATS_SLOTS; slot++)
		assert_int_equal(kvm_exit_stats_slot(kvm_exit_stats_reason(slot)),
				 slot);
	assert_int_equal(kvm_exit_stats_reason(SVM_CPUID), SVM_CPUID);
	assert_int_equal(kvm_exit_stats_reason(KVM_EXIT_STATS_LOW), SVM_NPF);
	assert_int_equal(kvm_exit_stats_reason(KVM_EXIT_STATS_SLOTS - 1),
			 SVM_VMGEXIT);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(kvm_exit_vendor_vmx.name, "vmx");
	assert_string_equal(kvm_exit_vendor_svm.name, "svm");
	assert_false(kvm_exit_vendor_vmx.hex);
	assert_true(kvm_exit_vendor_svm.hex);
	assert_string_equal(kvm_exit_name(&kvm_exit_vendor_vmx, VMX_CPUID),
			    "CPUID");
	assert_string_equal(kvm_exit_name(&kvm_exit_vendor_vmx, 48),
			    "EPT_VIOLATION");
	assert_string_equal(kvm_exit_name(&kvm_exit_vendor_svm, SVM_CPUID),
			    "cpuid");
	assert_string_equal(kvm_exit_name(&kvm_exit_vendor_svm, SVM_NPF),
			    "npf");
	assert_string_equal(kvm_exit_name(&kvm_exit_vendor_vmx, 35), "-");
	assert_string_equal(kvm_exit_name(&kvm_exit_vendor_svm, 0xfe), "-");
	assert_string_equal(kvm_exit_name(&kvm_exit_vendor_svm, GARBAGE),
			    "-");
}

static struct kvm_exit_figures sum;

static void add(u32 reason, u64 count, u64 cycles)
{
	u32 slot = kvm_exit_stats_slot(reason);

	sum.count[slot] += count;
	sum.cycles[slot] += cycles;
}

/*
 * Each figure is an array of u64 with an entry per slot and one for exits
 * without: what a binary stats descriptor can describe.  The note of the
 * exit in flight fits in a few words.
 */
static void test_layout(void **state)
{
	(void)state;
	assert_int_equal(KVM_EXIT_STATS_ENTRIES, KVM_EXIT_STATS_SLOTS + 1);
	assert_int_equal(sizeof(sum.count) / sizeof(sum.count[0]),
			 KVM_EXIT_STATS_ENTRIES);
	assert_int_equal(offsetof(struct kvm_exit_figures, cycles),
			 KVM_EXIT_STATS_ENTRIES * sizeof(u64));
	assert_int_equal(sizeof(struct kvm_exit_figures),
			 2 * KVM_EXIT_STATS_ENTRIES * sizeof(u64));
	assert_true(sizeof(struct kvm_exit_stats) <= 24);
}

/* A TSC that went backwards (another CPU) charges nothing, never wraps. */
static void test_cycles(void **state)
{
	(void)state;
	assert_int_equal(kvm_exit_stats_cycles(100, 250), 150);
	assert_int_equal(kvm_exit_stats_cycles(250, 100), 0);
	assert_int_equal(kvm_exit_stats_cycles(250, 250), 0);
	assert_int_equal(kvm_exit_stats_cycles(1, UINT64_MAX), UINT64_MAX - 1);
	assert_int_equal(kvm_exit_stats_cycles(UINT64_MAX, 1), 0);
}

/* One vCPU: the exit in flight and the figures. */
static struct kvm_exit_stats vcpu;
static struct kvm_exit_figures figures;

static void reset_vcpu(void)
{
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&figures, 0, sizeof(figures));
}

/* Take and finish one exit of @reason from TSC @start to @end. */
static void exit_once(u32 reason, u64 start, u64 end)
{
	kvm_exit_stats_note(&vcpu, kvm_exit_stats_slot(reason), start);
	kvm_exit_stats_charge(&vcpu, &figures, end);
}

static struct kvm_exit_stat read_slot(u32 reason)
{
	struct kvm_exit_stat r = {};

	kvm_exit_stats_read(&figures, kvm_exit_stats_slot(reason), false, &r);
	return r;
}

static struct kvm_exit_stat read_total(void)
{
	struct kvm_exit_stat r = {};

	kvm_exit_stats_read(&figures, 0, true, &r);
	return r;
}

/* An exit counts once with its cycles; numbers without a slot in total. */
static void test_accounting(void **state)
{
	struct kvm_exit_stat r;

	(void)state;
	reset_vcpu();
	exit_once(SVM_CPUID, 1000, 1500);
	exit_once(SVM_CPUID, 2000, 2100);
	exit_once(SVM_NPF, 3000, 4000);
	exit_once(0xffffffff, 5000, 5007);	/* SVM_EXIT_ERR: no slot */

	r = read_slot(SVM_CPUID);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.cycles, 600);
	r = read_slot(SVM_NPF);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.cycles, 1000);
	r = read_total();
	assert_int_equal(r.count, 4);
	assert_int_equal(r.cycles, 1607);
	assert_int_equal(vcpu.start, 0);
}

/*
 * The switch: an exit noted while counting was on whose charge was skipped
 * (counting went off) and forgotten on the way back on (start = 0, as
 * set_exit_stats() does) is never charged later; a charge without a note
 * does nothing.  Totals stay the sum of the slots throughout.
 */
static void test_switch(void **state)
{
	struct kvm_exit_stat r, s;
	u32 reason;

	(void)state;
	reset_vcpu();
	kvm_exit_stats_charge(&vcpu, &figures, 500);		/* nothing in flight */
	assert_int_equal(read_total().count, 0);

	kvm_exit_stats_note(&vcpu, kvm_exit_stats_slot(SVM_CPUID), 1000);
	/* off: the charge is skipped; back on: forgotten */
	vcpu.start = 0;
	kvm_exit_stats_charge(&vcpu, &figures, 1000000);
	r = read_total();
	assert_int_equal(r.count, 0);
	assert_int_equal(r.cycles, 0);

	exit_once(SVM_CPUID, 2000, 2010);
	exit_once(0x7b, 3000, 3300);
	s = (struct kvm_exit_stat){};
	for (reason = 0; reason < 0x100; reason++) {
		r = read_slot(reason);
		s.count += r.count;
		s.cycles += r.cycles;
		if (!r.count)
			assert_int_equal(r.cycles, 0);
	}
	r = read_total();
	assert_int_equal(s.count, r.count);
	assert_int_equal(s.cycles, r.cycles);
	assert_int_equal(r.count, 2);
}

/* The asking exit counts before the answer, in its own slot only. */
static void test_in_flight(void **state)
{
	struct kvm_exit_stat r = {};
	u32 cpuid = kvm_exit_stats_slot(SVM_CPUID);
	u32 ud = kvm_exit_stats_slot(0x46);	/* #UD: emulated CPUID */

	(void)state;
	reset_vcpu();
	exit_once(SVM_CPUID, 10, 20);
	kvm_exit_stats_note(&vcpu, cpuid, 30);
	kvm_exit_stats_read(&figures, cpuid, false, &r);
	kvm_exit_stats_read_in_flight(&vcpu, cpuid, false, &r);
	assert_int_equal(r.count, 2);
	assert_int_equal(r.cycles, 10);

	r = (struct kvm_exit_stat){};
	kvm_exit_stats_read(&figures, ud, false, &r);
	kvm_exit_stats_read_in_flight(&vcpu, ud, false, &r);
	assert_int_equal(r.count, 0);

	r = (struct kvm_exit_stat){};
	kvm_exit_stats_read_in_flight(&vcpu, 0, true, &r);
	assert_int_equal(r.count, 1);

	kvm_exit_stats_charge(&vcpu, &figures, 35);
	r = (struct kvm_exit_stat){};
	kvm_exit_stats_read_in_flight(&vcpu, 0, true, &r);
	assert_int_equal(r.count, 0);
	assert_int_equal(read_total().count, 2);
}

/* The VM's figures: two vCPUs' added entry by entry, no slot mixed up. */
static void test_add(void **state)
{
	struct kvm_exit_figures other = {}, vm = {};
	u32 cpuid = kvm_exit_stats_slot(SVM_CPUID);
	u32 npf = kvm_exit_stats_slot(SVM_NPF);
	struct kvm_exit_stat r = {};

	(void)state;
	reset_vcpu();
	exit_once(SVM_CPUID, 100, 130);
	exit_once(SVM_NPF, 200, 205);
	other.count[cpuid] = 2;
	other.cycles[cpuid] = 70;
	other.count[KVM_EXIT_STATS_SLOTS] = 1;	/* no slot */
	other.cycles[KVM_EXIT_STATS_SLOTS] = 9;

	kvm_exit_stats_add(&vm, &figures);
	kvm_exit_stats_add(&vm, &other);
	assert_int_equal(vm.count[cpuid], 3);
	assert_int_equal(vm.cycles[cpuid], 100);
	assert_int_equal(vm.count[npf], 1);
	assert_int_equal(vm.cycles[npf], 5);
	assert_int_equal(vm.count[KVM_EXIT_STATS_SLOTS], 1);
	assert_int_equal(vm.cycles[KVM_EXIT_STATS_SLOTS], 9);
	kvm_exit_stats_read(&vm, 0, true, &r);
	assert_int_equal(r.count, 5);
	assert_int_equal(r.cycles, 114);
}

static void test_summary(void **state)
{
	char buf[512];
	int len;

	(void)state;
	memset(&sum, 0, sizeof(sum));
	len = kvm_exit_stats_summary(buf, sizeof(buf), &kvm_exit_vendor_svm,
				     &sum, 5);
	assert_string_equal(buf, "0 exits, 0 cycles/exit");
	assert_int_equal(len, strlen(buf));

	add(0x7b, 600, 30000);
	add(SVM_CPUID, 300, 9000);
	add(SVM_NPF, 100, 11000);
	len = kvm_exit_stats_summary(buf, sizeof(buf), &kvm_exit_vendor_svm,
				     &sum, 5);
	assert_string_equal(buf, "1000 exits, 50 cycles/exit; "
			    "0x07b io 600 (60%, 50 cycles), "
			    "0x072 cpuid 300 (30%, 30 cycles), "
			    "0x400 npf 100 (10%, 110 cycles)");
	assert_int_equal(len, strlen(buf));

	kvm_exit_stats_summary(buf, sizeof(buf), &kvm_exit_vendor_svm, &sum, 1);
	assert_string_equal(buf, "1000 exits, 50 cycles/exit; "
			    "0x07b io 600 (60%, 50 cycles)");
}

/* Equal counts rank by exit number, each once; VMX numbers in decimal. */
static void test_summary_ties(void **state)
{
	char buf[512];

	(void)state;
	memset(&sum, 0, sizeof(sum));
	add(48, 10, 100);
	add(VMX_CPUID, 10, 200);
	add(30, 20, 400);
	kvm_exit_stats_summary(buf, sizeof(buf), &kvm_exit_vendor_vmx, &sum, 5);
	assert_string_equal(buf, "40 exits, 17 cycles/exit; "
			    "30 IO_INSTRUCTION 20 (50%, 20 cycles), "
			    "10 CPUID 10 (25%, 20 cycles), "
			    "48 EPT_VIOLATION 10 (25%, 10 cycles)");
}

/* A short buffer gets a terminated prefix, never an overrun. */
static void test_summary_short(void **state)
{
	char buf[24];

	(void)state;
	memset(&sum, 0, sizeof(sum));
	add(SVM_CPUID, 123456, 1234567);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(kvm_exit_stats_summary(buf, 16, &kvm_exit_vendor_svm,
						&sum, 5), 15);
	assert_int_equal(buf[15], '\0');
	assert_int_equal(buf[16], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abi_constants),
		cmocka_unit_test(test_leaf_ranges),
		cmocka_unit_test(test_slots),
		cmocka_unit_test(test_slots_in_bounds),
		cmocka_unit_test(test_vmx_defined),
		cmocka_unit_test(test_svm_defined),
		cmocka_unit_test(test_defined_have_slots),
		cmocka_unit_test(test_class),
		cmocka_unit_test(test_answer_counts),
		cmocka_unit_test(test_answer_cycles),
		cmocka_unit_test(test_answer_undefined),
		cmocka_unit_test(test_answer_unhandled),
		cmocka_unit_test(test_boundaries_vmx),
		cmocka_unit_test(test_boundaries_svm),
		cmocka_unit_test(test_slot_reasons),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_accounting),
		cmocka_unit_test(test_switch),
		cmocka_unit_test(test_in_flight),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_summary_ties),
		cmocka_unit_test(test_summary_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
