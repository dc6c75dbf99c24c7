#include "tracer/elf.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "core/array.h"

struct seg {
	uint64_t off, vaddr, filesz;
};

struct sym {
	uint64_t value, size;
	const char *name;     /* into one of the file's strtab copies */
	unsigned rank;        /* among aliases, lower is the name shown */
};

/* How plainly a name names its function, lower first: a version other
 * than the default (clock_nanosleep@GLIBC_2.2.5 beside
 * clock_nanosleep@@GLIBC_2.17, in a debug file), a local binding (__GI_*
 * internal aliases), then each leading underscore (__uname beside uname)
 * count against it. */
static unsigned sym_rank(const GElf_Sym *s, const char *name)
{
	const char *at = strchr(name, '@');
	unsigned r = 0;

	if (at && at[1] != '@')
		r += 1u << 16;
	if (GELF_ST_BIND(s->st_info) == STB_LOCAL)
		r += 1u << 8;
	while (*name++ == '_')
		r++;
	return r;
}

struct sp_elf {
	char *path;
	uint64_t ino;
	bool ok;              /* false: could not be read; nothing below */
	struct seg *segs;
	size_t nsegs;
	struct sym *syms;     /* functions, by value */
	size_t nsyms;
	char *strtabs[2];     /* copies of .symtab's and .dynsym's strings */
	bool eh_hdr;          /* has PT_GNU_EH_FRAME */
	int32_t *eh_table;    /* without it: pairs (start, FDE), by start */
	size_t neh;
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
	free(e->eh_table);
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

		if (!gelf_getphdr(elf, (int)i, &ph))
			continue;
		if (ph.p_type == PT_GNU_EH_FRAME)
			e->eh_hdr = true;
		if (ph.p_type != PT_LOAD)
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
			.rank = sym_rank(&s, e->strtabs[slot] + s.st_name),
		};
	}
	/* The function's name without its version: clock_nanosleep, not
	 * clock_nanosleep@@GLIBC_2.17 (a name sharing the string's tail,
	 * nanosleep@..., loses it too, as it should). */
	for (size_t i = 0; i < sdata->d_size; i++) {
		if (e->strtabs[slot][i] == '@')
			e->strtabs[slot][i] = '\0';
	}
	return 0;
}

static int eh_read(const uint8_t **p, const uint8_t *end, uint8_t enc,
		   uint64_t pc, uint64_t datarel, uint64_t *out);

static int uleb(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	uint64_t v = 0;

	for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
		uint8_t b = *(*p)++;

		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return 0;
		}
	}
	return -1;
}

/* The encoding of the FDEs' initial location that the CIE at cie (its
 * length word) gives ('R' of its augmentation; absolute by default), or
 * -1 for a CIE not understood. */
static int cie_fde_encoding(const uint8_t *cie, const uint8_t *end)
{
	const uint8_t *p = cie + 9, *aug = p, *augend;
	uint64_t skip;
	uint32_t len;

	memcpy(&len, cie, 4);
	if (len == 0xffffffff || len < 6 || (uint64_t)(end - cie) < len + 4ULL)
		return -1;
	end = cie + 4 + len;
	p = memchr(aug, '\0', (size_t)(end - aug));
	if (!p)
		return -1;
	p++;
	if (aug[0] != 'z')
		return aug[0] ? -1 : 0;
	/* Code and data alignment, return register (a byte in version 1,
	 * a ULEB128 after). */
	if (uleb(&p, end, &skip) || uleb(&p, end, &skip) || p >= end)
		return -1;
	if (cie[8] == 1)
		p++;
	else if (uleb(&p, end, &skip))
		return -1;
	if (uleb(&p, end, &skip) || skip > (uint64_t)(end - p))
		return -1;
	augend = p + skip;
	for (const uint8_t *c = aug + 1; *c && p < augend; c++) {
		uint8_t enc;

		switch (*c) {
		case 'R':
			return *p;
		case 'L':
			p++;
			break;
		case 'P':
			enc = *p++;
			if (eh_read(&p, augend, enc, 0, 0, &skip))
				return -1;
			break;
		default:      /* 'S', 'B', 'G': no data */
			break;
		}
	}
	return 0;
}

static int cmp_eh(const void *a, const void *b)
{
	const int32_t *x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* libunwind-ptrace finds a file's unwind table through PT_GNU_EH_FRAME,
 * which gcc -static does not ask the linker for (static C programs,
 * busybox): without it libunwind falls back to frame pointers, which
 * skip the caller of a function that sets none up (a syscall wrapper) and
 * name the wrong one.  So for such a file the table .eh_frame_hdr would
 * hold is made from .eh_frame: (initial location, FDE) pairs of ELF
 * virtual addresses, as int32 like the header's datarel sdata4. */
static int read_eh_frame(Elf_Scn *scn, const GElf_Shdr *sh, struct sp_elf *e)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	const uint8_t *base, *p, *end;
	size_t cap = 0;

	if (!d || !d->d_buf || sh->sh_addr + d->d_size > INT32_MAX)
		return 0;
	base = d->d_buf;
	end = base + d->d_size;
	for (p = base; end - p >= 8;) {
		const uint8_t *rec = p + 4, *next, *q, *cie;
		uint32_t len, id;
		uint64_t start;
		int enc;

		memcpy(&len, p, 4);
		if (!len || len == 0xffffffff || len > (size_t)(end - rec))
			break;
		next = rec + len;
		memcpy(&id, rec, 4);
		cie = rec - id;
		q = rec + 4;
		if (id && id <= (size_t)(rec - base) &&
		    (enc = cie_fde_encoding(cie, end)) >= 0 &&
		    !eh_read(&q, next, (uint8_t)enc,
			     sh->sh_addr + (uint64_t)(q - base), 0, &start) &&
		    start && start <= INT32_MAX) {
			if (sp_array_grow(&e->eh_table, &cap, e->neh * 2 + 2,
					  sizeof(*e->eh_table)))
				return -ENOMEM;
			e->eh_table[e->neh * 2] = (int32_t)start;
			e->eh_table[e->neh * 2 + 1] =
				(int32_t)(sh->sh_addr + (uint64_t)(p - base));
			e->neh++;
		}
		p = next;
	}
	if (e->neh)
		qsort(e->eh_table, e->neh, 2 * sizeof(*e->eh_table), cmp_eh);
	return 0;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	/* Among aliases, the sized one first, the plainest name, then by
	 * name: stable output. */
	if ((x->size != 0) != (y->size != 0))
		return x->size ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The .symtab of the ELF file at path, into e; 1 when read, 0 when the
 * file is not there or has none.  crc, when want_crc, is the CRC-32 the
 * whole file must have (a debug link's). */
static int read_debug_symtab(const char *path, struct sp_elf *e,
			     bool want_crc, uint32_t crc)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;
	Elf_Scn *scn = NULL;
	struct stat st;
	GElf_Shdr sh;
	Elf *elf;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return 0;
	}
	if (want_crc) {
		unsigned char buf[65536];
		uLong c = crc32(0, NULL, 0);
		ssize_t n;

		while ((n = read(fd, buf, sizeof(buf))) > 0)
			c = crc32(c, buf, (uInt)n);
		if (n < 0 || (uint32_t)c != crc) {
			close(fd);
			return 0;
		}
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	while (elf && elf_kind(elf) == ELF_K_ELF &&
	       (scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		ret = read_symtab(elf, scn, &sh, e, 0);
		if (!ret && e->nsyms)
			ret = 1;
		break;
	}
	elf_end(elf);
	close(fd);
	return ret;
}

/* A stripped file's functions, from the debug file gdb would read
 * (a distribution's -dbgsym or -dbg package): by build ID under
 * /usr/lib/debug/.build-id, else by .gnu_debuglink's name beside the
 * file, in .debug/ beside it or under /usr/lib/debug, its CRC checked.
 * 0 (found or not), or -ENOMEM. */
static int read_debug_file(struct sp_elf *e, Elf_Scn *build_id,
			   Elf_Scn *link)
{
	Elf_Data *d = build_id ? elf_getdata(build_id, NULL) : NULL;
	char path[PATH_MAX], dir[PATH_MAX];
	const char *slash;
	int ret;

	if (d && d->d_buf && d->d_size > 16) {
		const uint8_t *n = d->d_buf;
		uint32_t namesz, descsz, type;
		size_t len;

		memcpy(&namesz, n, 4);
		memcpy(&descsz, n + 4, 4);
		memcpy(&type, n + 8, 4);
		if (type == NT_GNU_BUILD_ID && namesz == 4 && descsz >= 2 &&
		    descsz <= 64 && 16 + (size_t)descsz <= d->d_size &&
		    memcmp(n + 12, "GNU", 4) == 0) {
			len = (size_t)snprintf(path, sizeof(path),
					       "/usr/lib/debug/.build-id/%02x/",
					       n[16]);
			for (uint32_t i = 1; i < descsz; i++)
				len += (size_t)snprintf(path + len,
							sizeof(path) - len,
							"%02x", n[16 + i]);
			snprintf(path + len, sizeof(path) - len, ".debug");
			ret = read_debug_symtab(path, e, false, 0);
			if (ret)
				return ret < 0 ? ret : 0;
		}
	}
	d = link ? elf_getdata(link, NULL) : NULL;
	slash = strrchr(e->path, '/');
	if (!d || !d->d_buf || d->d_size < 8 || !slash)
		return 0;
	{
		const char *name = d->d_buf;
		size_t nlen = strnlen(name, d->d_size), off;
		uint32_t crc;

		off = (nlen + 4) & ~(size_t)3;
		if (!nlen || nlen == d->d_size || off + 4 > d->d_size ||
		    strchr(name, '/'))
			return 0;
		memcpy(&crc, (const char *)d->d_buf + off, 4);
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - e->path),
			 e->path);
		for (int i = 0; i < 3; i++) {
			int w = i == 0 ? snprintf(path, sizeof(path), "%s/%s",
						  dir, name) :
				i == 1 ? snprintf(path, sizeof(path),
						  "%s/.debug/%s", dir, name) :
					 snprintf(path, sizeof(path),
						  "/usr/lib/debug%s/%s", dir,
						  name);

			/* Not the file itself, were it named its own link. */
			if (w >= (int)sizeof(path) || strcmp(path, e->path) == 0)
				continue;
			ret = read_debug_symtab(path, e, true, crc);
			if (ret)
				return ret < 0 ? ret : 0;
		}
	}
	return 0;
}

/* Reads the segments and function symbols: .symtab when the file has one
 * (it holds every function, the static ones too), else its debug file's,
 * else .dynsym. */
static int read_elf(int fd, struct sp_elf *e)
{
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL, *eh = NULL;
	Elf_Scn *build_id = NULL, *link = NULL;
	GElf_Shdr sh, symsh, dynsh, ehsh = { 0 };
	size_t shstrndx;
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
	if (elf_getshdrstrndx(elf, &shstrndx))
		shstrndx = 0;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			continue;
		name = shstrndx ? elf_strptr(elf, shstrndx, sh.sh_name) : NULL;
		if (!e->eh_hdr && !eh && sh.sh_type == SHT_PROGBITS && name &&
		    strcmp(name, ".eh_frame") == 0) {
			eh = scn;
			ehsh = sh;
		} else if (sh.sh_type == SHT_NOTE && name &&
			   strcmp(name, ".note.gnu.build-id") == 0) {
			build_id = scn;
		} else if (name && strcmp(name, ".gnu_debuglink") == 0) {
			link = scn;
		} else if (sh.sh_type == SHT_SYMTAB && !symtab) {
			symtab = scn;
			symsh = sh;
		} else if (sh.sh_type == SHT_DYNSYM && !dynsym) {
			dynsym = scn;
			dynsh = sh;
		}
	}
	if (symtab)
		ret = read_symtab(elf, symtab, &symsh, e, 0);
	if (!ret && !e->nsyms)
		ret = read_debug_file(e, build_id, link);
	if (!ret && !e->nsyms && dynsym)
		ret = read_symtab(elf, dynsym, &dynsh, e, 1);
	if (!ret && e->nsyms)
		qsort(e->syms, e->nsyms, sizeof(*e->syms), cmp_sym);
	if (!ret && eh)
		ret = read_eh_frame(eh, &ehsh, e);
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
	/* The first of its aliases: the sized, plainest one. */
	while (s > e->syms && s[-1].value == s->value)
		s--;
	if (s->size && vaddr - s->value >= s->size)
		return NULL;
	return s->name;
}

const int32_t *sp_elf_eh_table(const struct sp_elf *e, size_t *n)
{
	*n = e->neh;
	return e->eh_table;
}

/* The image's libelf handle and the arrays it owns. */
struct sp_elf_priv {
	Elf *elf;
	int fd;
	const uint8_t *raw;   /* the whole file (libelf's mapping) */
	size_t rawsize;
};

void sp_elf_image_free(struct sp_elf_image *img)
{
	if (!img)
		return;
	if (img->priv) {
		elf_end(img->priv->elf);
		if (img->priv->fd >= 0)
			close(img->priv->fd);
		free(img->priv);
	}
	free(img->sects);
	free(img->syms);
	free(img->relocs);
	free(img->needed);
	free(img->inits);
	free(img->fdes);
	free(img);
}

const uint8_t *sp_elf_image_at(const struct sp_elf_image *img, uint64_t vaddr,
			       uint64_t len)
{
	for (size_t i = 0; i < img->nsects; i++) {
		const struct sp_elf_section *s = &img->sects[i];

		if (s->data && vaddr >= s->addr && vaddr - s->addr <= s->size &&
		    len <= s->size - (vaddr - s->addr))
			return s->data + (vaddr - s->addr);
	}
	return NULL;
}

const struct sp_elf_reloc *sp_elf_image_reloc(const struct sp_elf_image *img,
					      uint64_t where)
{
	size_t lo = sp_array_lower_u64(img->relocs, img->nrelocs,
				       sizeof(*img->relocs),
				       offsetof(struct sp_elf_reloc, where),
				       where);

	return lo < img->nrelocs && img->relocs[lo].where == where ?
		       &img->relocs[lo] :
		       NULL;
}

/* Appends one element of size sz to *v (n used, *cap allocated). */
static void *push(void *vp, size_t *n, size_t *cap, size_t sz)
{
	void **v = vp;

	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		void *nv = realloc(*v, ncap * sz);

		if (!nv)
			return NULL;
		*v = nv;
		*cap = ncap;
	}
	return (char *)*v + (*n)++ * sz;
}

static uint64_t read_u64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int read_sections(Elf *elf, struct sp_elf_image *img)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx, cap = 0;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return -ENOEXEC;
	while ((scn = elf_nextscn(elf, scn))) {
		struct sp_elf_section *s;
		Elf_Data *data;
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) ||
		    !sh.sh_size)
			continue;
		s = push(&img->sects, &img->nsects, &cap, sizeof(*s));
		if (!s)
			return -ENOMEM;
		s->name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!s->name)
			s->name = "";
		s->addr = sh.sh_addr;
		s->size = sh.sh_size;
		s->exec = sh.sh_flags & SHF_EXECINSTR;
		data = sh.sh_type == SHT_NOBITS ? NULL : elf_rawdata(scn, NULL);
		s->data = data && data->d_size == sh.sh_size ? data->d_buf :
							       NULL;
		if (strcmp(s->name, ".go.buildinfo") == 0)
			img->go = true;
	}
	return 0;
}

static enum sp_elf_symkind sym_kind(const GElf_Sym *s)
{
	switch (GELF_ST_TYPE(s->st_info)) {
	case STT_FUNC:
		return SP_SYM_FUNC;
	case STT_GNU_IFUNC:
		return SP_SYM_IFUNC;
	case STT_OBJECT:
	case STT_TLS:
		return SP_SYM_OBJECT;
	default:
		return SP_SYM_OTHER;
	}
}

/* .dynsym whole (imports and exports), .symtab's defined functions (names
 * for code a stripped .dynsym does not name). */
static int read_image_syms(Elf *elf, struct sp_elf_image *img, size_t *cap)
{
	Elf_Scn *scn = NULL;

	for (int pass = 0; pass < 2; pass++) {
		Elf32_Word want = pass ? SHT_SYMTAB : SHT_DYNSYM;

		while ((scn = elf_nextscn(elf, scn))) {
			Elf_Data *data;
			GElf_Shdr sh;
			size_t count;

			if (!gelf_getshdr(scn, &sh) || sh.sh_type != want ||
			    !sh.sh_entsize || !(data = elf_getdata(scn, NULL)))
				continue;
			count = sh.sh_size / sh.sh_entsize;
			for (size_t i = 1; i < count; i++) {
				struct sp_elf_symbol *o;
				const char *name;
				GElf_Sym s;

				if (!gelf_getsym(data, (int)i, &s))
					continue;
				if (pass && (s.st_shndx == SHN_UNDEF ||
					     sym_kind(&s) > SP_SYM_IFUNC))
					continue;
				name = elf_strptr(elf, sh.sh_link, s.st_name);
				if (!name || !*name)
					continue;
				o = push(&img->syms, &img->nsyms, cap,
					 sizeof(*o));
				if (!o)
					return -ENOMEM;
				*o = (struct sp_elf_symbol){
					.name = name,
					.value = s.st_value,
					.size = s.st_size,
					.kind = sym_kind(&s),
					.defined = s.st_shndx != SHN_UNDEF,
					.dynamic = !pass,
				};
			}
		}
		scn = NULL;
	}
	return 0;
}

static int cmp_reloc(const void *a, const void *b)
{
	const struct sp_elf_reloc *x = a, *y = b;

	return x->where < y->where ? -1 : x->where > y->where;
}

static int add_reloc(struct sp_elf_image *img, size_t *cap,
		     struct sp_elf_reloc r)
{
	struct sp_elf_reloc *o = push(&img->relocs, &img->nrelocs, cap,
				      sizeof(*o));

	if (!o)
		return -ENOMEM;
	*o = r;
	return 0;
}

/* The word of img's class at p. */
static uint64_t read_word(const struct sp_elf_image *img, const uint8_t *p)
{
	uint32_t w;

	if (img->word == 8)
		return read_u64(p);
	memcpy(&w, p, sizeof(w));
	return w;
}

/* RELR: a word with bit 0 clear is an address to relocate; a word with
 * bit 0 set is a bitmap of the 63 (31 in a 32-bit file) words after the
 * last address.  The addend is the word already in the file. */
static int read_relr(const struct sp_elf_section *s, struct sp_elf_image *img,
		     size_t *cap)
{
	unsigned word = img->word;
	uint64_t where = 0;

	for (uint64_t off = 0; off + word <= s->size; off += word) {
		uint64_t e = read_word(img, s->data + off);
		uint64_t at[64];
		size_t n = 0;

		if (!(e & 1)) {
			at[n++] = e;
			where = e + word;
		} else {
			for (unsigned i = 0; (e >>= 1); i++)
				if (e & 1)
					at[n++] = where + i * word;
			where += (8 * word - 1) * word;
		}
		for (size_t k = 0; k < n; k++) {
			const uint8_t *w = sp_elf_image_at(img, at[k], word);

			if (w && add_reloc(img, cap,
					   (struct sp_elf_reloc){
						   .where = at[k],
						   .kind = SP_REL_ADDR,
						   .value = read_word(img, w) }))
				return -ENOMEM;
		}
	}
	return 0;
}

/* What a dynamic relocation does, by machine: x86_64's RELA and i386's
 * REL (whose addend is the word already at the place) have the same
 * kinds. */
enum rel_does { RD_NONE, RD_RELATIVE, RD_IRELATIVE, RD_SYMBOL, RD_TPOFF,
		RD_DTPMOD };

static enum rel_does rel_does(unsigned machine, unsigned type)
{
	if (machine == EM_X86_64) {
		switch (type) {
		case R_X86_64_RELATIVE: return RD_RELATIVE;
		case R_X86_64_IRELATIVE: return RD_IRELATIVE;
		case R_X86_64_64:
		case R_X86_64_GLOB_DAT:
		case R_X86_64_JUMP_SLOT: return RD_SYMBOL;
		case R_X86_64_TPOFF64: return RD_TPOFF;
		case R_X86_64_DTPMOD64: return RD_DTPMOD;
		}
	} else if (machine == EM_386) {
		/* i386's thread-local offsets are not followed: the guards
		 * (tracer/code.c) read x86_64's initial-exec code only. */
		switch (type) {
		case R_386_RELATIVE: return RD_RELATIVE;
		case R_386_IRELATIVE: return RD_IRELATIVE;
		case R_386_32:
		case R_386_GLOB_DAT:
		case R_386_JMP_SLOT: return RD_SYMBOL;
		case R_386_TLS_DTPMOD32: return RD_DTPMOD;
		}
	}
	return RD_NONE;
}

/* The dynamic relocations of x86_64 (RELA) and i386 (REL) files; the
 * others are not followed. */
static int read_relocs(Elf *elf, struct sp_elf_image *img)
{
	unsigned want = img->machine == EM_X86_64 ? SHT_RELA :
			img->machine == EM_386	  ? SHT_REL :
						    SHT_NULL;
	Elf_Scn *scn = NULL;
	size_t cap = 0;
	int ret = 0;

	while (!ret && (scn = elf_nextscn(elf, scn))) {
		Elf_Data *data, *symdata;
		Elf_Scn *symscn;
		GElf_Shdr sh, symsh;
		size_t count;

		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC))
			continue;
		if (sh.sh_type == SHT_RELR) {
			for (size_t i = 0; i < img->nsects; i++)
				if (img->sects[i].addr == sh.sh_addr &&
				    img->sects[i].data)
					ret = read_relr(&img->sects[i], img,
							&cap);
			continue;
		}
		if (sh.sh_type != want || want == SHT_NULL ||
		    !sh.sh_entsize || !(data = elf_getdata(scn, NULL)))
			continue;
		symscn = elf_getscn(elf, sh.sh_link);
		symdata = symscn ? elf_getdata(symscn, NULL) : NULL;
		if (!symscn || !gelf_getshdr(symscn, &symsh))
			symdata = NULL;
		count = sh.sh_size / sh.sh_entsize;
		for (size_t i = 0; i < count && !ret; i++) {
			struct sp_elf_reloc r = { 0 };
			const char *name = NULL;
			const uint8_t *w;
			uint64_t addend;
			GElf_Rela rel;
			GElf_Rel rl;
			GElf_Sym s;
			bool have_sym;

			if (want == SHT_RELA) {
				if (!gelf_getrela(data, (int)i, &rel))
					continue;
				addend = (uint64_t)rel.r_addend;
			} else {
				if (!gelf_getrel(data, (int)i, &rl))
					continue;
				rel.r_offset = rl.r_offset;
				rel.r_info = rl.r_info;
				w = sp_elf_image_at(img, rl.r_offset, img->word);
				addend = w ? read_word(img, w) : 0;
			}
			have_sym = symdata &&
				   gelf_getsym(symdata,
					       (int)GELF_R_SYM(rel.r_info), &s);
			if (have_sym && GELF_R_SYM(rel.r_info))
				name = elf_strptr(elf, symsh.sh_link,
						  s.st_name);
			r.where = rel.r_offset;
			switch (rel_does(img->machine,
					 (unsigned)GELF_R_TYPE(rel.r_info))) {
			case RD_RELATIVE:
				r.kind = SP_REL_ADDR;
				r.value = addend;
				break;
			case RD_IRELATIVE:
				r.kind = SP_REL_IFUNC;
				r.value = addend;
				break;
			case RD_SYMBOL:
				if (name && *name) {
					r.kind = SP_REL_SYMBOL;
					r.sym = name;
				} else if (have_sym) {
					/* A section symbol: an address here. */
					r.kind = SP_REL_ADDR;
					r.value = s.st_value + addend;
				} else {
					continue;
				}
				break;
			case RD_TPOFF:
				r.kind = SP_REL_TLS;
				r.sym = name && *name ? name : NULL;
				r.value = (have_sym ? s.st_value : 0) + addend;
				break;
			case RD_DTPMOD:
				if (!GELF_R_SYM(rel.r_info) ||
				    (have_sym && s.st_shndx != SHN_UNDEF))
					img->tls_dynamic = true;
				continue;
			case RD_NONE:
				continue;
			}
			ret = add_reloc(img, &cap, r);
		}
	}
	if (!ret && img->nrelocs)
		qsort(img->relocs, img->nrelocs, sizeof(*img->relocs),
		      cmp_reloc);
	return ret;
}

static int add_init(struct sp_elf_image *img, size_t *cap, uint64_t addr)
{
	uint64_t *o;

	if (!addr || addr == UINT64_MAX)
		return 0;
	o = push(&img->inits, &img->ninits, cap, sizeof(*o));
	if (!o)
		return -ENOMEM;
	*o = addr;
	return 0;
}

/* An array of code pointers (DT_INIT_ARRAY, ...): each word holds its
 * address, or a relocation does. */
static int add_init_array(struct sp_elf_image *img, size_t *cap,
			  uint64_t addr, uint64_t size)
{
	for (uint64_t off = 0; off + img->word <= size; off += img->word) {
		const struct sp_elf_reloc *r =
			sp_elf_image_reloc(img, addr + off);
		const uint8_t *w = sp_elf_image_at(img, addr + off, img->word);
		uint64_t v = r && r->kind == SP_REL_ADDR ? r->value :
			     w			       ? read_word(img, w) :
							 0;

		if (add_init(img, cap, v))
			return -ENOMEM;
	}
	return 0;
}

static int read_dynamic(Elf *elf, struct sp_elf_image *img)
{
	uint64_t arr[3][2] = { { 0 } }; /* init, fini, preinit: addr, size */
	Elf_Scn *scn = NULL;
	size_t ncap = 0, icap = 0;
	int ret = 0;

	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *data;
		GElf_Shdr sh;
		size_t count;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_DYNAMIC ||
		    !sh.sh_entsize || !(data = elf_getdata(scn, NULL)))
			continue;
		count = sh.sh_size / sh.sh_entsize;
		for (size_t i = 0; i < count && !ret; i++) {
			GElf_Dyn dyn;
			const char *str;
			const char **o;

			if (!gelf_getdyn(data, (int)i, &dyn) ||
			    dyn.d_tag == DT_NULL)
				break;
			switch (dyn.d_tag) {
			case DT_NEEDED:
			case DT_SONAME:
			case DT_RUNPATH:
			case DT_RPATH:
				str = elf_strptr(elf, sh.sh_link,
						 dyn.d_un.d_val);
				if (!str)
					break;
				if (dyn.d_tag == DT_SONAME) {
					img->soname = str;
					break;
				}
				/* DT_RUNPATH wins over DT_RPATH, as in
				 * ld.so. */
				if (dyn.d_tag == DT_RUNPATH ||
				    (dyn.d_tag == DT_RPATH && !img->runpath)) {
					img->runpath = str;
					break;
				}
				if (dyn.d_tag == DT_RPATH)
					break;
				o = push(&img->needed, &img->nneeded, &ncap,
					 sizeof(*o));
				if (!o)
					return -ENOMEM;
				*o = str;
				break;
			case DT_INIT:
			case DT_FINI:
				ret = add_init(img, &icap, dyn.d_un.d_ptr);
				break;
			case DT_INIT_ARRAY:
				arr[0][0] = dyn.d_un.d_ptr;
				break;
			case DT_INIT_ARRAYSZ:
				arr[0][1] = dyn.d_un.d_val;
				break;
			case DT_FINI_ARRAY:
				arr[1][0] = dyn.d_un.d_ptr;
				break;
			case DT_FINI_ARRAYSZ:
				arr[1][1] = dyn.d_un.d_val;
				break;
			case DT_PREINIT_ARRAY:
				arr[2][0] = dyn.d_un.d_ptr;
				break;
			case DT_PREINIT_ARRAYSZ:
				arr[2][1] = dyn.d_un.d_val;
				break;
			case DT_FLAGS_1:
				if (dyn.d_un.d_val & DF_1_PIE)
					img->type = SP_ELF_EXEC;
				break;
			default:
				break;
			}
		}
	}
	for (int k = 0; k < 3 && !ret; k++)
		ret = add_init_array(img, &icap, arr[k][0], arr[k][1]);
	return ret;
}

/* The entry at off of a version section (SHT_GNU_verneed: a file and
 * the versions needed from it; SHT_GNU_verdef: a version defined): where
 * its names start, how many, and the offset to the next entry. */
static bool version_entry(const GElf_Shdr *sh, Elf_Data *data, size_t off,
			  size_t *aux, unsigned *naux, size_t *next)
{
	GElf_Verneed vn;
	GElf_Verdef vd;

	if (sh->sh_type == SHT_GNU_verneed) {
		if (!gelf_getverneed(data, (int)off, &vn))
			return false;
		*aux = off + vn.vn_aux;
		*naux = vn.vn_cnt;
		*next = vn.vn_next;
		return true;
	}
	if (!gelf_getverdef(data, (int)off, &vd))
		return false;
	*aux = off + vd.vd_aux;
	*naux = vd.vd_cnt;
	*next = vd.vd_next;
	return true;
}

/* A version name at aux, and the offset to the next one; NULL when it
 * cannot be read. */
static const char *version_name(Elf *elf, const GElf_Shdr *sh,
				Elf_Data *data, size_t aux, size_t *next)
{
	GElf_Vernaux vna;
	GElf_Verdaux vda;

	if (sh->sh_type == SHT_GNU_verneed) {
		if (!gelf_getvernaux(data, (int)aux, &vna))
			return NULL;
		*next = vna.vna_next;
		return elf_strptr(elf, sh->sh_link, vna.vna_name);
	}
	if (!gelf_getverdaux(data, (int)aux, &vda))
		return NULL;
	*next = vda.vda_next;
	return elf_strptr(elf, sh->sh_link, vda.vda_name);
}

/* Whether a version the file needs or defines is glibc's private
 * interface, GLIBC_PRIVATE: the symbols glibc's own libraries share
 * with each other and promise no one else.  Each list is walked at most
 * sh_info entries, every offset checked by libelf. */
static bool libc_private(Elf *elf)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		Elf_Data *data;
		GElf_Shdr sh;
		size_t off = 0, next = 0;

		if (!gelf_getshdr(scn, &sh) ||
		    (sh.sh_type != SHT_GNU_verneed &&
		     sh.sh_type != SHT_GNU_verdef) ||
		    !(data = elf_getdata(scn, NULL)))
			continue;
		for (GElf_Word i = 0; i < sh.sh_info; i++, off += next) {
			size_t aux, step = 0;
			unsigned naux;

			if (!version_entry(&sh, data, off, &aux, &naux, &next))
				break;
			for (unsigned k = 0; k < naux; k++, aux += step) {
				const char *name = version_name(elf, &sh, data,
								aux, &step);

				if (name && strcmp(name, "GLIBC_PRIVATE") == 0)
					return true;
				if (!name || !step)
					break;
			}
			if (!next)
				break;
		}
	}
	return false;
}

/* A DWARF exception-header pointer (DW_EH_PE_*): the formats and bases
 * .eh_frame_hdr uses.  0, or -1 for one not handled. */
static int eh_read(const uint8_t **p, const uint8_t *end, uint8_t enc,
		   uint64_t pc, uint64_t datarel, uint64_t *out)
{
	uint64_t v;
	size_t n;

	switch (enc & 0x0f) {
	case 0x00: /* absptr */
	case 0x04: /* udata8 */
	case 0x0c: /* sdata8 */
		n = 8;
		break;
	case 0x03: /* udata4 */
	case 0x0b: /* sdata4 */
		n = 4;
		break;
	default:
		return -1;
	}
	if ((size_t)(end - *p) < n)
		return -1;
	if (n == 8) {
		v = read_u64(*p);
	} else {
		uint32_t w;

		memcpy(&w, *p, 4);
		v = (enc & 0x0f) == 0x0b ? (uint64_t)(int64_t)(int32_t)w : w;
	}
	switch (enc & 0x70) {
	case 0x00:
		break;
	case 0x10: /* pcrel */
		v += pc;
		break;
	case 0x30: /* datarel */
		v += datarel;
		break;
	default:
		return -1;
	}
	*p += n;
	*out = v;
	return 0;
}

/* .eh_frame_hdr's binary-search table: the start of every function
 * with unwind information, stripped or not. */
static int read_eh_frame_hdr(struct sp_elf_image *img)
{
	const struct sp_elf_section *s = NULL;
	const uint8_t *p, *end;
	uint64_t ptr, count;
	uint8_t ptr_enc, count_enc, table_enc;

	for (size_t i = 0; i < img->nsects; i++)
		if (strcmp(img->sects[i].name, ".eh_frame_hdr") == 0)
			s = &img->sects[i];
	if (!s || !s->data || s->size < 4 || s->data[0] != 1)
		return 0;
	p = s->data + 4;
	end = s->data + s->size;
	ptr_enc = s->data[1];
	count_enc = s->data[2];
	table_enc = s->data[3];
	if (eh_read(&p, end, ptr_enc, s->addr + 4, s->addr, &ptr) ||
	    eh_read(&p, end, count_enc, s->addr + (uint64_t)(p - s->data),
		    s->addr, &count) ||
	    count > s->size / 8)
		return 0;
	img->fdes = calloc(count ? count : 1, sizeof(*img->fdes));
	if (!img->fdes)
		return -ENOMEM;
	for (uint64_t i = 0; i < count; i++) {
		uint64_t start, fde;

		if (eh_read(&p, end, table_enc,
			    s->addr + (uint64_t)(p - s->data), s->addr,
			    &start) ||
		    eh_read(&p, end, table_enc,
			    s->addr + (uint64_t)(p - s->data), s->addr, &fde))
			break;
		img->fdes[img->nfdes++] = start;
	}
	return 0;
}

static int read_image(Elf *elf, struct sp_elf_image *img)
{
	size_t symcap = 0, n;
	GElf_Ehdr eh;
	int ret;

	if (!gelf_getehdr(elf, &eh) || (eh.e_type != ET_EXEC &&
					eh.e_type != ET_DYN))
		return -ENOEXEC;
	img->machine = eh.e_machine;
	img->word = gelf_getclass(elf) == ELFCLASS32 ? 4 : 8;
	img->entry = eh.e_entry;
	ret = read_sections(elf, img);
	if (!ret && !elf_getphdrnum(elf, &n)) {
		for (size_t i = 0; i < n; i++) {
			GElf_Phdr ph;

			if (gelf_getphdr(elf, (int)i, &ph) &&
			    ph.p_type == PT_TLS)
				img->tls_init = ph.p_filesz;
			/* The loader maps a segment with the protection
			 * its flags name (glibc's elf/dl-load.h
			 * pf_to_prot, musl's ldso/dynlink.c PFLAGS). */
			if (gelf_getphdr(elf, (int)i, &ph) &&
			    ph.p_type == PT_LOAD && (ph.p_flags & PF_X))
				img->xprots |= (uint8_t)(
					1u << (((ph.p_flags & PF_R) ?
							PROT_READ : 0) |
					       ((ph.p_flags & PF_W) ?
							PROT_WRITE : 0) |
					       PROT_EXEC));
			if (!gelf_getphdr(elf, (int)i, &ph) ||
			    ph.p_type != PT_INTERP ||
			    ph.p_offset >= img->priv->rawsize ||
			    !memchr(img->priv->raw + ph.p_offset, '\0',
				    img->priv->rawsize - ph.p_offset))
				continue;
			img->interp = (const char *)img->priv->raw +
				      ph.p_offset;
		}
	}
	if (!ret)
		ret = read_image_syms(elf, img, &symcap);
	if (!ret)
		ret = read_relocs(elf, img);
	img->type = eh.e_type == ET_EXEC ? SP_ELF_EXEC : SP_ELF_SHARED;
	if (!ret)
		ret = read_dynamic(elf, img);
	img->libc = libc_private(elf);
	/* A position-independent executable without the PIE flag (older
	 * linkers): an interpreter and no soname.  libc.so.6 has an
	 * interpreter (it runs) and a soname. */
	if (img->interp && !img->soname)
		img->type = SP_ELF_EXEC;
	if (!ret)
		ret = read_eh_frame_hdr(img);
	return ret;
}

/* What path is for machine: EK_NONE (no ELF file for it), EK_LIB (ET_DYN
 * without an interpreter), EK_PIE (ET_DYN with one) or EK_EXEC (ET_EXEC). */
enum obj_kind { EK_NONE, EK_LIB, EK_PIE, EK_EXEC };

static enum obj_kind kind_of(const char *path, unsigned machine)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	enum obj_kind k = EK_NONE;
	GElf_Ehdr eh;
	size_t n;
	Elf *elf;

	if (fd < 0)
		return EK_NONE;
	elf = libelf_ready() ? elf_begin(fd, ELF_C_READ_MMAP, NULL) : NULL;
	if (elf && elf_kind(elf) == ELF_K_ELF && gelf_getehdr(elf, &eh) &&
	    eh.e_machine == machine) {
		if (eh.e_type == ET_EXEC)
			k = EK_EXEC;
		else if (eh.e_type == ET_DYN && !elf_getphdrnum(elf, &n))
			k = EK_LIB;
		for (size_t i = 0; k == EK_LIB && i < n; i++) {
			GElf_Phdr ph;

			if (gelf_getphdr(elf, (int)i, &ph) &&
			    ph.p_type == PT_INTERP)
				k = EK_PIE;
		}
	}
	elf_end(elf);
	close(fd);
	return k;
}

bool sp_elf_is_library(const char *path, unsigned machine)
{
	return kind_of(path, machine) == EK_LIB;
}

bool sp_elf_is_shared(const char *path, unsigned machine)
{
	enum obj_kind k = kind_of(path, machine);

	return k == EK_LIB || k == EK_PIE;
}

bool sp_elf_is_program(const char *path, unsigned machine)
{
	enum obj_kind k = kind_of(path, machine);

	return k == EK_PIE || k == EK_EXEC;
}

/* Whether [off, off + len) lies in a file of size bytes. */
static bool within(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

/* Why a file that starts as ELF is not whole, or NULL: its headers, and
 * the segments and sections they describe, lie within the file.  A file
 * cut short (a copy or download interrupted, a library replaced as it
 * was written) would otherwise read as one with less code. */
static const char *cut_short(Elf *elf, size_t size)
{
	size_t nph, nsh;
	GElf_Ehdr eh;
	Elf_Scn *scn = NULL;

	if (!gelf_getehdr(elf, &eh))
		return "its ELF header is cut short";
	/* The header's counts: libelf's are cut to what the file holds
	 * (PN_XNUM and a zero e_shnum are extended numbering, in section
	 * 0, which libelf reads). */
	nph = eh.e_phnum;
	nsh = eh.e_shnum;
	if ((nph == PN_XNUM && elf_getphdrnum(elf, &nph)) ||
	    (nph && !within(eh.e_phoff, (uint64_t)nph * eh.e_phentsize, size)))
		return "its program headers lie past its end";
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph))
			return "its program headers cannot be read";
		if (ph.p_type == PT_LOAD &&
		    !within(ph.p_offset, ph.p_filesz, size))
			return "it is cut short (a segment lies past its end)";
	}
	if ((!nsh && eh.e_shoff && elf_getshdrnum(elf, &nsh)) ||
	    (eh.e_shoff &&
	     !within(eh.e_shoff, (uint64_t)(nsh ? nsh : 1) * eh.e_shentsize,
		     size)))
		return "its section headers lie past its end";
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			return "its section headers cannot be read";
		if (sh.sh_type != SHT_NOBITS &&
		    !within(sh.sh_offset, sh.sh_size, size))
			return "it is cut short (a section lies past its end)";
	}
	return NULL;
}

int sp_elf_image_open(const char *path, struct sp_elf_image **out,
		      struct sp_diag *d)
{
	struct sp_elf_image *img = calloc(1, sizeof(*img));
	const char *why;
	struct stat st;
	int ret;

	if (!img || !(img->priv = calloc(1, sizeof(*img->priv)))) {
		free(img);
		sp_diag_set(d, path, 0, 0, NULL, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	img->path = path;
	img->priv->fd = -1;
	if (!libelf_ready()) {
		ret = -ENOTSUP;
		sp_diag_set(d, path, 0, 0, NULL, "libelf: %s", elf_errmsg(-1));
		goto fail;
	}
	img->priv->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (img->priv->fd < 0 || fstat(img->priv->fd, &st)) {
		ret = -errno;
		sp_diag_set(d, path, 0, 0, NULL, "%s", strerror(-ret));
		goto fail;
	}
	img->priv->elf = S_ISREG(st.st_mode) ?
				 elf_begin(img->priv->fd, ELF_C_READ_MMAP,
					   NULL) :
				 NULL;
	if (!img->priv->elf || elf_kind(img->priv->elf) != ELF_K_ELF ||
	    !(img->priv->raw = (const uint8_t *)elf_rawfile(
		      img->priv->elf, &img->priv->rawsize))) {
		ret = -ENOEXEC;
		sp_diag_set(d, path, 0, 0, NULL, "not an ELF file");
		goto fail;
	}
	why = cut_short(img->priv->elf, img->priv->rawsize);
	if (why) {
		ret = -ENOEXEC;
		sp_diag_set(d, path, 0, 0, NULL, "%s", why);
		goto fail;
	}
	ret = read_image(img->priv->elf, img);
	if (ret) {
		sp_diag_set(d, path, 0, 0, NULL, "%s",
			    ret == -ENOEXEC ?
				    "not an ELF executable or library" :
				    strerror(-ret));
		goto fail;
	}
	*out = img;
	return 0;
fail:
	sp_elf_image_free(img);
	return ret;
}
