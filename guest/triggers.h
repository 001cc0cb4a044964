/* triggers.h: the table of exit triggers, one tiny function each. */
#ifndef TRIGGERS_H
#define TRIGGERS_H

#include "calc.h"
#include "exits.h"
#include "mem.h"
#include "stats.h"

struct trigger {
	const char *name;
	const char *what;		/* the instruction or event */
	void (*run)(void);		/* one iteration */
	/* NULL when it can run here, else why not. */
	const char *(*unsupported)(void);
	/* Iterations it can afford per round (fresh pages run out); NULL: all. */
	u32 (*prepare)(u32 iters, u32 rounds);
	u32 intel[SNAP_REASONS];	/* VMX exit reasons, nintel of them */
	u32 amd[SNAP_REASONS];		/* SVM exit codes, namd of them */
	u8 nintel, namd;
	u8 per_iter;			/* exits per iteration */
	enum expect_kind kind;
	const char *note;		/* why the count is not exact */
	/* How it runs differently on AMD numbering, for its verdict line. */
	const char *amd_note;
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

/* Expected exits for total iterations, from kind and per_iter. */
struct expectation trigger_expect(const struct trigger *t, u64 total);

/* Fill names[] with the trigger names by table index. */
void trigger_names(const char **names);

/* Record what the triggers need: memory layout, MSR and XCR0 values. */
void triggers_init(const struct mem_layout *mem);

#endif /* TRIGGERS_H */
