/* sandprint merge: one profile from the profiles of many replicas, nodes
 * or runs (analyzer/merge.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/merge.h"
#include "cli/cli.h"
#include "cli/filter.h"
#include "core/profile.h"
#include "output/seccomp.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint merge [-f FORMAT] [-o OUT] "
		"[--default-action ACTION]\n"
		"                       [--name NAME] [--filter NAME] [-q] "
		"PROFILE...\n\n"
		"Writes one profile that allows what any PROFILE allows (the "
		"profiles of\nreplicas, nodes or runs of one workload), each "
		"rule saying in which\nprofiles it was and what their comments "
		"said.\n\n"
		"  -f, --format FORMAT      json (default), c, c-bpf, bpf, "
		"systemd, minijail,\n"
		"                           k8s, firecracker (see "
		"sandprint-formats(5))\n"
		"  -o, --output OUT         write here (default: stdout)\n"
		"      --default-action ACTION\n"
		"                           what unlisted calls get (needed "
		"when the\n"
		"                           profiles disagree): errno, "
		"kill-process, ...\n"
		"      --name NAME          the k8s resource's or the "
		"firecracker filter's\n"
		"                           name (default: the first "
		"profile's file name)\n"
		"      --filter NAME        the filter of Firecracker files "
		"(default: their\n"
		"                           only one)\n"
		"  -q, --quiet              no notes on stderr (as every "
		"command)\n"
		"  -h, --help               show this help\n");
}

/* The last k components of path ("a/b/web.json", 2: "b/web.json"), or
 * the whole path when it has no more. */
static const char *tail(const char *path, int k)
{
	for (const char *s = path + strlen(path); s > path; s--)
		if (s[-1] == '/' && --k == 0)
			return *s ? s : path;
	return path;
}

/* Each input's name in the comments: its file name, with as many of its
 * directories as tell it from the others (node-a/web.json and
 * node-b/web.json, the profiles of a fleet, all named web.json). */
static void name_inputs(char *const *paths, int n, const char **labels)
{
	for (int i = 0; i < n; i++) {
		for (int k = 1;; k++) {
			bool unique = true;

			labels[i] = tail(paths[i], k);
			for (int j = 0; j < n && unique; j++)
				unique = j == i ||
					 strcmp(tail(paths[j], k), labels[i]);
			if (unique || labels[i] == paths[i])
				break;
		}
	}
}

/* The first of in[0..n) that lists arch a, or -1. */
static int lists(struct sp_profile *const *in, int n, enum sp_arch a)
{
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < in[i]->narchs; k++)
			if (in[i]->archs[k] == a)
				return i;
	return -1;
}

struct notes {
	const char **labels;
	enum sp_action def;
	int def_errno;
	bool quiet;
};

static void on_note(void *ctx, const struct sp_merge_note *n)
{
	const struct notes *x = ctx;
	char a[64], d[64];

	if (x->quiet)
		return;
	sp_cli_error("merge: %s: %s refuses it (%s%s), %s allows it%s: "
		     "runtimes do not decide such overlapping rules as a "
		     "union, so that refusal is left out and the calls no "
		     "profile allows get the default (%s)",
		     n->name, x->labels[n->refused_in],
		     sp_action_text(n->action, n->errno_ret, a, sizeof(a)),
		     n->conds ? " under conditions" : "",
		     x->labels[n->allowed_in],
		     n->allowed_conds ? " under conditions" : "",
		     sp_action_text(x->def, x->def_errno, d, sizeof(d)));
}

int sp_cmd_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "default-action", required_argument, NULL,
		  SP_OPT_DEFAULT_ACTION },
		{ "name", required_argument, NULL, SP_OPT_NAME },
		SP_CLI_FILTER_LONGOPT,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *out = "-", *name = NULL;
	char first[256];
	struct sp_profile **in = NULL, *p = NULL;
	struct sp_profile_cli pc;
	struct sp_cli_docker dc = { 0 };
	struct sp_docker_opts dopts;
	const char **labels = NULL;
	enum sp_action action;
	enum sp_arch arch_a, arch_b;
	bool action_given = false, quiet = false;
	struct notes notes;
	struct sp_diag d = { 0 };
	int c, stop, n, rc = SP_EXIT_ERROR, def_errno;

	sp_profile_cli_init(&pc);
	optind = 1;
	while ((c = sp_cli_getopt(argc, argv, "f:o:qh", longopts, usage,
				  &stop))) {
		/* -f and --default-action as profile takes them. */
		int r = c == 'f' || c == SP_OPT_DEFAULT_ACTION ?
				sp_profile_cli_option(&pc, c, optarg) : 0;

		if (r < 0)
			return SP_EXIT_ERROR;
		action_given |= c == SP_OPT_DEFAULT_ACTION;
		if (r > 0)
			continue;
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case SP_OPT_NAME:
			name = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		default:
			sp_cli_docker_option(&dc, c, optarg);
			break;
		}
	}
	if (stop >= 0)
		return stop;
	if (sp_cli_docker_opts(&dopts, &dc))
		return SP_EXIT_ERROR;
	action = pc.gen.default_action;
	n = argc - optind;
	if (n < 1)
		return sp_cli_usage_error(usage, "merge: no profile given");
	if (sp_cli_output_ok(out, argv + optind, (size_t)n))
		return SP_EXIT_ERROR;
	in = calloc((size_t)n, sizeof(*in));
	labels = calloc((size_t)n, sizeof(*labels));
	if (!in || !labels) {
		sp_cli_error("merge: %s", strerror(ENOMEM));
		goto out;
	}
	for (int i = 0; i < n; i++) {
		const char *path = argv[optind + i];
		struct sp_cli_input file;

		/* Read once: a pipe works. */
		if (sp_cli_profile_input_read(path, &file))
			goto out;
		if (sp_cli_input_is_trace(&file)) {
			sp_cli_error("%s: a trace, not a profile: 'sandprint "
				     "profile TRACE...' makes one profile of "
				     "several traces", path);
			sp_cli_input_fini(&file);
			goto out;
		}
		c = sp_cli_parse_profile(&file, &dopts, &in[i], NULL);
		sp_cli_input_fini(&file);
		if (c)
			goto out;
	}
	name_inputs(argv + optind, n, labels);
	/* The inputs' default, when they agree; the union of allowlists
	 * with different defaults has no right answer to guess. */
	for (int i = 1; i < n && !action_given; i++) {
		const struct sp_profile *a = in[0], *b = in[i];
		char ta[64], tb[64];

		/* An unset errno is EPERM, as the runtimes read it. */
		if (a->default_action == b->default_action &&
		    sp_action_errno(a->default_action, a->default_errno) ==
			    sp_action_errno(b->default_action,
					    b->default_errno))
			continue;
		sp_cli_error("merge: %s and %s have different default actions "
			     "(%s, %s): choose one with --default-action",
			     labels[0], labels[i],
			     sp_action_text(a->default_action, a->default_errno,
					    ta, sizeof(ta)),
			     sp_action_text(b->default_action, b->default_errno,
					    tb, sizeof(tb)));
		goto out;
	}
	/* --default-action replaces the inputs' defaults, errno included
	 * (errno is EPERM, as for profile). */
	if (action_given) {
		def_errno = pc.gen.default_errno;
	} else {
		action = in[0]->default_action;
		def_errno = in[0]->default_errno;
	}
	if (in[0]->default_action == SP_ACT_ALLOW && !action_given) {
		sp_cli_error("merge: %s allows every call it does not list: "
			     "a union of such profiles is not an allowlist; "
			     "give --default-action", labels[0]);
		goto out;
	}
	notes = (struct notes){ labels, action, def_errno, quiet };
	c = sp_merge_profiles(in, labels, (size_t)n, action, def_errno,
			      on_note, &notes, &p);
	if (c) {
		sp_cli_error("merge: %s", strerror(-c));
		goto out;
	}
	/* A profile's rules hold on every arch it lists: an arch one input
	 * lists and another does not gets the other's rules too. */
	for (size_t k = 0; k < p->narchs && !quiet; k++) {
		int without = -1, with = lists(in, n, p->archs[k]);

		/* (No list at all is the native arch, for a runtime.) */
		for (int i = 0; i < n && without < 0; i++)
			if (lists(in + i, 1, p->archs[k]) < 0 &&
			    (in[i]->narchs || p->archs[k] != sp_arch_native()))
				without = i;
		if (without >= 0)
			sp_cli_error("merge: %s lists %s, %s does not: the "
				     "merged profile applies %s's rules to "
				     "%s calls too (a profile's rules hold "
				     "on all its arches)", labels[with],
				     sp_arch_name(p->archs[k]),
				     labels[without], labels[without],
				     sp_arch_name(p->archs[k]));
	}
	if (sp_seccomp_arches_fit(p->archs, p->narchs, &arch_a, &arch_b)) {
		sp_cli_error("merge: %s lists %s and %s lists %s: libseccomp "
			     "puts no two byte orders in one filter, so crun, "
			     "runc, systemd and -f c could not load their "
			     "union (merge the profiles of each byte order "
			     "apart)", labels[lists(in, n, arch_a)],
			     sp_arch_name(arch_a),
			     labels[lists(in, n, arch_b)], sp_arch_name(arch_b));
		goto out;
	}
	if (!name && strcmp(argv[optind], "-")) {
		/* "node-a.json" names the resource "node-a"; standard
		 * input names nothing (the format's own default, as
		 * profile's). */
		snprintf(first, sizeof(first), "%s", tail(argv[optind], 1));
		if (strrchr(first, '.'))
			*strrchr(first, '.') = '\0';
		name = *first ? first : NULL;
	}
	if (sp_cli_write_format(pc.format, p, NULL, 0, name, out, &d)) {
		sp_cli_diag(&d);
		goto out;
	}
	rc = SP_EXIT_OK;
out:
	for (int i = 0; in && i < n; i++)
		sp_profile_free(in[i]);
	free(in);
	free(labels);
	sp_profile_free(p);
	return rc;
}
