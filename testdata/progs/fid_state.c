/*
 * fid_state.c - a broad snapshot of the state a process can observe about
 * itself, taken as the program starts (main), in a thread of its own
 * (what is a thread's), in a child it forks, and in that child's exec of
 * this program again.  Printed in a
 * form that is the same from one native run to the next (pids, times,
 * addresses, memory sizes and counters left out; inode-named objects
 * numbered in order of first sight), so that a run under "sandprint
 * record" can be compared with a native one byte for byte
 * (tests/fidelity.sh, row process_state_snapshot).  fid_inherit prints
 * what a caller set; this prints everything, whatever set it.
 *
 * Each snapshot: every line of /proc/self/status but the ones that
 * differ between two native runs (pids, memory, context switches, the
 * user's queued signal count), /proc/self/limits, selected fields of
 * /proc/self/stat, cgroup, autogroup, namespaces, mounts of the kernel's
 * pseudo file systems (tracefs, debugfs, bpf, cgroup), oom_score_adj,
 * coredump_filter, timerslack_ns, loginuid, sessionid, uid/gid maps,
 * personality, the scheduling attributes, I/O priority, nice, the
 * PR_GET_* values (dumpable, keepcaps, securebits, child subreaper,
 * parent death signal, THP, MCE kill, I/O flusher, timer slack,
 * no_new_privs, TSC, FP mode, speculation controls, MDWE, memory merge,
 * tagged addresses), ambient capabilities, capget, umask, cwd, root, exe,
 * comm, argv, environ, the auxiliary vector's values (not its
 * addresses), the signal mask, pending signals and every disposition,
 * the alternate signal stack, the interval timers, the descriptors (flags,
 * close-on-exec, offset, what they are), process group, session,
 * terminal and its foreground group.
 *
 * The lines a recorder changes by necessity (its parent, a tracer, the
 * seccomp filter it records by, no_new_privs, and the "used a
 * capability" mark of /proc/PID/stat's flags, PF_SUPERPRIV, that
 * installing that filter as root without no_new_privs leaves) start with
 * "known ": the suite compares them apart (KNOWN, with the reason).
 * So do the lines of its process group and session ("known group"),
 * which a recorder that leads them (a shell's job, a terminal's session)
 * changes.
 *
 * Usage: fid_state           the snapshots, "== start", "== thread",
 *                            "== fork", "== exec" before each
 *        fid_state exec      one snapshot (the child's exec)
 * Exit 0.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static char seen[64][128];
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

/* The whole of a small file on one line. */
static void file_line(const char *label, const char *path)
{
	char buf[8192];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = 0;
	while (n && buf[n - 1] == '\n')
		buf[--n] = 0;
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = '|';
	printf("%s: %s\n", label, f ? buf : strerror(errno));
}

static void link_line(const char *label, const char *path)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	printf("%s: %s\n", label, n < 0 ? strerror(errno) : (buf[n] = 0, buf));
}

/* Keys of /proc/self/status that differ between two native runs: pids,
 * the resident pages (what the page cache holds), page tables, context
 * switches.  The sizes mapped (VmSize, VmData, VmStk, VmExe, VmLib, ...)
 * are the same each run, and would show what a recorder mapped or the
 * layout a limit it left changed. */
static const char *const status_varies[] = {
	"Pid", "PPid", "Tgid", "Ngid", "NStgid", "NSpid", "NSpgid", "NSsid",
	"VmHWM", "VmRSS", "RssAnon", "RssFile", "VmPTE",
	"voluntary_ctxt_switches", "nonvoluntary_ctxt_switches", NULL
};
/* ... and the ones a recorder changes by necessity. */
static const char *const status_known[] = {
	"TracerPid", "Seccomp", "Seccomp_filters", "NoNewPrivs", NULL
};

static int in(const char *key, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(key, list[i]) == 0)
			return 1;
	return 0;
}

/* /proc/self, or /proc/thread-self for a thread's own */
static const char *self = "/proc/self";

static FILE *self_open(const char *name)
{
	char path[64];

	snprintf(path, sizeof(path), "%s/%s", self, name);
	return fopen(path, "r");
}

static void status(void)
{
	char line[1024];
	FILE *f = self_open("status");

	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		*colon = 0;
		if (in(line, status_varies))
			continue;
		if (strcmp(line, "SigQ") == 0) {
			/* queued/limit: the count is the user's, all
			 * processes': the limit only */
			char *slash = strchr(colon + 1, '/');

			printf("status SigQ: limit %s", slash ? slash + 1 : "\n");
			continue;
		}
		printf("%sstatus %s:%s", in(line, status_known) ? "known " : "",
		       line, colon + 1);
	}
	if (f)
		fclose(f);
}

/* pgrp, session, tpgid: this process, or another. */
static const char *rel(long id)
{
	return id == getpid() ? "self" : id <= 0 ? "none" : "another";
}

static void stat_fields(void)
{
	char buf[4096], *p;
	FILE *f = self_open("stat");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	unsigned long long v[64] = { 0 };
	int i = 3;

	if (f)
		fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');
	if (!p)
		return;
	p += 2;
	/* fields 3 (state) on; v[k] is field k */
	p = strchr(p, ' ');
	while (p && i < 63) {
		v[++i] = strtoll(p + 1, &p, 10);
		if (*p != ' ')
			break;
	}
	/* PF_SUPERPRIV (0x100): the task used a capability, since its
	 * fork (a fork clears it, an exec keeps it) */
	printf("known group stat: pgrp %s session %s tpgid %s\n",
	       rel((long)v[5]), rel((long)v[6]), rel((long)v[8]));
	printf("stat: tty_nr %llu flags %#llx "
	       "priority %lld nice %lld threads %llu rsslim %llu "
	       "exit_signal %llu rt_priority %llu policy %llu\n",
	       v[7], v[9] & ~0x100ULL,
	       (long long)v[18], (long long)v[19], v[20], v[25], v[38], v[40],
	       v[41]);
	printf("known stat superpriv: %d\n", !!(v[9] & 0x100));
	printf("known parent: ");
	fflush(stdout);
	snprintf(buf, sizeof(buf), "/proc/%d/comm", getppid());
	f = fopen(buf, "r");
	if (f && fgets(buf, sizeof(buf), f))
		printf("%s", buf);
	else
		printf("(unreadable)\n");
	if (f)
		fclose(f);
}

/* Its autogroup's nice value (the group's number is its session's:
 * another in each run made a session of its own) */
static void autogroup(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/autogroup", "r");
	char *nice = f && fgets(line, sizeof(line), f) ? strstr(line, " nice ") : NULL;

	printf("autogroup:%s", nice ? nice : " (unreadable)\n");
	if (f)
		fclose(f);
}

static void group(void)
{
	int tty = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);

	printf("known group: process group %s, session %s, terminal %s",
	       rel(getpgrp()),
	       rel(getsid(0)), tty >= 0 ? "yes" : "no");
	if (tty >= 0) {
		printf(", foreground group %s", rel(tcgetpgrp(tty)));
		close(tty);
	}
	printf("\n");
}

static void fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int list[1024], n = 0;

	while (d && (e = readdir(d)) && n < 1024)
		if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d))
			list[n++] = atoi(e->d_name);
	if (d)
		closedir(d);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (list[j] < list[i]) {
				int t = list[i];

				list[i] = list[j];
				list[j] = t;
			}
	for (int i = 0; i < n; i++) {
		char path[64], target[4096], line[256], what[160];
		long long pos = -1;
		unsigned flags = 0;
		struct stat st;
		ssize_t len;
		FILE *f;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", list[i]);
		len = readlink(path, target, sizeof(target) - 1);
		if (len < 0 || fstat(list[i], &st))
			continue;
		target[len] = 0;
		snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", list[i]);
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f)) {
			sscanf(line, "pos: %lld", &pos);
			sscanf(line, "flags: %o", &flags);
		}
		if (f)
			fclose(f);
		if (strchr(target, '['))
			snprintf(what, sizeof(what), "%.*s#%d",
				 (int)(strchr(target, '[') - target), target,
				 ordinal(target));
		else if (S_ISREG(st.st_mode))
			snprintf(what, sizeof(what), "regular file #%d",
				 ordinal(target));
		else if (strncmp(target, "/dev/pts/", 9) == 0)
			snprintf(what, sizeof(what), "terminal #%d",
				 ordinal(target));
		else
			snprintf(what, sizeof(what), "%.100s", target);
		printf("fd %d: flags %#o cloexec %d pos %lld mode %#o %s\n",
		       list[i], flags, !!(fcntl(list[i], F_GETFD) & FD_CLOEXEC),
		       S_ISREG(st.st_mode) ? pos : -1, st.st_mode & S_IFMT,
		       what);
	}
}

static void signals(void)
{
	sigset_t mask, pend;
	stack_t ss;

	sigprocmask(SIG_SETMASK, NULL, &mask);
	sigpending(&pend);
	printf("blocked:");
	for (int s = 1; s < NSIG; s++)
		if (sigismember(&mask, s) == 1)
			printf(" %d", s);
	printf("\npending:");
	for (int s = 1; s < NSIG; s++)
		if (sigismember(&pend, s) == 1)
			printf(" %d", s);
	printf("\n");
	for (int s = 1; s < NSIG; s++) {
		struct sigaction sa;
		unsigned long m = 0;

		if (sigaction(s, NULL, &sa))
			continue;
		for (int t = 1; t < NSIG && t <= 64; t++)
			if (sigismember(&sa.sa_mask, t) == 1)
				m |= 1UL << (t - 1);
		printf("sig %d: %s flags %#x mask %#lx\n", s,
		       sa.sa_handler == SIG_DFL ? "default" :
		       sa.sa_handler == SIG_IGN ? "ignore" : "handler",
		       (unsigned)sa.sa_flags, m);
	}
	sigaltstack(NULL, &ss);
	printf("altstack: flags %d size %zu\n", ss.ss_flags, ss.ss_size);
}

static void sched(void)
{
	struct {
		uint32_t size, policy;
		uint64_t flags;
		int32_t nice;
		uint32_t priority;
		uint64_t runtime, deadline, period;
		uint32_t util_min, util_max;
	} a = { 0 };

	if (syscall(SYS_sched_getattr, 0, &a, sizeof(a), 0) == 0)
		printf("sched_getattr: policy %u flags %#llx nice %d priority "
		       "%u runtime %llu deadline %llu period %llu util %u-%u\n",
		       a.policy, (unsigned long long)a.flags, a.nice,
		       a.priority, (unsigned long long)a.runtime,
		       (unsigned long long)a.deadline,
		       (unsigned long long)a.period, a.util_min, a.util_max);
	else
		printf("sched_getattr: %s\n", strerror(errno));
	errno = 0;
	printf("nice: %d\n", getpriority(PRIO_PROCESS, 0));
	printf("ioprio: %ld\n", syscall(SYS_ioprio_get, 1, 0));
}

/* A prctl that reads into its second argument, or returns the value. */
static void pr(const char *name, int op, unsigned long a2)
{
	int v = 0;
	long r;

	errno = 0;
	r = a2 == 1 ? prctl(op, &v, 0, 0, 0) : prctl(op, a2, 0, 0, 0);
	if (r < 0)
		printf("prctl %s: %s\n", name, strerror(errno));
	else if (a2 == 1)
		printf("prctl %s: %d\n", name, v);
	else
		printf("prctl %s: %ld\n", name, r);
}

static void prctls(void)
{
	char name[32] = "";

	pr("dumpable", PR_GET_DUMPABLE, 0);
	pr("keepcaps", PR_GET_KEEPCAPS, 0);
	pr("securebits", PR_GET_SECUREBITS, 0);
	pr("child subreaper", PR_GET_CHILD_SUBREAPER, 1);
	pr("pdeathsig", PR_GET_PDEATHSIG, 1);
	pr("thp disable", PR_GET_THP_DISABLE, 0);
	pr("mce kill", PR_MCE_KILL_GET, 0);
	pr("io flusher", 58 /* PR_GET_IO_FLUSHER */, 0);
	pr("timerslack", PR_GET_TIMERSLACK, 0);
	pr("tsc", PR_GET_TSC, 1);
	pr("fp mode", 46 /* PR_GET_FP_MODE */, 0);
	pr("timing", PR_GET_TIMING, 0);
	pr("mdwe", 66 /* PR_GET_MDWE */, 0);
	pr("memory merge", 68 /* PR_GET_MEMORY_MERGE */, 0);
	pr("tagged addr ctrl", 56 /* PR_GET_TAGGED_ADDR_CTRL */, 0);
	printf("known ");
	pr("no_new_privs", PR_GET_NO_NEW_PRIVS, 0);
	for (int w = 0; w < 4; w++) {
		errno = 0;
		printf("prctl speculation %d: %d\n", w,
		       prctl(PR_GET_SPECULATION_CTRL, w, 0, 0, 0));
	}
	prctl(PR_GET_NAME, name);
	printf("prctl name: %s\n", name);
	printf("ambient:");
	for (int c = 0; c < 64; c++) {
		int r = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0);

		if (r < 0)
			break;
		if (r)
			printf(" %d", c);
	}
	printf("\n");
	{
		struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
		struct __user_cap_data_struct d[2];

		if (syscall(SYS_capget, &h, d) == 0)
			printf("capget: eff %08x%08x prm %08x%08x inh %08x%08x\n",
			       d[1].effective, d[0].effective, d[1].permitted,
			       d[0].permitted, d[1].inheritable,
			       d[0].inheritable);
	}
}

/* Auxiliary vector values that are no address. */
static void auxv(void)
{
	static const struct { unsigned long type; const char *name; } keep[] = {
		{ AT_HWCAP, "HWCAP" }, { AT_HWCAP2, "HWCAP2" },
		{ AT_PAGESZ, "PAGESZ" }, { AT_CLKTCK, "CLKTCK" },
		{ AT_PHENT, "PHENT" }, { AT_PHNUM, "PHNUM" },
		{ AT_FLAGS, "FLAGS" }, { AT_UID, "UID" }, { AT_EUID, "EUID" },
		{ AT_GID, "GID" }, { AT_EGID, "EGID" }, { AT_SECURE, "SECURE" },
		{ 51, "MINSIGSTKSZ" }, { 27, "RSEQ_FEATURE_SIZE" },
		{ 28, "RSEQ_ALIGN" },
	};

	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		errno = 0;
		unsigned long v = getauxval(keep[i].type);

		printf("auxv %s: %s%#lx\n", keep[i].name,
		       errno ? "absent " : "", v);
	}
	{
		const char *plat = (const char *)getauxval(AT_PLATFORM);

		printf("auxv PLATFORM: %s\n", plat ? plat : "absent");
	}
}

/* Mounts of the kernel's own file systems: a recorder that mounts one
 * (tracefs, debugfs, bpf) shows there. */
static void mounts(void)
{
	char line[4096];
	FILE *f = fopen("/proc/self/mountinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - "), mnt[1024], type[64];

		if (!sep || sscanf(line, "%*s %*s %*s %*s %1023s", mnt) != 1 ||
		    sscanf(sep + 3, "%63s", type) != 1)
			continue;
		if (!strcmp(type, "tracefs") || !strcmp(type, "debugfs") ||
		    !strcmp(type, "bpf") || !strncmp(type, "cgroup", 6) ||
		    !strcmp(type, "securityfs") || !strcmp(type, "configfs"))
			printf("mount %s %s\n", type, mnt);
	}
	if (f)
		fclose(f);
}

static void snapshot(const char *title, char **argv)
{
	static const char *const ns[] = { "cgroup", "ipc", "mnt", "net", "pid",
					  "pid_for_children", "time",
					  "time_for_children", "user", "uts" };
	struct itimerval it;
	char buf[4096];
	mode_t um = umask(0);

	umask(um);
	nseen = 0;
	printf("== %s\n", title);
	for (int i = 0; argv[i]; i++)
		printf("argv %d: %s\n", i, argv[i]);
	for (char **e = environ; *e; e++)
		printf("env: %s\n", *e);
	printf("umask: %04o\n", um);
	printf("cwd: %s\n", getcwd(buf, sizeof(buf)) ? buf : strerror(errno));
	link_line("root", "/proc/self/root");
	link_line("exe", "/proc/self/exe");
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		char p[64], l[64];

		snprintf(p, sizeof(p), "/proc/self/ns/%s", ns[i]);
		snprintf(l, sizeof(l), "ns %s", ns[i]);
		link_line(l, p);
	}
	status();
	stat_fields();
	file_line("limits", "/proc/self/limits");
	file_line("cgroup", "/proc/self/cgroup");
	autogroup();
	file_line("oom_score_adj", "/proc/self/oom_score_adj");
	file_line("coredump_filter", "/proc/self/coredump_filter");
	file_line("timerslack_ns", "/proc/self/timerslack_ns");
	file_line("loginuid", "/proc/self/loginuid");
	file_line("sessionid", "/proc/self/sessionid");
	file_line("uid_map", "/proc/self/uid_map");
	file_line("gid_map", "/proc/self/gid_map");
	file_line("setgroups", "/proc/self/setgroups");
	file_line("personality", "/proc/self/personality");
	file_line("attr", "/proc/self/attr/current");
	file_line("comm", "/proc/self/comm");
	mounts();
	sched();
	prctls();
	auxv();
	signals();
	getitimer(ITIMER_REAL, &it);
	printf("itimer real: %s\n", it.it_value.tv_sec || it.it_value.tv_usec ? "armed" : "off");
	getitimer(ITIMER_VIRTUAL, &it);
	printf("itimer virtual: %s\n", it.it_value.tv_sec || it.it_value.tv_usec ? "armed" : "off");
	getitimer(ITIMER_PROF, &it);
	printf("itimer prof: %s\n", it.it_value.tv_sec || it.it_value.tv_usec ? "armed" : "off");
	group();
	fds();
	fflush(stdout);
}

/* A thread's own state: its status and stat, scheduling, prctl values,
 * signal mask. */
static void *thread(void *arg)
{
	(void)arg;
	self = "/proc/thread-self";
	printf("== thread\n");
	status();
	stat_fields();
	sched();
	prctls();
	signals();
	fflush(stdout);
	return NULL;
}

int main(int argc, char **argv)
{
	pid_t pid;
	int st;

	if (argc == 2 && strcmp(argv[1], "exec") == 0) {
		snapshot("exec", argv);
		return 0;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: fid_state [exec]\n");
		return 2;
	}
	snapshot("start", argv);
	{
		pthread_t t;

		if (pthread_create(&t, NULL, thread, NULL) == 0)
			pthread_join(t, NULL);
		else
			printf("== thread: cannot create\n");
	}
	pid = fork();
	if (pid == 0) {
		char *args[] = { argv[0], "exec", NULL };

		snapshot("fork", argv);
		execv("/proc/self/exe", args);
		perror("fid_state: exec");
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	printf("== end: %s %d\n", WIFEXITED(st) ? "exit" : "signal",
	       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	return 0;
}
