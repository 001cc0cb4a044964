/* sample.h: one reading of a VM's exit statistics, and its arithmetic. */
#ifndef EXITSTAT_SAMPLE_H
#define EXITSTAT_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t u32;
typedef uint64_t u64;

#define REASONS_MAX	300	/* KVM has 260: 0-0xff, 0x400-0x403 */
#define NAME_LEN	48	/* longer names are cut */
#define ERR_LEN		160

struct reason {
	u32 nr;
	char name[NAME_LEN];	/* the kernel's, or "-" */
	u64 count;
	u64 cycles;
};

/* What KVM's debugfs exit_stats file says about one VM at one time. */
struct sample {
	char vendor[8];		/* "vmx" or "svm" */
	bool enabled;		/* kvm.exit_stats */
	u32 vcpus;
	u64 count;		/* all exits */
	u64 cycles;
	u32 n;			/* reasons[], ascending by nr */
	struct reason reasons[REASONS_MAX];
	double t;		/* seconds since the first sample */
};

enum sort_key {
	SORT_COUNT,
	SORT_TIME,
};

/* sample_parse() of a file with no text at all: its VM went away. */
#define SAMPLE_EMPTY	1

/*
 * Parse the text of an exit_stats file into s. Unknown lines are skipped
 * and counted in *unknown. Return 0, SAMPLE_EMPTY, or -1 with a message in
 * err[ERR_LEN].
 */
int sample_parse(const char *text, struct sample *s, u32 *unknown, char *err);

/* The reason of s with exit number nr, or NULL. */
const struct reason *sample_find(const struct sample *s, u32 nr);

/*
 * d = b - a, per exit number (an exit number new in b counts from 0); a
 * figure that went down (a new VM under the same name) counts as 0.
 */
void sample_delta(const struct sample *a, const struct sample *b,
		  struct sample *d);

/* Exits per second of exit number nr from prev to s; -1 if there is none. */
double sample_rate(const struct sample *prev, const struct sample *s, u32 nr);

/* The reasons of s as indexes, busiest first by key; ties by number. */
void sample_rank(const struct sample *s, enum sort_key key, u32 *order);

/* Write the exit number the vendor's way: "10" (VMX), "0x072" (SVM). */
void reason_code(const struct sample *s, u32 nr, char *buf, size_t size);

#endif /* EXITSTAT_SAMPLE_H */
