#include "tests/probe.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/array.h"

#define MAGIC 0x5ec0a11beef0fa11ull
#define LISTENER_ERRNO 133 /* EHWPOISON: what our listener answers */

/* Shared with the child. */
struct board {
	volatile size_t next;       /* case the child is making */
	volatile int trapped;
	volatile size_t notified;   /* case the listener saw, + 1 */
};

static struct board *board;

static void on_sigsys(int sig)
{
	(void)sig;
	board->trapped = 1;
}

static int send_fd(int sock, int fd)
{
	char c = 'f';
	struct iovec iov = { &c, 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(fd));
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char c;
	struct iovec iov = { &c, 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = u.buf,
			    .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &m, 0) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&m);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	return fd;
}

/* Never returns; makes cases [from, n) and then spins until killed.
 * Results: out[] lives in shared memory. */
static void child(const struct sock_fprog *prog,
		  const struct sp_probe_case *cases, size_t from, size_t n,
		  struct sp_probe_verdict *out, int sock)
{
	/* rt_sigreturn from the SIGSYS handler of a TRAP still carries the
	 * magic sixth argument in its register: it must pass. */
	struct sock_filter listen[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_rt_sigreturn, 5, 0),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[5])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)MAGIC, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[5]) + 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(MAGIC >> 32), 0,
			 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog lp = { .len = ARRAY_SIZE(listen),
				 .filter = listen };
	struct sigaction sa;
	int lfd;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigsys;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGSYS, &sa, NULL);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		_exit(101);
	lfd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			   SECCOMP_FILTER_FLAG_NEW_LISTENER, &lp);
	if (lfd < 0 || send_fd(sock, lfd))
		_exit(102);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog))
		_exit(103);
	/* From here on, only probed calls: everything else may be refused. */
	for (size_t i = from; i < n; i++) {
		const struct sp_probe_case *c = &cases[i];
		long r;

		board->next = i;
		board->trapped = 0;
		errno = 0;
		r = syscall((long)c->nr, c->args[0], c->args[1], c->args[2],
			    c->args[3], c->args[4], MAGIC);
		if (board->trapped)
			out[i].kind = SP_PROBE_TRAP;
		else if (board->notified == i + 1)
			out[i].kind = SP_PROBE_ALLOW;
		else if (r == -1) {
			out[i].kind = SP_PROBE_ERRNO;
			out[i].err = errno;
		} else {
			/* Returned without the listener: cannot be. */
			out[i].kind = SP_PROBE_FAILED;
		}
	}
	board->next = n;
	for (;;)
		pause();
}

/* Serves the listener until the child finishes or dies. Returns 1 when it
 * died (so the case board->next was a KILL), 0 when it finished. */
static int serve(pid_t pid, int lfd, size_t n)
{
	for (;;) {
		struct pollfd p = { lfd, POLLIN, 0 };
		int st;

		if (poll(&p, 1, 2) > 0 && (p.revents & POLLIN)) {
			struct seccomp_notif req;
			struct seccomp_notif_resp resp;

			memset(&req, 0, sizeof(req));
			if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &req) == 0) {
				memset(&resp, 0, sizeof(resp));
				resp.id = req.id;
				resp.error = -LISTENER_ERRNO;
				board->notified = board->next + 1;
				ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
			}
		}
		if (board->next >= n)
			return 0;
		if (waitpid(pid, &st, WNOHANG) == pid)
			return 1;
	}
}

int sp_probe_run(const struct sock_fprog *prog,
		 const struct sp_probe_case *cases, size_t n,
		 struct sp_probe_verdict *out)
{
	size_t bytes = sizeof(struct board) + n * sizeof(*out);
	struct sp_probe_verdict *shared;
	size_t from = 0;
	void *mem;
	int rc = 0;

	mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return -errno;
	board = mem;
	shared = (struct sp_probe_verdict *)(board + 1);
	for (size_t i = 0; i < n; i++)
		shared[i].kind = SP_PROBE_FAILED;
	while (from < n) {
		int sv[2], lfd, died;
		pid_t pid;

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
			rc = -errno;
			break;
		}
		board->next = from;
		board->notified = 0;
		pid = fork();
		if (pid == 0) {
			close(sv[0]);
			child(prog, cases, from, n, shared, sv[1]);
		}
		close(sv[1]);
		lfd = pid > 0 ? recv_fd(sv[0]) : -1;
		close(sv[0]);
		if (lfd < 0) {
			if (pid > 0) {
				kill(pid, SIGKILL);
				waitpid(pid, NULL, 0);
			}
			rc = -EINVAL;
			break;
		}
		died = serve(pid, lfd, n);
		close(lfd);
		if (died) {
			shared[board->next].kind = SP_PROBE_KILL;
			from = board->next + 1;
		} else {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			from = n;
		}
	}
	memcpy(out, shared, n * sizeof(*out));
	munmap(mem, bytes);
	board = NULL;
	return rc;
}

const char *sp_probe_str(const struct sp_probe_verdict *v, char *buf,
			 size_t len)
{
	switch (v->kind) {
	case SP_PROBE_ALLOW:
		snprintf(buf, len, "ALLOW");
		break;
	case SP_PROBE_ERRNO:
		snprintf(buf, len, "ERRNO(%d)", v->err);
		break;
	case SP_PROBE_TRAP:
		snprintf(buf, len, "TRAP");
		break;
	case SP_PROBE_KILL:
		snprintf(buf, len, "KILL");
		break;
	case SP_PROBE_FAILED:
		snprintf(buf, len, "FAILED");
		break;
	}
	return buf;
}

long sp_probe_int80(long nr, uint64_t b, uint64_t c, uint64_t d)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(b), "c"(c), "d"(d)
			 /* The 64-bit caller's r8-r11 are lost. */
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

int sp_probe_int80_under(const struct sock_fprog *prog,
			 const uint64_t (*c)[4], size_t n)
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int out = 0;

		if (sp_probe_int80(20, 0, 0, 0) != getpid()) /* i386 getpid */
			_exit(SP_PROBE_NO_I386);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, prog))
			_exit(254);
		for (size_t i = 0; i < n; i++)
			out |= (sp_probe_int80((long)c[i][0], c[i][1],
					       c[i][2], c[i][3]) != -EPERM)
			       << i;
		syscall(SYS_exit_group, out);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) == 254)
		return -1;
	return WEXITSTATUS(st);
}
