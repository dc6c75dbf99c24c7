/* Unexercised imports, for profile, generate and show: the executables'
 * imports are read with tracer/elf.h and checked with analyzer/imports.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/imports.h"
#include "cli/cli.h"
#include "tracer/elf.h"

int sp_cli_unexercised(struct sp_trace *const *traces, size_t n,
		       struct sp_import_warning **w, size_t *nw,
		       size_t *unreadable)
{
	struct sp_imports *imps = NULL;
	size_t nimps = 0, cap = 0;
	int ret = 0;

	*unreadable = 0;
	for (size_t i = 0; i < n; i++)
		cap += traces[i]->nexes;
	imps = calloc(cap ? cap : 1, sizeof(*imps));
	if (!imps)
		return -ENOMEM;
	for (size_t i = 0; i < n && !ret; i++) {
		for (size_t e = 0; e < traces[i]->nexes && !ret; e++) {
			const char *exe = traces[i]->exes[e];
			struct sp_diag d = { 0 };
			char **names;
			size_t k, nn;

			for (k = 0; k < nimps; k++)
				if (strcmp(imps[k].exe, exe) == 0)
					break;
			if (k < nimps || exe[0] != '/')
				continue;
			ret = sp_elf_imports(exe, &names, &nn, &d);
			if (ret == -ENOMEM)
				break;
			if (ret) {
				(*unreadable)++;
				ret = 0;
				continue;
			}
			imps[nimps++] = (struct sp_imports){
				.exe = exe, .names = names, .n = nn };
		}
	}
	if (!ret)
		ret = sp_imports_unexercised(traces, n, imps, nimps, w, nw);
	for (size_t k = 0; k < nimps; k++)
		sp_elf_names_free((char **)imps[k].names);
	free(imps);
	return ret;
}

void sp_cli_note_unexercised(struct sp_trace *const *traces, size_t n)
{
	struct sp_import_warning *w = NULL;
	size_t nw = 0, unreadable = 0;
	int ret = sp_cli_unexercised(traces, n, &w, &nw, &unreadable);

	if (ret) {
		sp_cli_error("cannot check the imports: %s", strerror(-ret));
		return;
	}
	for (size_t i = 0; i < nw; i++) {
		char alts[128] = "";
		size_t len = 0;

		for (size_t k = 0; k < w[i].nsyscalls && len < sizeof(alts);
		     k++) {
			int m = snprintf(alts + len, sizeof(alts) - len,
					 "%s%s", k ? ", " : "",
					 w[i].syscalls[k]);

			len += m > 0 ? (size_t)m : 0;
		}
		if (w[i].nsyscalls == 1)
			sp_cli_error("%s imports %s() but its syscall %s never "
				     "appeared in the recording: that path "
				     "will be refused in production",
				     w[i].exe, w[i].wrapper, alts);
		else
			sp_cli_error("%s imports %s() but none of its syscalls "
				     "(%s) appeared in the recording: that "
				     "path will be refused in production",
				     w[i].exe, w[i].wrapper, alts);
	}
	if (unreadable)
		sp_cli_error("imports not checked for %zu executable%s that "
			     "cannot be read", unreadable,
			     unreadable == 1 ? "" : "s");
	free(w);
}
