#include "cli/check.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "analyzer/argkind.h"
#include "analyzer/bpf.h"
#include "analyzer/check.h"
#include "cli/cli.h"
#include "core/syscall.h"
#include "output/docker.h"
#include "output/oci_json.h"
#include "output/report.h"
#include "output/seccomp.h"
#include "output/trace_json.h"
#include "tracer/filters.h"

void sp_cli_filter_fini(struct sp_cli_filter *f)
{
	for (size_t i = 0; i < f->n; i++)
		free((void *)f->progs[i].insns);
	free(f->progs);
	sp_profile_free(f->profile);
	memset(f, 0, sizeof(*f));
}

static int add_prog(struct sp_cli_filter *f, struct sock_filter *insns,
		    size_t len)
{
	struct sp_bpf_prog *v = realloc(f->progs, (f->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	f->progs = v;
	f->progs[f->n].insns = insns;
	f->progs[f->n++].len = len;
	return 0;
}

static void count_unknown(void *ctx, const char *name)
{
	(void)name;
	(*(size_t *)ctx)++;
}

/* Compiles f->profile with mode into a new program. */
int sp_cli_filter_compile(const struct sp_cli_filter *f,
			  enum sp_compile_mode mode, struct sp_bpf **out)
{
	size_t unknown = 0;
	struct sp_compile_opts o = { mode, count_unknown, &unknown };
	struct sp_diag d = { 0 };
	int rc = sp_seccomp_compile(f->profile, &o, out, &d);

	if (rc) {
		snprintf(d.file, sizeof(d.file), "%s", f->spec);
		sp_cli_diag(&d);
		return rc;
	}
	if (unknown && !f->quiet && mode == SP_COMPILE_AS_WRITTEN)
		sp_cli_error("%s: %zu syscall names unknown to libseccomp "
			     "skipped, as crun and runc do", f->spec, unknown);
	return 0;
}

int sp_cli_filter_audit(const struct sp_cli_filter *f, bool notify,
			struct sp_bpf **out)
{
	struct sp_bpf *b;

	if (f->profile)
		return sp_cli_filter_compile(f, notify ?
						     SP_COMPILE_REFUSALS_NOTIFY :
						     SP_COMPILE_REFUSALS_TRACE,
					     out) ? SP_EXIT_ERROR : 0;
	if (f->n != 1) {
		sp_cli_error("%s: %zu stacked filters: only one can be "
			     "installed for the run (use check)", f->spec,
			     f->n);
		return SP_EXIT_ERROR;
	}
	b = calloc(1, sizeof(*b));
	if (b)
		b->insns = malloc(f->progs[0].len * sizeof(*b->insns));
	if (!b || !b->insns) {
		sp_bpf_free(b);
		sp_cli_error("%s: %s", f->spec, strerror(ENOMEM));
		return SP_EXIT_ERROR;
	}
	b->len = f->progs[0].len;
	memcpy(b->insns, f->progs[0].insns, b->len * sizeof(*b->insns));
	for (size_t i = 0; i < b->len; i++) {
		struct sock_filter *x = &b->insns[i];
		enum sp_action a;
		int data;

		if (x->code == (BPF_RET | BPF_A)) {
			sp_cli_error("%s: instruction %zu returns the "
				     "accumulator: its refusals cannot be "
				     "turned into SECCOMP_RET_TRACE", f->spec,
				     i);
			sp_bpf_free(b);
			return SP_EXIT_ERROR;
		}
		if (x->code != (BPF_RET | BPF_K))
			continue;
		a = sp_bpf_action(x->k, &data);
		if (!sp_action_allows(a))
			x->k = notify ? SECCOMP_RET_USER_NOTIF :
					SECCOMP_RET_TRACE |
						sp_trace_data(a, data);
	}
	*out = b;
	return 0;
}

/* What the file holds: JSON (starts with '{' after blanks) or not. */
static int looks_like_json(const char *path)
{
	FILE *fp = fopen(path, "re");
	int c;

	if (!fp)
		return -errno;
	do
		c = fgetc(fp);
	while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
	fclose(fp);
	return c == '{' || c == '[';
}

static int load_json(struct sp_cli_filter *f, const char *path,
		     const struct sp_docker_opts *o)
{
	struct sp_bpf *b = NULL;
	struct sp_diag d = { 0 };
	int rc = sp_profile_is_docker(path);

	if (rc == 1)
		rc = sp_profile_read_docker(path, o, &f->profile, &d);
	else if (rc == 0)
		rc = sp_profile_read_oci(path, &f->profile, &d);
	else
		sp_diag_set(&d, path, 0, 0, NULL, "cannot read: %s",
			    strerror(-rc));
	if (rc) {
		sp_cli_diag(&d);
		return rc;
	}
	f->docker = f->profile && sp_profile_is_docker(path) == 1;
	rc = sp_cli_filter_compile(f, SP_COMPILE_AS_WRITTEN, &b);
	if (rc)
		return rc;
	rc = add_prog(f, b->insns, b->len);
	if (!rc)
		b->insns = NULL;
	sp_bpf_free(b);
	return rc;
}

static int load_bpf(struct sp_cli_filter *f, const char *path)
{
	struct sp_bpf *b = NULL;
	struct sp_diag d = { 0 };
	int rc = sp_bpf_read(path, &b, &d);

	if (!rc)
		rc = sp_bpf_check(b->insns, b->len, path, &d);
	if (rc) {
		sp_cli_diag(&d);
		sp_bpf_free(b);
		return rc;
	}
	rc = add_prog(f, b->insns, b->len);
	if (!rc)
		b->insns = NULL;
	sp_bpf_free(b);
	return rc;
}

static int load_pid(struct sp_cli_filter *f, const char *spec)
{
	struct sp_live_filters lf = { 0 };
	struct sp_diag d = { 0 };
	char *end;
	long pid;
	int rc;

	errno = 0;
	pid = strtol(spec + 4, &end, 10);
	if (errno || end == spec + 4 || *end || pid <= 0 || pid > INT32_MAX) {
		sp_cli_error("%s: expected pid:N with N a process id", spec);
		return -EINVAL;
	}
	rc = sp_live_filters_read((pid_t)pid, &lf, &d);
	if (rc) {
		sp_cli_diag(&d);
		return rc;
	}
	for (size_t i = 0; i < lf.n && !rc; i++) {
		char name[64];

		snprintf(name, sizeof(name), "%s (filter %zu)", spec, i);
		rc = sp_bpf_check(lf.v[i].insns, lf.v[i].len, name, &d);
		if (rc)
			sp_cli_diag(&d);
		if (!rc)
			rc = add_prog(f, lf.v[i].insns, lf.v[i].len);
		if (!rc)
			lf.v[i].insns = NULL;
	}
	sp_live_filters_fini(&lf);
	if (!rc && f->n == 0 && !f->quiet)
		sp_cli_error("%s: the process runs under no seccomp filter",
			     spec);
	return rc;
}

int sp_cli_filter_load(struct sp_cli_filter *f, const char *spec,
		       const struct sp_docker_opts *o)
{
	struct stat st;
	int rc;

	f->spec = spec;
	if (strncmp(spec, "pid:", 4) == 0)
		rc = load_pid(f, spec);
	else if ((rc = looks_like_json(spec)) < 0)
		sp_cli_error("%s: cannot open: %s", spec, strerror(-rc));
	else if (rc == 1)
		rc = load_json(f, spec, o);
	else if (stat(spec, &st) == 0 && S_ISREG(st.st_mode))
		rc = load_bpf(f, spec);
	else if (stat(spec, &st) == 0 && S_ISDIR(st.st_mode)) {
		sp_cli_error("%s: %s", spec, strerror(EISDIR));
		rc = -EISDIR;
	} else {
		sp_cli_error("%s: not a JSON profile nor a raw cBPF file",
			     spec);
		rc = -EINVAL;
	}
	if (rc) {
		sp_cli_filter_fini(f);
		return SP_EXIT_ERROR;
	}
	return 0;
}

int sp_cli_docker_opts(struct sp_docker_opts *o, char *caps,
		       const char *kernel)
{
	struct sp_diag d = { 0 };
	struct utsname u;

	sp_docker_opts_init(o);
	if (caps && sp_docker_caps_parse(caps, o, &d)) {
		sp_cli_error("--caps: %s", d.msg);
		return SP_EXIT_ERROR;
	}
	if (!kernel) {
		if (uname(&u) == 0)
			kernel = u.release;
		else
			kernel = "0.0";
	}
	if (sp_kernel_version_parse(kernel, &o->kmajor, &o->kminor)) {
		sp_cli_error("--kernel %s: expected X.Y", kernel);
		return SP_EXIT_ERROR;
	}
	return 0;
}

/* "uname <- f <- g <- main": the first frames of a recorded call site,
 * by symbol, or module+offset where the file has none. */
static char *call_site(const struct sp_refusal *x)
{
	const struct sp_trace *t = x->trace;
	char buf[512];
	size_t n = 0;

	if (!t || !x->nframes || x->stack + x->nframes > t->nframes)
		return NULL;
	buf[0] = '\0';
	for (unsigned i = 0; i < x->nframes && i < 8 && n < sizeof(buf); i++) {
		const struct sp_frame *fr = &t->frames[x->stack + i];
		const char *mod = fr->module < t->nmodules ?
					  t->modules[fr->module] : "?";
		const char *slash = strrchr(mod, '/');
		int w;

		if (fr->symbol)
			w = snprintf(buf + n, sizeof(buf) - n, "%s%s",
				     i ? " <- " : "", fr->symbol);
		else
			w = snprintf(buf + n, sizeof(buf) - n, "%s%s+%#llx",
				     i ? " <- " : "", slash ? slash + 1 : mod,
				     (unsigned long long)fr->offset);
		n += w > 0 ? (size_t)w : 0;
	}
	return strdup(buf);
}

int sp_cli_report(FILE *f, enum sp_report_format fmt, bool color,
		  const struct sp_report *base, const struct sp_check_result *r)
{
	struct sp_report_row *rows = calloc(r->n ? r->n : 1, sizeof(*rows));
	struct sp_report rep = *base;
	int rc;

	if (!rows) {
		sp_cli_error("cannot write the report: %s", strerror(ENOMEM));
		return SP_EXIT_ERROR;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct sp_refusal *x = &r->v[i];
		struct sp_report_row *w = &rows[i];

		w->action = x->action;
		w->data = x->data;
		w->arch = x->arch;
		w->nr = x->nr;
		w->kept = x->kept;
		memcpy(w->args, x->args, sizeof(w->args));
		w->count = x->count;
		w->exe = x->trace && x->exe < x->trace->nexes ?
				 x->trace->exes[x->exe] : NULL;
		w->pid = x->pid;
		w->arg_dependent = x->arg_dependent;
		w->baseline = x->baseline;
		w->site = call_site(x);
	}
	rep.rows = rows;
	rep.nrows = r->n;
	rep.npatterns = r->npatterns;
	rep.ncalls = r->ncalls;
	rep.nrefused_calls = r->nrefused_calls;
	rc = sp_report_write(f, fmt, color, &rep);
	for (size_t i = 0; i < r->n; i++)
		free((char *)rows[i].site);
	free(rows);
	if (rc) {
		sp_cli_error("cannot write the report: %s", strerror(-rc));
		return SP_EXIT_ERROR;
	}
	return 0;
}

bool sp_cli_color(FILE *f)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fileno(f)) && !(nc && *nc);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: sandprint check --profile PROFILE [--caps LIST] "
		"[--kernel X.Y]\n"
		"                       [--format text|json|markdown] "
		"TRACE...\n\n"
		"Reports every recorded call that PROFILE would refuse.  "
		"Exits 0 when\nnothing would be refused, 1 when something "
		"would, 2 on error.\n\n"
		"  -p, --profile PROFILE  an OCI or Docker/Podman JSON "
		"profile, a raw cBPF\n"
		"                         file, or pid:N (the filters of "
		"a live process)\n"
		"      --caps LIST        capabilities a Docker profile is "
		"resolved for\n"
		"                         (default: Docker's 14 defaults; "
		"none, default,\n"
		"                         CAP_SYS_ADMIN, ...)\n"
		"      --kernel X.Y       kernel a Docker profile is "
		"resolved for (default:\n"
		"                         the running one)\n"
		"  -f, --format FORMAT    text (default), json or markdown\n"
		"  -q, --quiet            no notes on stderr\n"
		"  -h, --help             show this help\n");
}

enum { OPT_CAPS = 0x200, OPT_KERNEL };

int sp_cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "caps", required_argument, NULL, OPT_CAPS },
		{ "kernel", required_argument, NULL, OPT_KERNEL },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum sp_report_format fmt = SP_REPORT_TEXT;
	struct sp_cli_filter filter = { 0 };
	struct sp_check_result res;
	struct sp_trace **traces = NULL;
	struct sp_docker_opts dopts;
	struct sp_filter judge;
	const char *profile = NULL, *kernel = NULL;
	char *caps = NULL;
	size_t ntraces = 0;
	int c, rc = SP_EXIT_ERROR;

	sp_check_result_init(&res);
	optind = 1;
	while ((c = getopt_long(argc, argv, "p:f:qh", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'p':
			profile = optarg;
			break;
		case OPT_CAPS:
			caps = optarg;
			break;
		case OPT_KERNEL:
			kernel = optarg;
			break;
		case 'f':
			if (sp_report_format_parse(optarg, &fmt)) {
				sp_cli_error("--format %s: expected text, "
					     "json or markdown", optarg);
				return SP_EXIT_ERROR;
			}
			break;
		case 'q':
			filter.quiet = true;
			break;
		case 'h':
			usage(stdout);
			return SP_EXIT_OK;
		default:
			usage(stderr);
			return SP_EXIT_ERROR;
		}
	}
	if (!profile) {
		sp_cli_error("check: --profile is required");
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	if (optind >= argc) {
		sp_cli_error("check: no trace given");
		usage(stderr);
		return SP_EXIT_ERROR;
	}
	if (sp_cli_docker_opts(&dopts, caps, kernel))
		return SP_EXIT_ERROR;
	if (sp_cli_read_traces(argv + optind, (size_t)(argc - optind),
			       &traces))
		return SP_EXIT_ERROR;
	ntraces = (size_t)(argc - optind);
	if (sp_cli_filter_load(&filter, profile, &dopts))
		goto out;
	judge.progs = filter.progs;
	judge.n = filter.n;
	if (sp_check_traces(&judge, traces, ntraces, &res)) {
		sp_cli_error("check: %s", strerror(ENOMEM));
		goto out;
	}
	sp_check_sort(&res);
	{
		struct sp_report rep = {
			.command = "check",
			.profile = profile,
			.note = filter.n > 1 ? "stacked filters combined by "
					       "the kernel's precedence" : NULL,
		};

		if (sp_cli_report(stdout, fmt, sp_cli_color(stdout), &rep,
				  &res))
			goto out;
	}
	rc = res.n ? SP_EXIT_DIFFERENT : SP_EXIT_OK;
out:
	sp_cli_free_traces(traces, ntraces);
	sp_check_result_fini(&res);
	sp_cli_filter_fini(&filter);
	return rc;
}

int sp_cli_baseline_load(const char *spec, bool notify,
			 struct sp_cli_filter *f, struct sp_bpf **prog)
{
	struct sp_docker_opts o;

	f->quiet = true;
	if (sp_cli_docker_opts(&o, NULL, NULL) ||
	    sp_cli_filter_load(f, spec, &o))
		return SP_EXIT_ERROR;
	if (sp_cli_filter_audit(f, notify, prog)) {
		sp_cli_filter_fini(f);
		return SP_EXIT_ERROR;
	}
	return 0;
}

/* Numbers tried per arch: every one libseccomp names below this. */
#define BASELINE_MAX_NR 1024

static bool recorded(const struct sp_trace *t, enum sp_arch arch, int64_t nr)
{
	for (size_t i = 0; i < t->npatterns; i++)
		if (t->patterns[i].arch == arch && t->patterns[i].nr == nr &&
		    !t->patterns[i].baseline)
			return true;
	return false;
}

/* True when t has p already (a recorded pattern of the same values, or a
 * baseline one with the same kept mask too). */
static bool has_pattern(const struct sp_trace *t, const struct sp_pattern *p)
{
	for (size_t k = 0; k < t->npatterns; k++) {
		const struct sp_pattern *q = &t->patterns[k];

		if (q->arch == p->arch && q->nr == p->nr &&
		    (q->kept == p->kept || !q->baseline) &&
		    memcmp(q->args, p->args, sizeof(p->args)) == 0)
			return true;
	}
	return false;
}

/* The pattern of name on arch with args (kept: the arguments with a
 * condition), when f allows it and t lacks it.  0 or -ENOMEM. */
static int add_allowed(struct sp_trace *t, const struct sp_cli_filter *f,
		       enum sp_arch arch, const char *name,
		       const uint64_t args[6], uint8_t kept)
{
	struct sp_filter judge = { f->progs, f->n };
	struct sp_pattern p = { .arch = arch, .baseline = true };
	struct seccomp_data sd;
	uint64_t judged[6];
	int data;

	if (sp_syscall_nr(arch, name, &p.nr))
		return 0;
	p.kept = kept & sp_argkind_keep(sp_argkind_lookup(arch, p.nr), args,
					0, p.args);
	for (int i = 0; i < 6; i++) {
		if (!(p.kept & (1u << i)))
			p.args[i] = 0;
		judged[i] = p.kept & (1u << i) ? p.args[i] : args[i];
	}
	sp_seccomp_data_of(arch, p.nr, judged, 0, &sd);
	if (!sp_action_allows(sp_filter_verdict(&judge, &sd, &data)) ||
	    has_pattern(t, &p))
		return 0;
	p.pid = t->nprocs ? t->procs[0].pid : 0;
	return sp_trace_add_pattern(t, &p) < 0 ? -ENOMEM : 0;
}

/* The one value that stands for all a condition admits, as a recorded
 * value does for its generalization: EQ's value; for MASKED_EQ the value
 * with every bit the mask leaves free (a flag mask gives its union, a
 * field its value with its flags).  False for the comparisons no
 * recorded value stands for (NE, LT, ...). */
static bool widest(const struct sp_cond *c, uint64_t *v)
{
	switch (c->op) {
	case SP_CMP_EQ:
		*v = c->value;
		return true;
	case SP_CMP_MASKED_EQ:
		*v = c->value_two | ~c->value;
		return true;
	default:
		return false;
	}
}

/* Calls a rule allows only for some argument values (W^X mmap,
 * ioctl(_, TCGETS)), which the probe values of sp_check_traces cannot
 * stand for: one pattern per rule (per condition when an index repeats:
 * OCI ORs them) with the widest values its conditions admit, keeping the
 * arguments it constrains, when the filter allows it.  A rule with other
 * comparisons adds its names to *vague. */
static int add_conditional(struct sp_trace *t, const struct sp_cli_filter *f,
			   const enum sp_arch *archs, size_t narchs,
			   const struct sp_rule **vague, size_t *nvague)
{
	for (size_t i = 0; i < f->profile->nrules; i++) {
		const struct sp_rule *r = &f->profile->rules[i];
		bool repeats = sp_rule_index_repeats(r), exact = true;
		size_t sets = repeats ? r->nconds : 1;

		if (!sp_action_allows(r->action) || !r->nconds)
			continue;
		for (size_t c = 0; c < r->nconds; c++) {
			uint64_t v;

			exact &= widest(&r->conds[c], &v);
		}
		if (!exact) {
			vague[(*nvague)++] = r;
			continue;
		}
		for (size_t k = 0; k < sets; k++) {
			uint64_t args[6] = { 0 };
			uint8_t kept = 0;

			for (size_t c = 0; c < r->nconds; c++) {
				const struct sp_cond *x = &r->conds[c];

				if (repeats && c != k)
					continue;
				widest(x, &args[x->index]);
				kept |= (uint8_t)(1u << x->index);
			}
			for (size_t a = 0; a < narchs; a++)
				for (size_t n = 0; n < r->nnames; n++)
					if (add_allowed(t, f, archs[a],
							r->names[n], args,
							kept))
						return -ENOMEM;
		}
	}
	return 0;
}

/* Whether t has a baseline pattern of (arch, nr) with some argument, or
 * a vague rule names it: its allowed values are then carried already, or
 * cannot be. */
static bool carried(const struct sp_trace *t, enum sp_arch arch, int64_t nr,
		    const struct sp_rule *const *vague, size_t nvague)
{
	const char *name = sp_syscall_name(arch, nr);

	for (size_t i = 0; i < nvague; i++)
		for (size_t n = 0; name && n < vague[i]->nnames; n++)
			if (strcmp(vague[i]->names[n], name) == 0)
				return false;
	for (size_t k = 0; k < t->npatterns; k++)
		if (t->patterns[k].arch == arch && t->patterns[k].nr == nr &&
		    t->patterns[k].baseline && t->patterns[k].kept)
			return true;
	return false;
}

int sp_cli_baseline_add(struct sp_trace *t, const struct sp_cli_filter *f)
{
	enum sp_arch archs[SP_ARCH_COUNT];
	struct sp_trace *cand = sp_trace_new();
	struct sp_check_result res;
	struct sp_filter judge = { f->progs, f->n };
	const struct sp_rule **vague = NULL;
	size_t narchs = 0, nvague = 0;
	int rc = SP_EXIT_ERROR;

	sp_check_result_init(&res);
	archs[narchs++] = sp_arch_native();
	for (size_t i = 0; f->profile && i < f->profile->narchs; i++)
		if (f->profile->archs[i] != sp_arch_native())
			archs[narchs++] = f->profile->archs[i];
	if (!cand)
		goto nomem;
	for (size_t a = 0; a < narchs; a++) {
		int64_t base = archs[a] == SP_ARCH_X32 ? SP_X32_SYSCALL_BIT : 0;

		for (int64_t nr = base; nr < base + BASELINE_MAX_NR; nr++) {
			struct sp_pattern p = { .arch = archs[a], .nr = nr,
						.count = 1 };

			if (!sp_syscall_name(archs[a], nr) ||
			    recorded(t, archs[a], nr))
				continue;
			if (sp_trace_add_pattern(cand, &p) < 0)
				goto nomem;
		}
	}
	/* Refused whatever the arguments: not in the baseline. */
	if (sp_check_traces(&judge, &cand, 1, &res))
		goto nomem;
	if (t->nexes == 0 && sp_trace_intern_exe(t, "?") < 0)
		goto nomem;
	/* The rules with conditions first: their patterns keep them. */
	if (f->profile) {
		vague = calloc(f->profile->nrules + 1, sizeof(*vague));
		if (!vague || add_conditional(t, f, archs, narchs, vague,
					      &nvague))
			goto nomem;
		for (size_t i = 0; i < nvague; i++)
			sp_cli_error("--baseline: %s: a condition other than "
				     "== or a mask cannot be carried into the "
				     "trace: allowed whatever its arguments",
				     vague[i]->names[0]);
	}
	for (size_t i = 0; i < cand->npatterns; i++) {
		struct sp_pattern p = cand->patterns[i];
		bool refused = false, dependent = false;

		for (size_t j = 0; j < res.n && !refused; j++) {
			if (res.v[j].arch != p.arch || res.v[j].nr != p.nr)
				continue;
			refused = !res.v[j].arg_dependent;
			dependent = res.v[j].arg_dependent;
		}
		/* Allowed for some arguments only: the conditional patterns
		 * say which, unless they cannot. */
		if (refused || (dependent && carried(t, p.arch, p.nr, vague,
						     nvague)))
			continue;
		p.count = 0;
		p.baseline = true;
		p.exe = 0;
		p.pid = t->nprocs ? t->procs[0].pid : 0;
		if (sp_trace_add_pattern(t, &p) < 0)
			goto nomem;
	}
	sp_trace_sort(t);
	rc = 0;
	goto out;
nomem:
	sp_cli_error("--baseline: %s", strerror(ENOMEM));
out:
	free(vague);
	sp_check_result_fini(&res);
	sp_trace_free(cand);
	return rc;
}
