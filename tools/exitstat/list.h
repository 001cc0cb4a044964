/* list.h: the list of VMs with exit statistics, one line each. */
#ifndef EXITSTAT_LIST_H
#define EXITSTAT_LIST_H

/* List the VMs under root; return the exit status. */
int list_vms(const char *root);

#endif /* EXITSTAT_LIST_H */
