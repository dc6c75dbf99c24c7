#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"

void sp_cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("sandprint: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void sp_cli_diag(const struct sp_diag *d)
{
	char buf[1024];

	sp_diag_format(d, buf, sizeof(buf));
	sp_cli_error("%s", buf);
}

bool sp_cli_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fileno(f)) && !(nc && *nc);
}
