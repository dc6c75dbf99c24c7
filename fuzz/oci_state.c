/* Fuzz target: what oci-hook is given on stdin (the container's state),
 * and the annotations looked up in it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/oci_state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_oci_state *s = NULL;
	struct sp_diag d;

	if (sp_oci_state_read((const char *)data, size, "stdin", &s, &d))
		return 0;
	if (!s->id || !s->status || s->pid < 0)
		abort();
	for (size_t i = 0; i < s->nannotations; i++)
		if (sp_oci_state_annotation(s, s->keys[i]) == NULL)
			abort();
	(void)sp_oci_state_annotation(s, "io.sandprint.record");
	sp_oci_state_free(s);
	return 0;
}
