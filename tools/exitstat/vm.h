/* vm.h: find VMs in KVM's debugfs directory and read their exit_stats. */
#ifndef EXITSTAT_VM_H
#define EXITSTAT_VM_H

#include <stdbool.h>
#include <stddef.h>

#include "sample.h"

#define VM_DIR_LEN	32	/* "PID-FD" */
#define VMS_MAX		256
#define STATS_TEXT_MAX	(64 * 1024)

struct vm {
	char dir[VM_DIR_LEN];
	int pid;
};

/* The VM directories under root, sorted; -1 with errno if unreadable. */
int vm_list(const char *root, struct vm *vms, int max);

/*
 * Resolve arg (a directory name "PID-FD" or a PID with one VM) to a VM.
 * Return 0, or -1 with a message in err[ERR_LEN].
 */
int vm_resolve(const char *root, const char *arg, struct vm *vm, char *err);

/* The command name of pid in buf ("-" if it is gone). */
void vm_comm(int pid, char *buf, size_t size);

/* Whether the process that made the VM still exists. */
bool vm_alive(const struct vm *vm);

/*
 * Read the exit_stats text of an open file from its start. Return the
 * length, or -1 with errno (a VM that went away: ENOENT, ENODEV, EIO).
 */
long vm_read(int fd, char *buf, size_t size);

#endif /* EXITSTAT_VM_H */
