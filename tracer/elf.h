/* Executables and shared objects, read with libelf: function symbols to
 * name call sites (record --stacks), the segments that say where a file
 * offset is loaded, and whole files for the static analysis.  Only
 * tracer/elf.c includes libelf. */
#ifndef SP_TRACER_ELF_H
#define SP_TRACER_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

/* One file's loadable segments and function symbols, read once. */
struct sp_elf;

/* Files read so far, by path and inode.  Files that could not be read
 * are remembered too, so a file is opened at most once. */
struct sp_elf_cache;

/* Returns a new empty cache, or NULL on allocation failure. */
struct sp_elf_cache *sp_elf_cache_new(void);
void sp_elf_cache_free(struct sp_elf_cache *c);

/* The file at path, read on first use.  ino is the inode the caller saw
 * mapped (/proc/PID/maps), 0 to take whatever the path holds: a file
 * replaced since it was mapped is not read (its symbols would lie).
 * NULL when the file cannot be read as ELF or memory runs out. */
const struct sp_elf *sp_elf_cache_get(struct sp_elf_cache *c,
				      const char *path, uint64_t ino);

/* The ELF virtual address at which file offset off is loaded (from the
 * PT_LOAD program headers): what addr2line and the symbol tables use.
 * 0, or -ENOENT when no segment holds off. */
int sp_elf_vaddr(const struct sp_elf *e, uint64_t off, uint64_t *vaddr);

/* The function whose code holds vaddr, from .symtab (all functions,
 * static ones included) or else .dynsym; NULL when none does (a stripped
 * file).  The string lives as long as the cache. */
const char *sp_elf_symbol(const struct sp_elf *e, uint64_t vaddr);

/* For a file linked without PT_GNU_EH_FRAME (gcc -static): the
 * binary-search table .eh_frame_hdr would hold, made from .eh_frame, *n
 * pairs of int32 (a function's start, its FDE; ELF virtual addresses)
 * sorted by start; *n is 0 for a file with the header, or without
 * .eh_frame, or loaded above 2 GiB. */
const int32_t *sp_elf_eh_table(const struct sp_elf *e, size_t *n);

/*
 * A whole file, read for the static analysis (tracer/static.h): sections,
 * symbols, dynamic relocations, the dynamic section's dependencies and
 * initializers, and the function starts of .eh_frame_hdr.  Addresses are
 * the file's own (ELF virtual addresses).  Strings and section bytes stay
 * valid until sp_elf_image_free.
 */
enum sp_elf_type {
	SP_ELF_EXEC,          /* an executable (ET_EXEC, or ET_DYN with a PIE
				 flag or an interpreter and no soname) */
	SP_ELF_SHARED,        /* a shared library */
};

struct sp_elf_section {
	const char *name;
	uint64_t addr, size;
	const uint8_t *data;  /* NULL for SHT_NOBITS */
	bool exec;
};

enum sp_elf_symkind { SP_SYM_FUNC, SP_SYM_IFUNC, SP_SYM_OBJECT,
		      SP_SYM_OTHER };

struct sp_elf_symbol {
	const char *name;
	uint64_t value, size;
	enum sp_elf_symkind kind;
	bool defined;         /* false: imported */
	bool dynamic;         /* from .dynsym (false: .symtab) */
};

/* A dynamic relocation the analysis follows: a pointer written into the
 * word at where. */
enum sp_elf_relkind {
	SP_REL_ADDR,          /* value: an address in this file */
	SP_REL_IFUNC,         /* value: an IFUNC resolver in this file */
	SP_REL_SYMBOL,        /* sym: a symbol resolved by name */
	SP_REL_TLS,           /* value: the offset of a thread-local
				 variable in this file's TLS block, sym
				 its name or NULL (R_X86_64_TPOFF64: the
				 slot initial-exec code reads, then the
				 variable through %fs) */
};

struct sp_elf_reloc {
	uint64_t where;
	enum sp_elf_relkind kind;
	uint64_t value;
	const char *sym;      /* SP_REL_SYMBOL */
};

struct sp_elf_image {
	const char *path;
	unsigned machine;     /* EM_X86_64, ... */
	unsigned word;        /* bytes in an address: 8, or 4 (ELFCLASS32) */
	enum sp_elf_type type;
	uint64_t entry;       /* 0: none */
	struct sp_elf_section *sects;
	size_t nsects;
	struct sp_elf_symbol *syms; /* .dynsym, then .symtab's functions */
	size_t nsyms;
	struct sp_elf_reloc *relocs; /* by where */
	size_t nrelocs;
	const char **needed;  /* DT_NEEDED */
	size_t nneeded;
	const char *soname;   /* NULL: none */
	const char *runpath;  /* DT_RUNPATH, else DT_RPATH; NULL: none */
	const char *interp;   /* PT_INTERP; NULL: none */
	uint64_t *inits;      /* DT_INIT, DT_FINI and the init, fini and
				 preinit arrays' entries */
	size_t ninits;
	uint64_t tls_init;    /* PT_TLS's initialized bytes: a variable at
				 or past this offset starts zero */
	uint8_t xprots;       /* bit p: a PT_LOAD with PF_X that the
				 loader maps with protection p
				 (PROT_READ|PROT_EXEC: 5) */
	bool tls_dynamic;     /* a DTPMOD64 for its own variables: code
				 reaches them through __tls_get_addr, at
				 offsets no relocation names */
	uint64_t *fdes;       /* function starts from .eh_frame_hdr */
	size_t nfdes;
	bool go;              /* has Go's build information */
	/* One of the C library's own files: it needs or defines glibc's
	 * private interface (the version GLIBC_PRIVATE: libc.so.6, ld.so,
	 * libm, libresolv, the NSS modules; never a program or another
	 * project's library).  A C library in one file (musl's) calls no
	 * other file's wrappers. */
	bool libc;
	struct sp_elf_priv *priv;
};

/* Reads path as a whole.  0, or -errno with d saying why (the file in
 * d->file, not repeated in the message): -ENOEXEC when it is not an ELF file, or one cut short (headers,
 * loaded segments or sections past its end). */
int sp_elf_image_open(const char *path, struct sp_elf_image **out,
		      struct sp_diag *d);
void sp_elf_image_free(struct sp_elf_image *img);

/* Whether path is a shared library for machine (EM_X86_64, ...): an ELF
 * file of type ET_DYN without an interpreter (position-independent
 * executables have one), read as far as its program headers. */
bool sp_elf_is_library(const char *path, unsigned machine);
/* Whether path is a shared object for machine (ET_DYN), whatever its
 * interpreter: what the dynamic loader takes for a dependency (libc.so.6
 * has an interpreter, it runs). */
bool sp_elf_is_shared(const char *path, unsigned machine);
/* Whether path is a program for machine: an ELF executable (ET_EXEC), or
 * an ET_DYN file with an interpreter (a position-independent one). */
bool sp_elf_is_program(const char *path, unsigned machine);

/* The bytes at [vaddr, vaddr + len) when one section with contents holds
 * them, else NULL. */
const uint8_t *sp_elf_image_at(const struct sp_elf_image *img, uint64_t vaddr,
			       uint64_t len);

/* The relocation of the word at where, or NULL. */
const struct sp_elf_reloc *sp_elf_image_reloc(const struct sp_elf_image *img,
					      uint64_t where);

#endif
