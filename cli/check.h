/* Shared by check, run and record --baseline: the refusal report, and
 * the baseline patterns. */
#ifndef SP_CLI_CHECK_H
#define SP_CLI_CHECK_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stdio.h>

#include "analyzer/check.h"
#include "cli/filter.h"
#include "output/report.h"

/* Writes the report of r with base's command, profile, status and note.
 * 0 or SP_EXIT_ERROR (printed). */
int sp_cli_report(FILE *f, enum sp_report_format fmt, bool color,
		  const struct sp_report *base,
		  const struct sp_check_result *r);

/* Colors for f: a terminal, and NO_COLOR unset or empty. */
bool sp_cli_color(FILE *f);

/* Adds to t, marked baseline with no calls, every call f allows for some
 * argument values on its arches (the native one for raw and live
 * programs) that t did not record.  0 or SP_EXIT_ERROR (printed). */
int sp_cli_baseline_add(struct sp_trace *t, const struct sp_cli_filter *f);

#endif
