/* json.h: exitstat's samples as JSON lines (--json, --record). */
#ifndef EXITSTAT_JSON_H
#define EXITSTAT_JSON_H

#include <stdio.h>

#include "sample.h"
#include "vm.h"

/*
 * Write one reading s of vm as one JSON line, flushed:
 * {"exitstat":1,"vm":"1234-11","pid":1234,"t":0.250,"final":false,
 *  "vendor":"svm","enabled":true,"vcpus":1,
 *  "total":{"count":8612,"cycles":123456789},
 *  "reasons":[{"nr":114,"code":"0x072","name":"cpuid","count":3000,
 *  "cycles":1234567},...]}
 * with the reasons ascending by nr.
 */
void out_json(FILE *f, const struct vm *vm, const struct sample *s,
	      bool final);

#endif /* EXITSTAT_JSON_H */
