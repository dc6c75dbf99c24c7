/* Strings from files (a trace's command and executables, symbols, a
 * profile's names and comments) printed for people: their control
 * characters escaped, so that a hostile file cannot move a terminal's
 * cursor, retitle it or worse. */
#ifndef SP_CORE_TEXT_H
#define SP_CORE_TEXT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* s with every C0 control character, DEL, C1 control (U+0080-U+009F) and
 * byte that is not part of valid UTF-8 written as \xNN; the rest, other
 * languages included, as it is.  Returns s itself when nothing needs
 * escaping, else buf (len bytes; the escaped text is cut short to fit). */
const char *sp_text_safe(const char *s, char *buf, size_t len);

/* Writes s to f escaped as sp_text_safe does, however long.  0 or
 * -EIO. */
int sp_text_put(FILE *f, const char *s);

/* printf into buf (len bytes) however long the text: text too long for
 * buf keeps its beginning and its end, where a message says what went
 * wrong (strerror, "expected X", the line and column), and loses the
 * middle of its longest words instead (names: paths, ids, values, JSON
 * paths), each cut marked "...".  Every message built into a fixed
 * buffer goes through it.  Returns buf. */
char *sp_text_fit(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
char *sp_text_vfit(char *buf, size_t len, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
