#include "output/oci_state.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "output/file.h"
#include "output/json.h"

/* root from buf; syntax errors as d. */
static int parse(const char *buf, size_t len, const char *name, json_t **root,
		 struct sp_diag *d)
{
	const struct sp_json_reader r = { name, d };
	json_error_t err;

	*root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (!*root) {
		sp_json_syntax_error(d, name, &err);
		return -EINVAL;
	}
	if (!json_is_object(*root)) {
		/* Released here: the caller's releasing of *root must find
		 * nothing (it freed the array twice). */
		json_decref(*root);
		*root = NULL;
		return sp_json_bad(&r, &sp_json_root, "expected an object");
	}
	return 0;
}

/* root from the file at path (output/file.h: bounded, text); errors as
 * d. */
static int load(const char *path, json_t **root, struct sp_diag *d)
{
	char *buf = NULL;
	size_t len;
	int rc = sp_file_read(path, sp_file_text_check, NULL, &buf, &len, d);

	if (rc)
		return rc;
	rc = parse(buf, len, path, root, d);
	free(buf);
	return rc;
}

/* v (at w) as a new string: required, or NULL when absent. */
static int string_at(const struct sp_json_reader *r, json_t *v,
		     const struct sp_json_where *w, bool required, char **out)
{
	*out = NULL;
	if (!v || json_is_null(v))
		return required ? sp_json_bad(r, w, "missing") : 0;
	if (!json_is_string(v))
		return sp_json_bad(r, w, "expected a string");
	*out = strdup(json_string_value(v));
	return *out ? 0 : -ENOMEM;
}

/* obj[key] as a new string (NULL when absent). */
static int string_of(const struct sp_json_reader *r, json_t *obj,
		     const struct sp_json_where *w, const char *key,
		     bool required, char **out)
{
	const struct sp_json_where kw = { .up = w, .key = key };

	return string_at(r, json_object_get(obj, key), &kw, required, out);
}

void sp_oci_state_free(struct sp_oci_state *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nannotations; i++) {
		free(s->keys[i]);
		free(s->values[i]);
	}
	free(s->keys);
	free(s->values);
	free(s->id);
	free(s->status);
	free(s->bundle);
	free(s);
}

int sp_oci_state_read(const char *buf, size_t len, const char *name,
		      struct sp_oci_state **out, struct sp_diag *d)
{
	const struct sp_json_reader r = { name, d };
	const struct sp_json_where pw = { &sp_json_root, "pid", 0 };
	const struct sp_json_where aw = { &sp_json_root, "annotations", 0 };
	struct sp_oci_state *s = calloc(1, sizeof(*s));
	json_t *root = NULL, *v, *a;
	const char *key;
	int rc;

	if (!s)
		return -ENOMEM;
	rc = parse(buf, len, name, &root, d);
	if (!rc)
		rc = string_of(&r, root, &sp_json_root, "id", true, &s->id);
	if (!rc)
		rc = string_of(&r, root, &sp_json_root, "status", true,
			       &s->status);
	if (!rc)
		rc = string_of(&r, root, &sp_json_root, "bundle", false,
			       &s->bundle);
	if (rc)
		goto out;
	v = sp_json_opt(root, "pid");
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > INT_MAX) {
			rc = sp_json_bad(&r, &pw, "expected a process id");
			goto out;
		}
		s->pid = (pid_t)json_integer_value(v);
	}
	a = sp_json_opt(root, "annotations");
	if (a && !json_is_object(a)) {
		rc = sp_json_bad(&r, &aw, "expected an object");
		goto out;
	}
	s->keys = calloc(json_object_size(a) + 1, sizeof(*s->keys));
	s->values = calloc(json_object_size(a) + 1, sizeof(*s->values));
	if (!s->keys || !s->values) {
		rc = -ENOMEM;
		goto out;
	}
	json_object_foreach(a, key, v) {
		const struct sp_json_where kw = { &aw, key, 0 };
		size_t k = s->nannotations;

		rc = string_at(&r, v, &kw, true, &s->values[k]);
		if (rc)
			goto out;
		s->keys[k] = strdup(key);
		s->nannotations++;
		if (!s->keys[k]) {
			rc = -ENOMEM;
			goto out;
		}
	}
out:
	json_decref(root);
	if (rc) {
		sp_oci_state_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

const char *sp_oci_state_annotation(const struct sp_oci_state *s,
				    const char *key)
{
	for (size_t i = 0; i < s->nannotations; i++)
		if (strcmp(s->keys[i], key) == 0)
			return s->values[i];
	return NULL;
}

void sp_oci_config_free(struct sp_oci_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nargs; i++)
		free(c->args[i]);
	free(c->args);
	free(c->root);
	free(c);
}

int sp_oci_config_read(const char *path, struct sp_oci_config **out,
		       struct sp_diag *d)
{
	const struct sp_json_reader r = { path, d };
	const struct sp_json_where pw = { &sp_json_root, "process", 0 };
	const struct sp_json_where nw = { &pw, "noNewPrivileges", 0 };
	const struct sp_json_where gw = { &pw, "args", 0 };
	const struct sp_json_where rw = { &sp_json_root, "root", 0 };
	struct sp_oci_config *c = calloc(1, sizeof(*c));
	json_t *root = NULL, *proc, *v, *e;
	size_t i;
	int rc = c ? load(path, &root, d) : -ENOMEM;

	if (rc)
		goto out;
	proc = sp_json_opt(root, "process");
	if (proc && !json_is_object(proc)) {
		rc = sp_json_bad(&r, &pw, "expected an object");
		goto out;
	}
	v = sp_json_opt(proc, "noNewPrivileges");
	if (v && !json_is_boolean(v)) {
		rc = sp_json_bad(&r, &nw, "expected a boolean");
		goto out;
	}
	c->no_new_privs = json_is_true(v);
	v = sp_json_opt(proc, "args");
	if (v && !json_is_array(v)) {
		rc = sp_json_bad(&r, &gw, "expected an array");
		goto out;
	}
	c->args = calloc(json_array_size(v) + 1, sizeof(*c->args));
	if (!c->args) {
		rc = -ENOMEM;
		goto out;
	}
	json_array_foreach(v, i, e) {
		const struct sp_json_where ew = { &gw, NULL, i };

		rc = string_at(&r, e, &ew, true, &c->args[c->nargs]);
		if (rc)
			goto out;
		c->nargs++;
	}
	v = sp_json_opt(root, "root");
	if (v && !json_is_object(v)) {
		rc = sp_json_bad(&r, &rw, "expected an object");
		goto out;
	}
	if (v)
		rc = string_of(&r, v, &rw, "path", false, &c->root);
out:
	json_decref(root);
	if (rc) {
		sp_oci_config_free(c);
		return rc;
	}
	*out = c;
	return 0;
}
