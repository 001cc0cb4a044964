/* list.c: the list of VMs with exit statistics, one line each. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "list.h"
#include "options.h"

static void line(const struct vm *vm, const struct sample *s, bool first)
{
	char comm[32], ex[32], cyc[32];

	if (first)
		printf("%-14s %8s %-16s %-6s %5s %16s %12s\n", "VM", "PID",
		       "COMMAND", "VENDOR", "VCPUS", "EXITS", "CYCLES/EXIT");
	vm_comm(vm->pid, comm, sizeof(comm));
	fmt_thousands(s->count, ex, sizeof(ex));
	fmt_thousands(per_exit(s->cycles, s->count), cyc, sizeof(cyc));
	printf("%-14s %8d %-16s %-6s %5u %16s %12s\n", vm->dir, vm->pid, comm,
	       s->vendor, s->vcpus, ex, cyc);
}

int list_vms(const char *root)
{
	static struct vm vms[VMS_MAX];
	static struct sample s;
	char err[ERR_LEN];
	int n = vm_list(root, vms, VMS_MAX), i, fd, shown = 0, bare = 0;
	int status = 0;
	u32 unknown;

	if (n < 0) {
		fprintf(stderr, "exitstat: cannot read %s: %s\n", root,
			strerror(errno));
		return EXIT_ERROR;
	}
	for (i = 0; i < n; i++) {
		switch (vm_open(root, &vms[i], &fd, err)) {
		case VM_OK:
			break;
		case VM_UNPATCHED:
			bare++;
			continue;
		case VM_GONE:
			continue;
		default:
			fprintf(stderr, "exitstat: VM %s: %s\n", vms[i].dir,
				err);
			status = EXIT_ERROR;
			continue;
		}
		switch (vm_sample(fd, &s, &unknown, err)) {
		case VM_OK:
			line(&vms[i], &s, !shown++);
			break;
		case VM_ERROR:
			fprintf(stderr, "exitstat: VM %s: exit_stats: %s\n",
				vms[i].dir, err);
			status = EXIT_ERROR;
			break;
		default:
			break;
		}
		close(fd);
	}
	if (!shown)
		printf("no VMs with exit statistics in %s\n", root);
	if (bare) {
		fprintf(stderr, "exitstat: %d VM%s without exit_stats: KVM without exit statistics (unpatched kvm.ko?)\n",
			bare, bare == 1 ? "" : "s");
		if (!shown)
			status = EXIT_ERROR;
	}
	return status;
}
