/*
 * fid_untraced.c - a child made with CLONE_UNTRACED (tests/fidelity.sh).
 * clone(2) says a tracer clears the flag: the child must be followed and
 * its calls recorded (sched_getscheduler here, which nothing else calls).
 *
 * Usage: fid_untraced [PIDFILE [child]]
 *   The child calls sched_getscheduler(0) and exits 0; the parent reaps
 *   it and prints "child exit 0".  With PIDFILE: the child's pid goes
 *   there, and once it is reaped the parent ignores SIGINT, SIGTERM and
 *   SIGHUP, prints "ready" and waits to be killed.  With "child" too, the
 *   child does that instead (after its call), and the parent waits for it.
 *   A held process given SIGUSR1 writes "calls work" into PIDFILE.ok
 *   (open, write, close: calls that fail without a recorder a filter
 *   needs) and exits 0.
 * Exit: 0; 2 clone or wait failed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *held_file;
static volatile sig_atomic_t poked;

static void on_usr1(int sig)
{
	(void)sig;
	poked = 1;
}

/* Writes pid into file, says "ready" and waits to be killed, or poked
 * (SIGUSR1: then it shows its calls work). */
static void hold(const char *file, pid_t pid)
{
	FILE *f = fopen(file, "w");
	char ok[4096];
	int fd;

	if (!f)
		exit(2);
	fprintf(f, "%d\n", (int)pid);
	fclose(f);
	held_file = file;
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGUSR1, on_usr1);
	printf("ready\n");
	fflush(stdout);
	while (!poked)
		pause();
	snprintf(ok, sizeof(ok), "%s.ok", held_file);
	fd = open(ok, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "calls work\n", 11) != 11 || close(fd))
		_exit(3);
	_exit(0);
}

int main(int argc, char **argv)
{
	long pid, policy;
	int st;

	fflush(stdout);
	pid = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0);
	if (pid < 0) {
		perror("fid_untraced: clone");
		return 2;
	}
	if (pid == 0) {
		policy = syscall(SYS_sched_getscheduler, 0);
		if (argc > 2)
			hold(argv[1], getpid());
		syscall(SYS_exit_group, policy == SCHED_OTHER ? 0 : 3);
	}
	if (waitpid((pid_t)pid, &st, 0) != pid)
		return 2;
	printf("child %s %d\n", WIFEXITED(st) ? "exit" : "signal",
	       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	if (argc > 1)
		hold(argv[1], (pid_t)pid);
	return 0;
}
