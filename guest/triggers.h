/* triggers.h: the table of exit triggers, one tiny function each. */
#ifndef TRIGGERS_H
#define TRIGGERS_H

#include "calc.h"
#include "exits.h"
#include "mem.h"
#include "stats.h"

#define REASONS_MAX	2	/* exit numbers of a trigger's own count */
#define PARTS_MAX	2

/*
 * A further exit that each iteration takes besides the trigger's own,
 * counted and judged apart: the HLT of an IPI that halts, say.
 */
struct part {
	const char *what;
	u32 intel, amd;			/* its exit number per vendor */
	u8 per_iter;
};

struct trigger {
	const char *name;
	const char *alias;		/* kvm-unit-tests' x86/vmexit name */
	const char *what;		/* the instruction or event */
	void (*run)(void);		/* one iteration */
	/* NULL when it can run here, else why not. */
	const char *(*unsupported)(void);
	/* Set up before the first run, undo after the rounds. */
	void (*enter)(void);
	void (*leave)(void);
	/* Iterations it can afford per round (fresh pages run out); NULL: all. */
	u32 (*prepare)(u32 iters, u32 rounds);
	u32 intel[REASONS_MAX];		/* VMX exit reasons, nintel of them */
	u32 amd[REASONS_MAX];		/* SVM exit codes, namd of them */
	u8 nintel, namd;
	u8 per_iter;			/* exits per iteration */
	enum expect_kind kind;
	struct part parts[PARTS_MAX];	/* nparts of them */
	u8 nparts;
	const char *note;		/* why the count is not exact */
	/* Exits on neither vendor (passed through): why; judged as 0. */
	const char *no_exit;
	/* Not judged on Intel, where APICv may take the exits: why. */
	const char *intel_any;
	/* How it runs differently on AMD numbering, for its verdict line. */
	const char *amd_note;
	/*
	 * On AMD numbering, a periodic timer ends an STI;HLT whose wake-up
	 * was taken before the HLT (QEMU 7.2's lost STI shadow); each tick's
	 * EOI is one more exit of the trigger's own reason.
	 */
	bool backstop;
	/*
	 * Runs on one vCPU only, never on all at once (parallel=): it uses
	 * the second vCPU itself, or state only the boot CPU has.
	 */
	bool one_cpu;
	/*
	 * May hang a stock KVM host (seen: VMMCALL never returned; MONITOR
	 * and task switches stopped the VM with an emulation failure): run by
	 * default only with the stats leaves present or off KVM, else only
	 * when named in triggers=.
	 */
	bool risky;
};

extern const struct trigger triggers[];
extern const u32 ntriggers;

#define TRIGGER_BASELINE	0	/* the nop loop: subtracted from the rest */

/* The reasons the trigger causes on this vendor; returns how many. */
u32 trigger_reasons(const struct trigger *t, enum vendor v, const u32 **out);

/* Expected exits for total iterations on vendor v. */
struct expectation trigger_expect(const struct trigger *t, enum vendor v,
				  u64 total);

/* Part i's exit number and expected exits for total iterations on v. */
u32 part_reason(const struct part *p, enum vendor v);
struct expectation part_expect(const struct part *p, enum vendor v,
			       u64 total);

/* Fill names[] and aliases[] (NULL: none) by table index. */
void trigger_names(const char **names, const char **aliases);

/* Bit i: trigger i can run on every vCPU at once. */
u64 trigger_parallel_ok(void);

/* Record what the triggers need: memory layout, MSR and XCR0 values. */
void triggers_init(const struct mem_layout *mem);

#endif /* TRIGGERS_H */
