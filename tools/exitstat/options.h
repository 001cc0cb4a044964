/* options.h: exitstat's command line, its help and its exit statuses. */
#ifndef EXITSTAT_OPTIONS_H
#define EXITSTAT_OPTIONS_H

#include <stdio.h>

#include "table.h"

#define ROOT_DEFAULT	"/sys/kernel/debug/kvm"

/* Exit statuses, as the help text documents them. */
#define EXIT_ERROR	1
#define EXIT_USAGE	2
#define EXIT_VM_GONE	3

struct options {
	const char *root;	/* KVM's debugfs directory */
	const char *vm;		/* NULL: list the VMs */
	const char *record;	/* JSON lines appended here too */
	struct view view;
	double interval;	/* seconds between samples, 0: one-shot */
	unsigned long samples;	/* 0: until the VM exits */
	bool json;
	bool until_exit;
	bool summary;		/* only the final table and the spread */
};

/* options_parse()'s results. */
enum {
	OPTIONS_OK,
	OPTIONS_HELP,	/* -h: print options_help() and exit 0 */
	OPTIONS_BAD,	/* the problem is in err[ERR_LEN] */
};

/* Parse argv into o; the defaults are filled in. */
int options_parse(int argc, char **argv, struct options *o, char *err);

void options_help(FILE *f);

#endif /* EXITSTAT_OPTIONS_H */
