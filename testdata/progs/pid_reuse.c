/*
 * pid_reuse.c - a tid that makes a call, ends, and comes back as another
 * process's pid, which makes the same call (tests/check.sh, untraced: the
 * second caller must not be taken for the first).
 *
 * Run alone in a new pid namespace (unshare --pid --fork --mount-proc),
 * as root: a thread calls getpriority and ends; its tid is then given to
 * a child by writing /proc/sys/kernel/ns_last_pid (the namespace's own)
 * before fork, and the child calls getpriority.  Prints "reused TID"
 * (the child's pid, the thread's tid), or exits 3 when the pid could not
 * be steered in 5000 tries.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t tid;

static void *thread(void *arg)
{
	(void)arg;
	tid = (pid_t)syscall(SYS_gettid);
	syscall(SYS_getpriority, PRIO_PROCESS, 0);
	return NULL;
}

int main(void)
{
	pthread_t t;
	FILE *f;
	pid_t pid;
	int status;

	if (pthread_create(&t, NULL, thread, NULL) || pthread_join(t, NULL))
		return 3;
	/* pthread_join returns when the exiting thread clears its tid word,
	 * and the kernel frees its tid a little later: a child that did not
	 * get it ends at once, without a call, and another is tried. */
	for (int i = 0;; i++) {
		if (i == 5000)
			return 3;
		f = fopen("/proc/sys/kernel/ns_last_pid", "we");
		if (!f || fprintf(f, "%d", (int)tid - 1) < 0 || fclose(f))
			return 3;
		pid = fork();
		if (pid < 0)
			return 3;
		if (pid == 0) {
			if (getpid() != tid)
				_exit(1);
			syscall(SYS_getpriority, PRIO_PROCESS, 0);
			_exit(0);
		}
		if (waitpid(pid, &status, 0) != pid)
			return 3;
		if (pid == tid && status == 0)
			break;
		usleep(1000);
	}
	printf("reused %d\n", (int)pid);
	return 0;
}
