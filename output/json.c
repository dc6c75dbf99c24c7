#include "output/json.h"

#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* Writes s as a JSON string.  A string that is not UTF-8 (a file name can be
 * any bytes) cannot be represented: its non-ASCII bytes become '?'. */
int sp_json_put_string(FILE *f, const char *s)
{
	json_t *j = json_string(s);
	int ret;

	if (!j) {
		char *copy = strdup(s);

		if (!copy)
			return -ENOMEM;
		for (char *p = copy; *p; p++)
			if ((unsigned char)*p >= 0x80)
				*p = '?';
		j = json_string(copy);
		free(copy);
		if (!j)
			return -ENOMEM;
	}
	ret = json_dumpf(j, f, JSON_ENCODE_ANY) ? -EIO : 0;
	json_decref(j);
	return ret;
}

/* w's path, spelt from its end back to "$" in a buffer as long as it
 * needs (a deep document's path can be any length), then fitted to out:
 * its middle shortened, never the key that holds the bad value.  By
 * hand: snprintf was a tenth of reading a large trace when the reader
 * built a path for every value. */
void sp_json_where_path(char out[SP_JSON_PATH_MAX],
			const struct sp_json_where *w)
{
	char digits[24], *all;
	size_t n = 1, at;

	for (const struct sp_json_where *u = w; u->up; u = u->up)
		n += u->key ? 1 + strlen(u->key) : sizeof(digits) + 2;
	all = malloc(n + 1);
	if (!all) {
		strcpy(out, "$");
		return;
	}
	at = n;
	all[at] = '\0';
	for (const struct sp_json_where *u = w; u->up; u = u->up) {
		size_t i = u->index, k = sizeof(digits), len;
		const char *part = digits;

		if (u->key) {
			part = u->key;
			len = strlen(part);
		} else {
			digits[--k] = ']';
			do
				digits[--k] = (char)('0' + i % 10);
			while ((i /= 10));
			digits[--k] = '[';
			part = digits + k;
			len = sizeof(digits) - k;
		}
		at -= len;
		memcpy(all + at, part, len);
		if (u->key)
			all[--at] = '.';
	}
	all[--at] = '$';
	sp_text_fit(out, SP_JSON_PATH_MAX, "%s", all + at);
	free(all);
}

const struct sp_json_where sp_json_root = { 0 };

int sp_json_bad(const struct sp_json_reader *r,
		const struct sp_json_where *w, const char *fmt, ...)
{
	char path[SP_JSON_PATH_MAX];
	va_list ap;

	sp_json_where_path(path, w);
	va_start(ap, fmt);
	sp_diag_vset(r->d, r->file, 0, 0, path, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

json_t *sp_json_opt(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_null(v) ? NULL : v;
}

/* jansson quotes the offending text: keep control bytes (terminal escapes)
 * of a hostile file out of the message. */
void sp_json_syntax_error(struct sp_diag *d, const char *file,
			  const json_error_t *e)
{
	char text[JSON_ERROR_TEXT_LENGTH + 16];
	const char *near = strstr(e->text, " near ");

	/* Two of jansson's texts name its API, not the input. */
	switch (json_error_code(e)) {
	case json_error_null_character:
		snprintf(text, sizeof(text), "a NUL character (\\u0000) in a "
			 "string%s", near ? near : "");
		break;
	case json_error_invalid_utf8:
		snprintf(text, sizeof(text), "not UTF-8: %s", e->text);
		break;
	default:
		snprintf(text, sizeof(text), "%s", e->text);
	}
	for (char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	sp_diag_set(d, file, e->line > 0 ? e->line : 0,
		    e->column > 0 ? e->column : 0, NULL, "%s", text);
}

/* Past blanks from i. */
static size_t blanks(const char *buf, size_t len, size_t i)
{
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
			   buf[i] == '\r'))
		i++;
	return i;
}

/* Past the string that opens at buf[i] == '"', or len when it never
 * closes. */
static size_t past_string(const char *buf, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (buf[i] == '\\')
			i++;
		else if (buf[i] == '"')
			return i + 1;
	}
	return len;
}

/* Past the value at i (blanks skipped before it): a string, an object or
 * array (brackets counted, strings skipped), or a number or literal. */
static size_t past_value(const char *buf, size_t len, size_t i)
{
	size_t depth = 0;

	i = blanks(buf, len, i);
	if (i < len && buf[i] == '"')
		return past_string(buf, len, i);
	while (i < len) {
		char c = buf[i];

		if (c == '"') {
			i = past_string(buf, len, i);
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && depth)
			depth--;
		else if (!depth && (c == ',' || c == '}' || c == ']'))
			return i;
		i++;
		if (!depth && (c == '}' || c == ']'))
			return i;
	}
	return len;
}

int sp_json_top_key(const char *buf, size_t len, const char *key,
		    const char **value, size_t *vlen)
{
	size_t klen = strlen(key), i = blanks(buf, len, 0), k, end;
	bool match;

	if (i >= len || buf[i] != '{')
		return -EINVAL;
	for (i = blanks(buf, len, i + 1); i < len && buf[i] == '"';) {
		k = i + 1;
		i = past_string(buf, len, i);
		if (i >= len)
			return -EINVAL;
		match = i - 1 - k == klen && !memcmp(buf + k, key, klen);
		i = blanks(buf, len, i);
		if (i >= len || buf[i] != ':')
			return -EINVAL;
		i = blanks(buf, len, i + 1);
		end = past_value(buf, len, i);
		if (match) {
			*value = buf + i;
			*vlen = end - i;
			return 1;
		}
		i = blanks(buf, len, end);
		if (i >= len || buf[i] != ',')
			return i < len && buf[i] == '}' ? 0 : -EINVAL;
		i = blanks(buf, len, i + 1);
	}
	return i < len && buf[i] == '}' ? 0 : -EINVAL;
}

bool sp_json_top_string_is(const char *buf, size_t len, const char *key,
			   const char *want)
{
	const char *v;
	size_t n, w = strlen(want);

	return sp_json_top_key(buf, len, key, &v, &n) == 1 && n == w + 2 &&
	       v[0] == '"' && !memcmp(v + 1, want, w) && v[w + 1] == '"';
}

/* An arena is a list of chunks, the newest first; values are cut from the
 * newest.  jansson's allocator is process-wide (json_set_alloc_funcs), so
 * it is set once to functions that use the arena this thread is loading
 * into, if any, and malloc and free otherwise: other threads and other
 * documents are untouched. */
#define CHUNK_SIZE ((size_t)1 << 20)
#define ALIGN _Alignof(max_align_t)

struct chunk {
	struct chunk *next;
	size_t size, used;
	max_align_t mem[];
};

struct sp_json_arena {
	struct chunk *chunks;
};

static _Thread_local struct sp_json_arena *loading;

static void *arena_malloc(size_t n)
{
	struct sp_json_arena *a = loading;
	struct chunk *c;
	void *p;

	if (!a)
		return malloc(n);
	if (n > SIZE_MAX - CHUNK_SIZE)
		return NULL;
	n = (n + ALIGN - 1) / ALIGN * ALIGN;
	c = a->chunks;
	if (!c || c->size - c->used < n) {
		size_t size = n > CHUNK_SIZE ? n : CHUNK_SIZE;

		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = a->chunks;
		a->chunks = c;
	}
	p = (char *)c->mem + c->used;
	c->used += n;
	return p;
}

/* While loading, jansson frees only what it allocated in the same load
 * (its buffers as they grow, a tree cut short by an error): the arena's,
 * freed with it. */
static void arena_release(void *p)
{
	if (!loading)
		free(p);
}

static void set_alloc_funcs(void)
{
	json_set_alloc_funcs(arena_malloc, arena_release);
}

int sp_json_load_arena(const char *buf, size_t len, size_t flags,
		       json_t **root, struct sp_json_arena **arena,
		       json_error_t *e)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct sp_json_arena *a = calloc(1, sizeof(*a));
	json_t *j;

	if (!a)
		return -ENOMEM;
	pthread_once(&once, set_alloc_funcs);
	loading = a;
	j = json_loadb(buf, len, flags, e);
	loading = NULL;
	if (!j) {
		sp_json_arena_free(a);
		return -EINVAL;
	}
	*root = j;
	*arena = a;
	return 0;
}

void sp_json_arena_free(struct sp_json_arena *a)
{
	struct chunk *c, *next;

	if (!a)
		return;
	for (c = a->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

/* Placeholder for a number above INT64_MAX: "\u0001" and an index into
 * sp_json_big.v.  At least 8 characters, and such a number has 19 or
 * more. */
#define BIG_MARK '\x01'
#define BIG_MARK_ESCAPE "\\u0001"

struct big_spot {
	size_t at, len;
};

struct big_spots {
	struct big_spot *v;
	size_t n;
};

/* The integer literal at buf[i] (digits only), its end in *end.  True when
 * it is one jansson cannot hold and a uint64 can: (INT64_MAX, UINT64_MAX],
 * no leading zero, not the start of a real. */
static bool scan_big(const char *buf, size_t len, size_t i, size_t *end,
		     uint64_t *out)
{
	bool over = false;
	uint64_t v = 0;
	size_t j;

	for (j = i; j < len && buf[j] >= '0' && buf[j] <= '9'; j++) {
		unsigned dig = (unsigned)(buf[j] - '0');

		if (v > (UINT64_MAX - dig) / 10)
			over = true;
		else
			v = v * 10 + dig;
	}
	*end = j;
	if (j < len && (buf[j] == '.' || buf[j] == 'e' || buf[j] == 'E'))
		return false;
	*out = v;
	return !over && v > INT64_MAX && buf[i] != '0';
}

static int add_big(struct sp_json_big *r, struct big_spots *s, size_t at,
		   size_t len, uint64_t v)
{
	struct big_spot *n = realloc(s->v, (s->n + 1) * sizeof(*n));
	uint64_t *b;

	if (!n)
		return -ENOMEM;
	s->v = n;
	b = realloc(r->v, (s->n + 1) * sizeof(*b));
	if (!b)
		return -ENOMEM;
	r->v = b;
	s->v[s->n] = (struct big_spot){ .at = at, .len = len };
	r->v[s->n++] = v;
	return 0;
}

/*
 * Replaces each integer literal in (INT64_MAX, UINT64_MAX] that stands where
 * a value may (after ':', '[' or ',' in an array: never as an object key) by
 * the string "\u0001N", padded with blanks to the literal's width so that
 * jansson's line:column for anything else stays right; r->v[N] keeps the
 * value.  Larger numbers are left for jansson to reject ("too big integer").
 * A document with "\u0001" in a string of its own is left alone, so that no
 * placeholder can be forged.
 */
int sp_json_swap_big(char *buf, size_t len, struct sp_json_big *r)
{
	/* in_array[depth - 1]: the innermost container is an array.  Deeper
	 * than jansson parses, nothing is swapped. */
	bool in_array[JSON_PARSER_MAX_DEPTH];
	const size_t esc_len = strlen(BIG_MARK_ESCAPE);
	struct big_spots spots = { 0 };
	size_t i = 0, depth = 0, end;
	bool forged = false;
	char prev = 0;      /* last non-blank character outside strings */
	uint64_t v;
	int ret = 0;

	while (i < len) {
		char c = buf[i];

		if (c == '"') {
			for (i++; i < len && buf[i] != '"'; i++) {
				if (buf[i] != '\\')
					continue;
				if (len - i >= esc_len &&
				    memcmp(buf + i, BIG_MARK_ESCAPE,
					   esc_len) == 0)
					forged = true;
				i++;
			}
			i++;
			prev = '"';
			continue;
		}
		if ((c == '[' || c == '{') && depth < JSON_PARSER_MAX_DEPTH)
			in_array[depth] = c == '[';
		if (c == '[' || c == '{')
			depth++;
		if ((c == ']' || c == '}') && depth)
			depth--;
		if (c >= '0' && c <= '9') {
			bool value = depth <= JSON_PARSER_MAX_DEPTH &&
				     (prev == ':' || prev == '[' ||
				      (prev == ',' && depth &&
				       in_array[depth - 1]));

			if (scan_big(buf, len, i, &end, &v) && value) {
				ret = add_big(r, &spots, i, end - i, v);
				if (ret)
					goto out;
			}
			i = end;
			prev = '0';
			continue;
		}
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			prev = c;
		i++;
	}
	if (forged)
		goto out;
	for (size_t k = 0; k < spots.n; k++) {
		struct big_spot *s = &spots.v[k];
		char mark[32];
		int n = snprintf(mark, sizeof(mark),
				 "\"" BIG_MARK_ESCAPE "%zu\"", k);

		if (n < 0 || (size_t)n > s->len)
			continue; /* cannot happen: 19 digits, 8 + log10 k */
		memcpy(buf + s->at, mark, (size_t)n);
		memset(buf + s->at + n, ' ', s->len - (size_t)n);
	}
	r->n = spots.n;
out:
	free(spots.v);
	return ret;
}

bool sp_json_big_get(const struct sp_json_big *r, json_t *v, uint64_t *out)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	size_t n = 0;

	if (!s || s[0] != BIG_MARK || !s[1])
		return false;
	for (s++; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		n = n * 10 + (size_t)(*s - '0');
		if (n >= r->n)
			return false;
	}
	*out = r->v[n];
	return true;
}

void sp_json_big_fini(struct sp_json_big *b)
{
	free(b->v);
	b->v = NULL;
	b->n = 0;
}
