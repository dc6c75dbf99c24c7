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

#define SP_DOCKER_MAX_CAPS 64

/* The forms of a JSON profile: OCI's linux.seccomp as it is; Docker's
 * (archMap, includes/excludes), resolved for a container of Docker;
 * Podman's (Docker's form with Podman's "defaultErrno"/"errno" strings,
 * which only containers/common reads: its profile, Podman's, Buildah's
 * and CRI-O's), resolved for a container of Podman. */
enum sp_json_form { SP_FORM_OCI, SP_FORM_DOCKER, SP_FORM_PODMAN,
		    /* Firecracker's seccompiler (output/firecracker.h): one
		     * filter of the file, chosen by filter */
		    SP_FORM_FIRECRACKER };

/* What the profile is resolved for. */
struct sp_docker_opts {
	const char *caps[SP_DOCKER_MAX_CAPS];  /* "CAP_SYS_ADMIN", ... */
	size_t ncaps;
	/* The default capabilities of the profile's engine are held too:
	 * Docker's 14 (moby's DefaultCapabilities) for Docker's form,
	 * Podman's 11 (containers.conf's default_capabilities: no
	 * AUDIT_WRITE, MKNOD, NET_RAW) for Podman's. */
	bool defaults;
	int kmajor, kminor;     /* kernel version */
	enum sp_arch arch;      /* the host's (Go's GOARCH of it) */
	/* The filter of a Firecracker file (NULL: its only one). */
	const char *filter;
	/* Called with the JSON path of each key no consumer of the form
	 * reads (runc, crun, moby and containers/common ignore them, so a
	 * misspelt "args" leaves its rule unconditional).  NULL: not
	 * called. */
	void (*on_unknown_key)(void *ctx, const char *path);
	/* Called with the JSON path of an entry the OCI runtimes read
	 * otherwise than its writer may mean, and what each makes of it
	 * (an OCI form's entry with "name" alone: runc ignores "name", so
	 * it names no call and is read so).  NULL: not called. */
	void (*on_warning)(void *ctx, const char *path, const char *text);
	void *ctx;
};

/* The engine's default caps, kernel 0.0, the native arch, no filter
 * named. */
void sp_docker_opts_init(struct sp_docker_opts *o);

/* Parses a comma list of capabilities ("CAP_SYS_ADMIN", "sys_admin",
 * "default" for the profile's engine's defaults, "docker" for Docker's
 * 14, "podman" for Podman's 11, "all" for every one, "none" or "" for
 * none) into o; the strings point into a static table or into list,
 * which must outlive o.  0, or -EINVAL with d for an unknown name. */
int sp_docker_caps_parse(char *list, struct sp_docker_opts *o,
			 struct sp_diag *d);

/* Parses "X.Y" (anything after Y, as in "6.1.0-13-amd64", is ignored).
 * 0 or -EINVAL. */
int sp_kernel_version_parse(const char *s, int *major, int *minor);

/* Reads a JSON profile, parsed once: a Docker profile (an object with
 * "archMap" or with an entry that has "includes" or "excludes"; *form
 * SP_FORM_DOCKER, or SP_FORM_PODMAN with Podman's errno strings)
 * resolved for o, or else an OCI one.  Resolved: architectures = the
 * archMap entry of o->arch and its subArchitectures; an entry is dropped
 * when excludes.arches has o->arch, an excludes.caps is held, or the
 * kernel is at least excludes.minKernel, and when includes.arches is
 * non-empty without o->arch, an includes.caps is not held, or the kernel
 * is below includes.minKernel.  A JSON object that is neither, with a
 * member shaped as a filter of Firecracker's seccompiler
 * (sp_firecracker_json_is), is read as one (*form SP_FORM_FIRECRACKER),
 * o->filter chosen.  -errno when it cannot be read, -EINVAL with d on bad
 * input. */
int sp_profile_read_json(const char *path, const struct sp_docker_opts *o,
			 struct sp_profile **out, enum sp_json_form *form,
			 struct sp_diag *d);

/* A JSON profile from text already read (len bytes, NUL-terminated; it is
 * overwritten), name being the file's: an OCI one as it is, a Docker one
 * resolved for o as above, a Firecracker one's o->filter.  *form (may be NULL) says which.  0, or
 * -errno with d set. */
int sp_profile_parse_json(const char *name, char *text, size_t len,
			  const struct sp_docker_opts *o,
			  struct sp_profile **out, enum sp_json_form *form,
			  struct sp_diag *d);

#endif
