#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/check.h"
#include "cli/cli.h"
#include "output/oci_json.h"
#include "output/trace_json.h"

int sp_cli_is_trace(const char *path)
{
	static const char key[] = "\"format\"", want[] = "\"sandprint-trace\"";
	char buf[4096], *p;
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strstr(buf, key);
	if (!p)
		return 0;
	p += strlen(key);
	p += strspn(p, " \t\r\n");
	if (*p++ != ':')
		return 0;
	p += strspn(p, " \t\r\n");
	return strncmp(p, want, strlen(want)) == 0;
}

int sp_cli_read_profile(const char *path, struct sp_profile **out)
{
	struct sp_docker_opts o;
	struct sp_diag d = { 0 };
	int rc;

	if (sp_cli_docker_opts(&o, NULL, NULL))
		return SP_EXIT_ERROR;
	rc = sp_profile_is_docker(path);
	if (rc == 1)
		rc = sp_profile_read_docker(path, &o, out, &d);
	else if (rc == 0)
		rc = sp_profile_read_oci(path, out, &d);
	else
		sp_diag_set(&d, path, 0, 0, NULL, "cannot read: %s",
			    strerror(-rc));
	if (rc) {
		sp_cli_diag(&d);
		return SP_EXIT_ERROR;
	}
	return 0;
}

void sp_cli_free_traces(struct sp_trace **traces, size_t n)
{
	if (!traces)
		return;
	for (size_t i = 0; i < n; i++)
		sp_trace_free(traces[i]);
	free(traces);
}

int sp_cli_read_traces(char *const *paths, size_t n, struct sp_trace ***out)
{
	struct sp_trace **t = calloc(n ? n : 1, sizeof(*t));

	if (!t) {
		sp_cli_error("%s", strerror(ENOMEM));
		return SP_EXIT_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		struct sp_diag d = { 0 };

		if (sp_trace_read_json(paths[i], &t[i], &d)) {
			sp_cli_diag(&d);
			sp_cli_free_traces(t, i);
			return SP_EXIT_ERROR;
		}
	}
	*out = t;
	return 0;
}
