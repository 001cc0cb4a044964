/* json.c: exitstat's samples as JSON lines (--json, --record). */
#include <inttypes.h>

#include "json.h"

/* Write s as a JSON string: quoted, with '"', '\' and controls escaped. */
static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void out_json(FILE *f, const struct vm *vm, const struct sample *s,
	      bool final)
{
	char code[16];
	u32 i;

	fprintf(f, "{\"exitstat\":1,\"vm\":");
	json_string(f, vm->dir);
	fprintf(f, ",\"pid\":%d,\"t\":%.3f,\"final\":%s,\"vendor\":", vm->pid,
		s->t, final ? "true" : "false");
	json_string(f, s->vendor);
	fprintf(f, ",\"enabled\":%s,\"vcpus\":%u,"
		"\"total\":{\"count\":%" PRIu64 ",\"cycles\":%" PRIu64 "},"
		"\"reasons\":[", s->enabled ? "true" : "false", s->vcpus,
		s->count, s->cycles);
	for (i = 0; i < s->n; i++) {
		const struct reason *e = &s->reasons[i];

		reason_code(s, e->nr, code, sizeof(code));
		fprintf(f, "%s{\"nr\":%u,\"code\":\"%s\",\"name\":",
			i ? "," : "", e->nr, code);
		json_string(f, e->name);
		fprintf(f, ",\"count\":%" PRIu64 ",\"cycles\":%" PRIu64 "}",
			e->count, e->cycles);
	}
	fprintf(f, "]}\n");
	fflush(f);
}
