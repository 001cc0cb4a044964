/* vm.c: find VMs in KVM's debugfs directory and read their exit_stats. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vm.h"

/* KVM names a VM's directory "PID-FD". */
static bool vm_name(const char *name, int *pid)
{
	int p, fd, len = 0;

	if (sscanf(name, "%d-%d%n", &p, &fd, &len) != 2 ||
	    name[len] != '\0' || p <= 0 || fd < 0 || name[0] == '-')
		return false;
	*pid = p;
	return true;
}

static int by_dir(const void *a, const void *b)
{
	const struct vm *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return strcmp(x->dir, y->dir);
}

int vm_list(const char *root, struct vm *vms, int max)
{
	DIR *d = opendir(root);
	struct dirent *e;
	int n = 0, pid;

	if (!d)
		return -1;
	while ((e = readdir(d)) && n < max) {
		if (strlen(e->d_name) >= VM_DIR_LEN ||
		    !vm_name(e->d_name, &pid))
			continue;
		strcpy(vms[n].dir, e->d_name);
		vms[n].pid = pid;
		n++;
	}
	closedir(d);
	qsort(vms, n, sizeof(*vms), by_dir);
	return n;
}

int vm_resolve(const char *root, const char *arg, struct vm *vm, char *err)
{
	struct vm vms[VMS_MAX];
	int n = vm_list(root, vms, VMS_MAX), found = 0, i, pid;
	char *end;
	long want;

	if (n < 0) {
		snprintf(err, ERR_LEN, "cannot read %s: %s", root,
			 strerror(errno));
		return -1;
	}
	if (vm_name(arg, &pid)) {
		for (i = 0; i < n; i++)
			if (!strcmp(vms[i].dir, arg)) {
				*vm = vms[i];
				return 0;
			}
		snprintf(err, ERR_LEN, "no VM %s in %s (run exitstat to list them)",
			 arg, root);
		return -1;
	}
	want = strtol(arg, &end, 10);
	if (*end || want <= 0) {
		snprintf(err, ERR_LEN, "'%s' is neither a VM (PID-FD) nor a PID",
			 arg);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (vms[i].pid == want && !found++)
			*vm = vms[i];
	if (found == 1)
		return 0;
	if (!found) {
		snprintf(err, ERR_LEN, "no VM of PID %ld in %s", want, root);
		return -1;
	}
	snprintf(err, ERR_LEN, "PID %ld has %d VMs; name one:", want, found);
	for (i = 0; i < n; i++)
		if (vms[i].pid == want && strlen(err) + VM_DIR_LEN < ERR_LEN) {
			strcat(err, " ");
			strcat(err, vms[i].dir);
		}
	return -1;
}

void vm_comm(int pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	f = fopen(path, "r");
	if (!f || !fgets(buf, size, f))
		snprintf(buf, size, "-");
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

/* Whether pid is a zombie: exited (its files closed), not yet reaped. */
static bool zombie(int pid)
{
	char path[64], stat[512], *end;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	n = fread(stat, 1, sizeof(stat) - 1, f);
	fclose(f);
	stat[n] = '\0';
	end = strrchr(stat, ')');	/* "PID (COMM) STATE ..." */
	return end && end[1] == ' ' && (end[2] == 'Z' || end[2] == 'X');
}

bool vm_alive(const struct vm *vm)
{
	if (kill(vm->pid, 0) && errno != EPERM)
		return false;
	return !zombie(vm->pid);
}

/* Read the whole file at fd from its start; the length, or -1 (errno). */
static long read_all(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t r;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	while (len + 1 < size) {
		r = read(fd, buf + len, size - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		len += r;
	}
	buf[len] = '\0';
	return len;
}

enum vm_status vm_open(const char *root, const struct vm *vm, int *fd,
		       char *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 16];

	snprintf(dir, sizeof(dir), "%s/%s", root, vm->dir);
	snprintf(path, sizeof(path), "%s/exit_stats", dir);
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd >= 0)
		return VM_OK;
	if (errno != ENOENT) {
		snprintf(err, ERR_LEN, "cannot open %.100s: %s", path,
			 strerror(errno));
		return VM_ERROR;
	}
	/* KVM removes the files of a VM it destroys before its directory. */
	return access(dir, F_OK) == 0 && vm_alive(vm) ? VM_UNPATCHED : VM_GONE;
}

enum vm_status vm_sample(int fd, struct sample *s, u32 *unknown, char *err)
{
	static char text[STATS_TEXT_MAX];
	long len = read_all(fd, text, sizeof(text));
	int r;

	if (len < 0 && (errno == ENOENT || errno == ENODEV || errno == EIO))
		return VM_GONE;
	if (len < 0) {
		snprintf(err, ERR_LEN, "cannot read exit_stats: %s",
			 strerror(errno));
		return VM_ERROR;
	}
	if (len == sizeof(text) - 1) {
		snprintf(err, ERR_LEN, "exit_stats is larger than %d bytes",
			 STATS_TEXT_MAX - 1);
		return VM_ERROR;
	}
	r = sample_parse(text, s, unknown, err);
	if (r == SAMPLE_EMPTY)
		return VM_GONE;
	return r ? VM_ERROR : VM_OK;
}
