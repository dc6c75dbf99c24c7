/* Strings from files (a trace's command and executables, symbols, a
 * profile's names and comments) printed for people: their control
 * characters escaped, so that a hostile file cannot move a terminal's
 * cursor, retitle it or worse. */
#ifndef SP_CORE_TEXT_H
#define SP_CORE_TEXT_H

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

#endif
