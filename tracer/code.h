/*
 * The code of one ELF file, summarized for the static analysis
 * (tracer/static.h): its functions ("regions"), the system calls each makes
 * with a number constant at the site, and where each leads — calls and
 * jumps, addresses taken, data read, symbols used by name (imports).  Data
 * ("chunks") that holds code pointers is summarized the same way, from the
 * file's dynamic relocations.  x86_64 and i386 code (struct isa in
 * tracer/code.c: the same instructions, other widths and ABIs).
 *
 * Regions partition the executable sections at every known function
 * start: symbols, .eh_frame_hdr's table, direct call targets, addresses
 * taken, initializers.  A region is analysed as a whole (no path inside it
 * is assumed dead), so a switch's cases belong to the function they are
 * in.  The number of a system call is found by a data-flow pass over the
 * region's instructions (constants through registers, stack slots, pushes
 * and pops, joined at branches); a number that comes from the region's own
 * argument (glibc's syscall(), Go's syscall.Syscall) makes the region a
 * "forwarder", whose callers' constants are the numbers.
 *
 * Only tracer/code.c includes capstone.  The summary is plain data, so
 * that tracer/static.c can cache it in a file.
 */
#ifndef SP_TRACER_CODE_H
#define SP_TRACER_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/syscall.h"
#include "tracer/elf.h"

/* The summary's version: a change to what sp_code_scan finds (or to the
 * structures below) must change it, so that summaries cached by an
 * older sandprint are not reused (tracer/static.c keys its cache with
 * it). */
#define SP_CODE_VERSION 21

/* A reference, packed: (index << 2) | kind. */
enum sp_ref_kind {
	SP_REF_REGION = 0,  /* calls or jumps to region index */
	SP_REF_TAKES = 1,   /* takes region index's address */
	SP_REF_CHUNK = 2,   /* reads data chunk index, or points to it */
	SP_REF_NAME = 3,    /* uses the symbol named strs + index, found by
			       name in the process (an import) */
};
#define SP_REF(kind, index) (((uint32_t)(index) << 2) | (uint32_t)(kind))
#define SP_REF_KIND(ref) ((enum sp_ref_kind)((ref) & 3))
#define SP_REF_INDEX(ref) ((ref) >> 2)

#define SP_CODE_NONAME UINT32_MAX

/* Where a forwarder takes its number from, at its entry: a register
 * (capstone-free numbering: 0 rax, 1 rcx, 2 rdx, 3 rbx, 4 rsp, 5 rbp,
 * 6 rsi, 7 rdi, 8..15 r8..r15) or a stack slot SP_LOC_STACK + k, the
 * word at entry rsp + 8k (k >= 1: the arguments above the return
 * address). */
#define SP_LOC_RAX 0
#define SP_LOC_RDI 7
#define SP_LOC_STACK 16
#define SP_LOC_NONE (-1)

struct sp_code_region {
	uint64_t start, end;
	uint32_t ref0, nrefs;      /* into refs */
	uint32_t site0, nsites;    /* into sites */
	uint32_t name;             /* into strs, or SP_CODE_NONAME */
	uint32_t unresolved;       /* syscall sites whose number is not
				      constant here */
	int32_t fwd;               /* SP_LOC_*: a forwarder */
	uint32_t guard;            /* 0, or 1 + a thread-local variable's
				      id (struct sp_code_tlsuse): the
				      region returns at once while the
				      variable is zero, its references and
				      sites count once code that may set
				      it is reached */
};

/* A region that reads or writes a thread-local variable some region is
 * guarded by: reaching it may make the variable non-zero.  The
 * variable's id is the index of the first region it guards.  Sorted by
 * region. */
struct sp_code_tlsuse {
	uint32_t region, var;
};

/* A system call made with a constant number: at a syscall instruction,
 * or at a call that passes the number to a forwarder.  Its arguments
 * where they are constants at a syscall instruction (bit i of kept:
 * args[i]; a forwarder's callers are not followed for them), and where
 * an argument is the region's own C argument passed on unchanged (a
 * wrapper: ioctl's request, prctl's option), which one: byte i of
 * passed is 1 + the C argument's index (0 rdi ... 5 r9), 0 when not,
 * and args[i], not kept, a constant added to it (glibc's tcsetattr
 * makes its request TCSETS + its mode, `lea 0x5402(%r9), %esi`).
 * All words, no padding: summaries are cached byte for byte. */
struct sp_code_site {
	int64_t nr;
	uint64_t addr;
	uint64_t kept;
	uint64_t passed;
	uint64_t args[SP_NARGS];
};
#define SP_SITE_PASSED(site, i) ((unsigned)((site)->passed >> (8 * (i))) & 0xff)
/* Whether the site passes on one of its region's C arguments (bytes 0-5
 * of passed). */
#define SP_SITE_PASSES(site) ((site)->passed & 0xffffffffffffull)
/* In passed: the site is a wrapper's, at a call to it, with the caller's
 * constants (pthread_setname_np's prctl(PR_SET_NAME)): its arguments
 * count, its number is the wrapper's to explain.  Bit 56 + i: args[i] is
 * the caller's constant, not one at the syscall instruction (a guard's
 * bits stay, analyzer/generate.c).  Bytes 0-5 may be set too: the
 * caller is a helper that passes on its own argument in turn, its
 * callers asked the same (tracer/code.c's wrapper_callers). */
#define SP_SITE_AT_CALL (1ull << 63)
#define SP_SITE_CALLER_SHIFT 56
#define SP_SITE_CALLER_ARGS(site) \
	((unsigned)((site)->passed >> SP_SITE_CALLER_SHIFT) & 0x3f)

/* Data between two addresses the code or the relocations point to. */
struct sp_code_chunk {
	uint64_t start, end;
	uint32_t ref0, nrefs;
};

struct sp_code_export {
	uint32_t name;             /* into strs */
	uint32_t ref;              /* SP_REF_REGION or SP_REF_CHUNK */
	uint32_t ifunc;            /* an IFUNC: the function is what its
				      resolver returns (what it takes) */
};

/* A call to an imported function, with the constants the caller left in
 * the registers a forwarder takes its number from (C's first argument,
 * rdi; Go's, rax), and in C's six arguments (rdi, rsi, rdx, rcx, r8, r9;
 * i386: the six words at esp: what a wrapper passes on to its system
 * call), each as the 64-bit register holds it when that fits 32 bits
 * unsigned.  An argument that is the calling function's own C argument
 * passed on unchanged (BIO_socket_ioctl's request to ioctl): nibble i of
 * passed is 1 + that argument's index, and the function's callers in
 * the file that pass a constant there have an import call of their own
 * with it (tracer/code.c's passes: region is theirs, the name the
 * same). */
#define SP_ICALL_RDI 1u
#define SP_ICALL_RAX 2u
#define SP_ICALL_ARG(i) (4u << (i))
struct sp_code_icall {
	uint32_t region;
	uint32_t name;             /* into strs */
	uint32_t known;            /* SP_ICALL_* bits */
	int32_t rdi, rax;
	uint32_t args[6];
	uint32_t passed;
};
#define SP_ICALL_PASSED(ic, i) (((ic)->passed >> (4 * (i))) & 0xf)
/* How many functions up an argument passed on is followed, in a file
 * and from file to file: recursion ends there. */
#define SP_PASS_DEPTH 4
/* Helpers are small: a function passes on its argument only when it
 * has this many bytes of code or fewer (the data flow over every
 * function with an import call doubled the cold analysis of
 * libpython). */
#define SP_PASS_BYTES 256

#define SP_CODE_PATHS 256
#define SP_CODE_PATH_LEN 256

struct sp_code {
	uint32_t whole;            /* an executable: all of it counts */
	uint32_t machine;
	uint32_t go;               /* Go build information */
	uint32_t libc;             /* one of the C library's own files
				      (sp_elf_image.libc) */
	uint32_t xprots;           /* sp_elf_image.xprots */
	struct sp_code_region *regions;
	uint32_t nregions;
	struct sp_code_chunk *chunks;
	uint32_t nchunks;
	uint32_t *refs;
	uint32_t nrefs;
	struct sp_code_site *sites;
	uint32_t nsites;
	struct sp_code_export *exports; /* sorted by name */
	uint32_t nexports;
	struct sp_code_icall *icalls;
	uint32_t nicalls;
	struct sp_code_tlsuse *tlsuses;
	uint32_t ntlsuses;
	uint32_t *roots;           /* refs run without being called by
				      name: initializers, the entry point */
	uint32_t nroots;
	uint32_t *imports;         /* names (into strs) of every symbol the
				      file takes from others */
	uint32_t nimports;
	uint32_t *needed;          /* DT_NEEDED, into strs */
	uint32_t nneeded;
	uint32_t *paths;           /* absolute paths and library names
				      (libNAME.so.N) in read-only data,
				      into strs, in a file that imports a
				      function that loads modules
				      (tracer/modload.def): a module
				      directory it may name (SoX's
				      /usr/lib/x86_64-linux-gnu/sox), a
				      library it may open by name
				      (Phobos's libcurl.so.4); at
				      most SP_CODE_PATHS, each shorter
				      than SP_CODE_PATH_LEN */
	uint32_t npaths;
	uint32_t soname, interp;   /* into strs, or SP_CODE_NONAME */
	uint32_t runpath;          /* DT_RUNPATH or DT_RPATH, or
				      SP_CODE_NONAME */
	char *strs;                /* NUL-terminated strings, end to end */
	uint32_t nstrs;            /* bytes */
};

/* Summarizes img.  0, -ENOMEM, or -ENOTSUP with d set when the machine
 * is neither x86_64 nor i386 (the summary then holds imports and
 * dependencies only, and *out is set). */
int sp_code_scan(const struct sp_elf_image *img, struct sp_code **out,
		 struct sp_diag *d);

/* Loads the disassembler now (it is otherwise opened by the first scan):
 * before the analysis reads files under another root, where the
 * library's path names another file or none. */
void sp_code_load(void);

/* Whether c's code was analysed: 0, or -ENOTSUP with d set when its
 * machine is neither x86_64 nor i386 (a summary read back from the cache
 * says so as the scan did). */
int sp_code_check_machine(const struct sp_code *c, const char *path,
			  struct sp_diag *d);
/* Where C argument i of c's ABI is at a function's entry: a register
 * (x86_64's rdi, ...) or a stack slot (i386: SP_LOC_STACK + 1 + i);
 * SP_LOC_NONE for a machine not analysed. */
int32_t sp_code_arg_loc(const struct sp_code *c, unsigned i);
void sp_code_free(struct sp_code *c);

/* The region holding addr, or -1. */
long sp_code_region_at(const struct sp_code *c, uint64_t addr);

/* The exports named name: the index of the first in c->exports and
 * how many (versioned aliases share a name); 0 when none. */
size_t sp_code_exports(const struct sp_code *c, const char *name,
		       uint32_t *first);

#endif
