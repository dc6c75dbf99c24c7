/*
 * static_shell: with the argument "shell", runs a command line through
 * system(3), that is through /bin/sh; without, exits at once.  The
 * command line runs an external command before a builtin, so that the
 * shell forks it (Debian's dash with vfork(2), a call this program's own
 * code does not make) rather than exec it in place.  Recorded without
 * arguments, the recording never loaded the shell (tests/show.sh: its
 * profile must let the shell run all the same).
 *
 * Exit: 0; 1 when the command line failed or could not run.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int main(int argc, char **argv)
{
	int st;

	if (argc < 2 || strcmp(argv[1], "shell") != 0)
		return 0;
	st = system("/bin/true; :");
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
