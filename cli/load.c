#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/interp.h"
#include "cli/cli.h"
#include "cli/filter.h"
#include "output/bpf_file.h"
#include "output/docker.h"
#include "output/file.h"
#include "output/oci_json.h"
#include "output/trace_json.h"

/* The directory of the profiles shipped with sandprint, spelled into buf
 * (unresolved: it may not exist); false when it cannot be named. */
static bool shipped_dir(char *buf, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return snprintf(buf, len, "%s/" SP_DATA_FROM_BINDIR "/profiles", exe) <
	       (int)len;
}

const char *sp_cli_profile_file(const char *spec, char *buf, size_t len)
{
	char dir[PATH_MAX];

	if (!*spec || strchr(spec, '/') || access(spec, F_OK) == 0 ||
	    errno != ENOENT)
		return spec;
	if (!shipped_dir(dir, sizeof(dir)) ||
	    snprintf(buf, len, "%s/%s.json", dir, spec) >= (int)len ||
	    access(buf, R_OK) != 0)
		return spec;
	return buf;
}

void sp_cli_note_shipped(const char *spec)
{
	char dir[PATH_MAX], real[PATH_MAX], names[512] = "";
	struct dirent **e;
	size_t at = 0;
	int n;

	/* A name, as the shipped ones are, that no file has (pid:N is no
	 * such name). */
	if (!*spec || strpbrk(spec, "/.:") || access(spec, F_OK) == 0 ||
	    errno != ENOENT || !shipped_dir(dir, sizeof(dir)))
		return;
	n = scandir(dir, &e, NULL, alphasort);
	if (n < 0) {
		/* The executable moved away from its installation (or its
		 * share/ was not installed). */
		sp_cli_error("%s: no profile shipped with sandprint either: "
			     "there are none beside this executable, where "
			     "an installed one has them (%s: %s)",
			     spec, dir, strerror(errno));
		return;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(e[i]->d_name);

		if (len > 5 && !strcmp(e[i]->d_name + len - 5, ".json") &&
		    at + len + 2 < sizeof(names))
			at += (size_t)snprintf(names + at, sizeof(names) - at,
					       "%s%.*s", at ? ", " : "",
					       (int)(len - 5), e[i]->d_name);
		free(e[i]);
	}
	free(e);
	sp_cli_error("%s: no profile shipped with sandprint either (in %s: %s)",
		     spec, realpath(dir, real) ? real : dir,
		     *names ? names : "none");
}

/* A filter that is not a JSON file: a raw cBPF program, a live process's
 * (pid:N).  Only check, explain and run take them: the other commands
 * say so rather than "not text" or "no such file". */
static bool program_not_text(const char *path)
{
	struct sp_bpf *b = NULL;
	struct sp_diag d = { 0 };
	bool is;

	if (strncmp(path, "pid:", 4) == 0 && access(path, F_OK) != 0)
		return true;
	is = sp_bpf_file_read(path, &b, &d) == 0 &&
	     sp_interp_check(b->insns, b->len, path, &d) == 0;
	sp_bpf_free(b);
	return is;
}

/* Why path could not be read (as a trace when traces): d, or that it is
 * a program. */
static void say_unreadable(const char *path, const struct sp_diag *d,
			   bool traces)
{
	if (!program_not_text(path))
		sp_cli_diag(d);
	else if (traces)
		sp_cli_error("%s: a seccomp program, not a trace (a trace is "
			     "what 'sandprint record' writes)", path);
	else
		sp_cli_error("%s: a seccomp program (raw cBPF or pid:N): only "
			     "check, explain and run read one", path);
}

int sp_cli_input_read(const char *path, struct sp_cli_input *in)
{
	struct sp_diag d = { 0 };
	char file[PATH_MAX];

	in->path = path;
	in->buf = NULL;
	in->len = 0;
	/* "-": standard input (strace ... 2>&1 | sandprint import -,
	 * sandprint profile -f k8s ... | sandprint merge - other.json). */
	if (strcmp(path, "-") == 0)
		path = "/dev/stdin";
	/* A shipped profile by its name (docker-default); messages name the
	 * file read. */
	if (sp_file_read(sp_cli_profile_file(path, file, sizeof(file)),
			 sp_file_text_check, NULL, &in->buf, &in->len,
			 &d) == 0)
		return 0;
	say_unreadable(path, &d, false);
	return SP_EXIT_ERROR;
}

void sp_cli_input_fini(struct sp_cli_input *in)
{
	free(in->buf);
	in->buf = NULL;
}

bool sp_cli_input_is_trace(const struct sp_cli_input *in)
{
	return sp_trace_json_is_trace(in->buf, in->len);
}

/* A key no consumer reads, said as a warning (not an error: runc and
 * crun load the profile), the first few of a file. */
struct unknown_keys {
	const char *path;
	unsigned n;
};
enum { SP_CLI_UNKNOWN_KEYS_SAID = 3 };

static void unknown_key(void *ctx, const char *where)
{
	struct unknown_keys *u = ctx;

	if (u->n++ < SP_CLI_UNKNOWN_KEYS_SAID)
		sp_cli_error("%s: %s: unknown key, ignored as runc and crun "
			     "ignore it", u->path, where);
}

/* An entry the runtimes read otherwise than its writer may mean. */
static void warning(void *ctx, const char *where, const char *text)
{
	const struct unknown_keys *u = ctx;

	sp_cli_error("warning: %s: %s: %s", u->path, where, text);
}

int sp_cli_parse_profile(struct sp_cli_input *in,
			 const struct sp_docker_opts *o,
			 struct sp_profile **out, enum sp_json_form *form)
{
	struct unknown_keys u = { .path = in->path };
	struct sp_docker_opts opts;
	struct sp_diag d = { 0 };
	int rc;

	if (o)
		opts = *o;
	else if (sp_cli_docker_opts(&opts, NULL))
		return SP_EXIT_ERROR;
	opts.on_unknown_key = unknown_key;
	opts.on_warning = warning;
	opts.ctx = &u;
	rc = sp_profile_parse_json(in->path, in->buf, in->len, &opts, out,
				   form, &d);
	if (u.n > SP_CLI_UNKNOWN_KEYS_SAID)
		sp_cli_error("%s: %u more unknown keys", in->path,
			     u.n - SP_CLI_UNKNOWN_KEYS_SAID);
	if (!rc)
		return 0;
	sp_cli_diag(&d);
	return SP_EXIT_ERROR;
}

int sp_cli_profile_input_read(const char *path, struct sp_cli_input *in)
{
	int rc = sp_cli_input_read(path, in);

	if (rc)
		sp_cli_note_shipped(path);
	return rc;
}

int sp_cli_read_profile(const char *path, struct sp_profile **out)
{
	struct sp_cli_input in;
	int rc = sp_cli_profile_input_read(path, &in);

	if (!rc)
		rc = sp_cli_parse_profile(&in, NULL, out, NULL);
	sp_cli_input_fini(&in);
	return rc;
}

void sp_cli_note_trace(const char *path, const struct sp_trace *t)
{
	if (t->partial)
		sp_cli_error("%s: a partial trace (%s): calls may be missing "
			     "from it", path,
			     t->end == SP_END_ERROR ? "the recording failed" :
			     t->end == SP_END_RUNNING ? "written while it ran" :
							"calls were lost");
	for (size_t i = 0; i < t->nunprivileged; i++)
		sp_cli_error("%s: %s ran without its set-id bits or file "
			     "capabilities when recorded (sandprint lacked "
			     "CAP_SYS_ADMIN or CAP_SYS_PTRACE): what it does "
			     "with them may be missing",
			     path, t->unprivileged[i]);
}

void sp_cli_free_traces(struct sp_trace **traces, size_t n)
{
	if (!traces)
		return;
	for (size_t i = 0; i < n; i++)
		sp_trace_free(traces[i]);
	free(traces);
}

/* Traces are read two at a time: parsing a large one takes most of a
 * second, and diff always gets two.  The helper thread reads inputs 1, 3,
 * 5, ... while this one reads 0, 2, 4, ...; each stops at its first
 * failure, so the lowest failing index is the one a reading in order
 * would have stopped at, and only its diagnostic is printed. */
struct reading {
	const struct sp_cli_input *in;
	size_t n;
	struct sp_trace **t;
	struct sp_diag *d;
	int *rc;
};

static void read_every(struct reading *r, size_t first, size_t step)
{
	for (size_t i = first; i < r->n; i += step) {
		const struct sp_cli_input *in = &r->in[i];

		r->rc[i] = in->buf ? sp_trace_parse_json(in->path, in->buf,
							 in->len, &r->t[i],
							 &r->d[i]) :
				     sp_trace_read_json(strcmp(in->path, "-") ?
							in->path :
							"/dev/stdin",
							&r->t[i], &r->d[i]);
		if (r->rc[i])
			break;
	}
}

static void *read_odd(void *arg)
{
	read_every(arg, 1, 2);
	return NULL;
}

int sp_cli_parse_traces(const struct sp_cli_input *in, size_t n,
			struct sp_trace ***out)
{
	struct reading r = { .in = in, .n = n };
	pthread_t helper;
	bool helped;
	int rc = SP_EXIT_ERROR;

	r.t = calloc(n ? n : 1, sizeof(*r.t));
	r.d = calloc(n ? n : 1, sizeof(*r.d));
	r.rc = calloc(n ? n : 1, sizeof(*r.rc));
	if (!r.t || !r.d || !r.rc) {
		sp_cli_error("%s", strerror(ENOMEM));
		goto out;
	}
	helped = n > 1 && pthread_create(&helper, NULL, read_odd, &r) == 0;
	read_every(&r, 0, helped ? 2 : 1);
	if (helped)
		pthread_join(helper, NULL);
	for (size_t i = 0; i < n; i++) {
		if (r.rc[i]) {
			say_unreadable(in[i].path, &r.d[i], true);
			goto out;
		}
	}
	*out = r.t;
	r.t = NULL;
	rc = 0;
out:
	sp_cli_free_traces(r.t, n);
	free(r.d);
	free(r.rc);
	return rc;
}

int sp_cli_read_traces(char *const *paths, size_t n, struct sp_trace ***out)
{
	struct sp_cli_input *in = calloc(n ? n : 1, sizeof(*in));
	int rc;

	if (!in) {
		sp_cli_error("%s", strerror(ENOMEM));
		return SP_EXIT_ERROR;
	}
	for (size_t i = 0; i < n; i++)
		in[i].path = paths[i];
	rc = sp_cli_parse_traces(in, n, out);
	free(in);
	return rc;
}
