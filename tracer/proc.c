#include "tracer/proc.h"

#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "core/array.h"

int sp_proc_exe_link(struct sp_trace *t, pid_t pid)
{
	char exe[PATH_MAX];
	ssize_t n = sp_proc_readlink(pid, "exe", exe, sizeof(exe) - 1);

	if (n < 0)
		return errno == ENOMEM ? -EIO : -errno;
	exe[n] = '\0';
	return sp_trace_intern_exe(t, exe);
}

int sp_proc_exe(struct sp_trace *t, pid_t pid, const char *named)
{
	char exe[PATH_MAX];
	int idx = sp_proc_exe_link(t, pid);

	if (idx >= 0 || idx == -ENOMEM)
		return idx;
	if (!named || !realpath(named, exe))
		snprintf(exe, sizeof(exe), "?");
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

void sp_proc_path(char *buf, size_t len, pid_t pid, const char *file)
{
	char digits[16];
	size_t n = 0, i = 6;

	do
		digits[n++] = (char)('0' + pid % 10);
	while ((pid /= 10) && n < sizeof(digits));
	memcpy(buf, "/proc/", 6);
	while (n && i < len - 2)
		buf[i++] = digits[--n];
	buf[i++] = '/';
	for (; *file && i < len - 1; file++)
		buf[i++] = *file;
	buf[i] = '\0';
}

ssize_t sp_proc_read(pid_t pid, const char *file, char *buf, size_t len)
{
	char path[64];
	ssize_t got;
	int fd;

	sp_proc_path(path, sizeof(path), pid, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	got = read(fd, buf, len - 1);
	close(fd);
	if (got < 0)
		return -1;
	buf[got] = '\0';
	return got;
}

/* A decimal number at *p, which is moved past it. */
static long number(const char **p)
{
	long v = 0, sign = 1;

	while (**p == ' ')
		(*p)++;
	if (**p == '-') {
		sign = -1;
		(*p)++;
	}
	while (**p >= '0' && **p <= '9')
		v = v * 10 + (*(*p)++ - '0');
	return sign * v;
}

pid_t sp_proc_live_thread(pid_t pid)
{
	char path[64], state;
	struct dirent *e;
	pid_t live = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return 0;
	/* /proc/TID/stat: a thread's own, as for a process. */
	while (!live && (e = readdir(dir))) {
		pid_t t = (pid_t)atoi(e->d_name);

		if (t > 0 && !sp_proc_stat(t, &state, NULL, NULL) &&
		    state != 'Z' && state != 'X')
			live = t;
	}
	closedir(dir);
	return live;
}

/* The number after "Name:\t" in /proc/PID/status (the first of several),
 * or -1. */
static long status_field(pid_t pid, const char *name)
{
	char buf[4096];
	size_t n = strlen(name);

	if (sp_proc_read(pid, "status", buf, sizeof(buf)) <= 0)
		return -1;
	for (char *line = buf; line && *line;) {
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			return strtol(line + n + 1, NULL, 10);
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return -1;
}

/* The text after "Name:" in a /proc/PID/status buffer, or "". */
static const char *status_text(const char *buf, const char *name)
{
	size_t n = strlen(name);

	for (const char *line = buf; line && *line;) {
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			return line + n + 1;
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return "";
}

/* Another user's process is closed to us without CAP_SYS_PTRACE (root in
 * a container's default set, its workload dropped to a service's user):
 * the kernel lets its own user read its links and memory, whose ids we
 * may take as this thread's file-system ids (CAP_SETUID and CAP_SETGID)
 * for one open.  Not when its ids differ (a set-id program) or it is
 * undumpable: then nothing but CAP_SYS_PTRACE opens it.  Whether they
 * were taken; old keeps ours, for give_back. */
static bool take_fsids(pid_t pid, int old[2])
{
	char status[4096];
	unsigned long uid[3], gid[3];

	if (sp_proc_read(pid, "status", status, sizeof(status)) <= 0 ||
	    sscanf(status_text(status, "Uid"), "%lu %lu %lu", &uid[0], &uid[1],
		   &uid[2]) != 3 ||
	    sscanf(status_text(status, "Gid"), "%lu %lu %lu", &gid[0], &gid[1],
		   &gid[2]) != 3 ||
	    uid[0] != uid[1] || uid[1] != uid[2] || gid[0] != gid[1] ||
	    gid[1] != gid[2])
		return false;
	old[1] = setfsgid((gid_t)gid[0]);
	old[0] = setfsuid((uid_t)uid[0]);
	if ((unsigned long)setfsuid((uid_t)-1) == uid[0] &&
	    (unsigned long)setfsgid((gid_t)-1) == gid[0])
		return true;
	setfsuid((uid_t)old[0]);
	setfsgid((gid_t)old[1]);
	return false;
}

static void give_back(const int old[2])
{
	setfsuid((uid_t)old[0]);
	setfsgid((gid_t)old[1]);
}

ssize_t sp_proc_readlink(pid_t pid, const char *file, char *buf,
			 size_t len)
{
	char link[64];
	int old[2], err;
	ssize_t n;

	sp_proc_path(link, sizeof(link), pid, file);
	n = readlink(link, buf, len);
	if (n >= 0 || errno != EACCES)
		return n;
	if (!take_fsids(pid, old)) {
		errno = EACCES;
		return -1;
	}
	n = readlink(link, buf, len);
	err = errno;
	give_back(old);
	errno = err;
	return n;
}

int sp_proc_read_mem(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	char path[64];
	int old[2], fd;
	ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);

	if (n == (ssize_t)len)
		return 0;
	/* process_vm_readv checks the real ids, /proc/PID/mem the
	 * file-system ids, at its open. */
	if (n >= 0 || errno != EPERM || (off_t)addr < 0 ||
	    !take_fsids(tid, old))
		return -1;
	sp_proc_path(path, sizeof(path), tid, "mem");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	give_back(old);
	if (fd < 0)
		return -1;
	n = pread(fd, buf, len, (off_t)addr);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

bool sp_proc_yama_forbids(bool child, char *buf, size_t len)
{
	/* What each scope allows (Documentation/admin-guide/LSM/Yama.rst);
	 * CAP_SYS_PTRACE passes 1 and 2. */
	static const char *const allows[] = {
		[1] = "only its ancestors, or root, may attach",
		[2] = "only root (CAP_SYS_PTRACE) may trace",
		[3] = "no process may trace another, until the next boot",
	};
	char scope[16] = "";
	FILE *f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
	int n;

	if (f) {
		if (!fgets(scope, sizeof(scope), f))
			scope[0] = '\0';
		fclose(f);
	}
	n = atoi(scope);
	if (n < (child ? 2 : 1) || n > 3 || (n < 3 && geteuid() == 0))
		return false;
	snprintf(buf, len, "Yama's ptrace_scope is %d "
		 "(/proc/sys/kernel/yama/ptrace_scope): %s", n, allows[n]);
	return true;
}

bool sp_proc_why_no_ptrace(pid_t tid, char *buf, size_t len)
{
	long tracer = status_field(tid, "TracerPid");
	long uid = status_field(tid, "Uid");
	char comm[64] = "", status[4096];
	unsigned long id[3];
	const char *kind = NULL;

	if (tracer > 0) {
		if (sp_proc_read((pid_t)tracer, "comm", comm,
				 sizeof(comm)) > 0)
			comm[strcspn(comm, "\n")] = '\0';
		snprintf(buf, len, "it is traced already, by pid %ld%s%s%s (a "
			 "task has one tracer)", tracer, *comm ? " (" : "",
			 comm, *comm ? ")" : "");
		return true;
	}
	if (geteuid() != 0 && uid >= 0 && uid != (long)geteuid()) {
		snprintf(buf, len, "it is another user's (uid %ld): attaching "
			 "needs root or CAP_SYS_PTRACE", uid);
		return false;
	}
	/* The kernel wants its effective and saved ids to be ours too: a
	 * set-user-ID or set-group-ID program's are another's. */
	if (geteuid() != 0 &&
	    sp_proc_read(tid, "status", status, sizeof(status)) > 0) {
		if (sscanf(status_text(status, "Uid"), "%lu %lu %lu", &id[0],
			   &id[1], &id[2]) == 3 &&
		    (id[1] != id[0] || id[2] != id[0]))
			kind = "set-user-ID as uid";
		else if (sscanf(status_text(status, "Gid"), "%lu %lu %lu",
				&id[0], &id[1], &id[2]) == 3 &&
			 (id[1] != id[0] || id[2] != id[0]))
			kind = "set-group-ID as gid";
	}
	if (kind) {
		snprintf(buf, len, "it runs %s %lu (a privileged program): "
			 "attaching needs root or CAP_SYS_PTRACE", kind,
			 id[1] != id[0] ? id[1] : id[2]);
		return false;
	}
	if (sp_proc_yama_forbids(false, buf, len))
		return false;
	snprintf(buf, len, "%s (it may not be dumpable: set-user-ID, or "
		 "prctl PR_SET_DUMPABLE; or sandprint lacks CAP_SYS_PTRACE)",
		 strerror(EPERM));
	return false;
}

int sp_proc_sigsets(pid_t tid, struct sp_sigsets *s)
{
	static const char *const names[] = { "SigPnd:", "ShdPnd:", "SigBlk:",
					     "SigIgn:", "SigCgt:" };
	uint64_t *sets[] = { &s->pending, &s->pending, &s->blocked,
			     &s->ignored, &s->caught };
	char buf[4096];
	size_t found = 0;

	memset(s, 0, sizeof(*s));
	if (sp_proc_read(tid, "status", buf, sizeof(buf)) <= 0)
		return -ESRCH;
	for (char *line = buf; line && *line;) {
		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (strncmp(line, names[i], 7) == 0) {
				*sets[i] |= strtoull(line + 7, NULL, 16);
				found++;
			}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return found == ARRAY_SIZE(names) ? 0 : -EIO;
}

bool sp_sig_ignored(const struct sp_sigsets *s, int sig)
{
	uint64_t bit = 1ULL << (sig - 1);

	if (sig < 1 || sig > 64)
		return false;
	if (s->ignored & bit)
		return true;
	return !(s->caught & bit) && (sig == SIGCHLD || sig == SIGCONT ||
				      sig == SIGURG || sig == SIGWINCH);
}

int sp_proc_stat(pid_t pid, char *state, pid_t *ppid, pid_t *pgrp)
{
	char buf[512];
	const char *p;
	pid_t pp, pg;

	if (sp_proc_read(pid, "stat", buf, sizeof(buf)) <= 0)
		return -ESRCH;
	/* The command name may hold spaces and parentheses: the fields
	 * follow the last ')'. */
	p = strrchr(buf, ')');
	if (!p || p[1] != ' ' || !p[2])
		return -EIO;
	if (state)
		*state = p[2];
	p += 3;
	pp = (pid_t)number(&p);
	pg = (pid_t)number(&p);
	if (ppid)
		*ppid = pp;
	if (pgrp)
		*pgrp = pg;
	return 0;
}

size_t sp_proc_children(pid_t pid, pid_t except, pid_t *out, size_t max)
{
	char file[48] = "task/", buf[4096], digits[16];
	size_t n = 0, i = 5, count = 0;
	pid_t p = pid;
	const char *c;

	do
		digits[n++] = (char)('0' + p % 10);
	while ((p /= 10) && n < sizeof(digits));
	while (n)
		file[i++] = digits[--n];
	memcpy(file + i, "/children", sizeof("/children"));
	if (sp_proc_read(pid, file, buf, sizeof(buf)) <= 0)
		return 0;
	for (c = buf; *c;) {
		pid_t kid = (pid_t)number(&c);
		char state;

		if (kid <= 0)
			break;
		if (kid == except || sp_proc_stat(kid, &state, NULL, NULL) || state == 'Z' ||
		    state == 'X')
			continue;
		if (count < max)
			out[count] = kid;
		count++;
	}
	return count;
}

bool sp_pidset_has(const struct sp_pidset *s, pid_t pid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == pid)
			return true;
	return false;
}

int sp_pidset_add(struct sp_pidset *s, pid_t pid)
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

void sp_pidset_drop(struct sp_pidset *s, size_t i)
{
	s->v[i] = s->v[--s->n];
}

void sp_pidset_remove(struct sp_pidset *s, pid_t pid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i] == pid) {
			sp_pidset_drop(s, i);
			return;
		}
}

/* Whether id is mapped in sandprint's user namespace (map: "uid_map" or
 * "gid_map"): an unmapped owner shows as the overflow id, and natively
 * the kernel ignores the set-id bit of a file owned by one. */
static bool id_mapped(const char *map, unsigned id)
{
	unsigned long in, out, count;
	char path[32];
	bool mapped = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/%s", map);
	f = fopen(path, "re");
	if (!f)
		return true;
	while (!mapped && fscanf(f, "%lu %lu %lu", &in, &out, &count) == 3)
		mapped = id >= in && id - in < count;
	fclose(f);
	return mapped;
}

/* The permitted set of the file capabilities in a security.capability
 * value (n bytes: revision 1, 2 or 3), 0 when it holds none. */
static uint64_t file_caps(const void *value, ssize_t n)
{
	struct vfs_cap_data c = { 0 };
	uint32_t rev;

	if (n < (ssize_t)XATTR_CAPS_SZ_1)
		return 0;
	memcpy(&c, value, (size_t)n < sizeof(c) ? (size_t)n : sizeof(c));
	rev = le32toh(c.magic_etc) & VFS_CAP_REVISION_MASK;
	if (rev == VFS_CAP_REVISION_1)
		return le32toh(c.data[0].permitted);
	if (n < (ssize_t)XATTR_CAPS_SZ_2)
		return 0;
	return le32toh(c.data[0].permitted) |
	       (uint64_t)le32toh(c.data[1].permitted) << 32;
}

/* Why the kernel gave process pid (its status text) none of its
 * executable's privileges, when sandprint is the cause; NULL when
 * natively it would have none either: no_new_privs its own or
 * inherited from sandprint's caller, or a cause other than our ptrace
 * (sandprint has CAP_SYS_PTRACE: the kernel keeps them for its tracees). */
static const char *privs_cause(const char *status, bool our_nnp)
{
	char self[4096];
	unsigned long long eff = 0;

	if (sp_proc_read(getpid(), "status", self, sizeof(self)) <= 0)
		return NULL;
	if (atoi(status_text(self, "NoNewPrivs")))
		return NULL;
	if (atoi(status_text(status, "NoNewPrivs")))
		return our_nnp ? "no_new_privs: sandprint lacks CAP_SYS_ADMIN" :
				 NULL;
	if (sscanf(status_text(self, "CapEff"), "%llx", &eff) != 1 ||
	    (eff >> CAP_SYS_PTRACE & 1))
		return NULL;
	return "traced: sandprint lacks CAP_SYS_PTRACE";
}

int sp_proc_privs_lost(pid_t pid, const char *named, bool our_nnp,
		       char *buf, size_t len)
{
	char proc_exe[64], ns[64], status[4096], path[PATH_MAX];
	const char *exe = proc_exe;
	unsigned char value[XATTR_CAPS_SZ_3];
	unsigned long euid, egid;
	unsigned long long prm, bnd, caps;
	struct stat st, own, its;
	struct statvfs fs;
	const char *why;
	ssize_t n;
	int at;

	sp_proc_path(proc_exe, sizeof(proc_exe), pid, "exe");
	sp_proc_path(ns, sizeof(ns), pid, "ns/user");
	/* Another user's process is closed to us without CAP_SYS_PTRACE,
	 * but read as its user (sp_proc_readlink); a file it may run but
	 * not read makes it undumpable: /proc keeps its links from us then,
	 * and the file is found by name, in the user namespace its parent
	 * was in (an exec changes none). */
	if (stat(exe, &st) && errno == EACCES) {
		n = sp_proc_readlink(pid, "exe", path, sizeof(path) - 1);
		if (n > 0) {
			path[n] = '\0';
			exe = path;
		} else if (named && *named == '/') {
			exe = named;
		}
	}
	if (stat(exe, &st) || statvfs(exe, &fs) ||
	    stat("/proc/self/ns/user", &own))
		return -errno;
	if (stat(ns, &its))
		its = own;
	if ((fs.f_flag & ST_NOSUID) || own.st_ino != its.st_ino ||
	    own.st_dev != its.st_dev)
		return 0;
	if (sp_proc_read(pid, "status", status, sizeof(status)) <= 0)
		return -ESRCH;
	if (sscanf(status_text(status, "Uid"), "%*u %lu", &euid) != 1 ||
	    sscanf(status_text(status, "Gid"), "%*u %lu", &egid) != 1 ||
	    sscanf(status_text(status, "CapPrm"), "%llx", &prm) != 1 ||
	    sscanf(status_text(status, "CapBnd"), "%llx", &bnd) != 1)
		return -EINVAL;
	n = getxattr(exe, "security.capability", value, sizeof(value));
	caps = n > 0 ? file_caps(value, n) & bnd & ~prm : 0;
	if ((st.st_mode & S_ISUID) && st.st_uid != euid &&
	    id_mapped("uid_map", st.st_uid))
		at = snprintf(buf, len, "is set-user-ID (uid %u) but runs as "
			      "uid %lu", (unsigned)st.st_uid, euid);
	else if ((st.st_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
		 st.st_gid != egid && id_mapped("gid_map", st.st_gid))
		at = snprintf(buf, len, "is set-group-ID (gid %u) but runs as "
			      "gid %lu", (unsigned)st.st_gid, egid);
	else if (caps)
		at = snprintf(buf, len, "has file capabilities (0x%llx) but "
			      "runs without them", caps);
	else
		return 0;
	why = privs_cause(status, our_nnp);
	if (!why)
		return 0;
	if (at >= 0 && (size_t)at < len)
		snprintf(buf + at, len - (size_t)at, " (%s)", why);
	return 1;
}

bool sp_proc_descends(pid_t pid, pid_t root)
{
	char state;

	/* A bound on the walk: /proc changes under it (a parent exits and
	 * its child is reparented), and pid_max bounds any real chain. */
	for (int depth = 0; pid > 1 && depth < 4096; depth++) {
		if (sp_proc_stat(pid, &state, &pid, NULL))
			return false;
		if (pid == root)
			return true;
	}
	return false;
}

int sp_proc_kill_descendants(pid_t root, int sig)
{
	struct sp_pidset set = { 0 };
	bool grew = true;
	int count = 0, rc = sp_pidset_add(&set, root);

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

			if (pid <= 0 || sp_pidset_has(&set, pid) ||
			    sp_proc_stat(pid, &state, &ppid, NULL) ||
			    !sp_pidset_has(&set, ppid))
				continue;
			rc = sp_pidset_add(&set, pid);
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
		if (sp_proc_stat(set.v[i], &state, &ppid, NULL) == 0 &&
		    state != 'Z' &&
		    state != 'X' && sp_pidset_has(&set, ppid) &&
		    syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0) == 0)
			count++;
		close(fd);
	}
	free(set.v);
	return rc ? rc : count;
}

unsigned sp_proc_uid_outside(unsigned uid, bool *initial)
{
	unsigned long in, out, count;
	unsigned outside = uid;
	FILE *f = fopen("/proc/self/uid_map", "re");

	/* The initial namespace maps every id to itself. */
	*initial = true;
	while (f && fscanf(f, "%lu %lu %lu", &in, &out, &count) == 3) {
		if (in == 0 && out == 0 && count == 4294967295ul)
			break;
		*initial = false;
		if (uid >= in && uid - in < count)
			outside = (unsigned)(out + (uid - in));
	}
	if (f)
		fclose(f);
	return outside;
}
