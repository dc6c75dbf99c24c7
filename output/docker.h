/* Docker and Podman seccomp profiles: the OCI object plus "archMap" and
 * per-entry "includes"/"excludes" (by capability, arch and minimum kernel),
 * resolved exactly as dockerd's setupSeccomp does (moby
 * profiles/seccomp/seccomp_linux.go). */
#ifndef SP_OUTPUT_DOCKER_H
#define SP_OUTPUT_DOCKER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/diag.h"
#include "core/profile.h"

/* Docker's default capabilities for `docker run` (14 of them). */
extern const char *const sp_docker_default_caps[];
extern const size_t sp_docker_ndefault_caps;

#define SP_DOCKER_MAX_CAPS 64

/* What the profile is resolved for. */
struct sp_docker_opts {
	const char *caps[SP_DOCKER_MAX_CAPS];  /* "CAP_SYS_ADMIN", ... */
	size_t ncaps;
	int kmajor, kminor;     /* kernel version */
	enum sp_arch arch;      /* the host's (Go's GOARCH of it) */
};

/* Docker's 14 default caps, kernel 0.0, the native arch. */
void sp_docker_opts_init(struct sp_docker_opts *o);

/* Parses a comma list of capabilities ("CAP_SYS_ADMIN", "sys_admin",
 * "default" for Docker's 14, "all" for every one, "none" or "" for none)
 * into o->caps; the strings point into a static table or into list,
 * which must outlive o.  0, or -EINVAL with d for an unknown name. */
int sp_docker_caps_parse(char *list, struct sp_docker_opts *o,
			 struct sp_diag *d);

/* Parses "X.Y" (anything after Y, as in "6.1.0-13-amd64", is ignored).
 * 0 or -EINVAL. */
int sp_kernel_version_parse(const char *s, int *major, int *minor);

/* Reads a JSON profile, parsed once: a Docker profile (an object with
 * "archMap" or with an entry that has "includes" or "excludes"; *docker
 * true) resolved for o, or else an OCI one.  Resolved: architectures = the
 * archMap entry of o->arch and its subArchitectures; an entry is dropped
 * when excludes.arches has o->arch, an excludes.caps is held, or the
 * kernel is at least excludes.minKernel, and when includes.arches is
 * non-empty without o->arch, an includes.caps is not held, or the kernel
 * is below includes.minKernel.  -errno when it cannot be read, -EINVAL
 * with d on bad input. */
int sp_profile_read_json(const char *path, const struct sp_docker_opts *o,
			 struct sp_profile **out, bool *docker,
			 struct sp_diag *d);
/* The same from text already read (output/file.h: len bytes,
 * NUL-terminated; it is overwritten); name is the file's; docker may be
 * NULL. */
int sp_profile_parse_json(const char *name, char *text, size_t len,
			  const struct sp_docker_opts *o,
			  struct sp_profile **out, bool *docker,
			  struct sp_diag *d);

/* A JSON profile from text already read (len bytes, NUL-terminated; it is
 * overwritten), name being the file's: an OCI one as it is, a Docker one
 * resolved for o as above.  *docker (may be NULL) says which.  0, or
 * -errno with d set. */
int sp_profile_parse_json(const char *name, char *text, size_t len,
			  const struct sp_docker_opts *o,
			  struct sp_profile **out, bool *docker,
			  struct sp_diag *d);

#endif
