/* The report of sandprint diff: text (for people, colored on a terminal),
 * JSON (stable, sorted keys, for CI; see sandprint-diff(1)) and Markdown
 * (for a pull-request comment).  The report is a view the caller fills
 * from the analyzer's diff (output/ does not see analyzer types); every
 * pointer is borrowed. */
#ifndef SP_OUTPUT_DIFF_REPORT_H
#define SP_OUTPUT_DIFF_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/profile.h"
#include "output/report.h"

/* One syscall whose treatment changed, on the arches in archs. */
struct sp_diff_report_change {
	const char *syscall;
	const char *kind;        /* "added", "removed", "widened",
				    "narrowed", "arguments", "action" */
	uint32_t archs;          /* bit (1u << enum sp_arch) per arch */
	bool unknown;            /* unknown to libseccomp */
	const char *old_desc;    /* how OLD treats the call */
	const char *new_desc;
	char *const *plus;       /* argument values allowed now only */
	size_t nplus;
	char *const *minus;      /* argument values allowed before only */
	size_t nminus;
	bool values_elided;
	const char *subset;      /* "yes", "no", "cannot prove" */
	const char *subset_why;  /* NULL for "yes" */
};

struct sp_diff_report {
	const char *old_name, *new_name;  /* as the user named them */
	bool equal;
	bool subset_mode;        /* --subset: report the proof */
	enum sp_action old_default, new_default;
	int old_errno, new_errno;         /* for ERRNO and TRACE */
	bool default_changed;
	uint32_t old_archs, new_archs;    /* as listed */
	uint32_t archs_compared;
	const char *default_subset;       /* for calls no rule names */
	const char *subset;               /* the whole answer */
	const struct sp_diff_report_change *changes;
	size_t nchanges;
};

/* Writes r to f.  color: ANSI colors in text (the caller decides: a
 * terminal and no NO_COLOR).  0 or -EIO. */
int sp_diff_report_write(FILE *f, enum sp_report_format fmt, bool color,
			 const struct sp_diff_report *r);

#endif
