/* -f FORMAT: one profile, every output a user deploys. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/array.h"
#include "output/c.h"
#include "output/cbpf.h"
#include "output/bpf_file.h"
#include "output/file.h"
#include "output/k8s.h"
#include "output/minijail.h"
#include "output/oci_json.h"
#include "output/systemd.h"

enum format {
	FMT_JSON,
	FMT_C,
	FMT_C_BPF,
	FMT_BPF,
	FMT_SYSTEMD,
	FMT_MINIJAIL,
	FMT_K8S,
};

static const char *const format_names[] = {
	[FMT_JSON] = "json",       [FMT_C] = "c",
	[FMT_C_BPF] = "c-bpf",     [FMT_BPF] = "bpf",
	[FMT_SYSTEMD] = "systemd", [FMT_MINIJAIL] = "minijail",
	[FMT_K8S] = "k8s",
};

#define NFORMATS ARRAY_SIZE(format_names)

static int format_of(const char *s)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (!strcmp(s, format_names[i]))
			return (int)i;
	return -1;
}

bool sp_cli_format_known(const char *format)
{
	return format_of(format) >= 0;
}

bool sp_cli_format_oci(const char *format)
{
	int f = format_of(format);

	return f == FMT_JSON || f == FMT_K8S;
}

struct job {
	enum format fmt;
	const struct sp_profile *p;
	const struct sp_bpf *b;
	char *const *notes;
	const char *name;
};

static int write_job(FILE *f, const void *arg)
{
	const struct job *j = arg;

	switch (j->fmt) {
	case FMT_JSON:
		return sp_profile_write_oci(f, j->p);
	case FMT_C:
		return sp_profile_write_c(f, j->p);
	case FMT_C_BPF:
		return sp_cbpf_write_c(f, j->p, j->b, j->notes);
	case FMT_BPF:
		return sp_bpf_file_write(f, j->b);
	case FMT_SYSTEMD:
		return sp_profile_write_systemd(f, j->p);
	case FMT_MINIJAIL:
		return sp_profile_write_minijail(f, j->p);
	case FMT_K8S:
		return sp_profile_write_k8s(f, j->p, j->name);
	}
	return -EINVAL;
}

int sp_cli_write_format(const char *format, const struct sp_profile *p,
			struct sp_trace *const *traces, size_t n,
			const char *name, const char *out, struct sp_diag *d)
{
	struct job j = { FMT_JSON, p, NULL, NULL, NULL };
	struct sp_cbpf_weight *w = NULL;
	struct sp_cbpf_opts o = { 0 };
	struct sp_bpf *b = NULL;
	char **notes = NULL;
	int fmt = format_of(format);
	int rc;

	if (fmt < 0) {
		sp_diag_set(d, NULL, 0, 0, NULL, "%s: unknown format",
			    format);
		return -EINVAL;
	}
	j.fmt = (enum format)fmt;
	j.name = name;
	if (!name && n && traces[0]->argv && traces[0]->argv[0])
		j.name = traces[0]->argv[0];
	if (j.fmt == FMT_C_BPF || j.fmt == FMT_BPF) {
		rc = sp_cbpf_weights_from_traces(traces, n, &w, &o.nweights);
		if (rc) {
			sp_diag_set(d, NULL, 0, 0, NULL, "%s", strerror(-rc));
			return rc;
		}
		o.weights = w;
		o.notes = &notes;
		rc = sp_cbpf_compile(p, &o, &b, d);
		free(w);
		if (rc)
			return rc;
		j.b = b;
		j.notes = notes;
	}
	rc = sp_file_write_atomic(out, write_job, &j, d);
	if (b)
		sp_cbpf_notes_free(notes, b->len);
	sp_bpf_free(b);
	return rc;
}
