#include "analyzer/imports.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/syscall.h"

static const struct {
	const char *fn;
	const char *syscall;
} wrappers[] = {
#define SP_WRAPPER(fn, sc) { #fn, #sc },
#include "analyzer/wrappers.def"
#undef SP_WRAPPER
};

#define NWRAPPERS (sizeof(wrappers) / sizeof(wrappers[0]))

bool sp_wrapper_entry(size_t i, const char **fn, const char **syscall)
{
	if (i >= NWRAPPERS)
		return false;
	*fn = wrappers[i].fn;
	*syscall = wrappers[i].syscall;
	return true;
}

size_t sp_wrapper_syscalls(const char *fn, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < NWRAPPERS && n < max; i++)
		if (strcmp(wrappers[i].fn, fn) == 0)
			out[n++] = wrappers[i].syscall;
	return n;
}

/* The wrappers' syscalls that some trace recorded, one flag per table
 * line. */
static void mark_recorded(struct sp_trace *const *traces, size_t ntraces,
			  bool seen[NWRAPPERS])
{
	memset(seen, 0, NWRAPPERS * sizeof(seen[0]));
	for (size_t t = 0; t < ntraces; t++) {
		for (size_t i = 0; i < traces[t]->npatterns; i++) {
			const struct sp_pattern *p = &traces[t]->patterns[i];
			const char *name = sp_syscall_name(p->arch, p->nr);

			if (!name)
				continue;
			for (size_t w = 0; w < NWRAPPERS; w++)
				if (!seen[w] &&
				    strcmp(wrappers[w].syscall, name) == 0)
					seen[w] = true;
		}
	}
}

int sp_imports_unexercised(struct sp_trace *const *traces, size_t ntraces,
			   const struct sp_imports *imports, size_t nimports,
			   struct sp_import_warning **out, size_t *nout)
{
	bool seen[NWRAPPERS];
	struct sp_import_warning *v = NULL;
	size_t n = 0, cap = 0;

	mark_recorded(traces, ntraces, seen);
	for (size_t e = 0; e < nimports; e++) {
		const struct sp_imports *im = &imports[e];

		for (size_t k = 0; k < im->n; k++) {
			struct sp_import_warning w = { .exe = im->exe };
			bool exercised = false;

			for (size_t i = 0; i < NWRAPPERS; i++) {
				if (strcmp(wrappers[i].fn, im->names[k]) != 0)
					continue;
				w.wrapper = wrappers[i].fn;
				exercised |= seen[i];
				if (w.nsyscalls < SP_WRAPPER_ALTS_MAX)
					w.syscalls[w.nsyscalls++] =
						wrappers[i].syscall;
			}
			if (!w.wrapper || exercised)
				continue;
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				struct sp_import_warning *nv =
					realloc(v, ncap * sizeof(*nv));

				if (!nv) {
					free(v);
					return -ENOMEM;
				}
				v = nv;
				cap = ncap;
			}
			v[n++] = w;
		}
	}
	*out = v;
	*nout = n;
	return 0;
}
