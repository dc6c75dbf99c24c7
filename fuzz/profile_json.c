/* Fuzz target: JSON profiles in every form check, diff and explain read:
 * OCI's, Docker's and Podman's (archMap, includes/excludes by caps,
 * arches and minKernel, errno strings), resolved for a container that the
 * input's hash picks (capabilities none, the engine's, all; kernel 0.0,
 * 4.8, 6.1; host arch x86_64, aarch64, s390x), then written as OCI and
 * read back, and compiled. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/profile.h"
#include "output/docker.h"
#include "output/oci_json.h"
#include "output/seccomp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Written, then read back: what the writer makes of what the reader
 * accepted must read. */
static void round_trip(const struct sp_profile *p)
{
	struct sp_profile *back = NULL;
	struct sp_diag d;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f || sp_profile_write_oci(f, p) || fclose(f))
		abort();
	if (sp_profile_parse_oci("back", buf, len, &back, &d))
		abort();
	sp_profile_free(back);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const caps[] = { "none", "default", "all" };
	static const int kernels[][2] = { { 0, 0 }, { 4, 8 }, { 6, 1 } };
	static const enum sp_arch arches[] = { SP_ARCH_X86_64,
					       SP_ARCH_AARCH64,
					       SP_ARCH_S390X };
	struct sp_docker_opts o;
	struct sp_profile *p = NULL;
	struct sp_diag d;
	enum sp_json_form form;
	uint32_t h = 2166136261u;
	char *text, list[16];

	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	sp_docker_opts_init(&o);
	snprintf(list, sizeof(list), "%s", caps[h % 3]);
	if (sp_docker_caps_parse(list, &o, &d))
		abort();
	o.kmajor = kernels[(h / 3) % 3][0];
	o.kminor = kernels[(h / 3) % 3][1];
	o.arch = arches[(h / 9) % 3];
	/* As the file reader hands it over: NUL-terminated, writable. */
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (sp_profile_parse_json("fuzz.json", text, size, &o, &p, &form,
				  &d) == 0) {
		struct sp_compile_opts co = { SP_COMPILE_AS_WRITTEN, NULL,
					      NULL };
		struct sp_bpf *b = NULL;

		round_trip(p);
		if (sp_seccomp_compile(p, &co, &b, &d) == 0)
			sp_bpf_free(b);
		sp_profile_free(p);
	}
	free(text);
	return 0;
}
