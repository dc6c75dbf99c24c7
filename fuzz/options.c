/* Fuzz target: the parsers of what the command line gives (--caps,
 * --kernel, --arch, explain's SYSCALL and ARG..., actions, comparison
 * names, a trace's end) and the sniffing that tells a profile from a
 * trace before either is read, and sp_text_fit.  Each line of the input
 * is given to every one; a value read back must print as what it parsed
 * to. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arch.h"
#include "core/argnames.h"
#include "core/profile.h"
#include "core/syscall.h"
#include "core/text.h"
#include "core/trace.h"
#include "output/docker.h"
#include "output/oci_json.h"
#include "output/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* sp_text_fit of s into buffers of the sizes that cut differently: the
 * text fits, what fits is as it was, and text that needs no escaping
 * (printable, valid UTF-8) is cut between its characters. */
static void fit(const char *s, bool printable)
{
	static const size_t sizes[] = { 1, 2, 4, 26, 27, 28, 29, 31, 64, 200 };
	char buf[200], safe[64];

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t len = sizes[i];

		sp_text_fit(buf, len, "%s", s);
		if (strlen(buf) >= len ||
		    (strlen(s) < len && strcmp(buf, s)) ||
		    (printable && sp_text_safe(buf, safe, sizeof(safe)) != buf))
			abort();
	}
}

static void one(char *s)
{
	struct sp_docker_opts o;
	struct sp_diag d;
	enum sp_arch arch;
	enum sp_action act;
	enum sp_cmp cmp;
	enum sp_trace_end end;
	enum sp_report_format rf;
	char *copy = strdup(s), safe[64];
	int64_t nr;
	uint64_t v;
	int a, b;

	if (!copy)
		return;
	sp_docker_opts_init(&o);
	if (sp_docker_caps_parse(copy, &o, &d) == 0 &&
	    o.ncaps > SP_DOCKER_MAX_CAPS)
		abort();
	free(copy);
	if (sp_kernel_version_parse(s, &a, &b) == 0 && (a < 0 || b < 0))
		abort();
	if (sp_arch_parse(s, &arch) == 0 &&
	    (sp_arch_parse(sp_arch_name(arch), &arch) ||
	     sp_arch_parse(sp_arch_oci_name(arch), &arch)))
		abort();
	/* seccomp_data.nr is an int. */
	if (sp_syscall_nr(SP_ARCH_X86_64, s, &nr) == 0 &&
	    (nr < INT32_MIN || nr > INT32_MAX))
		abort();
	(void)sp_argname_parse(s, &v);
	(void)sp_action_parse(s, &act);
	(void)sp_cmp_parse(s, &cmp);
	if (sp_trace_end_parse(s, &end) == 0 &&
	    sp_trace_end_parse(sp_trace_end_name(end), &end))
		abort();
	(void)sp_report_format_parse(s, &rf);
	fit(s, sp_text_safe(s, safe, sizeof(safe)) == s);
	(void)sp_profile_json_is_profile(s, strlen(s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *save = NULL;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		one(line);
	free(text);
	return 0;
}
