/*
 * edge_fork_storm.c - many quick forks and clones (validators README case
 * 6): a new task's first stop can reach the tracer before its parent's
 * fork/clone event.  Children act at once (getppid, a grandchild of their
 * own) and exit with a known status; threads are created and joined in a
 * burst at the same time.
 *
 * 64 rounds: fork a child that forks a grandchild (which _exit(3)s at
 * once), checks the grandchild's status and its own getppid, and _exits
 * with round % 100; a thread that makes one call is created and joined in
 * each round as well.  Every status is checked.
 *
 * Exit: 0 and "fork_storm ok" on stdout on success; 2 fork failed, 3 a
 * child's status was wrong, 4 pthread_create/join failed.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 64

static void *thread(void *arg)
{
	(void)arg;
	return (void *)(long)getpid();
}

static void child(int round, pid_t parent)
{
	pid_t g = fork();
	int st;

	if (g == 0)
		_exit(3);
	if (g < 0 || waitpid(g, &st, 0) != g || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 3)
		_exit(101);
	if (getppid() != parent)
		_exit(102);
	_exit(round % 100);
}

int main(void)
{
	pid_t kids[ROUNDS];
	pthread_t th[ROUNDS];
	pid_t me = getpid();
	int st;

	for (int i = 0; i < ROUNDS; i++) {
		kids[i] = fork();
		if (kids[i] < 0) {
			perror("fork_storm: fork");
			return 2;
		}
		if (kids[i] == 0)
			child(i, me);
		if (pthread_create(&th[i], NULL, thread, NULL)) {
			fprintf(stderr, "fork_storm: pthread_create\n");
			return 4;
		}
	}
	for (int i = 0; i < ROUNDS; i++) {
		void *r;

		if (pthread_join(th[i], &r) || (long)r != me) {
			fprintf(stderr, "fork_storm: pthread_join\n");
			return 4;
		}
	}
	for (int i = 0; i < ROUNDS; i++) {
		if (waitpid(kids[i], &st, 0) != kids[i] || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != i % 100) {
			fprintf(stderr, "fork_storm: child %d status %#x\n", i,
				st);
			return 3;
		}
	}
	printf("fork_storm ok\n");
	return 0;
}
