#include "core/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sp_diag_set(struct sp_diag *d, const char *file, int line, int column,
		 const char *path, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return;
	snprintf(d->file, sizeof(d->file), "%s", file ? file : "");
	snprintf(d->path, sizeof(d->path), "%s", path ? path : "");
	d->line = line;
	d->column = column;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
}

void sp_diag_format(const struct sp_diag *d, char *buf, size_t len)
{
	size_t n = 0;

#define PUT(...)                                                          \
	do {                                                              \
		int w = snprintf(buf + n, len - n, __VA_ARGS__);          \
		if (w > 0)                                                \
			n = (size_t)w < len - n ? n + (size_t)w : len - 1; \
	} while (0)
	if (!len)
		return;
	buf[0] = '\0';
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
}
