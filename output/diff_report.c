#include "output/diff_report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/arch.h"
#include "core/argnames.h"
#include "core/array.h"
#include "core/text.h"
#include "output/html.h"
#include "output/palette.h"

/* ---- words ---- */

const char *sp_diff_kind_name(enum sp_diff_kind k)
{
	static const char *const kinds[] = {
		[SP_DIFF_ADDED] = "added",	 [SP_DIFF_REMOVED] = "removed",
		[SP_DIFF_WIDENED] = "widened",	 [SP_DIFF_NARROWED] = "narrowed",
		[SP_DIFF_ARGS] = "arguments",	 [SP_DIFF_ACTION] = "action",
	};

	return (unsigned)k < ARRAY_SIZE(kinds) ? kinds[k] :
								"?";
}

const char *sp_subset_answer_name(enum sp_subset_answer a)
{
	switch (a) {
	case SP_SUBSET_YES:
		return "yes";
	case SP_SUBSET_NO:
		return "no";
	case SP_SUBSET_UNKNOWN:
		break;
	}
	return "cannot prove";
}

const char *sp_subset_reason_text(enum sp_subset_reason r)
{
	switch (r) {
	case SP_SUBSET_PROVED:
		break;
	case SP_SUBSET_NEW_ARGS:
		return "NEW allows arguments that OLD refuses";
	case SP_SUBSET_UNKNOWN_NAME:
		return "unknown to libseccomp: a newer libseccomp may allow "
		       "what NEW lists";
	case SP_SUBSET_DELEGATED:
		return "NEW may allow what OLD leaves to a tracer, a "
		       "supervisor or an overlapping rule";
	case SP_SUBSET_TOO_COMPLEX:
		return "the argument conditions are too complex to compare";
	}
	return NULL;
}

/* The text written to a memory stream, or NULL. */
static char *taken(FILE *m, char **buf)
{
	if (fclose(m)) {
		free(*buf);
		return NULL;
	}
	return *buf;
}

static bool unconditional(const struct sp_diff_verdict *v)
{
	for (size_t i = 0; i < v->nclauses; i++)
		if (!v->clauses[i].n)
			return true;
	return false;
}

char *sp_diff_side_text(const struct sp_diff_change *c,
			const struct sp_diff_side *s, const char *nl)
{
	char *buf = NULL, vb[96], cb[SP_COND_TEXT_MAX];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	bool all = false;

	if (!m)
		return NULL;
	for (size_t i = 0; i < s->nv; i++) {
		const struct sp_diff_verdict *v = &s->v[i];

		if (i)
			fputs(nl ? nl : "; ", m);
		fputs(sp_action_text(v->action, v->err, vb, sizeof(vb)), m);
		if (unconditional(v)) {
			all = true;
			continue;
		}
		fputs(" if ", m);
		for (size_t j = 0; j < v->nclauses; j++) {
			const struct sp_diff_clause *cl = &v->clauses[j];
			bool parens = !nl && cl->n > 1 && v->nclauses > 1;

			if (j && nl)
				fprintf(m, "%s  or ", nl);
			else if (j)
				fputs(" || ", m);
			fputs(parens ? "(" : "", m);
			for (size_t k = 0; k < cl->n; k++) {
				sp_cond_format(c->syscall, &cl->conds[k],
					       cl->conds, cl->n, cb,
					       sizeof(cb));
				fprintf(m, "%s%s", k ? " && " : "", cb);
			}
			fputs(parens ? ")" : "", m);
		}
	}
	if (!s->nv)
		fprintf(m, "%s (default)",
			sp_action_text(s->def, s->def_err, vb, sizeof(vb)));
	else if (!all || s->nv > 1)
		fprintf(m, "%selse %s", nl ? nl : "; ",
			sp_action_text(s->def, s->def_err, vb, sizeof(vb)));
	return taken(m, &buf);
}

/* A mask by flag names when they spell it whole, else in hex. */
static const char *mask_text(const char *sc, unsigned index, uint64_t m,
			     char *buf, size_t len)
{
	sp_argname_format(sc, index, m, buf, len);
	if (strstr(buf, "0x") || (buf[0] >= '0' && buf[0] <= '9'))
		snprintf(buf, len, "%#" PRIx64, m);
	return buf;
}

/* The width a mask speaks of: the low half alone when it holds no high
 * bit (analyzer/diff.c cube_values). */
static uint64_t low_width(uint64_t mask)
{
	return mask >> 32 ? UINT64_MAX : UINT32_MAX;
}

char *sp_diff_values_text(const struct sp_diff_change *c,
			  const struct sp_diff_values *v)
{
	char *buf = NULL, vb[SP_ARGNAME_MAX], mb[SP_ARGNAME_MAX];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	uint64_t args[SP_NARGS] = { 0 };
	uint8_t known = 0;

	if (!m)
		return NULL;
	/* The arguments the terms pin: they name values that depend on
	 * them (setsockopt's options by level). */
	for (unsigned k = 0; k < v->n; k++) {
		const struct sp_diff_term *t = &v->t[k];

		if ((t->kind == SP_TERM_EQ || t->kind == SP_TERM_EQ_LOW32) &&
		    t->index < SP_NARGS) {
			args[t->index] = t->value;
			known |= (uint8_t)(1u << t->index);
		}
	}
	for (unsigned k = 0; k < v->n; k++) {
		const struct sp_diff_term *t = &v->t[k];

		sp_argname_format_in(c->syscall, t->index, t->value, args,
				     known, vb, sizeof(vb));
		if (c->values_arg >= 0) {
			fputs(vb, m);
			continue;
		}
		fputs(k ? " && " : "", m);
		switch ((enum sp_diff_term_kind)t->kind) {
		case SP_TERM_EQ:
			fprintf(m, "arg%u == %s", t->index, vb);
			break;
		case SP_TERM_EQ_LOW32:
			fprintf(m, "arg%u == %s (low 32 bits)", t->index, vb);
			break;
		case SP_TERM_NO_BIT_OUTSIDE:
			/* Fewer bits refused than allowed: said as those
			 * (core/argnames.c sp_cond_format). */
			if (__builtin_popcountll(~t->value & t->mask) <
			    __builtin_popcountll(t->value))
				fprintf(m, "arg%u has none of the bits %s",
					t->index,
					sp_argname_format_in(
						c->syscall, t->index,
						~t->value & t->mask, args,
						known, mb, sizeof(mb)));
			else
				fprintf(m, "arg%u has no bit outside %s",
					t->index, vb);
			break;
		case SP_TERM_MASKED:
			/* Fewer bits free than fixed: a field's value plus
			 * flags, worded as the rule is (core/argnames.c
			 * sp_cond_format: "is SOCK_STREAM plus any of
			 * SOCK_NONBLOCK|SOCK_CLOEXEC"). */
			if (__builtin_popcountll(~t->mask & low_width(t->mask)) <
			    __builtin_popcountll(t->mask)) {
				fprintf(m, "arg%u is %s plus any of %s",
					t->index, vb,
					sp_argname_format(
						c->syscall, t->index,
						~t->mask & low_width(t->mask),
						mb, sizeof(mb)));
				break;
			}
			fprintf(m, "arg%u & %s == %s", t->index,
				mask_text(c->syscall, t->index, t->mask, mb,
					  sizeof(mb)),
				vb);
			break;
		}
	}
	if (!v->n)
		fputs("any arguments", m);
	return taken(m, &buf);
}

/* One change in words, for the writers. */
struct words {
	char *old, *new;
	char **plus, **minus;
};

static void words_free(struct words *w, size_t n)
{
	for (size_t i = 0; w && i < n; i++) {
		free(w[i].old);
		free(w[i].new);
		for (size_t k = 0; w[i].plus && w[i].plus[k]; k++)
			free(w[i].plus[k]);
		for (size_t k = 0; w[i].minus && w[i].minus[k]; k++)
			free(w[i].minus[k]);
		free(w[i].plus);
		free(w[i].minus);
	}
	free(w);
}

/* n value sets in words, NULL-terminated; NULL when out of memory. */
static char **values_words(const struct sp_diff_change *c,
			   const struct sp_diff_values *v, size_t n)
{
	char **out = calloc(n + 1, sizeof(*out));

	for (size_t i = 0; out && i < n; i++) {
		out[i] = sp_diff_values_text(c, &v[i]);
		if (!out[i]) {
			for (size_t k = 0; k < i; k++)
				free(out[k]);
			free(out);
			return NULL;
		}
	}
	return out;
}

static struct words *words_of(const struct sp_diff *d)
{
	struct words *w = calloc(d->nchanges ? d->nchanges : 1, sizeof(*w));

	for (size_t i = 0; w && i < d->nchanges; i++) {
		const struct sp_diff_change *c = &d->changes[i];

		w[i].old = sp_diff_side_text(c, &c->old, NULL);
		w[i].new = sp_diff_side_text(c, &c->new, NULL);
		w[i].plus = values_words(c, c->plus, c->nplus);
		w[i].minus = values_words(c, c->minus, c->nminus);
		if (!w[i].old || !w[i].new || !w[i].plus || !w[i].minus) {
			words_free(w, i + 1);
			return NULL;
		}
	}
	return w;
}

/* Arch names of the bits in set, sorted by name, ", "-separated. */
static void put_archs(FILE *f, uint32_t set, const char *sep,
		      const char *quote)
{
	const char *sorted[SP_ARCH_COUNT];
	size_t n = 0;

	for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++) {
		size_t i;

		if (!(set & 1u << a))
			continue;
		for (i = n; i > 0 &&
			    strcmp(sorted[i - 1], sp_arch_name((enum sp_arch)a)) > 0;
		     i--)
			sorted[i] = sorted[i - 1];
		sorted[i] = sp_arch_name((enum sp_arch)a);
		n++;
	}
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s%s%s", i ? sep : "", quote, sorted[i], quote);
}

static bool all_compared(const struct sp_diff_report *r,
			 const struct sp_diff_change *c)
{
	return c->archs == r->diff->archs_compared;
}

/* ---- text ---- */

static const char *sigil(const struct sp_diff_change *c,
			 const struct sp_palette *p, const char **color)
{
	if (c->kind == SP_DIFF_ADDED || c->kind == SP_DIFF_WIDENED) {
		*color = p->green;
		return "+";
	}
	if (c->kind == SP_DIFF_REMOVED || c->kind == SP_DIFF_NARROWED) {
		*color = p->red;
		return "-";
	}
	*color = p->yellow;
	return "~";
}

/* One side's values after "+" or "-": each with a space before the
 * next sign, or, for a set listed by what it leaves out (plus_except),
 * "any but A, B, C". */
static void text_list(FILE *f, char *const *v, size_t n, bool except,
		      const char *sign, const char *first)
{
	if (except && n) {
		fprintf(f, "%s%sany but ", first, sign);
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%s%s", i ? ", " : "", v[i]);
		return;
	}
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s%s", i ? " " : first, sign, v[i]);
}

static void text_values(FILE *f, const struct sp_diff_change *c,
			const struct words *w)
{
	text_list(f, w->plus, c->nplus, c->plus_except, "+", ": ");
	text_list(f, w->minus, c->nminus, c->minus_except, "-",
		  c->nplus ? " " : ": ");
	if (c->values_elided)
		fputs(" (too many values to list)", f);
}

/* The longest side written on one line: 80 columns after "    new: ". */
#define TEXT_WIDTH 71

/* The "old:" and "new:" lines of c.  A side longer than fits an 80
 * column line after its label is laid out a verdict and an alternative
 * per line: a rule recorded with many argument sets reads as a list. */
static void text_sides(FILE *f, const struct sp_diff_change *c,
		       const struct words *w)
{
	static const char nl[] = "\n         ";
	const struct sp_diff_side *side[2] = { &c->old, &c->new };
	const char *label[2] = { "old", "new" };
	const char *line[2] = { w->old, w->new };

	for (int i = 0; i < 2; i++) {
		char *t = strlen(line[i]) > TEXT_WIDTH ?
			  sp_diff_side_text(c, side[i], nl) : NULL;

		fprintf(f, "    %s: %s\n", label[i], t ? t : line[i]);
		free(t);
	}
}

static void text_change(FILE *f, const struct sp_diff_report *r,
			const struct sp_diff_change *c, const struct words *w,
			const struct sp_palette *p)
{
	const char *color;
	const char *s = sigil(c, p, &color);

	fprintf(f, "%s%s ", color, s);
	sp_text_put(f, c->syscall);
	fputs(p->off, f);
	if (!all_compared(r, c)) {
		fputs(" (", f);
		put_archs(f, c->archs, ", ", "");
		fputs(")", f);
	}
	fprintf(f, ": %s", sp_diff_kind_name(c->kind));
	text_values(f, c, w);
	if (c->unknown)
		fputs(" (unknown to libseccomp: runtimes skip it)", f);
	fputc('\n', f);
	text_sides(f, c, w);
}

static void text_subset(FILE *f, const struct sp_diff_report *r,
			const struct words *w, const struct sp_palette *p)
{
	const struct sp_diff *d = r->diff;
	bool yes = d->subset == SP_SUBSET_YES;

	fprintf(f, "%ssubset: %s%s%s\n", p->bold, yes ? p->green : p->red,
		sp_subset_answer_name(d->subset), p->off);
	if (yes) {
		fputs("NEW allows nothing that OLD refuses\n", f);
		return;
	}
	if (d->new_filtered & ~d->old_filtered) {
		fputs("  architectures: NEW filters ", f);
		put_archs(f, d->new_filtered & ~d->old_filtered, ", ", "");
		fputs(", where OLD kills every call\n", f);
	}
	if (d->default_subset != SP_SUBSET_YES)
		fprintf(f, "  other calls: %s: NEW's default action lets "
			   "through calls that OLD's refuses\n",
			sp_subset_answer_name(d->default_subset));
	for (size_t i = 0; i < d->nchanges; i++) {
		const struct sp_diff_change *c = &d->changes[i];

		if (c->subset == SP_SUBSET_YES)
			continue;
		fputs("  ", f);
		sp_text_put(f, c->syscall);
		if (!all_compared(r, c)) {
			fputs(" (", f);
			put_archs(f, c->archs, ", ", "");
			fputs(")", f);
		}
		fprintf(f, ": %s: %s", sp_subset_answer_name(c->subset),
			sp_subset_reason_text(c->why));
		text_list(f, w[i].plus, c->nplus, c->plus_except, "", ": ");
		fputc('\n', f);
		text_sides(f, c, &w[i]);
	}
}

static void write_text(FILE *f, bool color, const struct sp_diff_report *r,
		       const struct words *w)
{
	const struct sp_diff *d = r->diff;
	const struct sp_palette *p = sp_palette(color);
	char a[96], b[96];

	if (r->subset_mode) {
		text_subset(f, r, w, p);
		return;
	}
	if (sp_diff_equal(r->diff))
		return;
	fprintf(f, "%s--- ", p->bold);
	sp_text_put(f, r->old_name);
	fputs("\n+++ ", f);
	sp_text_put(f, r->new_name);
	fprintf(f, "%s\n", p->off);
	if (d->default_changed)
		fprintf(f, "%s~ default action%s: %s -> %s\n", p->yellow, p->off,
			sp_action_text(d->old_default, d->old_default_errno, a,
				sizeof(a)),
			sp_action_text(d->new_default, d->new_default_errno, b,
				sizeof(b)));
	if (d->old_filtered != d->new_filtered) {
		fprintf(f, "%s~ architectures%s:", p->yellow, p->off);
		if (d->new_filtered & ~d->old_filtered) {
			fputs(" +", f);
			put_archs(f, d->new_filtered & ~d->old_filtered, " +", "");
		}
		if (d->old_filtered & ~d->new_filtered) {
			fputs(" -", f);
			put_archs(f, d->old_filtered & ~d->new_filtered, " -", "");
		}
		fputc('\n', f);
	}
	for (size_t i = 0; i < d->nchanges; i++)
		text_change(f, r, &d->changes[i], &w[i], p);
	fprintf(f, "%zu syscall change%s\n", d->nchanges,
		d->nchanges == 1 ? "" : "s");
}

/* ---- JSON ---- */

static void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void json_strs(FILE *f, char *const *v, size_t n)
{
	fputc('[', f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		json_str(f, v[i]);
	}
	fputc(']', f);
}

static void json_archs(FILE *f, uint32_t set)
{
	fputc('[', f);
	put_archs(f, set, ", ", "\"");
	fputc(']', f);
}

static void json_verdict(FILE *f, enum sp_action a, int err)
{
	fputs("{\"action\": ", f);
	json_str(f, sp_action_name(a));
	if (a == SP_ACT_ERRNO || a == SP_ACT_TRACE)
		fprintf(f, ", \"errno\": %d}", err);
	else
		fputs(", \"errno\": null}", f);
}

static void json_change(FILE *f, const struct sp_diff_change *c,
			const struct words *w)
{
	/* A set listed by what it leaves out: its values in *_except,
	 * *_values empty. */
	fputs("    {\n      \"added_except\": ", f);
	if (c->plus_except)
		json_strs(f, w->plus, c->nplus);
	else
		fputs("null", f);
	fputs(",\n      \"added_values\": ", f);
	json_strs(f, w->plus, c->plus_except ? 0 : c->nplus);
	fputs(",\n      \"architectures\": ", f);
	json_archs(f, c->archs);
	fputs(",\n      \"change\": ", f);
	json_str(f, sp_diff_kind_name(c->kind));
	fputs(",\n      \"new\": ", f);
	json_str(f, w->new);
	fputs(",\n      \"old\": ", f);
	json_str(f, w->old);
	fputs(",\n      \"removed_except\": ", f);
	if (c->minus_except)
		json_strs(f, w->minus, c->nminus);
	else
		fputs("null", f);
	fputs(",\n      \"removed_values\": ", f);
	json_strs(f, w->minus, c->minus_except ? 0 : c->nminus);
	fputs(",\n      \"subset\": ", f);
	json_str(f, sp_subset_answer_name(c->subset));
	fputs(",\n      \"subset_reason\": ", f);
	json_str(f, sp_subset_reason_text(c->why));
	fputs(",\n      \"syscall\": ", f);
	json_str(f, c->syscall);
	fprintf(f, ",\n      \"unknown_to_libseccomp\": %s",
		c->unknown ? "true" : "false");
	fprintf(f, ",\n      \"values_elided\": %s\n    }",
		c->values_elided ? "true" : "false");
}

static void write_json(FILE *f, const struct sp_diff_report *r,
		       const struct words *w)
{
	const struct sp_diff *d = r->diff;

	fputs("{\n  \"architectures\": {\"added\": ", f);
	json_archs(f, d->new_filtered & ~d->old_filtered);
	fputs(", \"compared\": ", f);
	json_archs(f, d->archs_compared);
	fputs(", \"new\": ", f);
	json_archs(f, d->new_archs);
	fputs(", \"old\": ", f);
	json_archs(f, d->old_archs);
	fputs(", \"removed\": ", f);
	json_archs(f, d->old_filtered & ~d->new_filtered);
	fputs("},\n  \"changes\": [", f);
	for (size_t i = 0; i < d->nchanges; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_change(f, &d->changes[i], &w[i]);
	}
	fprintf(f, "%s],\n  \"default_action\": {\"changed\": %s, \"new\": ",
		d->nchanges ? "\n  " : "",
		d->default_changed ? "true" : "false");
	json_verdict(f, d->new_default, d->new_default_errno);
	fputs(", \"old\": ", f);
	json_verdict(f, d->old_default, d->old_default_errno);
	fprintf(f, "},\n  \"equal\": %s,\n  \"format\": \"sandprint-diff\",\n"
		   "  \"new\": ", sp_diff_equal(r->diff) ? "true" : "false");
	json_str(f, r->new_name);
	fputs(",\n  \"old\": ", f);
	json_str(f, r->old_name);
	fputs(",\n  \"subset\": {\"answer\": ", f);
	json_str(f, sp_subset_answer_name(d->subset));
	fputs(", \"default\": ", f);
	json_str(f, sp_subset_answer_name(d->default_subset));
	fputs("},\n  \"version\": 1\n}\n", f);
}

/* ---- Markdown ---- */

/* A side in a table cell: a code span, or, too long for one line, a
 * code span per verdict and alternative, joined by <br> (a table cell
 * holds no line break). */
static void md_side(FILE *f, const struct sp_diff_change *c,
		    const struct sp_diff_side *side, const char *line)
{
	char *t = strlen(line) > TEXT_WIDTH ?
		  sp_diff_side_text(c, side, "\n") : NULL;
	char *at = t, *nl;

	if (!t) {
		sp_report_md_code(f, line);
		return;
	}
	for (; (nl = strchr(at, '\n')); at = nl + 1) {
		*nl = '\0';
		sp_report_md_code(f, at);
		fputs("<br>", f);
	}
	sp_report_md_code(f, at);
	free(t);
}

static void md_change(FILE *f, const struct sp_diff_change *c,
		      const struct words *w)
{
	fputs("| ", f);
	sp_report_md_code(f, c->syscall);
	fprintf(f, " | %s | ", sp_diff_kind_name(c->kind));
	put_archs(f, c->archs, ", ", "");
	fputs(" | ", f);
	for (size_t i = 0; i < c->nplus; i++) {
		fputs(c->plus_except ? (i ? ", " : "+any but ") :
				       (i ? " +" : "+"), f);
		sp_report_md_code(f, w->plus[i]);
	}
	for (size_t i = 0; i < c->nminus; i++) {
		fputs(i && c->minus_except ? ", " :
		      i || c->nplus	   ? " \u2212" :
					     "\u2212", f);
		if (!i && c->minus_except)
			fputs("any but ", f);
		sp_report_md_code(f, w->minus[i]);
	}
	if (c->values_elided)
		fputs("(too many to list)", f);
	fputs(" | ", f);
	md_side(f, c, &c->old, w->old);
	fputs(" | ", f);
	md_side(f, c, &c->new, w->new);
	if (c->unknown)
		fputs(" (unknown to libseccomp)", f);
	fputs(" |\n", f);
}

static void write_markdown(FILE *f, const struct sp_diff_report *r,
			   const struct words *w)
{
	const struct sp_diff *d = r->diff;
	char a[96], b[96];

	fputs("### sandprint diff: ", f);
	sp_report_md_code(f, r->old_name);
	fputs(" \u2192 ", f);
	sp_report_md_code(f, r->new_name);
	fputs("\n\n", f);
	if (r->subset_mode)
		fprintf(f, "**Subset** (NEW allows nothing OLD refuses): "
			   "**%s**\n\n", sp_subset_answer_name(d->subset));
	if (sp_diff_equal(r->diff)) {
		fputs("No differences: both profiles allow the same calls.\n",
		      f);
		return;
	}
	if (d->default_changed)
		fprintf(f, "- **Default action:** `%s` \u2192 `%s`\n",
			sp_action_text(d->old_default, d->old_default_errno, a,
				sizeof(a)),
			sp_action_text(d->new_default, d->new_default_errno, b,
				sizeof(b)));
	if (d->new_filtered & ~d->old_filtered) {
		fputs("- **Architectures added:** ", f);
		put_archs(f, d->new_filtered & ~d->old_filtered, ", ", "`");
		fputc('\n', f);
	}
	if (d->old_filtered & ~d->new_filtered) {
		fputs("- **Architectures removed:** ", f);
		put_archs(f, d->old_filtered & ~d->new_filtered, ", ", "`");
		fputc('\n', f);
	}
	if (d->default_changed || d->old_filtered != d->new_filtered)
		fputc('\n', f);
	if (!d->nchanges)
		return;
	fprintf(f, "%zu system call change%s:\n\n", d->nchanges,
		d->nchanges == 1 ? "" : "s");
	fputs("| System call | Change | Architectures | Values | Old | New |\n"
	      "|---|---|---|---|---|---|\n", f);
	for (size_t i = 0; i < d->nchanges; i++)
		md_change(f, &d->changes[i], &w[i]);
}

/* ---- HTML ---- */

static void html_code(FILE *f, const char *s)
{
	fputs("<code>", f);
	sp_html_text(f, s);
	fputs("</code>", f);
}

static void write_html(FILE *f, const struct sp_diff_report *r,
		       const struct words *w)
{
	const struct sp_diff *d = r->diff;
	char a[96], b[96], title[600];

	snprintf(title, sizeof(title), "sandprint diff: %s \u2192 %s",
		 r->old_name, r->new_name);
	sp_html_begin(f, title);
	if (r->subset_mode)
		fprintf(f, "<p><strong>Subset</strong> (NEW allows nothing OLD "
			   "refuses): <strong>%s</strong></p>\n",
			sp_subset_answer_name(d->subset));
	if (sp_diff_equal(r->diff)) {
		fputs("<p>No differences: both profiles allow the same "
		      "calls.</p>\n", f);
		sp_html_end(f);
		return;
	}
	fputs("<ul class=\"summary\">\n", f);
	if (d->default_changed)
		fprintf(f, "<li>Default action: <code>%s</code> &rarr; "
			   "<code>%s</code></li>\n",
			sp_action_text(d->old_default, d->old_default_errno, a,
				sizeof(a)),
			sp_action_text(d->new_default, d->new_default_errno, b,
				sizeof(b)));
	if (d->new_filtered & ~d->old_filtered) {
		fputs("<li>Architectures added: ", f);
		put_archs(f, d->new_filtered & ~d->old_filtered, ", ", "");
		fputs("</li>\n", f);
	}
	if (d->old_filtered & ~d->new_filtered) {
		fputs("<li>Architectures removed: ", f);
		put_archs(f, d->old_filtered & ~d->new_filtered, ", ", "");
		fputs("</li>\n", f);
	}
	fprintf(f, "<li>%zu system call change%s</li>\n</ul>\n",
		d->nchanges, d->nchanges == 1 ? "" : "s");
	if (d->nchanges)
		fputs("<table class=\"changes\">\n<thead><tr><th>System call"
		      "</th><th>Change</th><th>Architectures</th><th>Values"
		      "</th><th>Old</th><th>New</th></tr></thead>\n<tbody>\n",
		      f);
	for (size_t i = 0; i < d->nchanges; i++) {
		const struct sp_diff_change *c = &d->changes[i];

		fputs("<tr><td>", f);
		html_code(f, c->syscall);
		if (c->unknown)
			fputs(" (unknown to libseccomp)", f);
		fprintf(f, "</td><td>%s</td><td>", sp_diff_kind_name(c->kind));
		put_archs(f, c->archs, ", ", "");
		fputs("</td><td>", f);
		for (size_t k = 0; k < c->nplus; k++) {
			fputs(c->plus_except ? (k ? ", " : "+any but ") :
					       (k ? "<br>+" : "+"), f);
			html_code(f, w[i].plus[k]);
		}
		for (size_t k = 0; k < c->nminus; k++) {
			fputs(k && c->minus_except ? ", " :
			      k || c->nplus	   ? "<br>&minus;" :
						     "&minus;", f);
			if (!k && c->minus_except)
				fputs("any but ", f);
			html_code(f, w[i].minus[k]);
		}
		if (c->values_elided)
			fputs("(too many to list)", f);
		fputs("</td><td>", f);
		html_code(f, w[i].old);
		fputs("</td><td>", f);
		html_code(f, w[i].new);
		fputs("</td></tr>\n", f);
	}
	if (d->nchanges)
		fputs("</tbody></table>\n", f);
	sp_html_end(f);
}

int sp_diff_report_write(FILE *f, enum sp_report_format fmt, bool color,
			 const struct sp_diff_report *r)
{
	const struct sp_diff *d = r->diff;
	struct words *w = words_of(d);

	if (!w)
		return -ENOMEM;
	switch (fmt) {
	case SP_REPORT_TEXT:
		write_text(f, color, r, w);
		break;
	case SP_REPORT_JSON:
		write_json(f, r, w);
		break;
	case SP_REPORT_MARKDOWN:
		write_markdown(f, r, w);
		break;
	case SP_REPORT_HTML:
		write_html(f, r, w);
		break;
	}
	words_free(w, d->nchanges);
	return fflush(f) || ferror(f) ? -EIO : 0;
}
