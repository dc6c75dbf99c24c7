/* OCI runtime-spec linux.seccomp profiles (what Docker, Podman, crun, runc
 * and Kubernetes take), written and read with jansson. */
#ifndef SP_OUTPUT_OCI_JSON_H
#define SP_OUTPUT_OCI_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/diag.h"
#include "core/profile.h"

/* Writes p as an OCI seccomp object: defaultAction, defaultErrnoRet (when
 * set), architectures, syscalls[] (names, action, errnoRet, args, comment)
 * in the order of p->rules.  0 or -errno. */
int sp_profile_write_oci(FILE *f, const struct sp_profile *p);

/* Reads an OCI seccomp object from path (output/file.h: once, bounded).
 * -EINVAL with d (file, line:column for syntax errors, JSON path for
 * content errors, or that it is a trace) on bad input. */
int sp_profile_read_oci(const char *path, struct sp_profile **out,
			struct sp_diag *d);
/* The same from text already read (len bytes, NUL-terminated; numbers
 * above INT64_MAX in it are overwritten); name is the file's. */
int sp_profile_parse_oci(const char *name, char *text, size_t len,
			 struct sp_profile **out, struct sp_diag *d);
/* Whether text looks like a profile: a JSON object with a top-level
 * "defaultAction", "syscalls" or "archMap". */
bool sp_profile_json_is_profile(const char *text, size_t len);

/* sp_profile_read_oci, also handing back the parsed document (*tree, the
 * caller's to json_decref; may be NULL) for what OCI does not say
 * (output/docker.c).  Numbers above INT64_MAX are placeholder strings
 * ("\u0001N") in it. */
struct json_t;
int sp_profile_read_oci_tree(const char *path, struct sp_profile **out,
			     struct json_t **tree, struct sp_diag *d);

/* The same from text already read (output/file.h: len bytes,
 * NUL-terminated; numbers above INT64_MAX in it are overwritten); name is
 * the file's.  A trace is refused as one. */
int sp_profile_parse_oci(const char *name, char *text, size_t len,
			 struct sp_profile **out, struct sp_diag *d);
int sp_profile_parse_oci_tree(const char *name, char *text, size_t len,
			      struct sp_profile **out, struct json_t **tree,
			      struct sp_diag *d);

/* Whether text looks like a profile: a JSON object with a top-level
 * "defaultAction", "syscalls" or "archMap". */
bool sp_profile_json_is_profile(const char *text, size_t len);

#endif
