#include "tracer/elf.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/array.h"

struct seg {
	uint64_t off, vaddr, filesz;
};

struct sym {
	uint64_t value, size;
	const char *name;     /* into one of the file's strtab copies */
};

struct sp_elf {
	char *path;
	uint64_t ino;
	bool ok;              /* false: could not be read; nothing below */
	struct seg *segs;
	size_t nsegs;
	struct sym *syms;     /* functions, by value */
	size_t nsyms;
	char *strtabs[2];     /* copies of .symtab's and .dynsym's strings */
};

struct sp_elf_cache {
	struct sp_elf **files;
	size_t n, cap;
};

static bool libelf_ready(void)
{
	static int state;     /* 0 unknown, 1 ready, -1 unusable */

	if (!state)
		state = elf_version(EV_CURRENT) == EV_NONE ? -1 : 1;
	return state > 0;
}

struct sp_elf_cache *sp_elf_cache_new(void)
{
	return calloc(1, sizeof(struct sp_elf_cache));
}

static void elf_free(struct sp_elf *e)
{
	if (!e)
		return;
	free(e->path);
	free(e->segs);
	free(e->syms);
	free(e->strtabs[0]);
	free(e->strtabs[1]);
	free(e);
}

void sp_elf_cache_free(struct sp_elf_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++)
		elf_free(c->files[i]);
	free(c->files);
	free(c);
}

static int read_segs(Elf *elf, struct sp_elf *e)
{
	size_t n;

	if (elf_getphdrnum(elf, &n))
		return -EINVAL;
	e->segs = calloc(n ? n : 1, sizeof(*e->segs));
	if (!e->segs)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		e->segs[e->nsegs++] = (struct seg){ .off = ph.p_offset,
						    .vaddr = ph.p_vaddr,
						    .filesz = ph.p_filesz };
	}
	return 0;
}

static bool is_function(const GElf_Sym *s)
{
	int type = GELF_ST_TYPE(s->st_info);

	return (type == STT_FUNC || type == STT_GNU_IFUNC) &&
	       s->st_shndx != SHN_UNDEF && s->st_value != 0;
}

/* Adds the functions of one symbol table (SHT_SYMTAB or SHT_DYNSYM);
 * its string table is copied into e->strtabs[slot]. */
static int read_symtab(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh,
		       struct sp_elf *e, int slot)
{
	Elf_Data *data = elf_getdata(scn, NULL), *sdata;
	Elf_Scn *strscn = elf_getscn(elf, sh->sh_link);
	size_t count, nfuncs = 0;
	struct sym *syms;

	if (!data || !strscn || !sh->sh_entsize)
		return 0;
	sdata = elf_getdata(strscn, NULL);
	if (!sdata || !sdata->d_size)
		return 0;
	count = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < count; i++) {
		GElf_Sym s;

		if (gelf_getsym(data, (int)i, &s) && is_function(&s))
			nfuncs++;
	}
	if (!nfuncs)
		return 0;
	e->strtabs[slot] = malloc(sdata->d_size + 1);
	syms = realloc(e->syms, (e->nsyms + nfuncs) * sizeof(*syms));
	if (!e->strtabs[slot] || !syms) {
		if (syms)
			e->syms = syms;
		return -ENOMEM;
	}
	e->syms = syms;
	memcpy(e->strtabs[slot], sdata->d_buf, sdata->d_size);
	e->strtabs[slot][sdata->d_size] = '\0';
	for (size_t i = 0; i < count; i++) {
		GElf_Sym s;

		if (!gelf_getsym(data, (int)i, &s) || !is_function(&s) ||
		    s.st_name >= sdata->d_size)
			continue;
		e->syms[e->nsyms++] = (struct sym){
			.value = s.st_value,
			.size = s.st_size,
			.name = e->strtabs[slot] + s.st_name,
		};
	}
	return 0;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	/* Among aliases, the sized one first, then by name: stable output. */
	if ((x->size != 0) != (y->size != 0))
		return x->size ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Reads the segments and function symbols: .symtab when the file has one
 * (it holds every function, the static ones too), else .dynsym. */
static int read_elf(int fd, struct sp_elf *e)
{
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL;
	GElf_Shdr sh, symsh, dynsh;
	int ret;

	if (!elf)
		return -EINVAL;
	if (elf_kind(elf) != ELF_K_ELF) {
		ret = -EINVAL;
		goto out;
	}
	ret = read_segs(elf, e);
	if (ret)
		goto out;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB && !symtab) {
			symtab = scn;
			symsh = sh;
		} else if (sh.sh_type == SHT_DYNSYM && !dynsym) {
			dynsym = scn;
			dynsh = sh;
		}
	}
	if (symtab)
		ret = read_symtab(elf, symtab, &symsh, e, 0);
	if (!ret && (!symtab || !e->nsyms) && dynsym)
		ret = read_symtab(elf, dynsym, &dynsh, e, 1);
	if (!ret && e->nsyms)
		qsort(e->syms, e->nsyms, sizeof(*e->syms), cmp_sym);
out:
	elf_end(elf);
	return ret;
}

const struct sp_elf *sp_elf_cache_get(struct sp_elf_cache *c,
				      const char *path, uint64_t ino)
{
	struct sp_elf *e;
	struct stat st;
	int fd;

	for (size_t i = 0; i < c->n; i++) {
		e = c->files[i];
		if (e->ino == ino && strcmp(e->path, path) == 0)
			return e->ok ? e : NULL;
	}
	if (sp_array_grow(&c->files, &c->cap, c->n + 1, sizeof(*c->files)))
		return NULL;
	e = calloc(1, sizeof(*e));
	if (!e || !(e->path = strdup(path))) {
		free(e);
		return NULL;
	}
	e->ino = ino;
	c->files[c->n++] = e;
	if (!libelf_ready())
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && (!ino || (uint64_t)st.st_ino == ino) &&
	    S_ISREG(st.st_mode) && read_elf(fd, e) == 0)
		e->ok = true;
	close(fd);
	return e->ok ? e : NULL;
}

int sp_elf_vaddr(const struct sp_elf *e, uint64_t off, uint64_t *vaddr)
{
	for (size_t i = 0; i < e->nsegs; i++) {
		const struct seg *s = &e->segs[i];

		if (off >= s->off && off - s->off < s->filesz) {
			*vaddr = off - s->off + s->vaddr;
			return 0;
		}
	}
	return -ENOENT;
}

const char *sp_elf_symbol(const struct sp_elf *e, uint64_t vaddr)
{
	size_t lo = 0, hi = e->nsyms;
	const struct sym *s;

	/* The last symbol starting at or below vaddr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->syms[mid].value <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	s = &e->syms[lo - 1];
	/* Step back over size-0 aliases at the same address. */
	while (s > e->syms && !s->size && s[-1].value == s->value)
		s--;
	if (s->size && vaddr - s->value >= s->size)
		return NULL;
	return s->name;
}

void sp_elf_names_free(char **names)
{
	if (!names)
		return;
	for (char **p = names; *p; p++)
		free(*p);
	free(names);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect_imports(Elf *elf, char ***names, size_t *n)
{
	Elf_Scn *scn = NULL;
	Elf_Data *data = NULL;
	GElf_Shdr sh;
	char **v = NULL;
	size_t nv = 0, count = 0;

	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_DYNSYM)
			break;
	if (scn && sh.sh_entsize)
		data = elf_getdata(scn, NULL);
	if (data)
		count = sh.sh_size / sh.sh_entsize;
	v = calloc(count + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < count; i++) {
		const char *name;
		GElf_Sym s;
		int type;

		if (!gelf_getsym(data, (int)i, &s) ||
		    s.st_shndx != SHN_UNDEF)
			continue;
		type = GELF_ST_TYPE(s.st_info);
		if (type != STT_FUNC && type != STT_NOTYPE)
			continue;
		name = elf_strptr(elf, sh.sh_link, s.st_name);
		if (!name || !*name)
			continue;
		v[nv] = strdup(name);
		if (!v[nv]) {
			sp_elf_names_free(v);
			return -ENOMEM;
		}
		nv++;
	}
	qsort(v, nv, sizeof(*v), cmp_name);
	/* Drop duplicates (versioned aliases). */
	for (size_t i = 0, j = 0;; i++) {
		if (i == nv) {
			for (size_t k = j; k < nv; k++)
				v[k] = NULL;
			nv = j;
			break;
		}
		if (j && strcmp(v[i], v[j - 1]) == 0)
			free(v[i]);
		else
			v[j++] = v[i];
	}
	*names = v;
	*n = nv;
	return 0;
}

int sp_elf_imports(const char *path, char ***names, size_t *n,
		   struct sp_diag *d)
{
	Elf *elf = NULL;
	int fd, ret;

	if (!libelf_ready()) {
		sp_diag_set(d, path, 0, 0, NULL, "libelf: %s",
			    elf_errmsg(-1));
		return -ENOTSUP;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		sp_diag_set(d, path, 0, 0, NULL, "cannot open %s: %s", path,
			    strerror(-ret));
		return ret;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		sp_diag_set(d, path, 0, 0, NULL, "%s: not an ELF file", path);
		ret = -EINVAL;
		goto out;
	}
	ret = collect_imports(elf, names, n);
	if (ret)
		sp_diag_set(d, path, 0, 0, NULL, "cannot read %s: %s", path,
			    strerror(-ret));
out:
	elf_end(elf);
	close(fd);
	return ret;
}
