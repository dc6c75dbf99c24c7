/* Executables and shared objects, read with libelf: function symbols to
 * name call sites (record --stacks), the segments that say where a file
 * offset is loaded, and the dynamic symbols a program imports.  Only
 * tracer/elf.c includes libelf. */
#ifndef SP_TRACER_ELF_H
#define SP_TRACER_ELF_H

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

/* The functions path imports from shared libraries: the undefined
 * function symbols of its .dynsym, sorted, without duplicates (a static
 * executable has none).  *names is a NULL-terminated array the caller
 * frees with sp_elf_names_free.  0, or -errno with d saying why (file
 * named). */
int sp_elf_imports(const char *path, char ***names, size_t *n,
		   struct sp_diag *d);
void sp_elf_names_free(char **names);

#endif
