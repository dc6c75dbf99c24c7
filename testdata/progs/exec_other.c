/*
 * exec_other.c - one process running two programs in turn, each making a
 * call of its own right after its exec, for the attribution of calls to
 * executables when the tracer does not see the execs (an untraced
 * workload: run --audit --via notify, record --baseline --via notify).
 *
 * Built twice: exec_other and exec_other_b (EXEC_OTHER_B), different
 * files.  exec_other (no arguments): getpriority in the leader and in a
 * second thread, which then execs exec_other_b (the exec takes the
 * leader's tid); exec_other_b: sched_getscheduler, getpriority, then
 * execs exec_other "last" (an exec by the leader, same tid again), which
 * makes sched_getparam.  So, by executable:
 *   exec_other:   getpriority, sched_getparam
 *   exec_other_b: getpriority, sched_getscheduler
 * Exit 0, or 3 (an exec failed), 2 (pthread_create).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static char self[PATH_MAX];

/* The other build's path: this one's with "_b" added or taken off. */
static void exec_sibling(const char *arg)
{
	char path[PATH_MAX + 2];
	size_t n = strlen(self);
	char *argv[] = { path, (char *)arg, NULL };

	if (n > 2 && !strcmp(self + n - 2, "_b"))
		snprintf(path, sizeof(path), "%.*s", (int)(n - 2), self);
	else
		snprintf(path, sizeof(path), "%s_b", self);
	execv(path, argv);
	perror("exec_other: execv");
	_exit(3);
}

#ifndef EXEC_OTHER_B
static void *thread(void *arg)
{
	(void)arg;
	syscall(SYS_getpriority, PRIO_PROCESS, 0);
	exec_sibling("after");
	return NULL;
}
#endif

int main(int argc, char **argv)
{
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return 3;
	self[n] = '\0';
#ifdef EXEC_OTHER_B
	(void)argc;
	(void)argv;
	syscall(SYS_sched_getscheduler, 0);
	syscall(SYS_getpriority, PRIO_PROCESS, 0);
	exec_sibling("last");
#else
	struct sched_param sp;
	pthread_t t;

	if (argc > 1 && !strcmp(argv[1], "last")) {
		syscall(SYS_sched_getparam, 0, &sp);
		return 0;
	}
	syscall(SYS_getpriority, PRIO_PROCESS, 0);
	if (pthread_create(&t, NULL, thread, NULL))
		return 2;
	pthread_join(t, NULL);
	return 3;       /* the thread's exec ends us */
#endif
}
