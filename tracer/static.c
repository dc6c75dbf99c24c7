#include "tracer/static.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <pwd.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/array.h"
#include "core/blake2b.h"
#include "core/keyset.h"
#include "core/lang.h"
#include "core/syscall.h"
#include "tracer/code.h"
#include "tracer/elf.h"
#include "tracer/libdirs.h"

/* x86_64 numbers: below this, one bit each. */
#define NR_MAX 1024

/* ---- files and their summaries ---- */

/* What tells a file's contents without reading them (the cache's key
 * less the path). */
struct file_id {
	uint64_t dev, ino, size, sec, nsec;
};

struct file {
	char *path;
	struct sp_code *code;    /* NULL: skipped (why) */
	char *why;
	bool cached;
	bool loaded;             /* an object of an image */
	bool plugin;             /* read from a plugin directory */
	/* The first file of the same contents: a hard link, a path
	 * through a symbolic link (code is that one's, read once), or a
	 * copy (the same summary: its analysis is the same). */
	uint32_t content;        /* its index in sp_static_priv.files */
	bool borrowed;           /* code is content's, not freed here */
	bool stated;             /* id is known */
	bool gone;               /* named as having no file when it ran (a
				    memfd, a file deleted: " (deleted)"; "?") */
	struct file_id id;
};

struct sp_static_priv {
	struct file **files;    /* pointers: objects keep them */
	size_t nfiles, cap;
	struct sp_hashidx by_path, by_id, by_code;    /* the files */
	/* Sites whose number is not constant, counted (file's content,
	 * region or import call). */
	struct sp_keyset unresolved;
	char **dirs;            /* the plugin directories */
	size_t ndirs, dcap;
	int cache_fd;           /* the cache's directory, or -1: none */
	bool by_content;        /* cache keys of the files' bytes (root) */
};

const char *sp_static_cache_dir(void)
{
	static char buf[PATH_MAX];
	const char *e = getenv("SANDPRINT_CACHE_DIR");
	struct passwd *pw;
	int n;

	if (e)
		return *e ? e : NULL;
	if ((e = getenv("XDG_CACHE_HOME")) && *e == '/')
		n = snprintf(buf, sizeof(buf), "%s/sandprint", e);
	else if ((e = getenv("HOME")) && *e == '/')
		n = snprintf(buf, sizeof(buf), "%s/.cache/sandprint", e);
	/* No $HOME: the user's home all the same.  An OCI runtime runs
	 * the hook with the environment it was given, and a system
	 * service may be given none: each container's exit analysed its
	 * files afresh. */
	else if ((pw = getpwuid(geteuid())) && pw->pw_dir &&
		 pw->pw_dir[0] == '/')
		n = snprintf(buf, sizeof(buf), "%s/.cache/sandprint",
			     pw->pw_dir);
	else
		return NULL;
	return n > 0 && (size_t)n < sizeof(buf) ? buf : NULL;
}

/* ---- the cache: one file per analysed file ---- */

/* 16 bytes: format version.  A summary's file ends in a 64-bit hash of
 * every byte before it (sp_hash_bytes): one whose bytes changed (a
 * disk's error, a bit flipped, a file edited) can still be well formed,
 * every index in range, and say what the file does not. */
#define CACHE_MAGIC "sandprint-code 2"

/* The summary's arrays, in file order: field, count, element. */
#define CODE_ARRAYS(X)                                                        \
	X(regions, nregions)                                                  \
	X(chunks, nchunks)                                                    \
	X(refs, nrefs)                                                        \
	X(sites, nsites)                                                      \
	X(exports, nexports)                                                  \
	X(icalls, nicalls)                                                    \
	X(tlsuses, ntlsuses)                                                  \
	X(roots, nroots)                                                      \
	X(imports, nimports)                                                  \
	X(needed, nneeded)                                                    \
	X(paths, npaths)                                                      \
	X(strs, nstrs)

/* What identifies a file's contents without reading them, and the
 * summary's version.  The change time with the modification time: a
 * file rewritten in place keeps its inode, and its size and mtime may
 * be the old ones (cp -p, touch -r, tar: another build of a library of
 * the same size), but each write sets its ctime, which no call sets
 * back. */
static int cache_key(const char *path, const struct stat *st, char *key,
		     size_t len)
{
	int n = snprintf(key, len,
			 "%s\n%d %llu %llu %llu %lld.%09ld %lld.%09ld", path,
			 SP_CODE_VERSION,
			 (unsigned long long)st->st_dev,
			 (unsigned long long)st->st_ino,
			 (unsigned long long)st->st_size,
			 (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
			 (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);

	return n > 0 && (size_t)n < len ? n : -ENAMETOOLONG;
}

/* Whether path is still the file st, unwritten since: a summary made
 * while it changed is of neither version, and is not cached under the
 * key of the first. */
static bool unchanged(const char *path, const struct stat *st)
{
	struct stat now;

	return !stat(path, &now) && now.st_dev == st->st_dev &&
	       now.st_ino == st->st_ino && now.st_size == st->st_size &&
	       now.st_mtim.tv_sec == st->st_mtim.tv_sec &&
	       now.st_mtim.tv_nsec == st->st_mtim.tv_nsec &&
	       now.st_ctim.tv_sec == st->st_ctim.tv_sec &&
	       now.st_ctim.tv_nsec == st->st_ctim.tv_nsec;
}

/* The key of a file under another root (a container's): its bytes, not
 * where they lie.  Its device number is the mount's, and each container's
 * root (an overlay) is mounted anew, with a new number, at each start:
 * keyed by device and inode, every container's exit analysed the same
 * image's files afresh and left one more copy of their summaries in the
 * cache.  A cryptographic digest: the cache is shared by every container
 * the hook records, and an image's file made to hash as another image's
 * (a C library's) would have its summary taken for that one's, a
 * profile missing what the real one calls (a digest of two 64-bit
 * multiply-and-shift hashes can be matched at will).  -errno when the
 * file cannot be read whole. */
static int content_key(const char *path, const struct stat *st, char *key,
		       size_t len)
{
	static const size_t chunk = 1 << 16;
	struct sp_blake2b b;
	uint8_t digest[32];
	char hex[2 * sizeof(digest) + 1];
	uint64_t total = 0;
	char *buf = malloc(chunk);
	int fd = open(path, O_RDONLY | O_CLOEXEC), n, ret = 0;
	ssize_t k;

	if (fd < 0 || !buf) {
		ret = fd < 0 ? -errno : -ENOMEM;
		goto out;
	}
	sp_blake2b_init(&b, sizeof(digest));
	while ((k = read(fd, buf, chunk)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			ret = -errno;
			goto out;
		}
		sp_blake2b_update(&b, buf, (size_t)k);
		total += (uint64_t)k;
	}
	if (total != (uint64_t)st->st_size) {
		ret = -EAGAIN;  /* changed while read */
		goto out;
	}
	sp_blake2b_final(&b, digest);
	for (size_t i = 0; i < sizeof(digest); i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	n = snprintf(key, len, "%s\n%d blake2b-256 %llu %s", path,
		     SP_CODE_VERSION, (unsigned long long)total, hex);
	ret = n > 0 && (size_t)n < len ? n : -ENAMETOOLONG;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return ret;
}

/* A summary's file name in the cache directory. */
static int cache_name(const char *key, char *out, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	int n;

	for (const char *s = key; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	n = snprintf(out, len, "%016llx.code", (unsigned long long)h);
	return n > 0 && (size_t)n < len ? 0 : -ENAMETOOLONG;
}

/* Writes n bytes of p to fd, and adds them to the hash *sum. */
static int write_all(int fd, uint64_t *sum, const void *p, size_t n)
{
	const char *s = p;

	*sum = sp_hash_bytes(*sum, p, n);
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -EIO;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int mkdirs(const char *dir)
{
	char buf[PATH_MAX];
	size_t n = strlen(dir);

	if (n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, dir, n + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0700) && errno != EEXIST ? -errno : 0;
}

/* The cache's directory, made if need be, open (the analysis may read
 * files under another root, where dir names another directory or
 * none); -1 when it cannot be.  Not a directory another user owns or
 * anyone may write to (SANDPRINT_CACHE_DIR=/tmp/x on a shared machine,
 * a workload that runs as another user): a summary someone else put
 * there, well formed and its hash right, would be taken for the file's,
 * and the profile miss what the file calls. */
static int cache_open(const char *dir)
{
	struct stat st;
	int fd;

	if (!dir || mkdirs(dir))
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, &st) || st.st_uid != geteuid() ||
			(st.st_mode & S_IWOTH))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

int sp_static_cache_open(void)
{
	return cache_open(sp_static_cache_dir());
}

/* Best effort: a cache that cannot be written only costs time.  Written
 * to a name of this process's own, then renamed over the summary's:
 * another sandprint reads the old summary or the whole new one. */
static void cache_store(int dir, const char *key, const struct sp_code *c)
{
	static unsigned serial;
	char path[64], tmp[96];
	uint32_t head[6] = { (uint32_t)strlen(key), c->whole, c->machine,
			     c->go, c->libc, c->xprots };
	uint64_t sum = 0, end;
	int fd, ret;

	if (dir < 0 || cache_name(key, path, sizeof(path)))
		return;
	snprintf(tmp, sizeof(tmp), "%s.%ld.%u", path, (long)getpid(),
		 __atomic_fetch_add(&serial, 1, __ATOMIC_RELAXED));
	fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				      O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	ret = write_all(fd, &sum, CACHE_MAGIC, 16);
	if (!ret)
		ret = write_all(fd, &sum, head, sizeof(head));
	if (!ret)
		ret = write_all(fd, &sum, key, head[0]);
#define PUT(f, n)                                                             \
	if (!ret)                                                             \
		ret = write_all(fd, &sum, &c->n, sizeof(c->n));                     \
	if (!ret && c->n)                                                     \
		ret = write_all(fd, &sum, c->f, (size_t)c->n * sizeof(*c->f));
	CODE_ARRAYS(PUT)
#undef PUT
	if (!ret)
		ret = write_all(fd, &sum, &c->soname, sizeof(c->soname));
	if (!ret)
		ret = write_all(fd, &sum, &c->interp, sizeof(c->interp));
	if (!ret)
		ret = write_all(fd, &sum, &c->runpath, sizeof(c->runpath));
	end = sum;
	if (!ret)
		ret = write_all(fd, &sum, &end, sizeof(end));
	if (close(fd) || ret || renameat(dir, tmp, dir, path))
		unlinkat(dir, tmp, 0);
}

struct reader {
	const uint8_t *p, *end;
};

static int take(struct reader *r, void *out, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		return -EINVAL;
	memcpy(out, r->p, n);
	r->p += n;
	return 0;
}

static bool ref_ok(const struct sp_code *c, uint32_t ref)
{
	uint32_t i = SP_REF_INDEX(ref);

	switch (SP_REF_KIND(ref)) {
	case SP_REF_REGION:
	case SP_REF_TAKES:
		return i < c->nregions;
	case SP_REF_CHUNK:
		return i < c->nchunks;
	case SP_REF_NAME:
		return i < c->nstrs;
	}
	return false;
}

static bool str_ok(const struct sp_code *c, uint32_t s, bool none_ok)
{
	return s < c->nstrs || (none_ok && s == SP_CODE_NONAME);
}

/* Everything a summary read back must hold for the analysis to index it
 * safely: a cache file is input like any other. */
static bool code_ok(const struct sp_code *c)
{
	if (c->nstrs && c->strs[c->nstrs - 1] != '\0')
		return false;
	for (uint32_t i = 0; i < c->nregions; i++) {
		const struct sp_code_region *r = &c->regions[i];

		if (r->start >= r->end ||
		    (i && r->start < c->regions[i - 1].end) ||
		    r->ref0 > c->nrefs || r->nrefs > c->nrefs - r->ref0 ||
		    r->site0 > c->nsites || r->nsites > c->nsites - r->site0 ||
		    !str_ok(c, r->name, true) || r->fwd < SP_LOC_NONE ||
		    r->fwd >= SP_LOC_STACK + 64 || r->guard > c->nregions)
			return false;
	}
	for (uint32_t i = 0; i < c->ntlsuses; i++)
		if (c->tlsuses[i].region >= c->nregions ||
		    c->tlsuses[i].var >= c->nregions ||
		    (i && c->tlsuses[i].region < c->tlsuses[i - 1].region))
			return false;
	for (uint32_t i = 0; i < c->nchunks; i++) {
		const struct sp_code_chunk *k = &c->chunks[i];

		if (k->start >= k->end ||
		    (i && k->start < c->chunks[i - 1].end) ||
		    k->ref0 > c->nrefs || k->nrefs > c->nrefs - k->ref0)
			return false;
	}
	for (uint32_t i = 0; i < c->nrefs; i++)
		if (!ref_ok(c, c->refs[i]))
			return false;
	for (uint32_t i = 0; i < c->nroots; i++)
		if (!ref_ok(c, c->roots[i]) ||
		    SP_REF_KIND(c->roots[i]) != SP_REF_REGION)
			return false;
	for (uint32_t i = 0; i < c->nexports; i++) {
		const struct sp_code_export *e = &c->exports[i];

		if (!str_ok(c, e->name, false) || !ref_ok(c, e->ref) ||
		    (SP_REF_KIND(e->ref) != SP_REF_REGION &&
		     SP_REF_KIND(e->ref) != SP_REF_CHUNK) ||
		    (i && strcmp(c->strs + c->exports[i - 1].name,
				 c->strs + e->name) > 0))
			return false;
	}
	for (uint32_t i = 0; i < c->nicalls; i++)
		if (c->icalls[i].region >= c->nregions ||
		    !str_ok(c, c->icalls[i].name, false) ||
		    (i && c->icalls[i].region < c->icalls[i - 1].region))
			return false;
	for (uint32_t i = 0; i < c->nimports; i++)
		if (!str_ok(c, c->imports[i], false))
			return false;
	for (uint32_t i = 0; i < c->nneeded; i++)
		if (!str_ok(c, c->needed[i], false))
			return false;
	for (uint32_t i = 0; i < c->npaths; i++)
		if (!str_ok(c, c->paths[i], false))
			return false;
	return str_ok(c, c->soname, true) && str_ok(c, c->interp, true) &&
	       str_ok(c, c->runpath, true);
}

/* The summary cached for key, or NULL (none, another file's, damaged). */
static struct sp_code *cache_load(int dir, const char *key)
{
	char path[64], magic[16];
	struct sp_code *c = NULL;
	struct reader r;
	uint32_t head[6];
	uint64_t sum;
	uint8_t *buf = NULL;
	struct stat st;
	int fd = -1;
	bool ok = false;

	if (dir < 0 || cache_name(key, path, sizeof(path)))
		return NULL;
	/* Not blocking: a FIFO by that name would wait for a writer for
	 * ever (nothing but a regular file is a summary). */
	fd = openat(dir, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size < 32 ||
	    st.st_size > (off_t)1 << 32)
		goto out;
	buf = malloc((size_t)st.st_size);
	c = calloc(1, sizeof(*c));
	if (!buf || !c ||
	    read(fd, buf, (size_t)st.st_size) != (ssize_t)st.st_size)
		goto out;
	r = (struct reader){ buf, buf + st.st_size - sizeof(sum) };
	memcpy(&sum, r.end, sizeof(sum));
	if (sp_hash_bytes(0, buf, (size_t)(r.end - buf)) != sum)
		goto out;
	if (take(&r, magic, 16) || memcmp(magic, CACHE_MAGIC, 16) ||
	    take(&r, head, sizeof(head)) || head[0] != strlen(key) ||
	    (size_t)(r.end - r.p) < head[0] || memcmp(r.p, key, head[0]))
		goto out;
	r.p += head[0];
	c->whole = head[1];
	c->machine = head[2];
	c->go = head[3];
	c->libc = head[4];
	c->xprots = head[5];
#define GET(f, n)                                                             \
	if (take(&r, &c->n, sizeof(c->n)) ||                                  \
	    (size_t)(r.end - r.p) / sizeof(*c->f) < c->n)                     \
		goto out;                                                     \
	if (c->n) {                                                           \
		c->f = malloc((size_t)c->n * sizeof(*c->f));                  \
		if (!c->f || take(&r, c->f, (size_t)c->n * sizeof(*c->f)))    \
			goto out;                                             \
	}
	CODE_ARRAYS(GET)
#undef GET
	if (take(&r, &c->soname, sizeof(c->soname)) ||
	    take(&r, &c->interp, sizeof(c->interp)) ||
	    take(&r, &c->runpath, sizeof(c->runpath)) || r.p != r.end)
		goto out;
	ok = code_ok(c);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	if (!ok) {
		sp_code_free(c);
		c = NULL;
	}
	return c;
}

/* Summaries equal in every field. */
static bool same_code(const struct sp_code *a, const struct sp_code *b)
{
	if (a->whole != b->whole || a->machine != b->machine ||
	    a->go != b->go || a->libc != b->libc || a->soname != b->soname ||
	    a->interp != b->interp || a->runpath != b->runpath)
		return false;
#define SAME(f, n)                                                            \
	if (a->n != b->n ||                                                   \
	    (a->n && memcmp(a->f, b->f, (size_t)a->n * sizeof(*a->f))))       \
		return false;
	CODE_ARRAYS(SAME)
#undef SAME
	return true;
}

/* f's contents, when its summary is a file's before it (a copy of one
 * program, a test rebuilt byte for byte): that file's.  The hash takes
 * the counts and the strings' start, same_code the rest.  0 or
 * -ENOMEM. */
static int same_contents(struct sp_static_priv *P, struct file *f)
{
	const struct sp_code *c = f->code;
	uint32_t head[] = { c->whole, c->machine, c->nregions, c->nsites,
			    c->nexports, c->nimports, c->nstrs };
	uint64_t h = sp_hash_bytes(0, head, sizeof(head));
	uint32_t pos;

	h = sp_hash_bytes(h, c->strs, c->nstrs < 4096 ? c->nstrs : 4096);
	for (size_t it = 0; sp_hashidx_next(&P->by_code, h, &it, &pos);) {
		if (same_code(P->files[pos]->code, c)) {
			f->content = P->files[pos]->content;
			return 0;
		}
	}
	return sp_hashidx_add(&P->by_code, h, f->content);
}

/* Whether the kernel named path as a file with no name left when it
 * ran or was mapped (d_path's " (deleted)": an unlinked file, a memfd).
 * A path with no file now but not named so (a container's, read on the
 * host; one deleted after the recording) is only not read. */
static bool said_deleted(const char *path)
{
	static const char suffix[] = " (deleted)";
	size_t n = strlen(path);

	return n >= sizeof(suffix) - 1 &&
	       strcmp(path + n - (sizeof(suffix) - 1), suffix) == 0;
}

static struct file *file_get(struct sp_static_priv *P, const char *path)
{
	struct sp_elf_image *img = NULL;
	struct sp_diag d = { 0 };
	struct file *f;
	struct stat st;
	char key[PATH_MAX + 128];
	int ret;

	uint64_t h = sp_hash_str(path), hid;
	uint32_t pos;

	for (size_t it = 0; sp_hashidx_next(&P->by_path, h, &it, &pos);)
		if (strcmp(P->files[pos]->path, path) == 0)
			return P->files[pos];
	f = calloc(1, sizeof(*f));
	if (!f || !(f->path = strdup(path)) ||
	    sp_hashidx_add(&P->by_path, h, (uint32_t)P->nfiles) ||
	    !sp_array_push(&P->files, &P->nfiles, &P->cap, sizeof(*P->files))) {
		if (f)
			free(f->path);
		free(f);
		return NULL;
	}
	P->files[P->nfiles - 1] = f;
	f->content = (uint32_t)(P->nfiles - 1);
	errno = 0;
	if (stat(path, &st) || !S_ISREG(st.st_mode)) {
		f->gone = path[0] != '/' || said_deleted(path);
		f->why = strdup(errno ? strerror(errno) : "not a file");
		return f;
	}
	f->id = (struct file_id){ st.st_dev, st.st_ino, (uint64_t)st.st_size,
				  (uint64_t)st.st_mtim.tv_sec,
				  (uint64_t)st.st_mtim.tv_nsec };
	f->stated = true;
	hid = sp_hash_bytes(0, &f->id, sizeof(f->id));
	/* The same contents by another path (the links of a build farm's
	 * tools, 8000 names for /bin/true): summarized once. */
	for (size_t it = 0; sp_hashidx_next(&P->by_id, hid, &it, &pos);) {
		const struct file *twin = P->files[pos];

		if (!twin->code || twin->why ||
		    memcmp(&twin->id, &f->id, sizeof(f->id)))
			continue;
		f->code = twin->code;
		f->borrowed = true;
		f->cached = twin->cached;
		f->content = twin->content;
		/* As read from the cache: its message names this path. */
		if (sp_code_check_machine(f->code, path, &d) &&
		    !(f->why = strdup(d.msg)))
			return NULL;
		return f;
	}
	if (sp_hashidx_add(&P->by_id, hid, f->content))
		return NULL;
	if (P->cache_fd >= 0 &&
	    (P->by_content ? content_key(path, &st, key, sizeof(key)) :
			     cache_key(path, &st, key, sizeof(key))) > 0) {
		f->code = cache_load(P->cache_fd, key);
		if (f->code) {
			f->cached = true;
			/* Another machine's file: its names only, not read,
			 * as the first time. */
			if (sp_code_check_machine(f->code, path, &d) &&
			    !(f->why = strdup(d.msg)))
				return NULL;
			return same_contents(P, f) ? NULL : f;
		}
	} else {
		key[0] = '\0';
	}
	ret = sp_elf_image_open(path, &img, &d);
	if (!ret)
		ret = sp_code_scan(img, &f->code, &d);
	if (ret == -ENOMEM && !f->code) {
		sp_elf_image_free(img);
		return NULL;
	}
	if (ret)
		f->why = strdup(d.msg[0] ? d.msg : strerror(-ret));
	if (f->code && key[0] && unchanged(path, &st))
		cache_store(P->cache_fd, key, f->code);
	sp_elf_image_free(img);
	if (f->code && !f->why && same_contents(P, f))
		return NULL;
	return f;
}

/* ---- one process image: its objects and the closure over them ---- */

struct obj {
	struct file *f;
	bool whole;
	bool named;                 /* a library a loaded file names
				       (string_lib): its own strings are
				       not followed */
	const char *beside;         /* not loaded: sp_static_call.beside */
	uint8_t *rseen, *cseen;     /* regions, chunks visited */
	uint8_t *tlsset;            /* by variable (sp_code_tlsuse): code
				       that may set it was reached */
	uint64_t *rfrom, *cfrom;    /* o->paths: the node each region, chunk
				       was first reached from */
	/* The import calls to forwarders (syscall()), by region. */
	const struct sp_code_icall **fcalls;
	size_t nfcalls;
	/* The import calls to wrappers (ioctl(), prctl(): a site passes
	 * on the wrapper's own argument), by region. */
	const struct sp_code_icall **pcalls;
	size_t npcalls;
};

/* A name found in the process: the first object defining it. */
struct binding {
	const char *name;
	int obj;                    /* -1: nowhere */
	uint32_t first, n;
	uint32_t leads;             /* 1 + leads_to(), 0 before it is
				       known */
};

struct item {
	uint32_t obj, ref;
	uint64_t from;              /* the node that refers to it */
	uint32_t depth;             /* functions and tables from the root */
};

/* A node of the graph, for the paths: a region or a chunk of an object,
 * or a root. */
#define NODE(obj, idx) (((uint64_t)(obj) << 32) | (uint32_t)(idx))
#define NODE_CHUNK (1ull << 62)
#define NODE_ROOT (1ull << 63)
#define NODE_OBJ(n) ((uint32_t)((n) >> 32) & 0x3fffffff)
#define NODE_IDX(n) ((uint32_t)(n))

/* Where a number was first seen by a closure: a region of an object, or
 * a call passing it to via, a forwarder in lib. */
struct seen_at {
	uint32_t obj, region;
	const char *via, *lib;
	uint32_t depth;             /* of the region, from the root */
};

/* A name as one file spells it (a pointer into its strings): the same
 * binding without hashing the string again. */
struct spelling {
	const char *name;
	struct binding *b;
};

/* The distinct argument tuples the reachable sites of one number pass
 * (a tuple with bits missing from kept: a site where those are not
 * constants), and the first site found to pass each.  Wrappers' callers
 * multiply them (every constant fd and request of ioctl's callers): 42
 * for node's write, 28 for python's ioctl, measured; past the cap the
 * constants are not listed, and the call says so (sp_static_call.many). */
#define ARGS_MAX 64

struct nrargs {
	struct sp_args *v;              /* ARGS_MAX slots */
	struct sp_static_site *at;      /* ARGS_MAX slots */
	uint8_t *caller;                /* ARGS_MAX slots: sp_static_call */
	size_t n;
	bool full;              /* more than ARGS_MAX: v is one tuple with
				   nothing kept, at no site */
};

/* The machines whose code is read (tracer/code.h), each with its own
 * numbers: an i386 program's calls are not x86_64's. */
static const unsigned machines[] = { EM_X86_64, EM_386 };
#define NMACHINES ARRAY_SIZE(machines)

/* The calls found so far, over all images of one machine. */
struct acc {
	struct sp_static_result *r;
	struct sp_static_call *calls;   /* NR_MAX slots, nr -1: none */
	struct nrargs *args;            /* NR_MAX */
};

struct image {
	/* The executable's interpreter (PT_INTERP), NULL without one. */
	const struct file *interp;
	struct acc *collect;        /* the closure of all roots: where the
				       reached sites' arguments go */
	struct obj *objs;
	size_t nobjs;
	struct binding *binds;      /* open addressing, by string */
	size_t nbinds;
	struct spelling *spell;     /* open addressing, by pointer */
	struct item *work;          /* a queue: work[head..nwork) */
	size_t head, nwork, wcap;
	/* Regions reached whose thread-local guard no reached code may
	 * have set yet (sp_code_region.guard): expanded when one is. */
	struct item *parked;
	size_t nparked, pcap;
	uint64_t cur;               /* the node being visited */
	uint32_t depth;             /* what it refers to: its depth + 1 */
	/* The closure being computed. */
	uint8_t nrs[NR_MAX / 8];
	struct seen_at at[NR_MAX];
	size_t visited;
};

static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct binding *bind_string(struct image *I, const char *name)
{
	size_t h = name_hash(name) & (I->nbinds - 1);
	struct binding *b;

	for (;; h = (h + 1) & (I->nbinds - 1)) {
		b = &I->binds[h];
		if (!b->name)
			break;
		if (strcmp(b->name, name) == 0)
			return b;
	}
	/* The table is sized for every name of every object: never full. */
	b->name = name;
	b->obj = -1;
	for (size_t i = 0; i < I->nobjs; i++) {
		const struct sp_code *c = I->objs[i].f->code;
		uint32_t first;
		size_t n = sp_code_exports(c, name, &first);

		if (n) {
			b->obj = (int)i;
			b->first = first;
			b->n = (uint32_t)n;
			break;
		}
	}
	return b;
}

/* Where name (a string of one of the objects) is defined in the
 * process. */
static struct binding *bind(struct image *I, const char *name)
{
	size_t h = ((uintptr_t)name * 0x9e3779b97f4a7c15ull >> 17) &
		   (I->nbinds - 1);
	struct spelling *sp;

	for (;; h = (h + 1) & (I->nbinds - 1)) {
		sp = &I->spell[h];
		if (!sp->name || sp->name == name)
			break;
	}
	if (!sp->name) {
		sp->name = name;
		sp->b = bind_string(I, name);
	}
	return sp->b;
}

/* The k-th definition of a name bound in the process when it is a
 * function, else NULL. */
static const struct sp_code_region *
defined_region(const struct image *I, const struct binding *b, uint32_t k)
{
	const struct sp_code *d = I->objs[b->obj].f->code;
	uint32_t ref = d->exports[b->first + k].ref;

	return SP_REF_KIND(ref) == SP_REF_REGION ?
		       &d->regions[SP_REF_INDEX(ref)] :
		       NULL;
}

/* The first of c's import calls in region r. */
static uint32_t icall_in(const struct sp_code *c, uint32_t r)
{
	uint32_t lo = 0, hi = c->nicalls;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (c->icalls[mid].region < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* What a binding leads to: a forwarder (FORWARDS), or a wrapper, a site
 * that passes on one of its C arguments, or a function that passes one
 * on to an import call (WRAPS). */
enum { FORWARDS = 1, WRAPS = 2 };

static int leads_to(struct image *I, struct binding *b, unsigned depth)
{
	const struct sp_code *d;
	int what = 0;

	if (b->obj < 0)
		return 0;
	if (b->leads)
		return (int)b->leads - 1;
	d = I->objs[b->obj].f->code;
	for (uint32_t k = 0; k < b->n && what != FORWARDS; k++) {
		const struct sp_code_region *g = defined_region(I, b, k);
		uint32_t r;

		if (!g)
			continue;
		if (g->fwd != SP_LOC_NONE) {
			what = FORWARDS;
			break;
		}
		for (uint32_t s = 0; s < g->nsites; s++)
			if (SP_SITE_PASSES(&d->sites[g->site0 + s]))
				what = WRAPS;
		/* A function passing on an argument to an import call that
		 * leads to a wrapper in turn (pass_args). */
		r = (uint32_t)(g - d->regions);
		for (uint32_t i = icall_in(d, r); what != WRAPS &&
		     depth < SP_PASS_DEPTH && i < d->nicalls &&
		     d->icalls[i].region == r; i++)
			if (d->icalls[i].passed &&
			    leads_to(I, bind(I, d->strs + d->icalls[i].name),
				     depth + 1) == WRAPS)
				what = WRAPS;
	}
	/* Known for good only where the depth limit did not cut it. */
	if (what || !depth)
		b->leads = (uint32_t)what + 1;
	return what;
}

/* Each object's import calls to forwarders and to wrappers, found
 * once. */
static int find_fcalls(struct image *I)
{
	for (size_t i = 0; i < I->nobjs; i++) {
		struct obj *o = &I->objs[i];
		const struct sp_code *c = o->f->code;
		size_t cap = 0, pcap = 0;

		for (uint32_t k = 0; k < c->nicalls; k++) {
			int what = leads_to(I, bind(I, c->strs +
							   c->icalls[k].name), 0);
			const struct sp_code_icall **p = NULL;

			if (what == FORWARDS)
				p = sp_array_push(&o->fcalls, &o->nfcalls,
						  &cap, sizeof(*p));
			else if (what == WRAPS)
				p = sp_array_push(&o->pcalls, &o->npcalls,
						  &pcap, sizeof(*p));
			else
				continue;
			if (!p)
				return -ENOMEM;
			*p = &c->icalls[k];
		}
	}
	return 0;
}

static int push(struct image *I, uint32_t obj, uint32_t ref)
{
	struct item *it =
		sp_array_push(&I->work, &I->nwork, &I->wcap, sizeof(*it));

	if (!it)
		return -ENOMEM;
	*it = (struct item){ obj, ref, I->cur, I->depth };
	return 0;
}

static const char *region_name(const struct obj *o, uint32_t r)
{
	const struct sp_code *c = o->f->code;

	return c->regions[r].name == SP_CODE_NONAME ?
		       NULL :
		       c->strs + c->regions[r].name;
}

/* Adds the tuple t, passed by the site at, to the set a, once; caller:
 * its arguments that are a wrapper's caller's constants (a tuple of the
 * same values from a syscall instruction is another one).  Past
 * ARGS_MAX, the set is one tuple with nothing kept.  0 or -ENOMEM. */
static int add_args(struct nrargs *a, const struct sp_args *t,
		    uint8_t caller, struct sp_static_site at)
{
	if (a->full)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].kept == t->kept && a->caller[i] == caller &&
		    memcmp(a->v[i].args, t->args, sizeof(t->args)) == 0)
			return 0;
	if (a->n == ARGS_MAX) {
		a->v[0] = (struct sp_args){ 0 };
		a->at[0] = (struct sp_static_site){ 0 };
		a->caller[0] = 0;
		a->n = 1;
		a->full = true;
		return 0;
	}
	if (!a->v && (!(a->v = calloc(ARGS_MAX, sizeof(*a->v))) ||
		      !(a->at = calloc(ARGS_MAX, sizeof(*a->at))) ||
		      !(a->caller = calloc(ARGS_MAX, sizeof(*a->caller)))))
		return -ENOMEM;
	a->v[a->n] = *t;
	a->caller[a->n] = caller;
	a->at[a->n++] = at;
	return 0;
}

/* A site's caller byte (tracer/static.h's sp_static_call.caller): the
 * arguments a caller gave it (SP_SITE_CALLER_ARGS); in a Go program,
 * which holds no C library, the arguments t leaves unknown are computed
 * by the program's own code (its syscall package hands on the family
 * net computes), from outside the C library. */
static uint8_t site_caller(const struct sp_code *c,
			   const struct sp_code_site *site,
			   const struct sp_args *t)
{
	uint8_t caller = (uint8_t)SP_SITE_CALLER_ARGS(site);
	uint8_t unknown = (uint8_t)(~t->kept & ((1u << SP_NARGS) - 1));

	if (c->go && !caller && unknown)
		caller = unknown | SP_CALLER_OUTSIDE_LIBC;
	return caller;
}

/* A site's arguments, the unknown ones zero (a summary read back from
 * the cache may hold anything there), so that equal tuples compare
 * equal. */
static struct sp_args site_args(const struct sp_code_site *site)
{
	struct sp_args t = { .kept = (uint8_t)(site->kept &
					       ((1u << SP_NARGS) - 1)) };

	for (unsigned k = 0; k < SP_NARGS; k++)
		if (t.kept & (1u << k))
			t.args[k] = site->args[k];
	return t;
}

static bool has_nr(const uint8_t *set, int64_t nr)
{
	return set[nr / 8] & (1u << (nr % 8));
}

static void add_nr(struct image *I, int64_t nr, struct seen_at at)
{
	if (nr < 0 || nr >= NR_MAX)
		return;
	if (!(I->nrs[nr / 8] & (1u << (nr % 8)))) {
		I->nrs[nr / 8] |= (uint8_t)(1u << (nr % 8));
		I->at[nr] = at;
	}
}

/* A number passed to a forwarder: its arguments are not followed. */
static int forwarded_nr(struct image *I, int64_t nr, struct seen_at at)
{
	static const struct sp_args none;

	add_nr(I, nr, at);
	if (!I->collect || nr < 0 || nr >= NR_MAX)
		return 0;
	return add_args(&I->collect->args[nr], &none, 0,
			(struct sp_static_site){ at.via, at.lib });
}

/* n sites whose number is not constant, at what (a region, or an import
 * call with UNRESOLVED_ICALL) in f: counted in r once, however many
 * images reach them (each reaches its C library's, each link of a
 * file is the same file).  0 or -ENOMEM. */
#define UNRESOLVED_ICALL (1u << 31)

static int count_unresolved(struct sp_static_result *r, const struct file *f,
			    uint32_t what, uint32_t n)
{
	int rc;

	if (!n)
		return 0;
	rc = sp_keyset_add(&r->priv->unresolved,
			   ((uint64_t)f->content + 1) << 32 | what);
	if (rc < 0)
		return rc;
	r->unresolved += !rc ? n : 0;
	return 0;
}

/* The numbers an import call passes to a forwarder it resolves to. */
static int icall_numbers(struct image *I, uint32_t obj,
			 const struct sp_code_icall *ic)
{
	const struct sp_code *c = I->objs[obj].f->code;
	const struct binding *b = bind(I, c->strs + ic->name);
	const struct sp_code *d;
	int ret = 0;

	if (b->obj < 0)
		return 0;
	d = I->objs[b->obj].f->code;
	for (uint32_t k = 0; k < b->n && !ret; k++) {
		uint32_t ref = d->exports[b->first + k].ref;
		struct seen_at at = { obj, ic->region, c->strs + ic->name,
				      I->objs[b->obj].f->path, I->depth };
		int32_t fwd;

		if (SP_REF_KIND(ref) != SP_REF_REGION)
			continue;
		fwd = d->regions[SP_REF_INDEX(ref)].fwd;
		if (fwd == SP_LOC_RDI && (ic->known & SP_ICALL_RDI))
			ret = forwarded_nr(I, ic->rdi, at);
		else if (fwd == SP_LOC_RAX && (ic->known & SP_ICALL_RAX))
			ret = forwarded_nr(I, ic->rax, at);
		else if (fwd == sp_code_arg_loc(c, 0) &&
			 (ic->known & SP_ICALL_ARG(0)))
			/* i386: syscall()'s number is the first word on the
			 * stack. */
			ret = forwarded_nr(I, (int32_t)ic->args[0], at);
		else if (fwd != SP_LOC_NONE && I->collect)
			ret = count_unresolved(I->collect->r, I->objs[obj].f,
					       UNRESOLVED_ICALL |
						       (uint32_t)(ic - c->icalls),
					       1);
	}
	return ret;
}

/* The arguments an import call passes to a wrapper's sites: each site's
 * tuple with the arguments it passes on taken from the caller where
 * they are constants there (git's ioctl(1, TIOCGWINSZ, ...)), the site
 * named by the caller, marked as from outside the C library unless the
 * caller is one of its files.  The wrapper's own tuple, those arguments
 * computed, is its region's (visit_region).  A function of another file
 * that passes them on to an import call of its own (a library's helper
 * around ioctl) hands them on to that call, up to SP_PASS_DEPTH files:
 * file is the import call's file, at the first caller's.  open: the
 * arguments of ic the first caller computes (bit i: C's argument i),
 * which the tuple of a caller outside the C library leaves free. */
static int pass_args(struct image *I, uint32_t file,
		     const struct sp_code_icall *ic, uint32_t at,
		     uint32_t region, unsigned depth, uint8_t open)
{
	const struct obj *o = &I->objs[at];
	const uint8_t outside = o->f->code->libc ? 0 : SP_CALLER_OUTSIDE_LIBC;
	const struct binding *b;
	const struct sp_code *d;
	int ret = 0;

	if (!I->collect)
		return 0;
	b = bind(I, I->objs[file].f->code->strs + ic->name);
	if (b->obj < 0)
		return 0;
	d = I->objs[b->obj].f->code;
	for (uint32_t k = 0; k < b->n && !ret; k++) {
		uint32_t ref = d->exports[b->first + k].ref;
		const struct sp_code_region *g;

		if (SP_REF_KIND(ref) != SP_REF_REGION)
			continue;
		g = &d->regions[SP_REF_INDEX(ref)];
		for (uint32_t s = 0; s < g->nsites && !ret; s++) {
			const struct sp_code_site *site = &d->sites[g->site0 + s];
			struct sp_args t = site_args(site);
			uint8_t taken = 0, computed = 0;

			for (unsigned a = 0; a < SP_NARGS; a++) {
				unsigned from = SP_SITE_PASSED(site, a);

				if (!from || from > 6)
					continue;
				if (!(ic->known & SP_ICALL_ARG(from - 1))) {
					if (open & (1u << (from - 1)))
						computed |= (uint8_t)(1u << a);
					continue;
				}
				/* With what the wrapper adds to it
				 * (tcsetattr's TCSETS + its mode). */
				t.args[a] = (uint32_t)(ic->args[from - 1] +
						       site->args[a]);
				t.kept |= (uint8_t)(1u << a);
				taken |= (uint8_t)(1u << a);
			}
			/* A helper's site in d (SP_SITE_AT_CALL) may hold
			 * constants of its caller there: the caller's, not
			 * the syscall instruction's, and not from outside
			 * the C library (they lift no guard).  Code outside
			 * it that passes a value it computes (Tcl's
			 * socket() of getaddrinfo()'s family) may pass any:
			 * those arguments are the caller's too, not kept. */
			if (!outside || SP_SITE_CALLER_ARGS(site))
				computed = 0;
			if ((taken || computed) && site->nr >= 0 &&
			    site->nr < NR_MAX)
				ret = add_args(
					&I->collect->args[site->nr], &t,
					(uint8_t)(taken | computed |
						  SP_SITE_CALLER_ARGS(site) |
						  (SP_SITE_CALLER_ARGS(site) ?
							   0 :
							   outside)),
					(struct sp_static_site){
						region_name(o, region),
						o->f->path });
		}
		for (uint32_t i = icall_in(d, SP_REF_INDEX(ref));
		     depth < SP_PASS_DEPTH && i < d->nicalls &&
		     d->icalls[i].region == SP_REF_INDEX(ref) && !ret;
		     i++) {
			struct sp_code_icall e = d->icalls[i];
			uint8_t e_open = 0;
			bool took = false;

			if (e.passed &&
			    leads_to(I, bind(I, d->strs + e.name), depth + 1) !=
				    WRAPS)
				continue;
			for (unsigned a = 0; a < 6 && e.passed; a++) {
				unsigned p = SP_ICALL_PASSED(&d->icalls[i], a);

				if (!p || p > 6)
					continue;
				if (!(ic->known & SP_ICALL_ARG(p - 1))) {
					if (open & (1u << (p - 1)))
						e_open |= (uint8_t)(1u << a);
					continue;
				}
				e.known |= SP_ICALL_ARG(a);
				e.args[a] = ic->args[p - 1];
				took = true;
			}
			if (took || e_open)
				ret = pass_args(I, (uint32_t)b->obj, &e, at,
						region, depth + 1, e_open);
		}
	}
	return ret;
}

/* The arguments ic computes itself (open): neither constants at the
 * call nor its function's own passed on (its callers give those,
 * tracer/code.c's passes). */
static int icall_args(struct image *I, uint32_t obj,
		      const struct sp_code_icall *ic)
{
	uint8_t open = 0;

	for (unsigned a = 0; a < 6; a++)
		if (!(ic->known & SP_ICALL_ARG(a)) && !SP_ICALL_PASSED(ic, a))
			open |= (uint8_t)(1u << a);
	return pass_args(I, obj, ic, obj, ic->region, 0, open);
}

/* The first of n import calls (sorted by region) in region r. */
static size_t first_in(const struct sp_code_icall *const *v, size_t n,
		       uint32_t r)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid]->region < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The import calls of region r: numbers passed to forwarders, arguments
 * to wrappers. */
static int region_icalls(struct image *I, uint32_t obj, uint32_t r)
{
	const struct obj *o = &I->objs[obj];
	size_t i = first_in(o->fcalls, o->nfcalls, r);
	int ret = 0;

	for (; i < o->nfcalls && o->fcalls[i]->region == r && !ret; i++)
		ret = icall_numbers(I, obj, o->fcalls[i]);
	i = first_in(o->pcalls, o->npcalls, r);
	for (; i < o->npcalls && o->pcalls[i]->region == r && !ret; i++)
		ret = icall_args(I, obj, o->pcalls[i]);
	return ret;
}

static int expand_region(struct image *I, uint32_t oi, uint32_t r,
			 uint32_t depth);

/* Region r of object oi names thread-local variables guards test: they
 * may be set now, and the regions parked on them count. */
static int set_tls(struct image *I, uint32_t oi, uint32_t r)
{
	struct obj *o = &I->objs[oi];
	const struct sp_code *c = o->f->code;
	size_t i;
	int ret = 0;

	for (i = 0; i < c->ntlsuses && c->tlsuses[i].region < r; i++)
		;
	for (; i < c->ntlsuses && c->tlsuses[i].region == r && !ret; i++) {
		uint32_t var = c->tlsuses[i].var;

		if (o->tlsset[var])
			continue;
		o->tlsset[var] = 1;
		/* From the start after each: expanding one may release
		 * others, which reorders the list. */
		for (size_t k = 0; k < I->nparked && !ret;) {
			struct item p = I->parked[k];

			if (p.obj != oi ||
			    c->regions[p.ref].guard != var + 1) {
				k++;
				continue;
			}
			I->parked[k] = I->parked[--I->nparked];
			ret = expand_region(I, p.obj, p.ref, p.depth);
			k = 0;
		}
	}
	return ret;
}

/* What region r leads to: its sites, its calls to forwarders and
 * wrappers, its references. */
static int expand_region(struct image *I, uint32_t oi, uint32_t r,
			 uint32_t depth)
{
	struct obj *o = &I->objs[oi];
	const struct sp_code *c = o->f->code;
	const struct sp_code_region *g = &c->regions[r];
	int ret = 0;

	I->cur = NODE(oi, r);
	I->depth = depth + 1;
	for (uint32_t s = 0; s < g->nsites && !ret; s++) {
		const struct sp_code_site *site = &c->sites[g->site0 + s];

		if (!(site->passed & SP_SITE_AT_CALL))
			add_nr(I, site->nr,
			       (struct seen_at){ oi, r, NULL, NULL, depth });
		if (I->collect && site->nr >= 0 && site->nr < NR_MAX) {
			struct sp_args t = site_args(site);

			ret = add_args(&I->collect->args[site->nr], &t,
				       site_caller(c, site, &t),
				       (struct sp_static_site){
					       region_name(o, r), o->f->path });
		}
	}
	if (!ret && I->collect)
		ret = count_unresolved(I->collect->r, o->f, r, g->unresolved);
	if (!ret)
		ret = region_icalls(I, oi, r);
	for (uint32_t k = 0; k < g->nrefs && !ret; k++)
		ret = push(I, oi, c->refs[g->ref0 + k]);
	if (!ret && c->ntlsuses)
		ret = set_tls(I, oi, r);
	return ret;
}

static int visit_region(struct image *I, uint32_t oi, uint32_t r,
			uint64_t from, uint32_t depth)
{
	struct obj *o = &I->objs[oi];
	const struct sp_code_region *g = &o->f->code->regions[r];

	if (o->rseen[r])
		return 0;
	o->rseen[r] = 1;
	if (o->rfrom)
		o->rfrom[r] = from;
	I->visited++;
	if (g->guard && !o->tlsset[g->guard - 1]) {
		struct item *p = sp_array_push(&I->parked, &I->nparked,
					       &I->pcap, sizeof(*p));

		if (!p)
			return -ENOMEM;
		*p = (struct item){ oi, r, from, depth };
		return 0;
	}
	return expand_region(I, oi, r, depth);
}

static int visit_name(struct image *I, const char *name)
{
	const struct binding *b = bind(I, name);
	const struct sp_code *d;
	int ret = 0;

	if (b->obj < 0)
		return 0;
	d = I->objs[b->obj].f->code;
	for (uint32_t k = 0; k < b->n && !ret; k++) {
		const struct sp_code_export *e = &d->exports[b->first + k];

		ret = push(I, (uint32_t)b->obj, e->ref);
		/* An IFUNC is whatever its resolver picks: all it takes. */
		if (!ret && e->ifunc && SP_REF_KIND(e->ref) == SP_REF_REGION) {
			const struct sp_code_region *g =
				&d->regions[SP_REF_INDEX(e->ref)];

			for (uint32_t j = 0; j < g->nrefs && !ret; j++)
				if (SP_REF_KIND(d->refs[g->ref0 + j]) ==
				    SP_REF_TAKES)
					ret = push(
						I, (uint32_t)b->obj,
						SP_REF(SP_REF_REGION,
						       SP_REF_INDEX(
							       d->refs[g->ref0 +
								       j])));
		}
	}
	return ret;
}

/* Runs the worklist dry, first in first out: what is reached is
 * reached along a shortest chain (the paths). */
static int closure(struct image *I)
{
	int ret = 0;

	while (I->head < I->nwork && !ret) {
		struct item it = I->work[I->head++];
		struct obj *o = &I->objs[it.obj];
		const struct sp_code *c = o->f->code;
		uint32_t idx = SP_REF_INDEX(it.ref);

		/* Whole objects are counted already. */
		if (o->whole)
			continue;
		switch (SP_REF_KIND(it.ref)) {
		case SP_REF_REGION:
		case SP_REF_TAKES:
			/* A function whose address reached code or data
			 * takes can be called through it, from any object
			 * the pointer is handed to. */
			ret = visit_region(I, it.obj, idx, it.from, it.depth);
			break;
		case SP_REF_CHUNK:
			if (o->cseen[idx])
				break;
			o->cseen[idx] = 1;
			if (o->cfrom)
				o->cfrom[idx] = it.from;
			I->cur = NODE(it.obj, idx) | NODE_CHUNK;
			I->depth = it.depth + 1;
			for (uint32_t k = 0; k < c->chunks[idx].nrefs && !ret;
			     k++)
				ret = push(I, it.obj,
					   c->refs[c->chunks[idx].ref0 + k]);
			break;
		case SP_REF_NAME:
			/* The definition stands where the name's user does. */
			I->cur = it.from;
			I->depth = it.depth;
			ret = visit_name(I, c->strs + idx);
			break;
		}
		/* The queue's done half, dropped now and then. */
		if (I->head > 4096 && I->head * 2 > I->nwork) {
			memmove(I->work, I->work + I->head,
				(I->nwork - I->head) * sizeof(*I->work));
			I->nwork -= I->head;
			I->head = 0;
		}
	}
	I->nwork = I->head = 0;
	return ret;
}

static void closure_reset(struct image *I)
{
	for (size_t i = 0; i < I->nobjs; i++) {
		struct obj *o = &I->objs[i];
		const struct sp_code *c = o->f->code;

		if (o->whole)
			continue;
		memset(o->rseen, 0, c->nregions);
		memset(o->cseen, 0, c->nchunks);
		if (o->tlsset)
			memset(o->tlsset, 0, c->nregions);
	}
	I->nparked = 0;
	memset(I->nrs, 0, sizeof(I->nrs));
	I->visited = 0;
}

/* A starting point of the closure: an import of a whole object, or an
 * initializer of a library. */
struct root {
	uint32_t obj;               /* the importer, or the library */
	uint32_t ref;               /* SP_REF_NAME (in obj's strings) or
				       SP_REF_REGION */
	bool adds;                  /* a plugin's root that may explain a
				       number (plugins_adding) */
};

/* The root that explains a number best: the fewest functions between it
 * and the call, then the smallest closure (nearly every import of a C
 * program reaches glibc's cancellation and start-up code, two thousand
 * functions, so closures alone rank badly). */
struct best {
	bool set;
	bool plugin;                /* the root is a file not loaded */
	uint32_t root, depth;
	size_t size;
};

/* Puts roots[k] on the worklist: a name bound in the process, or a
 * region. */
static int start(struct image *I, const struct root *roots, size_t k)
{
	const struct root *rt = &roots[k];
	const struct sp_code *c = I->objs[rt->obj].f->code;

	I->cur = NODE_ROOT | k;
	I->depth = 0;
	if (SP_REF_KIND(rt->ref) == SP_REF_NAME)
		return visit_name(I, c->strs + SP_REF_INDEX(rt->ref));
	return push(I, rt->obj, rt->ref);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* Whether the interpreter f is musl's, which is the C library too and
 * answers itself for the names of the libraries folded into it.  Its
 * loader finds its own later stages by name in its dynamic symbol table
 * (__dls2 looks up "__dls2b", which looks up "__dls3": musl's
 * ldso/dynlink.c), so every musl loader exports __dls3; glibc's ld.so
 * and libc.so.6 do not. */
static bool is_musl_loader(const struct file *f)
{
	uint32_t first;

	return f && f->code && sp_code_exports(f->code, "__dls3", &first);
}

/* Whether the dependency name is the interpreter f itself: musl's
 * load_library (ldso/dynlink.c) returns the running loader for a name
 * "lib" followed by one of its reserved stems and a dot ("libc.so",
 * "libc.musl-x86_64.so.1", "libpthread.so.0", "libm.so"), never looking
 * on disk. */
static bool loader_itself(const struct file *f, const char *name)
{
	static const char *const reserved[] = {
		"c.", "pthread.", "rt.", "m.", "dl.", "util.", "xnet.",
	};

	if (strncmp(name, "lib", 3) || !is_musl_loader(f))
		return false;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(*reserved); i++)
		if (strncmp(name + 3, reserved[i], strlen(reserved[i])) == 0)
			return true;
	return false;
}

/* Whether object i of the image answers to the dependency name: its
 * soname (else its file name), its file name, or the interpreter's own
 * names (loader_itself). */
static bool answers(const struct image *I, size_t i, const char *name)
{
	const struct file *f = I->objs[i].f;
	const char *own = f->code->soname != SP_CODE_NONAME ?
				  f->code->strs + f->code->soname :
				  base_name(f->path);

	return strcmp(own, name) == 0 || strcmp(base_name(f->path), name) == 0 ||
	       (f == I->interp && loader_itself(f, name));
}

/* Whether some object of the image names o in its DT_NEEDED (for a
 * loaded object, a loaded one: a plugin read beside it changes nothing
 * about how the recording loaded it), or o is the interpreter: the
 * kernel loads it for PT_INTERP, and it is always in the process's
 * global scope, answering the imports no other object defines (glibc's
 * and musl's loaders both). */
static bool needed_by_other(const struct image *I, size_t o)
{
	if (I->objs[o].f == I->interp)
		return true;
	for (size_t i = 0; i < I->nobjs; i++) {
		const struct sp_code *d = I->objs[i].f->code;

		if (i == o || (I->objs[i].beside && !I->objs[o].beside))
			continue;
		for (uint32_t k = 0; k < d->nneeded; k++)
			if (answers(I, o, d->strs + d->needed[k]))
				return true;
	}
	return false;
}

/* Whether the definitions root k names make a call of their own that is
 * not in set (glibc's sendmsg() imported). */
static bool makes_call(struct image *I, const struct root *rt,
		       const uint8_t *set)
{
	const struct sp_code *c = I->objs[rt->obj].f->code;
	const struct binding *b;
	const struct sp_code *d;

	if (SP_REF_KIND(rt->ref) != SP_REF_NAME)
		return false;
	b = bind(I, c->strs + SP_REF_INDEX(rt->ref));
	if (b->obj < 0)
		return false;
	d = I->objs[b->obj].f->code;
	for (uint32_t k = 0; k < b->n; k++) {
		const struct sp_code_region *g = defined_region(I, b, k);

		for (uint32_t s = 0; g && s < g->nsites; s++) {
			int64_t nr = d->sites[g->site0 + s].nr;

			if (nr >= 0 && nr < NR_MAX && !has_nr(set, nr))
				return true;
		}
	}
	return false;
}

/* Sets adds for the roots of plugins (objects not loaded) that may
 * explain a number the loaded objects' roots do not reach: those whose
 * definition makes such a call itself, and those that reach a number no
 * root before them does (the closure of the loaded objects' roots, then
 * each plugin's root in turn, keeping what was reached).  Only those
 * have their closure computed alone for the evidence: Ruby's extensions
 * bring 1350 roots into libruby, 4800 functions reached from each on
 * average (a warm profile of "ruby -e" took 0.84 s, 0.09 s so).  Roots
 * come in object order, the plugins' last.  0 or -ENOMEM. */
static int plugins_adding(struct image *I, struct root *roots, size_t nroots)
{
	uint8_t before[NR_MAX / 8], loaded[NR_MAX / 8] = { 0 };
	int ret = 0;

	if (!nroots || !I->objs[roots[nroots - 1].obj].beside)
		return 0;
	closure_reset(I);
	for (size_t k = 0; k < nroots && !ret; k++) {
		bool plugin = I->objs[roots[k].obj].beside;
		bool loaded_end = !plugin && (k + 1 == nroots ||
					      I->objs[roots[k + 1].obj].beside);

		memcpy(before, I->nrs, sizeof(before));
		ret = start(I, roots, k);
		/* The loaded objects' roots together, a plugin's one by
		 * one. */
		if (!ret && (plugin || loaded_end))
			ret = closure(I);
		if (loaded_end)
			memcpy(loaded, I->nrs, sizeof(loaded));
		roots[k].adds = plugin &&
				(memcmp(before, I->nrs, sizeof(before)) ||
				 makes_call(I, &roots[k], loaded));
	}
	return ret;
}

/* ---- the result ---- */

/* Whether evidence from beside (NULL: loaded code) is the first for nr,
 * or better than what it has: loaded code explains a call before a
 * plugin read beside it. */
static bool takes(const struct acc *A, int64_t nr, const char *beside)
{
	return nr >= 0 && nr < NR_MAX &&
	       (A->calls[nr].nr < 0 || (A->calls[nr].beside && !beside));
}

/* The evidence for nr, from object from (whether it was loaded, or is
 * a plugin's, or a library a plugin needs). */
static void put(struct acc *A, int64_t nr, const char *via, const char *lib,
		const char *by, const char *site, const char *site_lib,
		const struct obj *from)
{
	const char *beside = from->beside;

	if (!takes(A, nr, beside))
		return;
	if (site && via && strcmp(site, via) == 0)
		site = NULL;
	if (!site)
		site_lib = NULL;
	if (A->calls[nr].nr >= 0)
		free((void *)A->calls[nr].path);
	A->calls[nr] = (struct sp_static_call){ .nr = nr, .via = via,
						.lib = lib, .by = by,
						.site = site,
						.site_lib = site_lib,
						.beside = beside,
						.needed = beside &&
							  !from->whole,
						.named = beside &&
							 from->named };
}

/* A number passed as a constant to a forwarder (at). */
static void put_forwarded(struct acc *A, int64_t nr, const struct image *I,
			  const struct seen_at *at)
{
	const struct obj *by = &I->objs[at->obj];

	put(A, nr, at->via, at->lib, by->f->path, NULL, NULL, by);
	if (nr >= 0 && nr < NR_MAX && A->calls[nr].via == at->via)
		A->calls[nr].forwarded = true;
}

/* Appends text to the string *s (length *n); false when memory runs
 * out. */
static bool append(char **s, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static bool append(char **s, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int m;
	char *t;

	va_start(ap, fmt);
	m = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (m < 0 || !(t = realloc(*s, *n + (size_t)m + 1)))
		return false;
	va_start(ap, fmt);
	vsnprintf(t + *n, (size_t)m + 1, fmt, ap);
	va_end(ap);
	*s = t;
	*n += (size_t)m;
	return true;
}

/* A node's name: its function's, else file+address; data as [data]. */
static bool node_text(const struct image *I, uint64_t node, char **s,
		      size_t *n)
{
	const struct obj *o = &I->objs[NODE_OBJ(node)];
	const struct sp_code *c = o->f->code;
	const char *name;

	if (node & NODE_CHUNK)
		return append(s, n, "[data %s+%#llx]", base_name(o->f->path),
			      (unsigned long long)c->chunks[NODE_IDX(node)]
				      .start);
	name = region_name(o, NODE_IDX(node));
	if (name)
		return append(s, n, "%s", name);
	return append(s, n, "%s+%#llx", base_name(o->f->path),
		      (unsigned long long)c->regions[NODE_IDX(node)].start);
}

/* The chain of the closure of all roots that first reached nr: "getpwnam
 * (libc.so.6, imported by dash) > getpwnam_r > ... > open_socket",
 * naming a function's file where the chain enters another one.  NULL
 * when nr is not reached that way, or memory runs out. */
static char *path_of(const struct image *I, const struct root *roots,
		     int64_t nr)
{
	uint64_t chain[256];
	size_t depth = 0, n = 0;
	uint64_t node = NODE(I->at[nr].obj, I->at[nr].region);
	uint32_t last = UINT32_MAX;
	char *s = NULL;
	bool ok = true;

	if (!I->objs[I->at[nr].obj].rfrom)
		return NULL;
	while (!(node & NODE_ROOT) && depth < ARRAY_SIZE(chain)) {
		const struct obj *o = &I->objs[NODE_OBJ(node)];

		chain[depth++] = node;
		node = node & NODE_CHUNK ? o->cfrom[NODE_IDX(node)] :
					   o->rfrom[NODE_IDX(node)];
	}
	if (!(node & NODE_ROOT))
		return NULL;
	while (depth-- && ok) {
		uint32_t obj = NODE_OBJ(chain[depth]);

		ok = (!n || append(&s, &n, " > ")) &&
		     node_text(I, chain[depth], &s, &n);
		if (ok && n && obj != last) {
			const struct root *rt = &roots[node & ~NODE_ROOT];

			if (last == UINT32_MAX &&
			    SP_REF_KIND(rt->ref) == SP_REF_NAME)
				ok = append(&s, &n, " (%s, imported by %s)",
					    base_name(I->objs[obj].f->path),
					    base_name(I->objs[rt->obj]
							      .f->path));
			else if (last == UINT32_MAX)
				ok = append(&s, &n, " (%s, run at start)",
					    base_name(I->objs[obj].f->path));
			else
				ok = append(&s, &n, " (%s)",
					    base_name(I->objs[obj].f->path));
		}
		last = obj;
	}
	if (ok && I->at[nr].via)
		ok = append(&s, &n, " > %s (%s)", I->at[nr].via,
			    base_name(I->at[nr].lib));
	if (!ok) {
		free(s);
		s = NULL;
	}
	return s;
}

/* Whether the file c imports one of the functions fns. */
static bool file_imports(const struct sp_code *c, const char *const *fns,
			 size_t nfns)
{
	for (uint32_t k = 0; k < c->nimports; k++)
		for (size_t m = 0; m < nfns; m++)
			if (strcmp(c->strs + c->imports[k], fns[m]) == 0)
				return true;
	return false;
}

/* Whether a file among the first n objects of the image imports one of
 * the functions fns. */
static bool imports_any(const struct image *I, size_t n,
			const char *const *fns, size_t nfns)
{
	for (size_t i = 0; i < n; i++)
		if (file_imports(I->objs[i].f->code, fns, nfns))
			return true;
	return false;
}

/* Whether c is a static executable (no interpreter, nothing needed)
 * with a function named one of fns: the linker took it from libc.a
 * because the program calls it (a symbol's name, so not when stripped). */
static bool static_defines(const struct sp_code *c, const char *const *fns,
			   size_t nfns)
{
	if (!c->whole || c->interp != SP_CODE_NONAME || c->nneeded)
		return false;
	for (uint32_t r = 0; r < c->nregions; r++)
		for (size_t m = 0; m < nfns; m++)
			if (c->regions[r].name != SP_CODE_NONAME &&
			    strcmp(c->strs + c->regions[r].name, fns[m]) == 0)
				return true;
	return false;
}

/* Whether a file of the image imports a function that runs a program
 * (tracer/exec.def), or, a static executable, has one. */
static bool runs_programs(const struct image *I)
{
	static const char *const fns[] = {
#define SP_EXEC_FN(name) #name,
#include "tracer/exec.def"
#undef SP_EXEC_FN
	};

	for (size_t i = 0; i < I->nobjs; i++)
		if (static_defines(I->objs[i].f->code, fns, ARRAY_SIZE(fns)))
			return true;
	return imports_any(I, I->nobjs, fns, ARRAY_SIZE(fns));
}

/* Whether the file c exports one of the functions fns. */
static bool file_exports(const struct sp_code *c, const char *const *fns,
			 size_t nfns)
{
	uint32_t first;

	for (size_t m = 0; m < nfns; m++)
		if (sp_code_exports(c, fns[m], &first))
			return true;
	return false;
}

/* The first loaded file of the image that calls through a foreign
 * function interface (tracer/ffi.def: it imports a lookup by name and a
 * call by signature, or exports the entry point of an FFI that calls by
 * signature itself), or NULL: the script names the functions it calls,
 * in any library.  A plugin not loaded does not count: an interpreter
 * whose run never loaded its FFI module is not taken to use it. */
static const char *calls_by_name(const struct image *I)
{
	static const char *const calls[] = {
#define SP_FFI_CALL(name) #name,
#define SP_FFI_OWN(name)
#define SP_FFI_LOOKUP(name)
#include "tracer/ffi.def"
#undef SP_FFI_LOOKUP
#undef SP_FFI_OWN
#undef SP_FFI_CALL
	};
	static const char *const owns[] = {
#define SP_FFI_CALL(name)
#define SP_FFI_OWN(name) #name,
#define SP_FFI_LOOKUP(name)
#include "tracer/ffi.def"
#undef SP_FFI_LOOKUP
#undef SP_FFI_OWN
#undef SP_FFI_CALL
	};
	static const char *const lookups[] = {
#define SP_FFI_CALL(name)
#define SP_FFI_OWN(name)
#define SP_FFI_LOOKUP(name) #name,
#include "tracer/ffi.def"
#undef SP_FFI_LOOKUP
#undef SP_FFI_OWN
#undef SP_FFI_CALL
	};

	for (size_t i = 0; i < I->nobjs; i++) {
		const struct sp_code *c = I->objs[i].f->code;

		if (!I->objs[i].beside &&
		    (file_imports(c, calls, ARRAY_SIZE(calls)) ||
		     file_exports(c, owns, ARRAY_SIZE(owns))) &&
		    file_imports(c, lookups, ARRAY_SIZE(lookups)))
			return I->objs[i].f->path;
	}
	return NULL;
}

/* Whether a loaded file of the image imports a function that may open a
 * Name Service Switch module (tracer/nss.def). */
static bool looks_names_up(const struct image *I, size_t nloaded)
{
	static const char *const fns[] = {
#define SP_NSS_FN(name) #name,
#include "tracer/nss.def"
#undef SP_NSS_FN
	};

	return imports_any(I, nloaded, fns, ARRAY_SIZE(fns));
}

/* Whether a loaded file of the image imports a function that loads a
 * module (tracer/modload.def): the program can load one its run did
 * not. */
static bool loads_modules(const struct image *I, size_t nloaded)
{
	static const char *const fns[] = {
#define SP_MODLOAD_FN(name) #name,
#include "tracer/modload.def"
#undef SP_MODLOAD_FN
	};

	return imports_any(I, nloaded, fns, ARRAY_SIZE(fns));
}

static unsigned langs_of(const struct image *I)
{
	static const struct {
		enum sp_lang lang;
		enum { GOBUILD, SONAME, EXPORT } how;
		const char *what;
	} marks[] = {
#define SP_LANG_MARK(lang, how, what) { SP_LANG_##lang, how, what },
#include "tracer/langmark.def"
#undef SP_LANG_MARK
	};
	unsigned set = 0;

	for (size_t i = 0; i < I->nobjs; i++) {
		const struct sp_code *c = I->objs[i].f->code;

		for (size_t m = 0; m < ARRAY_SIZE(marks); m++) {
			uint32_t first;
			bool hit = false;

			switch (marks[m].how) {
			case GOBUILD:
				hit = c->go;
				break;
			case SONAME:
				hit = c->soname != SP_CODE_NONAME &&
				      strncmp(c->strs + c->soname,
					      marks[m].what,
					      strlen(marks[m].what)) == 0;
				break;
			case EXPORT:
				hit = sp_code_exports(c, marks[m].what, &first);
				break;
			}
			if (hit)
				set |= SP_LANG_BIT(marks[m].lang);
		}
	}
	return set;
}

/* Appends the file at path to the image's objects, once, when it could
 * be read (beside: obj.beside).  0 or -ENOMEM. */
static int add_obj(struct sp_static_priv *P, struct image *I,
		   const char *path, bool whole,
		   const char *beside, size_t *cap, size_t *names)
{
	struct file *f = file_get(P, path);
	struct obj *ob;

	if (!f)
		return -ENOMEM;
	for (size_t k = 0; k < I->nobjs; k++)
		if (I->objs[k].f == f)
			return 0;
	if (!f->code)
		return 0;
	ob = sp_array_push(&I->objs, &I->nobjs, cap, sizeof(*ob));
	if (!ob)
		return -ENOMEM;
	memset(ob, 0, sizeof(*ob));
	ob->f = f;
	ob->whole = whole;
	ob->beside = beside;
	f->loaded |= !beside;
	f->plugin |= beside && whole;
	*names += f->code->nexports + f->code->nimports + f->code->nicalls +
		  f->code->nrefs;
	return 0;
}

/* Whether an object of the image, or the interpreter that is added
 * after them, answers to the dependency name. */
static bool loaded(const struct image *I, const char *name)
{
	for (size_t i = 0; i < I->nobjs; i++)
		if (answers(I, i, name))
			return true;
	return loader_itself(I->interp, name);
}

/* Whether the loader would take the file at path for a dependency of
 * code: a shared library for its machine.  It passes over anything else
 * in a directory of its search and looks on (glibc's libc.so is a linker
 * script; an i386 program's libc.so.6 is not the one in the x86_64
 * directory). */
static bool loadable(const char *path, const struct sp_code *code)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       sp_elf_is_shared(path, code->machine);
}

/* Where the dynamic loader finds the dependency name of from: from's
 * DT_RUNPATH (or DT_RPATH, $ORIGIN expanded), then the system's
 * directories (ld.so.cache is not read).  0, or -ENOENT. */
static int find_needed(const struct file *from, const char *name, char *out,
		       size_t len, const struct sp_libdirs *sys)
{
	const struct sp_code *c = from->code;
	const char *rp = c->runpath != SP_CODE_NONAME ? c->strs + c->runpath :
							"";
	char origin[PATH_MAX];
	const char *slash = strrchr(from->path, '/');

	if (strchr(name, '/'))
		return -ENOENT;
	snprintf(origin, sizeof(origin), "%.*s",
		 slash ? (int)(slash - from->path) : 0, from->path);
	while (*rp) {
		size_t n = strcspn(rp, ":");
		int m;

		if (strncmp(rp, "$ORIGIN", 7) == 0 && n >= 7)
			m = snprintf(out, len, "%s%.*s/%s", origin, (int)n - 7,
				     rp + 7, name);
		else if (strncmp(rp, "${ORIGIN}", 9) == 0 && n >= 9)
			m = snprintf(out, len, "%s%.*s/%s", origin, (int)n - 9,
				     rp + 9, name);
		else
			m = snprintf(out, len, "%.*s/%s", (int)n, rp, name);
		if (m > 0 && (size_t)m < len && loadable(out, c))
			return 0;
		rp += n + (rp[n] == ':');
	}
	for (size_t i = 0; i < sp_libdirs_ndefault; i++) {
		int m = snprintf(out, len, "%s/%s", sp_libdirs_default[i],
				 name);

		if (m > 0 && (size_t)m < len && loadable(out, c))
			return 0;
	}
	/* Then those ld.so.conf names (which ld.so.cache indexes): an
	 * i386 program's libc.so.6 in Debian's /usr/lib32. */
	for (size_t i = 0; sys && i < sys->n; i++) {
		int m = snprintf(out, len, "%s/%s", sys->dirs[i], name);

		if (m > 0 && (size_t)m < len && loadable(out, c))
			return 0;
	}
	return -ENOENT;
}

/* The libraries the objects from first on need, and theirs, where the
 * dynamic loader would find them, unless an object of the image answers
 * to the name; each not loaded when the object needing it was not.  0
 * or -ENOMEM. */
static int add_needed(struct sp_static_priv *P, const struct sp_static_opts *o,
		      struct image *I, size_t first, size_t *cap,
		      size_t *names)
{
	for (size_t i = first; i < I->nobjs; i++) {
		const struct sp_code *c = I->objs[i].f->code;

		for (uint32_t k = 0; k < c->nneeded; k++) {
			char path[PATH_MAX];
			int ret;

			if (loaded(I, c->strs + c->needed[k]) ||
			    find_needed(I->objs[i].f, c->strs + c->needed[k],
					path, sizeof(path), o->sysdirs))
				continue;
			ret = add_obj(P, I, path, false, I->objs[i].beside,
				      cap, names);
			if (ret)
				return ret;
			c = I->objs[i].f->code;
		}
	}
	return 0;
}

/* The plugin directories' walk: the files found so far, by device and
 * inode (a link and its target, a file under two plugin directories, a
 * loaded one, are one), and the libraries to read.  A loaded object met
 * again in a plugin directory (seen[].obj: its index + 1) counts whole,
 * as its neighbours do: another loaded object needing it does not say
 * that nothing calls it through dlsym (the JVM loads libnet.so for its
 * native methods, Java_*, which libnio.so needs too). */
struct walk {
	const struct sp_libdirs *sys;
	unsigned machine;               /* the image's: its libraries' */
	struct image *I;
	struct { dev_t dev; ino_t ino; size_t obj; } *seen;
	size_t nseen, scap;
	struct { char *path; const char *beside; bool named; } *libs;
	size_t nlibs, lcap;
};

/* Whether the file st is new to the walk (and now seen, as loaded
 * object obj - 1 when obj): 1, 0, or -ENOMEM.  A loaded library seen
 * again becomes whole. */
static int first_seen(struct walk *w, const struct stat *st, size_t obj)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st->st_dev &&
		    w->seen[i].ino == st->st_ino) {
			if (!obj && w->seen[i].obj > 1)
				w->I->objs[w->seen[i].obj - 1].whole = true;
			return 0;
		}
	if (!sp_array_push(&w->seen, &w->nseen, &w->scap, sizeof(*w->seen)))
		return -ENOMEM;
	w->seen[w->nseen - 1].dev = st->st_dev;
	w->seen[w->nseen - 1].ino = st->st_ino;
	w->seen[w->nseen - 1].obj = obj;
	return 1;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The regular file path (st) among the libraries to read, beside the
 * loaded library beside, when it is new to the walk and a shared library
 * of the image's machine.  0 or -ENOMEM. */
static int take_lib(struct walk *w, const char *path, const struct stat *st,
		    const char *beside)
{
	int ret = first_seen(w, st, 0);

	if (ret <= 0 || !sp_elf_is_library(path, w->machine))
		return ret < 0 ? ret : 0;
	if (!sp_array_push(&w->libs, &w->nlibs, &w->lcap, sizeof(*w->libs)))
		return -ENOMEM;
	w->libs[w->nlibs - 1].beside = beside;
	w->libs[w->nlibs - 1].named = false;
	w->libs[w->nlibs - 1].path = strdup(path);
	return w->libs[w->nlibs - 1].path ? 0 : -ENOMEM;
}

/* Whether anyone may write into the directory st: scratch space (/tmp,
 * /var/tmp, /dev/shm), where any program leaves files.  A module is
 * installed in a directory only its owner writes (a loader reading one
 * anyone could put there runs anyone's code), so the libraries of
 * scratch space are no program's modules: bash names /var/tmp, GIO,
 * Node and PHP /tmp, and a stray library there was read as one of
 * theirs. */
static bool scratch(const struct stat *st)
{
	return S_ISDIR(st->st_mode) && (st->st_mode & S_IWOTH);
}

/* The same, of the directory dir. */
static bool scratch_dir(const char *dir)
{
	struct stat st;

	return !stat(dir, &st) && scratch(&st);
}

/* Whether the link path leads out of a directory that is not a system
 * directory to a file in one.  */
static bool links_into_system(const struct sp_libdirs *sys, const char *path)
{
	char *real = realpath(path, NULL), *slash;
	bool in;

	if (!real || !(slash = strrchr(real, '/')) || slash == real) {
		free(real);
		return false;
	}
	*slash = '\0';
	in = sp_libdirs_has(sys, real);
	free(real);
	return in;
}

/* The shared libraries in dir whose names start with prefix ("": any),
 * and in its subdirectories down to depth levels, in name order, each
 * found beside the loaded file beside: a system directory is not
 * entered, nor a link to a directory (it may lead anywhere, or round).
 * Nor, from a directory that is not a system one, a link to a library
 * of a system directory: that is a name the link editor resolves (GCC's
 * directory, where ld loads liblto_plugin.so with dlopen, holds
 * libasan.so, libstdc++.so... -> ../../../x86_64-linux-gnu/, the
 * libraries of the programs it links), and a system directory's
 * libraries are no plugins (a library dlopened from there brings none
 * of its neighbours).  0 or -ENOMEM. */
static int walk_dir(struct walk *w, const char *dir, int depth,
		    const char *beside, const char *prefix)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, NULL, by_name), ret = 0;
	char *rdir = n > 0 ? realpath(dir, NULL) : NULL;
	bool sysdir = rdir && sp_libdirs_has(w->sys, rdir);

	free(rdir);

	for (int i = 0; i < n && !ret; i++) {
		char path[PATH_MAX], *real;
		struct stat st;
		int m = snprintf(path, sizeof(path), "%s/%s", dir,
				 ents[i]->d_name);

		if (ents[i]->d_name[0] == '.' ||
		    strncmp(ents[i]->d_name, prefix, strlen(prefix)) || m < 0 ||
		    (size_t)m >= sizeof(path) || lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			real = depth > 0 && !scratch(&st) ?
				       realpath(path, NULL) : NULL;
			if (real && !sp_libdirs_has(w->sys, real))
				ret = walk_dir(w, path, depth - 1, beside,
					       prefix);
			free(real);
			continue;
		}
		if ((S_ISLNK(st.st_mode) &&
		     (stat(path, &st) ||
		      (!sysdir && links_into_system(w->sys, path)))) ||
		    !S_ISREG(st.st_mode))
			continue;
		ret = take_lib(w, path, &st, beside);
	}
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return ret < 0 ? ret : 0;
}

/* Whether dir holds no shared library but the file self (one module's
 * own directory, as Perl's auto/POSIX/POSIX.so). */
static bool holds_only(const char *dir, const struct stat *self,
		       unsigned machine)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool only = true;

	if (!d)
		return false;
	while (only && (e = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;
		int m = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);

		if (e->d_name[0] == '.' || m < 0 ||
		    (size_t)m >= sizeof(path) || stat(path, &st) ||
		    !S_ISREG(st.st_mode) ||
		    (st.st_dev == self->st_dev && st.st_ino == self->st_ino))
			continue;
		only = !sp_elf_is_library(path, machine);
	}
	closedir(d);
	return only;
}

/* The plugin directory of the library path loaded with dlopen, into
 * dir: its own directory, or that directory's parent when it holds no
 * other library (one directory per module: the modules are its
 * parent's subdirectories), unless the parent is a system directory;
 * neither when scratch space.  The real path, to free, or NULL. */
static char *plugin_dir(const struct sp_libdirs *sys, const char *path,
			char *dir, size_t len, unsigned machine)
{
	const char *slash = strrchr(path, '/');
	char *real, *up;
	struct stat st;

	if (!slash || slash == path || (size_t)(slash - path) >= len)
		return NULL;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	real = realpath(dir, NULL);
	if (!real || sp_libdirs_has(sys, real) || scratch_dir(real)) {
		free(real);
		return NULL;
	}
	if (stat(path, &st) || !holds_only(dir, &st, machine) ||
	    !(slash = strrchr(dir, '/')) || slash == dir)
		return real;
	dir[slash - dir] = '\0';
	up = realpath(dir, NULL);
	if (!up || sp_libdirs_has(sys, up) || scratch_dir(up)) {
		/* Back to the module's own directory. */
		dir[slash - dir] = '/';
		free(up);
		return real;
	}
	free(real);
	return up;
}

/* Whether a system directory of sys lies below dir (a real path). */
static bool holds_sysdir(const struct sp_libdirs *sys, const char *dir)
{
	size_t len = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return sys->n > 0;

	for (size_t i = 0; i < sys->n; i++)
		if (strncmp(sys->dirs[i], dir, len) == 0 &&
		    sys->dirs[i][len] == '/')
			return true;
	return false;
}

/* The tree a program is installed in, when it loaded a module from the
 * plugin directory plugin (a real path): the deepest directory holding
 * both that directory and the executable exe's, when both lie in
 * subdirectories of it (R's /usr/lib/R: bin/exec/R, library/stats/libs/
 * stats.so, modules/internet.so), and it neither is nor holds a system
 * directory (Python's /usr/bin/python3 and /usr/lib/python3.11/
 * lib-dynload share /usr).  An interpreter in its own prefix finds its
 * modules from that prefix (R_HOME/modules, R_HOME/library), so a
 * module a run never loaded may lie in a sibling of the directory of
 * the one it did.  The real path, to free, or NULL. */
static char *own_tree(const struct sp_libdirs *sys, const char *exe,
		      const char *plugin)
{
	char *e = realpath(exe, NULL), *slash;
	size_t i, last = 0;

	if (!e || !(slash = strrchr(e, '/')))
		goto none;
	*slash = '\0';
	for (i = 0; e[i] && e[i] == plugin[i]; i++)
		if (e[i] == '/')
			last = i;
	/* One directory the other's, or one above it; or only / shared. */
	if (((!e[i] || e[i] == '/') && (!plugin[i] || plugin[i] == '/')) ||
	    !last)
		goto none;
	e[last] = '\0';
	if (sp_libdirs_has(sys, e) || holds_sysdir(sys, e))
		goto none;
	return e;
none:
	free(e);
	return NULL;
}

/* Whether dir is a directory whose subdirectories are applications' own
 * trees (FHS 3.0): an add-on package's in /opt (3.13: "/opt/<package>",
 * its static files, its own lib/ and plugins; not the six names kept for
 * the local administrator, /opt/bin, /opt/lib...), a package's internal
 * programs' in /usr/libexec (4.7, "/usr/libexec/<package>") and in
 * /usr/local's mirror of it.  A system directory is one too (4.6, below). */
static bool apps_parent(const struct sp_libdirs *sys, const char *dir,
			const char *child)
{
	static const char *const opt_admin[] = { "bin", "doc", "include",
						 "info", "lib", "man" };

	if (sp_libdirs_has(sys, dir) || strcmp(dir, "/usr/libexec") == 0 ||
	    strcmp(dir, "/usr/local/libexec") == 0)
		return true;
	if (strcmp(dir, "/opt"))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(opt_admin); i++)
		if (strcmp(child, opt_admin[i]) == 0)
			return false;
	return true;
}

/* The directory of its own an application has, holding the executable
 * exe below it: in a system directory, /usr/lib/swi-prolog for
 * /usr/lib/swi-prolog/bin/x86_64-linux/swipl (FHS 3.0, 4.6: "Applications
 * may use a single subdirectory under /usr/lib.  If an application uses
 * a subdirectory, all architecture-dependent data exclusively used by
 * the application must be placed within that subdirectory": its
 * modules, which it finds from its own home, as SWI-Prolog's
 * lib/x86_64-linux/socket.so); in /opt, /opt/APP for /opt/APP/bin/prog
 * and its /opt/APP/lib/plugins (apps_parent).  Not when that directory
 * is or holds a system directory.  The real path, to free, or NULL. */
static char *app_dir(const struct sp_libdirs *sys, const char *exe)
{
	char *e = realpath(exe, NULL), *slash;

	if (!e || !(slash = strrchr(e, '/')))
		goto none;
	/* Up from the executable's directory to the first whose parent
	 * holds applications' trees. */
	*slash = '\0';
	while ((slash = strrchr(e, '/')) && slash != e) {
		*slash = '\0';
		if (!apps_parent(sys, e, slash + 1))
			continue;
		*slash = '/';
		if (sp_libdirs_has(sys, e) || holds_sysdir(sys, e))
			break;
		return e;
	}
none:
	free(e);
	return NULL;
}

/* Notes dir among the plugin directories, once.  0 or -ENOMEM. */
static int note_dir(struct sp_static_priv *P, const char *dir)
{
	char **slot;

	for (size_t i = 0; i < P->ndirs; i++)
		if (strcmp(P->dirs[i], dir) == 0)
			return 0;
	slot = sp_array_push(&P->dirs, &P->ndirs, &P->dcap, sizeof(*slot));
	if (!slot || !(*slot = strdup(dir))) {
		P->ndirs -= !!slot;
		return -ENOMEM;
	}
	return 0;
}

/* A plugin directory found for the loaded file from: noted, and its
 * shared libraries walked, unless it is scratch space.  0 or -ENOMEM. */
static int add_dir(struct sp_static_priv *P, struct walk *w, const char *dir,
		   const char *from)
{
	int ret;

	if (scratch_dir(dir))
		return 0;
	ret = note_dir(P, dir);
	return ret ? ret : walk_dir(w, dir, SP_STATIC_PLUGIN_DEPTH, from, "");
}

/* Whether the file name is a shared library's: NAME.so, NAME.so.N. */
static bool lib_name(const char *name)
{
	const char *so = strstr(name, ".so");

	return name[0] != '.' && so && (!so[3] || so[3] == '.');
}

/* Whether dir holds a shared library itself (not in a subdirectory): a
 * regular file named as one (lib_name), which is one.  Not a
 * link: /usr/bin (GLib names /bin) holds ld.so and musl-ldd, links to
 * the loaders.  Only names are read of other files. */
static bool holds_lib(const char *dir, unsigned machine)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		char path[PATH_MAX];
		struct stat st;
		int m;

		if (!lib_name(e->d_name))
			continue;
		m = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		found = m > 0 && (size_t)m < sizeof(path) &&
			!lstat(path, &st) && S_ISREG(st.st_mode) &&
			sp_elf_is_library(path, machine);
	}
	closedir(d);
	return found;
}

/* What a tree holds (tree_holds). */
struct tree {
	const struct sp_libdirs *sys;
	unsigned machine;
	size_t left;	/* entries still to look at */
	bool lib;	/* a shared library in a subdirectory */
	bool other;	/* a program, or more than SP_STATIC_MODULE_TREE
			 * entries: no module directory */
};

/* What the tree dir holds, entered as walk_dir enters it (depth levels
 * of subdirectories, no link, system directory or scratch space): a
 * shared library in a subdirectory (as holds_lib), and a program
 * anywhere (an executable file that is an ELF executable), which ends
 * the walk, as running out of entries does.  Only files someone may
 * execute are opened for a program. */
static void tree_holds(struct tree *t, const char *dir, int depth,
		       bool below)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while (!t->other && (e = readdir(d))) {
		char path[PATH_MAX], *real;
		struct stat st;
		int m = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);

		if (e->d_name[0] == '.' || m < 0 ||
		    (size_t)m >= sizeof(path))
			continue;
		if (!t->left--) {
			t->other = true;
			break;
		}
		if (lstat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			real = depth > 0 && !scratch(&st) ?
				       realpath(path, NULL) : NULL;
			if (real && !sp_libdirs_has(t->sys, real))
				tree_holds(t, path, depth - 1, true);
			free(real);
		} else if (S_ISREG(st.st_mode)) {
			if (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH) &&
			    sp_elf_is_program(path, t->machine))
				t->other = true;
			else if (below && !t->lib && lib_name(e->d_name) &&
				 sp_elf_is_library(path, t->machine))
				t->lib = true;
		}
	}
	closedir(d);
}

/* Whether dir, holding no shared library itself, is a directory of
 * modules in subdirectories of their own, one per kind: libkrb5 names
 * krb5/plugins, and loads preauth/spake.so from it (a module it
 * registers whatever krb5.conf says).  Not when a program lies in the
 * tree: that is another program's installation, which the library may
 * run (libbluray names the JVM's homes, /usr/lib/jvm, to dlopen
 * lib/server/libjvm.so for a disc's Java menus), and whose own
 * libraries are that program's, not the library's modules (every
 * program of ffmpeg's would read the JVM's 74).  Another program's tree
 * holds its programs: bin/java, lib/jexec; GCC's /usr/lib/gcc, which cc1
 * names, its cc1, lto1; a module tree holds modules and data.  Nor when
 * it is larger than SP_STATIC_MODULE_TREE entries. */
static bool modules_below(const struct sp_libdirs *sys, const char *dir,
			  unsigned machine)
{
	struct tree t = { .sys = sys, .machine = machine,
			  .left = SP_STATIC_MODULE_TREE };

	tree_holds(&t, dir, SP_STATIC_PLUGIN_DEPTH, false);
	return t.lib && !t.other;
}

/* The library name of the loaded file f opens by name (sp_code.paths,
 * libNAME.so.N), where the loader finds it for f (find_needed), beside
 * f, unless an object of the image answers to the name or is that file:
 * Phobos's std.net.curl opens libcurl.so.4 at its first request, which
 * needs nothing the program loaded.  Whole, as a plugin directory's
 * libraries: what opens one by name finds its functions with dlsym
 * (etc/c/curl.d loads 30 of libcurl's so).  Its own strings are not
 * followed (obj.named): libmount names libcryptsetup.so.12 (verity
 * mounts), whose token directory holds systemd's, which needs
 * libsystemd-shared and so PAM and libdw: every GIO program got PAM's
 * modules.  0 or -ENOMEM. */
static int string_lib(struct walk *w, const struct file *f, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	if (loaded(w->I, name) ||
	    find_needed(f, name, path, sizeof(path), w->sys) ||
	    stat(path, &st))
		return 0;
	size_t n = w->nlibs;
	int ret;

	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st.st_dev && w->seen[i].ino == st.st_ino)
			return 0;
	ret = take_lib(w, path, &st, f->path);
	if (!ret && w->nlibs > n)
		w->libs[n].named = true;
	return ret;
}

/* The module directories the loaded files of the image name as strings
 * (sp_code.paths: a file that loads modules, with an absolute path in
 * its read-only data): each that is a directory holding a shared
 * library itself, or only in subdirectories with no program in the tree
 * (modules_below), neither a system directory nor one holding a system
 * directory (a string /usr/lib/x86_64-linux-gnu, /lib or / adds no
 * library) nor scratch space, is a plugin directory beside that file,
 * whether or not the run loaded a module from it (SoX's
 * /usr/lib/x86_64-linux-gnu/sox, GIO's gio/modules, PAM's security/;
 * tracer/modload.def); and the libraries they name (string_lib).  Paths
 * resolve where the analysis reads files (another root's).  0 or
 * -ENOMEM. */
static int string_dirs(struct sp_static_priv *P, struct walk *w,
		       size_t first, size_t end)
{
	int ret = 0;

	for (size_t i = first; i < end && !ret; i++) {
		const struct file *f = w->I->objs[i].f;

		if (w->I->objs[i].named)
			continue;
		for (uint32_t k = 0; k < f->code->npaths && !ret; k++) {
			const char *s = f->code->strs + f->code->paths[k];
			char *real;
			struct stat st;

			if (*s != '/') {
				ret = string_lib(w, f, s);
				continue;
			}
			real = realpath(s, NULL);
			if (real && !stat(real, &st) && S_ISDIR(st.st_mode) &&
			    !scratch(&st) && !sp_libdirs_has(w->sys, real) &&
			    !holds_sysdir(w->sys, real) &&
			    (holds_lib(real, w->machine) ||
			     modules_below(w->sys, real, w->machine)))
				ret = add_dir(P, w, real, f->path);
			free(real);
		}
	}
	return ret;
}

/* glibc's Name Service Switch modules beside each of the C library's
 * loaded files (libc.so.6 opens libnss_SERVICE.so.2 with dlopen by that
 * name: the loader finds it in the system directory libc.so.6 came
 * from), added as a plugin directory's libraries are: whole, beside that
 * file.  Which services nsswitch.conf names is the workload's
 * configuration, not its code: every module installed there counts.
 * 0 or -ENOMEM. */
static int add_nss(struct sp_static_priv *P, struct walk *w, size_t nloaded)
{
	int ret = 0;

	for (size_t i = 0; i < nloaded && !ret; i++) {
		const char *path = w->I->objs[i].f->path;
		const char *slash = strrchr(path, '/');
		char dir[PATH_MAX], *real;
		size_t before = w->nlibs;

		if (!w->I->objs[i].f->code->libc || !slash || slash == path ||
		    (size_t)(slash - path) >= sizeof(dir))
			continue;
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
		ret = walk_dir(w, dir, 0, path, "libnss_");
		/* Counted once, however the loader named it (/lib64). */
		if (!ret && w->nlibs > before && (real = realpath(dir, NULL))) {
			ret = note_dir(P, real);
			free(real);
		}
	}
	return ret;
}

/* The plugins of an image whose objects are all added: each library
 * loaded with dlopen (no other loaded object needs it) from outside the
 * system directories makes its directory a plugin directory, and the
 * tree the program exe is installed in one too when it holds both
 * (own_tree); so does, for a program that can load modules (it imports
 * dlopen), its application's directory in a system directory, /opt or
 * /usr/libexec (app_dir), whether or not its run loaded one, and the
 * directory of modules a loaded file names as a string (string_dirs).
 * Their other shared libraries are added whole, after every loaded
 * object (a name is bound to a loaded definition first), and then the
 * libraries they need.  0 or -ENOMEM. */
static int add_plugins(struct sp_static_priv *P,
		       const struct sp_static_opts *o, struct image *I,
		       const char *exe, size_t *cap, size_t *names)
{
	struct walk w = { .sys = o->sysdirs, .I = I,
			  .machine = I->nobjs ? I->objs[0].f->code->machine :
						EM_X86_64 };
	size_t nloaded = I->nobjs;
	char *app;
	int ret = 0;

	for (size_t i = 0; i < nloaded && !ret; i++) {
		struct stat st;

		if (!stat(I->objs[i].f->path, &st))
			ret = first_seen(&w, &st, i + 1) < 0 ? -ENOMEM : 0;
	}
	for (size_t i = 1; i < nloaded && !ret; i++) {
		const char *path = I->objs[i].f->path;
		char dir[PATH_MAX], *real, *tree;

		if (I->objs[i].f->code->whole || needed_by_other(I, i) ||
		    !(real = plugin_dir(o->sysdirs, path, dir, sizeof(dir),
					w.machine)))
			continue;
		ret = note_dir(P, real);
		if (!ret)
			ret = walk_dir(&w, dir, SP_STATIC_PLUGIN_DEPTH, path,
				       "");
		tree = ret ? NULL : own_tree(o->sysdirs, exe, real);
		if (tree)
			ret = add_dir(P, &w, tree, path);
		free(tree);
		free(real);
	}
	if (!ret && loads_modules(I, nloaded) &&
	    (app = app_dir(o->sysdirs, exe))) {
		ret = add_dir(P, &w, app, I->objs[0].f->path);
		free(app);
	}
	if (!ret)
		ret = string_dirs(P, &w, 0, nloaded);
	if (!ret && looks_names_up(I, nloaded))
		ret = add_nss(P, &w, nloaded);
	/* The modules found, and the libraries they need; then the module
	 * directories those name in turn (a module loaded tomorrow loads
	 * its own: Ruby's openssl.so, SASL's libdigestmd5.so, MariaDB's
	 * client plugins need libcrypto, which loads its engines), until
	 * no directory adds a library. */
	for (size_t first = nloaded, end; !ret && w.nlibs; first = end) {
		for (size_t i = 0; i < w.nlibs && !ret; i++) {
			size_t n = I->nobjs;

			ret = add_obj(P, I, w.libs[i].path, true,
				      w.libs[i].beside, cap, names);
			if (!ret && I->nobjs > n)
				I->objs[n].named = w.libs[i].named;
		}
		if (!ret)
			ret = add_needed(P, o, I, first, cap, names);
		for (size_t i = 0; i < w.nlibs; i++)
			free(w.libs[i].path);
		w.nlibs = 0;
		end = I->nobjs;
		if (!ret)
			ret = string_dirs(P, &w, first, end);
	}
	for (size_t i = 0; i < w.nlibs; i++)
		free(w.libs[i].path);
	free(w.libs);
	free(w.seen);
	return ret;
}

/* The objects of one image, its direct calls, each root's closure, the
 * union; numbers into A with the best evidence. */
/*
 * An image no recording ran (the shell): the dynamic loader maps each
 * library it loads, segment by segment, with the protection the
 * segment's flags name, and a recording of the workload saw no such
 * mapping where its own programs map no library (a musl program, its C
 * library its loader, which the kernel maps; a static one).  Its code
 * segments' mmap(PROT_READ|PROT_EXEC) is the loader's, from the files,
 * as a constant at a site would be: the shell read for a program's
 * system() starts under the profile.  The executable and the
 * interpreter are the kernel's to map (fs/binfmt_elf.c).  0 or
 * -ENOMEM.
 */
static int loader_maps(struct acc *A, const struct image *I,
		       unsigned machine)
{
	int64_t nr;

	if (sp_syscall_nr(machine == EM_386 ? SP_ARCH_X86 : SP_ARCH_X86_64,
			  machine == EM_386 ? "mmap2" : "mmap", &nr) ||
	    !I->interp || nr < 0 || nr >= NR_MAX)
		return 0;
	for (size_t i = 1; i < I->nobjs; i++) {
		const struct obj *ob = &I->objs[i];
		uint32_t prots = ob->f->code->xprots;

		if (ob->f == I->interp || ob->beside)
			continue;
		for (uint64_t p = 0; p < 8; p++) {
			struct sp_args t = { .kept = 1u << 2 };

			if (!(prots & (1u << p)))
				continue;
			t.args[2] = p;
			put(A, nr, NULL, I->interp->path, ob->f->path, NULL,
			    NULL, ob);
			if (add_args(&A->args[nr], &t, 0,
				     (struct sp_static_site){
					     NULL, I->interp->path }))
				return -ENOMEM;
		}
	}
	return 0;
}

/* unseen()'s answer when memory ran out. */
static const char NOMEM[] = "";

/* The image's executable, else the first of its objects, that ran with
 * no file behind its name and could not be read, else NULL (NOMEM: out
 * of memory).  The bytes that ran are not to be had (fexecve of a memfd,
 * dlopen of one, an executable upgraded in place, "?"), and with them
 * which functions of the other objects that code calls. */
static const char *unseen(struct sp_static_priv *P,
			  const struct sp_static_image *im,
			  const struct file *exe)
{
	if (!exe->code && exe->gone)
		return exe->path;
	for (size_t i = 0; i < im->nobjects; i++) {
		const struct file *f = file_get(P, im->objects[i]);

		if (!f)
			return NOMEM;
		if (!f->code && f->gone)
			return f->path;
	}
	return NULL;
}

static int analyze_image(struct sp_static_priv *P,
			 const struct sp_static_image *im,
			 const struct sp_static_opts *o, struct acc *accs,
			 bool unrun)
{
	struct acc *A = accs;
	struct image I = { 0 };
	struct root *roots = NULL;
	struct best *best = NULL;
	size_t nroots = 0, rcap = 0, names = 0, ocap = 0;
	struct file *exe;
	const char *ffi, *blind;
	int ret = -ENOMEM;

	exe = file_get(P, im->exe);
	if (!exe)
		return -ENOMEM;
	/* The image's numbers are its executable's machine's. */
	for (size_t m = 0; exe->code && m < NMACHINES; m++)
		if (exe->code->machine == machines[m])
			A = &accs[m];
	for (size_t i = 0; i <= im->nobjects; i++) {
		ret = add_obj(P, &I, i ? im->objects[i - 1] : im->exe,
			      i == 0, NULL, &ocap, &names);
		if (ret)
			goto out;
	}
	if (exe->code && exe->code->interp != SP_CODE_NONAME) {
		I.interp = file_get(P, exe->code->strs + exe->code->interp);
		if (!I.interp) {
			ret = -ENOMEM;
			goto out;
		}
	}
	/* A trace that lists no mapped objects (one recorded before they
	 * were, or where the recorder cannot see mmap): the dependencies, as
	 * the dynamic loader would find them. */
	if (!im->nobjects && (ret = add_needed(P, o, &I, 0, &ocap, &names)))
		goto out;
	if (I.interp) {
		ret = add_obj(P, &I, I.interp->path, false, NULL, &ocap,
			      &names);
		if (ret)
			goto out;
	}
	if (o->sysdirs &&
	    (ret = add_plugins(P, o, &I, im->exe, &ocap, &names)))
		goto out;
	ret = -ENOMEM;
	if (!I.nobjs) {
		ret = 0;
		goto out;
	}
	A->r->langs |= langs_of(&I);
	A->r->execs |= runs_programs(&I);
	if (unrun && exe->code && (ret = loader_maps(A, &I,
						     exe->code->machine)))
		goto out;
	ret = -ENOMEM;
	/* A library nobody needs was loaded with dlopen: entered through
	 * dlsym, by names we cannot see, so all of it counts.  So does an
	 * executable mapped by another (ld.so ./prog: the loader is the
	 * process's executable, the program one of its objects, run from
	 * its entry point).  Under a foreign function interface, every
	 * loaded library does: the script names what it calls. */
	ffi = calls_by_name(&I);
	if (!A->r->ffi)
		A->r->ffi = ffi;
	blind = unseen(P, im, exe);
	if (blind == NOMEM)
		goto out;
	if (!A->r->blind)
		A->r->blind = blind;
	/* objs[0] is the executable (whole), or where it could not be read
	 * the first object, then read from its own roots but when the
	 * code that ran is unseen. */
	for (size_t i = blind ? 0 : 1; i < I.nobjs; i++)
		if (I.objs[i].f->code->whole || !needed_by_other(&I, i) ||
		    ((ffi || blind) && !I.objs[i].beside))
			I.objs[i].whole = true;
	for (size_t i = 0; i < I.nobjs; i++) {
		struct obj *ob = &I.objs[i];
		const struct sp_code *c = ob->f->code;

		if (!ob->whole &&
		    (!(ob->rseen = calloc(c->nregions + 1, 1)) ||
		     !(ob->cseen = calloc(c->nchunks + 1, 1)) ||
		     !(ob->tlsset = calloc(c->nregions + 1, 1))))
			goto out;
		if (!ob->whole && o->paths &&
		    (!(ob->rfrom = calloc(c->nregions + 1, sizeof(uint64_t))) ||
		     !(ob->cfrom = calloc(c->nchunks + 1, sizeof(uint64_t)))))
			goto out;
	}
	for (I.nbinds = 64; I.nbinds < 2 * names + 64;)
		I.nbinds *= 2;
	I.binds = calloc(I.nbinds, sizeof(*I.binds));
	I.spell = calloc(I.nbinds, sizeof(*I.spell));
	if (!I.binds || !I.spell || find_fcalls(&I))
		goto out;
	/* Whole objects: every site, every call passing a number to a
	 * forwarder; their imports and the libraries' initializers are
	 * roots. */
	for (uint32_t i = 0; i < I.nobjs; i++) {
		struct obj *ob = &I.objs[i];
		const struct sp_code *c = ob->f->code;

		if (ob->whole) {
			for (uint32_t r = 0; r < c->nregions; r++) {
				const struct sp_code_region *g = &c->regions[r];

				for (uint32_t s = 0; s < g->nsites; s++) {
					const struct sp_code_site *site =
						&c->sites[g->site0 + s];
					struct sp_args t =
						site_args(site);

					if (!(site->passed & SP_SITE_AT_CALL))
						put(A, site->nr,
						    region_name(ob, r),
						    ob->f->path, NULL, NULL,
						    NULL, ob);
					if (site->nr >= 0 && site->nr < NR_MAX &&
					    add_args(&A->args[site->nr], &t,
						     site_caller(c, site, &t),
						     (struct sp_static_site){
							     region_name(ob, r),
							     ob->f->path }))
						goto out;
				}
				if (count_unresolved(A->r, ob->f, r,
						     g->unresolved))
					goto out;
			}
			memset(I.nrs, 0, sizeof(I.nrs));
			I.collect = A;
			for (size_t k = 0; k < ob->nfcalls; k++)
				if (icall_numbers(&I, i, ob->fcalls[k]))
					goto out;
			for (size_t k = 0; k < ob->npcalls; k++)
				if (icall_args(&I, i, ob->pcalls[k]))
					goto out;
			I.collect = NULL;
			for (int64_t nr = 0; nr < NR_MAX; nr++)
				if (has_nr(I.nrs, nr))
					put_forwarded(A, nr, &I, &I.at[nr]);
		}
		for (uint32_t k = 0; k < (ob->whole ? c->nimports : c->nroots);
		     k++) {
			struct root *rt = sp_array_push(&roots, &nroots, &rcap,
					       sizeof(*rt));

			if (!rt)
				goto out;
			memset(rt, 0, sizeof(*rt));
			rt->obj = i;
			rt->ref = ob->whole ?
					  SP_REF(SP_REF_NAME, c->imports[k]) :
					  c->roots[k];
		}
	}
	if ((ret = plugins_adding(&I, roots, nroots)))
		goto out;
	ret = -ENOMEM;
	/* Each root alone, for the evidence. */
	best = calloc(NR_MAX, sizeof(*best));
	if (!best)
		goto out;
	for (size_t k = 0; k < nroots; k++) {
		bool plugin = I.objs[roots[k].obj].beside;

		if (plugin && !roots[k].adds)
			continue;
		closure_reset(&I);
		ret = start(&I, roots, k);
		if (!ret)
			ret = closure(&I);
		if (ret)
			goto out;
		for (int64_t nr = 0; nr < NR_MAX; nr++) {
			struct best *b = &best[nr];

			if (has_nr(I.nrs, nr) &&
			    (!b->set || (b->plugin && !plugin) ||
			     (b->plugin == plugin &&
			      (I.at[nr].depth < b->depth ||
			       (I.at[nr].depth == b->depth &&
				I.visited < b->size)))))
				*b = (struct best){ true, plugin, (uint32_t)k,
						    I.at[nr].depth,
						    I.visited };
		}
	}
	/* All of them at once: the set, and the arguments of the sites it
	 * reaches; the loaded objects' roots first, so that what they reach
	 * is first seen (the site, the chain) from them, the plugins' roots
	 * after (their objects come last). */
	closure_reset(&I);
	I.collect = A;
	ret = 0;
	for (size_t k = 0; k < nroots && !ret; k++) {
		bool plugin = I.objs[roots[k].obj].beside;

		if (plugin && (!k || !I.objs[roots[k - 1].obj].beside))
			ret = closure(&I);
		if (!ret)
			ret = start(&I, roots, k);
	}
	if (!ret)
		ret = closure(&I);
	if (ret)
		goto out;
	for (int64_t nr = 0; nr < NR_MAX; nr++) {
		const struct root *rt =
			best[nr].set ? &roots[best[nr].root] : NULL;
		bool named = rt && SP_REF_KIND(rt->ref) == SP_REF_NAME;
		const struct obj *from;
		const char *site, *beside;
		char *path = NULL;

		if (!has_nr(I.nrs, nr))
			continue;
		from = &I.objs[named ? rt->obj : I.at[nr].obj];
		beside = from->beside;
		/* The evidence is this image's: so is the chain to it. */
		if (takes(A, nr, beside) && o->paths &&
		    !(path = path_of(&I, roots, nr)) &&
		    I.objs[I.at[nr].obj].rfrom) {
			ret = -ENOMEM;
			goto out;
		}
		site = region_name(&I.objs[I.at[nr].obj], I.at[nr].region);
		if (named) {
			const struct sp_code *c = I.objs[rt->obj].f->code;
			const char *name = c->strs + SP_REF_INDEX(rt->ref);
			const struct binding *b = bind(&I, name);

			/* The site is the function itself: no need to say. */
			for (uint32_t k = 0; b->obj >= 0 && k < b->n; k++) {
				uint32_t ref = I.objs[b->obj].f->code
						       ->exports[b->first + k]
						       .ref;

				if ((uint32_t)b->obj == I.at[nr].obj &&
				    ref == SP_REF(SP_REF_REGION,
						  I.at[nr].region))
					site = NULL;
			}
			put(A, nr, name,
			    b->obj >= 0 ? I.objs[b->obj].f->path : NULL,
			    I.objs[rt->obj].f->path, site,
			    I.objs[I.at[nr].obj].f->path, from);
		} else if (I.at[nr].via) {
			put_forwarded(A, nr, &I, &I.at[nr]);
		} else {
			put(A, nr, site, I.objs[I.at[nr].obj].f->path, NULL,
			    NULL, NULL, from);
		}
		if (path)
			A->calls[nr].path = path;
	}
	ret = 0;
out:
	for (size_t i = 0; i < I.nobjs; i++) {
		free(I.objs[i].rseen);
		free(I.objs[i].cseen);
		free(I.objs[i].tlsset);
		free(I.objs[i].rfrom);
		free(I.objs[i].cfrom);
		free(I.objs[i].fcalls);
		free(I.objs[i].pcalls);
	}
	free(I.objs);
	free(I.binds);
	free(I.spell);
	free(I.work);
	free(I.parked);
	free(roots);
	free(best);
	return ret;
}

void sp_static_result_free(struct sp_static_result *r)
{
	if (!r)
		return;
	if (r->priv) {
		for (size_t i = 0; i < r->priv->nfiles; i++) {
			free(r->priv->files[i]->path);
			free(r->priv->files[i]->why);
			if (!r->priv->files[i]->borrowed)
				sp_code_free(r->priv->files[i]->code);
			free(r->priv->files[i]);
		}
		free(r->priv->files);
		sp_hashidx_clear(&r->priv->by_path);
		sp_hashidx_clear(&r->priv->by_id);
		sp_hashidx_clear(&r->priv->by_code);
		sp_keyset_clear(&r->priv->unresolved);
		for (size_t i = 0; i < r->priv->ndirs; i++)
			free(r->priv->dirs[i]);
		free(r->priv->dirs);
		free(r->priv);
	}
	for (size_t i = 0; i < r->ncalls; i++) {
		free((void *)r->calls[i].args);
		free((void *)r->calls[i].sites);
		free((void *)r->calls[i].caller);
		free((void *)r->calls[i].path);
	}
	free(r->calls);
	free(r->skipped);
	free(r);
}

/* The length of p's directory ("/usr/bin/" of "/usr/bin/ls"). */
static size_t dir_len(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? (size_t)(s - p) + 1 : 0;
}

/* Images with the same executable and objects give the same answer: the
 * same executable's contents by another path too (a hard link), as its
 * calls and their evidence are first found by the image before; unless
 * the image names no objects, where the libraries it needs are looked
 * for from the executable's directory ($ORIGIN). */
static bool same_image(const struct sp_static_image *a, const struct file *fa,
		       const struct sp_static_image *b, const struct file *fb)
{
	if (fa->content != fb->content || a->nobjects != b->nobjects)
		return false;
	if (!a->nobjects && (dir_len(a->exe) != dir_len(b->exe) ||
			     memcmp(a->exe, b->exe, dir_len(a->exe))))
		return false;
	for (size_t i = 0; i < a->nobjects; i++)
		if (strcmp(a->objects[i], b->objects[i]))
			return false;
	return true;
}

/* Whether image i is the same as one before it (same_image), those
 * indexed in seen by their hash; when not, it is added.  0 or -ENOMEM. */
static int image_seen(struct sp_static_priv *P,
		      const struct sp_static_image *images, size_t i,
		      struct sp_hashidx *seen, bool *out)
{
	const struct sp_static_image *im = &images[i];
	struct file *f = file_get(P, im->exe), *g;
	uint64_t h;
	uint32_t pos;

	if (!f)
		return -ENOMEM;
	h = sp_hash_bytes(0, &f->content, sizeof(f->content));
	if (!im->nobjects)
		h = sp_hash_bytes(h, im->exe, dir_len(im->exe));
	for (size_t k = 0; k < im->nobjects; k++)
		h = sp_hash_bytes(h, im->objects[k],
				  strlen(im->objects[k]) + 1);
	for (size_t it = 0; sp_hashidx_next(seen, h, &it, &pos);) {
		if (!(g = file_get(P, images[pos].exe)))
			return -ENOMEM;
		if (same_image(&images[pos], g, im, f)) {
			/* As analyze_image's add_obj would. */
			f->loaded |= f->code != NULL;
			*out = true;
			return 0;
		}
	}
	*out = false;
	return sp_hashidx_add(seen, h, (uint32_t)i);
}

/* Whether one of the n images runs the file at path (links resolved). */
static bool runs(const struct sp_static_image *images, size_t n,
		 const char *path)
{
	char *want = realpath(path, NULL);
	bool found = false;

	for (size_t i = 0; want && !found && i < n; i++) {
		char *have = realpath(images[i].exe, NULL);

		found = have && strcmp(have, want) == 0;
		free(have);
	}
	free(want);
	return found;
}

/* Hands A's calls over to r, tagged with machine. */
static void hand_over(struct acc *A, unsigned machine,
		      struct sp_static_result *r)
{
	for (size_t i = 0; i < NR_MAX; i++) {
		if (A->calls[i].nr < 0)
			continue;
		A->calls[i].machine = machine;
		A->calls[i].args = A->args[i].v;
		A->calls[i].sites = A->args[i].at;
		A->calls[i].caller = A->args[i].caller;
		A->calls[i].nargs = A->args[i].n;
		A->calls[i].many = A->args[i].full;
		A->args[i].v = NULL;
		A->args[i].at = NULL;
		A->args[i].caller = NULL;
		r->calls[r->ncalls++] = A->calls[i];
		A->calls[i].nr = -1;
	}
}

static void acc_free(struct acc *A)
{
	/* Not handed over to r: the paths found before a failure. */
	for (size_t i = 0; A->calls && i < NR_MAX; i++)
		if (A->calls[i].nr >= 0)
			free((void *)A->calls[i].path);
	free(A->calls);
	for (size_t i = 0; A->args && i < NR_MAX; i++) {
		free(A->args[i].v);
		free(A->args[i].at);
		free(A->args[i].caller);
	}
	free(A->args);
}

static int analyze(const struct sp_static_image *images, size_t n,
		   const struct sp_static_opts *o, int cache_fd,
		   struct sp_static_result **out)
{
	struct sp_static_result *r = calloc(1, sizeof(*r));
	struct acc A[NMACHINES] = { { 0 } };
	struct sp_hashidx seen = { 0 };
	int ret = -ENOMEM;

	if (!r || !(r->priv = calloc(1, sizeof(*r->priv))))
		goto out;
	r->priv->cache_fd = cache_fd;
	r->priv->by_content = o->root != NULL;
	for (size_t m = 0; m < NMACHINES; m++) {
		A[m].r = r;
		if (!(A[m].calls = malloc(NR_MAX * sizeof(*A[m].calls))) ||
		    !(A[m].args = calloc(NR_MAX, sizeof(*A[m].args))))
			goto out;
		for (size_t i = 0; i < NR_MAX; i++)
			A[m].calls[i].nr = -1;
	}
	ret = 0;
	for (size_t i = 0; i < n && !ret; i++) {
		bool same = false;

		ret = image_seen(r->priv, images, i, &seen, &same);
		if (!ret && !same)
			ret = analyze_image(r->priv, &images[i], o, A, false);
	}
	if (!ret && r->execs && o->shell && !runs(images, n, o->shell) &&
	    access(o->shell, X_OK) == 0) {
		ret = analyze_image(r->priv,
				    &(struct sp_static_image){ o->shell, NULL,
							       0 },
				    o, A, true);
		r->shell_read = true;
	}
	if (ret)
		goto out;
	r->calls = calloc(NMACHINES * NR_MAX, sizeof(*r->calls));
	r->skipped = calloc(r->priv->nfiles + 1, sizeof(*r->skipped));
	if (!r->calls || !r->skipped) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t m = 0; m < NMACHINES; m++)
		hand_over(&A[m], machines[m], r);
	r->plugin_dirs = r->priv->ndirs;
	for (size_t i = 0; i < r->priv->nfiles; i++) {
		const struct file *f = r->priv->files[i];

		r->files++;
		r->cached += f->cached;
		r->plugin_files += f->plugin && !f->loaded;
		if (f->why)
			r->skipped[r->nskipped++] =
				(struct sp_static_skip){ f->path, f->why };
	}
out:
	sp_hashidx_clear(&seen);
	for (size_t m = 0; m < NMACHINES; m++)
		acc_free(&A[m]);
	if (ret) {
		sp_static_result_free(r);
		return ret;
	}
	*out = r;
	return 0;
}

/* The analysis under another root: a thread of its own, its root changed
 * alone (unshare(CLONE_FS) gives it a root and working directory of its
 * own), so that every path it reads resolves as in the workload's view:
 * an absolute link inside the root stays inside, ".." stops at it. */
struct in_root {
	const struct sp_static_image *images;
	size_t n;
	const struct sp_static_opts *o;
	int cache_fd;
	struct sp_static_result *res;
	int ret;
};

static void *analyze_in_root(void *arg)
{
	struct in_root *a = arg;
	struct sp_static_opts o = *a->o;
	struct sp_libdirs sys = { 0 };

	if (unshare(CLONE_FS) || chroot(o.root) || chdir("/")) {
		a->ret = -errno;
		return NULL;
	}
	/* The loader's directories are the root's own (its ld.so.conf). */
	if (o.sysdirs) {
		a->ret = sp_libdirs_system(&sys);
		if (a->ret)
			return NULL;
		o.sysdirs = &sys;
	}
	a->ret = analyze(a->images, a->n, &o, a->cache_fd, &a->res);
	sp_libdirs_fini(&sys);
	return NULL;
}

int sp_static_analyze(const struct sp_static_image *images, size_t n,
		      const struct sp_static_opts *o,
		      struct sp_static_result **out)
{
	struct in_root a = { images, n, o, cache_open(o->cache_dir), NULL,
			     0 };
	pthread_t th;
	int rc;

	if (!o->root) {
		a.ret = analyze(images, n, o, a.cache_fd, &a.res);
	} else {
		/* Opened where sandprint runs, not under the root. */
		sp_code_load();
		rc = pthread_create(&th, NULL, analyze_in_root, &a);
		if (rc)
			a.ret = -rc;
		else
			pthread_join(th, NULL);
	}
	if (a.cache_fd >= 0)
		close(a.cache_fd);
	if (!a.ret)
		*out = a.res;
	return a.ret;
}
