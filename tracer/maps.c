#include "tracer/maps.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tracer/proc.h"

/* The last process image of pid, or -1. */
static long current_image(const struct sp_trace *t, pid_t pid)
{
	for (size_t i = t->nprocs; i-- > 0;)
		if (t->procs[i].pid == pid)
			return (long)i;
	return -1;
}

/* A shared executable view of a file with no name (a memfd, an
 * unlinked file: the kernel says " (deleted)") is memory the process
 * writes code into through another view (a JIT: BEAM's, .NET's double
 * mapping), not an object it loads (the loader maps private): the static
 * analysis would count every library whole for its unreadable bytes.
 * As tracer/inkernel.bpf.c's note_mmap. */
static bool jit_view(const char *path, bool shared)
{
	static const char deleted[] = " (deleted)";
	size_t n = strlen(path);

	return shared && n >= sizeof(deleted) - 1 &&
	       strcmp(path + n - (sizeof(deleted) - 1), deleted) == 0;
}

static int note(struct sp_trace *t, pid_t pid, const char *path)
{
	long proc = current_image(t, pid);
	int obj;

	if (proc < 0 || path[0] != '/')
		return 0;
	obj = sp_trace_intern_object(t, path);
	if (obj < 0)
		return obj;
	return sp_trace_add_mapping(t, (uint32_t)proc, (uint32_t)obj);
}

int sp_maps_note_mmap(struct sp_trace *t, pid_t tid, pid_t tgid,
		      uint64_t prot, uint64_t flags, int64_t fd)
{
	char link[64], path[PATH_MAX];
	ssize_t n;

	if (!(prot & PROT_EXEC) || (flags & MAP_ANONYMOUS) || (int)fd < 0)
		return 0;
	/* The task's own table: a thread made without CLONE_FILES has its
	 * own. */
	snprintf(link, sizeof(link), "fd/%d", (int)fd);
	n = sp_proc_readlink(tid, link, path, sizeof(path) - 1);
	if (n <= 0)
		return n < 0 && errno == EACCES;
	path[n] = '\0';
	if (jit_view(path, flags & MAP_SHARED))
		return 0;
	return note(t, tgid, path);
}

int sp_maps_read(struct sp_trace *t, pid_t pid)
{
	char file[64], line[PATH_MAX + 128];
	FILE *f;
	int ret = 0;

	snprintf(file, sizeof(file), "/proc/%d/maps", (int)pid);
	f = fopen(file, "re");
	if (!f)
		return -errno;
	/* "start-end perms offset dev inode   path" */
	while (!ret && fgets(line, sizeof(line), f)) {
		char perms[8], *path = strchr(line, '/');

		if (sscanf(line, "%*x-%*x %7s", perms) != 1 || !path ||
		    !strchr(perms, 'x'))
			continue;
		path[strcspn(path, "\n")] = '\0';
		if (!jit_view(path, perms[3] == 's'))
			ret = note(t, pid, path);
	}
	fclose(f);
	return ret;
}
