/* The trace: what one recording saw, aggregated.  Memory grows with the
 * number of distinct patterns, processes and executables, never with the
 * number of calls. */
#ifndef SP_CORE_TRACE_H
#define SP_CORE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/arch.h"
#include "core/keyset.h"
#include "core/syscall.h"

#define SP_TRACE_FORMAT "sandprint-trace"
#define SP_TRACE_VERSION 1

/* One distinct call: (arch, nr, the argument values a filter can check,
 * the executable that made it). */
struct sp_pattern {
	enum sp_arch arch;
	int64_t nr;
	uint8_t kept;        /* bit i set: args[i] is a recorded value */
	uint8_t nframes;     /* first call site: its frame count (0: none) */
	uint32_t stack;      /* ... from sp_trace.frames[stack] on */
	uint64_t args[SP_NARGS];    /* 0 where not kept */
	uint64_t count;
	uint32_t exe;        /* the executable that made these calls */
	pid_t pid;           /* process of the first call */
	bool baseline;       /* from the baseline profile (record
				--baseline), not seen in this recording */
	uint32_t runs;       /* in how many of the trace's runs (record
				--repeat); 0: all of them */
};

/* One frame of a call-site stack (record --stacks), innermost first. */
struct sp_frame {
	uint64_t addr;       /* the frame's pc in the process */
	uint32_t module;     /* index into sp_trace.modules, or SP_NO_MODULE */
	uint64_t offset;     /* the ELF virtual address within the module
				(what addr2line -e MODULE takes); addr when
				there is no module */
	char *symbol;        /* the function, or NULL (stripped, unknown) */
};

#define SP_NO_MODULE UINT32_MAX

/* One process image: a pid running an executable (a process that execs
 * twice appears twice). */
struct sp_process {
	pid_t pid;
	pid_t ppid;
	uint32_t exe;        /* index into sp_trace.exes */
};

/* A shared object a process image mapped as code (an mmap with PROT_EXEC
 * of a file): what the static analysis of the trace follows. */
struct sp_mapping {
	uint32_t proc;       /* index into sp_trace.procs */
	uint32_t object;     /* index into sp_trace.objects */
};

enum sp_trace_end {
	SP_END_RUNNING = 0,  /* not finished: the recording is still going */
	SP_END_EXITED,       /* the workload exited; status is its code */
	SP_END_SIGNALED,     /* the workload died; status is the signal */
	SP_END_INTERRUPTED,  /* sandprint was told to stop (signal) */
	SP_END_ERROR,        /* the tracer failed; the trace is partial */
	SP_END_UNKNOWN,      /* not known: imported from a log that does not
				say, a cgroup recorded until empty */
};

struct sp_trace {
	char **argv;         /* the command, NULL-terminated */
	char **containers;   /* the OCI containers' ids (oci-hook): the one
				recorded, or those recorded into the same
				files (a pod's); NULL-terminated, or NULL */
	char *pod;           /* the pod they were started in (oci-hook: the
				sandbox annotation Podman and CRI-O give a
				pod's containers), or NULL */
	char **exes;         /* distinct executables, in order of first exec */
	size_t nexes, exes_cap;
	/* The string lists by name (sp_trace_intern_*): a scan of them was
	 * a build farm's 50,000 executables compared at each exec, and at
	 * each one read back. */
	struct sp_hashidx exes_at, objects_at, modules_at, unprivileged_at;
	struct sp_process *procs;
	size_t nprocs, procs_cap;
	char **objects;      /* distinct files mapped as code, by path */
	size_t nobjects, objects_cap;
	struct sp_mapping *maps; /* which image mapped which, in order */
	size_t nmaps, maps_cap;
	struct sp_keyset mapped; /* the maps' (proc, object) pairs: a
				    pair added twice is found at once */
	struct sp_pattern *patterns;
	size_t npatterns, patterns_cap;
	struct sp_frame *frames;  /* the patterns' stacks, end to end */
	size_t nframes, frames_cap;
	char **modules;      /* mapped files the frames point into */
	size_t nmodules, modules_cap;
	char **unprivileged; /* executables that ran without the set-id bits
				or file capabilities they have natively,
				because of the recorder (no_new_privs, a
				user's ptrace): what they did may not be
				what they do natively */
	size_t nunprivileged, unprivileged_cap;
	uint64_t ncalls;     /* calls seen, all patterns */
	uint32_t runs;       /* runs recorded together (record --repeat);
				0 and 1: one */
	enum sp_trace_end end;
	int status;          /* exit code or signal number, see end */
	bool no_new_privs;   /* the filter was installed with NO_NEW_PRIVS */
	bool other_mount_ns; /* recorded in another mount namespace than
				sandprint's (a container's): the paths are
				its own, under its root */
	bool partial;        /* some calls may be missing (see end) */
};

/* Returns a new empty trace, or NULL on allocation failure. */
struct sp_trace *sp_trace_new(void);
void sp_trace_free(struct sp_trace *t);

/* Adds the id of an OCI container recorded to t->containers, unless it
 * is there.  0 or -ENOMEM. */
int sp_trace_add_container(struct sp_trace *t, const char *id);
/* Whether t->containers holds id. */
bool sp_trace_has_container(const struct sp_trace *t, const char *id);

/* Copies argv (NULL-terminated) into the trace.  0 or -ENOMEM. */
int sp_trace_set_argv(struct sp_trace *t, char *const *argv);

/* Index of exe in t->exes, adding it when new.  Returns the index (>= 0)
 * or -ENOMEM. */
int sp_trace_intern_exe(struct sp_trace *t, const char *exe);

/* Renames executable i to exe unless one of that name exists: 0 when
 * renamed (its old name in *old, the caller's to free), 1 when it exists
 * (nothing done), -ENOMEM. */
int sp_trace_rename_exe(struct sp_trace *t, size_t i, const char *exe,
			char **old);

/* Appends a process image.  0 or -ENOMEM. */
int sp_trace_add_process(struct sp_trace *t, pid_t pid, pid_t ppid,
			 uint32_t exe);

/* Index of path in t->objects, adding it when new.  Returns the index
 * (>= 0) or -ENOMEM. */
int sp_trace_intern_object(struct sp_trace *t, const char *path);

/* Records that process image proc mapped object as code; a pair already
 * recorded is not added again.  0 or -ENOMEM. */
int sp_trace_add_mapping(struct sp_trace *t, uint32_t proc, uint32_t object);

/* The maps by image, for a pass over the images: image i mapped
 * (*objects)[(*at)[i]] up to (*objects)[(*at)[i + 1]], in the order
 * recorded.  A scan of all the maps for each image is images x maps
 * steps (a build's recording: 10^10).  0 or -ENOMEM; the caller frees
 * both arrays. */
int sp_trace_maps_by_proc(const struct sp_trace *t, size_t **at,
			  uint32_t **objects);

/* Appends a pattern (no dedup: that is the aggregator's job).  Returns its
 * index (>= 0) or -ENOMEM.  The array may move. */
int sp_trace_add_pattern(struct sp_trace *t, const struct sp_pattern *p);

/* Appends a frame (takes ownership of f->symbol, freed on failure too).
 * Returns its index (>= 0) or -ENOMEM. */
int sp_trace_add_frame(struct sp_trace *t, const struct sp_frame *f);

/* Index of path in t->modules, adding it when new.  Returns the index
 * (>= 0) or -ENOMEM. */
int sp_trace_intern_module(struct sp_trace *t, const char *path);

/* Index of exe in t->unprivileged, adding it when new.  Returns the index
 * (>= 0) or -ENOMEM. */
int sp_trace_intern_unprivileged(struct sp_trace *t, const char *exe);

/* The runs the trace holds (at least 1), and those pattern p was seen
 * in. */
uint32_t sp_trace_runs(const struct sp_trace *t);
uint32_t sp_pattern_runs(const struct sp_trace *t, const struct sp_pattern *p);

/* Orders patterns by (arch, nr, kept, args, exe): the canonical order in which
 * traces are written, so equal recordings give equal files. */
void sp_trace_sort(struct sp_trace *t);

/* "exited", "signaled", ... ; sp_trace_end_parse is its inverse (0 or
 * -EINVAL). */
const char *sp_trace_end_name(enum sp_trace_end end);
int sp_trace_end_parse(const char *s, enum sp_trace_end *out);

/* The frames of a call site worth showing (the nframes from
 * t->frames[stack], made by executable exe), at most SP_SITE_FRAMES:
 * their indexes from stack (ascending) into pick; returns how many, 0
 * when there is no stack (or one out of range).  A stack that fits is
 * shown whole.  A longer one shows the call's frame, then where the
 * workload called into the module that made the call (the last frame of
 * that module's run: getaddrinfo, not the C library's internals
 * beneath), and, when the executable's own frames lie further out, the
 * frame that called into them ... the executable's.  Frames skipped lie
 * between two picks whose indexes are not consecutive, and after the
 * last when it is not nframes - 1. */
#define SP_SITE_FRAMES 8
unsigned sp_trace_site(const struct sp_trace *t, uint32_t stack,
		       unsigned nframes, uint32_t exe,
		       unsigned pick[SP_SITE_FRAMES]);

/* That site in words, "uname <- f <- ... <- main": each frame by its
 * function, else its module's file name and the address within it, else
 * (in no file: JIT code, anonymous memory) its address and "(no file)";
 * "..." for frames skipped.  Written into buf (cut short at len); NULL
 * when there is no stack. */
const char *sp_trace_site_text(const struct sp_trace *t, uint32_t stack,
			       unsigned nframes, uint32_t exe, char *buf,
			       size_t len);

/* The exit status a shell would report: the code, or 128+signal. */
int sp_trace_exit_status(const struct sp_trace *t);

#endif
