/*
 * static_spawn: creates a thread (pthread_create: clone3, or clone when
 * clone3 fails with ENOSYS), and with the argument "spawn" then runs
 * itself as a child through posix_spawn, whose clone flags (CLONE_VM |
 * CLONE_VFORK | SIGCHLD) glibc builds at run time and passes through
 * __clone_internal: no constant at any syscall instruction.  The child
 * ("child") exits at once.  Recorded without arguments, a run makes
 * threads only (tests/static_test.c: the profile must let the spawn run
 * and still refuse namespaces).
 *
 * Exit: 0; 2 when the thread or the spawn failed (message on stderr); the
 * child's status when it did not exit 0.
 */
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

static void *thread_main(void *arg)
{
	return arg;
}

int main(int argc, char **argv)
{
	static int token;
	char *child[] = { argv[0], "child", NULL };
	void *ret = NULL;
	pthread_t th;
	pid_t pid;
	int status, rc;

	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return 0;
	if (pthread_create(&th, NULL, thread_main, &token) ||
	    pthread_join(th, &ret) || ret != &token) {
		fprintf(stderr, "static_spawn: thread failed\n");
		return 2;
	}
	if (argc < 2 || strcmp(argv[1], "spawn") != 0)
		return 0;
	rc = posix_spawn(&pid, argv[0], NULL, NULL, child, environ);
	if (rc) {
		fprintf(stderr, "static_spawn: posix_spawn: %s\n",
			strerror(rc));
		return 2;
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("static_spawn: waitpid");
		return 2;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "static_spawn: child status 0x%x\n", status);
		return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
	}
	return 0;
}
