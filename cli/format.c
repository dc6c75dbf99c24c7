/* -f FORMAT: one profile, every output a user deploys. */
#include <errno.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/cube.h"
#include "analyzer/norm.h"
#include "cli/cli.h"
#include "core/array.h"
#include "core/text.h"
#include "output/c.h"
#include "output/cbpf.h"
#include "output/bpf_file.h"
#include "output/file.h"
#include "output/firecracker.h"
#include "output/k8s.h"
#include "output/minijail.h"
#include "output/oci_json.h"
#include "output/seccomp.h"
#include "output/systemd.h"

enum format {
	FMT_JSON,
	FMT_C,
	FMT_C_BPF,
	FMT_BPF,
	FMT_SYSTEMD,
	FMT_MINIJAIL,
	FMT_K8S,
	FMT_FIRECRACKER,
};

static const char *const format_names[] = {
	[FMT_JSON] = "json",       [FMT_C] = "c",
	[FMT_C_BPF] = "c-bpf",     [FMT_BPF] = "bpf",
	[FMT_SYSTEMD] = "systemd", [FMT_MINIJAIL] = "minijail",
	[FMT_K8S] = "k8s",         [FMT_FIRECRACKER] = "firecracker",
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
	char names[128] = "";
	size_t used = 0;

	if (format_of(format) >= 0)
		return true;
	/* The names from the table the parser reads: a new format is
	 * never missing from the message. */
	for (size_t i = 0; i < NFORMATS && used < sizeof(names); i++)
		used += (size_t)snprintf(names + used, sizeof(names) - used,
					 "%s%s", i ? ", " : "",
					 format_names[i]);
	sp_cli_error("--format %s: expected %s", format, names);
	return false;
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
	struct sp_minijail_fit *fit;	/* -f minijail: what was widened */
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
		free(j->fit->whole);
		j->fit->whole = NULL;
		return sp_profile_write_minijail(f, j->p, j->fit);
	case FMT_K8S:
		return sp_profile_write_k8s(f, j->p, j->name);
	case FMT_FIRECRACKER:
		return sp_profile_write_firecracker(f, j->p, j->name);
	}
	return -EINVAL;
}

/* Do rules a and b match a call in common, on an arch p lists or the
 * native one? */
static bool rules_overlap(const struct sp_profile *p, const struct sp_rule *a,
			  const struct sp_rule *b)
{
	for (size_t i = 0; i <= p->narchs; i++)
		if (sp_rules_overlap(a, b, sp_norm_full(i < p->narchs ?
							    p->archs[i] :
							    sp_arch_native())))
			return true;
	return false;
}

/* sandprint's compiler applies the first rule that matches a call, and
 * minijail allows a call some allowing rule matches; libseccomp (-f json
 * and c, crun, runc) decides between overlapping rules of different
 * actions by its own order of the arguments: where a profile has such
 * rules, the formats may decide a call differently (a rule without
 * conditions overrides the others in all). */
static void warn_overlaps(const struct sp_profile *p, const char *format)
{
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *a = &p->rules[i];

		for (size_t j = i + 1; j < p->nrules; j++) {
			const struct sp_rule *b = &p->rules[j];
			const char *name = NULL;
			char ta[64], tb[64];

			if (!a->nconds || !b->nconds ||
			    (a->action == b->action &&
			     sp_action_errno(a->action, a->errno_ret) ==
				     sp_action_errno(b->action, b->errno_ret)))
				continue;
			for (size_t k = 0; k < a->nnames && !name; k++)
				for (size_t l = 0; l < b->nnames && !name; l++)
					if (!strcmp(a->names[k], b->names[l]))
						name = a->names[k];
			if (name && rules_overlap(p, a, b))
				sp_cli_error("warning: %s: a rule for %s and "
					     "a later one for %s overlap: "
					     "libseccomp (crun, runc, -f json) "
					     "decides between them by "
					     "argument, -f %s otherwise", name,
					     sp_action_text(a->action,
							    a->errno_ret, ta,
							    sizeof(ta)),
					     sp_action_text(b->action,
							    b->errno_ret, tb,
							    sizeof(tb)),
					     format);
		}
	}
}

/* The names libseccomp skips, for one warning: the runtimes linked with
 * it (crun, runc) drop their rules, so the calls get the default. */
struct unknown {
	char **names;
	size_t n, cap;
};

/* How many of them the warning names; the others it counts. */
#define UNKNOWN_NAMED 8

static void note_unknown(void *ctx, const char *name)
{
	struct unknown *u = ctx;
	char **at;

	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->names[i], name) == 0)
			return;	/* already noted */
	at = sp_array_push(&u->names, &u->n, &u->cap, sizeof(*at));
	if (at && !(*at = strdup(name)))
		u->n--;
}

static void say_unknown(struct unknown *u)
{
	char *list = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&list, &len);

	for (size_t i = 0; f && i < u->n && i < UNKNOWN_NAMED; i++)
		fprintf(f, "%s%s", i ? ", " : "", u->names[i]);
	if (f && u->n > UNKNOWN_NAMED)
		fprintf(f, " and %zu more", u->n - UNKNOWN_NAMED);
	if (f && !fclose(f))
		sp_cli_error("warning: %s: unknown to this machine's "
			     "libseccomp (%s): the runtimes linked with it "
			     "(crun, runc) skip %s rules, and these calls "
			     "get the default action", list,
			     sp_seccomp_version(),
			     u->n > 1 ? "their" : "its");
	free(list);
}

int sp_cli_write_format(const char *format, const struct sp_profile *p,
			struct sp_trace *const *traces, size_t n,
			const char *name, const char *out, struct sp_diag *d)
{
	struct sp_minijail_fit fit = { 0 };
	struct job j = { FMT_JSON, p, NULL, NULL, NULL, &fit };
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
	if (j.fmt == FMT_FIRECRACKER) {
		/* One filter_action: said before anything is written. */
		enum sp_action a;
		int e;

		rc = sp_firecracker_fit(p, &a, &e, d);
		if (rc)
			return rc;
		/* A thread category's name: merge's --name or input's, else
		 * main (not the command's). */
		j.name = name ? name : "main";
	}
	if (j.fmt == FMT_JSON || j.fmt == FMT_K8S || j.fmt == FMT_C ||
	    j.fmt == FMT_FIRECRACKER) {
		/* Their consumers build the filter with libseccomp: what it
		 * refuses (two actions under the same conditions, an errno
		 * from 4095 up) no runtime would load.  The rules only, on
		 * this machine's arch: a profile for another machine's
		 * arches does not load here. */
		struct unknown u = { 0 };
		struct sp_compile_opts co = { SP_COMPILE_AS_WRITTEN,
					      note_unknown, &u };
		struct sp_profile rules = *p;

		rules.narchs = 0;
		rc = sp_seccomp_compile(&rules, &co, &b, d);
		sp_bpf_free(b);
		b = NULL;
		if (!rc && u.n)
			say_unknown(&u);
		for (size_t i = 0; i < u.n; i++)
			free(u.names[i]);
		free(u.names);
		if (rc) {
			char why[sizeof(d->msg)];

			memcpy(why, d->msg, sizeof(why));
			sp_text_fit(d->msg, sizeof(d->msg), "%s: no runtime "
				    "building the filter with libseccomp "
				    "(crun, runc, Podman) would load this -f "
				    "%s profile", why, format);
			return rc;
		}
	}
	if (j.fmt == FMT_C_BPF || j.fmt == FMT_BPF || j.fmt == FMT_MINIJAIL)
		warn_overlaps(p, format);
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
	for (size_t i = 0; !rc && i < fit.nwhole; i++)
		sp_cli_error("warning: -f minijail: %s allowed whatever its "
			     "arguments: minijail's compiler would need about "
			     "%zu instructions for the whole profile, more than "
			     "the kernel's %d, and refuse it", fit.whole[i],
			     fit.insns, BPF_MAXINSNS);
	free(fit.whole);
	if (b)
		sp_cbpf_notes_free(notes, b->len);
	sp_bpf_free(b);
	return rc;
}
