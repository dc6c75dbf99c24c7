/* What an OCI hook is given: the container's state on stdin (runtime-spec
 * runtime.md "State": ociVersion, id, status, pid, bundle, annotations)
 * and, in its bundle, the container's config.json. */
#ifndef SP_OUTPUT_OCI_STATE_H
#define SP_OUTPUT_OCI_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/diag.h"

struct sp_oci_state {
	char *id;
	char *status;           /* "creating", "created", "running", "stopped" */
	pid_t pid;              /* 0 when the state has none (stopped) */
	char *bundle;           /* NULL when absent */
	char **keys, **values;  /* the annotations */
	size_t nannotations;
};

/* Reads a state object from buf (name: for diagnostics, e.g. "stdin").
 * id and status are required; pid must be a positive int when present.
 * 0, or -EINVAL with d on bad input, -ENOMEM. */
int sp_oci_state_read(const char *buf, size_t len, const char *name,
		      struct sp_oci_state **out, struct sp_diag *d);
/* The value of annotation key, or NULL. */
const char *sp_oci_state_annotation(const struct sp_oci_state *s,
				    const char *key);
void sp_oci_state_free(struct sp_oci_state *s);

/* What a hook needs of config.json: process.noNewPrivileges (false when
 * absent, as the runtimes read it) and process.args. */
struct sp_oci_config {
	bool no_new_privs;
	char **args;            /* NULL-terminated */
	size_t nargs;
	char *root;             /* root.path as written (relative to the
				   bundle, or absolute); NULL: none */
};

/* Reads path (a bundle's config.json).  0, or -errno with d. */
int sp_oci_config_read(const char *path, struct sp_oci_config **out,
		       struct sp_diag *d);
void sp_oci_config_free(struct sp_oci_config *c);

#endif
