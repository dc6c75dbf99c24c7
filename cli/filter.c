/* A PROFILE argument (of check, run and record --baseline) loaded into
 * the programs that judge and the one that can be installed. */
#include "cli/filter.h"

#include <endian.h>
#include <errno.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/arch.h"
#include "core/array.h"
#include "core/syscall.h"
#include "core/text.h"
#include "output/docker.h"
#include "output/bpf_file.h"
#include "output/file.h"
#include "output/seccomp.h"
#include "tracer/filters.h"

void sp_cli_filter_fini(struct sp_cli_filter *f)
{
	for (size_t i = 0; i < f->n; i++)
		sp_bpf_fini(&f->progs[i]);
	free(f->progs);
	free(f->text);
	sp_profile_free(f->profile);
	memset(f, 0, sizeof(*f));
}

static int add_prog(struct sp_cli_filter *f, struct sock_filter *insns,
		    size_t len)
{
	struct sp_bpf *v = realloc(f->progs, (f->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	f->progs = v;
	f->progs[f->n].insns = insns;
	f->progs[f->n++].len = len;
	return 0;
}

/* add_prog with b's instructions; b is freed either way. */
static int take_prog(struct sp_cli_filter *f, struct sp_bpf *b)
{
	int rc = add_prog(f, b->insns, b->len);

	if (!rc)
		b->insns = NULL;
	sp_bpf_free(b);
	return rc;
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
	int rc = sp_seccomp_compile_on(f->profile, &o, f->host, out, &d);

	if (rc) {
		sp_text_fit(d.file, sizeof(d.file), "%s", f->spec);
		sp_cli_diag(&d);
		return rc;
	}
	/* What crun or runc would fail to load must fail here, not pass
	 * check, nor make run blame the workload. */
	if ((*out)->len > BPF_MAXINSNS) {
		sp_cli_error("%s: compiles to %zu cBPF instructions; the kernel "
			     "loads at most %d per filter", f->spec,
			     (*out)->len, BPF_MAXINSNS);
		sp_bpf_free(*out);
		*out = NULL;
		return -E2BIG;
	}
	if (unknown && !f->quiet && mode == SP_COMPILE_AS_WRITTEN)
		sp_cli_error("%s: %zu syscall names unknown to libseccomp "
			     "skipped, as crun and runc do", f->spec, unknown);
	return 0;
}

/* The calls that install a filter of the workload's own:
 * seccomp(SECCOMP_SET_MODE_FILTER, ...) and prctl(PR_SET_SECCOMP,
 * SECCOMP_MODE_FILTER, ...), by name, in every arch this machine runs
 * (the kernel reads both arguments as ints: their low words), at most
 * max of them. */
#if __BYTE_ORDER == __LITTLE_ENDIAN
#define ARG_LOW 0
#else
#define ARG_LOW 4
#endif

struct install_call {
	uint32_t audit;
	uint32_t nr;
	uint32_t args[2];
	int nargs;
};

static size_t install_calls(struct install_call *v, size_t max)
{
	enum sp_arch host = sp_arch_host(sp_arch_native());
	size_t n = 0;

	for (int a = SP_ARCH_UNKNOWN + 1; a < SP_ARCH_COUNT; a++) {
		int64_t nr;

		if (sp_arch_host((enum sp_arch)a) != host)
			continue;
		if (n < max && !sp_syscall_nr((enum sp_arch)a, "seccomp", &nr) &&
		    nr >= 0)
			v[n++] = (struct install_call){
				sp_arch_audit((enum sp_arch)a), (uint32_t)nr,
				{ SECCOMP_SET_MODE_FILTER }, 1 };
		if (n < max && !sp_syscall_nr((enum sp_arch)a, "prctl", &nr) &&
		    nr >= 0)
			v[n++] = (struct install_call){
				sp_arch_audit((enum sp_arch)a), (uint32_t)nr,
				{ PR_SET_SECCOMP, SECCOMP_MODE_FILTER }, 2 };
	}
	return n;
}

/*
 * Under the profile's own filter the workload stops only where it is
 * refused; a task that installs a filter of its own must stop as well,
 * even where the profile allows that, so that the tracer follows it with
 * syscall-entry stops from then on: its filter's ERRNO, TRAP and KILL
 * outrank our TRACE (and USER_NOTIF), so a call both filters refuse
 * would never reach sandprint, though the container's filter, whose KILL
 * outranks the workload's ERRNO, would kill it.  Each allowing RET K
 * becomes a jump to a tail for K that returns the watch (TRACE with K's
 * action packed as data, which tells it from a refusal; USER_NOTIF) for
 * those calls, and K for every other.
 */
static int watch_installs(struct sp_bpf *b, bool notify, const char *spec)
{
	struct install_call calls[3 * SP_ARCH_COUNT];
	size_t ncalls = install_calls(calls, ARRAY_SIZE(calls));
	uint32_t ks[8];
	size_t nks = 0, len = b->len, tail_len = 1;
	struct sock_filter *v;

	for (size_t c = 0; c < ncalls; c++)
		tail_len += 5 + 2 * (size_t)calls[c].nargs;
	/* Each distinct allowing value gets a tail (a profile has one or
	 * two: ALLOW, LOG). */
	for (size_t i = 0; i < b->len; i++) {
		const struct sock_filter *x = &b->insns[i];
		enum sp_action a;
		size_t k;
		int data;

		if (x->code != (BPF_RET | BPF_K))
			continue;
		a = sp_action_of_ret(x->k, &data);
		if (!sp_action_allows(a))
			continue;
		for (k = 0; k < nks && ks[k] != x->k; k++)
			;
		if (k == nks && nks == ARRAY_SIZE(ks))
			return 0;  /* never in practice: left unwatched */
		if (k == nks)
			ks[nks++] = x->k;
	}
	if (!nks || !ncalls)
		return 0;
	if (len + nks * tail_len > BPF_MAXINSNS) {
		sp_cli_error("%s: %zu cBPF instructions, and the %zu that "
			     "watch the workload's own filters pass the "
			     "kernel's %d", spec, len, nks * tail_len,
			     BPF_MAXINSNS);
		return -E2BIG;
	}
	v = realloc(b->insns, (len + nks * tail_len) * sizeof(*v));
	if (!v) {
		sp_cli_error("%s: %s", spec, strerror(ENOMEM));
		return -ENOMEM;
	}
	b->insns = v;
	for (size_t i = 0; i < len; i++) {
		size_t k;

		if (v[i].code != (BPF_RET | BPF_K))
			continue;
		for (k = 0; k < nks && ks[k] != v[i].k; k++)
			;
		if (k < nks)
			v[i] = (struct sock_filter)BPF_JUMP(
				BPF_JMP | BPF_JA,
				(uint32_t)(len + k * tail_len - i - 1), 0, 0);
	}
	for (size_t k = 0; k < nks; k++) {
		enum sp_action a;
		int data;
		uint32_t watch;

		a = sp_action_of_ret(ks[k], &data);
		watch = notify ? SECCOMP_RET_USER_NOTIF :
				 SECCOMP_RET_TRACE | sp_action_pack(a, data);
		for (size_t c = 0; c < ncalls; c++) {
			const struct install_call *ic = &calls[c];
			/* Instructions left in this block after each. */
			uint8_t left = (uint8_t)(3 + 2 * ic->nargs);

			v[len++] = (struct sock_filter)BPF_STMT(
				BPF_LD | BPF_W | BPF_ABS,
				offsetof(struct seccomp_data, arch));
			v[len++] = (struct sock_filter)BPF_JUMP(
				BPF_JMP | BPF_JEQ | BPF_K, ic->audit, 0, left);
			left -= 2;
			v[len++] = (struct sock_filter)BPF_STMT(
				BPF_LD | BPF_W | BPF_ABS,
				offsetof(struct seccomp_data, nr));
			v[len++] = (struct sock_filter)BPF_JUMP(
				BPF_JMP | BPF_JEQ | BPF_K, ic->nr, 0, left);
			for (int j = 0; j < ic->nargs; j++) {
				left -= 2;
				v[len++] = (struct sock_filter)BPF_STMT(
					BPF_LD | BPF_W | BPF_ABS,
					offsetof(struct seccomp_data,
						 args[j]) + ARG_LOW);
				v[len++] = (struct sock_filter)BPF_JUMP(
					BPF_JMP | BPF_JEQ | BPF_K,
					ic->args[j], 0, left);
			}
			v[len++] = (struct sock_filter)BPF_STMT(
				BPF_RET | BPF_K, watch);
		}
		v[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
							ks[k]);
	}
	b->len = len;
	return 0;
}

int sp_cli_filter_audit(const struct sp_cli_filter *f, bool notify,
			struct sp_bpf **out)
{
	struct sp_bpf *b;

	if (f->profile) {
		if (sp_cli_filter_compile(f, notify ?
						     SP_COMPILE_REFUSALS_NOTIFY :
						     SP_COMPILE_REFUSALS_TRACE,
					  out))
			return SP_EXIT_ERROR;
		if (watch_installs(*out, notify, f->spec)) {
			sp_bpf_free(*out);
			*out = NULL;
			return SP_EXIT_ERROR;
		}
		return 0;
	}
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
		a = sp_action_of_ret(x->k, &data);
		if (!sp_action_allows(a))
			x->k = notify ? SECCOMP_RET_USER_NOTIF :
					SECCOMP_RET_TRACE |
						sp_action_pack(a, data);
	}
	if (watch_installs(b, notify, f->spec)) {
		sp_bpf_free(b);
		return SP_EXIT_ERROR;
	}
	*out = b;
	return 0;
}

/* Where the first byte that is not blank is '{' or '[' (or nothing but
 * blanks yet): JSON. */
static bool json_start(const char *buf, size_t len)
{
	size_t i = strspn(buf, " \t\r\n");

	return i >= len || buf[i] == '{' || buf[i] == '[';
}

/* Input that does not begin as JSON and is no cBPF program either (a
 * YAML or C profile, a text file): say both, with why it is not BPF. */
static void neither(struct sp_diag *d, const char *path, const char *why)
{
	sp_diag_set(d, path, 0, 0, NULL,
		    "neither a JSON profile (it does not begin with '{' or "
		    "'[') nor a cBPF program (%s)", why);
}

/* For sp_file_read: a JSON profile is text, anything else is read as a
 * raw cBPF program, whose size is bounded: /dev/zero fails at once. */
static int profile_read_check(void *ctx, const char *buf, size_t from,
			      size_t len, struct sp_diag *d)
{
	char why[64];

	if (json_start(buf, len))
		return sp_file_text_check(ctx, buf, from, len, d);
	if (!sp_bpf_file_read_check(ctx, buf, from, len, d))
		return 0;
	snprintf(why, sizeof(why), "more than %d instructions",
		 BPF_MAXINSNS);
	neither(d, NULL, why);
	return -EINVAL;
}

/* The profile of the trace in, as profile makes it by default. */
static int profile_of_trace(struct sp_cli_filter *f,
			    const struct sp_cli_input *in)
{
	struct sp_trace **t = NULL;
	int rc = sp_cli_parse_traces(in, 1, &t);

	if (rc)
		return rc;
	rc = sp_cli_profile_of_trace(in->path, t[0], f->quiet, &f->profile);
	sp_cli_free_traces(t, 1);
	f->from_trace = !rc;
	return rc;
}

static int load_json(struct sp_cli_filter *f, struct sp_cli_input *in,
		     const struct sp_docker_opts *o)
{
	struct sp_bpf *b = NULL;
	int rc;

	if (f->traces_ok && sp_cli_input_is_trace(in)) {
		rc = profile_of_trace(f, in);
	} else {
		/* Parsing writes into the text. */
		f->text = malloc(in->len + 1);
		if (!f->text) {
			sp_cli_error("%s: %s", f->spec, strerror(ENOMEM));
			return -ENOMEM;
		}
		memcpy(f->text, in->buf, in->len + 1);
		f->len = in->len;
		rc = sp_cli_parse_profile(in, o, &f->profile, &f->form);
	}
	if (rc)
		return rc;
	rc = sp_cli_filter_compile(f, SP_COMPILE_AS_WRITTEN, &b);
	if (rc)
		return rc;
	return take_prog(f, b);
}

static int load_bpf(struct sp_cli_filter *f, const struct sp_cli_input *in)
{
	struct sp_bpf *b = NULL;
	struct sp_diag d = { 0 };
	int rc = sp_bpf_file_parse(in->path, in->buf, in->len, &b, &d);

	/* Not JSON either (json_start): say both. */
	if (rc && in->len % sizeof(struct sock_filter)) {
		char why[96];

		snprintf(why, sizeof(why), "%zu byte%s, not a whole number "
			 "of 8-byte instructions", in->len,
			 in->len == 1 ? "" : "s");
		neither(&d, in->path, why);
	}
	if (!rc)
		rc = sp_interp_check(b->insns, b->len, in->path, &d);
	if (rc) {
		sp_cli_diag(&d);
		sp_bpf_free(b);
		return rc;
	}
	return take_prog(f, b);
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
		rc = sp_interp_check(lf.v[i].insns, lf.v[i].len, name, &d);
		if (rc)
			sp_cli_diag(&d);
		if (!rc)
			rc = add_prog(f, lf.v[i].insns, lf.v[i].len);
		if (!rc)
			lf.v[i].insns = NULL;
	}
	if (!rc && lf.other_tid && !f->quiet)
		sp_cli_error("%s: thread %d of the process runs under other "
			     "filters (installed without TSYNC); judged by "
			     "thread %ld's alone: pid:%d judges the other's",
			     spec, (int)lf.other_tid, pid, (int)lf.other_tid);
	else if (!rc && f->n == 0 && !f->quiet)
		sp_cli_error("%s: the process runs under no seccomp filter",
			     spec);
	sp_live_filters_fini(&lf);
	return rc;
}

int sp_cli_filter_load(struct sp_cli_filter *f, const char *spec,
		       const struct sp_docker_opts *o)
{
	char file[PATH_MAX];
	/* "-": standard input, as every input (sandprint(1)). */
	const char *path = strcmp(spec, "-") == 0 ?
				   "/dev/stdin" :
				   sp_cli_profile_file(spec, file, sizeof(file));
	struct sp_cli_input in = { .path = spec };
	struct sp_diag d = { 0 };
	int rc;

	f->spec = spec;
	if (strncmp(spec, "pid:", 4) == 0) {
		rc = load_pid(f, spec);
	} else if ((rc = sp_file_read(path, profile_read_check, NULL, &in.buf,
				      &in.len, &d))) {
		sp_cli_diag(&d);
		sp_cli_note_shipped(spec);
	} else if (json_start(in.buf, in.len)) {
		rc = load_json(f, &in, o);
	} else {
		rc = load_bpf(f, &in);
	}
	sp_cli_input_fini(&in);
	if (rc) {
		sp_cli_filter_fini(f);
		return SP_EXIT_ERROR;
	}
	return 0;
}

enum sp_arch sp_cli_filter_host(const struct sp_cli_filter *f,
				enum sp_arch arch, bool *other_order)
{
	enum sp_arch h = sp_arch_host(arch), native = sp_arch_native();
	enum sp_arch pair[2] = { h, native }, x, y;
	bool other;

	if (!f->text || h == SP_ARCH_UNKNOWN || h == native)
		return SP_ARCH_UNKNOWN;
	other = sp_seccomp_arches_fit(pair, 2, &x, &y) != 0;
	if (other_order)
		*other_order = other;
	return other ? SP_ARCH_UNKNOWN : h;
}

int sp_cli_filter_load_on(struct sp_cli_filter *f,
			  const struct sp_cli_filter *from,
			  const struct sp_docker_opts *o, enum sp_arch host)
{
	struct sp_cli_input in = { .path = from->spec, .len = from->len };
	int rc;

	f->spec = from->spec;
	f->quiet = true;
	f->host = host;
	in.buf = malloc(from->len + 1);
	if (!in.buf) {
		sp_cli_error("%s: %s", from->spec, strerror(ENOMEM));
		return SP_EXIT_ERROR;
	}
	memcpy(in.buf, from->text, from->len + 1);
	rc = load_json(f, &in, o);
	sp_cli_input_fini(&in);
	if (rc) {
		sp_cli_filter_fini(f);
		return SP_EXIT_ERROR;
	}
	return 0;
}

int sp_cli_docker_option(struct sp_cli_docker *c, int opt, char *arg)
{
	if (opt == SP_OPT_CAPS)
		c->caps = arg;
	else if (opt == SP_OPT_KERNEL)
		c->kernel = arg;
	else if (opt == SP_OPT_FILTER)
		c->filter = arg;
	else
		return 0;
	return 1;
}

int sp_cli_docker_opts(struct sp_docker_opts *o,
		       const struct sp_cli_docker *c)
{
	struct sp_diag d = { 0 };
	char release[128];
	char *caps = c ? c->caps : NULL;
	const char *kernel = c ? c->kernel : NULL;

	sp_docker_opts_init(o);
	o->filter = c ? c->filter : NULL;
	if (caps && sp_docker_caps_parse(caps, o, &d)) {
		sp_cli_error("--caps: %s", d.msg);
		return SP_EXIT_ERROR;
	}
	if (!kernel)
		kernel = sp_kernel_release(release, sizeof(release)) ? "0.0" :
								      release;
	if (sp_kernel_version_parse(kernel, &o->kmajor, &o->kminor)) {
		sp_cli_error("--kernel %s: expected X.Y", kernel);
		return SP_EXIT_ERROR;
	}
	return 0;
}
int sp_cli_baseline_load(const char *spec, const char *filter, bool notify,
			 struct sp_cli_filter *f, struct sp_bpf **prog)
{
	struct sp_cli_docker c = { .filter = filter };
	struct sp_docker_opts o;

	f->quiet = true;
	if (sp_cli_docker_opts(&o, &c) ||
	    sp_cli_filter_load(f, spec, &o))
		return SP_EXIT_ERROR;
	if (sp_cli_filter_audit(f, notify, prog)) {
		sp_cli_filter_fini(f);
		return SP_EXIT_ERROR;
	}
	return 0;
}
