#include "tracer/libdirs.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/array.h"

const char *const sp_libdirs_default[] = {
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
	"/usr/local/lib", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
	/* i386's loader (a 32-bit program's): Debian's multiarch ones. */
	"/lib/i386-linux-gnu", "/usr/lib/i386-linux-gnu",
};
const size_t sp_libdirs_ndefault = ARRAY_SIZE(sp_libdirs_default);

/* ldconfig follows include lines without a bound; a file including
 * itself would not end. */
#define INCLUDE_DEPTH 8

/* An ld.so.cache is a few hundred KiB; anything far larger is not one. */
#define CACHE_MAX (64u << 20)

/* The directories named so far, as written. */
struct names {
	char **v;
	size_t n, cap;
};

static int add_name(struct names *s, const char *dir, size_t len)
{
	char **slot;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (!len || dir[0] != '/')
		return 0;
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == len && memcmp(s->v[i], dir, len) == 0)
			return 0;
	slot = sp_array_push(&s->v, &s->n, &s->cap, sizeof(*s->v));
	if (!slot)
		return -ENOMEM;
	*slot = strndup(dir, len);
	if (!*slot) {
		s->n--;
		return -ENOMEM;
	}
	return 0;
}

static int parse_conf(const char *path, struct names *s, int depth);

/* "include PATTERN...": each pattern a glob(3), relative to the including
 * file's directory unless absolute, as ldconfig reads it. */
static int include(const char *from, char *patterns, struct names *s,
		   int depth)
{
	const char *slash = strrchr(from, '/');
	char *save = NULL;
	int ret = 0;

	for (char *p = strtok_r(patterns, " \t", &save); p && !ret;
	     p = strtok_r(NULL, " \t", &save)) {
		char full[PATH_MAX];
		glob_t g;
		int n;

		if (p[0] == '/' || !slash)
			n = snprintf(full, sizeof(full), "%s", p);
		else
			n = snprintf(full, sizeof(full), "%.*s/%s",
				     (int)(slash - from), from, p);
		if (n < 0 || (size_t)n >= sizeof(full))
			continue;
		if (glob(full, 0, NULL, &g))
			continue;
		for (size_t i = 0; i < g.gl_pathc && !ret; i++)
			ret = parse_conf(g.gl_pathv[i], s, depth + 1);
		globfree(&g);
	}
	return ret;
}

/* An ld.so.conf: a directory a line ("DIR" or the old "DIR=TYPE"),
 * comments from '#', include lines; hwcap lines (obsolete) ignored. */
static int parse_conf(const char *path, struct names *s, int depth)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	int ret = 0;

	if (depth > INCLUDE_DEPTH || !(f = fopen(path, "re")))
		return 0;
	while (!ret && getline(&line, &cap, f) >= 0) {
		char *p = line;
		size_t n;

		p[strcspn(p, "#\n")] = '\0';
		while (isspace((unsigned char)*p))
			p++;
		n = strlen(p);
		while (n && isspace((unsigned char)p[n - 1]))
			p[--n] = '\0';
		if (strncmp(p, "include", 7) == 0 &&
		    isspace((unsigned char)p[7]))
			ret = include(path, p + 8, s, depth);
		else if (!(strncmp(p, "hwcap", 5) == 0 &&
			   isspace((unsigned char)p[5])))
			ret = add_name(s, p, strcspn(p, "="));
	}
	free(line);
	fclose(f);
	return ret;
}

static uint32_t u32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* glibc's cache formats (elf/dl-cache.h): the new one ("glibc-ld.so.cache"
 * "1.1", 48 bytes of header, entries of 24 bytes whose value is the
 * offset of the library's path from the header), alone or after the old
 * one ("ld.so-1.7.0", 16 bytes of header, entries of 12 bytes, the new
 * header aligned to 8 after them). */
#define NEW_MAGIC "glibc-ld.so.cache1.1"
#define NEW_HEADER 48
#define NEW_ENTRY 24
#define OLD_MAGIC "ld.so-1.7.0"
#define OLD_HEADER 16
#define OLD_ENTRY 12

static int parse_cache(const uint8_t *b, size_t len, struct names *s)
{
	size_t off = 0, nlibs;
	int ret = 0;

	if (len >= OLD_HEADER && memcmp(b, OLD_MAGIC, strlen(OLD_MAGIC)) == 0)
		off = (OLD_HEADER + (size_t)u32_at(b + 12) * OLD_ENTRY + 7) &
		      ~(size_t)7;
	if (off > len || len - off < NEW_HEADER ||
	    memcmp(b + off, NEW_MAGIC, strlen(NEW_MAGIC)) != 0)
		return 0;
	nlibs = u32_at(b + off + 20);
	if (nlibs > (len - off - NEW_HEADER) / NEW_ENTRY)
		return 0;
	for (size_t i = 0; i < nlibs && !ret; i++) {
		size_t v = off + u32_at(b + off + NEW_HEADER + i * NEW_ENTRY + 8);
		const char *path, *slash, *end;

		if (v >= len)
			continue;
		path = (const char *)b + v;
		end = memchr(path, '\0', len - v);
		slash = end ? memrchr(path, '/', (size_t)(end - path)) : NULL;
		if (slash)
			ret = add_name(s, path, (size_t)(slash - path));
	}
	return ret;
}

static int read_cache(const char *path, struct names *s)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint8_t *buf = NULL;
	struct stat st;
	size_t got = 0;
	int ret = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > CACHE_MAX)
		goto out;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	ret = parse_cache(buf, got, s);
out:
	free(buf);
	close(fd);
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sp_libdirs_load(const char *conf, const char *cache,
		    struct sp_libdirs *out)
{
	struct names s = { 0 };
	struct sp_libdirs d = { 0 };
	size_t k = 0;
	int ret = 0;

	for (size_t i = 0; i < sp_libdirs_ndefault && !ret; i++)
		ret = add_name(&s, sp_libdirs_default[i],
			       strlen(sp_libdirs_default[i]));
	if (!ret && conf)
		ret = parse_conf(conf, &s, 0);
	if (!ret && cache)
		ret = read_cache(cache, &s);
	if (!ret && s.n && !(d.dirs = calloc(s.n, sizeof(*d.dirs))))
		ret = -ENOMEM;
	for (size_t i = 0; i < s.n && !ret; i++) {
		char *real = realpath(s.v[i], NULL);
		struct stat st;

		if (!real) {
			if (errno == ENOMEM)
				ret = -ENOMEM;
			continue;
		}
		if (stat(real, &st) || !S_ISDIR(st.st_mode)) {
			free(real);
			continue;
		}
		d.dirs[d.n++] = real;
	}
	/* Sorted, once each (/lib and /usr/lib are one where /lib is a
	 * link). */
	if (d.n)
		qsort(d.dirs, d.n, sizeof(*d.dirs), cmp_str);
	for (size_t i = 0, n = d.n; i < n; i++) {
		if (i && strcmp(d.dirs[k - 1], d.dirs[i]) == 0)
			free(d.dirs[i]);
		else
			d.dirs[k++] = d.dirs[i];
	}
	d.n = k;
	for (size_t i = 0; i < s.n; i++)
		free(s.v[i]);
	free(s.v);
	if (ret) {
		sp_libdirs_fini(&d);
		return ret;
	}
	*out = d;
	return 0;
}

int sp_libdirs_system(struct sp_libdirs *out)
{
	return sp_libdirs_load("/etc/ld.so.conf", "/etc/ld.so.cache", out);
}

void sp_libdirs_fini(struct sp_libdirs *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->dirs[i]);
	free(d->dirs);
	memset(d, 0, sizeof(*d));
}

bool sp_libdirs_has(const struct sp_libdirs *d, const char *dir)
{
	const char *key = dir;

	return d->n && bsearch(&key, d->dirs, d->n, sizeof(*d->dirs),
			       cmp_str) != NULL;
}
