#include "output/oci_state.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "output/json.h"

static int bad(struct sp_diag *d, const char *file, const char *path,
	       const char *msg)
{
	sp_diag_set(d, file, 0, 0, path, "%s", msg);
	return -EINVAL;
}

/* root from the whole of f; syntax errors as d. */
static int load(FILE *f, const char *name, json_t **root, struct sp_diag *d)
{
	json_error_t err;
	char *buf = NULL;
	size_t len;
	int rc = sp_json_read_all(f, &buf, &len);

	if (rc) {
		sp_diag_set(d, name, 0, 0, NULL, "cannot read: %s",
			    strerror(-rc));
		return rc;
	}
	*root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	free(buf);
	if (!*root) {
		sp_json_syntax_error(d, name, &err);
		return -EINVAL;
	}
	if (!json_is_object(*root)) {
		json_decref(*root);
		return bad(d, name, "$", "expected an object");
	}
	return 0;
}

/* obj[key] as a new string (NULL when absent). */
static int string_of(json_t *obj, const char *key, const char *name,
		     bool required, char **out, struct sp_diag *d)
{
	char path[SP_JSON_PATH_MAX];
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	sp_json_path_key(path, "$", key);
	if (!v || json_is_null(v))
		return required ? bad(d, name, path, "missing") : 0;
	if (!json_is_string(v))
		return bad(d, name, path, "expected a string");
	*out = strdup(json_string_value(v));
	return *out ? 0 : -ENOMEM;
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

int sp_oci_state_read(FILE *f, const char *name, struct sp_oci_state **out,
		      struct sp_diag *d)
{
	struct sp_oci_state *s = calloc(1, sizeof(*s));
	json_t *root = NULL, *v, *a;
	const char *key;
	int rc;

	if (!s)
		return -ENOMEM;
	rc = load(f, name, &root, d);
	if (!rc)
		rc = string_of(root, "id", name, true, &s->id, d);
	if (!rc)
		rc = string_of(root, "status", name, true, &s->status, d);
	if (!rc)
		rc = string_of(root, "bundle", name, false, &s->bundle, d);
	if (rc)
		goto out;
	v = json_object_get(root, "pid");
	if (v && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > INT_MAX) {
			rc = bad(d, name, "$.pid", "expected a process id");
			goto out;
		}
		s->pid = (pid_t)json_integer_value(v);
	}
	a = json_object_get(root, "annotations");
	if (a && !json_is_null(a) && !json_is_object(a)) {
		rc = bad(d, name, "$.annotations", "expected an object");
		goto out;
	}
	s->keys = calloc(json_object_size(a) + 1, sizeof(*s->keys));
	s->values = calloc(json_object_size(a) + 1, sizeof(*s->values));
	if (!s->keys || !s->values) {
		rc = -ENOMEM;
		goto out;
	}
	json_object_foreach(a, key, v) {
		char path[SP_JSON_PATH_MAX];

		if (!json_is_string(v)) {
			sp_json_path_key(path, "$.annotations", key);
			rc = bad(d, name, path, "expected a string");
			goto out;
		}
		s->keys[s->nannotations] = strdup(key);
		s->values[s->nannotations] = strdup(json_string_value(v));
		if (!s->keys[s->nannotations] || !s->values[s->nannotations]) {
			s->nannotations++;
			rc = -ENOMEM;
			goto out;
		}
		s->nannotations++;
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
	free(c);
}

int sp_oci_config_read(const char *path, struct sp_oci_config **out,
		       struct sp_diag *d)
{
	struct sp_oci_config *c = calloc(1, sizeof(*c));
	FILE *f = fopen(path, "re");
	json_t *root = NULL, *proc, *v, *e;
	size_t i;
	int rc;

	if (!c || !f) {
		rc = c ? -errno : -ENOMEM;
		sp_diag_set(d, path, 0, 0, NULL, "cannot open: %s",
			    strerror(-rc));
		goto out;
	}
	rc = load(f, path, &root, d);
	if (rc)
		goto out;
	proc = json_object_get(root, "process");
	if (proc && !json_is_object(proc)) {
		rc = bad(d, path, "$.process", "expected an object");
		goto out;
	}
	v = json_object_get(proc, "noNewPrivileges");
	if (v && !json_is_null(v) && !json_is_boolean(v)) {
		rc = bad(d, path, "$.process.noNewPrivileges",
			 "expected a boolean");
		goto out;
	}
	c->no_new_privs = json_is_true(v);
	v = json_object_get(proc, "args");
	if (v && !json_is_null(v) && !json_is_array(v)) {
		rc = bad(d, path, "$.process.args", "expected an array");
		goto out;
	}
	c->args = calloc(json_array_size(v) + 1, sizeof(*c->args));
	if (!c->args) {
		rc = -ENOMEM;
		goto out;
	}
	json_array_foreach(v, i, e) {
		char p[SP_JSON_PATH_MAX];

		if (!json_is_string(e)) {
			sp_json_path_index(p, "$.process.args", i);
			rc = bad(d, path, p, "expected a string");
			goto out;
		}
		c->args[c->nargs] = strdup(json_string_value(e));
		if (!c->args[c->nargs]) {
			rc = -ENOMEM;
			goto out;
		}
		c->nargs++;
	}
out:
	if (f)
		fclose(f);
	json_decref(root);
	if (rc) {
		sp_oci_config_free(c);
		return rc;
	}
	*out = c;
	return 0;
}
