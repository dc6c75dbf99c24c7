#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/generate.h"
#include "analyzer/imports.h"
#include "cli/cli.h"
#include "core/syscall.h"
#include "core/text.h"
#include "output/html.h"
#include "output/show.h"
#include "output/trace_json.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint show [--args MODE] [--format text|html] [-q] "
		"TRACE...\n"
		"       sandprint show [--format text|html] [-q] PROFILE\n\n"
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
		"  -f, --format FORMAT text (default) or html: one page, "
		"no script, no\n"
		"                   request, with the process tree and the "
		"rules' evidence\n"
		"  -q, --quiet      no notes on stderr (as every command)\n"
		"  -h, --help       show this help\n");
}

/* The notes, shown after the profile. */
struct notes {
	char **v;
	size_t n;
	bool nomem;
};

static void note(struct notes *notes, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct notes *notes, const char *fmt, ...)
{
	char **v = realloc(notes->v, (notes->n + 1) * sizeof(*v));
	va_list ap;
	int rc;

	if (!v) {
		notes->nomem = true;
		return;
	}
	notes->v = v;
	va_start(ap, fmt);
	rc = vasprintf(&v[notes->n], fmt, ap);
	va_end(ap);
	if (rc < 0)
		notes->nomem = true;
	else
		notes->n++;
}

static void on_note(void *ctx, const struct sp_generate_note *n)
{
	struct notes *notes = ctx;
	char buf[SP_SYSCALL_NAME_MAX];
	const char *name = sp_syscall_name_or_nr(n->arch, n->nr, buf);

	switch (n->kind) {
	case SP_NOTE_UNNAMED:
		note(notes, "%s: no name in libseccomp, so no profile can "
			    "allow it (%llu calls)",
		     name, (unsigned long long)n->count);
		break;
	case SP_NOTE_TOO_MANY:
		note(notes, "%s: argument %u left unconstrained: %zu distinct "
			    "values seen",
		     name, n->arg, n->values);
		break;
	case SP_NOTE_SIBLING:
		note(notes, "%s: allowed, but UNFILTERED: %s", n->name, n->text);
		break;
	case SP_NOTE_UNFOLDED:
		note(notes, "%s: %llu calls whose flags were not read, or do "
			    "not fit %s's: refused with ENOSYS, the fallback to "
			    "%s may be refused too",
		     name, (unsigned long long)n->count, n->name, n->name);
		break;
	}
}

static int show_traces(const struct sp_cli_input *in, int n,
		       enum sp_args_mode mode, struct sp_show_opts *so)
{
	struct sp_trace **t = NULL;
	struct sp_import_warning *w = NULL;
	struct sp_generate_opts gen;
	struct notes notes = { 0 };
	struct sp_profile *p = NULL;
	size_t nw = 0, unreadable = 0;
	int rc = SP_EXIT_ERROR;
	char title[64];

	if (sp_cli_parse_traces(in, (size_t)n, &t))
		return SP_EXIT_ERROR;
	for (int i = 0; i < n; i++) {
		if (n > 1 && !so->html) {
			fputs(i ? "\n" : "", stdout);
			sp_text_put(stdout, in[i].path);
		}
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
		for (size_t i = 0; i < nw; i++)
			note(&notes, "%s imports %s() but %s never ran: that "
				     "path will be refused",
			     w[i].exe, w[i].wrapper, w[i].syscalls[0]);
		if (unreadable)
			note(&notes, "%zu executable%s could not be read for "
				     "imports",
			     unreadable, unreadable == 1 ? "" : "s");
	}
	if (notes.nomem) {
		sp_cli_error("show: %s", strerror(ENOMEM));
		goto out;
	}
	if (sp_show_notes(stdout, notes.v, notes.n, so))
		goto out;
	rc = fflush(stdout) ? SP_EXIT_ERROR : SP_EXIT_OK;
out:
	for (size_t i = 0; i < notes.n; i++)
		free(notes.v[i]);
	free(notes.v);
	free(w);
	sp_profile_free(p);
	sp_cli_free_traces(t, (size_t)n);
	return rc;
}

/* The HTML page's head: "sandprint show: t1.json t2.json". */
static void page_begin(const struct sp_cli_input *in, int n)
{
	char title[512];
	size_t at = (size_t)snprintf(title, sizeof(title), "sandprint show:");

	for (int i = 0; i < n && at < sizeof(title); i++)
		at += (size_t)snprintf(title + at, sizeof(title) - at, " %s",
				       in[i].path);
	sp_html_begin(stdout, title);
}

int sp_cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "args", required_argument, NULL, SP_OPT_ARGS },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sp_show_opts so = { .color = sp_cli_color(stdout),
				   .max_values = 8 };
	enum sp_args_mode mode = SP_ARGS_AUTO;
	struct sp_profile *p = NULL;
	struct sp_cli_input *in;
	int c, n, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:qh", longopts, NULL)) != -1) {
		switch (c) {
		case SP_OPT_ARGS:
			if (sp_args_mode_parse(optarg, &mode)) {
				sp_cli_error("--args %s: expected none, auto or "
					     "strict", optarg);
				return SP_EXIT_ERROR;
			}
			break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "html")) {
				sp_cli_error("--format %s: expected text or "
					     "html", optarg);
				return SP_EXIT_ERROR;
			}
			so.html = strcmp(optarg, "html") == 0;
			break;
		case 'q':
			/* Nothing but errors goes to stderr already. */
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
	n = argc - optind;
	in = calloc((size_t)n, sizeof(*in));
	if (!in) {
		sp_cli_error("%s", strerror(ENOMEM));
		return SP_EXIT_ERROR;
	}
	rc = SP_EXIT_ERROR;
	for (int i = 0; i < n; i++) {
		if (sp_cli_input_read(argv[optind + i], &in[i]))
			goto out;
		if (!sp_cli_input_is_trace(&in[i]) && n > 1) {
			sp_cli_error("%s: not a trace: show takes several "
				     "traces or one profile", in[i].path);
			goto out;
		}
	}
	if (so.html) {
		so.color = false;
		page_begin(in, n);
	}
	if (sp_cli_input_is_trace(&in[0])) {
		rc = show_traces(in, n, mode, &so);
		goto out;
	}
	if (mode != SP_ARGS_AUTO) {
		sp_cli_error("show: --args applies to traces; %s is a profile",
			     in[0].path);
		goto out;
	}
	if (sp_cli_parse_profile(&in[0], NULL, &p, NULL))
		goto out;
	rc = sp_show_profile(stdout, p, in[0].path, &so) ? SP_EXIT_ERROR :
							     SP_EXIT_OK;
	sp_profile_free(p);
out:
	if (so.html && !rc)
		sp_html_end(stdout);
	for (int i = 0; i < n; i++)
		sp_cli_input_fini(&in[i]);
	free(in);
	return rc;
}
