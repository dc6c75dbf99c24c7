/* Fuzz target: the OCI/Docker profile reader, the writer on what it
 * accepts, and libseccomp's compilation of it. */
#include <stdlib.h>

#include "core/profile.h"
#include "fuzz/input.h"
#include "output/oci_json.h"
#include "output/seccomp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_profile *p = NULL;
	struct sp_diag d;
	char path[64];
	int fd = sp_fuzz_file(data, size, path, sizeof(path));

	if (fd < 0)
		return 0;
	if (sp_profile_read_oci(path, &p, &d) == 0) {
		struct sp_compile_opts o = { SP_COMPILE_AS_WRITTEN, NULL,
					     NULL };
		struct sp_bpf *b = NULL;
		FILE *f = fopen("/dev/null", "w");

		if (!f || sp_profile_write_oci(f, p))
			abort();
		fclose(f);
		if (sp_seccomp_compile(p, &o, &b, &d) == 0)
			sp_bpf_free(b);
		sp_profile_free(p);
	}
	close(fd);
	return 0;
}
