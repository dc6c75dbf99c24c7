#include "analyzer/generate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/syscall.h"

static const struct {
	unsigned runtime;
	const char *name;
} runtime_calls[] = {
#define SP_RUNTIME_CALL(rt, sc) { SP_RUNTIME_##rt, #sc },
#include "analyzer/runtime.def"
#undef SP_RUNTIME_CALL
};

void sp_generate_opts_init(struct sp_generate_opts *o)
{
	o->default_action = SP_ACT_ERRNO;
	o->default_errno = -1;
	o->runtimes = SP_RUNTIME_CRUN | SP_RUNTIME_RUNC;
}

int sp_runtime_parse(const char *s, unsigned *out)
{
	unsigned set = 0;
	char buf[64];
	char *tok, *save;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf))
		return -EINVAL;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "crun") == 0)
			set |= SP_RUNTIME_CRUN;
		else if (strcmp(tok, "runc") == 0)
			set |= SP_RUNTIME_RUNC;
		else if (strcmp(tok, "none") != 0)
			return -EINVAL;
	}
	*out = set;
	return 0;
}

static int rule_has(const struct sp_rule *r, const char *name)
{
	for (size_t i = 0; i < r->nnames; i++)
		if (strcmp(r->names[i], name) == 0)
			return 1;
	return 0;
}

static int add_recorded(struct sp_profile *p, struct sp_rule **rule,
			const struct sp_trace *t, size_t *unnamed)
{
	for (size_t i = 0; i < t->npatterns; i++) {
		const struct sp_pattern *pat = &t->patterns[i];
		const char *name = sp_syscall_name(pat->arch, pat->nr);
		int rc;

		if (!name) {
			(*unnamed)++;
			continue;
		}
		rc = sp_profile_add_arch(p, pat->arch);
		if (rc)
			return rc;
		if (!*rule) {
			*rule = sp_profile_add_rule(p);
			if (!*rule)
				return -ENOMEM;
			(*rule)->origin = SP_ORIGIN_RECORDED;
		}
		rc = sp_rule_add_name(*rule, name);
		if (rc)
			return rc;
	}
	return 0;
}

static int add_runtime(struct sp_profile *p, unsigned runtimes)
{
	const struct sp_rule *recorded = p->nrules ? &p->rules[0] : NULL;
	struct sp_rule *r = NULL;
	char comment[128];
	int rc;

	for (size_t i = 0; i < sizeof(runtime_calls) / sizeof(runtime_calls[0]);
	     i++) {
		const char *name = runtime_calls[i].name;

		if (!(runtime_calls[i].runtime & runtimes))
			continue;
		if (recorded && rule_has(recorded, name))
			continue;
		if (!r) {
			r = sp_profile_add_rule(p);
			if (!r)
				return -ENOMEM;
			r->origin = SP_ORIGIN_RUNTIME;
			/* The pointer to the recorded rule may have moved. */
			recorded = p->nrules > 1 ? &p->rules[0] : NULL;
		}
		rc = sp_rule_add_name(r, name);
		if (rc)
			return rc;
	}
	if (!r)
		return 0;
	snprintf(comment, sizeof(comment),
		 "sandprint: not recorded; the OCI runtime (%s%s%s) makes "
		 "these between loading the filter and exec",
		 runtimes & SP_RUNTIME_CRUN ? "crun" : "",
		 runtimes == (SP_RUNTIME_CRUN | SP_RUNTIME_RUNC) ? ", " : "",
		 runtimes & SP_RUNTIME_RUNC ? "runc" : "");
	return sp_rule_set_comment(r, comment);
}

int sp_generate_profile(struct sp_trace *const *traces, size_t n,
			const struct sp_generate_opts *o,
			struct sp_profile **out, size_t *unnamed)
{
	struct sp_profile *p = sp_profile_new();
	struct sp_rule *recorded = NULL;
	char comment[128];
	uint64_t calls = 0;
	int rc = 0;

	*unnamed = 0;
	if (!p)
		return -ENOMEM;
	p->default_action = o->default_action;
	p->default_errno = o->default_errno;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = add_recorded(p, &recorded, traces[i], unnamed);
		calls += traces[i]->ncalls;
	}
	if (!rc && recorded) {
		snprintf(comment, sizeof(comment),
			 "sandprint: recorded (%zu trace%s, %llu calls)", n,
			 n == 1 ? "" : "s", (unsigned long long)calls);
		rc = sp_rule_set_comment(recorded, comment);
	}
	if (!rc && o->runtimes)
		rc = add_runtime(p, o->runtimes);
	if (!rc && !p->narchs)
		rc = sp_profile_add_arch(p, sp_arch_native());
	if (rc) {
		sp_profile_free(p);
		return rc;
	}
	*out = p;
	return 0;
}
