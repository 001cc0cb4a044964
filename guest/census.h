/* census.h: the exits this VM took before the probe ran. */
#ifndef CENSUS_H
#define CENSUS_H

#include "calc.h"

/* Read every defined exit number's figures; call before any output. */
void census_take(void);
/* Print the totals, the top reasons, and one JSON line per nonzero one. */
enum verdict census_print(u32 top);

#endif /* CENSUS_H */
