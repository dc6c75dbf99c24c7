/*
 * exec_thread.c - execve from a non-leader thread.
 *
 * Parent mode (no arguments): the leader starts one thread and then blocks
 * in pthread_join; the thread calls execve("/proc/self/exe", "child", PID).
 * The kernel kills the other threads and the exec'ing thread takes over the
 * leader's TID, so in the new image getpid() must equal PID (the old
 * leader's pid). The tracer sees PTRACE_EVENT_EXEC for the leader's pid and
 * the old thread id never reports an exit.
 *
 * Child mode ("child PID"): checks getpid() == PID and gettid() == PID,
 * calls uname and prints "child: <sysname>" (i.e. "child: Linux").
 *
 * Exit: 0 on success; 2 pthread_create failed, 3 execve failed (reported
 * by the thread), 4 pthread_join returned (execve did not replace us),
 * 5 child: pid/tid mismatch, 6 child: uname failed, 7 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

extern char **environ;

static char pidarg[32];

static void *exec_self(void *arg)
{
	char *argv[] = { (char *)arg, "child", pidarg, NULL };

	execve("/proc/self/exe", argv, environ);
	fprintf(stderr, "exec_thread: execve /proc/self/exe: %s\n",
		strerror(errno));
	exit(3);
}

static int child(const char *pidstr)
{
	struct utsname u;
	long want = strtol(pidstr, NULL, 10);
	long tid = syscall(SYS_gettid);

	if ((long)getpid() != want || tid != want) {
		fprintf(stderr,
			"exec_thread: child: pid %ld tid %ld, expected %ld\n",
			(long)getpid(), tid, want);
		return 5;
	}
	if (uname(&u) != 0) {
		fprintf(stderr, "exec_thread: child: uname: %s\n",
			strerror(errno));
		return 6;
	}
	printf("child: %s\n", u.sysname);
	return 0;
}

int main(int argc, char **argv)
{
	pthread_t th;
	int rc;

	if (argc == 3 && strcmp(argv[1], "child") == 0)
		return child(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: exec_thread\n");
		return 7;
	}
	snprintf(pidarg, sizeof(pidarg), "%ld", (long)getpid());
	rc = pthread_create(&th, NULL, exec_self, argv[0]);
	if (rc != 0) {
		fprintf(stderr, "exec_thread: pthread_create: %s\n",
			strerror(rc));
		return 2;
	}
	pthread_join(th, NULL);
	fprintf(stderr, "exec_thread: pthread_join returned: no execve\n");
	return 4;
}
