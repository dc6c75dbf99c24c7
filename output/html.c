#include "output/html.h"

#include <string.h>

#include "core/text.h"

/* Readable on screen and in print, light or dark, without a request. */
static const char style[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;"
	"max-width:78em;padding:0 1em;color:#1b1b1b;background:#fff}"
	"@media(prefers-color-scheme:dark){body{color:#e6e6e6;"
	"background:#161616}th{background:#2a2a2a!important}"
	"td,th{border-color:#444!important}}"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}"
	"table{border-collapse:collapse;width:100%;margin:.5em 0}"
	"th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
	"vertical-align:top}th{background:#f2f2f2}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}"
	"code{font:12.5px/1.4 ui-monospace,monospace}"
	".allow{color:#1a7f37}.refuse{color:#cf222e}.tag{font-weight:600}"
	"ul.tree{list-style:none;padding-left:1.2em;margin:.2em 0}"
	"ul.tree li{margin:.1em 0}";

void sp_html_text(FILE *f, const char *s)
{
	char buf[4096];

	for (s = sp_text_safe(s, buf, sizeof(buf)); *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

void sp_html_begin(FILE *f, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" "
	      "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n"
	      "<title>", f);
	sp_html_text(f, title);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>",
		style);
	sp_html_text(f, title);
	fputs("</h1>\n", f);
}

void sp_html_end(FILE *f)
{
	fputs("<footer><p>Written by sandprint.</p></footer>\n</body>\n"
	      "</html>\n", f);
}
