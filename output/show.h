/* The readable summary of `sandprint show`: a trace (per executable, the
 * calls with counts and argument values by name, first call sites) and a
 * profile (each rule with its conditions by name, its origin and its
 * evidence). */
#ifndef SP_OUTPUT_SHOW_H
#define SP_OUTPUT_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "core/profile.h"
#include "core/trace.h"

struct sp_show_opts {
	bool color;          /* ANSI colors (a terminal, NO_COLOR unset) */
	bool html;           /* HTML sections (output/html.h) instead */
	size_t max_values;   /* argument tuples listed per call (then "...") */
	/* The traces a profile was made from, or none: each recorded rule
	 * then shows the first call site recorded for one of its calls. */
	struct sp_trace *const *traces;
	size_t ntraces;
};

/* Per executable: each call, its count, its argument values by name and
 * its first call site when recorded; in HTML also the process tree.  0 or
 * -errno. */
int sp_show_trace(FILE *f, const struct sp_trace *t,
		  const struct sp_show_opts *o);

/* Each rule: action, names, conditions by name, origin and evidence
 * (rules seen in fewer than all of several traces are flagged).  title
 * heads the section.  0 or -errno. */
int sp_show_profile(FILE *f, const struct sp_profile *p, const char *title,
		    const struct sp_show_opts *o);

/* A call a profile allows without a recording of it, and why. */
struct sp_show_addition {
	const char *name;
	const char *why;
};

/* Under title, each addition with its evidence.  0 or -errno. */
int sp_show_additions(FILE *f, const char *title,
		      const struct sp_show_addition *a, size_t n,
		      const struct sp_show_opts *o);

/* Lines under a heading ("notes"; in HTML a section of that class);
 * nothing when n is 0.  0 or -errno. */
int sp_show_lines(FILE *f, const char *heading, char *const *lines,
		  size_t n, const struct sp_show_opts *o);

#endif
