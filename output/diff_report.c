#include "output/diff_report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/arch.h"
#include "core/text.h"

/* "SCMP_ACT_ERRNO(EPERM)" */
static const char *verdict(enum sp_action a, int err, char *buf, size_t len)
{
	const char *e = a == SP_ACT_ERRNO ? strerrorname_np(err) : NULL;

	if (a != SP_ACT_ERRNO && a != SP_ACT_TRACE)
		snprintf(buf, len, "%s", sp_action_name(a));
	else if (e)
		snprintf(buf, len, "%s(%s)", sp_action_name(a), e);
	else
		snprintf(buf, len, "%s(%d)", sp_action_name(a), err);
	return buf;
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
			 const struct sp_diff_report_change *c)
{
	return c->archs == r->archs_compared;
}

/* ---- text ---- */

struct palette {
	const char *bold, *add, *del, *chg, *off;
};

static const char *sigil(const struct sp_diff_report_change *c,
			 const struct palette *p, const char **color)
{
	if (!strcmp(c->kind, "added") || !strcmp(c->kind, "widened")) {
		*color = p->add;
		return "+";
	}
	if (!strcmp(c->kind, "removed") || !strcmp(c->kind, "narrowed")) {
		*color = p->del;
		return "-";
	}
	*color = p->chg;
	return "~";
}

static void text_values(FILE *f, const struct sp_diff_report_change *c)
{
	for (size_t i = 0; i < c->nplus; i++)
		fprintf(f, "%s+%s", i ? " " : ": ", c->plus[i]);
	for (size_t i = 0; i < c->nminus; i++)
		fprintf(f, "%s-%s", i || c->nplus ? " " : ": ", c->minus[i]);
	if (c->values_elided)
		fputs(" (too many values to list)", f);
}

static void text_change(FILE *f, const struct sp_diff_report *r,
			const struct sp_diff_report_change *c,
			const struct palette *p)
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
	fprintf(f, ": %s", c->kind);
	text_values(f, c);
	if (c->unknown)
		fputs(" (unknown to libseccomp: runtimes skip it)", f);
	fprintf(f, "\n    old: %s\n    new: %s\n", c->old_desc, c->new_desc);
}

static void text_subset(FILE *f, const struct sp_diff_report *r,
			const struct palette *p)
{
	bool yes = !strcmp(r->subset, "yes");

	fprintf(f, "%ssubset: %s%s%s\n", p->bold, yes ? p->add : p->del,
		r->subset, p->off);
	if (yes) {
		fputs("NEW allows nothing that OLD refuses\n", f);
		return;
	}
	if (r->new_archs & ~r->old_archs) {
		fputs("  architectures: NEW filters ", f);
		put_archs(f, r->new_archs & ~r->old_archs, ", ", "");
		fputs(", where OLD kills every call\n", f);
	}
	if (strcmp(r->default_subset, "yes"))
		fprintf(f, "  other calls: %s: NEW's default action lets "
			   "through calls that OLD's refuses\n",
			r->default_subset);
	for (size_t i = 0; i < r->nchanges; i++) {
		const struct sp_diff_report_change *c = &r->changes[i];

		if (!strcmp(c->subset, "yes"))
			continue;
		fputs("  ", f);
		sp_text_put(f, c->syscall);
		if (!all_compared(r, c)) {
			fputs(" (", f);
			put_archs(f, c->archs, ", ", "");
			fputs(")", f);
		}
		fprintf(f, ": %s: %s", c->subset, c->subset_why);
		for (size_t j = 0; j < c->nplus; j++)
			fprintf(f, "%s%s", j ? " " : ": ", c->plus[j]);
		fprintf(f, "\n    old: %s\n    new: %s\n", c->old_desc,
			c->new_desc);
	}
}

static void write_text(FILE *f, bool color, const struct sp_diff_report *r)
{
	struct palette p = { "", "", "", "", "" };
	char a[96], b[96];

	if (color)
		p = (struct palette){ "\033[1m", "\033[32m", "\033[31m",
				      "\033[33m", "\033[0m" };
	if (r->subset_mode) {
		text_subset(f, r, &p);
		return;
	}
	if (r->equal)
		return;
	fprintf(f, "%s--- ", p.bold);
	sp_text_put(f, r->old_name);
	fputs("\n+++ ", f);
	sp_text_put(f, r->new_name);
	fprintf(f, "%s\n", p.off);
	if (r->default_changed)
		fprintf(f, "%s~ default action%s: %s -> %s\n", p.chg, p.off,
			verdict(r->old_default, r->old_errno, a, sizeof(a)),
			verdict(r->new_default, r->new_errno, b, sizeof(b)));
	if (r->old_archs != r->new_archs) {
		fprintf(f, "%s~ architectures%s:", p.chg, p.off);
		if (r->new_archs & ~r->old_archs) {
			fputs(" +", f);
			put_archs(f, r->new_archs & ~r->old_archs, " +", "");
		}
		if (r->old_archs & ~r->new_archs) {
			fputs(" -", f);
			put_archs(f, r->old_archs & ~r->new_archs, " -", "");
		}
		fputc('\n', f);
	}
	for (size_t i = 0; i < r->nchanges; i++)
		text_change(f, r, &r->changes[i], &p);
	fprintf(f, "%zu syscall change%s\n", r->nchanges,
		r->nchanges == 1 ? "" : "s");
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

static void json_change(FILE *f, const struct sp_diff_report_change *c)
{
	fputs("    {\n      \"added_values\": ", f);
	json_strs(f, c->plus, c->nplus);
	fputs(",\n      \"architectures\": ", f);
	json_archs(f, c->archs);
	fputs(",\n      \"change\": ", f);
	json_str(f, c->kind);
	fputs(",\n      \"new\": ", f);
	json_str(f, c->new_desc);
	fputs(",\n      \"old\": ", f);
	json_str(f, c->old_desc);
	fputs(",\n      \"removed_values\": ", f);
	json_strs(f, c->minus, c->nminus);
	fputs(",\n      \"subset\": ", f);
	json_str(f, c->subset);
	fputs(",\n      \"subset_reason\": ", f);
	json_str(f, c->subset_why);
	fputs(",\n      \"syscall\": ", f);
	json_str(f, c->syscall);
	fprintf(f, ",\n      \"unknown_to_libseccomp\": %s",
		c->unknown ? "true" : "false");
	fprintf(f, ",\n      \"values_elided\": %s\n    }",
		c->values_elided ? "true" : "false");
}

static void write_json(FILE *f, const struct sp_diff_report *r)
{
	fputs("{\n  \"architectures\": {\"added\": ", f);
	json_archs(f, r->new_archs & ~r->old_archs);
	fputs(", \"compared\": ", f);
	json_archs(f, r->archs_compared);
	fputs(", \"new\": ", f);
	json_archs(f, r->new_archs);
	fputs(", \"old\": ", f);
	json_archs(f, r->old_archs);
	fputs(", \"removed\": ", f);
	json_archs(f, r->old_archs & ~r->new_archs);
	fputs("},\n  \"changes\": [", f);
	for (size_t i = 0; i < r->nchanges; i++) {
		fputs(i ? ",\n" : "\n", f);
		json_change(f, &r->changes[i]);
	}
	fprintf(f, "%s],\n  \"default_action\": {\"changed\": %s, \"new\": ",
		r->nchanges ? "\n  " : "", r->default_changed ? "true" : "false");
	json_verdict(f, r->new_default, r->new_errno);
	fputs(", \"old\": ", f);
	json_verdict(f, r->old_default, r->old_errno);
	fprintf(f, "},\n  \"equal\": %s,\n  \"format\": \"sandprint-diff\",\n"
		   "  \"new\": ", r->equal ? "true" : "false");
	json_str(f, r->new_name);
	fputs(",\n  \"old\": ", f);
	json_str(f, r->old_name);
	fputs(",\n  \"subset\": {\"answer\": ", f);
	json_str(f, r->subset);
	fputs(", \"default\": ", f);
	json_str(f, r->default_subset);
	fputs("},\n  \"version\": 1\n}\n", f);
}

/* ---- Markdown ---- */

/* Text in a table cell: '|' escaped, newlines as spaces. */
static void md_cell(FILE *f, const char *s)
{
	char buf[1024];

	/* Control characters escaped (a newline among them: it would end
	 * the row), then '|' which would end the cell. */
	for (s = sp_text_safe(s, buf, sizeof(buf)); *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else
			fputc(*s, f);
	}
}

static void md_code(FILE *f, const char *s)
{
	fputc('`', f);
	md_cell(f, s);
	fputc('`', f);
}

static void md_change(FILE *f, const struct sp_diff_report_change *c)
{
	fputs("| ", f);
	md_code(f, c->syscall);
	fprintf(f, " | %s | ", c->kind);
	put_archs(f, c->archs, ", ", "");
	fputs(" | ", f);
	for (size_t i = 0; i < c->nplus; i++) {
		fputs(i ? " +" : "+", f);
		md_code(f, c->plus[i]);
	}
	for (size_t i = 0; i < c->nminus; i++) {
		fputs(i || c->nplus ? " \u2212" : "\u2212", f);
		md_code(f, c->minus[i]);
	}
	if (c->values_elided)
		fputs("(too many to list)", f);
	fputs(" | ", f);
	md_code(f, c->old_desc);
	fputs(" | ", f);
	md_code(f, c->new_desc);
	if (c->unknown)
		fputs(" (unknown to libseccomp)", f);
	fputs(" |\n", f);
}

static void write_markdown(FILE *f, const struct sp_diff_report *r)
{
	char a[96], b[96];

	fputs("### sandprint diff: ", f);
	md_code(f, r->old_name);
	fputs(" \u2192 ", f);
	md_code(f, r->new_name);
	fputs("\n\n", f);
	if (r->subset_mode)
		fprintf(f, "**Subset** (NEW allows nothing OLD refuses): "
			   "**%s**\n\n", r->subset);
	if (r->equal) {
		fputs("No differences: both profiles allow the same calls.\n",
		      f);
		return;
	}
	if (r->default_changed)
		fprintf(f, "- **Default action:** `%s` \u2192 `%s`\n",
			verdict(r->old_default, r->old_errno, a, sizeof(a)),
			verdict(r->new_default, r->new_errno, b, sizeof(b)));
	if (r->new_archs & ~r->old_archs) {
		fputs("- **Architectures added:** ", f);
		put_archs(f, r->new_archs & ~r->old_archs, ", ", "`");
		fputc('\n', f);
	}
	if (r->old_archs & ~r->new_archs) {
		fputs("- **Architectures removed:** ", f);
		put_archs(f, r->old_archs & ~r->new_archs, ", ", "`");
		fputc('\n', f);
	}
	if (r->default_changed || r->old_archs != r->new_archs)
		fputc('\n', f);
	if (!r->nchanges)
		return;
	fprintf(f, "%zu system call change%s:\n\n", r->nchanges,
		r->nchanges == 1 ? "" : "s");
	fputs("| System call | Change | Architectures | Values | Old | New |\n"
	      "|---|---|---|---|---|---|\n", f);
	for (size_t i = 0; i < r->nchanges; i++)
		md_change(f, &r->changes[i]);
}

int sp_diff_report_write(FILE *f, enum sp_report_format fmt, bool color,
			 const struct sp_diff_report *r)
{
	switch (fmt) {
	case SP_REPORT_TEXT:
		write_text(f, color, r);
		break;
	case SP_REPORT_JSON:
		write_json(f, r);
		break;
	case SP_REPORT_MARKDOWN:
		write_markdown(f, r);
		break;
	}
	return fflush(f) || ferror(f) ? -EIO : 0;
}
