/* output/calllog.c: strace's output and the kernel's audit records read
 * back as calls.  The lines are strace 5.x's and the kernel's formats as
 * they print them (workflows.sh reads real ones, made by the test). */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "core/array.h"
#include "core/syscall.h"
#include "output/calllog.h"

#define MAXCALLS 64

struct got {
	struct sp_logged_call c[MAXCALLS];
	size_t n;
	/* strace -k's frames: "module symbol offset", and how many calls
	 * had been handed out before each. */
	char frame[8][96];
	size_t frame_after[8];
	size_t nframes;
};

static int keep(void *ctx, const struct sp_logged_call *c)
{
	struct got *g = ctx;

	cr_assert_lt(g->n, MAXCALLS);
	g->c[g->n++] = *c;
	return 0;
}

static int keep_frame(void *ctx, const char *module, const char *symbol,
		      uint64_t offset)
{
	struct got *g = ctx;

	if (g->nframes < ARRAY_SIZE(g->frame)) {
		g->frame_after[g->nframes] = g->n;
		snprintf(g->frame[g->nframes++], sizeof(g->frame[0]),
			 "%s %s %#llx", module, symbol ? symbol : "-",
			 (unsigned long long)offset);
	}
	return 0;
}

static const struct sp_logged_call *find(const struct got *g, long nr,
					 size_t nth)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->c[i].ev.nr == nr && !nth--)
			return &g->c[i];
	return NULL;
}

static const char *exe_of(const struct sp_trace *t,
			  const struct sp_logged_call *c)
{
	return c && c->ev.exe < t->nexes ? t->exes[c->ev.exe] : "(none)";
}

/* Reads text, one file of strace's output (or of audit records), into t
 * and g to the end; st (may be NULL) gets what the reader counted. */
static int read_log(struct sp_trace *t, struct got *g, const char *text,
		    pid_t pid, bool audit, struct sp_log_stats *st)
{
	struct sp_log_reader r;
	struct sp_diag d = { 0 };
	int rc;

	sp_log_reader_init(&r, t, keep, g);
	r.frame_fn = keep_frame;
	t->end = SP_END_UNKNOWN;
	rc = audit ? sp_audit_read(&r, "log", text, strlen(text), &d) :
		     sp_strace_read(&r, "log", text, strlen(text), pid, &d);
	if (!rc)
		rc = sp_log_reader_finish(&r);
	if (st)
		*st = r.st;
	sp_log_reader_fini(&r);
	return rc;
}

static int read_strace(struct sp_trace *t, struct got *g, const char *text,
		       pid_t pid)
{
	return read_log(t, g, text, pid, false, NULL);
}

Test(strace, arguments_by_constant_and_number)
{
	static const char log[] =
		"execve(\"/bin/app\", [\"app\", \"-v\"], 0x7ffd /* 3 vars */) = 0\n"
		"socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 3\n"
		"mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f\n"
		"ioctl(1, SNDCTL_TMR_TIMEBASE or TCGETS, 0x7ffc) = -1 ENOTTY (Inappropriate ioctl for device)\n"
		"ioctl(3, 0x5401 /* TCGETS */, 0x7ffc) = 0\n"
		"openat(AT_FDCWD, \"a, (b)\", O_RDONLY|O_CLOEXEC) = 3\n"
		"prctl(PR_SET_NAME, \"x\") = 0\n"
		"fcntl(3, F_WIBBLE) = 0\n"
		"exit_group(0)                           = ?\n"
		"+++ exited with 3 +++\n";
	struct sp_trace *t = sp_trace_new();
	struct got g = { 0 };
	const struct sp_logged_call *c;

	cr_assert_eq(read_strace(t, &g, log, 0), 0);
	cr_assert_eq(g.n, 9);
	c = find(&g, SYS_socket, 0);
	cr_assert_eq(c->known, 0x7);
	cr_assert_eq(c->ev.args[0], AF_INET);
	cr_assert_eq(c->ev.args[1], SOCK_STREAM | SOCK_CLOEXEC);
	cr_assert_eq(c->ev.args[2], 6);
	c = find(&g, SYS_mmap, 0);
	cr_assert_eq(c->ev.args[2], PROT_READ | PROT_WRITE);
	cr_assert_eq(c->ev.args[3], MAP_PRIVATE | MAP_ANONYMOUS);
	cr_assert_eq(c->ev.args[4], (uint64_t)-1);
	cr_assert_eq(find(&g, SYS_ioctl, 0)->ev.args[1], 0x5401);
	cr_assert_eq(find(&g, SYS_ioctl, 1)->ev.args[1], 0x5401);
	/* A comma and parentheses inside a string do not split it. */
	c = find(&g, SYS_openat, 0);
	cr_assert(c->known & 4);
	cr_assert_eq(c->ev.args[2], 02000000);
	/* A name sandprint does not know: that argument is not known. */
	cr_assert_eq(find(&g, SYS_fcntl, 0)->known & 2, 0);
	cr_assert_str_eq(exe_of(t, find(&g, SYS_socket, 0)), "/bin/app");
	cr_assert_str_eq(exe_of(t, find(&g, SYS_execve, 0)), "/bin/app");
	cr_assert_str_eq(t->argv[0], "app");
	cr_assert_str_eq(t->argv[1], "-v");
	cr_assert_eq(t->end, SP_END_EXITED);
	cr_assert_eq(t->status, 3);
	sp_trace_free(t);
}

/* strace -f to a terminal: "[pid N]" prefixes, timestamps, durations,
 * calls cut by another task's, a thread that shows up before the clone
 * that made it returns, and a child killed in a call. */
Test(strace, tasks_threads_and_unfinished_calls)
{
	static const char log[] =
		"10:00:00.000001 execve(\"/bin/srv\", [\"srv\"], 0x1 /* 1 var */) = 0 <0.000100>\n"
		"10:00:00.000002 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x1, parent_tid=0x1, exit_signal=0, stack=0x1, stack_size=0x1, tls=0x1} <unfinished ...>\n"
		"[pid   101] 10:00:00.000003 gettid( <unfinished ...>\n"
		"[pid   100] 10:00:00.000004 <... clone3 resumed> => {parent_tid=[101]}, 88) = 101 <0.000050>\n"
		"[pid   101] 10:00:00.000005 <... gettid resumed>) = 101\n"
		"[pid   100] 10:00:00.000006 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x1) = 102\n"
		"[pid   102] 10:00:00.000007 execve(\"/bin/helper\", [\"helper\"], 0x1 /* 1 var */) = 0\n"
		"[pid   102] 10:00:00.000008 read(0,  <unfinished ...>\n"
		"[pid   102] 10:00:00.000009 +++ killed by SIGKILL +++\n"
		"[pid   100] 10:00:00.000010 --- SIGCHLD {si_signo=SIGCHLD} ---\n"
		"[pid   100] 10:00:00.000011 +++ killed by SIGSEGV (core dumped) +++\n";
	struct sp_trace *t = sp_trace_new();
	struct got g = { 0 };
	const struct sp_logged_call *c;

	cr_assert_eq(read_strace(t, &g, log, 0), 0);
	c = find(&g, SYS_gettid, 0);
	cr_assert_not_null(c);
	cr_assert_eq(c->ev.tid, 101);
	cr_assert_eq(c->ev.tgid, 100, "the thread's process");
	cr_assert_str_eq(exe_of(t, c), "/bin/srv");
	c = find(&g, SYS_clone, 0);
	cr_assert_eq(c->ev.args[0], CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID |
					    SIGCHLD);
	cr_assert_eq(c->known, 1, "clone's flags only");
	/* The helper's read was made, though it never returned. */
	c = find(&g, SYS_read, 0);
	cr_assert_not_null(c);
	cr_assert_str_eq(exe_of(t, c), "/bin/helper");
	cr_assert_eq(c->ev.tgid, 102);
	cr_assert_str_eq(exe_of(t, find(&g, SYS_execve, 1)), "/bin/srv",
			 "an exec is the caller's");
	cr_assert_eq(t->end, SP_END_SIGNALED);
	cr_assert_eq(t->status, SIGSEGV);
	/* Images: srv (100), helper's fork (102, srv), then its exec. */
	cr_assert_eq(t->nprocs, 3);
	cr_assert_eq(t->procs[1].pid, 102);
	cr_assert_eq(t->procs[1].ppid, 100);
	sp_trace_free(t);
}

/* Every prefix strace puts before a call: -f's pid, -tt's time, -n's
 * number, -i's address (all '?' on a line of no call), -Y's command
 * name after the pid; -k's frames after
 * it; -X verbose's numbers with their names in comments; names strace
 * prints that argnames.def does not know (O_LARGEFILE is 0 in glibc's
 * x86_64 headers, not what the kernel saw), an ioctl request it has no
 * name for ("_IOC(...)"). */
Test(strace, prefixes_frames_and_verbose_values)
{
	static const char log[] =
		"9955  16:12:53.584132 [  59] [00007fde68b82ad7] execve(\"/bin/w\", [\"w\"], 0x7ffc /* 37 vars */) = 0\n"
		" > /usr/lib/x86_64-linux-gnu/libc.so.6(execve+0x7) [0xd7ad7]\n"
		"9955  16:12:53.584200 [  41] [00007f8958da8c47] socket(0xa /* AF_INET6 */, 0x1 /* SOCK_STREAM */|0x80000 /* SOCK_CLOEXEC */, 0) = 3\n"
		"9955  16:12:53.584300 [  56] [00007f8958da8c48] clone(child_stack=NULL, flags=0x1200000 /* CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID */|17 /* SIGCHLD */, child_tidptr=0x7f7e27a29a10) = 9956\n"
		"9955  16:12:53.584400 [  41] [00007f8958da8c49] socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = 4\n"
		"9955  16:12:53.584500 [ 257] [00007f8958da8c4a] openat(AT_FDCWD, \"/x\", O_RDONLY|O_LARGEFILE|O_CLOEXEC) = 5\n"
		"9955  16:12:53.584510 [  16] [00007f8958da8c4b] ioctl(3, _IOC(_IOC_READ|_IOC_WRITE, 0x99, 0x1, 0x10), 0x7fff70957310) = -1 ENOTTY (Inappropriate ioctl for device)\n"
		"9955  16:12:53.584520 [ 291] [00007f8958da8c4c] epoll_create1(EPOLL_CLOEXEC) = 6\n"
		"9955  16:12:53.584530 [  54] [00007f8958da8c4d] setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0\n"
		"9955<w> 16:12:53.584540 [  39] [00007f8958da8c4e] getpid() = 9955\n"
		"9955  16:12:53.584600 [ 231] [????????????????] +++ exited with 4 +++\n";
	struct sp_trace *t = sp_trace_new();
	struct sp_log_stats st;
	struct got g = { 0 };
	const struct sp_logged_call *c;

	cr_assert_eq(read_log(t, &g, log, 0, false, &st), 0);
	cr_assert_eq(st.skipped, 0);
	cr_assert_eq(st.calls, 9);
	cr_assert_eq(find(&g, SYS_getpid, 0)->ev.tid, 9955, "-Y's pid<comm>");
	c = find(&g, SYS_ioctl, 0);
	cr_assert(c->known & 2);
	cr_assert_eq(c->ev.args[1], 0xc0109901);
	c = find(&g, SYS_epoll_create1, 0);
	cr_assert_eq(c->known, 1);
	cr_assert_eq(c->ev.args[0], 02000000, "EPOLL_CLOEXEC");
	c = find(&g, SYS_setsockopt, 0);
	cr_assert(c->known & 2);
	cr_assert_eq(c->ev.args[1], 6, "SOL_TCP");
	c = find(&g, SYS_socket, 0);
	cr_assert_eq(c->known, 7);
	cr_assert_eq(c->ev.args[0], AF_INET6);
	cr_assert_eq(c->ev.args[1], SOCK_STREAM | SOCK_CLOEXEC);
	c = find(&g, SYS_clone, 0);
	cr_assert_eq(c->ev.args[0], 0x1200000 | SIGCHLD);
	c = find(&g, SYS_socket, 1);
	cr_assert_eq(c->known, 7);
	cr_assert_eq(c->ev.args[2], 0, "NETLINK_ROUTE");
	c = find(&g, SYS_openat, 0);
	cr_assert(c->known & 4);
	cr_assert_eq(c->ev.args[2], 0100000 | O_CLOEXEC);
	cr_assert_eq(t->end, SP_END_EXITED);
	cr_assert_eq(t->status, 4);
	sp_trace_free(t);
}

/* strace -k: the frames after a call's line (its last part's, for one
 * <unfinished ...>) are that call's, innermost first, "MODULE() [..]"
 * without a symbol; a line libunwind could not make is passed over, and
 * frames after no call's line (the exit's) go nowhere.  newfstatat, an
 * x86_64 call only, tells the arch: calls are not held for it. */
Test(strace, k_frames_follow_their_call)
{
	static const char log[] =
		"100   execve(\"/opt/app\", [\"app\"], 0x7ffc /* 1 var */) = 0\n"
		"100   newfstatat(AT_FDCWD, \"/x\", 0x7fff0000, 0) = -1 ENOENT (No such file or directory)\n"
		"100   mount(\"none\", \"/mnt\", \"tmpfs\", 0, NULL) = -1 EPERM (Operation not permitted)\n"
		" > /lib/libc.so.6(mount+0xb) [0x1018ab]\n"
		" > /opt/app() [0x1100]\n"
		" > unexpected_backtracing_error [0x7f0000001000]\n"
		" > /opt/app(main+0x1b) [0x11cd]\n"
		"100   getpid() = 100\n"
		"100   read(0, <unfinished ...>\n"
		"101   getppid() = 100\n"
		"100   <... read resumed>\"\", 1) = 0\n"
		" > /lib/libc.so.6(read+0x10) [0x20010]\n"
		"100   +++ exited with 0 +++\n"
		" > /lib/libc.so.6(_exit+0x1) [0x30001]\n";
	struct sp_trace *t = sp_trace_new();
	struct got g = { 0 };

	cr_assert_eq(read_log(t, &g, log, 0, false, NULL), 0);
	cr_assert_eq(g.n, 6);
	cr_assert_eq(g.nframes, 4, "%zu frames", g.nframes);
	cr_assert_str_eq(g.frame[0], "/lib/libc.so.6 mount 0x1018ab");
	cr_assert_str_eq(g.frame[1], "/opt/app - 0x1100");
	cr_assert_str_eq(g.frame[2], "/opt/app main 0x11cd");
	cr_assert_eq(g.c[g.frame_after[0] - 1].ev.nr, SYS_mount);
	cr_assert_eq(g.frame_after[2], g.frame_after[0]);
	cr_assert_str_eq(g.frame[3], "/lib/libc.so.6 read 0x20010");
	cr_assert_eq(g.c[g.frame_after[3] - 1].ev.nr, SYS_read);
	sp_trace_free(t);
}

/* strace -f to stderr (strace ... 2>log): its "Process N attached" cuts
 * a call's line in two; the pid prefixes stop when one task is left,
 * whose lines (and end) are then unprefixed; the main task's pid, first
 * unknown, is learnt from its first prefixed line.  -C's table of counts
 * after the end is no task's; -c's alone shows no call. */
Test(strace, terminal_output_cut_by_messages)
{
	static const char log[] =
		"execve(\"/bin/w\", [\"w\"], 0x7ffc /* 37 vars */) = 0\n"
		"clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLDstrace: Process 20191 attached\n"
		", child_tidptr=0x7ff2520bda10) = 20191\n"
		"[pid 20191<w 1>] set_robust_list(0x7ff2520bda20, 24) = 0\n"
		"[pid 20186] futex(0x7ff2520bc990, FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, 20187, NULL, FUTEX_BITSET_MATCH_ANY <unfinished ...>\n"
		"strace: Process 20192 attached\n"
		"[pid 20191] +++ exited with 0 +++\n"
		"<... futex resumed>)                    = 0\n"
		"getpid()                                = 20186\n"
		"+++ exited with 3 +++\n"
		"% time     seconds  usecs/call     calls    errors syscall\n"
		"------ ----------- ----------- --------- --------- ----------------\n"
		" 61.54    0.000008           8         1           futex\n"
		"  0.00    0.000000           0         1           getpid\n"
		"------ ----------- ----------- --------- --------- ----------------\n"
		"100.00    0.000013           3         4           total\n";
	static const char summary[] =
		"% time     seconds  usecs/call     calls    errors syscall\n"
		"------ ----------- ----------- --------- --------- ----------------\n"
		"100.00    0.000008           8         1           futex\n"
		"------ ----------- ----------- --------- --------- ----------------\n"
		"100.00    0.000008           8         1           total\n";
	struct sp_trace *t = sp_trace_new();
	struct sp_log_reader r;
	struct sp_log_stats st;
	struct sp_diag d = { 0 };
	struct got g = { 0 };
	const struct sp_logged_call *c;

	cr_assert_eq(read_log(t, &g, log, 0, false, &st), 0);
	cr_assert_eq(st.skipped, 0);
	cr_assert_eq(st.calls, 5);
	c = find(&g, SYS_clone, 0);
	cr_assert_eq(c->known, 1);
	cr_assert_eq(c->ev.args[0], CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID |
					    SIGCHLD);
	c = find(&g, SYS_futex, 0);
	cr_assert_eq(c->ev.tid, 20186);
	cr_assert(c->known & 2, "the futex put back together");
	cr_assert_null(find(&g, SYS_futex, 1));
	cr_assert_eq(find(&g, SYS_getpid, 0)->ev.tid, 20186);
	cr_assert_eq(t->end, SP_END_EXITED);
	cr_assert_eq(t->status, 3);
	cr_assert_eq(t->nprocs, 2);
	cr_assert_eq(t->procs[0].pid, 20186);
	cr_assert_eq(t->procs[1].pid, 20191);
	cr_assert_eq(t->procs[1].ppid, 20186);
	sp_trace_free(t);

	t = sp_trace_new();
	sp_log_reader_init(&r, t, keep, &g);
	cr_assert_eq(sp_strace_read(&r, "c.log", summary, strlen(summary), 0,
				    &d), -EINVAL);
	cr_assert(strstr(d.msg, "strace -c"), "%s", d.msg);
	sp_log_reader_fini(&r);
	sp_trace_free(t);
}

/* strace -f -o writes no "[ Process PID=N runs in 32 bit mode. ]": a
 * 32-bit program's calls (strace 6.1's lines of one built with gcc -m32,
 * which forks a child that closes a file and exits, and another that
 * execs a 64-bit one) are known for i386's by a name only i386 has
 * (mmap2), the calls before it too; a child that shows nothing is its
 * parent's arch; an exec'd 64-bit program shows its own (newfstatat).
 * i386's socket may be socketcall(SYS_SOCKET, ...) or its own call
 * (strace prints both alike): it is both. */
Test(strace, arch_of_a_32_bit_program_without_its_message)
{
	static const char log[] =
		"28925 execve(\"./w32\", [\"./w32\", \"/tmp/qa/w64\"], 0x7fff66c027c0 /* 37 vars */) = 0\n"
		"28925 brk(NULL)                         = 0x581ff000\n"
		"28925 mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xf7f08000\n"
		"28925 socket(AF_UNIX, SOCK_DGRAM, 0)  = 3\n"
		"28925 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0xf7f095e8) = 28929\n"
		"28929 close(3) = 0\n"
		"28929 exit_group(0) = ?\n"
		"28929 +++ exited with 0 +++\n"
		"28925 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0xf7f095e8) = 28930\n"
		"28930 execve(\"/tmp/qa/w64\", [\"/tmp/qa/w64\"], 0xffbde060 /* 37 vars */) = 0\n"
		"28930 brk(NULL)                         = 0x5604cb78e000\n"
		"28930 newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=53127, ...}, AT_EMPTY_PATH) = 0\n"
		"28930 +++ exited with 0 +++\n"
		"28925 exit_group(0) = ?\n"
		"28925 +++ exited with 0 +++\n";
	struct sp_trace *t = sp_trace_new();
	struct got g = { 0 };
	int64_t brk32, close32, exit32, execve32, socketcall32;
	const struct sp_logged_call *c;

	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, "brk", &brk32), 0);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, "close", &close32), 0);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, "exit_group", &exit32), 0);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, "execve", &execve32), 0);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, "socketcall", &socketcall32), 0);
	cr_assert_eq(read_strace(t, &g, log, 0), 0);
	for (size_t i = 0; i < g.n; i++) {
		c = &g.c[i];
		/* strace's child, before its exec, and the 64-bit program
		 * are x86_64's; the rest i386's. */
		bool native = (c->ev.tid == 28925 && c->ev.nr == SYS_execve) ||
			      (c->ev.tid == 28930 && c->ev.nr != execve32);

		cr_assert_eq(c->ev.arch, native ? SP_ARCH_X86_64 : SP_ARCH_X86,
			     "call %zu (nr %lld, task %d)", i,
			     (long long)c->ev.nr, (int)c->ev.tid);
	}
	cr_assert_eq(g.n, 13);
	c = find(&g, socketcall32, 0);
	cr_assert_not_null(c);
	cr_assert_eq(c->known, 1);
	cr_assert_eq(c->ev.args[0], 1, "SYS_SOCKET");
	c = find(&g, 359, 0);
	cr_assert_not_null(c, "i386's own socket");
	cr_assert_eq(c->known, 7);
	cr_assert_eq(c->ev.args[0], AF_UNIX);
	cr_assert_not_null(find(&g, brk32, 0));
	cr_assert_not_null(find(&g, close32, 0), "the child's own");
	cr_assert_not_null(find(&g, exit32, 0));
	cr_assert_not_null(find(&g, execve32, 0), "the 32-bit exec");
	cr_assert_not_null(find(&g, SYS_brk, 0), "the 64-bit program's");
	sp_trace_free(t);
}

/* strace -qq -f to stderr logs no task's end: when the prefixes stop,
 * the lines are the first task's. */
Test(strace, terminal_output_without_ends)
{
	static const char log[] =
		"execve(\"/bin/w\", [\"w\"], 0x7ffc /* 37 vars */) = 0\n"
		"clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7ff2520bda10) = 30181\n"
		"[pid 30181] exit_group(0)               = ?\n"
		"[pid 30180] wait4(30181, NULL, 0, NULL) = 30181\n"
		"getpid()                                = 30180\n"
		"exit_group(0)                           = ?\n";
	struct sp_trace *t = sp_trace_new();
	struct got g = { 0 };

	cr_assert_eq(read_strace(t, &g, log, 0), 0);
	cr_assert_eq(g.n, 6);
	cr_assert_eq(find(&g, SYS_getpid, 0)->ev.tid, 30180);
	cr_assert_eq(find(&g, SYS_exit_group, 1)->ev.tid, 30180);
	sp_trace_free(t);
}

Test(strace, personality_and_unknown_lines)
{
	static const char log[] =
		"1234  execve(\"./x\", [\"./x\"], 0x1 /* 1 var */) = 0\n"
		"[ Process PID=1234 runs in 32 bit mode. ]\n"
		"1234  getuid32()                        = 0\n"
		"hello from the program\n"
		"1234  frobnicate(1, 2) = 0\n";
	struct sp_trace *t = sp_trace_new();
	struct sp_log_reader r;
	struct sp_diag d = { 0 };
	struct got g = { 0 };
	int64_t nr;

	sp_log_reader_init(&r, t, keep, &g);
	cr_assert_eq(sp_strace_read(&r, "log", log, strlen(log), 0, &d), 0);
	cr_assert_eq(r.st.calls, 2);
	cr_assert_eq(r.st.unnamed, 1);
	cr_assert_eq(r.st.skipped, 1);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86, "getuid32", &nr), 0);
	cr_assert_eq(g.c[1].ev.arch, SP_ARCH_X86);
	cr_assert_eq(g.c[1].ev.nr, nr);
	cr_assert_eq(sp_strace_read(&r, "empty", "hello\n", 6, 0, &d), -EINVAL);
	cr_assert_str_eq(d.file, "empty");
	sp_log_reader_fini(&r);
	sp_trace_free(t);
}

/* strace prints a number no libseccomp name has as the register whole;
 * a filter (and a recording) sees its low 32 bits as an int. */
Test(strace, unnamed_numbers_as_the_filter_saw_them)
{
	static const char log[] =
		"syscall_0xffffffffffffffff(0x1, 0x2) = -1 ENOSYS (Function not implemented)\n"
		"syscall_0x3e7(0x1) = -1 ENOSYS (Function not implemented)\n"
		"syscall_0x1ffffffffffffffff(0x1) = -1 ENOSYS (Function not implemented)\n";
	struct sp_trace *t = sp_trace_new();
	struct got g = { 0 };

	cr_assert_eq(read_strace(t, &g, log, 0), 0);
	cr_assert_eq(g.n, 2);
	cr_assert_eq(g.c[0].ev.nr, -1);
	cr_assert_eq(g.c[0].ev.arch, SP_ARCH_X86_64);
	cr_assert_eq(g.c[1].ev.nr, 999);
	sp_trace_free(t);
}

/* The kernel logs a negative number (syscall(-1) killed) as it is. */
Test(audit, negative_numbers_kept)
{
	static const char log[] =
		"type=SECCOMP msg=audit(1796528496.820:9): auid=0 uid=0 gid=0 ses=1 pid=7 comm=\"x\" exe=\"/x\" sig=31 arch=c000003e syscall=-1 compat=0 ip=0x1 code=0x80000000\n";
	struct sp_trace *t = sp_trace_new();
	struct sp_log_reader r;
	struct sp_diag d = { 0 };
	struct got g = { 0 };

	sp_log_reader_init(&r, t, keep, &g);
	cr_assert_eq(sp_audit_read(&r, "log", log, strlen(log), &d), 0);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.c[0].ev.nr, -1);
	cr_assert_eq(g.c[0].ev.arch, SP_ARCH_X86_64);
	sp_log_reader_fini(&r);
	sp_trace_free(t);
}

/* dmesg's, journalctl's and audit.log's forms of the same record; the
 * exe in hex, as audit writes a path with a blank. */
Test(audit, records_in_every_form_counted_once)
{
	static const char log[] =
		"[ 2558.671792] audit: type=1326 audit(1796528496.819:101758): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=23251 comm=\"km\" exe=\"/tmp/km\" sig=0 arch=c000003e syscall=248 compat=0 ip=0x7f19077bc829 code=0x7ffc0000\n"
		"Dec 06 03:00:00 host kernel: audit: type=1326 audit(1796528496.819:101758): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=23251 comm=\"km\" exe=\"/tmp/km\" sig=0 arch=c000003e syscall=248 compat=0 ip=0x7f19077bc829 code=0x7ffc0000\n"
		"[ 2558.700000] eth0: link up\n"
		"type=SECCOMP msg=audit(1796528496.820:101760): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=23252 comm=\"a b\" exe=2F746D702F612062 sig=31 arch=40000003 syscall=1 compat=1 ip=0x1 code=0x80000000\n";
	struct sp_trace *t = sp_trace_new();
	struct sp_log_reader r;
	struct sp_diag d = { 0 };
	struct got g = { 0 };

	sp_log_reader_init(&r, t, keep, &g);
	cr_assert(sp_log_is_audit(log, strlen(log)));
	cr_assert_eq(sp_audit_read(&r, "log", log, strlen(log), &d), 0);
	cr_assert_eq(g.n, 2);
	cr_assert_eq(g.c[0].ev.nr, SYS_add_key);
	cr_assert_eq(g.c[0].ev.arch, SP_ARCH_X86_64);
	cr_assert_eq(g.c[0].known, 0);
	cr_assert_str_eq(exe_of(t, &g.c[0]), "/tmp/km");
	/* i386's exit (1), by a path with a blank. */
	cr_assert_eq(g.c[1].ev.arch, SP_ARCH_X86);
	cr_assert_eq(g.c[1].ev.nr, 1);
	cr_assert_eq(g.c[1].ev.tgid, 23252);
	cr_assert_str_eq(exe_of(t, &g.c[1]), "/tmp/a b");
	cr_assert_eq(t->nprocs, 2);
	/* The same records again, from another log: nothing new. */
	cr_assert_eq(sp_audit_read(&r, "log2", log, strlen(log), &d), 0);
	cr_assert_eq(g.n, 2);
	cr_assert_eq(sp_audit_read(&r, "none", "x\n", 2, &d), -EINVAL);
	sp_log_reader_fini(&r);
	sp_trace_free(t);
}

/* ausearch -i's form: the arch and the call by name (unknown-syscall(N)
 * for a number auparse has no name for), the exe as it is, blanks and
 * all. */
Test(audit, interpreted_records)
{
	static const char log[] =
		"----\n"
		"type=SECCOMP msg=audit(12/06/2026 03:00:00.819:101758) : auid=unset uid=root gid=root ses=unset subj=unconfined pid=23251 comm=km exe=/tmp/km sig=SIGSYS arch=x86_64 syscall=add_key compat=0 ip=0x7f19077bc829 code=kill\n"
		"----\n"
		"type=SECCOMP msg=audit(12/06/2026 03:00:00.820:101759) : auid=unset uid=root gid=root ses=unset pid=23252 comm=km32 exe=/tmp/a b sig=SIGSYS arch=i386 syscall=socketcall compat=1 ip=0xf7f1 code=kill\n"
		"type=SECCOMP msg=audit(12/06/2026 03:00:00.821:101760) : auid=unset pid=23251 comm=km exe=/tmp/km sig=0 arch=x86_64 syscall=unknown-syscall(999) compat=0 ip=0x7f19077bc829 code=log\n";
	static const char bad[] =
		"type=SECCOMP msg=audit(1.2:3): pid=1 exe=\"/x\" arch=c000003e syscall=frobnicate compat=0\n";
	struct sp_trace *t = sp_trace_new();
	struct sp_log_reader r;
	struct sp_diag d = { 0 };
	struct got g = { 0 };

	sp_log_reader_init(&r, t, keep, &g);
	cr_assert_eq(sp_audit_read(&r, "log", log, strlen(log), &d), 0);
	cr_assert_eq(g.n, 3);
	cr_assert_eq(g.c[0].ev.nr, SYS_add_key);
	cr_assert_eq(g.c[0].ev.arch, SP_ARCH_X86_64);
	cr_assert_str_eq(exe_of(t, &g.c[0]), "/tmp/km");
	cr_assert_eq(g.c[1].ev.arch, SP_ARCH_X86);
	cr_assert_eq(g.c[1].ev.nr, 102, "i386's socketcall");
	cr_assert_str_eq(exe_of(t, &g.c[1]), "/tmp/a b");
	cr_assert_eq(g.c[2].ev.nr, 999);
	/* Records and none understood: an error at the first. */
	cr_assert_eq(sp_audit_read(&r, "bad", bad, strlen(bad), &d), -EINVAL);
	cr_assert_str_eq(d.file, "bad");
	cr_assert_eq(d.line, 1);
	cr_assert_eq(d.column, 69, "at syscall's value");
	sp_log_reader_fini(&r);
	sp_trace_free(t);
}

/* A thread's execve: strace says the leader is superseded, then resumes
 * the call under the leader's pid, whose image it is from then on; the
 * program run is the caller's own (/proc/self/exe), or fd's file for
 * execveat(fd, "", ..., AT_EMPTY_PATH), which -y names. */
Test(strace, exec_by_a_thread_and_by_fd)
{
	static const char log[] =
		"5440  execve(\"/bin/exec_thread\", [\"exec_thread\"], 0x7ffe /* 37 vars */) = 0\n"
		"5440  clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x1, parent_tid=0x1, exit_signal=0, stack=0x1, stack_size=0x7fff80, tls=0x1} => {parent_tid=[5444]}, 88) = 5444\n"
		"5444  execve(\"/proc/self/exe\", [\"exec_thread\", \"child\"], 0x7ffc /* 37 vars */ <unfinished ...>\n"
		"5440  +++ superseded by execve in pid 5444 +++\n"
		"5440  <... execve resumed>)             = 0\n"
		"5440  getpid() = 5440\n"
		"5440  execveat(3</usr/bin/true>, \"\", [\"true\"], 0x7ffc /* 37 vars */, AT_EMPTY_PATH) = 0\n"
		"5440  getuid() = 0\n"
		"5440  +++ exited with 0 +++\n";
	struct sp_trace *t = sp_trace_new();
	struct got g = { 0 };

	cr_assert_eq(read_strace(t, &g, log, 0), 0);
	cr_assert_eq(t->nprocs, 3, "the first image, the thread's exec, execveat");
	cr_assert_eq(t->procs[1].pid, 5440);
	cr_assert_str_eq(t->exes[t->procs[1].exe], "/bin/exec_thread");
	cr_assert_str_eq(t->exes[t->procs[2].exe], "/usr/bin/true");
	cr_assert_str_eq(exe_of(t, find(&g, SYS_getuid, 0)), "/usr/bin/true");
	cr_assert_eq(find(&g, SYS_execve, 1)->ev.tid, 5440);
	sp_trace_free(t);
}

/* The kernel's syscall records (audit rules ask for them): the first
 * four arguments in hex, or named by ausearch -i; a seccomp record of the
 * same event (its audit(TIME:SERIAL)) is the same call. */
Test(audit, syscall_records_with_arguments)
{
	static const char log[] =
		"[ 2558.671792] audit: type=1300 audit(1796528496.819:7): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=55d2c0a1b2c0 a2=80000 a3=0 items=1 ppid=1 pid=77 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=1 comm=\"cat\" exe=\"/usr/bin/cat\" key=(null)\n"
		"[ 2558.671800] audit: type=1326 audit(1796528496.819:7): auid=0 uid=0 gid=0 ses=1 pid=77 comm=\"cat\" exe=\"/usr/bin/cat\" sig=0 arch=c000003e syscall=257 compat=0 ip=0x7f19077bc829 code=0x7ffc0000\n"
		"type=SYSCALL msg=audit(12/06/2026 03:00:00.900:8) : arch=x86_64 syscall=socket success=yes exit=3 a0=inet a1=SOCK_STREAM|SOCK_CLOEXEC a2=ip a3=0x0 items=0 ppid=1 pid=78 comm=curl exe=/usr/bin/curl key=(null)\n"
		"type=SYSCALL msg=audit(1796528496.901:9): arch=40000003 syscall=5 success=yes exit=3 a0=804a000 a1=8000 a2=0 a3=0 items=1 ppid=1 pid=79 comm=\"x\" exe=\"/x\" key=(null)\n";
	struct sp_trace *t = sp_trace_new();
	struct got g = { 0 };

	cr_assert(sp_log_is_audit(log, strlen(log)));
	cr_assert_eq(read_log(t, &g, log, 0, true, NULL), 0);
	cr_assert_eq(g.n, 3, "the seccomp twin counted once");
	cr_assert_eq(g.c[0].ev.nr, SYS_openat);
	cr_assert_eq(g.c[0].known, 0xf);
	cr_assert_eq(g.c[0].ev.args[0], 0xffffff9c);
	cr_assert_eq(g.c[0].ev.args[2], O_CLOEXEC);
	/* ausearch -i's names: those sandprint knows are read. */
	cr_assert_eq(g.c[1].ev.nr, SYS_socket);
	cr_assert_eq(g.c[1].known & 2, 2);
	cr_assert_eq(g.c[1].ev.args[1], SOCK_STREAM | SOCK_CLOEXEC);
	cr_assert_eq(g.c[1].known & 1, 0, "auparse's 'inet' is no constant");
	/* i386's open (5) with O_LARGEFILE. */
	cr_assert_eq(g.c[2].ev.arch, SP_ARCH_X86);
	cr_assert_eq(g.c[2].ev.nr, 5);
	cr_assert_eq(g.c[2].ev.args[1], 0x8000);
	sp_trace_free(t);
}

/* An exec's relative path is from the directory its task is in: what
 * chdir made it (from the one strace started in when it was relative),
 * what fchdir made it when -y names the descriptor; a child's is its
 * parent's. */
Test(strace, relative_exec_from_the_working_directory)
{
	static const char log[] =
		"100   execve(\"./app\", [\"./app\"], 0x7ffc /* 3 vars */) = 0\n"
		"100   chdir(\"build\") = 0\n"
		"100   chdir(\"out\") = 0\n"
		"100   clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x1) = 101\n"
		"101   execve(\"./tool\", [\"tool\"], 0x7ffc /* 3 vars */) = 0\n"
		"100   fchdir(3</srv/www>) = 0\n"
		"100   execve(\"./site\", [\"site\"], 0x7ffc /* 3 vars */) = 0\n"
		"100   fchdir(4) = 0\n"
		"100   execve(\"bin/x\", [\"x\"], 0x7ffc /* 3 vars */) = 0\n";
	struct sp_trace *t = sp_trace_new();
	struct got g = { 0 };

	cr_assert_eq(read_strace(t, &g, log, 0), 0);
	cr_assert_eq(t->nexes, 4);
	cr_assert_str_eq(t->exes[0], "./app");
	cr_assert_str_eq(t->exes[1], "build/out/tool");
	cr_assert_str_eq(t->exes[2], "/srv/www/site");
	cr_assert_str_eq(t->exes[3], "bin/x", "fchdir(4): where is unknown");
	sp_trace_free(t);
}
