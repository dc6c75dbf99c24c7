#include "output/firecracker.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/syscall.h"
#include "output/json.h"
#include "output/oci_json.h"
#include "output/trace_json.h"

/* The keys of a filter object (src/seccompiler/src/types.rs, Filter),
 * and rust-vmm's seccompiler crate's names of the first two. */
static const char *const filter_keys[] = { "default_action", "filter_action",
					   "filter", "mismatch_action",
					   "match_action" };

static bool is_filter(json_t *v)
{
	if (!json_is_object(v))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(filter_keys); i++)
		if (json_object_get(v, filter_keys[i]))
			return true;
	return false;
}

bool sp_firecracker_json_is(const char *text, size_t len)
{
	json_t *root, *v;
	const char *key;
	bool is = false;

	/* A trace or an OCI profile is told by a top-level key, without
	 * parsing it. */
	if (sp_profile_json_is_profile(text, len) ||
	    sp_trace_json_is_trace(text, len))
		return false;
	/* Only the shape is asked: numbers as reals, so that one above
	 * INT64_MAX does not fail the parse. */
	root = json_loadb(text, len, JSON_DECODE_INT_AS_REAL, NULL);
	if (json_is_object(root)) {
		json_object_foreach(root, key, v)
			is = is || is_filter(v);
	}
	json_decref(root);
	return is;
}

struct reader {
	struct sp_json_reader json;
	struct sp_json_big big;
};

static int get_u64(struct reader *r, json_t *v, const struct sp_json_where *w,
		   uint64_t max, uint64_t *out)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		*out = (uint64_t)json_integer_value(v);
	else if (!sp_json_big_get(&r->big, v, out))
		return sp_json_bad(&r->json, w,
				   "expected an integer (0-%" PRIu64 ")", max);
	if (*out > max)
		return sp_json_bad(&r->json, w,
				   "%" PRIu64 " out of range (0-%" PRIu64 ")",
				   *out, max);
	return 0;
}

/* obj[key], which must be there (null counts as missing). */
static int need(struct reader *r, json_t *obj, const struct sp_json_where *w,
		const char *key, json_t **out)
{
	*out = sp_json_opt(obj, key);
	if (!*out)
		return sp_json_bad(&r->json, w, "missing key \"%s\"", key);
	return 0;
}

/* SeccompAction: a unit variant as its name, a newtype one as an object
 * of its one key (serde's external tagging). */
static const struct {
	const char *name;
	enum sp_action action;
	bool data;
} actions[] = {
	{ "allow", SP_ACT_ALLOW, false },
	{ "errno", SP_ACT_ERRNO, true },
	{ "kill_thread", SP_ACT_KILL_THREAD, false },
	{ "kill_process", SP_ACT_KILL_PROCESS, false },
	{ "log", SP_ACT_LOG, false },
	{ "trace", SP_ACT_TRACE, true },
	{ "trap", SP_ACT_TRAP, false },
};

static int bad_action(struct reader *r, const struct sp_json_where *w,
		      const char *what)
{
	return sp_json_bad(&r->json, w, "%s: expected \"allow\", \"trap\", "
			   "\"kill_thread\", \"kill_process\", \"log\", "
			   "{\"errno\": N} or {\"trace\": N}", what);
}

static int read_action(struct reader *r, json_t *v,
		       const struct sp_json_where *w, enum sp_action *action,
		       int *err)
{
	struct sp_json_where kw;
	const char *name;
	json_t *data = NULL;
	uint64_t n;

	*err = -1;
	if (json_is_string(v)) {
		name = json_string_value(v);
	} else if (json_is_object(v) && json_object_size(v) == 1) {
		name = json_object_iter_key(json_object_iter(v));
		/* serde takes {"allow": null} for "allow". */
		data = sp_json_opt(v, name);
	} else {
		return bad_action(r, w, "not an action");
	}
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
		if (strcmp(name, actions[i].name) != 0)
			continue;
		if (actions[i].data != !!data)
			return bad_action(r, w, actions[i].data ?
					  "a number is wanted with it" :
					  "no number goes with it");
		*action = actions[i].action;
		if (!data)
			return 0;
		/* Errno(u16), Trace(u16). */
		kw = (struct sp_json_where){ .up = w, .key = name };
		if (get_u64(r, data, &kw, UINT16_MAX, &n))
			return -EINVAL;
		*err = (int)n;
		return 0;
	}
	return bad_action(r, w, "unknown action");
}

/* A condition, as seccompiler-bin hands it to libseccomp
 * (SeccompCondition::to_scmp_type). */
static int read_cond(struct reader *r, json_t *v, const struct sp_json_where *w,
		     struct sp_cond *c)
{
	struct sp_json_where kw;
	const char *type, *op;
	json_t *x, *mask = NULL;
	uint64_t n;
	bool dword;
	int ret;

	if (!json_is_object(v))
		return sp_json_bad(&r->json, w, "expected an object");
	if ((ret = need(r, v, w, "index", &x)))
		return ret;
	kw = (struct sp_json_where){ .up = w, .key = "index" };
	/* A u8, which libseccomp takes up to 5. */
	if ((ret = get_u64(r, x, &kw, SP_NARGS - 1, &n)))
		return ret;
	c->index = (unsigned)n;

	if ((ret = need(r, v, w, "type", &x)))
		return ret;
	kw = (struct sp_json_where){ .up = w, .key = "type" };
	type = json_string_value(x);
	if (!type || (strcmp(type, "dword") && strcmp(type, "qword")))
		return sp_json_bad(&r->json, &kw,
				   "expected \"dword\" or \"qword\"");
	dword = strcmp(type, "dword") == 0;

	if ((ret = need(r, v, w, "val", &x)))
		return ret;
	kw = (struct sp_json_where){ .up = w, .key = "val" };
	if ((ret = get_u64(r, x, &kw, UINT64_MAX, &c->value)))
		return ret;

	if ((ret = need(r, v, w, "op", &x)))
		return ret;
	kw = (struct sp_json_where){ .up = w, .key = "op" };
	if (json_is_object(x) && json_object_size(x) == 1 &&
	    (mask = json_object_get(x, "masked_eq"))) {
		struct sp_json_where mw = { .up = &kw, .key = "masked_eq" };

		c->op = SP_CMP_MASKED_EQ;
		c->value_two = c->value;
		return get_u64(r, mask, &mw, UINT64_MAX, &c->value);
	}
	op = json_string_value(x);
	if (!op)
		op = "";
	if (strcmp(op, "eq") == 0 && dword) {
		/* libseccomp's EQ compares 64 bits; seccompiler-bin compares
		 * a dword's low 32 alone (musl leaves garbage above ioctl's
		 * request). */
		c->op = SP_CMP_MASKED_EQ;
		c->value_two = c->value;
		c->value = 0xffffffffu;
	} else if (strcmp(op, "eq") == 0) {
		c->op = SP_CMP_EQ;
	} else if (strcmp(op, "ne") == 0) {
		c->op = SP_CMP_NE;
	} else if (strcmp(op, "lt") == 0) {
		c->op = SP_CMP_LT;
	} else if (strcmp(op, "le") == 0) {
		c->op = SP_CMP_LE;
	} else if (strcmp(op, "gt") == 0) {
		c->op = SP_CMP_GT;
	} else if (strcmp(op, "ge") == 0) {
		c->op = SP_CMP_GE;
	} else {
		return sp_json_bad(&r->json, &kw, "expected \"eq\", \"ne\", "
				   "\"lt\", \"le\", \"gt\", \"ge\" or "
				   "{\"masked_eq\": MASK}");
	}
	return 0;
}

/* A comment of the rule or of a condition, added to what the rule's
 * comment says ("; " between). */
static int add_comment(struct sp_rule *rule, json_t *v, const char *prefix)
{
	const char *s = json_string_value(v), *old = rule->comment;
	char *joined;
	int ret;

	if (!s || !*s)
		return 0;
	if (asprintf(&joined, "%s%s%s%s", old ? old : "", old ? "; " : "",
		     prefix, s) < 0)
		return -ENOMEM;
	ret = sp_rule_set_comment(rule, joined);
	free(joined);
	return ret;
}

static int read_rule(struct reader *r, json_t *v, const struct sp_json_where *w,
		     struct sp_profile *p, enum sp_action action, int err)
{
	struct sp_json_where kw, ew, iw;
	struct sp_rule *rule;
	const char *name;
	unsigned seen = 0;
	json_t *x, *args, *e;
	size_t i;
	int ret;

	if (!json_is_object(v))
		return sp_json_bad(&r->json, w, "expected an object");
	if ((ret = need(r, v, w, "syscall", &x)))
		return ret;
	kw = (struct sp_json_where){ .up = w, .key = "syscall" };
	name = json_string_value(x);
	if (!name)
		return sp_json_bad(&r->json, &kw, "expected a string");
	/* seccompiler-bin fails on a name seccomp_syscall_resolve_name
	 * refuses; one of another arch only is a rule libseccomp leaves
	 * out. */
	if (!sp_syscall_known(name))
		return sp_json_bad(&r->json, &kw, "\"%s\" is no system call "
				   "libseccomp knows (seccompiler-bin refuses "
				   "it)", name);
	rule = sp_profile_add_rule(p);
	if (!rule)
		return -ENOMEM;
	rule->action = action;
	rule->errno_ret = err;
	if ((ret = sp_rule_add_name(rule, name)) ||
	    (ret = add_comment(rule, json_object_get(v, "comment"), "")))
		return ret;

	args = sp_json_opt(v, "args");
	kw = (struct sp_json_where){ .up = w, .key = "args" };
	if (args && !json_is_array(args))
		return sp_json_bad(&r->json, &kw, "expected an array");
	json_array_foreach(args, i, e) {
		struct sp_cond c = { 0 };
		char prefix[16];

		ew = (struct sp_json_where){ .up = &kw, .index = i };
		if ((ret = read_cond(r, e, &ew, &c)))
			return ret;
		if (seen & (1u << c.index)) {
			iw = (struct sp_json_where){ .up = &ew, .key = "index" };
			return sp_json_bad(&r->json, &iw, "argument %u compared "
					   "twice in one rule (libseccomp, so "
					   "seccompiler-bin, refuses it)",
					   c.index);
		}
		seen |= 1u << c.index;
		snprintf(prefix, sizeof(prefix), "arg%u: ", c.index);
		if ((ret = sp_rule_add_cond(rule, &c)) ||
		    (ret = add_comment(rule, json_object_get(e, "comment"),
				       prefix)))
			return ret;
	}
	rule->origin = sp_origin_parse_comment(rule->comment);
	return 0;
}

/* libseccomp refuses an errno action from MAX_ERRNO (4095) up, as the
 * default (seccomp_init) and as a rule's (seccomp_rule_add): so does
 * seccompiler-bin. */
#define ERRNO_MAX 4094

static int errno_fits(struct reader *r, const struct sp_json_where *w,
		      enum sp_action a, int err)
{
	struct sp_json_where ew = { .up = w, .key = "errno" };

	if (a != SP_ACT_ERRNO || err <= ERRNO_MAX)
		return 0;
	return sp_json_bad(&r->json, &ew, "%d out of range (0-%d): "
			   "libseccomp refuses it, so seccompiler-bin does",
			   err, ERRNO_MAX);
}

/* One filter of the file into p (p NULL: checked only). */
static int read_filter(struct reader *r, json_t *v,
		       const struct sp_json_where *w, struct sp_profile *p)
{
	struct sp_json_where kw, ew;
	struct sp_profile *scratch = NULL;
	enum sp_action def, act;
	int def_err, act_err;
	json_t *x, *e;
	size_t i;
	int ret;

	if (!is_filter(v))
		return sp_json_bad(&r->json, w, "expected a filter: an object "
				   "of \"default_action\", \"filter_action\" "
				   "and \"filter\"");
	/* rust-vmm's crate compiles with its own code generator, where a
	 * dword compares the low 32 bits for every operator: not what
	 * seccompiler-bin means, so not read as it. */
	if (json_object_get(v, "mismatch_action") ||
	    json_object_get(v, "match_action"))
		return sp_json_bad(&r->json, w, "rust-vmm seccompiler's "
				   "\"mismatch_action\"/\"match_action\": "
				   "only Firecracker's seccompiler-bin form "
				   "(\"default_action\", \"filter_action\") "
				   "is read");
	if ((ret = need(r, v, w, "default_action", &x)))
		return ret;
	kw = (struct sp_json_where){ .up = w, .key = "default_action" };
	if ((ret = read_action(r, x, &kw, &def, &def_err)) ||
	    (ret = errno_fits(r, &kw, def, def_err)))
		return ret;
	if ((ret = need(r, v, w, "filter_action", &x)))
		return ret;
	kw = (struct sp_json_where){ .up = w, .key = "filter_action" };
	if ((ret = read_action(r, x, &kw, &act, &act_err)))
		return ret;
	if ((ret = need(r, v, w, "filter", &x)))
		return ret;
	kw = (struct sp_json_where){ .up = w, .key = "filter" };
	if (!json_is_array(x))
		return sp_json_bad(&r->json, &kw, "expected an array");
	if (json_array_size(x)) {
		struct sp_json_where aw = { .up = w, .key = "filter_action" };

		if ((ret = errno_fits(r, &aw, act, act_err)))
			return ret;
	}
	/* libseccomp refuses a rule whose action is the default one. */
	if (json_array_size(x) && def == act && def_err == act_err) {
		kw.key = "filter_action";
		return sp_json_bad(&r->json, &kw, "the default action too: "
				   "seccompiler-bin refuses its rules "
				   "(libseccomp does)");
	}
	if (!p) {
		p = scratch = sp_profile_new();
		if (!p)
			return -ENOMEM;
	}
	p->default_action = def;
	p->default_errno = def_err;
	json_array_foreach(x, i, e) {
		ew = (struct sp_json_where){ .up = &kw, .index = i };
		ret = read_rule(r, e, &ew, p, act, act_err);
		if (ret)
			break;
	}
	sp_profile_free(scratch);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The file's filter names, sorted, quoted and comma-separated. */
static void name_list(json_t *root, char *buf, size_t len)
{
	size_t n = json_object_size(root), i = 0, at = 0;
	const char **names = calloc(n ? n : 1, sizeof(*names));
	const char *key;
	json_t *v;

	buf[0] = '\0';
	if (!names)
		return;
	json_object_foreach(root, key, v)
		names[i++] = key;
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n && at < len; i++) {
		int k = snprintf(buf + at, len - at, "%s\"%s\"",
				 i ? ", " : "", names[i]);

		if (k < 0)
			break;
		at += (size_t)k;
	}
	free(names);
}

static int read_file(struct reader *r, json_t *root, const char *filter,
		     struct sp_profile *p)
{
	struct sp_json_where fw = { .up = &sp_json_root };
	json_t *chosen = NULL, *v;
	const char *key;
	char names[512];
	int ret;

	if (!json_is_object(root))
		return sp_json_bad(&r->json, &sp_json_root,
				   "expected an object");
	json_object_foreach(root, key, v) {
		fw.key = key;
		ret = read_filter(r, v, &fw, NULL);
		if (ret)
			return ret;
	}
	if (filter) {
		chosen = json_object_get(root, filter);
	} else if (json_object_size(root) == 1) {
		filter = json_object_iter_key(json_object_iter(root));
		chosen = json_object_get(root, filter);
	}
	if (!chosen) {
		name_list(root, names, sizeof(names));
		if (filter)
			return sp_json_bad(&r->json, &sp_json_root,
					   "no filter \"%s\" in it (it has %s)",
					   filter, names);
		return sp_json_bad(&r->json, &sp_json_root,
				   "%zu filters (%s): choose one with "
				   "--filter NAME", json_object_size(root),
				   names);
	}
	fw.key = filter;
	return read_filter(r, chosen, &fw, p);
}

int sp_profile_parse_firecracker(const char *name, char *text, size_t len,
				 const char *filter, struct sp_profile **out,
				 struct sp_diag *d)
{
	struct reader r = { .json = { name, d } };
	struct sp_profile *p = NULL;
	json_t *root = NULL;
	json_error_t err;
	int ret = sp_json_swap_big(text, len, &r.big);

	if (ret)
		goto out;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		sp_json_syntax_error(d, name, &err);
		ret = -EINVAL;
		goto out;
	}
	p = sp_profile_new();
	if (!p) {
		ret = -ENOMEM;
		goto out;
	}
	ret = read_file(&r, root, filter, p);
	if (ret)
		goto out;
	*out = p;
	p = NULL;
out:
	if (ret == -ENOMEM)
		sp_diag_set(d, name, 0, 0, NULL, "cannot read: %s",
			    strerror(ENOMEM));
	sp_profile_free(p);
	json_decref(root);
	sp_json_big_fini(&r.big);
	return ret;
}

/* Writing. */

static bool same_verdict(enum sp_action a, int ea, enum sp_action b, int eb)
{
	return a == b && sp_action_errno(a, ea) == sp_action_errno(b, eb);
}

int sp_firecracker_fit(const struct sp_profile *p, enum sp_action *action,
		       int *err, struct sp_diag *d)
{
	const struct sp_rule *first = NULL;
	char a[64], b[64];

	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];

		for (size_t k = 0; k < r->nnames; k++)
			if (!sp_syscall_known(r->names[k])) {
				sp_diag_set(d, NULL, 0, 0, NULL, "-f "
					    "firecracker: %s is no name "
					    "libseccomp knows, and "
					    "seccompiler takes names only",
					    r->names[k]);
				return -EINVAL;
			}
		if (same_verdict(r->action, r->errno_ret, p->default_action,
				 p->default_errno))
			continue;
		if (r->action == SP_ACT_NOTIFY) {
			sp_diag_set(d, NULL, 0, 0, NULL, "-f firecracker: %s "
				    "is SCMP_ACT_NOTIFY, which seccompiler "
				    "has no action for", r->names[0]);
			return -EINVAL;
		}
		if (!first) {
			first = r;
			continue;
		}
		if (same_verdict(r->action, r->errno_ret, first->action,
				 first->errno_ret))
			continue;
		sp_diag_set(d, NULL, 0, 0, NULL, "-f firecracker: a "
			    "seccompiler filter has one filter_action, and "
			    "%s is %s where %s is %s (sandprint's ENOSYS "
			    "rules: --safety none leaves out fallback and "
			    "advice ones, never a sibling's such as clone3's, "
			    "which keeps clone's conditions from being got "
			    "around)", r->names[0],
			    sp_action_text(r->action, r->errno_ret, a,
					   sizeof(a)),
			    first->names[0],
			    sp_action_text(first->action, first->errno_ret, b,
					   sizeof(b)));
		return -EINVAL;
	}
	if (p->default_action == SP_ACT_NOTIFY) {
		sp_diag_set(d, NULL, 0, 0, NULL, "-f firecracker: the default "
			    "action is SCMP_ACT_NOTIFY, which seccompiler has "
			    "no action for");
		return -EINVAL;
	}
	*action = first ? first->action :
		  p->default_action == SP_ACT_ALLOW ? SP_ACT_TRAP :
						      SP_ACT_ALLOW;
	*err = first ? first->errno_ret : -1;
	return 0;
}

static void put_action(FILE *f, enum sp_action a, int err)
{
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
		if (actions[i].action != a)
			continue;
		if (actions[i].data)
			fprintf(f, "{\"%s\": %d}", actions[i].name,
				sp_action_errno(a, err));
		else
			fprintf(f, "\"%s\"", actions[i].name);
		return;
	}
}

static void put_cond(FILE *f, const struct sp_cond *c)
{
	static const char *const ops[] = {
		[SP_CMP_NE] = "ne", [SP_CMP_LT] = "lt", [SP_CMP_LE] = "le",
		[SP_CMP_EQ] = "eq", [SP_CMP_GE] = "ge", [SP_CMP_GT] = "gt",
	};

	fprintf(f, "{\"index\": %u, ", c->index);
	if (c->op == SP_CMP_MASKED_EQ && c->value == 0xffffffffu)
		fprintf(f, "\"type\": \"dword\", \"op\": \"eq\", \"val\": %"
			PRIu64 "}", c->value_two & c->value);
	else if (c->op == SP_CMP_MASKED_EQ)
		fprintf(f, "\"type\": \"qword\", \"op\": {\"masked_eq\": %"
			PRIu64 "}, \"val\": %" PRIu64 "}", c->value,
			c->value_two);
	else
		fprintf(f, "\"type\": \"qword\", \"op\": \"%s\", \"val\": %"
			PRIu64 "}", ops[c->op], c->value);
}

/* One entry: name under conds[0..n). */
static int put_entry(FILE *f, bool *first, const char *name,
		     const struct sp_cond *conds, size_t n,
		     const char *comment)
{
	int ret;

	fputs(*first ? "\n" : ",\n", f);
	*first = false;
	fputs("      {\"syscall\": ", f);
	ret = sp_json_put_string(f, name);
	if (ret)
		return ret;
	if (n) {
		fputs(", \"args\": [", f);
		for (size_t i = 0; i < n; i++) {
			fputs(i ? ", " : "", f);
			put_cond(f, &conds[i]);
		}
		fputs("]", f);
	}
	if (comment) {
		fputs(", \"comment\": ", f);
		ret = sp_json_put_string(f, comment);
		if (ret)
			return ret;
	}
	fputs("}", f);
	return 0;
}

int sp_profile_write_firecracker(FILE *f, const struct sp_profile *p,
				 const char *name)
{
	struct sp_diag d;
	enum sp_action action;
	bool first = true;
	int err, ret;

	if (sp_firecracker_fit(p, &action, &err, &d))
		return -EINVAL;
	fputs("{\n  ", f);
	ret = sp_json_put_string(f, name);
	if (ret)
		return ret;
	fputs(": {\n    \"default_action\": ", f);
	put_action(f, p->default_action, p->default_errno);
	fputs(",\n    \"filter_action\": ", f);
	put_action(f, action, err);
	fputs(",\n    \"filter\": [", f);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];
		bool each = sp_rule_index_repeats(r);

		if (same_verdict(r->action, r->errno_ret, p->default_action,
				 p->default_errno))
			continue;
		for (size_t k = 0; k < r->nnames && !ret; k++) {
			if (!each) {
				ret = put_entry(f, &first, r->names[k],
						r->conds, r->nconds,
						r->comment);
				continue;
			}
			for (size_t c = 0; c < r->nconds && !ret; c++)
				ret = put_entry(f, &first, r->names[k],
						&r->conds[c], 1, r->comment);
		}
		if (ret)
			return ret;
	}
	fputs(first ? "]\n  }\n}\n" : "\n    ]\n  }\n}\n", f);
	return ferror(f) ? -EIO : 0;
}
