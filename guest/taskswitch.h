/* taskswitch.h: hardware task switches from a long-mode guest. */
#ifndef TASKSWITCH_H
#define TASKSWITCH_H

#include "types.h"

/* Fill the TSSes of tasks A and B and their GDT descriptors. */
void task_switch_init(void);

/* Leave long mode, switch to task B and back (two switches), return. */
void task_switch_roundtrip(void);

#endif /* TASKSWITCH_H */
