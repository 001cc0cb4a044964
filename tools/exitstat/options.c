/* options.c: exitstat's command line, its help and its exit statuses. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#define INTERVAL_MAX	3600.0
#define SHORT_OPTS	":d:s:t:i:n:h"

static const char help[] =
"usage: exitstat [OPTION...]          list the VMs with exit statistics\n"
"       exitstat [OPTION...] VM       show one VM's exits per reason\n"
"\n"
"Reads the exit_stats file that the exit-probe host patch puts in each VM's\n"
"KVM debugfs directory: per exit reason, the count and the host TSC cycles\n"
"KVM spent handling it, summed over the VM's vCPUs. VM is a directory name\n"
"(PID-FD, as listed) or the PID of a process with one VM.\n"
"\n"
"The list shows per VM: VM, PID, COMMAND, VENDOR, VCPUS, EXITS and\n"
"CYCLES/EXIT. One VM's table has a header (VM, vendor, vCPUs, total exits,\n"
"cycles, cycles/exit) and per exit reason: NUMBER (VMX decimal, SVM hex),\n"
"NAME, COUNT, % of all exits, RATE/s (live only, else -), CYCLES, CYC/EXIT.\n"
"\n"
"  -d, --root DIR     KVM's debugfs directory (default " ROOT_DEFAULT ")\n"
"  -s, --sort KEY     order rows by count (default) or time (cycles)\n"
"  -t, --top N        show the N busiest reasons only (default: all)\n"
"  -i, --interval S   refresh every S seconds (decimal, e.g. 0.25): a live\n"
"                     view, rates from one sample to the next; on a terminal\n"
"                     the screen is redrawn, else the tables follow each\n"
"                     other a blank line apart\n"
"  -n, --samples N    stop after N samples (default 1; with -i or\n"
"                     --until-exit 0: until the VM exits or Ctrl-C)\n"
"      --json         one JSON object per sample and line instead of tables\n"
"      --record FILE  also append every sample to FILE as a JSON line\n"
"      --until-exit   keep the file open (so the VM's figures outlive its\n"
"                     process), refresh every -i S (default 0.5) and, once\n"
"                     the VM's process has exited, print the final figures\n"
"                     (JSON: \"final\":true) and, as text, the spread of the\n"
"                     exits over the run: per interval, its exits and its\n"
"                     three busiest reasons with their shares\n"
"      --summary      with --until-exit, without --json: print only the\n"
"                     final table and the spread (--record keeps every sample)\n"
"  -h, --help         this help\n"
"\n"
"A JSON line (--json, --record); t: seconds since the first sample;\n"
"reasons: every exit number in the file, ascending:\n"
"  {\"exitstat\":1,\"vm\":\"1234-11\",\"pid\":1234,\"t\":0.250,\"final\":false,\n"
"   \"vendor\":\"svm\",\"enabled\":true,\"vcpus\":1,\n"
"   \"total\":{\"count\":8612,\"cycles\":123456789},\"reasons\":[{\"nr\":114,\n"
"   \"code\":\"0x072\",\"name\":\"cpuid\",\"count\":3000,\"cycles\":1234567},...]}\n"
"\n"
"A VM that goes away while exitstat reads it ends the run with\n"
"\"exitstat: VM PID-FD has exited\" on stderr, never with a partial table.\n"
"\n"
"Exit status: 0 done (a live view with -n 0 whose VM exited included);\n"
"1 error (no debugfs, unknown or ambiguous VM, unpatched KVM, a bad\n"
"exit_stats file); 2 bad usage; 3 the VM exited before the samples asked\n"
"for were taken.\n";

void options_help(FILE *f)
{
	fputs(help, f);
}

/* Write the problem to err; OPTIONS_BAD. */
static int __attribute__((format(printf, 2, 3))) bad(char *err,
						     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, ERR_LEN, fmt, ap);
	va_end(ap);
	return OPTIONS_BAD;
}

/* s as a whole number from lo to max into *v; -1 if it is not one. */
static int whole(const char *s, unsigned long lo, unsigned long max,
		 unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno || *end || s[0] < '0' || s[0] > '9' || *v < lo ||
	       *v > max ? -1 : 0;
}

/* s as seconds in (0, INTERVAL_MAX] into *v; -1 if it is not that. */
static int seconds(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return errno || *end || s[0] < '0' || s[0] > '9' ||
	       !(*v > 0 && *v <= INTERVAL_MAX) ? -1 : 0;
}

/* The message for getopt's '?' (unknown) or ':' (no value) on argv. */
static int getopt_error(int c, char **argv, char *err)
{
	const char *word = argv[optind - 1];

	if (c == ':')
		return bad(err, "option '%s' needs a value", word);
	if (optopt && optopt < 256 && !strchr(SHORT_OPTS, optopt))
		return bad(err, "unknown option '-%c'", optopt);
	if (optopt && strchr(word, '='))
		return bad(err, "option '%.*s' takes no value",
			   (int)strcspn(word, "="), word);
	return bad(err, "unknown option '%s'", word);
}

/* The checks of options together, and the defaults that follow. */
static int settle(struct options *o, bool samples_given, char *err)
{
	if (!o->vm && (o->until_exit || o->interval || samples_given ||
		       o->record || o->json || o->summary))
		return bad(err, "-i, -n, --json, --record, --until-exit and --summary need a VM");
	if (o->summary && (!o->until_exit || o->json))
		return bad(err, "--summary goes with --until-exit, without --json");
	if (o->until_exit && !o->interval)
		o->interval = 0.5;
	if (o->interval && !samples_given)
		o->samples = 0;
	o->view.live = o->interval > 0;
	return OPTIONS_OK;
}

int options_parse(int argc, char **argv, struct options *o, char *err)
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
	unsigned long v;
	int c;

	memset(o, 0, sizeof(*o));
	o->root = ROOT_DEFAULT;
	o->samples = 1;
	optind = 0;	/* glibc: start afresh */
	opterr = 0;
	while ((c = getopt_long(argc, argv, SHORT_OPTS, longs, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->root = optarg;
			break;
		case 's':
			if (!strcmp(optarg, "count"))
				o->view.sort = SORT_COUNT;
			else if (!strcmp(optarg, "time"))
				o->view.sort = SORT_TIME;
			else
				return bad(err, "--sort is count or time, not '%s'",
					   optarg);
			break;
		case 't':
			if (whole(optarg, 1, ULONG_MAX, &v))
				return bad(err, "--top wants a whole number >= 1, not '%s'",
					   optarg);
			o->view.top = v < REASONS_MAX ? v : REASONS_MAX;
			break;
		case 'i':
			if (seconds(optarg, &o->interval))
				return bad(err, "--interval wants seconds in (0, %.0f], e.g. 0.25, not '%s'",
					   INTERVAL_MAX, optarg);
			break;
		case 'n':
			if (whole(optarg, 0, ULONG_MAX, &o->samples))
				return bad(err, "--samples wants a whole number >= 0, not '%s'",
					   optarg);
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
			return OPTIONS_HELP;
		default:
			return getopt_error(c, argv, err);
		}
	}
	if (optind < argc)
		o->vm = argv[optind++];
	if (optind < argc)
		return bad(err, "one VM at a time: unexpected '%s'",
			   argv[optind]);
	return settle(o, samples_given, err);
}
