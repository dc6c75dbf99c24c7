/* Diagnostics for bad user input: what went wrong and where (file, line and
 * column, or a JSON path).  Modules fill one in; only cli/ prints it. */
#ifndef SP_CORE_DIAG_H
#define SP_CORE_DIAG_H

#include <stdarg.h>
#include <stddef.h>

struct sp_diag {
	char file[256];
	int line;     /* 0: none */
	int column;   /* 0: none */
	char path[128]; /* JSON path such as "$.syscalls[3].action", or "" */
	char msg[512];   /* room for a reason and its advice, whole */
};

/* Sets every field; file and path may be NULL.  A field too long for its
 * array is shortened as sp_text_fit does: in the middle of its names,
 * never the reason at its end. */
void sp_diag_set(struct sp_diag *d, const char *file, int line, int column,
		 const char *path, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void sp_diag_vset(struct sp_diag *d, const char *file, int line, int column,
		  const char *path, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

/* What sp_diag_format writes, whatever the fields hold, fits in this. */
#define SP_DIAG_TEXT_MAX                                                    \
	(sizeof(((struct sp_diag *)0)->file) +                              \
	 sizeof(((struct sp_diag *)0)->path) +                              \
	 sizeof(((struct sp_diag *)0)->msg) + 32)

/* "FILE:LINE:COL: $.path: MSG" with the parts that are set. */
void sp_diag_format(const struct sp_diag *d, char *buf, size_t len);

#endif
