/* The report of sandprint diff: text (for people, colored on a terminal),
 * JSON (stable, sorted keys, for CI; see sandprint-diff(1)) and Markdown
 * (for a pull-request comment), of the diff model (core/diff_result.h):
 * every word of a diff is written here. */
#ifndef SP_OUTPUT_DIFF_REPORT_H
#define SP_OUTPUT_DIFF_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/diff_result.h"
#include "core/profile.h"
#include "output/report.h"

struct sp_diff_report {
	const char *old_name, *new_name;  /* as the user named them */
	bool subset_mode;        /* --subset: report the proof */
	const struct sp_diff *diff;
};

/* Writes r to f.  color: ANSI colors in text (the caller decides: a
 * terminal and no NO_COLOR).  0, -ENOMEM or -EIO. */
int sp_diff_report_write(FILE *f, enum sp_report_format fmt, bool color,
			 const struct sp_diff_report *r);

/* The words every format uses, each a new string (NULL when out of
 * memory).  How one side treats the call of c: "SCMP_ACT_ALLOW if arg0
 * == AF_INET || arg0 == AF_UNIX; else SCMP_ACT_ERRNO(EPERM)".  With nl
 * (a line break and the indent of the text after "new: "), one verdict
 * per line, each of its alternatives on a line of its own starting
 * "  or ", and "else" on the last line. */
char *sp_diff_side_text(const struct sp_diff_change *c,
			const struct sp_diff_side *s, const char *nl);
/* One set of values of c: "AF_INET" when c->values_arg says which
 * argument, else "arg0 == AF_INET && arg1 has no bit outside
 * SOCK_CLOEXEC" ("any arguments" for no term). */
char *sp_diff_values_text(const struct sp_diff_change *c,
			  const struct sp_diff_values *v);

/* "added", "removed", "widened", "narrowed", "arguments", "action". */
const char *sp_diff_kind_name(enum sp_diff_kind k);
/* "yes", "no", "cannot prove". */
const char *sp_subset_answer_name(enum sp_subset_answer a);
/* Why a change is no proved subset, in words; NULL for a proved one. */
const char *sp_subset_reason_text(enum sp_subset_reason r);

#endif
