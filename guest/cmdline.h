/* cmdline.h: the probe's options, parsed from the multiboot command line. */
#ifndef CMDLINE_H
#define CMDLINE_H

#include "types.h"

#define ITERS_DEFAULT	1000
#define ITERS_MAX	1000000
#define ROUNDS_DEFAULT	5
#define ROUNDS_MAX	32
#define TOP_DEFAULT	10
#define TOP_MAX		64
#define INTERVAL_DEFAULT	10000	/* timeline sample interval, us */
#define INTERVAL_MIN	100
#define INTERVAL_MAX	1000000
#define SAMPLES_DEFAULT	10	/* timeline samples per phase */
#define SAMPLES_MAX	64
#define HOLD_MAX	600	/* seconds halted for a host-side reader */
#define TRIGGERS_MAX	64	/* one bit each in a u64 */
#define CMDLINE_ERR_LEN	1024

struct options {
	u64 triggers;	/* bit i: run trigger i */
	u64 named;	/* bit i: trigger i named in triggers=, not by all */
	u64 noexit;	/* bit i: this environment cannot make its exit */
	u64 parallel;	/* bit i: also run trigger i on every vCPU at once */
	bool list;	/* print the triggers and stop */
	bool census;
	bool sweep;	/* check the leaves' answer for many exit numbers */
	bool timeline;	/* sample the phases instead of running triggers */
	u32 iters;
	u32 rounds;
	u32 top;
	u32 interval_us;	/* timeline sample interval */
	u32 samples;		/* timeline samples per phase */
	u32 hold_s;		/* halt this long after a full snapshot, 0: no */
};

/*
 * The triggers by table index: names, aliases (NULL or entries NULL),
 * and which of them can run on every vCPU at once (bit i).
 */
struct name_table {
	const char *const *names;
	const char *const *aliases;
	u32 n;
	u64 parallel_ok;
};

/*
 * Parse "[image] key=value ...": a first word without '=' names the
 * image and is skipped (QEMU's -kernel passes it, GRUB's multiboot does
 * not). Return 0, or -1 with a message in err[CMDLINE_ERR_LEN].
 */
int cmdline_parse(const char *line, const struct name_table *t,
		  struct options *o, char *err);

/* The option summary printed with every error and by triggers=list. */
extern const char cmdline_usage[];

#endif /* CMDLINE_H */
