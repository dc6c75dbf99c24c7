#include "output/show.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/argnames.h"
#include "core/syscall.h"
#include "output/palette.h"

/* The colours of o's text. */
static const struct sp_palette *pal(const struct sp_show_opts *o)
{
	return sp_palette(o->color);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
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
	char v[256];
	bool first = true;

	for (unsigned i = 0; i < SP_NARGS; i++) {
		if (!(p->kept & (1u << i)))
			continue;
		fprintf(f, "%sarg%u=%s", first ? "" : " ", i,
			sp_argname_format(name, i, p->args[i], v, sizeof(v)));
		first = false;
	}
}

static void show_stack(FILE *f, const struct sp_trace *t,
		       const struct sp_pattern *p,
		       const struct sp_show_opts *o)
{
	if (!p->nframes || p->stack + p->nframes > t->nframes)
		return;
	fprintf(f, "%s        at ", pal(o)->dim);
	for (unsigned i = 0; i < p->nframes && i < 6; i++) {
		const struct sp_frame *fr = &t->frames[p->stack + i];
		const char *mod = fr->module < t->nmodules ?
					  base_name(t->modules[fr->module]) :
					  "?";

		if (i)
			fputs(" <- ", f);
		if (fr->symbol)
			fprintf(f, "%s", fr->symbol);
		else
			fprintf(f, "%s+%#" PRIx64, mod, fr->offset);
	}
	fprintf(f, "%s%s\n", p->nframes > 6 ? " <- ..." : "", pal(o)->off);
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
	fprintf(f, "\n%s%s%s  %" PRIu64 " calls, %zu system calls\n",
		pal(o)->bold, exe < t->nexes ? t->exes[exe] : "?", pal(o)->off,
		total, nsys);
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

int sp_show_trace(FILE *f, const struct sp_trace *t,
		  const struct sp_show_opts *o)
{
	const struct sp_pattern **pats;

	fprintf(f, "%strace%s:", pal(o)->bold, pal(o)->off);
	for (char **a = t->argv; a && *a; a++)
		fprintf(f, " %s", *a);
	fprintf(f, "\n  %s %d%s, %" PRIu64 " calls, %zu patterns, "
		   "%zu process images, %zu executables%s\n",
		sp_trace_end_name(t->end), t->status,
		t->end == SP_END_SIGNALED ? " (signal)" : "", t->ncalls,
		t->npatterns, t->nprocs, t->nexes,
		t->partial ? ", PARTIAL: calls may be missing" : "");
	if (t->no_new_privs)
		fprintf(f, "  recorded with no_new_privs (setuid did not "
			   "take effect)\n");
	pats = calloc(t->npatterns ? t->npatterns : 1, sizeof(*pats));
	if (!pats)
		return -ENOMEM;
	for (uint32_t exe = 0; exe < t->nexes; exe++) {
		size_t n = 0;

		for (size_t i = 0; i < t->npatterns; i++)
			if (t->patterns[i].exe == exe)
				pats[n++] = &t->patterns[i];
		if (!n)
			continue;
		qsort(pats, n, sizeof(*pats), cmp_by_call);
		show_exe(f, t, exe, pats, n, o);
	}
	free(pats);
	return ferror(f) ? -EIO : 0;
}

static const char *origin_why(enum sp_origin origin)
{
	switch (origin) {
	case SP_ORIGIN_RECORDED:
		return "recorded";
	case SP_ORIGIN_BASELINE:
		return "allowed by the baseline profile, not seen in the "
		       "recording";
	case SP_ORIGIN_STATIC:
		return "not recorded; reachable in the code the recording "
		       "loaded";
	case SP_ORIGIN_LANG:
		return "not recorded; a language runtime makes these on "
		       "timing alone";
	case SP_ORIGIN_VDSO:
		return "vDSO fallback: served in user space here, real calls "
		       "where the vDSO cannot";
	case SP_ORIGIN_CONTROL:
		return "control flow any program may need: signal return, "
		       "restart, exit";
	case SP_ORIGIN_RUNTIME:
		return "the OCI runtime's own calls between loading the filter "
		       "and exec";
	case SP_ORIGIN_FALLBACK:
		return "refused with ENOSYS so that libc falls back to an "
		       "older call";
	case SP_ORIGIN_SIBLING:
		return "refused with ENOSYS: its arguments lie in a struct no "
		       "filter can read, so it would get around the conditions "
		       "of the call libc falls back to";
	case SP_ORIGIN_COUNT:
		break;
	}
	return "";
}

/* The first recorded call site of any of r's calls in o's traces. */
static void show_rule_site(FILE *f, const struct sp_rule *r,
			   const struct sp_show_opts *o)
{
	for (size_t i = 0; i < o->ntraces; i++) {
		const struct sp_trace *t = o->traces[i];

		for (size_t j = 0; j < t->npatterns; j++) {
			const struct sp_pattern *p = &t->patterns[j];
			const char *name;

			if (!p->nframes)
				continue;
			name = sp_syscall_name(p->arch, p->nr);
			for (size_t k = 0; name && k < r->nnames; k++) {
				if (strcmp(r->names[k], name) != 0)
					continue;
				show_stack(f, t, p, o);
				return;
			}
		}
	}
}

/* How thin a recorded rule's evidence is, from its comment: seen in
 * only some runs ("in K of N traces" or "runs", K < N), or made once or
 * twice in all ("recorded: N calls").  buf, or "" when neither. */
static const char *thin(const char *comment, char *buf, size_t len)
{
	const char *s = comment ? strstr(comment, ", in ") : NULL;
	const char *r = comment ? strstr(comment, "recorded: ") : NULL;
	unsigned long long calls;
	unsigned k, n;
	size_t used = 0;

	buf[0] = '\0';
	if (s && sscanf(s, ", in %u of %u", &k, &n) == 2 && k < n) {
		int w = snprintf(buf, len, "  <- not in every run (%u of %u)",
				 k, n);

		used = w > 0 ? (size_t)w : 0;
	}
	if (r && sscanf(r, "recorded: %llu call", &calls) == 1 && calls <= 2 &&
	    used < len)
		snprintf(buf + used, len - used, "%s thin: %llu call%s",
			 used ? "," : "  <-", calls, calls == 1 ? "" : "s");
	return buf;
}

int sp_show_profile(FILE *f, const struct sp_profile *p, const char *title,
		    const struct sp_show_opts *o)
{
	enum sp_origin last = SP_ORIGIN_COUNT;

	fprintf(f, "\n%s%s%s\n  default %s", pal(o)->bold, title, pal(o)->off,
		sp_action_name(p->default_action));
	if (p->default_action == SP_ACT_ERRNO)
		fprintf(f, " (errno %d)",
			p->default_errno >= 0 ? p->default_errno : EPERM);
	fprintf(f, "; architectures:");
	for (size_t i = 0; i < p->narchs; i++)
		fprintf(f, " %s", sp_arch_name(p->archs[i]));
	fprintf(f, "%s\n", p->narchs ? "" : " native only");
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		enum sp_origin origin = r->origin != SP_ORIGIN_RECORDED ?
						r->origin :
						sp_origin_parse_comment(
							r->comment);
		bool allow = r->action == SP_ACT_ALLOW ||
			     r->action == SP_ACT_LOG;

		if (origin != last) {
			fprintf(f, "  %s[%s]%s %s\n", pal(o)->bold,
				sp_origin_tag(origin), pal(o)->off,
				origin_why(origin));
			last = origin;
		}
		fprintf(f, "    %s%s", allow ? pal(o)->green : pal(o)->red,
			sp_action_name(r->action) + strlen("SCMP_ACT_"));
		if (r->errno_ret >= 0)
			fprintf(f, "(%d)", r->errno_ret);
		fprintf(f, "%s ", pal(o)->off);
		for (size_t k = 0; k < r->nnames; k++)
			fprintf(f, "%s%s", k ? " " : "", r->names[k]);
		fputc('\n', f);
		for (size_t k = 0; k < r->nconds; k++) {
			char buf[512];

			sp_cond_format(r->nnames ? r->names[0] : "", &r->conds[k],
				     buf, sizeof(buf));
			fprintf(f, "        %s %s\n", k ? "and" : "if ", buf);
		}
		if (origin == SP_ORIGIN_RECORDED && r->comment) {
			const char *ev = strstr(r->comment, "recorded: ");
			char mark[96];

			fprintf(f, "        %s%s%s%s\n", pal(o)->dim,
				ev ? ev + strlen("recorded: ") : r->comment,
				pal(o)->off,
				thin(r->comment, mark, sizeof(mark)));
			show_rule_site(f, r, o);
		}
	}
	return ferror(f) ? -EIO : 0;
}

int sp_show_additions(FILE *f, const char *title,
		      const struct sp_show_addition *a, size_t n,
		      const struct sp_show_opts *o)
{
	size_t w = 0;

	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strlen(a[i].name) > w)
			w = strlen(a[i].name);
	fprintf(f, "\n%s%s%s\n", pal(o)->bold, title, pal(o)->off);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-*s  %s%s%s\n", (int)w, a[i].name, pal(o)->dim,
			a[i].why ? a[i].why : "", pal(o)->off);
	return ferror(f) ? -EIO : 0;
}
