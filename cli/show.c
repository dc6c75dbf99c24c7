#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/generate.h"
#include "cli/cli.h"
#include "cli/filter.h"
#include "core/argnames.h"
#include "core/syscall.h"
#include "core/text.h"
#include "output/html.h"
#include "output/show.h"
#include "output/trace_json.h"
#include "tracer/static.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint show [--args MODE] [--static MODE] "
		"[--languages LIST]\n"
		"                      [--root DIR] [--format text|html] [-q] "
		"TRACE...\n"
		"       sandprint show [--format text|html] [--filter NAME] "
		"[-q] PROFILE\n\n"
		"Prints a readable summary.  For traces: per executable, each "
		"system call with\nits count, its argument values by name and "
		"its first call site (record\n--stacks); then the profile "
		"they make (several traces are merged, and rules\nseen in "
		"only some of them are flagged), the safety additions and "
		"why, the\ncalls the static analysis and the language "
		"runtimes add, each with the\nfunction and file behind it, "
		"and the arguments left unconstrained.  For a\nprofile: each "
		"rule with its conditions by name and its origin.\n\n"
		"      --args MODE       the profile's argument conditions: "
		"auto (default),\n"
		"                        strict, none\n"
		"      --static MODE     auto (default) or none, as 'sandprint "
		"profile'; paths:\n"
		"                        as auto, and with each call one chain "
		"of functions\n"
		"                        that reaches it\n"
		"      --languages LIST  auto (default), none, or a list, as "
		"'sandprint profile'\n"
		"      --root DIR        the recorded paths are under DIR, as "
		"'sandprint profile'\n"
		"      --filter NAME     the filter of a Firecracker file "
		"(default: its only\n"
		"                        one)\n"
		"  -f, --format FORMAT   text (default) or html: one page, no "
		"script, no\n"
		"                        request, with the process tree and "
		"the rules' evidence\n"
		"  -q, --quiet           no notes on stderr (as every "
		"command)\n"
		"  -h, --help            show this help\n");
}

/* Lines of a section shown after the profile (the notes, what the
 * static analysis could not read). */
struct lines {
	char **v;
	size_t n;
	bool nomem;
};

static void line(struct lines *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void line(struct lines *l, const char *fmt, ...)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof(*v));
	va_list ap;
	int rc;

	if (!v) {
		l->nomem = true;
		return;
	}
	l->v = v;
	va_start(ap, fmt);
	rc = vasprintf(&v[l->n], fmt, ap);
	va_end(ap);
	if (rc < 0)
		l->nomem = true;
	else
		l->n++;
}

static void lines_fini(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static void on_note(void *ctx, const struct sp_generate_note *n)
{
	struct lines *notes = ctx;
	char buf[SP_SYSCALL_NAME_MAX];
	const char *name = sp_syscall_name_or_nr(n->arch, n->nr, buf);

	switch (n->kind) {
	case SP_NOTE_UNNAMED:
		line(notes, "%s: no name in libseccomp, so no profile can "
			    "allow it (%llu calls)",
		     name, (unsigned long long)n->count);
		break;
	case SP_NOTE_TOO_MANY:
		line(notes, "%s: argument %u left unconstrained: %zu distinct "
			    "values seen",
		     name, n->arg, n->values);
		break;
	case SP_NOTE_SIBLING:
		line(notes, "%s: allowed, but UNFILTERED: %s", n->name,
		     n->text);
		break;
	case SP_NOTE_UNFOLDED:
		line(notes, "%s: %llu calls whose flags were not read, or do "
			    "not fit %s's: refused with ENOSYS, the fallback to "
			    "%s may be refused too",
		     name, (unsigned long long)n->count, n->name, n->name);
		break;
	}
}

/* Why a [language] name is allowed: the first runtime of langs that
 * lists it. */
static const char *lang_why(const char *name, unsigned langs, char *buf,
			    size_t len)
{
	enum sp_lang lang;
	const char *sc, *why;

	for (size_t i = 0; sp_lang_call(i, &lang, &sc, &why); i++) {
		if (!(langs & SP_LANG_BIT(lang)) || strcmp(sc, name) != 0)
			continue;
		snprintf(buf, len, "%s: %s", sp_lang_name(lang), why);
		return buf;
	}
	return NULL;
}

/* The entry of name in a static rule's comment, "name (site: tcsetpgrp
 * in libc.so.6; call: ioctl() in libc.so.6, by node)" (generate.c), its
 * parenthesis's content into buf; NULL when there is none. */
static const char *comment_entry(const char *comment, const char *name,
				 char *buf, size_t len)
{
	size_t nl = strlen(name);

	for (const char *s = comment ? strstr(comment, name) : NULL; s;
	     s = strstr(s + 1, name)) {
		const char *e;
		int depth = 0;

		if (s - comment < 2 || (strncmp(s - 2, ": ", 2) &&
					strncmp(s - 2, ", ", 2)) ||
		    strncmp(s + nl, " (", 2))
			continue;
		for (e = s + nl + 1; *e; e++) {
			depth += (*e == '(') - (*e == ')');
			if (!depth)
				break;
		}
		if (!*e)
			return NULL;
		snprintf(buf, len, "%.*s", (int)(e - (s + nl + 2)), s + nl + 2);
		return buf;
	}
	return NULL;
}

/* A static rule's conditions in words, then its evidence: "arg1 ==
 * TIOCSCTTY (low 32 bits): site: tcsetpgrp in libc.so.6; call: ...":
 * the rules of one name differ by their values, not by the file behind
 * the call.  NULL when out of memory. */
static char *with_conds(const struct sp_rule *r, const char *name,
			const char *why, const char *path)
{
	char cond[SP_COND_TEXT_MAX], entry[1024];
	const char *own = comment_entry(r->comment, name, entry,
					sizeof(entry));
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		return NULL;
	for (size_t k = 0; k < r->nconds; k++) {
		sp_cond_format(name, &r->conds[k], r->conds, r->nconds, cond,
			       sizeof(cond));
		fprintf(f, "%s%s", k ? " and " : "", cond);
	}
	fprintf(f, ": %s%s%s", own ? own : why ? why : "", path ? "; " : "",
		path ? path : "");
	if (fclose(f)) {
		free(out);
		return NULL;
	}
	return out;
}

/* Each [static] and [language] name of p, with its evidence. */
static int show_additions(const struct sp_profile *p,
			  const struct sp_cli_static *st,
			  const struct sp_generate_opts *gen,
			  struct sp_show_opts *so)
{
	struct sp_show_addition *a;
	char (*bufs)[160];
	char **paths;            /* evidence: with conditions, chain */
	size_t n = 0, total = 0;
	int rc = 0;

	for (size_t i = 0; i < p->nrules; i++)
		total += p->rules[i].nnames;
	a = calloc(total + 1, sizeof(*a));
	bufs = calloc(total + 1, sizeof(*bufs));
	paths = calloc(total + 1, sizeof(*paths));
	if (!a || !bufs || !paths) {
		rc = -ENOMEM;
		goto out;
	}
	for (int pass = 0; pass < 2 && !rc; pass++) {
		enum sp_origin want = pass ? SP_ORIGIN_LANG : SP_ORIGIN_STATIC;

		n = 0;
		for (size_t i = 0; i < p->nrules; i++) {
			const struct sp_rule *r = &p->rules[i];

			if (r->origin != want)
				continue;
			for (size_t k = 0; k < r->nnames; k++) {
				a[n].name = r->names[k];
				for (size_t e = 0; !pass && e < gen->nstatics;
				     e++) {
					const char *nm = sp_syscall_name(
						gen->statics[e].arch,
						gen->statics[e].nr);
					const char *path =
						st->res->calls[e].path;

					if (!nm || strcmp(nm, r->names[k]) ||
					    paths[n])
						continue;
					a[n].why = gen->statics[e].why;
					if (r->nconds)
						paths[n] = with_conds(
							r, nm, a[n].why, path);
					else if (path &&
						 asprintf(&paths[n], "%s; %s",
							  a[n].why ? a[n].why :
								     "",
							  path) < 0)
						paths[n] = NULL;
					if ((r->nconds || path) && !paths[n])
						rc = -ENOMEM;
					if (paths[n])
						a[n].why = paths[n];
				}
				if (pass)
					a[n].why = lang_why(r->names[k],
							    gen->langs, bufs[n],
							    sizeof(bufs[n]));
				n++;
			}
		}
		if (rc)
			break;
		rc = sp_show_additions(stdout,
				       pass ? "calls of the language runtimes "
					      "[language]" :
					      "calls reachable in the loaded "
					      "code [static]",
				       a, n, so);
	}
	if (!rc && st->res &&
	    (st->res->nskipped || st->res->unresolved || !st->res->files)) {
		struct lines l = { 0 };

		if (!st->res->files)
			line(&l, "nothing read: the traces name no executable "
				 "(an imported log): no call added [static] or "
				 "[language]");

		for (size_t i = 0; i < st->res->nskipped; i++)
			line(&l, "not read: %s: %s", st->res->skipped[i].path,
			     st->res->skipped[i].why);
		if (st->res->unresolved)
			line(&l, "%zu reachable syscall site%s with a number "
				 "that is not constant",
			     st->res->unresolved,
			     st->res->unresolved == 1 ? "" : "s");
		rc = l.nomem ? -ENOMEM :
			       sp_show_lines(stdout, "static analysis", l.v, l.n,
					     so);
		lines_fini(&l);
	}
out:
	for (size_t i = 0; paths && i < total; i++)
		free(paths[i]);
	free(paths);
	free(a);
	free(bufs);
	return rc;
}

static int show_traces(const struct sp_cli_input *in, int n,
		       const struct sp_profile_cli *pc, struct sp_show_opts *so)
{
	struct sp_trace **t = NULL;
	struct sp_generate_opts gen;
	struct lines notes = { 0 };
	struct sp_profile *p = NULL;
	struct sp_cli_static st = { 0 };
	enum sp_args_mode mode = pc->gen.args;
	const char *note;
	int rc = SP_EXIT_ERROR;
	char title[64];

	if (sp_cli_parse_traces(in, (size_t)n, &t))
		return SP_EXIT_ERROR;
	for (int i = 0; i < n; i++) {
		/* Which file each summary is, on a line of its own (it ran
		 * into the summary's "trace:"). */
		if (n > 1 && !so->html) {
			fputs(i ? "\n" : "", stdout);
			sp_text_put(stdout, in[i].path);
			fputs(":\n", stdout);
		}
		if (sp_show_trace(stdout, t[i], so))
			goto out;
	}
	if (sp_profile_cli_prepare(pc, t, (size_t)n, &st, &gen))
		goto out;
	gen.on_note = on_note;
	gen.ctx = &notes;
	if (sp_generate_profile(t, (size_t)n, &gen, &p)) {
		sp_cli_error("cannot build the profile: %s", strerror(ENOMEM));
		goto out;
	}
	if (st.res && !pc->root &&
	    (note = sp_cli_other_root_note(t, (size_t)n, false)))
		line(&notes, "%s", note);
	so->traces = t;
	so->ntraces = (size_t)n;
	snprintf(title, sizeof(title), "profile (--args %s%s)",
		 mode == SP_ARGS_AUTO ? "auto" :
		 mode == SP_ARGS_STRICT ? "strict" : "none",
		 n > 1 ? ", traces merged" : "");
	if (sp_show_profile(stdout, p, title, so) ||
	    show_additions(p, &st, &gen, so))
		goto out;
	if (notes.nomem) {
		sp_cli_error("show: %s", strerror(ENOMEM));
		goto out;
	}
	if (sp_show_lines(stdout, "notes", notes.v, notes.n, so))
		goto out;
	rc = fflush(stdout) ? SP_EXIT_ERROR : SP_EXIT_OK;
out:
	lines_fini(&notes);
	sp_cli_static_fini(&st);
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
		{ "static", required_argument, NULL, SP_OPT_STATIC },
		{ "languages", required_argument, NULL, SP_OPT_LANGUAGES },
		{ "root", required_argument, NULL, SP_OPT_ROOT },
		{ "format", required_argument, NULL, 'f' },
		SP_CLI_FILTER_LONGOPT,
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct sp_cli_docker dc = { 0 };
	struct sp_docker_opts dopts;
	struct sp_show_opts so = { .color = sp_cli_color(stdout),
				   .max_values = 8 };
	struct sp_profile_cli pc;
	struct sp_profile *p = NULL;
	struct sp_cli_input *in;
	bool for_traces = false;
	int c, stop, n, rc;

	sp_profile_cli_init(&pc);
	pc.paths_ok = true;
	optind = 1;
	while ((c = sp_cli_getopt(argc, argv, "f:qh", longopts, usage,
				  &stop))) {
		switch (c) {
		case SP_OPT_ARGS:
		case SP_OPT_STATIC:
		case SP_OPT_LANGUAGES:
		case SP_OPT_ROOT:
			if (sp_profile_cli_option(&pc, c, optarg) < 0)
				return SP_EXIT_ERROR;
			for_traces = true;
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
		default:
			sp_cli_docker_option(&dc, c, optarg);
			break;
		}
	}
	if (stop >= 0)
		return stop;
	if (sp_cli_docker_opts(&dopts, &dc))
		return SP_EXIT_ERROR;
	if (optind >= argc)
		return sp_cli_usage_error(usage, "show: no trace or profile "
					  "given");
	n = argc - optind;
	in = calloc((size_t)n, sizeof(*in));
	if (!in) {
		sp_cli_error("%s", strerror(ENOMEM));
		return SP_EXIT_ERROR;
	}
	rc = SP_EXIT_ERROR;
	for (int i = 0; i < n; i++) {
		if (sp_cli_profile_input_read(argv[optind + i], &in[i]))
			goto out;
		if (!sp_cli_input_is_trace(&in[i]) && n > 1) {
			sp_cli_error("%s: not a trace: show takes several "
				     "traces or one profile", in[i].path);
			goto out;
		}
	}
	if (!sp_cli_input_is_trace(&in[0]) && for_traces) {
		sp_cli_error("show: --args, --static, --languages and --root "
			     "apply to traces; %s is a profile", in[0].path);
		goto out;
	}
	if (so.html) {
		so.color = false;
		page_begin(in, n);
	}
	if (sp_cli_input_is_trace(&in[0])) {
		rc = show_traces(in, n, &pc, &so);
	} else if (sp_cli_parse_profile(&in[0], &dopts, &p, NULL) == 0) {
		rc = sp_show_profile(stdout, p, in[0].path, &so) ?
			     SP_EXIT_ERROR : SP_EXIT_OK;
		sp_profile_free(p);
	}
	if (so.html && !rc)
		sp_html_end(stdout);
out:
	for (int i = 0; i < n; i++)
		sp_cli_input_fini(&in[i]);
	free(in);
	return rc;
}
