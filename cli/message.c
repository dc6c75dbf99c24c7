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
 * "5 of 41" in the next are the same note.  The first nbefore are the
 * earlier runs'. */
static struct {
	unsigned long run, n;
	char **seen;
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

/* Whether buf, said during a run of record --repeat, was said already
 * in an earlier run (then it is held back); a new one is remembered. */
static bool said_before(const char *buf)
{
	char *shape, **more;

	if (!runs.run)
		return false;
	shape = shape_of(buf);
	if (!shape)
		return false;
	for (size_t i = 0; i < runs.nbefore; i++) {
		if (strcmp(runs.seen[i], shape) == 0) {
			free(shape);
			return true;
		}
	}
	more = realloc(runs.seen, (runs.nseen + 1) * sizeof(*more));
	if (!more) {
		free(shape);
		return false;
	}
	runs.seen = more;
	runs.seen[runs.nseen++] = shape;
	return false;
}

void sp_cli_runs_begin(unsigned long run, unsigned long n)
{
	runs.run = run;
	runs.n = n;
	runs.nbefore = runs.nseen;
}

void sp_cli_runs_end(void)
{
	for (size_t i = 0; i < runs.nseen; i++)
		free(runs.seen[i]);
	free(runs.seen);
	memset(&runs, 0, sizeof(runs));
}

void sp_cli_error(const char *fmt, ...)
{
	FILE *to[] = { stderr, mirror };
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (said_before(buf))
		return;
	/* Messages quote files (names, values, paths): their control
	 * characters are escaped, not sent to the terminal. */
	for (size_t i = 0; i < 2 && to[i]; i++) {
		fputs("sandprint: ", to[i]);
		/* A note said first after run 1 of record --repeat: which
		 * run it concerns. */
		if (runs.run > 1)
			fprintf(to[i], "run %lu of %lu: ", runs.run, runs.n);
		sp_text_put(to[i], buf);
		fputc('\n', to[i]);
		fflush(to[i]);
	}
}

int sp_cli_usage_error(void (*usage)(FILE *), const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sp_cli_error("%s", buf);
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
	char buf[1024];

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

bool sp_cli_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fileno(f)) && !(nc && *nc);
}
