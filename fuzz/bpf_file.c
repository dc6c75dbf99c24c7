/* Fuzz target: raw cBPF files (what bwrap --seccomp and -f bpf use). */
#include "fuzz/input.h"
#include "output/seccomp.h"
#include "output/bpf_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_bpf *b = NULL;
	struct sp_diag d;
	char path[64];
	int fd = sp_fuzz_file(data, size, path, sizeof(path));

	if (fd < 0)
		return 0;
	if (sp_bpf_file_read(path, &b, &d) == 0)
		sp_bpf_free(b);
	close(fd);
	return 0;
}
