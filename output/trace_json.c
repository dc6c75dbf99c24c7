#include "output/trace_json.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/syscall.h"
#include "output/file.h"
#include "output/firecracker.h"
#include "output/json.h"
#include "output/oci_json.h"

/*
 * Layout (man/sandprint-formats.5): one key per line at the top, one element
 * per line in "executables", "processes" and "patterns", so that two traces
 * diff line by line.  The document is written by hand around jansson, which
 * escapes every string; numbers are printed here because argument values are
 * uint64 and jansson's integers are signed.
 */

/* An argument value: an integer when jansson can read it back as one, else
 * a "0x..." string. */
static void put_arg(FILE *f, uint64_t v)
{
	if (v <= INT64_MAX)
		fprintf(f, "%" PRIu64, v);
	else
		fprintf(f, "\"0x%" PRIx64 "\"", v);
}

/* A pattern's first call site (record --stacks): "stack" after the
 * pattern's other keys, only when it has one. */
static int put_stack(FILE *f, const struct sp_trace *t,
		     const struct sp_pattern *p)
{
	int ret = 0;

	if (!p->nframes || p->stack + (size_t)p->nframes > t->nframes)
		return 0;
	fputs(", \"stack\": [", f);
	for (size_t i = 0; i < p->nframes && !ret; i++) {
		const struct sp_frame *fr = &t->frames[p->stack + i];

		fprintf(f, "%s{\"addr\": \"0x%" PRIx64 "\", \"module\": ",
			i ? ", " : "", fr->addr);
		if (fr->module < t->nmodules)
			fprintf(f, "%" PRIu32, fr->module);
		else
			fputs("null", f);
		fprintf(f, ", \"offset\": \"0x%" PRIx64 "\", \"symbol\": ",
			fr->offset);
		if (fr->symbol)
			ret = sp_json_put_string(f, fr->symbol);
		else
			fputs("null", f);
		fputc('}', f);
	}
	fputc(']', f);
	return ret;
}

/* A process image's "objects": the indexes it mapped, in order
 * (objects[0..n)); nothing when it mapped none. */
static void put_mappings(FILE *f, const uint32_t *objects, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%" PRIu32, i ? ", " : ", \"objects\": [",
			objects[i]);
	if (n)
		fputc(']', f);
}

static int put_pattern(FILE *f, const struct sp_trace *t,
		       const struct sp_pattern *p)
{
	char buf[SP_SYSCALL_NAME_MAX];
	int ret;

	fputs("{\"arch\": ", f);
	ret = sp_json_put_string(f, sp_arch_name(p->arch));
	if (ret)
		return ret;
	fputs(", \"syscall\": ", f);
	ret = sp_json_put_string(f, sp_syscall_name_or_nr(p->arch, p->nr, buf));
	if (ret)
		return ret;
	fprintf(f, ", \"nr\": %" PRId64 ", \"args\": [", p->nr);
	for (int i = 0; i < SP_NARGS; i++) {
		if (i)
			fputs(", ", f);
		if (p->kept & (1u << i))
			put_arg(f, p->args[i]);
		else
			fputs("null", f);
	}
	fprintf(f, "], \"count\": %" PRIu64 ", \"exe\": %" PRIu32
		   ", \"pid\": %d%s",
		p->count, p->exe, (int)p->pid,
		p->baseline ? ", \"baseline\": true" : "");
	if (sp_pattern_runs(t, p) < sp_trace_runs(t))
		fprintf(f, ", \"runs\": %" PRIu32, p->runs);
	ret = put_stack(f, t, p);
	fputc('}', f);
	return ret;
}

/* An optional top-level list of paths, one per line; nothing when it is
 * empty. */
static int put_paths(FILE *f, const char *key, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int ret;

		if (i)
			fputs(",\n    ", f);
		else
			fprintf(f, "  \"%s\": [\n    ", key);
		ret = sp_json_put_string(f, v[i]);
		if (ret)
			return ret;
	}
	if (n)
		fputs("\n  ],\n", f);
	return 0;
}

int sp_trace_write_json(FILE *f, const struct sp_trace *t)
{
	uint32_t *objs;
	size_t *at;
	int ret = 0;

	fprintf(f, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n",
		SP_TRACE_FORMAT, SP_TRACE_VERSION);
	fputs("  \"command\": [", f);
	for (size_t i = 0; t->argv && t->argv[i]; i++) {
		if (i)
			fputs(", ", f);
		ret = sp_json_put_string(f, t->argv[i]);
		if (ret)
			return ret;
	}
	fputs("],\n  \"end\": ", f);
	ret = sp_json_put_string(f, sp_trace_end_name(t->end));
	if (ret)
		return ret;
	fprintf(f,
		",\n  \"status\": %d,\n  \"exit_status\": %d,\n"
		"  \"partial\": %s,\n  \"no_new_privs\": %s,\n"
		"  \"calls\": %" PRIu64 ",\n",
		t->status, sp_trace_exit_status(t),
		t->partial ? "true" : "false",
		t->no_new_privs ? "true" : "false", t->ncalls);
	if (sp_trace_runs(t) > 1)
		fprintf(f, "  \"runs\": %" PRIu32 ",\n", t->runs);
	if (t->other_mount_ns)
		fputs("  \"other_mount_namespace\": true,\n", f);
	/* One container's id as a string, as it always was; those of a
	 * pod's containers recorded into one trace, an array. */
	if (t->containers && t->containers[0]) {
		bool one = !t->containers[1];

		fputs(one ? "  \"container\": " : "  \"container\": [", f);
		for (char **c = t->containers; *c; c++) {
			if (c != t->containers)
				fputs(", ", f);
			ret = sp_json_put_string(f, *c);
			if (ret)
				return ret;
		}
		fputs(one ? ",\n" : "],\n", f);
	}
	if (t->pod) {
		fputs("  \"pod\": ", f);
		ret = sp_json_put_string(f, t->pod);
		if (ret)
			return ret;
		fputs(",\n", f);
	}

	fputs("  \"executables\": [", f);
	for (size_t i = 0; i < t->nexes; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		ret = sp_json_put_string(f, t->exes[i]);
		if (ret)
			return ret;
	}
	fputs(t->nexes ? "\n  ],\n" : "],\n", f);

	/* Executables that ran without their privileges, when any did. */
	ret = put_paths(f, "unprivileged", t->unprivileged,
			t->nunprivileged);
	if (ret)
		return ret;

	/* The files mapped as code (shared libraries), when any was seen. */
	ret = put_paths(f, "objects", t->objects, t->nobjects);
	if (ret)
		return ret;

	ret = sp_trace_maps_by_proc(t, &at, &objs);
	if (ret)
		return ret;
	fputs("  \"processes\": [", f);
	for (size_t i = 0; i < t->nprocs; i++) {
		const struct sp_process *p = &t->procs[i];

		fprintf(f,
			"%s{\"pid\": %d, \"ppid\": %d, \"exe\": %" PRIu32,
			i ? ",\n    " : "\n    ", (int)p->pid, (int)p->ppid,
			p->exe);
		put_mappings(f, objs + at[i], at[i + 1] - at[i]);
		fputc('}', f);
	}
	fputs(t->nprocs ? "\n  ],\n" : "],\n", f);
	free(at);
	free(objs);

	/* The files call-site stacks point into (record --stacks). */
	ret = put_paths(f, "modules", t->modules, t->nmodules);
	if (ret)
		return ret;

	fputs("  \"patterns\": [", f);
	for (size_t i = 0; i < t->npatterns; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		ret = put_pattern(f, t, &t->patterns[i]);
		if (ret)
			return ret;
	}
	fputs(t->npatterns ? "\n  ]\n}\n" : "]\n}\n", f);
	return ferror(f) ? -EIO : 0;
}

/* Reading: every value is checked against the layout above, and a mismatch
 * is reported with the JSON path of the offending value.  The path is
 * spelled out only then: a large trace has a million values, all good. */

/* obj[key] into *out.  A missing key is an error. */
static int member(struct sp_json_reader *r, json_t *obj,
		  const struct sp_json_where *w, const char *key, json_t **out)
{
	*out = json_object_get(obj, key);
	if (!*out)
		return sp_json_bad(r, w, "missing key \"%s\"", key);
	return 0;
}

static int get_int(struct sp_json_reader *r, json_t *v,
		   const struct sp_json_where *w, json_int_t min,
		   json_int_t max, json_int_t *out)
{
	json_int_t n;

	if (!json_is_integer(v))
		return sp_json_bad(r, w, "expected an integer");
	n = json_integer_value(v);
	if (n < min || n > max)
		return sp_json_bad(r, w,
				   "%" JSON_INTEGER_FORMAT
				   " out of range (%" JSON_INTEGER_FORMAT
				   "%s%" JSON_INTEGER_FORMAT ")",
				   n, min, min < 0 ? " to " : "-", max);
	*out = n;
	return 0;
}

static int key_int(struct sp_json_reader *r, json_t *obj,
		   const struct sp_json_where *w, const char *key,
		   json_int_t min, json_int_t max, json_int_t *out)
{
	struct sp_json_where kw = { .up = w, .key = key };
	json_t *v;
	int ret = member(r, obj, w, key, &v);

	return ret ? ret : get_int(r, v, &kw, min, max, out);
}

static int key_bool(struct sp_json_reader *r, json_t *obj,
		    const struct sp_json_where *w, const char *key, bool *out)
{
	struct sp_json_where kw = { .up = w, .key = key };
	json_t *v;
	int ret = member(r, obj, w, key, &v);

	if (ret)
		return ret;
	if (!json_is_boolean(v))
		return sp_json_bad(r, &kw, "expected true or false");
	*out = json_is_true(v);
	return 0;
}

static int key_string(struct sp_json_reader *r, json_t *obj,
		      const struct sp_json_where *w, const char *key,
		      const char **out)
{
	struct sp_json_where kw = { .up = w, .key = key };
	json_t *v;
	int ret = member(r, obj, w, key, &v);

	if (ret)
		return ret;
	if (!json_is_string(v))
		return sp_json_bad(r, &kw, "expected a string");
	*out = json_string_value(v);
	return 0;
}

static int key_array(struct sp_json_reader *r, json_t *obj,
		     const struct sp_json_where *w, const char *key,
		     json_t **out)
{
	struct sp_json_where kw = { .up = w, .key = key };
	int ret = member(r, obj, w, key, out);

	if (ret)
		return ret;
	if (!json_is_array(*out))
		return sp_json_bad(r, &kw, "expected an array");
	return 0;
}

/* An index into "executables". */
static int key_exe(struct sp_json_reader *r, json_t *obj,
		   const struct sp_json_where *w, const struct sp_trace *t,
		   uint32_t *out)
{
	struct sp_json_where kw = { .up = w, .key = "exe" };
	json_int_t exe = 0;
	int ret = key_int(r, obj, w, "exe", 0, INT32_MAX, &exe);

	if (ret)
		return ret;
	if ((size_t)exe >= t->nexes)
		return sp_json_bad(r, &kw,
				   "executable %" JSON_INTEGER_FORMAT
				   " not in $.executables (%zu entries)",
				   exe, t->nexes);
	*out = (uint32_t)exe;
	return 0;
}

/* An argument value: a non-negative integer, or a string holding one in
 * hex ("0x...") or decimal. */
static int get_arg(struct sp_json_reader *r, json_t *v,
		   const struct sp_json_where *w, uint64_t *out)
{
	const char *s, *digits;
	unsigned long long n;
	char *end;
	int base;

	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (!json_is_string(v))
		goto fail;
	s = json_string_value(v);
	base = strncmp(s, "0x", 2) == 0 ? 16 : 10;
	digits = base == 16 ? s + 2 : s;
	/* strtoull would take a sign or blanks: only digits are a value. */
	if (!*digits || strspn(digits, base == 16 ? "0123456789abcdefABCDEF" :
						   "0123456789") !=
				strlen(digits))
		goto fail;
	errno = 0;
	n = strtoull(digits, &end, base);
	if (errno == ERANGE)
		return sp_json_bad(r, w, "\"%s\" is above 2^64-1", s);
	*out = n;
	return 0;
fail:
	return sp_json_bad(r, w, "expected a non-negative integer or a "
			   "\"0x...\" string");
}

static int read_strings(struct sp_json_reader *r, json_t *obj, const char *key,
			const char ***out, size_t *n)
{
	struct sp_json_where kw = { .up = &sp_json_root, .key = key };
	struct sp_json_where ew = { .up = &kw };
	const char **v = NULL;
	json_t *arr, *e;
	size_t i;
	int ret = key_array(r, obj, &sp_json_root, key, &arr);

	if (ret)
		return ret;
	v = calloc(json_array_size(arr) + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	json_array_foreach(arr, i, e) {
		if (!json_is_string(e)) {
			free(v);
			ew.index = i;
			return sp_json_bad(r, &ew, "expected a string");
		}
		v[i] = json_string_value(e);
	}
	*out = v;
	*n = json_array_size(arr);
	return 0;
}

/* An optional array of distinct paths (modules, objects), interned into
 * t; *count is the list's length after interning, to catch duplicates. */
static int read_paths(struct sp_json_reader *r, json_t *root, const char *key,
		      const char *noun, struct sp_trace *t,
		      int (*add)(struct sp_trace *, const char *),
		      const size_t *count)
{
	struct sp_json_where kw = { .up = &sp_json_root, .key = key };
	const char **strs;
	size_t n, i;
	int ret = 0;

	if (!json_object_get(root, key))
		return 0;
	ret = read_strings(r, root, key, &strs, &n);
	if (ret)
		return ret;
	for (i = 0; i < n && ret >= 0; i++)
		ret = add(t, strs[i]);
	free(strs);
	if (ret < 0)
		return ret;
	if (*count != n)
		return sp_json_bad(r, &kw, "duplicate %s", noun);
	return 0;
}

/* Optional "container": the OCI container recorded (oci-hook), its id,
 * or the ids of a pod's containers recorded into this trace, each at
 * least one run of it: no id empty, none twice. */
static int read_containers(struct sp_json_reader *r, json_t *root,
			   struct sp_trace *t)
{
	struct sp_json_where kw = { .up = &sp_json_root, .key = "container" };
	struct sp_json_where ew = { .up = &kw };
	json_t *v = json_object_get(root, "container"), *e;
	size_t i, n;
	int ret;

	if (!v)
		return 0;
	if (json_is_string(v)) {
		if (!json_string_length(v))
			return sp_json_bad(r, &kw, "an empty container id");
		return sp_trace_add_container(t, json_string_value(v));
	}
	if (!json_is_array(v))
		return sp_json_bad(r, &kw, "expected a container's id or an "
				   "array of ids");
	n = json_array_size(v);
	if (!n)
		return sp_json_bad(r, &kw, "an empty array: no container's "
				   "id");
	json_array_foreach(v, i, e) {
		ew.index = i;
		if (!json_is_string(e))
			return sp_json_bad(r, &ew, "expected a string");
		if (!json_string_length(e))
			return sp_json_bad(r, &ew, "an empty container id");
		if (sp_trace_has_container(t, json_string_value(e)))
			return sp_json_bad(r, &ew, "container \"%s\" named "
					   "twice", json_string_value(e));
		ret = sp_trace_add_container(t, json_string_value(e));
		if (ret)
			return ret;
	}
	if (sp_trace_runs(t) < n)
		return sp_json_bad(r, &kw, "%zu containers in %" PRIu32
				   " run%s: each container's start is a run",
				   n, sp_trace_runs(t),
				   sp_trace_runs(t) == 1 ? "" : "s");
	return 0;
}

/* Optional "pod": the pod the containers were started in, a non-empty
 * string beside "container". */
static int read_pod(struct sp_json_reader *r, json_t *root,
		    struct sp_trace *t)
{
	struct sp_json_where kw = { .up = &sp_json_root, .key = "pod" };
	json_t *v = json_object_get(root, "pod");

	if (!v)
		return 0;
	if (!json_is_string(v) || !json_string_length(v))
		return sp_json_bad(r, &kw, "expected a pod's id, a non-empty "
				   "string");
	if (!t->containers)
		return sp_json_bad(r, &kw, "a pod but no \"container\"");
	t->pod = strdup(json_string_value(v));
	return t->pod ? 0 : -ENOMEM;
}

/* A process image's optional "objects": indexes into $.objects. */
static int read_mappings(struct sp_json_reader *r, json_t *v,
			 const struct sp_json_where *w, struct sp_trace *t,
			 uint32_t proc)
{
	struct sp_json_where kw = { .up = w, .key = "objects" },
			     ew = { .up = &kw };
	json_t *arr, *e;
	size_t i;
	int ret = key_array(r, v, w, "objects", &arr);

	if (ret)
		return ret;
	json_array_foreach(arr, i, e) {
		json_int_t idx = json_is_integer(e) ? json_integer_value(e) :
						      -1;

		ew.index = i;
		if (idx < 0)
			return sp_json_bad(r, &ew,
					   "expected a non-negative integer");
		if ((size_t)idx >= t->nobjects)
			return sp_json_bad(r, &ew,
				   "object %" JSON_INTEGER_FORMAT
				   " not in $.objects (%zu entries)",
				   idx, t->nobjects);
		ret = sp_trace_add_mapping(t, proc, (uint32_t)idx);
		if (ret)
			return ret;
	}
	return 0;
}

static int read_process(struct sp_json_reader *r, json_t *v,
			const struct sp_json_where *w, struct sp_trace *t)
{
	json_int_t pid, ppid;
	uint32_t exe = 0;
	int ret;

	if (!json_is_object(v))
		return sp_json_bad(r, w, "expected an object");
	ret = key_int(r, v, w, "pid", 0, INT32_MAX, &pid);
	if (!ret)
		ret = key_int(r, v, w, "ppid", 0, INT32_MAX, &ppid);
	if (!ret)
		ret = key_exe(r, v, w, t, &exe);
	if (!ret)
		ret = sp_trace_add_process(t, (pid_t)pid, (pid_t)ppid, exe);
	if (!ret && json_object_get(v, "objects"))
		ret = read_mappings(r, v, w, t, (uint32_t)(t->nprocs - 1));
	return ret;
}

static int read_frame(struct sp_json_reader *r, json_t *v,
		      const struct sp_json_where *w, struct sp_trace *t)
{
	struct sp_json_where kw = { .up = w };
	struct sp_frame f = { .module = SP_NO_MODULE };
	json_t *m, *sym;
	int ret;

	if (!json_is_object(v))
		return sp_json_bad(r, w, "expected an object");
	kw.key = "addr";
	ret = member(r, v, w, kw.key, &m);
	if (!ret)
		ret = get_arg(r, m, &kw, &f.addr);
	if (ret)
		return ret;
	kw.key = "offset";
	ret = member(r, v, w, kw.key, &m);
	if (!ret)
		ret = get_arg(r, m, &kw, &f.offset);
	if (ret)
		return ret;
	kw.key = "module";
	ret = member(r, v, w, kw.key, &m);
	if (ret)
		return ret;
	if (!json_is_null(m)) {
		json_int_t idx = 0;

		ret = get_int(r, m, &kw, 0, INT32_MAX, &idx);
		if (ret)
			return ret;
		if ((size_t)idx >= t->nmodules)
			return sp_json_bad(r, &kw,
					   "module %" JSON_INTEGER_FORMAT
					   " not in $.modules (%zu entries)",
					   idx, t->nmodules);
		f.module = (uint32_t)idx;
	}
	kw.key = "symbol";
	ret = member(r, v, w, kw.key, &sym);
	if (ret)
		return ret;
	if (!json_is_null(sym)) {
		if (!json_is_string(sym))
			return sp_json_bad(r, &kw, "expected a string or null");
		f.symbol = strdup(json_string_value(sym));
		if (!f.symbol)
			return -ENOMEM;
	}
	ret = sp_trace_add_frame(t, &f);
	return ret < 0 ? ret : 0;
}

/* "stack" (optional): the pattern's first call site. */
static int read_stack(struct sp_json_reader *r, json_t *v,
		      const struct sp_json_where *w, struct sp_trace *t,
		      struct sp_pattern *p)
{
	struct sp_json_where kw = { .up = w, .key = "stack" };
	struct sp_json_where fw = { .up = &kw };
	size_t first = t->nframes, i;
	json_t *arr, *e;
	int ret;

	if (!json_object_get(v, "stack"))
		return 0;
	ret = key_array(r, v, w, "stack", &arr);
	if (ret)
		return ret;
	if (json_array_size(arr) < 1 || json_array_size(arr) > UINT8_MAX)
		return sp_json_bad(r, &kw, "expected 1 to %d frames, found %zu",
				   UINT8_MAX, json_array_size(arr));
	if (first + json_array_size(arr) > UINT32_MAX)
		return -ENOMEM;
	json_array_foreach(arr, i, e) {
		fw.index = i;
		ret = read_frame(r, e, &fw, t);
		if (ret)
			return ret;
	}
	p->stack = (uint32_t)first;
	p->nframes = (uint8_t)json_array_size(arr);
	return 0;
}

/* A pattern's number is what is judged; its arch and name must say the
 * same call, or a filter is checked against a call other than the one the
 * trace names (x32's read without __X32_SYSCALL_BIT is x86_64's read; an
 * x86_64 "read" numbered 1 is write).  A name this libseccomp cannot
 * resolve (a newer call, or the writer's "syscall_N") is not contradicted.
 * w is the "nr" key's place. */
static int nr_agrees(struct sp_json_reader *r, json_t *v,
		     const struct sp_json_where *w, const struct sp_pattern *p)
{
	enum sp_arch seen = sp_arch_of_call(sp_arch_audit(p->arch), p->nr);
	json_t *name = json_object_get(v, "syscall");
	int64_t named = 0;

	if (seen != p->arch)
		return sp_json_bad(r, w, "%" PRId64 " is a call of %s, not %s",
				   p->nr, sp_arch_name(seen),
				   sp_arch_name(p->arch));
	if (json_is_string(name) &&
	    !sp_syscall_nr(p->arch, json_string_value(name), &named) &&
	    named != p->nr)
		return sp_json_bad(r, w, "%" PRId64 " is not \"%s\" on %s (%"
				   PRId64 ")", p->nr, json_string_value(name),
				   sp_arch_name(p->arch), named);
	return 0;
}

static int read_pattern(struct sp_json_reader *r, json_t *v,
			const struct sp_json_where *w, struct sp_trace *t)
{
	struct sp_json_where kw = { .up = w }, aw = { .up = &kw };
	struct sp_pattern p = { 0 };
	json_int_t count, pid;
	const char *s = NULL;
	json_t *args, *nr, *a;
	size_t i;
	int ret;

	if (!json_is_object(v))
		return sp_json_bad(r, w, "expected an object");
	ret = key_string(r, v, w, "arch", &s);
	if (ret)
		return ret;
	if (sp_arch_parse(s, &p.arch)) {
		kw.key = "arch";
		return sp_json_bad(r, &kw, "unknown arch \"%s\"", s);
	}
	/* "nr" is what the kernel saw; "syscall" is for people, and is only
	 * used when a hand-written trace gives no number. */
	nr = json_object_get(v, "nr");
	if (nr) {
		json_int_t n = 0;

		/* seccomp_data.nr is an int: no kernel gives another. */
		kw.key = "nr";
		ret = get_int(r, nr, &kw, INT32_MIN, INT32_MAX, &n);
		if (ret)
			return ret;
		p.nr = n;
		ret = nr_agrees(r, v, &kw, &p);
		if (ret)
			return ret;
	} else {
		if (!json_object_get(v, "syscall"))
			return sp_json_bad(r, w, "missing key \"nr\"");
		ret = key_string(r, v, w, "syscall", &s);
		if (ret)
			return ret;
		if (sp_syscall_nr(p.arch, s, &p.nr)) {
			kw.key = "syscall";
			return sp_json_bad(r, &kw,
					   "unknown syscall \"%s\" on %s", s,
					   sp_arch_name(p.arch));
		}
	}
	kw.key = "args";
	ret = key_array(r, v, w, kw.key, &args);
	if (ret)
		return ret;
	if (json_array_size(args) != SP_NARGS)
		return sp_json_bad(r, &kw, "expected %d arguments, found %zu",
				   SP_NARGS, json_array_size(args));
	json_array_foreach(args, i, a) {
		if (json_is_null(a))
			continue;
		aw.index = i;
		ret = get_arg(r, a, &aw, &p.args[i]);
		if (ret)
			return ret;
		p.kept |= (uint8_t)(1u << i);
	}
	/* A baseline's pattern (record --baseline) may have no calls. */
	ret = 0;
	if (json_object_get(v, "baseline"))
		ret = key_bool(r, v, w, "baseline", &p.baseline);
	if (!ret)
		ret = key_int(r, v, w, "count", p.baseline ? 0 : 1, INT64_MAX,
			      &count);
	if (!ret)
		ret = key_exe(r, v, w, t, &p.exe);
	if (!ret)
		ret = key_int(r, v, w, "pid", 0, INT32_MAX, &pid);
	if (ret)
		return ret;
	p.count = (uint64_t)count;
	p.pid = (pid_t)pid;
	/* Optional: in how many of the trace's runs. */
	if (json_object_get(v, "runs")) {
		json_int_t runs;

		ret = key_int(r, v, w, "runs", 1, sp_trace_runs(t), &runs);
		if (ret)
			return ret;
		p.runs = (uint32_t)runs;
	}
	ret = read_stack(r, v, w, t, &p);
	if (ret)
		return ret;
	ret = sp_trace_add_pattern(t, &p);
	return ret < 0 ? ret : 0;
}

static int read_trace(struct sp_json_reader *r, json_t *root,
		      struct sp_trace *t)
{
	struct sp_json_where kw = { .up = &sp_json_root }, ew = { .up = &kw };
	const char **strs = NULL;
	json_int_t version, status, calls;
	size_t n, i;
	json_t *arr, *e;
	const char *s = NULL;
	int ret;

	if (!json_is_object(root))
		return sp_json_bad(r, &sp_json_root,
				   "not a sandprint trace: expected an object");
	ret = key_string(r, root, &sp_json_root, "format", &s);
	if (ret)
		return ret;
	kw.key = "format";
	if (strcmp(s, SP_TRACE_FORMAT) != 0)
		return sp_json_bad(r, &kw,
				   "not a sandprint trace: format \"%s\"", s);
	ret = key_int(r, root, &sp_json_root, "version", INT64_MIN, INT64_MAX,
		      &version);
	if (ret)
		return ret;
	kw.key = "version";
	if (version != SP_TRACE_VERSION)
		return sp_json_bad(r, &kw,
				   "unsupported version %" JSON_INTEGER_FORMAT,
				   version);

	ret = read_strings(r, root, "command", &strs, &n);
	if (ret)
		return ret;
	ret = sp_trace_set_argv(t, (char *const *)strs);
	free(strs);
	if (ret)
		return ret;

	ret = key_string(r, root, &sp_json_root, "end", &s);
	if (ret)
		return ret;
	kw.key = "end";
	if (sp_trace_end_parse(s, &t->end))
		return sp_json_bad(r, &kw, "unknown end \"%s\"", s);
	ret = key_int(r, root, &sp_json_root, "status", INT32_MIN, INT32_MAX,
		      &status);
	if (ret)
		return ret;
	t->status = (int)status;
	ret = key_bool(r, root, &sp_json_root, "partial", &t->partial);
	if (!ret)
		ret = key_bool(r, root, &sp_json_root, "no_new_privs",
			       &t->no_new_privs);
	if (!ret)
		ret = key_int(r, root, &sp_json_root, "calls", 0, INT64_MAX,
			      &calls);
	if (ret)
		return ret;
	t->ncalls = (uint64_t)calls;
	/* Optional: runs recorded together (record --repeat). */
	if (json_object_get(root, "runs")) {
		json_int_t runs;

		ret = key_int(r, root, &sp_json_root, "runs", 1, UINT32_MAX,
			      &runs);
		if (ret)
			return ret;
		t->runs = (uint32_t)runs;
	}
	/* Optional: recorded in another mount namespace. */
	if (json_object_get(root, "other_mount_namespace")) {
		ret = key_bool(r, root, &sp_json_root, "other_mount_namespace",
			       &t->other_mount_ns);
		if (ret)
			return ret;
	}
	ret = read_containers(r, root, t);
	if (!ret)
		ret = read_pod(r, root, t);
	if (ret)
		return ret;

	ret = read_strings(r, root, "executables", &strs, &n);
	if (ret)
		return ret;
	for (i = 0; i < n && ret >= 0; i++)
		ret = sp_trace_intern_exe(t, strs[i]);
	free(strs);
	if (ret < 0)
		return ret;
	kw.key = "executables";
	if (t->nexes != n)
		return sp_json_bad(r, &kw, "duplicate executable");

	/* Optional: executables that ran without their privileges, each
	 * one of $.executables. */
	ret = read_paths(r, root, "unprivileged", "executable", t,
			 sp_trace_intern_unprivileged, &t->nunprivileged);
	if (ret)
		return ret;
	for (i = 0; i < t->nunprivileged; i++) {
		struct sp_json_where uw = { .up = &sp_json_root,
					    .key = "unprivileged" },
				     ew2 = { .up = &uw, .index = i };
		size_t x = 0;

		while (x < t->nexes &&
		       strcmp(t->exes[x], t->unprivileged[i]) != 0)
			x++;
		if (x == t->nexes)
			return sp_json_bad(r, &ew2, "\"%s\" is not in "
					   "$.executables",
					   t->unprivileged[i]);
	}

	/* Optional: the files mapped as code, which processes refer to. */
	ret = read_paths(r, root, "objects", "object", t,
			 sp_trace_intern_object, &t->nobjects);
	if (ret)
		return ret;

	kw.key = "processes";
	ret = key_array(r, root, &sp_json_root, kw.key, &arr);
	if (ret)
		return ret;
	json_array_foreach(arr, i, e) {
		ew.index = i;
		ret = read_process(r, e, &ew, t);
		if (ret)
			return ret;
	}

	/* Optional: the files call-site stacks point into. */
	ret = read_paths(r, root, "modules", "module", t,
			 sp_trace_intern_module, &t->nmodules);
	if (ret)
		return ret;

	kw.key = "patterns";
	ret = key_array(r, root, &sp_json_root, kw.key, &arr);
	if (ret)
		return ret;
	json_array_foreach(arr, i, e) {
		ew.index = i;
		ret = read_pattern(r, e, &ew, t);
		if (ret)
			return ret;
	}
	return 0;
}

bool sp_trace_json_is_trace(const char *buf, size_t len)
{
	return sp_json_top_string_is(buf, len, "format", SP_TRACE_FORMAT);
}

int sp_trace_parse_json(const char *name, const char *text, size_t len,
			struct sp_trace **out, struct sp_diag *d)
{
	struct sp_json_reader r = { .file = name, .d = d };
	struct sp_json_arena *arena = NULL;
	struct sp_trace *t = NULL;
	json_t *root = NULL;
	json_error_t err;
	int ret;

	/* Said before jansson parses a profile's numbers above INT64_MAX
	 * ("too big integer") or anything else of it. */
	if (!sp_trace_json_is_trace(text, len) &&
	    (sp_profile_json_is_profile(text, len) ||
	     sp_firecracker_json_is(text, len))) {
		sp_diag_set(d, name, 0, 0, "$", "this is a seccomp profile, "
			    "not a trace (a trace is what 'sandprint record' "
			    "writes)");
		return -EINVAL;
	}
	ret = sp_json_load_arena(text, len, JSON_REJECT_DUPLICATES, &root,
				 &arena, &err);
	if (ret == -EINVAL)
		sp_json_syntax_error(d, name, &err);
	if (ret)
		goto out;
	t = sp_trace_new();
	if (!t) {
		ret = -ENOMEM;
		goto out;
	}
	ret = read_trace(&r, root, t);
	if (ret)
		goto out;
	*out = t;
	t = NULL;
out:
	if (ret == -ENOMEM)
		sp_diag_set(d, name, 0, 0, NULL, "cannot read: %s",
			    strerror(ENOMEM));
	sp_trace_free(t);
	sp_json_arena_free(arena);
	return ret;
}

int sp_trace_read_json(const char *path, struct sp_trace **out,
		       struct sp_diag *d)
{
	char *text = NULL;
	size_t len;
	int ret = sp_file_read(path, sp_file_text_check, NULL, &text, &len, d);

	if (!ret)
		ret = sp_trace_parse_json(path, text, len, out, d);
	free(text);
	return ret;
}
