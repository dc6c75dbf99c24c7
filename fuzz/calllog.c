/* Fuzz target: strace's output and the kernel's audit records read back
 * (sandprint import), the trace they make written out.  Text only, as the
 * command reads it (a NUL byte is refused before). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/trace.h"
#include "output/calllog.h"
#include "output/trace_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *ctx, const struct sp_logged_call *c)
{
	size_t *n = ctx;

	if (c->ev.exe == UINT32_MAX)
		abort();
	(*n)++;
	return 0;
}

/* strace -k's frames: the strings whole, as import keeps them. */
static int frame(void *ctx, const char *module, const char *symbol,
		 uint64_t offset)
{
	(void)offset;
	if (!ctx || !module[0] || (symbol && !symbol[0]))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct sp_trace *t;
	struct sp_log_reader r;
	struct sp_diag d;
	size_t n = 0;
	int rc;

	if (memchr(data, 0, size))
		return 0;
	t = sp_trace_new();
	if (!t)
		return 0;
	t->end = SP_END_UNKNOWN;
	sp_log_reader_init(&r, t, count, &n);
	r.frame_fn = frame;
	/* Both readers, a file each, as -ff's files come one by one. */
	rc = sp_log_is_audit(text, size) ?
		     sp_audit_read(&r, "log", text, size, &d) :
		     sp_strace_read(&r, "log.123", text, size, 123, &d);
	if (!rc)
		rc = sp_strace_read(&r, "log", text, size / 2, 0, &d);
	if (rc != -ENOMEM && sp_log_reader_finish(&r) == 0) {
		FILE *f = fopen("/dev/null", "w");

		for (size_t i = 0; i < t->nprocs; i++)
			if (t->procs[i].exe >= t->nexes)
				abort();
		if (!f || sp_trace_write_json(f, t))
			abort();
		fclose(f);
	}
	sp_log_reader_fini(&r);
	sp_trace_free(t);
	return 0;
}
