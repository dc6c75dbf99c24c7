/* Fuzz target: the trace file reader, and the writer on what it accepts
 * (a trace read back must write and read again). */
#include <stdlib.h>

#include "core/trace.h"
#include "fuzz/input.h"
#include "output/trace_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_trace *t = NULL;
	struct sp_diag d;
	char path[64];
	int fd = sp_fuzz_file(data, size, path, sizeof(path));

	if (fd < 0)
		return 0;
	if (sp_trace_read_json(path, &t, &d) == 0) {
		FILE *f = fopen("/dev/null", "w");

		if (!f || sp_trace_write_json(f, t))
			abort();
		fclose(f);
		sp_trace_free(t);
	}
	close(fd);
	return 0;
}
