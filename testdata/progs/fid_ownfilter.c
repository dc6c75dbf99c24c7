/*
 * fid_ownfilter.c - a workload with seccomp filters of its own
 * (tests/fidelity.sh).  Their refusals outrank a recorder's filter, so a
 * recorder must take the calls another way, and the workload must get
 * what its filter says, as natively.
 *
 * Usage: fid_ownfilter MODE
 *   tsync       a second thread installs, with SECCOMP_FILTER_FLAG_TSYNC,
 *               a filter refusing uname with EPERM; the main thread,
 *               blocked in pthread_join meanwhile, then calls uname
 *   tsync_spin  the same, but the main thread spins in user space (no
 *               call) while the other installs the filter
 *   trace       a filter returning SECCOMP_RET_TRACE for getppid: with no
 *               tracer of its own, the call fails with ENOSYS, in a child
 *               forked after too (filters are inherited)
 *   mode        prints PR_GET_SECCOMP's answer, installs a filter, and
 *               prints it again (0, then 2, natively)
 *   strict      enters strict mode, writes "strict" and calls getppid:
 *               strict mode kills it with SIGKILL
 *   strict_handler  enters strict mode with a timer armed, writes
 *               "strict" and spins until the timer's SA_SIGINFO handler
 *               returns (rt_sigreturn), then writes "handled": natively
 *               it does on x86_64, but an i386 task in strict mode has
 *               sigreturn only and is killed
 *   supervisor  a child installs a filter sending getppid to a listener
 *               of its own (SECCOMP_FILTER_FLAG_NEW_LISTENER) and passes
 *               the listener to its parent, which answers 4242
 * Prints what each call returned.
 * Exit: 0; 2 setup failed (what failed on stderr).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int installed;
static volatile sig_atomic_t alarmed;

static void on_alarm(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	alarmed = 1;
}

/* RET action for calls numbered nr, ALLOW for the others. */
static long install(int nr, unsigned action, unsigned flags)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, action),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

static void *installer(void *arg)
{
	(void)arg;
	if (install(SYS_uname, SECCOMP_RET_ERRNO | EPERM,
		    SECCOMP_FILTER_FLAG_TSYNC)) {
		perror("fid_ownfilter: seccomp TSYNC");
		return (void *)1;
	}
	__atomic_store_n(&installed, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int tsync(int spin)
{
	struct utsname u;
	pthread_t t;
	void *r;
	int rc;

	if (pthread_create(&t, NULL, installer, NULL))
		return 2;
	if (spin)
		while (!__atomic_load_n(&installed, __ATOMIC_SEQ_CST))
			;
	else if (pthread_join(t, &r) || r)
		return 2;
	rc = uname(&u);
	printf("uname %s\n", rc == 0 ? "ok" : strerror(errno));
	if (spin && (pthread_join(t, &r) || r))
		return 2;
	return 0;
}

static int trace(void)
{
	pid_t pid;
	long r;

	if (install(SYS_getppid, SECCOMP_RET_TRACE, 0)) {
		perror("fid_ownfilter: seccomp");
		return 2;
	}
	r = syscall(SYS_getppid);
	printf("getppid %s\n", r >= 0 ? "ok" : strerror(errno));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		r = syscall(SYS_getppid);
		printf("child: getppid %s\n", r >= 0 ? "ok" : strerror(errno));
		fflush(stdout);
		_exit(0);
	}
	return pid > 0 && waitpid(pid, NULL, 0) == pid ? 0 : 2;
}

/* A message of one byte carrying one file descriptor (SCM_RIGHTS). */
struct fd_msg {
	char byte;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr m;
};

static struct msghdr *fd_msg(struct fd_msg *f)
{
	memset(f, 0, sizeof(*f));
	f->iov = (struct iovec){ &f->byte, 1 };
	f->m = (struct msghdr){ .msg_iov = &f->iov, .msg_iovlen = 1,
				.msg_control = f->u.buf,
				.msg_controllen = sizeof(f->u.buf) };
	return &f->m;
}

static int send_fd(int sock, int fd)
{
	struct fd_msg f;
	struct msghdr *m = fd_msg(&f);
	struct cmsghdr *c = CMSG_FIRSTHDR(m);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, m, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	struct fd_msg f;
	struct msghdr *m = fd_msg(&f);
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, m, 0) != 1)
		return -1;
	c = CMSG_FIRSTHDR(m);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

static int supervisor(void)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	int sv[2], st, fd;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 2;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		long l = install(SYS_getppid, SECCOMP_RET_USER_NOTIF,
				 SECCOMP_FILTER_FLAG_NEW_LISTENER);
		long r;

		if (l < 0) {
			printf("child: listener %s\n", strerror(errno));
			fflush(stdout);
			_exit(3);
		}
		if (send_fd(sv[1], (int)l))
			_exit(4);
		close((int)l);
		r = syscall(SYS_getppid);
		printf("child: getppid %ld\n", r);
		fflush(stdout);
		_exit(0);
	}
	close(sv[1]);
	fd = recv_fd(sv[0]);
	if (fd >= 0) {
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) == 0) {
			memset(&resp, 0, sizeof(resp));
			resp.id = req.id;
			resp.val = req.data.nr == SYS_getppid ? 4242 : -1;
			if (ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp))
				perror("fid_ownfilter: NOTIF_SEND");
		} else {
			perror("fid_ownfilter: NOTIF_RECV");
		}
	}
	if (waitpid(pid, &st, 0) != pid)
		return 2;
	printf("supervisor: child %s %d\n",
	       WIFEXITED(st) ? "exit" : "signal",
	       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "tsync") == 0)
		return tsync(0);
	if (strcmp(mode, "tsync_spin") == 0)
		return tsync(1);
	if (strcmp(mode, "trace") == 0)
		return trace();
	if (strcmp(mode, "mode") == 0) {
		printf("mode %d\n", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
		if (install(SYS_uname, SECCOMP_RET_ERRNO | EPERM, 0))
			return 2;
		printf("mode %d\n", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
		return 0;
	}
	if (strcmp(mode, "strict") == 0) {
		fflush(stdout);
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
			return 2;
		(void)!write(1, "strict\n", 7);
		syscall(SYS_getppid);
		(void)!write(1, "survived\n", 9);
		syscall(SYS_exit, 0);
	}
	if (strcmp(mode, "strict_handler") == 0) {
		struct sigaction sa = { .sa_sigaction = on_alarm,
					.sa_flags = SA_SIGINFO };
		struct itimerval it = { { 0, 0 }, { 0, 20000 } };

		fflush(stdout);
		if (sigaction(SIGALRM, &sa, NULL) ||
		    setitimer(ITIMER_REAL, &it, NULL) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0))
			return 2;
		(void)!write(1, "strict\n", 7);
		while (!alarmed)
			;
		(void)!write(1, "handled\n", 8);
		syscall(SYS_exit, 0);
	}
	if (strcmp(mode, "supervisor") == 0)
		return supervisor();
	fprintf(stderr, "usage: fid_ownfilter tsync|tsync_spin|trace|mode|strict|"
			"strict_handler|supervisor\n");
	return 2;
}
