#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/text.h"
#include "output/file.h"

void sp_cli_error(const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* Messages quote files (names, values, paths): their control
	 * characters are escaped, not sent to the terminal. */
	fputs("sandprint: ", stderr);
	sp_text_put(stderr, buf);
	fputc('\n', stderr);
}

void sp_cli_diag(const struct sp_diag *d)
{
	char buf[1024];

	sp_diag_format(d, buf, sizeof(buf));
	sp_cli_error("%s", buf);
}

int sp_cli_output_ok(const char *path)
{
	struct sp_diag d = { 0 };

	if (!sp_file_check_writable(path, &d))
		return 0;
	sp_cli_diag(&d);
	return SP_EXIT_ERROR;
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
