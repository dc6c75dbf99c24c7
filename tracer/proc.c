#include "tracer/proc.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
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
