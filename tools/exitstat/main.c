/* main.c: exitstat, the host's view of KVM VMs' exit statistics. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "list.h"
#include "options.h"
#include "watch.h"

/* Whether KVM's debugfs directory can be read, with a hint if not. */
static bool root_ok(const char *root)
{
	if (access(root, R_OK | X_OK) == 0)
		return true;
	fprintf(stderr, "exitstat: cannot read %s: %s (%s)\n", root,
		strerror(errno),
		errno == EACCES ? "run as root" :
		"mount -t debugfs none /sys/kernel/debug; is kvm loaded?");
	return false;
}

int main(int argc, char **argv)
{
	struct options o;
	char err[ERR_LEN];
	struct vm vm;

	switch (options_parse(argc, argv, &o, err)) {
	case OPTIONS_HELP:
		options_help(stdout);
		return 0;
	case OPTIONS_BAD:
		fprintf(stderr, "exitstat: %s\nTry 'exitstat --help'.\n", err);
		return EXIT_USAGE;
	}
	if (!root_ok(o.root))
		return EXIT_ERROR;
	if (!o.vm)
		return list_vms(o.root);
	if (vm_resolve(o.root, o.vm, &vm, err)) {
		fprintf(stderr, "exitstat: %s\n", err);
		return EXIT_ERROR;
	}
	return watch(&o, &vm);
}
