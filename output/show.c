#include "output/show.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/argnames.h"
#include "core/keyset.h"
#include "core/syscall.h"
#include "core/text.h"
#include "output/html.h"
#include "output/palette.h"

/* The plural ending of a count: "1 call", "2 calls". */
#define S(n) ((n) == 1 ? "" : "s")

/* The colours of o's text. */
static const struct sp_palette *pal(const struct sp_show_opts *o)
{
	return sp_palette(o->color);
}

static int cmp_by_call(const void *a, const void *b)
{
	const struct sp_pattern *x = *(const struct sp_pattern *const *)a;
	const struct sp_pattern *y = *(const struct sp_pattern *const *)b;

	if (x->arch != y->arch)
		return x->arch < y->arch ? -1 : 1;
	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	/* Most frequent argument values first. */
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return 0;
}

static void show_args(FILE *f, const char *name, const struct sp_pattern *p)
{
	char v[SP_ARGNAME_MAX];
	bool first = true;

	for (unsigned i = 0; i < SP_NARGS; i++) {
		if (!(p->kept & (1u << i)))
			continue;
		fprintf(f, "%sarg%u=%s", first ? "" : " ", i,
			sp_argname_format_in(name, i, p->args[i], p->args,
					     p->kept, v, sizeof(v)));
		first = false;
	}
}

/* A string from a file: escaped for a terminal, or for HTML. */
static void put(FILE *f, const struct sp_show_opts *o, const char *s)
{
	if (o->html)
		sp_html_text(f, s);
	else
		sp_text_put(f, s);
}

/* p's call site, "uname <- f <- main": the frames worth showing
 * (sp_trace_site), "..." where frames are skipped. */
static void put_stack(FILE *f, const struct sp_trace *t,
		      const struct sp_pattern *p, const struct sp_show_opts *o)
{
	char buf[1024];
	const char *site = sp_trace_site_text(t, p->stack, p->nframes, p->exe,
					      buf, sizeof(buf));

	if (site)
		put(f, o, site);
}

static bool has_stack(const struct sp_trace *t, const struct sp_pattern *p)
{
	return p->nframes && p->stack + p->nframes <= t->nframes;
}

static void show_stack(FILE *f, const struct sp_trace *t,
		       const struct sp_pattern *p,
		       const struct sp_show_opts *o)
{
	if (!has_stack(t, p))
		return;
	fprintf(f, "%s        at ", pal(o)->dim);
	put_stack(f, t, p, o);
	fprintf(f, "%s\n", pal(o)->off);
}

/* The calls of executable exe. */
static void show_exe(FILE *f, const struct sp_trace *t, uint32_t exe,
		     const struct sp_pattern **pats, size_t n,
		     const struct sp_show_opts *o)
{
	uint64_t total = 0;
	size_t nsys = 0;

	for (size_t i = 0; i < n; i++) {
		total += pats[i]->count;
		nsys += i == 0 || pats[i]->nr != pats[i - 1]->nr ||
			pats[i]->arch != pats[i - 1]->arch;
	}
	fprintf(f, "\n%s", pal(o)->bold);
	sp_text_put(f, exe < t->nexes ? t->exes[exe] : "?");
	fprintf(f, "%s  %" PRIu64 " call%s, %zu system call%s\n", pal(o)->off,
		total, total == 1 ? "" : "s", nsys, nsys == 1 ? "" : "s");
	for (size_t i = 0, j; i < n; i = j) {
		const struct sp_pattern *p = pats[i];
		char buf[SP_SYSCALL_NAME_MAX];
		const char *name = sp_syscall_name_or_nr(p->arch, p->nr, buf);
		uint64_t count = 0;

		for (j = i; j < n && pats[j]->nr == p->nr &&
			    pats[j]->arch == p->arch;
		     j++)
			count += pats[j]->count;
		fprintf(f, "  %-20s %10" PRIu64 "%s%s%s\n", name, count,
			p->arch != SP_ARCH_X86_64 ? "  [" : "",
			p->arch != SP_ARCH_X86_64 ? sp_arch_name(p->arch) : "",
			p->arch != SP_ARCH_X86_64 ? "]" : "");
		for (size_t k = i; k < j; k++) {
			if (!pats[k]->kept)
				break;
			if (k - i >= o->max_values) {
				fprintf(f, "      ... %zu more argument "
					   "patterns\n", j - k);
				break;
			}
			fputs("      ", f);
			show_args(f, name, pats[k]);
			fprintf(f, "  %s(%" PRIu64 ")%s\n", pal(o)->dim,
				pats[k]->count, pal(o)->off);
		}
		for (size_t k = i; k < j; k++) {
			if (pats[k]->nframes) {
				show_stack(f, t, pats[k], o);
				break;
			}
		}
	}
}

/* Patterns by executable, then by call, most frequent values first,
 * then in the trace's order (the output does not depend on qsort's). */
static int cmp_by_exe(const void *a, const void *b)
{
	const struct sp_pattern *x = *(const struct sp_pattern *const *)a;
	const struct sp_pattern *y = *(const struct sp_pattern *const *)b;
	int c;

	if (x->exe != y->exe)
		return x->exe < y->exe ? -1 : 1;
	c = cmp_by_call(a, b);
	return c ? c : (x > y) - (x < y);
}

/* t's patterns sorted by cmp_by_exe, in *out (freed by the caller): one
 * sort, not a pass over every pattern per executable (8192 executables
 * of 180k patterns, a long recording's: a minute).  -ENOMEM or 0. */
static int by_exe(const struct sp_trace *t, const struct sp_pattern ***out)
{
	const struct sp_pattern **pats;

	pats = calloc(t->npatterns ? t->npatterns : 1, sizeof(*pats));
	if (!pats)
		return -ENOMEM;
	for (size_t i = 0; i < t->npatterns; i++)
		pats[i] = &t->patterns[i];
	qsort(pats, t->npatterns, sizeof(*pats), cmp_by_exe);
	*out = pats;
	return 0;
}

/* The end of the run of pats[i]'s executable in pats (by_exe). */
static size_t exe_end(const struct sp_pattern **pats, size_t n, size_t i)
{
	size_t j = i;

	while (j < n && pats[j]->exe == pats[i]->exe)
		j++;
	return j;
}

/* ---- HTML ---- */

/* One process and, below it, those it started (depth-first; deeper than
 * a page can show, they are listed flat). */
struct node {
	pid_t pid, ppid;
	size_t first;        /* its first image in t->procs; the next one
				of the same pid in next[first], ... */
	size_t last;         /* ... its last, while they are gathered */
};

static int cmp_ppid(const void *a, const void *b)
{
	const struct node *x = a, *y = b;

	return (x->ppid > y->ppid) - (x->ppid < y->ppid);
}

static void html_node(FILE *f, const struct sp_trace *t, const size_t *next,
		      const struct node *byppid, size_t n,
		      const struct node *k, unsigned depth)
{
	size_t lo = 0, hi = n;

	fprintf(f, "<li><code>%d</code> ", (int)k->pid);
	/* Every image of the pid: what it ran, exec after exec. */
	for (size_t i = k->first, shown = 0; i != SIZE_MAX; i = next[i]) {
		if (shown++)
			fputs(" &rarr; ", f);
		sp_html_text(f, t->procs[i].exe < t->nexes ?
					t->exes[t->procs[i].exe] : "?");
	}
	/* The children: the run of byppid with ppid == k->pid. */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (byppid[mid].ppid < k->pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && byppid[lo].ppid == k->pid && byppid[lo].pid != k->pid) {
		fputs("\n<ul class=\"tree\">\n", f);
		for (; lo < n && byppid[lo].ppid == k->pid; lo++)
			if (byppid[lo].pid != k->pid && depth < 64)
				html_node(f, t, next, byppid, n, &byppid[lo],
					  depth + 1);
		fputs("</ul>", f);
	}
	fputs("</li>\n", f);
}

/* The node of pid among nodes (indexed by pid in at), or NULL. */
static struct node *node_of(struct node *nodes, const struct sp_hashidx *at,
			    pid_t pid)
{
	uint64_t h = sp_hash_bytes(0, &pid, sizeof(pid));
	uint32_t k;

	for (size_t it = 0; sp_hashidx_next(at, h, &it, &k);)
		if (nodes[k].pid == pid)
			return &nodes[k];
	return NULL;
}

/* The process tree: each pid once (its first image's parent), roots
 * those whose parent is not in the trace.  Nodes are found by pid
 * through a hash index: a scan of them for each image, and for each
 * node's parent, was a build's 100,000 processes compared 10^10
 * times. */
static int html_tree(FILE *f, const struct sp_trace *t)
{
	size_t cap = t->nprocs ? t->nprocs : 1, n = 0;
	struct node *nodes = calloc(cap, sizeof(*nodes));
	struct node *byppid = calloc(cap, sizeof(*byppid));
	size_t *next = calloc(cap, sizeof(*next));
	struct sp_hashidx at = { 0 };
	int ret = -ENOMEM;

	if (!nodes || !byppid || !next)
		goto out;
	for (size_t i = 0; i < t->nprocs; i++) {
		pid_t pid = t->procs[i].pid;
		struct node *k = node_of(nodes, &at, pid);

		next[i] = SIZE_MAX;
		if (k) {
			next[k->last] = i;
			k->last = i;
			continue;
		}
		if (sp_hashidx_add(&at, sp_hash_bytes(0, &pid, sizeof(pid)),
				   (uint32_t)n))
			goto out;
		nodes[n++] = (struct node){ pid, t->procs[i].ppid, i, i };
	}
	memcpy(byppid, nodes, n * sizeof(*nodes));
	qsort(byppid, n, sizeof(*byppid), cmp_ppid);
	fputs("<h3>Processes</h3>\n<ul class=\"tree\">\n", f);
	for (size_t i = 0; i < n; i++)
		if (nodes[i].ppid == nodes[i].pid ||
		    !node_of(nodes, &at, nodes[i].ppid))
			html_node(f, t, next, byppid, n, &nodes[i], 0);
	fputs("</ul>\n", f);
	ret = 0;
out:
	sp_hashidx_clear(&at);
	free(nodes);
	free(byppid);
	free(next);
	return ret;
}

/* How the recording ended, in a few words: the status only where the
 * trace has one ("exited 0", "signaled 9 (SIGKILL)"; an imported log's
 * end is unknown, and a cgroup's without a main process). */
static const char *end_text(const struct sp_trace *t, char *buf, size_t len)
{
	const char *sig = sigabbrev_np(t->status);

	switch (t->end) {
	case SP_END_EXITED:
		snprintf(buf, len, "exited %d", t->status);
		break;
	case SP_END_SIGNALED:
	case SP_END_INTERRUPTED:
		snprintf(buf, len, "%s %d (%s%s)", sp_trace_end_name(t->end),
			 t->status, sig ? "SIG" : "signal", sig ? sig : "");
		break;
	case SP_END_RUNNING:
		snprintf(buf, len, "still running when written");
		break;
	case SP_END_ERROR:
		snprintf(buf, len, "recording failed");
		break;
	case SP_END_UNKNOWN:
		snprintf(buf, len, "end unknown");
		break;
	}
	return buf;
}

/* "3 runs (record --repeat), the first that failed: " before the end,
 * or "" for one run or a container's starts (said apart). */
static const char *runs_text(const struct sp_trace *t, char *buf, size_t len)
{
	uint32_t n = sp_trace_runs(t);

	buf[0] = '\0';
	if (n > 1 && !t->containers)
		snprintf(buf, len, "%" PRIu32 " runs (record --repeat), the "
			 "first that failed or the last: ", n);
	return buf;
}

static void put_text(FILE *f, const char *s, bool html)
{
	if (html)
		sp_html_text(f, s);
	else
		sp_text_put(f, s);
}

/* The containers an OCI hook's trace recorded (oci-hook: a pod's are
 * each a run of its own, its command the first one's), and the pod they
 * were started in; as text or as a paragraph of the HTML page. */
static void containers_text(FILE *f, const struct sp_trace *t, bool html)
{
	bool one = !t->containers[1];

	fputs(html ? "<p>" : "  ", f);
	fputs(one ? "container " : "containers ", f);
	for (char **c = t->containers; *c; c++) {
		if (c != t->containers)
			fputs(", ", f);
		put_text(f, *c, html);
	}
	fprintf(f, ", %" PRIu32 " %s%s recorded%s", sp_trace_runs(t),
		one ? "start" : "run", sp_trace_runs(t) == 1 ? "" : "s",
		one ? "" : " (their starts, each a run; the command is "
			   "the first one's)");
	if (t->pod) {
		fputs(", in pod ", f);
		put_text(f, t->pod, html);
	}
	fputs(html ? "</p>\n" : "\n", f);
}

static int html_trace(FILE *f, const struct sp_trace *t,
		      const struct sp_show_opts *o)
{
	char end[64], runs[96];

	const struct sp_pattern **pats;
	char v[SP_ARGNAME_MAX];

	fputs("<section class=\"trace\">\n<h2>Trace: ", f);
	for (char **a = t->argv; a && *a; a++) {
		fputs(a == t->argv ? "<code>" : " ", f);
		sp_html_text(f, *a);
	}
	fputs(t->argv && t->argv[0] ? "</code>" :
				      "(no command: imported from a log)", f);
	fprintf(f, "</h2>\n<p>%s%s, %" PRIu64 " call%s, %zu "
		   "pattern%s, %zu process image%s, %zu executable%s%s%s</p>\n",
		runs_text(t, runs, sizeof(runs)),
		end_text(t, end, sizeof(end)), t->ncalls, S(t->ncalls),
		t->npatterns, S(t->npatterns), t->nprocs, S(t->nprocs),
		t->nexes, S(t->nexes),
		t->partial ? ", <strong>partial: calls may be missing"
			     "</strong>" : "",
		t->no_new_privs ? "; recorded with no_new_privs" : "");
	for (size_t i = 0; i < t->nunprivileged; i++) {
		fputs("<p>Ran without its set-id bits or file capabilities: "
		      "<code>", f);
		sp_html_text(f, t->unprivileged[i]);
		fputs("</code></p>\n", f);
	}
	if (t->containers)
		containers_text(f, t, true);
	if (html_tree(f, t))
		return -ENOMEM;
	if (by_exe(t, &pats))
		return -ENOMEM;
	fputs("<h3>Calls</h3>\n<table class=\"calls\">\n<thead><tr>"
	      "<th>Executable</th><th>System call</th><th>Calls</th>"
	      "<th>Arguments (calls)</th><th>Call site</th></tr></thead>\n"
	      "<tbody>\n", f);
	for (size_t i = 0, j; i < t->npatterns; i = j) {
		const struct sp_pattern *p = pats[i];
		char buf[SP_SYSCALL_NAME_MAX];
		const char *name = sp_syscall_name_or_nr(p->arch, p->nr,
						       buf);
		uint64_t count = 0;

		for (j = i; j < t->npatterns && pats[j]->exe == p->exe &&
			    pats[j]->nr == p->nr &&
			    pats[j]->arch == p->arch;
		     j++)
			count += pats[j]->count;
		fputs("<tr><td>", f);
		sp_html_text(f, t->exes[p->exe]);
		fprintf(f, "</td><td><code>%s</code>%s%s</td>"
			   "<td class=\"n\">%" PRIu64 "</td><td>",
			name, p->arch != sp_arch_native() ? " " : "",
			p->arch != sp_arch_native() ?
				sp_arch_name(p->arch) : "",
			count);
		for (size_t k = i; k < j && pats[k]->kept; k++) {
			if (k - i >= o->max_values) {
				fprintf(f, "%zu more", j - k);
				break;
			}
			fputs("<code>", f);
			for (unsigned a = 0, first = 1; a < SP_NARGS;
			     a++) {
				if (!(pats[k]->kept & (1u << a)))
					continue;
				fprintf(f, "%sarg%u=", first ? "" : " ",
					a);
				sp_html_text(f, sp_argname_format_in(
					name, a, pats[k]->args[a],
					pats[k]->args, pats[k]->kept,
					v, sizeof(v)));
				first = 0;
			}
			fprintf(f, "</code> (%" PRIu64 ")<br>",
				pats[k]->count);
		}
		fputs("</td><td>", f);
		for (size_t k = i; k < j; k++) {
			if (has_stack(t, pats[k])) {
				fputs("<code>", f);
				put_stack(f, t, pats[k], o);
				fputs("</code>", f);
				break;
			}
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
	free(pats);
	return ferror(f) ? -EIO : 0;
}

int sp_show_trace(FILE *f, const struct sp_trace *t,
		  const struct sp_show_opts *o)
{
	const struct sp_pattern **pats;
	char end[64], runs[96];

	if (o->html)
		return html_trace(f, t, o);
	fprintf(f, "%strace%s:", pal(o)->bold, pal(o)->off);
	for (char **a = t->argv; a && *a; a++) {
		fputc(' ', f);
		sp_text_put(f, *a);
	}
	if (!t->argv || !t->argv[0])
		fputs(" (no command: imported from a log)", f);
	fprintf(f, "\n  %s%s, %" PRIu64 " call%s, %zu pattern%s, "
		   "%zu process image%s, %zu executable%s%s\n",
		runs_text(t, runs, sizeof(runs)),
		end_text(t, end, sizeof(end)), t->ncalls, S(t->ncalls),
		t->npatterns, S(t->npatterns), t->nprocs, S(t->nprocs),
		t->nexes, S(t->nexes),
		t->partial ? ", PARTIAL: calls may be missing" : "");
	if (t->no_new_privs)
		fprintf(f, "  recorded with no_new_privs (setuid did not "
			   "take effect)\n");
	for (size_t i = 0; i < t->nunprivileged; i++) {
		fputs("  ran without its set-id bits or file capabilities: ",
		      f);
		sp_text_put(f, t->unprivileged[i]);
		fputc('\n', f);
	}
	if (t->containers)
		containers_text(f, t, false);
	if (by_exe(t, &pats))
		return -ENOMEM;
	for (size_t i = 0, j; i < t->npatterns; i = j) {
		j = exe_end(pats, t->npatterns, i);
		show_exe(f, t, pats[i]->exe, pats + i, j - i, o);
	}
	free(pats);
	return ferror(f) ? -EIO : 0;
}

/* Whether p's calls fit r's conditions: all of them, or one where an
 * index repeats (sp_rule_index_repeats); an argument p did not keep may
 * have been anything. */
static bool fits(const struct sp_rule *r, const struct sp_pattern *p)
{
	bool ors = sp_rule_index_repeats(r);

	for (size_t k = 0; k < r->nconds; k++) {
		const struct sp_cond *c = &r->conds[k];
		bool holds = c->index >= SP_NARGS ||
			     !(p->kept & (1u << c->index)) ||
			     sp_cond_holds(c, p->args[c->index]);

		if (holds == ors)
			return ors;
	}
	return !ors || !r->nconds;
}

/* The first recorded call site of r's calls in o's traces, of a pattern
 * its conditions allow (socket's AF_INET rule is not shown the site of
 * an AF_UNIX socket): the pattern, and its trace in *in; NULL when
 * none. */
static const struct sp_pattern *rule_site(const struct sp_rule *r,
					  const struct sp_show_opts *o,
					  const struct sp_trace **in)
{
	for (size_t i = 0; i < o->ntraces; i++) {
		const struct sp_trace *t = o->traces[i];

		for (size_t j = 0; j < t->npatterns; j++) {
			const struct sp_pattern *p = &t->patterns[j];
			const char *name;

			if (!has_stack(t, p) || !fits(r, p))
				continue;
			name = sp_syscall_name(p->arch, p->nr);
			for (size_t k = 0; name && k < r->nnames; k++) {
				if (strcmp(r->names[k], name) != 0)
					continue;
				*in = t;
				return p;
			}
		}
	}
	return NULL;
}

/* How thin a recorded rule's evidence is, from its comment: seen in
 * only some runs ("in K of N traces" or "runs", K < N; "in K to M of N",
 * M < N, where the patterns do not tell which), or made once or twice in
 * all ("recorded: N calls").  buf, or "" when neither. */
static const char *thin(const char *comment, char *buf, size_t len)
{
	const char *s = comment ? strstr(comment, ", in ") : NULL;
	const char *r = comment ? strstr(comment, "recorded: ") : NULL;
	unsigned long long calls;
	unsigned k, m, n;
	size_t used = 0;
	int w = 0;

	buf[0] = '\0';
	if (s && sscanf(s, ", in %u to %u of %u", &k, &m, &n) == 3 && m < n)
		w = snprintf(buf, len, "  <- not in every run (%u to %u of "
				       "%u)", k, m, n);
	else if (s && sscanf(s, ", in %u of %u", &k, &n) == 2 && k < n)
		w = snprintf(buf, len, "  <- not in every run (%u of %u)",
			     k, n);
	used = w > 0 ? (size_t)w : 0;
	if (r && sscanf(r, "recorded: %llu call", &calls) == 1 && calls <= 2 &&
	    used < len)
		snprintf(buf + used, len - used, "%s thin: %llu call%s",
			 used ? "," : "  <-", calls, calls == 1 ? "" : "s");
	return buf;
}

/* The words of r's comment that are r's own, past "sandprint: TAG: ",
 * for the additions whose comment says more than their origin's why:
 * alike (which recorded value it stands for), sibling, and static and
 * language (the functions and files behind them) where no trace is shown
 * with its own list of them.  NULL for the others. */
static const char *own_words(const struct sp_rule *r,
			     const struct sp_show_opts *o)
{
	const char *tag = sp_origin_tag(r->origin);
	size_t n = strlen("sandprint: ");

	switch (r->origin) {
	case SP_ORIGIN_STATIC:
	case SP_ORIGIN_LANG:
		if (o->ntraces)
			return NULL;
		break;
	case SP_ORIGIN_ALIKE:
	case SP_ORIGIN_SIBLING:
	case SP_ORIGIN_ARCH:
		break;
	default:
		return NULL;
	}
	if (!r->comment || strncmp(r->comment, "sandprint: ", n) ||
	    strncmp(r->comment + n, tag, strlen(tag)) ||
	    strncmp(r->comment + n + strlen(tag), ": ", 2))
		return NULL;
	return r->comment + n + strlen(tag) + 2;
}

/* r's names, then its conditions in words: the first after if, the
 * others after and, end after the last (HTML: the names in <code>, the
 * conditions in the next cell). */
static void put_rule(FILE *f, const struct sp_rule *r,
		     const struct sp_show_opts *o, const char *if_,
		     const char *and, const char *end)
{
	for (size_t k = 0; k < r->nnames; k++) {
		fputs(k ? " " : "", f);
		put(f, o, r->names[k]);
	}
	if (o->html)
		fputs("</code></td><td>", f);
	for (size_t k = 0; k < r->nconds; k++) {
		char buf[SP_COND_TEXT_MAX];

		sp_cond_format(r->nnames ? r->names[0] : "", &r->conds[k],
			       r->conds, r->nconds, buf, sizeof(buf));
		fputs(k ? and : if_, f);
		put(f, o, buf);
	}
	fputs(end, f);
}

/* The rules as a table: origin, action, calls, conditions, and for
 * recorded rules the evidence of their comment (counts, coverage; the
 * executables) and the first call site in the traces. */
static int html_profile(FILE *f, const struct sp_profile *p,
			const char *title, const struct sp_show_opts *o)
{
	fputs("<section class=\"profile\">\n<h2>", f);
	sp_html_text(f, title);
	fprintf(f, "</h2>\n<p>Default action <code>%s</code>",
		sp_action_name(p->default_action));
	if (p->default_action == SP_ACT_ERRNO)
		fprintf(f, " (errno %d)",
			sp_action_errno(p->default_action,
					p->default_errno));
	fputs("; architectures:", f);
	for (size_t i = 0; i < p->narchs; i++)
		fprintf(f, " <code>%s</code>", sp_arch_name(p->archs[i]));
	fprintf(f, "%s.</p>\n", p->narchs ? "" : " the native one only");
	fputs("<table class=\"rules\">\n<thead><tr><th>Origin</th>"
	      "<th>Action</th><th>System calls</th><th>Conditions</th>"
	      "<th>Calls</th><th>Executables</th><th>Call site</th></tr>"
	      "</thead>\n<tbody>\n", f);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		enum sp_origin origin = r->origin;
		bool allow = r->action == SP_ACT_ALLOW ||
			     r->action == SP_ACT_LOG;
		const char *ev = r->comment ? strstr(r->comment, "recorded: ") :
					      NULL;
		const char *by = ev ? strstr(ev, ", by ") : NULL;
		const struct sp_pattern *site;
		const struct sp_trace *st = NULL;
		char mark[96];

		fprintf(f, "<tr><td><span class=\"tag\" title=\"%s\">%s"
			   "</span></td><td class=\"%s\">%s",
			sp_origin_why(origin), sp_origin_tag(origin),
			allow ? "allow" : "refuse",
			sp_action_name(r->action) + strlen("SCMP_ACT_"));
		if (r->errno_ret >= 0)
			fprintf(f, "(%d)", r->errno_ret);
		fputs("</td><td><code>", f);
		put_rule(f, r, o, "", "<br>and ", "");
		fputs("</td><td>", f);
		if (ev) {
			char part[256];

			ev += strlen("recorded: ");
			snprintf(part, sizeof(part), "%.*s",
				 (int)(by ? (size_t)(by - ev) : strlen(ev)),
				 ev);
			sp_html_text(f, part);
			/* "  <- not in every run (1 of 2), thin: 1 call" */
			if (*thin(r->comment, mark, sizeof(mark))) {
				fputs(" <strong>", f);
				sp_html_text(f, mark + strlen("  <- "));
				fputs("</strong>", f);
			}
		} else if (origin == SP_ORIGIN_OTHER) {
			/* Someone else's words, if any. */
			sp_html_text(f, r->comment ? r->comment : "");
		} else if (own_words(r, o)) {
			sp_html_text(f, own_words(r, o));
		} else if (origin != SP_ORIGIN_RECORDED) {
			sp_html_text(f, sp_origin_why(origin));
		}
		fputs("</td><td>", f);
		if (by)
			sp_html_text(f, by + strlen(", by "));
		fputs("</td><td>", f);
		site = rule_site(r, o, &st);
		if (site) {
			fputs("<code>", f);
			put_stack(f, st, site, o);
			fputs("</code>", f);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n</section>\n", f);
	return ferror(f) ? -EIO : 0;
}

int sp_show_profile(FILE *f, const struct sp_profile *p, const char *title,
		    const struct sp_show_opts *o)
{
	enum sp_origin last = SP_ORIGIN_COUNT;

	if (o->html)
		return html_profile(f, p, title, o);

	fprintf(f, "\n%s", pal(o)->bold);
	sp_text_put(f, title);
	fprintf(f, "%s\n  default %s", pal(o)->off,
		sp_action_name(p->default_action));
	if (p->default_action == SP_ACT_ERRNO)
		fprintf(f, " (errno %d)",
			sp_action_errno(p->default_action,
					p->default_errno));
	fprintf(f, "; architectures:");
	for (size_t i = 0; i < p->narchs; i++)
		fprintf(f, " %s", sp_arch_name(p->archs[i]));
	fprintf(f, "%s\n", p->narchs ? "" : " native only");
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		enum sp_origin origin = r->origin;
		bool allow = r->action == SP_ACT_ALLOW ||
			     r->action == SP_ACT_LOG;
		const struct sp_pattern *site;
		const struct sp_trace *st = NULL;

		if (origin != last) {
			fprintf(f, "  %s[%s]%s %s\n", pal(o)->bold,
				sp_origin_tag(origin), pal(o)->off,
				sp_origin_why(origin));
			last = origin;
		}
		fprintf(f, "    %s%s", allow ? pal(o)->green : pal(o)->red,
			sp_action_name(r->action) + strlen("SCMP_ACT_"));
		if (r->errno_ret >= 0)
			fprintf(f, "(%d)", r->errno_ret);
		fprintf(f, "%s ", pal(o)->off);
		put_rule(f, r, o, "\n        if  ", "\n        and ", "\n");
		if (origin == SP_ORIGIN_OTHER && r->comment && *r->comment) {
			/* Someone else's words: no evidence to read in them. */
			fprintf(f, "        %s", pal(o)->dim);
			sp_text_put(f, r->comment);
			fprintf(f, "%s\n", pal(o)->off);
		}
		if (own_words(r, o)) {
			fprintf(f, "        %s", pal(o)->dim);
			sp_text_put(f, own_words(r, o));
			fprintf(f, "%s\n", pal(o)->off);
		}
		if (origin == SP_ORIGIN_RECORDED && r->comment) {
			const char *ev = strstr(r->comment, "recorded: ");
			char mark[96];

			fprintf(f, "        %s", pal(o)->dim);
			sp_text_put(f, ev ? ev + strlen("recorded: ") :
					    r->comment);
			fprintf(f, "%s%s\n", pal(o)->off,
				thin(r->comment, mark, sizeof(mark)));
			site = rule_site(r, o, &st);
			if (site)
				show_stack(f, st, site, o);
		}
	}
	return ferror(f) ? -EIO : 0;
}

int sp_show_lines(FILE *f, const char *heading, char *const *lines,
		  size_t n, const struct sp_show_opts *o)
{
	if (!n)
		return 0;
	if (o->html) {
		/* The heading as the section's class: "static-analysis". */
		fputs("<section class=\"", f);
		for (const char *c = heading; *c; c++)
			fputc(isalnum((unsigned char)*c) ? *c : '-', f);
		fputs("\">\n<h2>", f);
		sp_html_text(f, heading);
		fputs("</h2>\n<ul>\n", f);
	} else {
		fprintf(f, "\n%s\n", heading);
	}
	for (size_t i = 0; i < n; i++) {
		fputs(o->html ? "<li>" : "  ", f);
		put(f, o, lines[i]);
		fputs(o->html ? "</li>\n" : "\n", f);
	}
	if (o->html)
		fputs("</ul>\n</section>\n", f);
	return ferror(f) ? -EIO : 0;
}

int sp_show_additions(FILE *f, const char *title,
		      const struct sp_show_addition *a, size_t n,
		      const struct sp_show_opts *o)
{
	size_t w = 0;

	if (!n)
		return 0;
	if (o->html) {
		fputs("<section class=\"additions\">\n<h2>", f);
		sp_html_text(f, title);
		fputs("</h2>\n<table class=\"additions\">\n<thead><tr>"
		      "<th>System call</th><th>Why</th></tr></thead>\n"
		      "<tbody>\n", f);
		for (size_t i = 0; i < n; i++) {
			fputs("<tr><td><code>", f);
			sp_html_text(f, a[i].name);
			fputs("</code></td><td>", f);
			sp_html_text(f, a[i].why ? a[i].why : "");
			fputs("</td></tr>\n", f);
		}
		fputs("</tbody></table>\n</section>\n", f);
		return ferror(f) ? -EIO : 0;
	}
	for (size_t i = 0; i < n; i++)
		if (strlen(a[i].name) > w)
			w = strlen(a[i].name);
	fprintf(f, "\n%s%s%s\n", pal(o)->bold, title, pal(o)->off);
	for (size_t i = 0; i < n; i++) {
		char nb[512], wb[1024];

		fprintf(f, "  %-*s  %s%s%s\n", (int)w,
			sp_text_safe(a[i].name, nb, sizeof(nb)), pal(o)->dim,
			a[i].why ? sp_text_safe(a[i].why, wb, sizeof(wb)) : "",
			pal(o)->off);
	}
	return ferror(f) ? -EIO : 0;
}
