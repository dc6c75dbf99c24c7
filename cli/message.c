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

void sp_cli_error(const char *fmt, ...)
{
	FILE *to[] = { stderr, mirror };
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* Messages quote files (names, values, paths): their control
	 * characters are escaped, not sent to the terminal. */
	for (size_t i = 0; i < 2 && to[i]; i++) {
		fputs("sandprint: ", to[i]);
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
