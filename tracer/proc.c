#include "tracer/proc.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int sp_proc_exe(struct sp_trace *t, pid_t pid)
{
	char link[64], exe[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/exe", pid);
	n = readlink(link, exe, sizeof(exe) - 1);
	if (n < 0)
		n = snprintf(exe, sizeof(exe), "?");
	exe[n] = '\0';
	return sp_trace_intern_exe(t, exe);
}

int sp_proc_ids(pid_t pid, pid_t *tgid, pid_t *ppid)
{
	char path[64], line[256];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f) && found < 2) {
		if (sscanf(line, "Tgid: %d", tgid) == 1 ||
		    sscanf(line, "PPid: %d", ppid) == 1)
			found++;
	}
	fclose(f);
	return found == 2 ? 0 : -EIO;
}

int sp_proc_argv(struct sp_trace *t, pid_t pid)
{
	char path[64], buf[4096];
	char *v[65];
	size_t n = 0, len;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	for (size_t i = 0; i < len && n < 64; i += strlen(buf + i) + 1)
		v[n++] = buf + i;
	if (!n) {
		snprintf(buf, sizeof(buf), "pid:%d", pid);
		v[n++] = buf;
	}
	v[n] = NULL;
	return sp_trace_set_argv(t, v);
}

/* The parent and state of process pid from /proc/PID/stat (the command
 * name may hold spaces and parentheses: the fields follow the last ')').
 * 0 or -errno. */
static int stat_of(pid_t pid, pid_t *ppid, char *state)
{
	char path[64], buf[512], *p;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %c %d", state, ppid) != 2)
		return -EIO;
	return 0;
}

struct pidset {
	pid_t *v;
	size_t n, cap;
};

static bool in_set(const struct pidset *s, pid_t pid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == pid)
			return true;
	return false;
}

static int add_to_set(struct pidset *s, pid_t pid)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		pid_t *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = pid;
	return 0;
}

int sp_proc_kill_descendants(pid_t root, int sig)
{
	struct pidset set = { 0 };
	bool grew = true;
	int count = 0, rc = add_to_set(&set, root);

	/* Every process whose parent is in the set joins it, until a pass
	 * over /proc adds nobody. */
	while (!rc && grew) {
		DIR *dir = opendir("/proc");
		struct dirent *e;

		if (!dir) {
			rc = -errno;
			break;
		}
		grew = false;
		while ((e = readdir(dir)) && !rc) {
			pid_t pid = (pid_t)atoi(e->d_name), ppid;
			char state;

			if (pid <= 0 || in_set(&set, pid) ||
			    stat_of(pid, &ppid, &state) || !in_set(&set, ppid))
				continue;
			rc = add_to_set(&set, pid);
			grew = true;
		}
		closedir(dir);
	}
	/* Signalled through a pidfd taken while the process is still a
	 * descendant: a pid reaped and reused meanwhile is never hit. */
	for (size_t i = 1; i < set.n; i++) {
		int fd = (int)syscall(SYS_pidfd_open, set.v[i], 0);
		pid_t ppid;
		char state;

		if (fd < 0)
			continue;
		if (stat_of(set.v[i], &ppid, &state) == 0 && state != 'Z' &&
		    state != 'X' && in_set(&set, ppid) &&
		    syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) == 0)
			count++;
		close(fd);
	}
	free(set.v);
	return rc ? rc : count;
}
