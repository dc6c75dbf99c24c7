#include "tracer/blocks.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "core/arch.h"
#include "core/array.h"
#include "tracer/proc.h"

/* A copy of file descriptor fd of process tgid, or -errno. */
static int take_fd(pid_t tgid, int fd)
{
	int pidfd = (int)syscall(SYS_pidfd_open, tgid, 0), copy, err;

	if (pidfd < 0)
		return -errno;
	copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	err = errno;
	close(pidfd);
	return copy < 0 ? -err : copy;
}

/* A file on which reads, writes and ioctls never sleep interruptibly. */
static bool never_sleeps_on(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 &&
	       (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) ||
		S_ISBLK(st.st_mode));
}

/* Whether a call waiting for events on fd of process tgid would sleep. */
static int fd_blocks(pid_t tgid, uint64_t arg, short events)
{
	struct pollfd p;
	int fd, rc;

	if (arg > INT_MAX)
		return 0;               /* EBADF at once */
	fd = take_fd(tgid, (int)arg);
	if (fd == -EBADF)
		return 0;
	if (fd < 0)
		return fd;
	p = (struct pollfd){ .fd = fd, .events = events };
	if (never_sleeps_on(fd) || (fcntl(fd, F_GETFL) & O_NONBLOCK))
		rc = 0;
	else if (poll(&p, 1, 0) < 0)
		rc = -errno;
	else
		rc = !(p.revents & (events | POLLERR | POLLHUP | POLLNVAL));
	close(fd);
	return rc;
}

static int read_mem(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	return sp_proc_read_mem(tid, addr, buf, len) ? -EFAULT : 0;
}

/* FUTEX_WAIT sleeps while the word at args[0] equals args[2]. */
static int futex_blocks(pid_t tid, const struct sp_call_at *c)
{
	uint32_t word;

	if (read_mem(tid, c->args[0], &word, sizeof(word)))
		return 0;               /* EFAULT at once */
	return word == (uint32_t)c->args[2];
}

/* The process a pidfd of process tgid refers to, from its fdinfo. */
static pid_t pid_of_pidfd(pid_t tgid, uint64_t fd)
{
	char path[64], line[128];
	pid_t pid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%llu", tgid,
		 (unsigned long long)fd);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Pid: %d", &pid) == 1)
			break;
	fclose(f);
	return pid;
}

/* wait4/waitid sleep while the caller has children matching the
 * selection and none of them is a zombie to be reaped (with none at all
 * they fail with ECHILD at once).  Stopped and continued children cannot
 * be told reported or not: such a selection is taken as able to sleep. */
static int children_block(pid_t tgid, const struct sp_wait *w,
			  const struct sp_call_at *c)
{
	char path[64], state;
	pid_t want = -1, group = 0, mine = 0, pgrp;
	bool matched = false;
	int options;
	DIR *dir;
	struct dirent *e;

	if (w->kind == SP_WAIT_WAIT4) {
		pid_t pid = (pid_t)c->args[0];

		options = (int)c->args[2];
		if (pid > 0)
			want = pid;
		else if (pid < -1)
			group = -pid;
		else if (pid == 0)
			group = -1;     /* the caller's group */
	} else {
		options = (int)c->args[3];
		switch ((int)c->args[0]) {
		case P_PID:
			want = (pid_t)c->args[1];
			break;
		case P_PGID:
			group = c->args[1] ? (pid_t)c->args[1] : -1;
			break;
		case P_PIDFD:
			want = pid_of_pidfd(tgid, c->args[1]);
			if (!want)
				return 0;       /* EBADF or EINVAL at once */
			break;
		default:
			break;
		}
	}
	if (group == -1) {
		if (sp_proc_stat(tgid, &state, NULL, &mine))
			return -EIO;
		group = mine;
	}
	snprintf(path, sizeof(path), "/proc/%d/task", tgid);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((e = readdir(dir))) {
		char cpath[sizeof(e->d_name) + 64];
		pid_t child;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(cpath, sizeof(cpath), "/proc/%d/task/%s/children",
			 tgid, e->d_name);
		f = fopen(cpath, "re");
		if (!f)
			continue;
		while (fscanf(f, "%d", &child) == 1) {
			if ((want > 0 && child != want) ||
			    sp_proc_stat(child, &state, NULL, &pgrp) ||
			    (group > 0 && pgrp != group))
				continue;
			matched = true;
			if (state == 'Z' ||
			    ((options & (WUNTRACED | WCONTINUED)) &&
			     (state == 'T' || state == 't'))) {
				fclose(f);
				closedir(dir);
				/* A zombie: reaped at once.  Stopped: maybe
				 * reported already. */
				return state == 'Z' ? 0 : -EAGAIN;
			}
		}
		fclose(f);
	}
	closedir(dir);
	return matched;
}

/* open(2) sleeps only on a FIFO (for its other end) or a device (a
 * terminal waiting for its carrier).  The path is read from the task and
 * looked up from its root, working directory or directory fd. */
static int path_blocks(pid_t tid, const struct sp_wait *w,
		       const struct sp_call_at *c)
{
	char name[PATH_MAX], full[PATH_MAX + 64];
	size_t got = 0;
	struct stat st;
	int dirfd = w->in >= 0 ? (int)c->args[w->in] : AT_FDCWD;

	/* Page by page: the string may end just before an unmapped one. */
	while (got < sizeof(name)) {
		uint64_t at = c->args[w->out] + got;
		size_t chunk = 4096 - (size_t)(at % 4096);

		if (chunk > sizeof(name) - got)
			chunk = sizeof(name) - got;
		if (read_mem(tid, at, name + got, chunk))
			return 0;       /* EFAULT at once */
		if (memchr(name + got, '\0', chunk))
			break;
		got += chunk;
	}
	if (!memchr(name, '\0', sizeof(name)))
		return 0;               /* ENAMETOOLONG at once */
	if (name[0] == '/')
		snprintf(full, sizeof(full), "/proc/%d/root%s", tid, name);
	else if (dirfd == AT_FDCWD)
		snprintf(full, sizeof(full), "/proc/%d/cwd/%s", tid, name);
	else
		snprintf(full, sizeof(full), "/proc/%d/fd/%d/%s", tid, dirfd,
			 name);
	if (stat(full, &st))
		return 0;               /* fails, or creates a regular file */
	return S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode);
}

/* Requests that never sleep whatever the file: sizes, modes, flags. */
static const unsigned long quick_ioctls[] = {
	FIONREAD, TIOCOUTQ, TCGETS, TIOCGWINSZ, FIONBIO, FIOASYNC, FIOCLEX,
	FIONCLEX, TIOCGPGRP, TIOCGSID,
};

static int ioctl_blocks(pid_t tgid, const struct sp_call_at *c)
{
	int fd, rc;

	for (size_t i = 0; i < ARRAY_SIZE(quick_ioctls); i++)
		if ((unsigned)c->args[1] == quick_ioctls[i])
			return 0;
	if (c->args[0] > INT_MAX)
		return 0;
	fd = take_fd(tgid, (int)c->args[0]);
	if (fd == -EBADF)
		return 0;
	if (fd < 0)
		return fd;
	rc = never_sleeps_on(fd) ? 0 : 1;
	close(fd);
	return rc;
}

/* socketcall(call, args) as the socket call it stands for: its waits.def
 * entry (NULL: it never sleeps, or fails at once) and, in *sub, its
 * arguments, read from the array args points to (words of the arch's
 * width: i386's are u32). */
static const struct sp_wait *demux(pid_t tid, const struct sp_call_at *c,
				   struct sp_call_at *sub)
{
	/* <linux/net.h>'s SYS_SOCKET ... SYS_SENDMMSG. */
	static const char *const calls[] = {
		NULL,          "socket",     "bind",        "connect",
		"listen",      "accept",     "getsockname", "getpeername",
		"socketpair",  "send",       "recv",        "sendto",
		"recvfrom",    "shutdown",   "setsockopt",  "getsockopt",
		"sendmsg",     "recvmsg",    "accept4",     "recvmmsg",
		"sendmmsg",
	};
	bool narrow = sp_arch_ilp32(c->arch);
	union {
		uint32_t w32[SP_NARGS];
		uint64_t w64[SP_NARGS];
	} a;

	if (c->args[0] >= ARRAY_SIZE(calls) || !calls[c->args[0]])
		return NULL;    /* EINVAL at once */
	/* Six words, whatever the call takes: a short array at the end of
	 * a mapping is taken as EFAULT. */
	if (read_mem(tid, c->args[1], &a,
		     narrow ? sizeof(a.w32) : sizeof(a.w64)))
		return NULL;
	*sub = *c;
	for (int i = 0; i < SP_NARGS; i++)
		sub->args[i] = narrow ? a.w32[i] : a.w64[i];
	return sp_call_wait_named(calls[c->args[0]]);
}

int sp_call_blocks(pid_t tid, pid_t tgid, const struct sp_call_at *c)
{
	const struct sp_wait *w = sp_call_wait(c->arch, c->nr);
	struct sp_call_at sub;
	int in = 0, out = 0;

	if (w && w->kind == SP_WAIT_MUX) {
		w = demux(tid, c, &sub);
		c = &sub;
	}
	if (!w)
		return 0;
	switch (sp_call_check(w, c)) {
	case SP_CHECK_NEVER:
		return 0;
	case SP_CHECK_FDS:
		if (w->in >= 0)
			in = fd_blocks(tgid, c->args[w->in], POLLIN);
		if (w->out >= 0)
			out = fd_blocks(tgid, c->args[w->out], POLLOUT);
		return in < 0 ? in : out < 0 ? out : in || out;
	case SP_CHECK_PATH:
		return path_blocks(tid, w, c);
	case SP_CHECK_FUTEX:
		return futex_blocks(tid, c);
	case SP_CHECK_CHILDREN:
		return children_block(tgid, w, c);
	case SP_CHECK_IOCTL:
		return ioctl_blocks(tgid, c);
	case SP_CHECK_MUX:      /* a socketcall standing for one */
	case SP_CHECK_UNKNOWN:
		break;
	}
	return -ENOTSUP;
}
