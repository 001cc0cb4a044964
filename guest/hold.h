/* hold.h: a full statistics snapshot, then a halt while the host reads. */
#ifndef HOLD_H
#define HOLD_H

#include "types.h"

/*
 * Read every defined exit number's count and cycles through the leaves,
 * halt for about seconds s (the host reads its own figures meanwhile),
 * then print the snapshot as one JSON line. Needs the stats leaves.
 */
void hold_run(u32 s);

#endif /* HOLD_H */
