/* The refusal report, shared by check and run. */
#ifndef SP_CLI_CHECK_H
#define SP_CLI_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "analyzer/check.h"
#include "output/report.h"

/* Writes the report.  0 or SP_EXIT_ERROR (printed). */
int sp_cli_report(FILE *f, enum sp_report_format fmt, bool color,
		  const struct sp_report *rep);

#endif
