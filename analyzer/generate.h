/* From traces to a profile: the observed calls, generalized from one table
 * of argument kinds (argkind.def), plus the documented safety additions
 * (safety.def, runtime.def), each switchable and tagged with its origin. */
#ifndef SP_ANALYZER_GENERATE_H
#define SP_ANALYZER_GENERATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/lang.h"
#include "core/profile.h"
#include "core/trace.h"

/* OCI runtimes whose post-filter calls the profile allows (a bit set). */
enum sp_runtime {
	SP_RUNTIME_CRUN = 1u << 0,
	SP_RUNTIME_RUNC = 1u << 1,
};

/* When a runtime makes a call of its window (runtime.def). */
enum sp_runtime_when {
	SP_RUNTIME_ANY,   /* with noNewPrivileges true and false */
	SP_RUNTIME_PRIV,  /* only with noNewPrivileges false */
};

/* Safety additions (a bit set). */
enum sp_safety {
	SP_SAFETY_VDSO = 1u << 0,
	SP_SAFETY_CONTROL = 1u << 1,
	SP_SAFETY_FALLBACK = 1u << 2,
	SP_SAFETY_ADVICE = 1u << 3,
};
#define SP_SAFETY_ALL (SP_SAFETY_VDSO | SP_SAFETY_CONTROL | \
		       SP_SAFETY_FALLBACK | SP_SAFETY_ADVICE)

/* Which arguments become conditions. */
enum sp_args_mode {
	SP_ARGS_NONE,    /* names only */
	SP_ARGS_AUTO,    /* the security-sensitive arguments (argkind.def) */
	SP_ARGS_STRICT,  /* every enum and flag argument in the table */
};

/* Something the generator decided that a reader should know. */
struct sp_generate_note {
	enum {
		SP_NOTE_UNNAMED,      /* a number libseccomp cannot name */
		SP_NOTE_TOO_MANY,     /* argument left unconstrained */
		SP_NOTE_SIBLING,      /* name is allowed, but no condition
					 holds it (sibling.def): text says
					 why */
		SP_NOTE_UNFOLDED,     /* count calls of a struct sibling (nr)
					 whose flags were not read or do not
					 fit name's: refused with ENOSYS, the
					 fallback to name may be refused */
	} kind;
	enum sp_arch arch;
	int64_t nr;
	unsigned arg;            /* SP_NOTE_TOO_MANY */
	size_t values;           /* distinct values seen (SP_NOTE_TOO_MANY) */
	uint64_t count;          /* calls */
	const char *name;        /* SP_NOTE_SIBLING, SP_NOTE_UNFOLDED */
	const char *text;        /* SP_NOTE_SIBLING: the reason */
};

/* A call allowed without a recording of it: one the static analysis
 * found reachable in the code the recording loaded (tracer/static.h, as
 * cli/ hands it over), with its evidence. */
struct sp_generate_extra {
	enum sp_arch arch;
	int64_t nr;
	const char *why;         /* "fork() in libc.so.6, by redis-server";
				    may be NULL */
	/* The arguments its sites pass, where they are constants there
	 * (one entry per distinct tuple; NULL: none known).  A call the
	 * workload's recorded rules allow under conditions gets a rule
	 * for each tuple they refuse: the constants as they are, an
	 * argument missing from kept (computed at run time) free but for
	 * its guard's bits (argkind.def), or no rule when it has no
	 * guard (but see many). */
	const struct sp_args *args;
	/* nargs entries or NULL: the site that passes each tuple, for the
	 * evidence ("clone in libc.so.6"); an entry may be NULL. */
	const char *const *sites;
	/* nargs entries or NULL: bit i, args[i] is a constant a caller
	 * passes to a wrapper (ioctl(), prctl()), not one at the syscall
	 * instruction (core/syscall.h).  An argument without a guard is
	 * allowed as that value all the same; a guarded one counts as
	 * computed at run time (free but for its guard's bits) unless
	 * SP_CALLER_OUTSIDE_LIBC says the caller is code outside the C
	 * library: then that value is allowed, as at a syscall
	 * instruction, and an argument i it computes (not kept) is free
	 * but for its guard. */
	const uint8_t *caller;
	size_t nargs;
	/* The sites pass more constants than args lists (one tuple with
	 * nothing kept): an argument missing from kept is free but for its
	 * guard's bits, with or without a guard, since the code passes
	 * values the recorded conditions would refuse. */
	bool many;
};

struct sp_generate_opts {
	enum sp_action default_action;
	int default_errno;       /* -1: unset (EPERM) */
	unsigned runtimes;       /* enum sp_runtime bits; 0: none */
	/* The container runs with noNewPrivileges true: the calls runtimes
	 * make only without it are left out. */
	bool no_new_privs;
	unsigned safety;         /* enum sp_safety bits */
	enum sp_args_mode args;
	size_t max_values;       /* more distinct values: unconstrained */
	/* The architectures to list (--arch); none: the observed ones.
	 * Safety additions are named for these. */
	enum sp_arch archs[SP_ARCH_COUNT];
	size_t narchs;
	/* Static coverage: tagged [static], for names not recorded (their
	 * guarded arguments bound by the sites' tuples), and for the
	 * argument tuples the recorded conditions refuse. */
	const struct sp_generate_extra *statics;
	size_t nstatics;
	/* Language runtimes (core/lang.h bits) whose calls on timing alone
	 * (analyzer/lang.def) are added, tagged [language]. */
	unsigned langs;
	void (*on_note)(void *ctx, const struct sp_generate_note *n);
	void *ctx;
};

/* The defaults: ERRNO, both runtimes with either noNewPrivileges setting,
 * every safety set, --args auto, at most 64 values per argument. */
void sp_generate_opts_init(struct sp_generate_opts *o);

/* Parse command-line lists into bit sets: "crun", "runc", "none" or a
 * comma list; "vdso", "control-flow", "fallback", "advice", "all",
 * "none".  0 or
 * -EINVAL. */
int sp_runtime_parse(const char *s, unsigned *out);
int sp_safety_parse(const char *s, unsigned *out);
/* "none", "auto", "strict".  0 or -EINVAL. */
int sp_args_mode_parse(const char *s, enum sp_args_mode *out);

/* The calls analyzer/lang.def lists: entry i's runtime, name and reason
 * (with its source); false past the end. */
bool sp_lang_call(size_t i, enum sp_lang *lang, const char **name,
		  const char **why);

/* Parses --languages: "auto" (*automatic set), "none", or a comma list
 * of runtime names (core/lang.def).  0 or -EINVAL. */
int sp_langs_parse(const char *s, unsigned *out, bool *automatic);

/* Builds the profile of n traces (merged: each rule says in how many of
 * them it was seen).  Unnamed numbers and unconstrained arguments are
 * reported through o->on_note.  0 or -ENOMEM. */
int sp_generate_profile(struct sp_trace *const *traces, size_t n,
			const struct sp_generate_opts *o,
			struct sp_profile **out);

#endif
