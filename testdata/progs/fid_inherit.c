/*
 * fid_inherit.c - what a process inherits from its caller, printed in a
 * form that is the same from run to run (no pids, no inode numbers), so
 * that a run under "sandprint record" can be compared with a native one
 * byte for byte (tests/fidelity.sh).
 *
 * Usage:
 *   fid_inherit show        print what this process was handed
 *   fid_inherit known       print what a recorder cannot hand on as it
 *                           was: the parent's name, a tracer, the
 *                           seccomp filters it records by and the
 *                           no_new_privs they need without root
 *   fid_inherit group       print its process group, session, terminal
 *                           and foreground group (in "show" too)
 *   fid_inherit set -- CMD [ARG]...
 *                           act as a caller that sets what a child
 *                           inherits, then fork and run CMD (execvp),
 *                           setting in the child, before its exec, what
 *                           an exec keeps but a fork does not (a parent
 *                           death signal, a pending signal, a timer,
 *                           scheduling under SCHED_RESET_ON_FORK);
 *                           exits as CMD did (128 + N for signal N)
 *
 * "set" gives CMD: descriptors 5 (a directory, read-only), 6 and 8 (the
 * read end of a pipe, non-blocking, twice), 7 (the write end, close on
 * exec: never seen), 9 (a socket, non-blocking) and 200 (a dup of 6);
 * umask 027; soft limits of descriptors 300, core files 1 MiB, locked
 * memory 64 KiB and stack 4 MiB (within the hard ones); nice 3; I/O
 * priority best-effort 5; timer slack 123456 ns; oom_score_adj 7; CPU 0
 * alone; personality ADDR_NO_RANDOMIZE; and in the child SIGPWR pending
 * and blocked, SIGHUP as parent death signal, child subreaper,
 * SCHED_BATCH with SCHED_RESET_ON_FORK (chrt -R: a fork clears the
 * flag) and an ITIMER_REAL of an hour.
 * Exit ("show", "known", "group"): 0.  ("set"): 2 when a setting fails.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Inode-named objects ("pipe:[123]") numbered in order of first sight:
 * two descriptors of one pipe say so, whatever its inode. */
static char seen[64][64];
static int nseen;

static int ordinal(const char *name)
{
	for (int i = 0; i < nseen; i++)
		if (strcmp(seen[i], name) == 0)
			return i + 1;
	if (nseen < 64)
		snprintf(seen[nseen++], sizeof(seen[0]), "%s", name);
	return nseen;
}

static void show_fd(int fd)
{
	char path[64], target[4096];
	int fdfl = fcntl(fd, F_GETFD), fl = fcntl(fd, F_GETFL);
	ssize_t n;
	struct stat st;
	const char *acc;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0 || fstat(fd, &st))
		return;
	target[n] = '\0';
	switch (fl & O_ACCMODE) {
	case O_RDONLY: acc = "r"; break;
	case O_WRONLY: acc = "w"; break;
	default: acc = "rw";
	}
	printf("fd %d: %s%s%s%s%s ", fd, acc,
	       fdfl & FD_CLOEXEC ? " cloexec" : "",
	       fl & O_NONBLOCK ? " nonblock" : "", fl & O_APPEND ? " append" : "",
	       fl & O_PATH ? " path" : "");
	if (strchr(target, '[')) {
		/* pipe:[N], socket:[N], anon_inode:[eventfd] */
		char kind[64];

		snprintf(kind, sizeof(kind), "%.*s",
			 (int)(strchr(target, '[') - target), target);
		printf("%s#%d\n", kind, ordinal(target));
	} else if (S_ISREG(st.st_mode)) {
		printf("regular file #%d\n", ordinal(target));
	} else if (S_ISCHR(st.st_mode) && strncmp(target, "/dev/pts/", 9) == 0) {
		printf("terminal #%d\n", ordinal(target));
	} else {
		printf("%s\n", target);
	}
}

static void show_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int fds[1024], n = 0;

	if (!d)
		return;
	while ((e = readdir(d)) && n < 1024) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] != '.' && fd != dirfd(d))
			fds[n++] = fd;
	}
	closedir(d);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (fds[j] < fds[i]) {
				int t = fds[i];

				fds[i] = fds[j];
				fds[j] = t;
			}
	for (int i = 0; i < n; i++)
		show_fd(fds[i]);
}

/* Lines of /proc/self/status whose key is in KEYS. */
static void status_lines(const char *file, const char *const *keys)
{
	char line[512];
	FILE *f = fopen(file, "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		for (int i = 0; keys[i]; i++)
			if (strncmp(line, keys[i], strlen(keys[i])) == 0 &&
			    line[strlen(keys[i])] == ':')
				fputs(line, stdout);
	fclose(f);
}

static void file_line(const char *label, const char *path)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\0')
			*p = ' ';
	printf("%s: %s\n", label, f ? buf : "(unreadable)");
}

static void link_line(const char *label, const char *path)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	printf("%s: %s\n", label, n < 0 ? "(unreadable)" : (buf[n] = 0, buf));
}

/* A process group or session: this process, or named by its leader. */
static void who(const char *label, pid_t id)
{
	char path[64], name[64] = "";
	FILE *f;

	if (id == getpid()) {
		printf("%s: self\n", label);
		return;
	}
	if (id <= 0) {
		printf("%s: %d\n", label, id);
		return;
	}
	snprintf(path, sizeof(path), "/proc/%d/comm", id);
	f = fopen(path, "r");
	if (f) {
		if (!fgets(name, sizeof(name), f))
			name[0] = 0;
		fclose(f);
	}
	name[strcspn(name, "\n")] = 0;
	printf("%s: led by %s\n", label, f ? name : "(gone)");
}

/* Its process group, session, terminal and the terminal's foreground
 * group. */
static void group(void)
{
	int tty;

	who("process group", getpgrp());
	who("session", getsid(0));
	tty = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
	printf("controlling terminal: %s\n", tty >= 0 ? "yes" : "no");
	if (tty >= 0) {
		who("foreground group", tcgetpgrp(tty));
		close(tty);
	}
}

static void show(void)
{
	static const char *const keys[] = {
		"SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt", "CapInh",
		"CapPrm", "CapEff", "CapBnd", "CapAmb", "Cpus_allowed_list", "Mems_allowed_list",
		"Speculation_Store_Bypass", "SpeculationIndirectBranch",
		"Uid", "Gid", "Groups", NULL
	};
	static const int limits[] = {
		RLIMIT_AS, RLIMIT_CORE, RLIMIT_CPU, RLIMIT_DATA, RLIMIT_FSIZE,
		RLIMIT_LOCKS, RLIMIT_MEMLOCK, RLIMIT_MSGQUEUE, RLIMIT_NICE,
		RLIMIT_NOFILE, RLIMIT_NPROC, RLIMIT_RSS, RLIMIT_RTPRIO,
		RLIMIT_RTTIME, RLIMIT_SIGPENDING, RLIMIT_STACK
	};
	static const char *const ns[] = { "cgroup", "ipc", "mnt", "net", "pid",
					  "pid_for_children", "time", "user",
					  "uts" };
	char path[256], buf[4096];
	struct sched_param sp;
	stack_t ss;
	struct itimerval it;
	cpu_set_t cpus;
	mode_t um = umask(0);
	int v = 0;
	unsigned long secbits;

	umask(um);
	show_fds();
	status_lines("/proc/self/status", keys);
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		struct rlimit r;

		getrlimit(limits[i], &r);
		printf("rlimit %d: ", limits[i]);
		if (r.rlim_cur == RLIM_INFINITY) printf("unlimited ");
		else printf("%llu ", (unsigned long long)r.rlim_cur);
		if (r.rlim_max == RLIM_INFINITY) printf("unlimited\n");
		else printf("%llu\n", (unsigned long long)r.rlim_max);
	}
	printf("umask: %04o\n", um);
	printf("cwd: %s\n", getcwd(buf, sizeof(buf)) ? buf : "(none)");
	link_line("root", "/proc/self/root");
	for (char **e = environ; *e; e++)
		printf("env: %s\n", *e);
	group();
	errno = 0;
	printf("nice: %d\n", getpriority(PRIO_PROCESS, 0));
	sched_getparam(0, &sp);
	printf("sched: policy %d%s priority %d\n",
	       sched_getscheduler(0) & ~SCHED_RESET_ON_FORK,
	       sched_getscheduler(0) & SCHED_RESET_ON_FORK ? " reset-on-fork" : "",
	       sp.sched_priority);
	CPU_ZERO(&cpus);
	sched_getaffinity(0, sizeof(cpus), &cpus);
	printf("affinity: %d cpus, cpu0 %d\n", CPU_COUNT(&cpus), CPU_ISSET(0, &cpus));
	file_line("oom_score_adj", "/proc/self/oom_score_adj");
	file_line("loginuid", "/proc/self/loginuid");
	file_line("sessionid", "/proc/self/sessionid");
	file_line("comm", "/proc/self/comm");
	file_line("cgroup", "/proc/self/cgroup");
	file_line("attr", "/proc/self/attr/current");
	printf("ioprio: %ld\n", syscall(SYS_ioprio_get, 1, 0));
	printf("timerslack: %d\n", prctl(PR_GET_TIMERSLACK));
	printf("personality: %#x\n", personality(0xffffffff));
	printf("dumpable: %d\n", prctl(PR_GET_DUMPABLE));
	prctl(PR_GET_PDEATHSIG, &v);
	printf("pdeathsig: %d\n", v);
	v = 0;
	prctl(PR_GET_CHILD_SUBREAPER, &v);
	printf("child subreaper: %d\n", v);
	secbits = prctl(PR_GET_SECUREBITS);
	printf("securebits: %#lx\n", secbits);
	printf("keepcaps: %d\n", prctl(PR_GET_KEEPCAPS));
	printf("thp disable: %d\n", prctl(PR_GET_THP_DISABLE));
	printf("tsc: %d\n", prctl(PR_GET_TSC, &v) ? -1 : v);
	printf("speculation store bypass: %d\n",
	       prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS, 0, 0, 0));
	printf("mdwe: %d\n", prctl(65 /* PR_GET_MDWE */, 0, 0, 0, 0));
	printf("io flusher: %d\n", prctl(58 /* PR_GET_IO_FLUSHER */, 0, 0, 0, 0));
	sigaltstack(NULL, &ss);
	printf("altstack: flags %d size %zu\n", ss.ss_flags, ss.ss_size);
	getitimer(ITIMER_REAL, &it);
	printf("itimer real: %s\n", it.it_value.tv_sec ? "armed" : "off");
	getitimer(ITIMER_VIRTUAL, &it);
	printf("itimer virtual: %s\n", it.it_value.tv_sec || it.it_value.tv_usec ? "armed" : "off");
	printf("AT_SECURE: %lu\n", getauxval(AT_SECURE));
	link_line("exe", "/proc/self/exe");
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		char l[64];

		snprintf(path, sizeof(path), "/proc/self/ns/%s", ns[i]);
		snprintf(l, sizeof(l), "ns %s", ns[i]);
		link_line(l, path);
	}
}

static void known(void)
{
	static const char *const keys[] = { "TracerPid", "Seccomp",
					     "Seccomp_filters", "NoNewPrivs",
					     NULL };
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/comm", getppid());
	file_line("parent", path);
	status_lines("/proc/self/status", keys);
}

static void must(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fid_inherit: %s: %s\n", what, strerror(errno));
		exit(2);
	}
}

/* FD moved to 400 or above. */
static int high(int fd)
{
	int to = fcntl(fd, F_DUPFD, 400);

	must(to >= 0, "F_DUPFD");
	close(fd);
	return to;
}

static int set(char **argv)
{
	int p[2], s[2], st;
	struct rlimit r;
	cpu_set_t cpus;
	pid_t pid;

	/* Made above 400, then moved where they go: whatever the caller
	 * had open at 5 to 9 is replaced. */
	int dir = open("/", O_RDONLY | O_DIRECTORY);

	must(dir >= 0 && !pipe2(p, O_NONBLOCK) &&
	     !socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, s), "open");
	dir = high(dir);
	p[0] = high(p[0]);
	p[1] = high(p[1]);
	s[0] = high(s[0]);
	s[1] = high(s[1]);
	must(dup2(dir, 5) == 5 && dup2(p[0], 6) == 6 && dup2(p[0], 8) == 8 &&
	     dup2(p[0], 200) == 200 && dup3(p[1], 7, O_CLOEXEC) == 7 &&
	     dup2(s[0], 9) == 9, "dup");
	close(dir);
	close(p[0]);
	close(p[1]);
	close(s[0]);
	close(s[1]);
	umask(027);
	getrlimit(RLIMIT_NOFILE, &r);
	r.rlim_cur = 300;
	must(!setrlimit(RLIMIT_NOFILE, &r), "RLIMIT_NOFILE");
	getrlimit(RLIMIT_CORE, &r);
	r.rlim_cur = r.rlim_max < 1 << 20 ? r.rlim_max : 1 << 20;
	must(!setrlimit(RLIMIT_CORE, &r), "RLIMIT_CORE");
	getrlimit(RLIMIT_MEMLOCK, &r);
	r.rlim_cur = r.rlim_max < 64 << 10 ? r.rlim_max : 64 << 10;
	must(!setrlimit(RLIMIT_MEMLOCK, &r), "RLIMIT_MEMLOCK");
	getrlimit(RLIMIT_STACK, &r);
	r.rlim_cur = r.rlim_max < 4 << 20 ? r.rlim_max : 4 << 20;
	must(!setrlimit(RLIMIT_STACK, &r), "RLIMIT_STACK");
	must(!setpriority(PRIO_PROCESS, 0, getpriority(PRIO_PROCESS, 0) + 3),
	     "nice");
	must(!syscall(SYS_ioprio_set, 1, 0, (2 << 13) | 5), "ioprio");
	must(!prctl(PR_SET_TIMERSLACK, 123456UL), "timer slack");
	{
		FILE *f = fopen("/proc/self/oom_score_adj", "w");

		must(f && fputs("7\n", f) >= 0 && fclose(f) == 0, "oom_score_adj");
	}
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	must(!sched_setaffinity(0, sizeof(cpus), &cpus), "affinity");
	must(personality(ADDR_NO_RANDOMIZE) != -1, "personality");
	pid = fork();
	must(pid >= 0, "fork");
	if (pid == 0) {
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGPWR);
		sigprocmask(SIG_BLOCK, &set, NULL);
		raise(SIGPWR);
		must(!prctl(PR_SET_PDEATHSIG, SIGHUP), "pdeathsig");
		must(!prctl(PR_SET_CHILD_SUBREAPER, 1), "subreaper");
		must(!sched_setscheduler(0, SCHED_BATCH | SCHED_RESET_ON_FORK,
					 &(struct sched_param){ 0 }),
		     "SCHED_BATCH");
		must(!setitimer(ITIMER_REAL, &(struct itimerval){
						     .it_value = { 3600, 0 } },
				NULL), "itimer");
		execvp(argv[0], argv);
		fprintf(stderr, "fid_inherit: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	/* Ours closed: the child's are all it keeps. */
	for (int fd = 5; fd <= 9; fd++)
		close(fd);
	close(200);
	while (waitpid(pid, &st, 0) < 0)
		must(errno == EINTR, "waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "show") == 0)
		show();
	else if (argc == 2 && strcmp(argv[1], "known") == 0)
		known();
	else if (argc == 2 && strcmp(argv[1], "group") == 0)
		group();
	else if (argc > 3 && strcmp(argv[1], "set") == 0 &&
		 strcmp(argv[2], "--") == 0)
		return set(argv + 3);
	else {
		fprintf(stderr, "usage: fid_inherit show | known | group | "
				"set -- CMD...\n");
		return 2;
	}
	return 0;
}
