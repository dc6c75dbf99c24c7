/*
 * edge_exit_group.c - exit_group from a thread while the others are in
 * blocking calls (validators README case 19): the kernel kills the other
 * threads in their calls (a read on an empty pipe, a futex wait, a
 * nanosleep); each reports its death, ptrace requests on them fail with
 * ESRCH, and the process's status is the one exit_group gave.
 *
 * The leader blocks in pthread_join on a thread that never ends; three
 * threads block (read, nanosleep of 10 s, pthread_cond_wait); a fifth
 * thread waits 50 ms, prints the result and calls exit_group(0).  If the
 * process is still alive after 5 s, the test failed.
 *
 * Exit: 0 and "exit_group ok" on stdout on success; 2 pipe/pthread_create
 * failed, 3 the leader's join returned (it must not).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int fds[2];
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void *reader(void *a)
{
	char c;

	(void)a;
	(void)!read(fds[0], &c, 1);
	return NULL;
}

static void *sleeper(void *a)
{
	struct timespec ts = { 10, 0 };

	(void)a;
	nanosleep(&ts, NULL);
	return NULL;
}

static void *waiter(void *a)
{
	(void)a;
	pthread_mutex_lock(&m);
	for (;;)
		pthread_cond_wait(&cv, &m);
	return NULL;
}

static void *ender(void *a)
{
	struct timespec ts = { 0, 50 * 1000000L };

	(void)a;
	nanosleep(&ts, NULL);
	printf("exit_group ok\n");
	fflush(stdout);
	syscall(SYS_exit_group, 0);
	return NULL;
}

int main(void)
{
	void *(*fn[])(void *) = { reader, sleeper, waiter, ender };
	pthread_t t[4];

	if (pipe(fds))
		return 2;
	for (int i = 0; i < 4; i++)
		if (pthread_create(&t[i], NULL, fn[i], NULL))
			return 2;
	pthread_join(t[1], NULL);
	return 3;
}
