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

/* What became of an attempt to open or read a VM's exit_stats. */
enum vm_status {
	VM_OK,
	VM_GONE,	/* the VM went away: no directory, no file, no text */
	VM_UNPATCHED,	/* a live VM's directory without exit_stats */
	VM_ERROR,	/* anything else; the message is in err */
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

/*
 * Whether the process that made the VM still runs (a zombie has closed its
 * files, its VM's among them).
 */
bool vm_alive(const struct vm *vm);

/* Open the exit_stats of vm under root into *fd (VM_ERROR: see err). */
enum vm_status vm_open(const char *root, const struct vm *vm, int *fd,
		       char *err);

/*
 * Read and parse the exit_stats open at fd, from its start (seq_file
 * regenerates it), into s; count its unknown lines in *unknown. A read
 * that fails with ENOENT, ENODEV or EIO, or finds no text, is VM_GONE.
 */
enum vm_status vm_sample(int fd, struct sample *s, u32 *unknown, char *err);

#endif /* EXITSTAT_VM_H */
