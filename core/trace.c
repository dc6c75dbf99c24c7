#include "core/trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"

static const char *const end_names[] = {
	[SP_END_RUNNING] = "running",
	[SP_END_EXITED] = "exited",
	[SP_END_SIGNALED] = "signaled",
	[SP_END_INTERRUPTED] = "interrupted",
	[SP_END_ERROR] = "error",
	[SP_END_UNKNOWN] = "unknown",
};

struct sp_trace *sp_trace_new(void)
{
	return calloc(1, sizeof(struct sp_trace));
}

static void free_strv(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

void sp_trace_free(struct sp_trace *t)
{
	if (!t)
		return;
	free_strv(t->argv);
	free_strv(t->containers);
	free(t->pod);
	for (size_t i = 0; i < t->nexes; i++)
		free(t->exes[i]);
	free(t->exes);
	free(t->procs);
	for (size_t i = 0; i < t->nobjects; i++)
		free(t->objects[i]);
	free(t->objects);
	free(t->maps);
	sp_keyset_clear(&t->mapped);
	free(t->patterns);
	for (size_t i = 0; i < t->nframes; i++)
		free(t->frames[i].symbol);
	free(t->frames);
	for (size_t i = 0; i < t->nmodules; i++)
		free(t->modules[i]);
	free(t->modules);
	for (size_t i = 0; i < t->nunprivileged; i++)
		free(t->unprivileged[i]);
	free(t->unprivileged);
	sp_hashidx_clear(&t->exes_at);
	sp_hashidx_clear(&t->objects_at);
	sp_hashidx_clear(&t->modules_at);
	sp_hashidx_clear(&t->unprivileged_at);
	free(t);
}

bool sp_trace_has_container(const struct sp_trace *t, const char *id)
{
	for (char **c = t->containers; c && *c; c++)
		if (strcmp(*c, id) == 0)
			return true;
	return false;
}

int sp_trace_add_container(struct sp_trace *t, const char *id)
{
	size_t n = 0;
	char **v;

	if (sp_trace_has_container(t, id))
		return 0;
	while (t->containers && t->containers[n])
		n++;
	v = realloc(t->containers, (n + 2) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	t->containers = v;
	v[n] = strdup(id);
	v[n + 1] = NULL;
	return v[n] ? 0 : -ENOMEM;
}

int sp_trace_set_argv(struct sp_trace *t, char *const *argv)
{
	size_t n = 0;
	char **v;

	while (argv[n])
		n++;
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		v[i] = strdup(argv[i]);
		if (!v[i]) {
			free_strv(v);
			return -ENOMEM;
		}
	}
	free_strv(t->argv);
	t->argv = v;
	return 0;
}

/* Index of s in the string list v (n strings, indexed by at), or -1. */
static int find(char *const *v, size_t n, const struct sp_hashidx *at,
		const char *s, uint64_t h)
{
	uint32_t pos;

	for (size_t it = 0; sp_hashidx_next(at, h, &it, &pos);)
		if (pos < n && strcmp(v[pos], s) == 0)
			return (int)pos;
	return -1;
}

/* Index of s in the string list v, adding a copy when new. */
static int intern(char ***v, size_t *n, size_t *cap, struct sp_hashidx *at,
		  const char *s)
{
	uint64_t h = sp_hash_str(s);
	int i = find(*v, *n, at, s, h);
	char *copy;

	if (i >= 0)
		return i;
	if (sp_array_grow(v, cap, *n + 1, sizeof(**v)) ||
	    sp_hashidx_add(at, h, (uint32_t)*n))
		return -ENOMEM;
	copy = strdup(s);
	if (!copy)
		return -ENOMEM;
	(*v)[*n] = copy;
	return (int)(*n)++;
}

int sp_trace_intern_exe(struct sp_trace *t, const char *exe)
{
	return intern(&t->exes, &t->nexes, &t->exes_cap, &t->exes_at, exe);
}

int sp_trace_rename_exe(struct sp_trace *t, size_t i, const char *exe,
			char **old)
{
	uint64_t h = sp_hash_str(exe);
	char *copy;

	if (find(t->exes, t->nexes, &t->exes_at, exe, h) >= 0)
		return 1;
	copy = strdup(exe);
	if (!copy || sp_hashidx_add(&t->exes_at, h, (uint32_t)i)) {
		free(copy);
		return -ENOMEM;
	}
	/* The old name's entry stays, passed over: it no longer matches. */
	*old = t->exes[i];
	t->exes[i] = copy;
	return 0;
}

int sp_trace_intern_object(struct sp_trace *t, const char *path)
{
	return intern(&t->objects, &t->nobjects, &t->objects_cap,
		      &t->objects_at, path);
}

int sp_trace_add_mapping(struct sp_trace *t, uint32_t proc, uint32_t object)
{
	/* A scan of the maps for the pair was a recording's 20,000
	 * images of 20 libraries each, or reading its trace, spent
	 * comparing: 10^11 steps. */
	int rc;

	if (sp_array_grow(&t->maps, &t->maps_cap, t->nmaps + 1,
			  sizeof(*t->maps)))
		return -ENOMEM;
	rc = sp_keyset_add(&t->mapped, ((uint64_t)proc << 32 | object) + 1);
	if (rc)
		return rc < 0 ? rc : 0;
	t->maps[t->nmaps++] = (struct sp_mapping){ proc, object };
	return 0;
}

int sp_trace_maps_by_proc(const struct sp_trace *t, size_t **at,
			  uint32_t **objects)
{
	/* A counting sort: each image's count, their running sums, each
	 * map put at its image's next place. */
	size_t *a = calloc(t->nprocs + 2, sizeof(*a));
	uint32_t *o = malloc((t->nmaps ? t->nmaps : 1) * sizeof(*o));

	if (!a || !o) {
		free(a);
		free(o);
		return -ENOMEM;
	}
	for (size_t i = 0; i < t->nmaps; i++)
		if (t->maps[i].proc < t->nprocs)
			a[t->maps[i].proc + 2]++;
	for (size_t i = 2; i < t->nprocs + 2; i++)
		a[i] += a[i - 1];
	for (size_t i = 0; i < t->nmaps; i++)
		if (t->maps[i].proc < t->nprocs)
			o[a[t->maps[i].proc + 1]++] = t->maps[i].object;
	*at = a;
	*objects = o;
	return 0;
}

int sp_trace_add_process(struct sp_trace *t, pid_t pid, pid_t ppid,
			 uint32_t exe)
{
	if (sp_array_grow(&t->procs, &t->procs_cap, t->nprocs + 1,
			  sizeof(*t->procs)))
		return -ENOMEM;
	t->procs[t->nprocs++] =
		(struct sp_process){ .pid = pid, .ppid = ppid, .exe = exe };
	return 0;
}

int sp_trace_add_pattern(struct sp_trace *t, const struct sp_pattern *p)
{
	if (sp_array_grow(&t->patterns, &t->patterns_cap, t->npatterns + 1,
			  sizeof(*t->patterns)))
		return -ENOMEM;
	t->patterns[t->npatterns] = *p;
	return (int)t->npatterns++;
}

int sp_trace_add_frame(struct sp_trace *t, const struct sp_frame *f)
{
	if (sp_array_grow(&t->frames, &t->frames_cap, t->nframes + 1,
			  sizeof(*t->frames))) {
		free(f->symbol);
		return -ENOMEM;
	}
	t->frames[t->nframes] = *f;
	return (int)t->nframes++;
}

int sp_trace_intern_module(struct sp_trace *t, const char *path)
{
	return intern(&t->modules, &t->nmodules, &t->modules_cap,
		      &t->modules_at, path);
}

int sp_trace_intern_unprivileged(struct sp_trace *t, const char *exe)
{
	return intern(&t->unprivileged, &t->nunprivileged,
		      &t->unprivileged_cap, &t->unprivileged_at, exe);
}

uint32_t sp_trace_runs(const struct sp_trace *t)
{
	return t->runs > 1 ? t->runs : 1;
}

uint32_t sp_pattern_runs(const struct sp_trace *t, const struct sp_pattern *p)
{
	return p->runs && p->runs < sp_trace_runs(t) ? p->runs :
						       sp_trace_runs(t);
}

static int cmp_pattern(const void *a, const void *b)
{
	const struct sp_pattern *x = a, *y = b;

	if (x->arch != y->arch)
		return x->arch < y->arch ? -1 : 1;
	if (x->nr != y->nr)
		return x->nr < y->nr ? -1 : 1;
	if (x->kept != y->kept)
		return x->kept < y->kept ? -1 : 1;
	for (int i = 0; i < SP_NARGS; i++)
		if (x->args[i] != y->args[i])
			return x->args[i] < y->args[i] ? -1 : 1;
	if (x->exe != y->exe)
		return x->exe < y->exe ? -1 : 1;
	return 0;
}

void sp_trace_sort(struct sp_trace *t)
{
	if (t->npatterns)
		qsort(t->patterns, t->npatterns, sizeof(*t->patterns),
		      cmp_pattern);
}

const char *sp_trace_end_name(enum sp_trace_end end)
{
	if ((unsigned)end >= ARRAY_SIZE(end_names))
		return "unknown";
	return end_names[end];
}

int sp_trace_end_parse(const char *s, enum sp_trace_end *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(end_names); i++) {
		if (strcmp(s, end_names[i]) == 0) {
			*out = (enum sp_trace_end)i;
			return 0;
		}
	}
	return -EINVAL;
}

int sp_trace_exit_status(const struct sp_trace *t)
{
	switch (t->end) {
	case SP_END_EXITED:
		return t->status & 0xff;
	case SP_END_SIGNALED:
	case SP_END_INTERRUPTED:
		return 128 + t->status;
	case SP_END_UNKNOWN:
		return 0;
	case SP_END_RUNNING:
	case SP_END_ERROR:
		break;
	}
	return 2;
}

/* The module of frame i from stack, or NULL. */
static const char *frame_module(const struct sp_trace *t, uint32_t stack,
				unsigned i)
{
	uint32_t m = t->frames[stack + i].module;

	return m < t->nmodules ? t->modules[m] : NULL;
}

static bool same_module(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

unsigned sp_trace_site(const struct sp_trace *t, uint32_t stack,
		       unsigned nframes, uint32_t exe,
		       unsigned pick[SP_SITE_FRAMES])
{
	const char *call, *own = exe < t->nexes ? t->exes[exe] : NULL;
	unsigned n = 0, from = 1, e = 0;

	if (!nframes || stack > t->nframes || nframes > t->nframes - stack)
		return 0;
	if (nframes <= SP_SITE_FRAMES) {
		for (n = 0; n < nframes; n++)
			pick[n] = n;
		return n;
	}
	/* The call's module (the C library, mostly) is left where the
	 * workload entered it: its last frame before another module's. */
	call = frame_module(t, stack, 0);
	while (from < nframes && same_module(frame_module(t, stack, from),
					     call))
		from++;
	/* One module throughout (a static program): nothing to leave. */
	if (from == nframes)
		from = 1;
	else if (from > 1)
		from--;
	for (unsigned i = 1; i < nframes && !e; i++)
		if (same_module(frame_module(t, stack, i), own))
			e = i;
	pick[n++] = 0;
	/* The entry and its caller; then, when the executable's frames
	 * would not fit, the frame that called into them and theirs. */
	if (e > from + SP_SITE_FRAMES - 2) {
		pick[n++] = from;
		pick[n++] = from + 1;
		from = e - 1;
	}
	while (n < SP_SITE_FRAMES && from < nframes)
		pick[n++] = from++;
	return n;
}

const char *sp_trace_site_text(const struct sp_trace *t, uint32_t stack,
			       unsigned nframes, uint32_t exe, char *buf,
			       size_t len)
{
	unsigned pick[SP_SITE_FRAMES];
	unsigned n = sp_trace_site(t, stack, nframes, exe, pick);
	size_t at = 0;

	if (!n || !len)
		return NULL;
	buf[0] = '\0';
	for (unsigned i = 0; i < n && at < len; i++) {
		const struct sp_frame *fr = &t->frames[stack + pick[i]];
		const char *gap = i && pick[i] > pick[i - 1] + 1 ? " <- ..." :
								    "";
		const char *sep = i ? " <- " : "", *mod, *slash;
		int w;

		if (fr->symbol) {
			w = snprintf(buf + at, len - at, "%s%s%s", gap, sep,
				     fr->symbol);
		} else if (fr->module < t->nmodules) {
			mod = t->modules[fr->module];
			slash = strrchr(mod, '/');
			w = snprintf(buf + at, len - at, "%s%s%s+%#" PRIx64,
				     gap, sep, slash ? slash + 1 : mod,
				     fr->offset);
		} else {
			w = snprintf(buf + at, len - at,
				     "%s%s%#" PRIx64 " (no file)", gap, sep,
				     fr->addr);
		}
		at += w > 0 ? (size_t)w : 0;
	}
	if (at < len && pick[n - 1] + 1 < nframes)
		snprintf(buf + at, len - at, " <- ...");
	return buf;
}
