#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/generate.h"
#include "analyzer/imports.h"
#include "cli/cli.h"
#include "core/syscall.h"
#include "output/show.h"
#include "output/trace_json.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint show [--args MODE] TRACE...\n"
		"       sandprint show PROFILE\n\n"
		"Prints a readable summary.  For traces: per executable, each "
		"system call with\nits count, its argument values by name and "
		"its first call site (record\n--stacks); then the profile "
		"they make (several traces are merged, and rules\nseen in "
		"only some of them are flagged), the safety additions and "
		"why, the\narguments left unconstrained, and the imported "
		"libc functions whose calls\nnever ran.  For a profile: each "
		"rule with its conditions by name and its\norigin.\n\n"
		"      --args MODE  the profile's argument conditions: auto "
		"(default),\n"
		"                   strict, none\n"
		"  -h, --help       show this help\n");
}

struct notes {
	FILE *f;
	bool any;
};

static void on_note(void *ctx, const struct sp_generate_note *n)
{
	struct notes *notes = ctx;
	char buf[SP_SYSCALL_NAME_MAX];
	const char *name = sp_syscall_name_or_nr(n->arch, n->nr, buf);

	if (!notes->any)
		fprintf(notes->f, "\nnotes\n");
	notes->any = true;
	switch (n->kind) {
	case SP_NOTE_UNNAMED:
		fprintf(notes->f, "  %s: no name in libseccomp, so no profile "
				  "can allow it (%llu calls)\n",
			name, (unsigned long long)n->count);
		break;
	case SP_NOTE_TOO_MANY:
		fprintf(notes->f, "  %s: argument %u left unconstrained: %zu "
				  "distinct values seen\n",
			name, n->arg, n->values);
		break;
	}
}

static int show_traces(char **paths, int n, enum sp_args_mode mode,
		       struct sp_show_opts *so)
{
	struct sp_trace **t = NULL;
	struct sp_import_warning *w = NULL;
	struct sp_generate_opts gen;
	struct notes notes = { stdout, false };
	struct sp_profile *p = NULL;
	size_t nw = 0, unreadable = 0;
	int rc = SP_EXIT_ERROR;
	char title[64];

	if (sp_cli_read_traces(paths, (size_t)n, &t))
		return SP_EXIT_ERROR;
	for (int i = 0; i < n; i++) {
		if (n > 1)
			printf("%s%s", i ? "\n" : "", paths[i]);
		if (sp_show_trace(stdout, t[i], so))
			goto out;
	}
	sp_generate_opts_init(&gen);
	gen.args = mode;
	gen.on_note = on_note;
	gen.ctx = &notes;
	if (sp_generate_profile(t, (size_t)n, &gen, &p)) {
		sp_cli_error("cannot build the profile: %s", strerror(ENOMEM));
		goto out;
	}
	so->traces = t;
	so->ntraces = (size_t)n;
	snprintf(title, sizeof(title), "profile (--args %s%s)",
		 mode == SP_ARGS_AUTO ? "auto" :
		 mode == SP_ARGS_STRICT ? "strict" : "none",
		 n > 1 ? ", traces merged" : "");
	if (sp_show_profile(stdout, p, title, so))
		goto out;
	if (sp_cli_unexercised(t, (size_t)n, &w, &nw, &unreadable) == 0) {
		for (size_t i = 0; i < nw; i++) {
			if (!notes.any)
				printf("\nnotes\n");
			notes.any = true;
			printf("  %s imports %s() but %s never ran: that path "
			       "will be refused\n",
			       w[i].exe, w[i].wrapper, w[i].syscalls[0]);
		}
		if (unreadable)
			printf("  %zu executable%s could not be read for "
			       "imports\n",
			       unreadable, unreadable == 1 ? "" : "s");
	}
	rc = fflush(stdout) ? SP_EXIT_ERROR : SP_EXIT_OK;
out:
	free(w);
	sp_profile_free(p);
	sp_cli_free_traces(t, (size_t)n);
	return rc;
}

int sp_cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "args", required_argument, NULL, SP_OPT_ARGS },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sp_show_opts so = { .color = sp_cli_color(stdout),
				   .max_values = 8 };
	enum sp_args_mode mode = SP_ARGS_AUTO;
	struct sp_profile *p = NULL;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case SP_OPT_ARGS:
			if (sp_args_mode_parse(optarg, &mode)) {
				sp_cli_error("--args %s: expected none, auto or "
					     "strict", optarg);
				return SP_EXIT_ERROR;
			}
			break;
		case 'h':
			usage(stdout);
			return SP_EXIT_OK;
		default:
			usage(stderr);
			return SP_EXIT_ERROR;
		}
	}
	if (optind >= argc) {
		sp_cli_error("show: no trace or profile given");
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	for (int i = optind; i < argc; i++) {
		rc = sp_cli_is_trace(argv[i]);
		if (rc < 0) {
			sp_cli_error("%s: cannot read: %s", argv[i],
				     strerror(-rc));
			return SP_EXIT_ERROR;
		}
		if (rc == 0 && argc - optind > 1) {
			sp_cli_error("%s: not a trace: show takes several "
				     "traces or one profile", argv[i]);
			return SP_EXIT_ERROR;
		}
		if (rc == 0)
			break;
	}
	if (rc == 1)
		return show_traces(argv + optind, argc - optind, mode, &so);
	if (mode != SP_ARGS_AUTO) {
		sp_cli_error("show: --args applies to traces; %s is a profile",
			     argv[optind]);
		return SP_EXIT_ERROR;
	}
	if (sp_cli_read_profile(argv[optind], &p))
		return SP_EXIT_ERROR;
	rc = sp_show_profile(stdout, p, argv[optind], &so) ? SP_EXIT_ERROR :
							      SP_EXIT_OK;
	sp_profile_free(p);
	return rc;
}
