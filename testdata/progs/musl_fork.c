/* musl_fork - built with musl-gcc by tests/show.sh (not by CMake): a
 * musl program, whose C library is its dynamic loader.  Without
 * arguments it prints a line; with "fork" it first forks a child that
 * exits at once and waits for it, a path a recording without it does
 * not see.  It imports no socket function. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "fork") == 0) {
		pid_t pid = fork();
		int status;

		if (pid < 0)
			return 1;
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
			return 1;
	}
	puts("hello");
	return 0;
}
