/* Loading the filter a PROFILE argument names: shared by check, run and
 * record --baseline. */
#ifndef SP_CLI_FILTER_H
#define SP_CLI_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/interp.h"
#include "core/profile.h"
#include "output/docker.h"
#include "output/seccomp.h"

/* A PROFILE argument, loaded: the programs that judge (oldest first, each
 * passed by sp_interp_check) and, for JSON profiles, the profile itself. */
struct sp_cli_filter {
	const char *spec;            /* as the user wrote it */
	struct sp_profile *profile;  /* JSON profiles; NULL otherwise */
	enum sp_json_form form;      /* OCI's, or resolved as Docker's or
					Podman's */
	struct sp_bpf *progs;        /* insns owned */
	size_t n;
	bool quiet;                  /* no notes on stderr */
	/* A JSON profile is compiled as crun and runc compile it on a
	 * machine of this arch (SP_ARCH_UNKNOWN: this one); its text is
	 * kept to be compiled for others (sp_cli_filter_load_on). */
	enum sp_arch host;
	char *text;
	size_t len;
	/* A trace is taken too, as its profile with the default options
	 * (explain); from_trace says it was one. */
	bool traces_ok, from_trace;
};

/* Loads spec: "pid:N", a JSON profile (Docker's when it has archMap or
 * includes/excludes, resolved for o; Firecracker's when shaped as
 * seccompiler's filters, o->filter chosen), or a raw cBPF file, read once
 * (output/file.h: a pipe works, /dev/zero is bounded).  A profile that
 * compiles past the kernel's 4096 instructions is an error.  0, or
 * SP_EXIT_ERROR with a message printed (f is left empty). */
int sp_cli_filter_load(struct sp_cli_filter *f, const char *spec,
		       const struct sp_docker_opts *o);
void sp_cli_filter_fini(struct sp_cli_filter *f);
/* The machine f's calls of arch are made on when f is to be compiled for
 * it (sp_cli_filter_load_on): a JSON profile, a call this machine does not
 * make (sp_arch_host); else SP_ARCH_UNKNOWN.  *other_order (may be NULL)
 * is set for a machine of the other byte order, whose program libseccomp
 * writes in its order: not compiled for (SP_ARCH_UNKNOWN). */
enum sp_arch sp_cli_filter_host(const struct sp_cli_filter *f,
				enum sp_arch arch, bool *other_order);
/* from's JSON profile (not read again: standard input works) resolved
 * for o and compiled as on a machine of arch host, into f (quiet).  0, or
 * SP_EXIT_ERROR with a message printed. */
int sp_cli_filter_load_on(struct sp_cli_filter *f,
			  const struct sp_cli_filter *from,
			  const struct sp_docker_opts *o, enum sp_arch host);

/* f->profile compiled with mode (message printed on failure). */
int sp_cli_filter_compile(const struct sp_cli_filter *f,
			  enum sp_compile_mode mode, struct sp_bpf **out);

/* The program run --audit and record --baseline install: f's program with
 * every refusal turned into SECCOMP_RET_USER_NOTIF (notify) or
 * SECCOMP_RET_TRACE.  JSON profiles are compiled with
 * SP_COMPILE_REFUSALS_NOTIFY or _TRACE; raw and live programs have each
 * refusing RET K rewritten (a refusing RET A cannot be, and is an error),
 * and only one program can be installed this way.  0 or SP_EXIT_ERROR
 * (printed). */
int sp_cli_filter_audit(const struct sp_cli_filter *f, bool notify,
			struct sp_bpf **out);

/* --caps LIST and --kernel X.Y: what Docker and Podman profiles are
 * resolved for, and --filter NAME: the filter of a Firecracker file,
 * taken alike by check, diff, explain and run (show and merge take
 * --filter alone). */
struct sp_cli_docker {
	char *caps;             /* NULL: each profile's engine's defaults */
	const char *kernel;     /* NULL: the running kernel */
	const char *filter;     /* NULL: the file's only filter */
};
#define SP_OPT_CAPS 0x300
#define SP_OPT_KERNEL 0x301
#define SP_OPT_FILTER 0x302
#define SP_CLI_FILTER_LONGOPT \
	{ "filter", required_argument, NULL, SP_OPT_FILTER }
#define SP_CLI_DOCKER_LONGOPTS \
	{ "caps", required_argument, NULL, SP_OPT_CAPS }, \
	{ "kernel", required_argument, NULL, SP_OPT_KERNEL }, \
	SP_CLI_FILTER_LONGOPT
/* Keeps arg when opt (the getopt value) is one of them: 1, else 0. */
int sp_cli_docker_option(struct sp_cli_docker *c, int opt, char *arg);

/* Docker resolution options from c (NULL: the defaults; c->caps is
 * modified).  0 or SP_EXIT_ERROR (printed). */
int sp_cli_docker_opts(struct sp_docker_opts *o,
		       const struct sp_cli_docker *c);

/* record --baseline: loads spec (as check does, Docker profiles for
 * Docker's defaults, filter the one of a Firecracker file: NULL, its
 * only one) and its audit program (refusals notify, or stop the
 * task for a tracer).  0 or SP_EXIT_ERROR (printed). */
int sp_cli_baseline_load(const char *spec, const char *filter, bool notify,
			 struct sp_cli_filter *f, struct sp_bpf **prog);

#endif
