/* main.c: exitstat, the host's view of KVM VMs' exit statistics. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "out.h"
#include "sample.h"
#include "vm.h"

#define ROOT_DEFAULT	"/sys/kernel/debug/kvm"
#define ROOT_MAX	300	/* bytes of a --root path */
#define INTERVAL_MAX	3600.0
#define SAMPLES_KEPT	10000	/* for --until-exit's spread: 40 min at 0.25 s */

/* Exit statuses, as --help documents them. */
#define EXIT_ERROR	1
#define EXIT_USAGE	2
#define EXIT_VM_GONE	3

static const char usage[] =
"usage: exitstat [OPTION...]          list the VMs with exit statistics\n"
"       exitstat [OPTION...] VM       show one VM's exits per reason\n"
"\n"
"Reads KVM's per-VM debugfs file exit_stats (the exit-probe host patch):\n"
"per exit reason, count and host cycles, summed over the VM's vCPUs.\n"
"VM is a debugfs directory name (PID-FD, as listed) or the PID of a\n"
"process with one VM.\n"
"\n"
"  -d, --root DIR     KVM's debugfs directory (default " ROOT_DEFAULT ")\n"
"  -s, --sort KEY     order rows by count (default) or time (cycles)\n"
"  -t, --top N        show the N busiest reasons only (default: all)\n"
"  -i, --interval S   refresh every S seconds (e.g. 0.5): live view with\n"
"                     rates per second from one sample to the next\n"
"  -n, --samples N    stop after N samples (default 1; with -i or\n"
"                     --until-exit 0: until the VM exits or Ctrl-C)\n"
"      --json         one JSON object per sample and line instead of tables\n"
"      --record FILE  also append every sample to FILE as a JSON line\n"
"      --until-exit   keep the file open (so the VM's figures outlive its\n"
"                     process), refresh every -i S (default 0.5) and, once\n"
"                     the VM's process has exited, print the final figures\n"
"                     (the whole run) and the spread of the exits over it\n"
"      --summary      with --until-exit: print only the final table and the\n"
"                     spread (a census; --record still keeps every sample)\n"
"  -h, --help         this help\n"
"\n"
"Exit status: 0 done; 1 error (no debugfs, unknown VM, unpatched KVM);\n"
"2 bad usage; 3 the VM exited before the samples asked for were taken.\n";

struct options {
	const char *root;
	const char *vm;
	const char *record;
	struct view view;
	double interval;	/* 0: one-shot */
	unsigned long samples;	/* 0: until the VM exits */
	bool json;
	bool until_exit;
	bool summary;	/* only the final table and the spread */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void __attribute__((format(printf, 1, 2))) bad_usage(const char *fmt,
							      ...)
{
	va_list ap;

	fprintf(stderr, "exitstat: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'exitstat --help'.\n");
	exit(EXIT_USAGE);
}

static unsigned long number(const char *opt, const char *s, unsigned long lo)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || !*s || *s == '-' || v < lo)
		bad_usage("%s wants a whole number >= %lu, not '%s'", opt, lo,
			  s);
	return v;
}

static void parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_JSON = 256, OPT_RECORD, OPT_UNTIL, OPT_SUMMARY };
	static const struct option longs[] = {
		{ "root", required_argument, NULL, 'd' },
		{ "sort", required_argument, NULL, 's' },
		{ "top", required_argument, NULL, 't' },
		{ "interval", required_argument, NULL, 'i' },
		{ "samples", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "until-exit", no_argument, NULL, OPT_UNTIL },
		{ "summary", no_argument, NULL, OPT_SUMMARY },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool samples_given = false;
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	o->root = ROOT_DEFAULT;
	o->samples = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:s:t:i:n:h", longs, NULL)) !=
	       -1) {
		switch (c) {
		case 'd':
			if (strlen(optarg) > ROOT_MAX)
				bad_usage("--root is longer than %d bytes",
					  ROOT_MAX);
			o->root = optarg;
			break;
		case 's':
			if (!strcmp(optarg, "count"))
				o->view.sort = SORT_COUNT;
			else if (!strcmp(optarg, "time"))
				o->view.sort = SORT_TIME;
			else
				bad_usage("--sort is count or time, not '%s'",
					  optarg);
			break;
		case 't':
			o->view.top = number("--top", optarg, 1);
			break;
		case 'i':
			errno = 0;
			o->interval = strtod(optarg, &end);
			if (errno || *end || !*optarg ||
			    !(o->interval > 0 && o->interval <= INTERVAL_MAX))
				bad_usage("--interval wants seconds in (0, %.0f], not '%s'",
					  INTERVAL_MAX, optarg);
			break;
		case 'n':
			o->samples = number("--samples", optarg, 0);
			samples_given = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_RECORD:
			o->record = optarg;
			break;
		case OPT_UNTIL:
			o->until_exit = true;
			break;
		case OPT_SUMMARY:
			o->summary = true;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		case ':':
			if (optopt >= OPT_JSON || !optopt)
				bad_usage("option '%s' needs a value",
					  argv[optind - 1]);
			bad_usage("option '-%c' needs a value", optopt);
			break;
		default:
			if (optopt && optopt < OPT_JSON)
				bad_usage("unknown option '-%c'", optopt);
			bad_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		o->vm = argv[optind++];
	if (optind < argc)
		bad_usage("one VM at a time: unexpected '%s'", argv[optind]);
	if (!o->vm && (o->until_exit || o->interval || samples_given ||
		       o->record || o->json))
		bad_usage("-i, -n, --json, --record and --until-exit need a VM");
	if (o->summary && (!o->until_exit || o->json))
		bad_usage("--summary goes with --until-exit, without --json");
	if (o->until_exit && !o->interval)
		o->interval = 0.5;
	if ((o->interval || o->until_exit) && !samples_given)
		o->samples = 0;
	o->view.live = o->interval > 0;
}

static int list_vms(const struct options *o)
{
	struct vm vms[VMS_MAX];
	static struct sample s;
	static char text[STATS_TEXT_MAX];
	char path[512], comm[32], ex[32], err[ERR_LEN];
	int n = vm_list(o->root, vms, VMS_MAX), i, fd, shown = 0, bare = 0;
	u32 unknown;

	if (n < 0) {
		fprintf(stderr, "exitstat: cannot read %s: %s (mount -t debugfs none /sys/kernel/debug; is kvm loaded?)\n",
			o->root, strerror(errno));
		return EXIT_ERROR;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%.300s/%.31s/exit_stats", o->root,
			 vms[i].dir);
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			bare += errno == ENOENT && vm_alive(&vms[i]);
			continue;
		}
		if (vm_read(fd, text, sizeof(text)) < 0 ||
		    sample_parse(text, &s, &unknown, err)) {
			close(fd);
			continue;
		}
		close(fd);
		if (!shown++)
			printf("%-12s %8s %-16s %-6s %5s %14s %11s\n", "VM",
			       "PID", "COMMAND", "VENDOR", "VCPUS", "EXITS",
			       "CYC/EXIT");
		vm_comm(vms[i].pid, comm, sizeof(comm));
		fmt_thousands(s.count, ex, sizeof(ex));
		printf("%-12s %8d %-16s %-6s %5u %14s %11llu\n", vms[i].dir,
		       vms[i].pid, comm, s.vendor, s.vcpus, ex,
		       (unsigned long long)(s.count ? s.cycles / s.count : 0));
	}
	if (!shown)
		printf("no VMs with exit statistics in %s\n", o->root);
	if (bare) {
		fprintf(stderr, "exitstat: %d VM%s without exit_stats: KVM without exit statistics (unpatched kvm.ko?)\n",
			bare, bare == 1 ? "" : "s");
		return shown ? 0 : EXIT_ERROR;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - floor(s)) * 1e9) };

	while (!stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Open the VM's exit_stats: 0, or the exit status after a message. */
static int open_stats(const struct options *o, const struct vm *vm, int *fd,
		      bool *gone)
{
	char path[512], dir[512];

	snprintf(dir, sizeof(dir), "%.300s/%.31s", o->root, vm->dir);
	snprintf(path, sizeof(path), "%.300s/%.31s/exit_stats", o->root,
		 vm->dir);
	*fd = open(path, O_RDONLY);
	if (*fd >= 0)
		return 0;
	if (errno == ENOENT && access(dir, F_OK) == 0) {
		fprintf(stderr, "exitstat: VM %s has no exit_stats: KVM without exit statistics (unpatched kvm.ko?)\n",
			vm->dir);
		return EXIT_ERROR;
	}
	*gone = true;
	return 0;
}

struct run {
	struct sample *kept;	/* the samples, for the spread */
	u32 nkept, room;
	FILE *record;
};

/* Keep s for the spread, the first SAMPLES_KEPT of a run; false if full. */
static bool keep(struct run *r, const struct sample *s)
{
	struct sample *more;
	u32 room;

	if (r->nkept == r->room) {
		room = r->room ? 2 * r->room : 64;
		if (room > SAMPLES_KEPT)
			room = SAMPLES_KEPT;
		if (room == r->room)
			return false;
		more = realloc(r->kept, room * sizeof(*more));
		if (!more)
			return false;
		r->kept = more;
		r->room = room;
	}
	r->kept[r->nkept++] = *s;
	return true;
}

static void show(const struct options *o, const struct vm *vm,
		 const struct sample *s, const struct sample *prev, bool final,
		 struct run *r)
{
	if (r->record)
		out_json(r->record, vm, s, final);
	if (o->json) {
		out_json(stdout, vm, s, final);
		return;
	}
	if (o->summary && !final)
		return;
	if (o->view.live && isatty(STDOUT_FILENO) && !final)
		printf("\033[H\033[2J");
	else if (prev && !o->summary)
		printf("\n");
	/* No rates in the final table: it sums up the whole run. */
	out_table(stdout, vm, s, final ? NULL : prev, &o->view,
		  final ? "final, after the VM's process exited: " : NULL);
	fflush(stdout);
}

static int watch(const struct options *o, const struct vm *vm)
{
	static struct sample cur, prev;
	static char text[STATS_TEXT_MAX];
	char err[ERR_LEN];
	struct run r = { 0 };
	unsigned long taken = 0;
	bool gone = false, final = false, have_prev = false;
	double t0 = now();
	int fd = -1, status;
	u32 unknown, warned = 0, full = 0;

	if (o->record && !(r.record = fopen(o->record, "a"))) {
		fprintf(stderr, "exitstat: cannot write %s: %s\n", o->record,
			strerror(errno));
		return EXIT_ERROR;
	}
	if (o->until_exit) {
		status = open_stats(o, vm, &fd, &gone);
		if (status)
			return status;
	}
	while (!stop) {
		if (o->view.live && !vm_alive(vm)) {
			if (!o->until_exit)
				gone = true;
			final = true;
		}
		if (!o->until_exit && !gone) {
			status = open_stats(o, vm, &fd, &gone);
			if (status)
				return status;
		}
		if (!gone && (vm_read(fd, text, sizeof(text)) < 0 ||
			      sample_parse(text, &cur, &unknown, err)))
			gone = true;
		if (!o->until_exit && fd >= 0) {
			close(fd);
			fd = -1;
		}
		if (gone)
			break;
		if (unknown && !warned++)
			fprintf(stderr, "exitstat: skipped %u unknown line%s in %s's exit_stats\n",
				unknown, unknown == 1 ? "" : "s", vm->dir);
		cur.t = now() - t0;
		show(o, vm, &cur, have_prev ? &prev : NULL, final, &r);
		if (o->until_exit && !keep(&r, &cur) && !full++)
			fprintf(stderr, "exitstat: the spread covers the first %u samples only\n",
				r.nkept);
		prev = cur;
		have_prev = true;
		taken++;
		if (final || (o->samples && taken >= o->samples))
			break;
		nap(o->interval);
	}
	if (r.record)
		fclose(r.record);
	if (fd >= 0)
		close(fd);
	if (final && !o->json && r.nkept)
		out_spread(stdout, r.kept, r.nkept);
	free(r.kept);
	if (gone) {
		fprintf(stderr, "exitstat: VM %s has exited\n", vm->dir);
		return taken && !o->samples && o->view.live ? 0 : EXIT_VM_GONE;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	char err[ERR_LEN];
	struct vm vm;

	parse_options(argc, argv, &o);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (!o.vm)
		return list_vms(&o);
	if (access(o.root, R_OK | X_OK)) {
		fprintf(stderr, "exitstat: cannot read %s: %s (mount -t debugfs none /sys/kernel/debug; is kvm loaded?)\n",
			o.root, strerror(errno));
		return EXIT_ERROR;
	}
	if (vm_resolve(o.root, o.vm, &vm, err)) {
		fprintf(stderr, "exitstat: %s\n", err);
		return EXIT_ERROR;
	}
	return watch(&o, &vm);
}
