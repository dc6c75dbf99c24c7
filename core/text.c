#include "core/text.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The length of the valid UTF-8 sequence at s that is not a control
 * character, or 0 when the byte at s must be escaped. */
static size_t printable_len(const unsigned char *s)
{
	size_t n;

	if (s[0] >= 0x20 && s[0] < 0x7f)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, surrogates, past U+10FFFF, and the C1 controls
	 * (U+0080-U+009F, which some terminals obey). */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90) ||
	    (s[0] == 0xc2 && s[1] < 0xa0))
		return 0;
	return n;
}

static bool needs_escape(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = printable_len(p);

		if (!n)
			return true;
		p += n;
	}
	return false;
}

const char *sp_text_safe(const char *s, char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (!needs_escape(s) || !len)
		return s;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = printable_len(p);

		if (n && o + n < len) {
			memcpy(buf + o, p, n);
			o += n;
			p += n;
			continue;
		}
		if (n || o + 4 >= len)
			break;
		buf[o++] = '\\';
		buf[o++] = 'x';
		buf[o++] = hex[*p >> 4];
		buf[o++] = hex[*p & 15];
		p++;
	}
	buf[o] = '\0';
	return buf;
}

int sp_text_put(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = printable_len(p);

		if (n)
			fwrite(p, 1, n, f);
		else
			fprintf(f, "\\x%02x", *p);
		p += n ? n : 1;
	}
	return ferror(f) ? -EIO : 0;
}

/* What a shortened word keeps of each of its ends: enough to know a name
 * by (a path's top directories, its file name). */
#define FIT_KEEP 12

/* A word of s: where it starts, how long it is. */
struct word {
	size_t at, len;
};

/* Longest first; of equal length, the first. */
static int word_order(const void *a, const void *b)
{
	const struct word *x = a, *y = b;

	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* The bytes [*from, *to) of the word w of s (n bytes) that lose their
 * place to "..." where s is cut by cut bytes there, between UTF-8
 * characters: its middle, its ends kept. */
static void cut_span(const char *s, size_t n, struct word w, size_t cut,
		     size_t *from, size_t *to)
{
	/* A word shorter than the cut keeps its ends; the next longest
	 * loses the rest. */
	if (cut > w.len - 2 * FIT_KEEP)
		cut = w.len - 2 * FIT_KEEP;
	*from = w.at + (w.len - cut) / 2;
	*to = *from + cut;
	while (*from > w.at && (s[*from] & 0xc0) == 0x80)
		(*from)--;
	while (*to < n && (s[*to] & 0xc0) == 0x80)
		(*to)++;
}

static int span_order(const void *a, const void *b)
{
	const struct word *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/* The words of s (n bytes) longer than 2 * FIT_KEEP + 3, longest first,
 * cut in turn until s fits max, all at once: cutting one word, then
 * looking for the longest again, took a second a megabyte squared (a
 * trace's name of ten megabytes of words in a message held its reader
 * for half an hour).  Each word's cut is where it would be cut alone:
 * the words are apart.  The new length (n where there was no memory:
 * fit cuts the text's middle then). */
static size_t cut_words(char *s, size_t n, size_t max)
{
	struct word *w = NULL, *more;
	size_t nw = 0, cap = 0, left = n, o = 0, prev = 0;

	for (size_t i = 0, j; i < n; i = j + 1) {
		for (j = i; j < n && s[j] != ' '; j++)
			;
		if (j - i <= 2 * FIT_KEEP + 3)
			continue;
		if (nw == cap) {
			cap = cap ? 2 * cap : 16;
			more = realloc(w, cap * sizeof(*w));
			if (!more) {
				free(w);
				return n;
			}
			w = more;
		}
		w[nw++] = (struct word){ i, j - i };
	}
	if (!nw)
		return n;
	qsort(w, nw, sizeof(*w), word_order);
	/* Each word becomes its span cut, [at, at + len). */
	for (size_t k = 0; k < nw; k++) {
		size_t from, to;

		if (left <= max) {
			nw = k;
			break;
		}
		cut_span(s, n, w[k], left - max + 3, &from, &to);
		w[k] = (struct word){ from, to - from };
		left -= to - from - 3;
	}
	qsort(w, nw, sizeof(*w), span_order);
	for (size_t k = 0; k < nw; k++) {
		memmove(s + o, s + prev, w[k].at - prev);
		o += w[k].at - prev;
		memcpy(s + o, "...", 3);
		o += 3;
		prev = w[k].at + w[k].len;
	}
	memmove(s + o, s + prev, n - prev + 1);
	free(w);
	return o + n - prev;
}

/* s (n bytes) shortened in place to at most max: its longest words (runs
 * without spaces) lose their middles to "..." until s fits; text with no
 * word left long enough (or no memory to list them) loses its own
 * middle.  Cuts fall between UTF-8 characters.  Returns the new length. */
static size_t fit(char *s, size_t n, size_t max)
{
	size_t from, to;

	if (max < 2 * FIT_KEEP + 3) {
		while (n > max || (n && (s[n] & 0xc0) == 0x80))
			n--;
		s[n] = '\0';
		return n;
	}
	if (n > max)
		n = cut_words(s, n, max);
	if (n <= max)
		return n;
	cut_span(s, n, (struct word){ 0, n }, n - max + 3, &from, &to);
	memcpy(s + from, "...", 3);
	memmove(s + from + 3, s + to, n - to + 1);
	return n - (to - from - 3);
}

char *sp_text_vfit(char *buf, size_t len, const char *fmt, va_list ap)
{
	char *all;
	va_list again;
	int n;

	if (!len)
		return buf;
	va_copy(again, ap);
	n = vsnprintf(buf, len, fmt, ap);
	if (n >= 0 && (size_t)n >= len && (all = malloc((size_t)n + 1))) {
		vsnprintf(all, (size_t)n + 1, fmt, again);
		fit(all, (size_t)n, len - 1);
		strcpy(buf, all);
		free(all);
	}
	va_end(again);
	return buf;
}

char *sp_text_fit(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sp_text_vfit(buf, len, fmt, ap);
	va_end(ap);
	return buf;
}
