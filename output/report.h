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
#include "core/profile.h"

enum sp_report_format {
	SP_REPORT_TEXT,
	SP_REPORT_JSON,
	SP_REPORT_MARKDOWN,
};

/* "text", "json", "markdown".  0 or -EINVAL. */
int sp_report_format_parse(const char *s, enum sp_report_format *out);

/* One refused pattern. */
struct sp_report_row {
	enum sp_action action;
	int data;                /* errno for ERRNO, data for TRAP/TRACE */
	enum sp_arch arch;
	int64_t nr;
	uint8_t kept;            /* bit i: args[i] is known */
	uint64_t args[6];
	uint64_t count;
	const char *exe;         /* may be NULL */
	pid_t pid;
	bool arg_dependent;
	bool baseline;
	const char *site;        /* first call site, "f <- g <- main"; NULL */
};

struct sp_report {
	const char *command;     /* "check", "run --audit", "run --enforce" */
	const char *profile;     /* as the user named it */
	const struct sp_report_row *rows;
	size_t nrows;
	uint64_t npatterns;      /* check: patterns judged; run: 0 */
	uint64_t ncalls;         /* calls judged (run: calls that stopped) */
	uint64_t nrefused_calls;
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

/* Writes r to f.  color: ANSI colors in text (the caller decides: a
 * terminal and no NO_COLOR).  0 or -EIO. */
int sp_report_write(FILE *f, enum sp_report_format fmt, bool color,
		    const struct sp_report *r);

#endif
