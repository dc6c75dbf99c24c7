#include "core/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/text.h"

void sp_diag_vset(struct sp_diag *d, const char *file, int line, int column,
		  const char *path, const char *fmt, va_list ap)
{
	if (!d)
		return;
	sp_text_fit(d->file, sizeof(d->file), "%s", file ? file : "");
	sp_text_fit(d->path, sizeof(d->path), "%s", path ? path : "");
	d->line = line;
	d->column = column;
	sp_text_vfit(d->msg, sizeof(d->msg), fmt, ap);
}

void sp_diag_set(struct sp_diag *d, const char *file, int line, int column,
		 const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sp_diag_vset(d, file, line, column, path, fmt, ap);
	va_end(ap);
}

void sp_diag_format(const struct sp_diag *d, char *buf, size_t len)
{
	char all[SP_DIAG_TEXT_MAX];
	size_t n = 0;

	/* Whole in all (the fields are bounded), then fitted to buf. */
#define PUT(...) \
	(n += (size_t)snprintf(all + n, sizeof(all) - n, __VA_ARGS__))
	all[0] = '\0';
	if (d->file[0])
		PUT("%s:", d->file);
	if (d->line > 0)
		PUT("%d:", d->line);
	if (d->line > 0 && d->column > 0)
		PUT("%d:", d->column);
	if (d->path[0])
		PUT("%s%s:", n ? " " : "", d->path);
	PUT("%s%s", n ? " " : "", d->msg);
#undef PUT
	sp_text_fit(buf, len, "%s", all);
}
