/* The HTML form of the reports (show, check, run, diff): one
 * self-contained page a browser opens from a file, with no script and no
 * request of any kind (its Content-Security-Policy forbids them), its
 * style inline. */
#ifndef SP_OUTPUT_HTML_H
#define SP_OUTPUT_HTML_H

#include <stdio.h>

/* The page up to <body> and its <h1>title</h1>, and its end. */
void sp_html_begin(FILE *f, const char *title);
void sp_html_end(FILE *f);

/* s as HTML text (or an attribute value): & < > " ' as entities,
 * control characters as \xNN as core/text.h writes them. */
void sp_html_text(FILE *f, const char *s);

#endif
