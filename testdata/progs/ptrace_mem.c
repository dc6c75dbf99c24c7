/* ptrace_mem - another process's memory, by ptrace and by /proc/PID/mem.
 *
 * Both modes fork a victim that waits on a pipe, then exits with the
 * value of its copy of word (0 unless someone wrote it), and write a
 * scratch file in $TMPDIR (/tmp) with pwrite.
 *
 *   peek  ptrace(PTRACE_PEEKDATA) on the victim (ESRCH: not traced; the
 *         call is what a profile records); exit 0 if the victim exits 0.
 *   poke  ptrace(PTRACE_POKEDATA) on the victim (ESRCH natively: not
 *         traced; a filter's refusal is another error), then an open of
 *         /proc/VICTIM/mem for writing and a pwrite of 7 into its word;
 *         prints what each did and exits with the victim's status (7:
 *         written).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int word;

static void scratch(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/ptrace_mem.XXXXXX",
		 dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || pwrite(fd, "x", 1, 0) != 1) {
		perror("scratch file");
		exit(3);
	}
	unlink(path);
	close(fd);
}

int main(int argc, char **argv)
{
	int go[2], st;
	pid_t victim;
	char path[64];
	const int seven = 7;
	int fd;
	bool poke;

	if (argc != 2 || (strcmp(argv[1], "peek") && strcmp(argv[1], "poke"))) {
		fprintf(stderr, "usage: ptrace_mem peek|poke\n");
		return 2;
	}
	poke = strcmp(argv[1], "poke") == 0;
	scratch();
	if (pipe(go)) {
		perror("pipe");
		return 3;
	}
	victim = fork();
	if (victim < 0) {
		perror("fork");
		return 3;
	}
	if (victim == 0) {
		char c;

		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(100);
		_exit(word);
	}
	close(go[0]);
	if (!poke) {
		errno = 0;
		ptrace(PTRACE_PEEKDATA, victim, (void *)&word, NULL);
	} else {
		if (ptrace(PTRACE_POKEDATA, victim, (void *)&word,
			   (void *)(uintptr_t)seven) == 0)
			printf("ptrace(PTRACE_POKEDATA): written\n");
		else
			printf("ptrace(PTRACE_POKEDATA): %s\n",
			       strerror(errno));
		snprintf(path, sizeof(path), "/proc/%d/mem", (int)victim);
		fd = open(path, O_RDWR);
		if (fd < 0)
			printf("open %s: %s\n", path, strerror(errno));
		else if (pwrite(fd, &seven, sizeof(seven),
				(off_t)(uintptr_t)&word) != sizeof(seven))
			printf("pwrite %s: %s\n", path, strerror(errno));
		else
			printf("wrote the victim's memory through %s\n", path);
	}
	if (write(go[1], "g", 1) != 1 || waitpid(victim, &st, 0) != victim) {
		perror("victim");
		return 3;
	}
	if (!WIFEXITED(st))
		return 4;
	printf("victim exited %d\n", WEXITSTATUS(st));
	return WEXITSTATUS(st);
}
