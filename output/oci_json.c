#include "output/oci_json.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/syscall.h"
#include "output/file.h"
#include "output/json.h"
#include "output/trace_json.h"

/*
 * Argument values are uint64 and runtime-spec writes them as plain JSON
 * numbers (runc and crun parse them as uint64), but jansson's integers are
 * signed long long: it cannot print a value above INT64_MAX, and parsing one
 * fails with "too big integer".  So the writer prints numbers itself (strings
 * still go through jansson for escaping), and the reader swaps such numbers
 * for placeholders before jansson sees them (sp_json_swap_big, output/json.h).
 */

static int put_rule(FILE *f, const struct sp_rule *r)
{
	int ret;

	fputs("    {\n      \"names\": [", f);
	for (size_t i = 0; i < r->nnames; i++) {
		fputs(i ? ",\n        " : "\n        ", f);
		ret = sp_json_put_string(f, r->names[i]);
		if (ret)
			return ret;
	}
	fprintf(f, "%s],\n      \"action\": \"%s\"",
		r->nnames ? "\n      " : "", sp_action_name(r->action));
	/* Only where it means something: crun refuses it elsewhere. */
	if (r->errno_ret >= 0 && sp_action_takes_errno(r->action))
		fprintf(f, ",\n      \"errnoRet\": %d", r->errno_ret);
	if (r->nconds) {
		fputs(",\n      \"args\": [", f);
		for (size_t i = 0; i < r->nconds; i++) {
			const struct sp_cond *c = &r->conds[i];

			fprintf(f,
				"%s{\"index\": %u, \"value\": %" PRIu64
				", \"valueTwo\": %" PRIu64 ", \"op\": \"%s\"}",
				i ? ",\n        " : "\n        ", c->index,
				c->value, c->value_two, sp_cmp_name(c->op));
		}
		fputs("\n      ]", f);
	}
	if (r->comment) {
		fputs(",\n      \"comment\": ", f);
		ret = sp_json_put_string(f, r->comment);
		if (ret)
			return ret;
	}
	fputs("\n    }", f);
	return 0;
}

int sp_profile_write_oci(FILE *f, const struct sp_profile *p)
{
	int ret;

	fprintf(f, "{\n  \"defaultAction\": \"%s\",\n",
		sp_action_name(p->default_action));
	if (p->default_errno >= 0 && sp_action_takes_errno(p->default_action))
		fprintf(f, "  \"defaultErrnoRet\": %d,\n", p->default_errno);
	if (p->narchs) {
		fputs("  \"architectures\": [", f);
		for (size_t i = 0; i < p->narchs; i++) {
			const char *name = sp_arch_oci_name(p->archs[i]);

			if (!name)
				return -EINVAL;
			fprintf(f, "%s\"%s\"", i ? ", " : "", name);
		}
		fputs("],\n", f);
	}
	fputs("  \"syscalls\": [", f);
	for (size_t i = 0; i < p->nrules; i++) {
		fputs(i ? ",\n" : "\n", f);
		ret = put_rule(f, &p->rules[i]);
		if (ret)
			return ret;
	}
	fputs(p->nrules ? "\n  ]\n}\n" : "]\n}\n", f);
	return ferror(f) ? -EIO : 0;
}

/* Reading. */


struct reader {
	struct sp_json_reader json;
	struct sp_json_big big;  /* numbers above INT64_MAX */
};

static int get_u64(struct reader *r, json_t *v, const struct sp_json_where *w,
		   uint64_t *out)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (sp_json_big_get(&r->big, v, out))
		return 0;
	return sp_json_bad(&r->json, w, "expected a non-negative integer");
}

static int get_uint(struct reader *r, json_t *v, const struct sp_json_where *w,
		    uint64_t max, uint64_t *out)
{
	int ret = get_u64(r, v, w, out);

	if (ret)
		return ret;
	if (*out > max)
		return sp_json_bad(&r->json, w,
				   "%" PRIu64 " out of range (0-%" PRIu64 ")",
				   *out, max);
	return 0;
}

static int get_string(struct reader *r, json_t *v,
		      const struct sp_json_where *w, const char **out)
{
	uint64_t big;

	if (!json_is_string(v) || sp_json_big_get(&r->big, v, &big))
		return sp_json_bad(&r->json, w, "expected a string");
	*out = json_string_value(v);
	return 0;
}

/* obj[key] as a string; required or optional (*out NULL when absent). */
static int key_string(struct reader *r, json_t *obj,
		      const struct sp_json_where *w, const char *key,
		      bool required, const char **out)
{
	struct sp_json_where kw;
	json_t *v = sp_json_opt(obj, key);

	*out = NULL;
	if (!v)
		return required ? sp_json_bad(&r->json, w,
					      "missing key \"%s\"", key) : 0;
	kw = (struct sp_json_where){ .up = w, .key = key };
	return get_string(r, v, &kw, out);
}

/* obj[key] as an array (NULL when absent), its path in kw. */
static int key_array(struct reader *r, json_t *obj,
		     const struct sp_json_where *w, const char *key,
		     json_t **out, struct sp_json_where *kw)
{
	*kw = (struct sp_json_where){ .up = w, .key = key };
	*out = sp_json_opt(obj, key);
	if (*out && !json_is_array(*out))
		return sp_json_bad(&r->json, kw, "expected an array");
	return 0;
}

/* key, if there, an array of strings; with known (n of them), each one
 * of those: the flags a profile may ask for are runtime-spec's
 * LinuxSeccompFlag, and runc and crun refuse the profile for any other
 * ("unknown seccomp option", an unknown flag error), and so does a
 * container dockerd or Podman hands it to. */
static int check_strings(struct reader *r, json_t *obj,
			 const struct sp_json_where *w, const char *key,
			 const char *const *known, size_t n)
{
	struct sp_json_where kw, ew;
	const char *s = NULL;
	json_t *arr, *e;
	size_t i, k;
	int ret = key_array(r, obj, w, key, &arr, &kw);

	if (ret || !arr)
		return ret;
	json_array_foreach(arr, i, e) {
		char list[256] = "";

		ew = (struct sp_json_where){ .up = &kw, .index = i };
		ret = get_string(r, e, &ew, &s);
		if (ret)
			return ret;
		if (!known)
			continue;
		for (k = 0; k < n && strcmp(s, known[k]); k++)
			;
		if (k < n)
			continue;
		for (k = 0; k < n; k++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list),
				 "%s%s", k ? ", " : "", known[k]);
		return sp_json_bad(&r->json, &ew, "unknown flag \"%s\", which "
				   "runc and crun refuse (known: %s)", s, list);
	}
	return 0;
}

static const char *const known_flags[] = {
	"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
	"SECCOMP_FILTER_FLAG_SPEC_ALLOW",
	"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
};

static int check_object(struct reader *r, json_t *obj,
			const struct sp_json_where *w, const char *key)
{
	struct sp_json_where kw;
	json_t *v = sp_json_opt(obj, key);

	kw = (struct sp_json_where){ .up = w, .key = key };
	if (v && !json_is_object(v))
		return sp_json_bad(&r->json, &kw, "expected an object");
	return 0;
}

/*
 * Podman-style "errno"/"defaultErrno" strings (containers/common
 * pkg/seccomp, getErrno): a name of errno.def or a decimal number; when
 * present and not empty it wins over errnoRet/defaultErrnoRet, as Podman
 * hands the runtime that number.  crun and runc fed the file directly
 * ignore the strings, but a profile written for Podman means them.
 */
static int errno_string(struct reader *r, json_t *obj,
			const struct sp_json_where *w, const char *key,
			int *out)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {
#define SP_ERRNO(e) { #e, e },
#include "output/errno.def"
#undef SP_ERRNO
	};
	struct sp_json_where kw;
	const char *s;
	uint64_t v = 0;
	int ret = key_string(r, obj, w, key, false, &s);

	if (ret || !s || !*s)
		return ret;
	kw = (struct sp_json_where){ .up = w, .key = key };
	if (*s >= '0' && *s <= '9') {
		for (const char *c = s; *c; c++) {
			if (*c < '0' || *c > '9')
				return sp_json_bad(&r->json, &kw,
						   "unknown errno \"%s\"", s);
			v = v * 10 + (uint64_t)(*c - '0');
			/* SECCOMP_RET_DATA is 16 bits, as for errnoRet. */
			if (v > UINT16_MAX)
				return sp_json_bad(&r->json, &kw,
						   "errno %s out of range "
						   "(0-%u)", s, UINT16_MAX);
		}
		*out = (int)v;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (strcmp(names[i].name, s) == 0) {
			*out = names[i].value;
			return 0;
		}
	}
	return sp_json_bad(&r->json, &kw, "unknown errno \"%s\"", s);
}

/* OCI names only: the command line's short forms are not runtime-spec. */
static int parse_action(struct reader *r, json_t *obj,
			const struct sp_json_where *w, const char *key,
			bool required, enum sp_action *out)
{
	struct sp_json_where kw;
	const char *s;
	int ret = key_string(r, obj, w, key, required, &s);

	if (ret || !s)
		return ret;
	if (strncmp(s, "SCMP_ACT_", strlen("SCMP_ACT_")) != 0 ||
	    sp_action_parse(s, out)) {
		kw = (struct sp_json_where){ .up = w, .key = key };
		return sp_json_bad(&r->json, &kw, "unknown action \"%s\"", s);
	}
	return 0;
}

/* "SCMP_ARCH_..." into *out.  Returns 1 for a well-formed name sandprint
 * does not know, so that the caller decides. */
static int parse_arch(struct reader *r, json_t *v,
		      const struct sp_json_where *w, enum sp_arch *out)
{
	const char *s = NULL;
	int ret = get_string(r, v, w, &s);

	if (ret)
		return ret;
	if (strncmp(s, "SCMP_ARCH_", strlen("SCMP_ARCH_")) != 0)
		return sp_json_bad(&r->json, w, "unknown arch \"%s\"", s);
	return sp_arch_parse(s, out) ? 1 : 0;
}

static int read_architectures(struct reader *r, json_t *arr,
			      const struct sp_json_where *w,
			      struct sp_profile *p)
{
	struct sp_json_where ew;
	enum sp_arch arch;
	json_t *e;
	size_t i;
	int ret;

	json_array_foreach(arr, i, e) {
		ew = (struct sp_json_where){ .up = w, .index = i };
		ret = parse_arch(r, e, &ew, &arch);
		if (ret == 1)
			return sp_json_bad(&r->json, &ew, "unknown arch \"%s\"",
					   json_string_value(e));
		if (ret)
			return ret;
		sp_profile_add_arch(p, arch);
	}
	return 0;
}

/*
 * Docker's "archMap": [{"architecture": A, "subArchitectures": [...]}], from
 * which dockerd keeps the entry of the host.  Until that is resolved (with
 * includes/excludes), every main architecture sandprint knows is kept; the
 * others (MIPS, LoongArch, ...) are for hosts sandprint cannot trace.
 */
static int read_arch_map(struct reader *r, json_t *arr,
			 const struct sp_json_where *w, struct sp_profile *p)
{
	struct sp_json_where ew, kw;
	enum sp_arch arch;
	json_t *e, *a;
	size_t i;
	int ret;

	json_array_foreach(arr, i, e) {
		ew = (struct sp_json_where){ .up = w, .index = i };
		if (!json_is_object(e))
			return sp_json_bad(&r->json, &ew, "expected an object");
		a = sp_json_opt(e, "architecture");
		if (!a)
			return sp_json_bad(&r->json, &ew,
					   "missing key \"architecture\"");
		kw = (struct sp_json_where){ .up = &ew, .key = "architecture" };
		ret = parse_arch(r, a, &kw, &arch);
		if (ret < 0)
			return ret;
		if (ret == 0)
			sp_profile_add_arch(p, arch);
		ret = check_strings(r, e, &ew, "subArchitectures", NULL, 0);
		if (ret)
			return ret;
	}
	return 0;
}

static int read_cond(struct reader *r, json_t *v, const struct sp_json_where *w,
		     struct sp_rule *rule)
{
	struct sp_json_where kw;
	struct sp_cond c = { 0 };
	const char *op;
	uint64_t index;
	json_t *x;
	int ret;

	if (!json_is_object(v))
		return sp_json_bad(&r->json, w, "expected an object");
	x = sp_json_opt(v, "index");
	if (!x)
		return sp_json_bad(&r->json, w, "missing key \"index\"");
	kw = (struct sp_json_where){ .up = w, .key = "index" };
	ret = get_uint(r, x, &kw, SP_NARGS - 1, &index);
	if (ret)
		return ret;
	c.index = (unsigned)index;
	x = sp_json_opt(v, "value");
	if (!x)
		return sp_json_bad(&r->json, w, "missing key \"value\"");
	kw = (struct sp_json_where){ .up = w, .key = "value" };
	ret = get_u64(r, x, &kw, &c.value);
	if (ret)
		return ret;
	x = sp_json_opt(v, "valueTwo");
	if (x) {
		kw = (struct sp_json_where){ .up = w, .key = "valueTwo" };
		ret = get_u64(r, x, &kw, &c.value_two);
		if (ret)
			return ret;
	}
	ret = key_string(r, v, w, "op", true, &op);
	if (ret)
		return ret;
	if (sp_cmp_parse(op, &c.op)) {
		kw = (struct sp_json_where){ .up = w, .key = "op" };
		return sp_json_bad(&r->json, &kw, "unknown op \"%s\"", op);
	}
	return sp_rule_add_cond(rule, &c);
}

static int read_entry(struct reader *r, json_t *v,
		      const struct sp_json_where *w, struct sp_profile *p)
{
	struct sp_json_where kw, ew;
	struct sp_rule *rule;
	const char *s;
	uint64_t n;
	json_t *names, *arr, *e, *x;
	size_t i;
	int ret;

	if (!json_is_object(v))
		return sp_json_bad(&r->json, w, "expected an object");
	rule = sp_profile_add_rule(p);
	if (!rule)
		return -ENOMEM;

	/* "name" is the runtime-spec draft's and Docker's old form. */
	ret = key_array(r, v, w, "names", &names, &kw);
	if (ret)
		return ret;
	ret = key_string(r, v, w, "name", false, &s);
	if (ret)
		return ret;
	if (!names && !s)
		return sp_json_bad(&r->json, w, "missing key \"names\"");
	if (s) {
		ret = sp_rule_add_name(rule, s);
		if (ret)
			return ret;
	}
	json_array_foreach(names, i, e) {
		ew = (struct sp_json_where){ .up = &kw, .index = i };
		ret = get_string(r, e, &ew, &s);
		if (!ret)
			ret = sp_rule_add_name(rule, s);
		if (ret)
			return ret;
	}

	if (!sp_json_opt(v, "action"))
		return sp_json_bad(&r->json, w, "missing key \"action\"");
	ret = parse_action(r, v, w, "action", true, &rule->action);
	if (ret)
		return ret;
	x = sp_json_opt(v, "errnoRet");
	if (x) {
		/* SECCOMP_RET_DATA is 16 bits. */
		kw = (struct sp_json_where){ .up = w, .key = "errnoRet" };
		ret = get_uint(r, x, &kw, UINT16_MAX, &n);
		if (ret)
			return ret;
		rule->errno_ret = (int)n;
	}
	ret = errno_string(r, v, w, "errno", &rule->errno_ret);
	if (ret)
		return ret;

	ret = key_array(r, v, w, "args", &arr, &kw);
	if (ret)
		return ret;
	json_array_foreach(arr, i, e) {
		ew = (struct sp_json_where){ .up = &kw, .index = i };
		ret = read_cond(r, e, &ew, rule);
		if (ret)
			return ret;
	}

	ret = key_string(r, v, w, "comment", false, &s);
	if (!ret && s)
		ret = sp_rule_set_comment(rule, s);
	if (ret)
		return ret;
	/* Where the rule came from, as its writer said (sandprint's tag),
	 * or from someone else. */
	rule->origin = sp_origin_parse_comment(rule->comment);

	/* Docker's conditions on capabilities, arches and kernel version:
	 * not resolved here. */
	ret = check_object(r, v, w, "includes");
	if (!ret)
		ret = check_object(r, v, w, "excludes");
	return ret;
}

static int read_profile(struct reader *r, json_t *root, struct sp_profile *p)
{
	struct sp_json_where kw, ew;
	const char *s;
	uint64_t n;
	json_t *arr, *e, *x;
	size_t i;
	int ret;

	if (!json_is_object(root))
		return sp_json_bad(&r->json, &sp_json_root,
				   "expected an object");
	if (!sp_json_opt(root, "defaultAction"))
		return sp_json_bad(&r->json, &sp_json_root,
				   "missing key \"defaultAction\"");
	ret = parse_action(r, root, &sp_json_root, "defaultAction", true,
			   &p->default_action);
	if (ret)
		return ret;
	x = sp_json_opt(root, "defaultErrnoRet");
	if (x) {
		kw = (struct sp_json_where){ .up = &sp_json_root,
					     .key = "defaultErrnoRet" };
		ret = get_uint(r, x, &kw, UINT16_MAX, &n);
		if (ret)
			return ret;
		p->default_errno = (int)n;
	}
	ret = errno_string(r, root, &sp_json_root, "defaultErrno",
			   &p->default_errno);
	if (ret)
		return ret;

	ret = key_array(r, root, &sp_json_root, "architectures", &arr, &kw);
	if (!ret && arr)
		ret = read_architectures(r, arr, &kw, p);
	if (ret)
		return ret;
	if (!arr) {
		ret = key_array(r, root, &sp_json_root, "archMap", &arr, &kw);
		if (!ret && arr)
			ret = read_arch_map(r, arr, &kw, p);
		if (ret)
			return ret;
	}

	/* Accepted and ignored: they do not change what the filter allows
	 * (an unknown flag refused, as runc and crun refuse it). */
	ret = check_strings(r, root, &sp_json_root, "flags", known_flags,
			    ARRAY_SIZE(known_flags));
	if (!ret)
		ret = key_string(r, root, &sp_json_root, "listenerPath", false,
				 &s);
	if (!ret)
		ret = key_string(r, root, &sp_json_root, "listenerMetadata",
				 false, &s);
	if (ret)
		return ret;

	ret = key_array(r, root, &sp_json_root, "syscalls", &arr, &kw);
	if (ret)
		return ret;
	json_array_foreach(arr, i, e) {
		ew = (struct sp_json_where){ .up = &kw, .index = i };
		ret = read_entry(r, e, &ew, p);
		if (ret)
			return ret;
	}
	return 0;
}

bool sp_profile_json_is_profile(const char *text, size_t len)
{
	static const char *const keys[] = { "defaultAction", "syscalls",
					    "archMap" };
	const char *v;
	size_t n;

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (sp_json_top_key(text, len, keys[i], &v, &n) == 1)
			return true;
	return false;
}

int sp_profile_read_oci(const char *path, struct sp_profile **out,
			struct sp_diag *d)
{
	return sp_profile_read_oci_tree(path, out, NULL, d);
}

int sp_profile_parse_oci(const char *name, char *text, size_t len,
			 struct sp_profile **out, struct sp_diag *d)
{
	return sp_profile_parse_oci_tree(name, text, len, out, NULL, d);
}

int sp_profile_parse_oci_tree(const char *name, char *buf, size_t len,
			      struct sp_profile **out, json_t **tree,
			      struct sp_diag *d)
{
	struct reader r = { .json = { name, d } };
	struct sp_profile *p = NULL;
	json_t *root = NULL;
	json_error_t err;
	int ret;

	if (sp_trace_json_is_trace(buf, len)) {
		sp_diag_set(d, name, 0, 0, "$", "this is a trace, not a "
			    "profile ('sandprint profile' makes one of it)");
		return -EINVAL;
	}
	ret = sp_json_swap_big(buf, len, &r.big);
	if (ret) {
		sp_diag_set(d, name, 0, 0, NULL, "cannot read: %s",
			    strerror(-ret));
		goto out;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		ret = -EINVAL;
		sp_json_syntax_error(d, name, &err);
		goto out;
	}
	p = sp_profile_new();
	if (!p) {
		ret = -ENOMEM;
		goto out;
	}
	ret = read_profile(&r, root, p);
	if (ret == -ENOMEM)
		sp_diag_set(d, name, 0, 0, NULL, "cannot read: %s",
			    strerror(ENOMEM));
	if (ret)
		goto out;
	*out = p;
	p = NULL;
	if (tree) {
		*tree = root;
		root = NULL;
	}
out:
	sp_profile_free(p);
	json_decref(root);
	sp_json_big_fini(&r.big);
	return ret;
}

int sp_profile_read_oci_tree(const char *path, struct sp_profile **out,
			     json_t **tree, struct sp_diag *d)
{
	char *buf = NULL;
	size_t len;
	int ret = sp_file_read(path, sp_file_text_check, NULL, &buf, &len, d);

	if (!ret)
		ret = sp_profile_parse_oci_tree(path, buf, len, out, tree, d);
	free(buf);
	return ret;
}
