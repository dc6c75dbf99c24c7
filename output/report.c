#include "output/report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/argnames.h"
#include "core/syscall.h"
#include "core/text.h"
#include "output/html.h"
#include "output/palette.h"

#define REPORT_FORMAT "sandprint-report"
#define REPORT_VERSION 1

int sp_report_format_parse(const char *s, enum sp_report_format *out)
{
	if (strcmp(s, "text") == 0)
		*out = SP_REPORT_TEXT;
	else if (strcmp(s, "json") == 0)
		*out = SP_REPORT_JSON;
	else if (strcmp(s, "markdown") == 0)
		*out = SP_REPORT_MARKDOWN;
	else if (strcmp(s, "html") == 0)
		*out = SP_REPORT_HTML;
	else
		return -EINVAL;
	return 0;
}

/* The short name of an action: "kill-process", "errno", ... */
static const char *short_name(enum sp_action a)
{
	switch (a) {
	case SP_ACT_KILL_PROCESS:
		return "kill-process";
	case SP_ACT_KILL_THREAD:
		return "kill-thread";
	case SP_ACT_TRAP:
		return "trap";
	case SP_ACT_ERRNO:
		return "errno";
	case SP_ACT_NOTIFY:
		return "notify";
	case SP_ACT_TRACE:
		return "trace";
	case SP_ACT_LOG:
		return "log";
	case SP_ACT_ALLOW:
	case SP_ACT_COUNT:
		break;
	}
	return "allow";
}

const char *sp_report_action(enum sp_action a, int data, char *buf,
			     size_t len)
{
	const char *name = a == SP_ACT_ERRNO ? strerrorname_np(data) : NULL;

	/* ERRNO(0): the call is not made and "succeeds", returning 0. */
	if (a == SP_ACT_ERRNO && !data)
		snprintf(buf, len, "errno 0 (not run)");
	else if (a == SP_ACT_ERRNO)
		snprintf(buf, len, "errno %s (%d)", name ? name : "?", data);
	else
		snprintf(buf, len, "%s", short_name(a));
	return buf;
}

/* "mount(_, _, _, MS_REMOUNT)", "socket(AF_NETLINK, _, _)": the kept
 * arguments by name (core/argnames) or value, "_" for the others, up to
 * the last kept one. */
static void format_call(const struct sp_refusal *r, char *buf, size_t len)
{
	char nb[SP_SYSCALL_NAME_MAX], v[SP_ARGNAME_MAX];
	const char *name = sp_syscall_name_or_nr(r->arch, r->nr, nb);
	size_t n;
	int last = -1;

	n = (size_t)snprintf(buf, len, "%s", name);
	for (int i = 0; i < SP_NARGS; i++)
		if (r->kept & (1u << i))
			last = i;
	for (int i = 0; i <= last && n < len; i++) {
		if (r->kept & (1u << i))
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
					      i ? ", " : "(",
					      sp_argname_format_in(
						      name, (unsigned)i,
						      r->args[i], r->args,
						      r->kept, v, sizeof(v)));
		else
			n += (size_t)snprintf(buf + n, len - n, "%s_",
					      i ? ", " : "(");
	}
	if (last >= 0 && n < len)
		snprintf(buf + n, len - n, ")");
}

/* The executable of a refusal, or NULL. */
static const char *exe_of(const struct sp_refusal *x)
{
	return x->trace && x->exe < x->trace->nexes ? x->trace->exes[x->exe] :
						      NULL;
}

/* "uname <- f <- g <- main": the frames of a recorded call site worth
 * showing (sp_trace_site_text); NULL when none was recorded. */
static const char *call_site(const struct sp_refusal *x, char *buf,
			     size_t len)
{
	return x->trace ? sp_trace_site_text(x->trace, x->stack, x->nframes,
					     x->exe, buf, len) :
			  NULL;
}

/* A refusal in words, as the text, Markdown and HTML tables show it. */
struct words {
	const char *exe;         /* or NULL */
	const char *site;        /* or NULL */
	char act[80], sitebuf[512];
	char call[SP_SYSCALL_NAME_MAX + SP_NARGS * (SP_ARGNAME_MAX + 2) + 2];
};

static void words_of(const struct sp_refusal *w, struct words *x)
{
	x->exe = exe_of(w);
	x->site = call_site(w, x->sitebuf, sizeof(x->sitebuf));
	/* Not the first errno tried (0, "not run"): the filter computes it
	 * from an argument the trace did not keep. */
	if (w->action == SP_ACT_ERRNO && w->data_max > w->data)
		snprintf(x->act, sizeof(x->act),
			 "errno depends on the arguments (%d to %d found)",
			 w->data, w->data_max);
	else
		sp_report_action(w->action, w->data, x->act, sizeof(x->act));
	format_call(w, x->call, sizeof(x->call));
}

/* JSON string with the escapes RFC 8259 requires; bytes >= 0x80 are
 * passed through when the string is valid UTF-8 enough for our use
 * (paths), else replaced by '?'. */
static void put_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\u%04x", *p);
		else if (*p >= 0x80)
			fputc('?', f);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static int write_json(FILE *f, const struct sp_report *r)
{
	const struct sp_check_result *res = r->result;
	char nb[SP_SYSCALL_NAME_MAX], site[512];

	fprintf(f, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n"
		   "  \"command\": ", REPORT_FORMAT, REPORT_VERSION);
	put_json_string(f, r->command);
	fputs(",\n  \"profile\": ", f);
	put_json_string(f, r->profile);
	fprintf(f, ",\n  \"patterns\": %" PRIu64 ",\n  \"calls\": %" PRIu64
		   ",\n  \"refused_patterns\": %zu,\n  \"refused_calls\": %"
		   PRIu64 ",\n", res->npatterns, res->ncalls, res->n,
		res->nrefused_calls);
	if (r->has_status)
		fprintf(f, "  \"status\": %d,\n", r->status);
	if (r->error) {
		fputs("  \"error\": ", f);
		put_json_string(f, r->error);
		fputs(",\n", f);
	}
	fputs("  \"refusals\": [", f);
	for (size_t i = 0; i < res->n; i++) {
		const struct sp_refusal *w = &res->v[i];
		const char *exe = exe_of(w);
		const char *at = call_site(w, site, sizeof(site));

		fprintf(f, "%s{\"action\": \"%s\"", i ? ",\n    " : "\n    ",
			short_name(w->action));
		if (w->action == SP_ACT_ERRNO) {
			const char *en = w->data ? strerrorname_np(w->data) :
						   NULL;

			fprintf(f, ", \"errno\": %d, \"errno_name\": ",
				w->data);
			put_json_string(f, en ? en : "");
			if (w->data_max > w->data)
				fprintf(f, ", \"errno_max\": %d", w->data_max);
		} else if (w->action == SP_ACT_TRAP ||
			   w->action == SP_ACT_TRACE) {
			fprintf(f, ", \"data\": %d", w->data);
			if (w->data_max > w->data)
				fprintf(f, ", \"data_max\": %d", w->data_max);
		}
		fprintf(f, ", \"arch\": \"%s\", \"syscall\": ",
			sp_arch_name(w->arch));
		put_json_string(f, sp_syscall_name_or_nr(w->arch, w->nr, nb));
		fprintf(f, ", \"nr\": %" PRId64 ", \"args\": [", w->nr);
		for (int a = 0; a < SP_NARGS; a++) {
			if (w->kept & (1u << a))
				fprintf(f, "%s\"0x%" PRIx64 "\"", a ? ", " : "",
					w->args[a]);
			else
				fprintf(f, "%snull", a ? ", " : "");
		}
		fprintf(f, "], \"count\": %" PRIu64 ", \"exe\": ", w->count);
		if (exe)
			put_json_string(f, exe);
		else
			fputs("null", f);
		fprintf(f, ", \"pid\": %d, \"argument_dependent\": %s, "
			   "\"baseline\": %s, \"site\": ", (int)w->pid,
			w->arg_dependent ? "true" : "false",
			w->baseline ? "true" : "false");
		if (at)
			put_json_string(f, at);
		else
			fputs("null", f);
		fputc('}', f);
	}
	fputs(res->n ? "\n  ]\n}\n" : "]\n}\n", f);
	return 0;
}

static const char *color_of(const struct sp_palette *p, enum sp_action a)
{
	switch (a) {
	case SP_ACT_KILL_PROCESS:
	case SP_ACT_KILL_THREAD:
		return p->bold_red;
	case SP_ACT_TRAP:
		return p->magenta;
	default:
		return p->yellow;
	}
}

static void summary(FILE *f, const struct sp_report *r, const char *bold,
		    const char *off)
{
	const struct sp_check_result *res = r->result;
	char pb[1024];
	const char *profile = sp_text_safe(r->profile, pb, sizeof(pb));

	/* check judges patterns (a trace may hold none), run counts what
	 * stopped. */
	if (strcmp(r->command, "check") == 0)
		fprintf(f, "%s%s%s: %s refuses %zu of %" PRIu64
			   " patterns (%" PRIu64 " of %" PRIu64 " calls)\n",
			bold, r->command, off, profile, res->n,
			res->npatterns, res->nrefused_calls, res->ncalls);
	else
		fprintf(f, "%s%s%s: %s refused %zu distinct call%s (%" PRIu64
			   " call%s)\n", bold, r->command, off, profile,
			res->n, res->n == 1 ? "" : "s", res->nrefused_calls,
			res->nrefused_calls == 1 ? "" : "s");
	if (r->has_status)
		fprintf(f, "the workload exited with status %d\n", r->status);
	if (r->error) {
		fputs("sandprint failed while the workload ran: ", f);
		sp_text_put(f, r->error);
		fputc('\n', f);
	}
	if (r->note)
		fprintf(f, "%s\n", r->note);
}

/* The SYSCALL column's width: a row is ACTION (20), SYSCALL, COUNT (8)
 * and the executable, 72 columns before the executable's name. */
#define CALL_WIDTH 40

/* How much of s goes on a line of width columns: all of it when it fits,
 * else up to the last break that fits, after an argument (",") rather
 * than after a flag ("|"), after the name's "(" only when neither fits,
 * else to the first break past width (one value longer than the
 * column). */
static size_t call_piece(const char *s, size_t width)
{
	size_t n = strlen(s), arg = 0, flag = 0, open = 0, past = 0;

	if (n <= width)
		return n;
	for (size_t i = 0; i < n && !past; i++) {
		if (!strchr("(,|", s[i]))
			continue;
		if (i + 1 > width)
			past = i + 1;
		else if (s[i] == ',')
			arg = i + 1;
		else if (s[i] == '|')
			flag = i + 1;
		else
			open = i + 1;
	}
	return arg ? arg : flag ? flag : open ? open : past ? past : n;
}

static int write_text(FILE *f, bool color, const struct sp_report *r)
{
	const struct sp_palette *p = sp_palette(color);
	const char *bold = p->bold;
	const char *off = p->off;
	const struct sp_check_result *res = r->result;

	summary(f, r, bold, off);
	if (!res->n)
		return 0;
	/* The call column of a fixed width, so that COUNT stays where the
	 * heading says on an 80-column terminal: a longer call (clone3 with
	 * nine flags, ioctl with six values) goes on under it, on lines of
	 * its own, broken after an argument or a flag. */
	fprintf(f, "\n%s%-20s %-*s %8s  %s%s\n", bold, "ACTION", CALL_WIDTH,
		"SYSCALL", "COUNT", "EXECUTABLE (PID)", off);
	for (size_t i = 0; i < res->n; i++) {
		const struct sp_refusal *w = &res->v[i];
		struct words x;
		const char *exe, *at, *rest;
		size_t n;

		words_of(w, &x);
		exe = x.exe;
		at = x.site;
		n = call_piece(x.call, CALL_WIDTH);
		fprintf(f, "%s%-20s%s %-*.*s %8" PRIu64 "  ",
			color_of(p, w->action), x.act, off, CALL_WIDTH, (int)n,
			x.call, w->count);
		sp_text_put(f, exe ? exe : "?");
		fprintf(f, " (%d)", (int)w->pid);
		if (w->arch != sp_arch_native())
			fprintf(f, " [%s]", sp_arch_name(w->arch));
		if (w->arg_dependent)
			fputs(" argument-dependent", f);
		if (w->baseline)
			fputs(" baseline", f);
		fputc('\n', f);
		for (rest = x.call + n; *rest; rest += n) {
			rest += strspn(rest, " ");
			if (!*rest)
				break;
			n = call_piece(rest, CALL_WIDTH - 2);
			fprintf(f, "%-23s%.*s\n", "", (int)n, rest);
		}
		if (at) {
			fprintf(f, "%s    at ", p->dim);
			sp_text_put(f, at);
			fprintf(f, "%s\n", off);
		}
	}
	return 0;
}

/* s with its control characters escaped, every '|' as "\|" (it ends a
 * cell even inside `code`), and, outside code, a backslash before each
 * character Markdown would read as markup (an executable named
 * "<img src=...>" or "[x](http://...)" shows as written). */
static void md_put(FILE *f, const char *s, bool code)
{
	char buf[1024];

	for (s = sp_text_safe(s, buf, sizeof(buf)); *s; s++) {
		if (*s == '|' || (!code && strchr("\\`*_[]<>!~&", *s)))
			fputc('\\', f);
		fputc(*s, f);
	}
}

void sp_report_md_cell(FILE *f, const char *s)
{
	md_put(f, s, false);
}

/* The longest run of backticks in s. */
static size_t longest_ticks(const char *s)
{
	size_t most = 0, run = 0;

	for (; *s; s++) {
		run = *s == '`' ? run + 1 : 0;
		most = run > most ? run : most;
	}
	return most;
}

void sp_report_md_code(FILE *f, const char *s)
{
	char buf[1024];
	const char *t = sp_text_safe(s, buf, sizeof(buf));
	size_t fence = longest_ticks(t) + 1;
	/* A span that begins or ends with a backtick is padded with a space
	 * (which the renderer strips): the fence never meets its text. */
	bool pad = *t == '`' || (*t && t[strlen(t) - 1] == '`');

	for (size_t i = 0; i < fence; i++)
		fputc('`', f);
	if (pad)
		fputc(' ', f);
	md_put(f, t, true);
	if (pad)
		fputc(' ', f);
	for (size_t i = 0; i < fence; i++)
		fputc('`', f);
}

static int write_markdown(FILE *f, const struct sp_report *r)
{
	const struct sp_check_result *res = r->result;


	fprintf(f, "## sandprint %s: ", r->command);
	sp_report_md_cell(f, r->profile);
	fputs("\n\n", f);
	summary(f, r, "", "");
	if (!res->n)
		return 0;
	fputs("\n| action | syscall | arch | count | executable | pid "
	      "| notes | call site |\n|---|---|---|---:|---|---:|---|---|\n",
	      f);
	for (size_t i = 0; i < res->n; i++) {
		const struct sp_refusal *w = &res->v[i];
		struct words x;
		const char *exe, *at;

		words_of(w, &x);
		exe = x.exe;
		at = x.site;
		fprintf(f, "| %s | ", x.act);
		sp_report_md_code(f, x.call);
		fprintf(f, " | %s | %" PRIu64 " | ", sp_arch_name(w->arch),
			w->count);
		sp_report_md_cell(f, exe ? exe : "?");
		fprintf(f, " | %d | %s%s%s | ", (int)w->pid,
			w->arg_dependent ? "argument-dependent" : "",
			w->arg_dependent && w->baseline ? ", " : "",
			w->baseline ? "baseline" : "");
		sp_report_md_cell(f, at ? at : "");
		fputs(" |\n", f);
	}
	return 0;
}

static int write_html(FILE *f, const struct sp_report *r)
{
	const struct sp_check_result *res = r->result;
	char title[512];

	snprintf(title, sizeof(title), "sandprint %s: %s", r->command,
		 r->profile);
	sp_html_begin(f, title);
	fputs("<section class=\"summary\">\n<p>", f);
	/* The text summary's lines, as paragraphs. */
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		if (!m)
			return -ENOMEM;
		summary(m, r, "", "");
		fclose(m);
		for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
			sp_html_text(f, l);
			fputs("<br>\n", f);
		}
		free(buf);
	}
	fputs("</p>\n</section>\n", f);
	if (res->n) {
		fputs("<table class=\"refusals\">\n<thead><tr><th>Action</th>"
		      "<th>System call</th><th>Arch</th><th>Calls</th>"
		      "<th>Executable</th><th>Pid</th><th>Notes</th>"
		      "<th>Call site</th></tr></thead>\n<tbody>\n", f);
		for (size_t i = 0; i < res->n; i++) {
			const struct sp_refusal *w = &res->v[i];
			struct words x;
			const char *exe, *at;

			words_of(w, &x);
			exe = x.exe;
			at = x.site;
			fprintf(f, "<tr><td class=\"refuse\">%s</td>"
				   "<td><code>%s</code></td><td>%s</td>"
				   "<td class=\"n\">%" PRIu64 "</td><td>",
				x.act, x.call, sp_arch_name(w->arch),
				w->count);
			sp_html_text(f, exe ? exe : "?");
			fprintf(f, "</td><td class=\"n\">%d</td><td>%s%s%s"
				   "</td><td>",
				(int)w->pid,
				w->arg_dependent ? "argument-dependent" : "",
				w->arg_dependent && w->baseline ? ", " : "",
				w->baseline ? "baseline" : "");
			if (at) {
				fputs("<code>", f);
				sp_html_text(f, at);
				fputs("</code>", f);
			}
			fputs("</td></tr>\n", f);
		}
		fputs("</tbody></table>\n", f);
	}
	sp_html_end(f);
	return 0;
}

int sp_report_write(FILE *f, enum sp_report_format fmt, bool color,
		    const struct sp_report *r)
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
	case SP_REPORT_HTML:
		if (write_html(f, r))
			return -ENOMEM;
		break;
	}
	return ferror(f) ? -EIO : 0;
}
