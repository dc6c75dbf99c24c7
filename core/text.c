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

/* s (n bytes) shortened in place to at most max: its longest word (a run
 * without spaces) loses its middle to "...", again until s fits; text
 * with no word long enough loses its own middle.  Cuts fall between
 * UTF-8 characters.  Returns the new length. */
static size_t fit(char *s, size_t n, size_t max)
{
	if (max < 2 * FIT_KEEP + 3) {
		while (n > max || (n && (s[n] & 0xc0) == 0x80))
			n--;
		s[n] = '\0';
		return n;
	}
	while (n > max) {
		size_t at = 0, wlen = 0, cut = n - max + 3, from, to;

		for (size_t i = 0, j; i < n; i = j + 1) {
			for (j = i; j < n && s[j] != ' '; j++)
				;
			if (j - i > wlen) {
				at = i;
				wlen = j - i;
			}
		}
		if (wlen <= 2 * FIT_KEEP + 3) {
			at = 0;
			wlen = n;
		}
		/* A word shorter than the cut keeps its ends; the next
		 * longest loses the rest. */
		if (cut > wlen - 2 * FIT_KEEP)
			cut = wlen - 2 * FIT_KEEP;
		from = at + (wlen - cut) / 2;
		to = from + cut;
		while (from > at && (s[from] & 0xc0) == 0x80)
			from--;
		while (to < n && (s[to] & 0xc0) == 0x80)
			to++;
		memcpy(s + from, "...", 3);
		memmove(s + from + 3, s + to, n - to + 1);
		n -= to - from - 3;
	}
	return n;
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
