/* watch.h: take one VM's samples: once, live, or until the VM exits. */
#ifndef EXITSTAT_WATCH_H
#define EXITSTAT_WATCH_H

#include "options.h"

/* Take and show the samples of vm that o asks for; the exit status. */
int watch(const struct options *o, const struct vm *vm);

#endif /* EXITSTAT_WATCH_H */
