#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/text.h"
#include "output/file.h"

static FILE *mirror;

void sp_cli_mirror(FILE *f)
{
	mirror = f;
}

/* The messages of the runs of record --repeat (sp_cli_runs_begin), each
 * by its shape, its numbers left out: "3 of 40 patterns" in one run and
 * "5 of 41" in the next are the same note, said once.  What a later run
 * said with other numbers is not lost: the runs it came in and the
 * distinct values of each number are kept, and said in one line when
 * the runs end (sp_cli_runs_end).  The first nbefore are the earlier
 * runs'. */
#define SP_NOTE_VALUES 4

struct note_slot {
	char *v[SP_NOTE_VALUES];  /* distinct values, as written */
	size_t n;
	bool more;                /* more than SP_NOTE_VALUES */
};

struct note {
	char *shape;
	char *text;               /* as it was said */
	unsigned long *again;     /* later runs that said it otherwise */
	size_t nagain;
	struct note_slot *slots;  /* ... their numbers, one per '#' */
	size_t nslots;
};

static struct {
	unsigned long run, n;
	struct note *seen;
	size_t nseen, nbefore;
} runs;

/* s with each run of digits as one '#': a message's shape. */
static char *shape_of(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	while (*s) {
		if (*s >= '0' && *s <= '9') {
			*o++ = '#';
			s += strspn(s, "0123456789");
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

/* Keeps what text, of note's shape, says in this run: the run, and each
 * of its numbers among its slot's values.  Best effort (memory). */
static void keep_numbers(struct note *nt, const char *text)
{
	unsigned long *more;
	size_t slot = 0;

	if (!nt->slots) {
		for (const char *c = nt->shape; *c; c++)
			nt->nslots += *c == '#';
		nt->slots = calloc(nt->nslots ? nt->nslots : 1,
				   sizeof(*nt->slots));
		if (!nt->slots)
			return;
	}
	if (!nt->nagain || nt->again[nt->nagain - 1] != runs.run) {
		more = realloc(nt->again, (nt->nagain + 1) * sizeof(*more));
		if (!more)
			return;
		nt->again = more;
		nt->again[nt->nagain++] = runs.run;
	}
	/* The text and its shape side by side: a '#' of the shape is a
	 * run of digits of the text, or a '#' written (left without
	 * values, said as it is). */
	for (const char *c = text, *h = nt->shape; *c && *h; h++) {
		struct note_slot *sl = &nt->slots[slot];
		size_t len = strspn(c, "0123456789"), i;

		if (*h != '#' || !len) {
			slot += *h == '#';
			c++;
			continue;
		}
		for (i = 0; i < sl->n; i++)
			if (strlen(sl->v[i]) == len &&
			    strncmp(sl->v[i], c, len) == 0)
				break;
		if (i == sl->n && sl->n < SP_NOTE_VALUES &&
		    (sl->v[sl->n] = strndup(c, len)))
			sl->n++;
		else if (i == sl->n)
			sl->more = true;
		c += len;
		slot++;
	}
}

/* Whether buf, said during a run of record --repeat, was said already
 * in an earlier run (then it is held back, its numbers kept when they
 * differ); a new one is remembered. */
static bool said_before(const char *buf)
{
	struct note *more;
	char *shape, *text;

	if (!runs.run)
		return false;
	shape = shape_of(buf);
	if (!shape)
		return false;
	for (size_t i = 0; i < runs.nbefore; i++) {
		if (strcmp(runs.seen[i].shape, shape) == 0) {
			if (strcmp(runs.seen[i].text, buf) != 0)
				keep_numbers(&runs.seen[i], buf);
			free(shape);
			return true;
		}
	}
	text = strdup(buf);
	more = realloc(runs.seen, (runs.nseen + 1) * sizeof(*more));
	if (!more || !text) {
		free(shape);
		free(text);
		return false;
	}
	runs.seen = more;
	runs.seen[runs.nseen++] = (struct note){ .shape = shape,
						 .text = text };
	return false;
}

void sp_cli_runs_begin(unsigned long run, unsigned long n)
{
	runs.run = run;
	runs.n = n;
	runs.nbefore = runs.nseen;
}

/* "runs 2, 4 to 6 of 6, again with other numbers: ... {3, 5} processes
 * ...": a note later runs said otherwise, each number that differed as
 * its values (up to SP_NOTE_VALUES, then "..."). */
static void say_again(const struct note *nt)
{
	char *text = NULL;
	size_t len = 0, slot = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return;
	fprintf(f, "run%s ", nt->nagain > 1 ? "s" : "");
	for (size_t i = 0, j; i < nt->nagain; i = j) {
		for (j = i + 1; j < nt->nagain &&
				nt->again[j] == nt->again[j - 1] + 1;)
			j++;
		fprintf(f, "%s%lu", i ? ", " : "", nt->again[i]);
		if (j - i > 1)
			fprintf(f, "%s%lu", j - i > 2 ? " to " : ", ",
				nt->again[j - 1]);
	}
	fprintf(f, " of %lu, again with other numbers: ", runs.n);
	for (const char *c = nt->shape; *c; c++) {
		const struct note_slot *sl = &nt->slots[slot];

		if (*c != '#') {
			fputc(*c, f);
			continue;
		}
		slot++;
		if (!sl->n || (sl->n == 1 && !sl->more)) {
			fputs(sl->n ? sl->v[0] : "#", f);
			continue;
		}
		for (size_t i = 0; i < sl->n; i++)
			fprintf(f, "%s%s", i ? ", " : "{", sl->v[i]);
		fprintf(f, "%s}", sl->more ? ", ..." : "");
	}
	if (fclose(f) == 0)
		sp_cli_error("%s", text);
	free(text);
}

void sp_cli_runs_end(void)
{
	runs.run = 0;
	for (size_t i = 0; i < runs.nseen; i++) {
		struct note *nt = &runs.seen[i];

		if (nt->nagain && nt->slots)
			say_again(nt);
		for (size_t k = 0; nt->slots && k < nt->nslots; k++)
			for (size_t v = 0; v < nt->slots[k].n; v++)
				free(nt->slots[k].v[v]);
		free(nt->slots);
		free(nt->again);
		free(nt->shape);
		free(nt->text);
	}
	free(runs.seen);
	memset(&runs, 0, sizeof(runs));
}

/* The message says fmt, however long: the text grows to hold it, or
 * without the memory is fitted to a page (sp_text_fit). */
static void say(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));
static void say(const char *fmt, va_list ap)
{
	FILE *to[] = { stderr, mirror }, *line;
	char page[4096], *all, *buf, *text = NULL;
	size_t len = 0;
	va_list again;

	va_copy(again, ap);
	buf = vasprintf(&all, fmt, ap) < 0 ? NULL : all;
	if (!buf)
		buf = sp_text_vfit(page, sizeof(page), fmt, again);
	va_end(again);
	if (said_before(buf))
		goto out;
	/* Messages quote files (names, values, paths): their control
	 * characters are escaped, not sent to the terminal.  The line is
	 * made whole first, then written at once: stderr is unbuffered,
	 * and written piece by piece (each character of the escaped text)
	 * it was cut into by whatever else writes there meanwhile, the
	 * workload's output, or the other recorders of a pod's shared
	 * log, character by character. */
	line = open_memstream(&text, &len);
	if (line) {
		fputs("sandprint: ", line);
		/* A note said first after run 1 of record --repeat: which
		 * run it concerns. */
		if (runs.run > 1)
			fprintf(line, "run %lu of %lu: ", runs.run, runs.n);
		sp_text_put(line, buf);
		fputc('\n', line);
	}
	if (!line || fclose(line)) {
		/* No memory: the message all the same, in pieces. */
		free(text);
		text = NULL;
	}
	for (size_t i = 0; i < 2 && to[i]; i++) {
		if (text) {
			fwrite(text, 1, len, to[i]);
		} else {
			fputs("sandprint: ", to[i]);
			if (runs.run > 1)
				fprintf(to[i], "run %lu of %lu: ", runs.run,
					runs.n);
			sp_text_put(to[i], buf);
			fputc('\n', to[i]);
		}
		fflush(to[i]);
	}
	free(text);
out:
	if (buf != page)
		free(buf);
}

void sp_cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
}

void sp_cli_say_nnp(void *ctx)
{
	(void)ctx;
	sp_cli_error("no CAP_SYS_ADMIN: installing the filter with "
		     "no_new_privs, so setuid and file capabilities do not "
		     "take effect in the workload");
}

void sp_cli_say_own_filter_untraced(void *ctx)
{
	(void)ctx;
	sp_cli_error("warning: the workload installed a seccomp filter of "
		     "its own, whose refusals outrank the profile's "
		     "notifications: with --via notify a call both refuse "
		     "is not seen (--via ptrace follows such a process "
		     "call by call)");
}

void sp_cli_say_privs_lost(void *ctx, const char *exe, const char *what)
{
	(void)ctx;
	sp_cli_error("warning: %s %s: what it does may not be what it does "
		     "natively", exe, what);
}

int sp_cli_usage_error(void (*usage)(FILE *), const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	usage(stderr);
	return SP_EXIT_ERROR;
}

/* Whether option c (long option li when li >= 0) takes an optional
 * argument in opts and longopts. */
static bool takes_optional(const char *opts, const struct option *longopts,
			   int c, int li)
{
	const char *at;

	if (li >= 0)
		return longopts[li].has_arg == optional_argument;
	at = strchr(opts, c);
	return at && at[1] == ':' && at[2] == ':';
}

int sp_cli_getopt(int argc, char **argv, const char *opts,
		  const struct option *longopts, void (*usage)(FILE *),
		  int *status)
{
	/* getopt's own messages lack "sandprint: ": ':' first (after a
	 * '+') tells a missing argument from an unknown option, and the
	 * message is ours. */
	char own[64];
	const char *arg;
	int c, li = -1;

	snprintf(own, sizeof(own), "%s:%s", *opts == '+' ? "+" : "",
		 opts + (*opts == '+'));
	opterr = 0;
	c = getopt_long(argc, argv, own, longopts, &li);
	*status = -1;
	if (c > 0 && c != '?' && c != ':' && !optarg &&
	    takes_optional(own, longopts, c, li) && optind < argc &&
	    argv[optind][0] && !argv[optind][strspn(argv[optind], "0123456789")]) {
		/* "--stacks 32" reads 32 as the command: the value of an
		 * optional argument sticks to its option (getopt's rule),
		 * which a reader of [--stacks[=DEPTH]] may not know. */
		arg = argv[optind - 1];
		sp_cli_error("%s: %s %s: the value is written %s%s%s (a "
			     "command named %s goes after --)", argv[0], arg,
			     argv[optind], arg, arg[1] == '-' ? "=" : "",
			     argv[optind], argv[optind]);
		usage(stderr);
		*status = SP_EXIT_ERROR;
		return 0;
	}
	switch (c) {
	case -1:
		return 0;
	case 'h':
		usage(stdout);
		*status = SP_EXIT_OK;
		return 0;
	case '?':
	case ':':
		/* The option as written: a long one is its argument (up to
		 * '='), a short one is optopt. */
		arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
		if (strncmp(arg, "--", 2) == 0)
			sp_cli_error("%s: %.*s: %s", argv[0],
				     (int)strcspn(arg, "="), arg,
				     c == ':' ? "needs an argument" :
				     strchr(arg, '=') && optopt ?
						"takes no argument" :
						"unknown or ambiguous option");
		else
			sp_cli_error("%s: -%c: %s", argv[0], optopt,
				     c == ':' ? "needs an argument" :
						"unknown option");
		usage(stderr);
		*status = SP_EXIT_ERROR;
		return 0;
	}
	return c;
}

void sp_cli_diag(const struct sp_diag *d)
{
	char buf[SP_DIAG_TEXT_MAX];

	sp_diag_format(d, buf, sizeof(buf));
	sp_cli_error("%s", buf);
}

int sp_cli_output_ok(const char *path, char *const *inputs, size_t n)
{
	struct sp_diag d = { 0 };
	struct stat out, in;

	if (sp_file_check_writable(path, &d)) {
		sp_cli_diag(&d);
		return SP_EXIT_ERROR;
	}
	/* Only a regular file is replaced: a device or a pipe written in
	 * place loses nothing. */
	if (strcmp(path, "-") == 0 || stat(path, &out) || !S_ISREG(out.st_mode))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev &&
		    in.st_ino == out.st_ino) {
			sp_cli_error("%s: the output is also an input (%s): "
				     "writing it would lose that input", path,
				     inputs[i]);
			return SP_EXIT_ERROR;
		}
	}
	return 0;
}

void sp_cli_old_p(void)
{
	sp_cli_error("-p PROFILE is -P PROFILE now (-p is --pid, as in "
		     "record and generate)");
}

/* Colours on a terminal that shows them: not with NO_COLOR, nor on one
 * whose TERM is unset or "dumb" (an editor's shell buffer, M-x compile:
 * escape codes shown as text), as grep, git and gcc decide. */
bool sp_cli_term_dumb(void)
{
	const char *term = getenv("TERM");

	return !term || !*term || strcmp(term, "dumb") == 0;
}

bool sp_cli_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(sp_file_fileno(f)) && !(nc && *nc) &&
	       !sp_cli_term_dumb();
}

int sp_cli_report_failed(FILE *f, int rc)
{
	if (f != stdout || rc != -EIO || !ferror(f))
		sp_cli_error("cannot write the report: %s", strerror(-rc));
	return SP_EXIT_ERROR;
}
