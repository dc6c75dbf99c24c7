/* The refusal report of check and run: text (for people, colored on a
 * terminal), JSON (stable, for CI) and Markdown (for pull requests). */
#ifndef SP_OUTPUT_REPORT_H
#define SP_OUTPUT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/arch.h"
#include "core/check_result.h"
#include "core/profile.h"

enum sp_report_format {
	SP_REPORT_TEXT,
	SP_REPORT_JSON,
	SP_REPORT_MARKDOWN,
	SP_REPORT_HTML,          /* one self-contained page (output/html.h) */
};

/* "text", "json", "markdown", "html".  0 or -EINVAL. */
int sp_report_format_parse(const char *s, enum sp_report_format *out);

/* The refusals of result (sorted), and around them: */
struct sp_report {
	const char *command;     /* "check", "run --audit", "run --enforce" */
	const char *profile;     /* as the user named it */
	/* check: npatterns judged; run: npatterns 0, ncalls the calls
	 * that stopped.  Each refusal's executable and call site are read
	 * from its trace. */
	const struct sp_check_result *result;
	bool has_status;         /* run: the workload's exit status */
	int status;
	/* run: sandprint failed while the workload ran (the refusals are
	 * those seen until then), or NULL */
	const char *error;
	const char *note;        /* one more line for people, or NULL */
};

/* "kill-process", "errno EPERM (1)", "trap", ...: the action as reports
 * name it, into buf. */
const char *sp_report_action(enum sp_action a, int data, char *buf,
			     size_t len);

/* s in a Markdown table cell, as GitHub renders it: control characters
 * escaped (a newline among them would end the row), then every '|',
 * which ends a cell even inside `code`, and every character Markdown
 * reads as markup (<, [, !, `, *, _, ~, &, \\) after a backslash: a
 * workload's names show as written, never as HTML or links.
 * sp_report_md_code: s in a code span, fenced by more backticks than any
 * run of them in s. */
void sp_report_md_cell(FILE *f, const char *s);
void sp_report_md_code(FILE *f, const char *s);

/* Writes r to f.  color: ANSI colors in text (the caller decides: a
 * terminal and no NO_COLOR).  0 or -EIO. */
int sp_report_write(FILE *f, enum sp_report_format fmt, bool color,
		    const struct sp_report *r);

#endif
