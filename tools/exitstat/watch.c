/* watch.c: take one VM's samples: once, live, or until the VM exits. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "json.h"
#include "spread.h"
#include "watch.h"

/* One run of samples of one VM. */
struct run {
	const struct options *o;
	const struct vm *vm;
	FILE *record;		/* --record, or NULL */
	int fd;			/* exit_stats, held with --until-exit */
	struct sample *cur, *prev;
	unsigned long taken;
	double t0;		/* when the first sample was taken */
	struct spread spread;
	bool spread_full;
	bool warned;		/* of unknown lines */
	char err[ERR_LEN];
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Sleep until the monotonic time t; false if a signal asked to stop. */
static bool sleep_until(double t)
{
	struct timespec ts = { .tv_sec = (time_t)t };

	ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
	while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
					NULL) == EINTR)
		;
	return !stop;
}

/* Read the VM's figures into r->cur (opening the file unless held). */
static enum vm_status take(struct run *r)
{
	enum vm_status st = VM_OK;
	u32 unknown;

	if (r->fd < 0)
		st = vm_open(r->o->root, r->vm, &r->fd, r->err);
	if (st == VM_OK)
		st = vm_sample(r->fd, r->cur, &unknown, r->err);
	if (!r->o->until_exit && r->fd >= 0) {
		close(r->fd);
		r->fd = -1;
	}
	/* Past the first sample, a missing file is a VM on its way out. */
	if (st == VM_UNPATCHED && r->taken)
		st = VM_GONE;
	if (st == VM_OK && unknown && !r->warned) {
		fprintf(stderr, "exitstat: skipped %u unknown line%s in %s's exit_stats\n",
			unknown, unknown == 1 ? "" : "s", r->vm->dir);
		r->warned = true;
	}
	return st;
}

static void show(struct run *r, bool final)
{
	const struct options *o = r->o;
	const struct sample *prev = r->taken ? r->prev : NULL;

	if (r->record)
		out_json(r->record, r->vm, r->cur, final);
	if (o->json) {
		out_json(stdout, r->vm, r->cur, final);
		return;
	}
	if (o->summary && !final)
		return;
	if (o->view.live && !final && isatty(STDOUT_FILENO))
		printf("\033[H\033[2J");	/* home, clear the screen */
	else if (prev && !o->summary)
		printf("\n");
	/* No rates in the final table: it sums up the whole run. */
	out_table(stdout, r->vm, r->cur, final ? NULL : prev, &o->view,
		  final ? "final, after the VM's process exited: " : NULL);
	fflush(stdout);
}

/* Keep the interval that r->cur ends for the spread. */
static void keep(struct run *r)
{
	if (!r->o->until_exit || !r->taken || r->spread_full)
		return;
	if (!spread_add(&r->spread, r->prev, r->cur)) {
		fprintf(stderr, "exitstat: the spread covers the first %u intervals only\n",
			r->spread.n);
		r->spread_full = true;
	}
}

/* Sample until done; the VM's last status (VM_OK: done or stopped). */
static enum vm_status loop(struct run *r, bool *final)
{
	const struct options *o = r->o;
	enum vm_status st;
	double next = now();
	struct sample *t;
	bool last;

	for (;;) {
		/* Once the process is gone, only a held file still reads. */
		last = o->view.live && !vm_alive(r->vm);
		if (last && !o->until_exit)
			return VM_GONE;
		st = take(r);
		if (st != VM_OK)
			return st;
		*final = last;
		if (!r->taken)
			r->t0 = now();
		r->cur->t = now() - r->t0;
		show(r, last);
		keep(r);
		t = r->prev;
		r->prev = r->cur;
		r->cur = t;
		r->taken++;
		if (last || (o->samples && r->taken >= o->samples))
			return VM_OK;
		next += o->interval;
		if (next < now())
			next = now();
		if (!sleep_until(next))
			return VM_OK;
	}
}

/* The exit status of a run that ended with st, after its message. */
static int verdict(const struct run *r, enum vm_status st)
{
	const struct options *o = r->o;

	switch (st) {
	case VM_OK:
		return 0;
	case VM_GONE:
		fprintf(stderr, "exitstat: VM %s has exited\n", r->vm->dir);
		return r->taken && o->view.live && !o->samples ? 0 :
								EXIT_VM_GONE;
	case VM_UNPATCHED:
		fprintf(stderr, "exitstat: VM %s has no exit_stats: KVM without exit statistics (unpatched kvm.ko?)\n",
			r->vm->dir);
		return EXIT_ERROR;
	default:
		fprintf(stderr, "exitstat: VM %s: %s\n", r->vm->dir, r->err);
		return EXIT_ERROR;
	}
}

int watch(const struct options *o, const struct vm *vm)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct run r = { .o = o, .vm = vm, .fd = -1 };
	enum vm_status st;
	bool final = false;
	int status;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	r.cur = malloc(sizeof(*r.cur));
	r.prev = malloc(sizeof(*r.prev));
	if (!r.cur || !r.prev) {
		fprintf(stderr, "exitstat: out of memory\n");
		return EXIT_ERROR;
	}
	if (o->record)
		r.record = fopen(o->record, "a");
	if (o->record && !r.record) {
		fprintf(stderr, "exitstat: cannot write %s: %s\n", o->record,
			strerror(errno));
		return EXIT_ERROR;
	}
	st = loop(&r, &final);
	if (r.fd >= 0)
		close(r.fd);
	if (final && !o->json)
		spread_print(stdout, &r.spread);
	status = verdict(&r, st);
	if (r.record && (ferror(r.record) | fclose(r.record))) {
		fprintf(stderr, "exitstat: cannot write %s\n", o->record);
		status = status ? status : EXIT_ERROR;
	}
	spread_free(&r.spread);
	free(r.cur);
	free(r.prev);
	return status;
}
