/*
 * fid_run.c - the fidelity suite's harness (tests/fidelity.sh).  Runs a
 * command as a shell would (execvp), with the signal state, process group
 * and terminal a row asks for; copies what the command writes on stdout
 * to its own stdout; sends signals when the command writes a given line;
 * and last writes how the command ended: "fid_run: exit N" or
 * "fid_run: signal N".  The suite runs the command natively and as
 * "sandprint record ... -- command" under the same harness and compares
 * the two transcripts byte for byte.
 *
 * Usage: fid_run [OPTION]... -- CMD [ARG]...
 *   --ignore SIG   SIG is ignored (SIG_IGN) when CMD starts (repeatable)
 *   --block SIG    SIG is blocked when CMD starts (repeatable)
 *   --pgrp         CMD leads a process group of its own
 *   --pty          CMD runs on a new pseudo-terminal: its controlling
 *                  terminal and its stdin, stdout and stderr; everything
 *                  written to the terminal is copied out as it is
 *   --on LINE=ACTION[,ACTION]...  when CMD writes LINE (a whole line) on
 *                  stdout, do each ACTION in order: grp:SIG sends SIG to
 *                  CMD's process group (with --pgrp), pid:SIG to CMD
 *   SIG is a name without "SIG" (INT, TERM, HUP, QUIT, USR1, ...).
 * Nothing else of fid_run's caller's signal state reaches CMD: every
 * other signal is at its default and unblocked (a test script's
 * background job, for one, would have SIGINT and SIGQUIT ignored).
 * CMD's stdin is /dev/null (the terminal with --pty), its stdout a pipe
 * (the terminal with --pty), its stderr fid_run's.  Core dumps are off.
 * Exit: 0 when CMD ran, however it ended; 2 on a harness error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SIGS 16
#define MAX_ON 4
#define MAX_ACTIONS 4


struct action {
	bool group;
	int sig;
};

struct on {
	const char *line;
	struct action act[MAX_ACTIONS];
	int nact;
};

static int sig_of(const char *name)
{
	for (int sig = 1; sig < NSIG; sig++) {
		const char *abbrev = sigabbrev_np(sig);

		if (abbrev && strcmp(abbrev, name) == 0)
			return sig;
	}
	fprintf(stderr, "fid_run: unknown signal %s\n", name);
	exit(2);
}

static void parse_on(struct on *o, char *spec)
{
	char *eq = strrchr(spec, '='), *tok, *save;

	if (!eq) {
		fprintf(stderr, "fid_run: --on %s: expected LINE=ACTION\n",
			spec);
		exit(2);
	}
	*eq = '\0';
	o->line = spec;
	for (tok = strtok_r(eq + 1, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(tok, ':');

		if (!colon || o->nact == MAX_ACTIONS ||
		    (strncmp(tok, "grp:", 4) && strncmp(tok, "pid:", 4))) {
			fprintf(stderr, "fid_run: bad action %s\n", tok);
			exit(2);
		}
		o->act[o->nact].group = tok[0] == 'g';
		o->act[o->nact].sig = sig_of(colon + 1);
		o->nact++;
	}
}

static void do_actions(const struct on *o, pid_t pid)
{
	for (int i = 0; i < o->nact; i++)
		if (kill(o->act[i].group ? -pid : pid, o->act[i].sig)) {
			perror("fid_run: kill");
			exit(2);
		}
}

/* Copies what fd gives to stdout until EOF (or EIO: the terminal's last
 * user closed it), acting on whole lines that match a trigger. */
static void relay(int fd, struct on *ons, int nons, pid_t pid)
{
	char buf[4096], line[4096];
	size_t llen = 0;
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			exit(2);
		fflush(stdout);
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\n' && buf[i] != '\r') {
				if (llen < sizeof(line) - 1)
					line[llen++] = buf[i];
				continue;
			}
			line[llen] = '\0';
			llen = 0;
			for (int k = 0; k < nons; k++)
				if (ons[k].line && strcmp(ons[k].line, line) == 0) {
					do_actions(&ons[k], pid);
					ons[k].line = NULL;   /* once */
				}
		}
	}
}

int main(int argc, char **argv)
{
	int ignore[MAX_SIGS], block[MAX_SIGS], nign = 0, nblk = 0, nons = 0;
	struct on ons[MAX_ON];
	bool pgrp = false, pty = false;
	struct rlimit nocore = { 0, 0 };
	int out[2], master = -1, st, i;
	char *slave = NULL;
	pid_t pid;

	memset(ons, 0, sizeof(ons));
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--ignore") == 0 && i + 1 < argc &&
		    nign < MAX_SIGS)
			ignore[nign++] = sig_of(argv[++i]);
		else if (strcmp(argv[i], "--block") == 0 && i + 1 < argc &&
			 nblk < MAX_SIGS)
			block[nblk++] = sig_of(argv[++i]);
		else if (strcmp(argv[i], "--pgrp") == 0)
			pgrp = true;
		else if (strcmp(argv[i], "--pty") == 0)
			pty = true;
		else if (strcmp(argv[i], "--on") == 0 && i + 1 < argc &&
			 nons < MAX_ON)
			parse_on(&ons[nons++], argv[++i]);
		else {
			fprintf(stderr, "fid_run: bad option %s\n", argv[i]);
			return 2;
		}
	}
	if (i + 1 >= argc) {
		fprintf(stderr, "usage: fid_run [OPTION]... -- CMD [ARG]...\n");
		return 2;
	}
	argv += i + 1;
	setrlimit(RLIMIT_CORE, &nocore);
	if (pty) {
		master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (master < 0 || grantpt(master) || unlockpt(master) ||
		    !(slave = ptsname(master))) {
			perror("fid_run: pty");
			return 2;
		}
	} else if (pipe2(out, O_CLOEXEC)) {
		perror("fid_run: pipe");
		return 2;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fid_run: fork");
		return 2;
	}
	if (pid == 0) {
		sigset_t set;
		int fd;

		if (pty) {
			if (setsid() < 0 ||
			    (fd = open(slave, O_RDWR)) < 0 ||
			    ioctl(fd, TIOCSCTTY, 0) ||
			    dup2(fd, 0) < 0 || dup2(fd, 1) < 0 ||
			    dup2(fd, 2) < 0)
				_exit(125);
			if (fd > 2)
				close(fd);
		} else {
			fd = open("/dev/null", O_RDONLY);
			if (fd < 0 || dup2(fd, 0) < 0 || dup2(out[1], 1) < 0)
				_exit(125);
			if (pgrp && setpgid(0, 0))
				_exit(125);
		}
		for (int sig = 1; sig < NSIG; sig++)
			if (sig != SIGKILL && sig != SIGSTOP)
				signal(sig, SIG_DFL);
		for (int k = 0; k < nign; k++)
			signal(ignore[k], SIG_IGN);
		sigemptyset(&set);
		for (int k = 0; k < nblk; k++)
			sigaddset(&set, block[k]);
		sigprocmask(SIG_SETMASK, &set, NULL);
		execvp(argv[0], argv);
		fprintf(stderr, "fid_run: %s: %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (pgrp && !pty)
		setpgid(pid, pid);      /* either of us may come first */
	if (pty) {
		relay(master, ons, nons, pid);
	} else {
		close(out[1]);
		relay(out[0], ons, nons, pid);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			perror("fid_run: waitpid");
			return 2;
		}
	if (WIFSIGNALED(st))
		printf("fid_run: signal %d\n", WTERMSIG(st));
	else
		printf("fid_run: exit %d\n", WEXITSTATUS(st));
	return 0;
}
