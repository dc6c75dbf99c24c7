#include "output/calllog.h"

#include <ctype.h>
#include <errno.h>
#include <linux/fanotify.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/ipc.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/sched.h>
#include <linux/shm.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>

#include "core/argnames.h"
#include "core/array.h"
#include "core/syscall.h"

/* ---- lines ---------------------------------------------------------- */

struct line {
	const char *s;       /* not NUL-terminated: [s, e) */
	const char *e;
	int no;              /* 1-based */
};

/* The next line of text from *at (which moves past it).  False at the
 * end. */
static bool next_line(const char **at, const char *end, struct line *l)
{
	const char *nl;

	if (*at >= end)
		return false;
	nl = memchr(*at, '\n', (size_t)(end - *at));
	l->s = *at;
	l->e = nl ? nl : end;
	if (l->e > l->s && l->e[-1] == '\r')
		l->e--;
	*at = nl ? nl + 1 : end;
	l->no++;
	return true;
}

static const char *skip_blanks(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Whether [p, e) holds one of chars. */
static bool strpbrk_n(const char *p, const char *e, const char *chars)
{
	for (; p < e; p++)
		if (strchr(chars, *p))
			return true;
	return false;
}

static bool starts(const char *p, const char *e, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(e - p) >= n && memcmp(p, word, n) == 0;
}

/* A decimal number at *p (moved past it). */
static bool number(const char **p, const char *e, long long *out)
{
	const char *q = *p;
	long long v = 0;
	bool neg = q < e && *q == '-';

	if (neg)
		q++;
	if (q >= e || !isdigit((unsigned char)*q))
		return false;
	for (; q < e && isdigit((unsigned char)*q); q++) {
		if (v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*q - '0');
	}
	*out = neg ? -v : v;
	*p = q;
	return true;
}

/* ---- tasks (strace) --------------------------------------------------- */

/* A call whose number depends on its task's arch, not known yet. */
struct held {
	struct sp_logged_call c;   /* c.ev.nr set for syscall_N, name "" */
	char name[64];
};

struct sp_log_task {
	pid_t tid, tgid, ppid;
	enum sp_arch arch;
	/* strace -o writes no "[ Process PID=N runs in 32 bit mode. ]":
	 * until the calls of the image show which arch it is, they are
	 * held.  from: the task it was forked from, whose arch it has when
	 * its own calls never show it. */
	bool arch_known;
	pid_t from;
	struct held *held;
	size_t nheld, heldcap;
	uint32_t exe;
	bool imaged;         /* a process image was recorded for it */
	bool gone;           /* "+++ exited" or "+++ killed" */
	/* The working directory, for an exec's relative path: NULL for the
	 * one strace started in (relative paths stay relative to it), else
	 * what chdir made it; lost after an fchdir the log does not name. */
	char *cwd;
	bool cwd_lost;
	char *pending;       /* an <unfinished ...> call's first part */
};


/* A task whose executable the log has not shown yet. */
#define UNKNOWN_EXE UINT32_MAX

/* k's executable in the trace: "?" when unknown. */
static int exe_index(struct sp_log_reader *S, const struct sp_log_task *k)
{
	return k->exe != UNKNOWN_EXE ? (int)k->exe :
				       sp_trace_intern_exe(S->t, "?");
}

static size_t slot_of(const struct sp_log_reader *S, pid_t tid)
{
	size_t i = ((size_t)(uint32_t)tid * 0x9e3779b1u) & (S->cap - 1);

	while (S->tasks[i].tid && S->tasks[i].tid != tid)
		i = (i + 1) & (S->cap - 1);
	return i;
}

static int grow_tasks(struct sp_log_reader *S)
{
	struct sp_log_task *old = S->tasks;
	size_t ocap = S->cap;

	S->cap = ocap ? ocap * 2 : 64;
	S->tasks = calloc(S->cap, sizeof(*S->tasks));
	if (!S->tasks) {
		S->tasks = old;
		S->cap = ocap;
		return -ENOMEM;
	}
	for (size_t i = 0; i < ocap; i++)
		if (old[i].tid)
			S->tasks[slot_of(S, old[i].tid)] = old[i];
	free(old);
	return 0;
}

static int image(struct sp_log_reader *S, struct sp_log_task *k);
static const char *pending_fork(const struct sp_log_task *k);

/* The task of tid, or NULL. */
static struct sp_log_task *known(const struct sp_log_reader *S, pid_t tid)
{
	struct sp_log_task *k;

	if (!S->cap)
		return NULL;
	k = &S->tasks[slot_of(S, tid)];
	return k->tid ? k : NULL;
}

/* Past -Y's "<comm>" at *q, if there is one: true when *q is then one of
 * ends. */
static bool past_comm(const char **q, const char *e, const char *ends)
{
	const char *p = *q;

	if (p < e && *p == '<')
		for (p++; p < e && !(*p == '>' && p + 1 < e &&
				      strchr(ends, p[1])); p++)
			;
	if (p < e && *p == '>')
		p++;
	if (p >= e || !strchr(ends, *p))
		return false;
	*q = p;
	return true;
}

/* strace prefixes lines with the pid only once a second task exists:
 * the task of the lines before (tid -1 here) is the first task a prefix
 * names, unless that one is the child of its unfinished fork.  True when
 * tid is the unprefixed task. */
static bool unprefixed_is(const struct sp_log_reader *S, pid_t tid,
			  const char *p, const char *e)
{
	const struct sp_log_task *u = known(S, -1);
	const char *pf;
	size_t n;

	if (!u || known(S, tid))
		return false;
	pf = pending_fork(u);
	if (!pf)
		return true;
	/* Its fork resumed: "<... clone3 resumed>". */
	n = strcspn(pf, "(");
	return starts(p, e, "<... ") && (size_t)(e - p) > 5 + n &&
	       memcmp(p + 5, pf, n) == 0 && p[5 + n] == ' ';
}

/* The unprefixed task is tid from now on. */
static void rekey(struct sp_log_reader *S, pid_t tid)
{
	struct sp_log_task *u = known(S, -1), moved = *u;
	size_t i = (size_t)(u - S->tasks), j;

	/* Take it out, closing the gap of the probe sequence. */
	memset(u, 0, sizeof(*u));
	for (j = (i + 1) & (S->cap - 1); S->tasks[j].tid;
	     j = (j + 1) & (S->cap - 1)) {
		struct sp_log_task k = S->tasks[j];

		memset(&S->tasks[j], 0, sizeof(k));
		S->tasks[slot_of(S, k.tid)] = k;
	}
	if (moved.tgid == -1)
		moved.tgid = tid;
	moved.tid = tid;
	S->tasks[slot_of(S, tid)] = moved;
	for (i = 0; i < S->nforking; i++)
		if (S->forking[i] == -1)
			S->forking[i] = tid;
	for (i = 0; i < S->cap; i++) {
		if (S->tasks[i].tgid == -1)
			S->tasks[i].tgid = tid;
		if (S->tasks[i].ppid == -1)
			S->tasks[i].ppid = tid;
	}
	if (S->first == -1)
		S->first = tid;
	/* What it put in the trace with pid 0, its pid unknown then: its
	 * images, its children's parent, its calls. */
	for (i = 0; i < S->t->nprocs; i++) {
		struct sp_process *pr = &S->t->procs[i];

		if (!pr->pid)
			pr->pid = tid;
		else if (!pr->ppid)
			pr->ppid = tid;
	}
	for (i = 0; i < S->t->npatterns; i++)
		if (!S->t->patterns[i].pid)
			S->t->patterns[i].pid = tid;
}

static bool starts_str(const char *s, const char *word)
{
	return strncmp(s, word, strlen(word)) == 0;
}

/* k's unfinished call when it is a fork (clone, clone3, fork, vfork). */
static const char *pending_fork(const struct sp_log_task *k)
{
	const char *p = k->pending;

	return p && (starts_str(p, "clone") || starts_str(p, "fork") ||
		     starts_str(p, "vfork")) ? p : NULL;
}

/* k forked from p: its working directory.  Short of memory, lost. */
static void inherit_cwd(struct sp_log_task *k, const struct sp_log_task *p)
{
	free(k->cwd);
	k->cwd = p->cwd ? strdup(p->cwd) : NULL;
	k->cwd_lost = p->cwd_lost || (p->cwd && !k->cwd);
}

/* k's unfinished call, taken out of k (the caller's to free). */
static char *take_pending(struct sp_log_reader *S, struct sp_log_task *k)
{
	char *p = k->pending;

	if (pending_fork(k))
		for (size_t i = 0; i < S->nforking; i++)
			if (S->forking[i] == k->tid) {
				S->forking[i] = S->forking[--S->nforking];
				break;
			}
	k->pending = NULL;
	return p;
}

/* k's unfinished call becomes p (taken; NULL for none), the one it had
 * freed.  A fork is listed in S->forking: each new task looks for its
 * parent there, not through every task seen (a build's 100,000
 * processes: 10^10 steps).  0 or -ENOMEM. */
static int set_pending(struct sp_log_reader *S, struct sp_log_task *k,
		       char *p)
{
	free(take_pending(S, k));
	k->pending = p;
	if (!pending_fork(k))
		return 0;
	if (sp_array_grow(&S->forking, &S->forking_cap, S->nforking + 1,
			  sizeof(*S->forking)))
		return -ENOMEM;
	S->forking[S->nforking++] = k->tid;
	return 0;
}

/* A new task shows up before the fork that made it returns: strace
 * prints the parent's clone as <unfinished ...> while the child runs.
 * The task whose fork is unfinished is its parent: the child is its
 * thread (CLONE_THREAD) or a process running the same executable.  With
 * several forks unfinished, the first in the task table's order. */
static void adopt(struct sp_log_reader *S, struct sp_log_task *k)
{
	const struct sp_log_task *p = NULL;

	for (size_t i = 0; i < S->nforking; i++) {
		const struct sp_log_task *f = known(S, S->forking[i]);

		if (f && f != k && (!p || f < p))
			p = f;
	}
	if (!p)
		return;
	k->arch = p->arch;
	k->arch_known = p->arch_known;
	k->from = p->tid;
	inherit_cwd(k, p);
	k->exe = p->exe;
	k->ppid = p->tgid;
	if (strstr(p->pending, "CLONE_THREAD"))
		k->tgid = p->tgid;
}

/* tid 0 stands for "no pid prefix": one task, kept as tid -1. */
static struct sp_log_task *task(struct sp_log_reader *S, pid_t tid)
{
	struct sp_log_task *k;

	if (!tid)
		tid = -1;
	if ((S->n + 1) * 2 > S->cap && grow_tasks(S))
		return NULL;
	k = &S->tasks[slot_of(S, tid)];
	if (k->tid)
		return k;
	k->tid = tid;
	k->tgid = tid;
	k->arch = sp_arch_native();
	k->exe = UNKNOWN_EXE;
	S->n++;
	if (!S->have_first) {
		S->first = tid;
		S->have_first = true;
	}
	adopt(S, k);
	if (k->ppid && k->tgid == k->tid && image(S, k))
		return NULL;
	return k;
}

static pid_t real_pid(pid_t tid)
{
	return tid < 0 ? 0 : tid;
}

static int image(struct sp_log_reader *S, struct sp_log_task *k)
{
	int exe = exe_index(S, k);

	if (exe < 0)
		return exe;
	k->imaged = true;
	return sp_trace_add_process(S->t, real_pid(k->tgid),
				    real_pid(k->ppid), (uint32_t)exe);
}

/* ---- strace's argument text -------------------------------------------- */

/* The last character of a comment ("/\* 37 vars *\/") that begins at p,
 * or NULL when none does. */
static const char *comment_at(const char *p, const char *e)
{
	const char *c;

	if (p + 1 >= e || p[0] != '/' || p[1] != '*')
		return NULL;
	for (c = p + 2; c + 1 < e && !(c[0] == '*' && c[1] == '/'); c++)
		;
	return c + 1;
}

/* Splits args (the text between a call's parentheses) at top-level
 * commas: up to 6 pieces, [b[i], e[i]).  Quotes, brackets and comments
 * nest. */
static int split_args(const char *p, const char *end, const char *b[SP_NARGS],
		      const char *e[SP_NARGS])
{
	int n = 0, depth = 0;
	const char *start = p;

	for (; p < end; p++) {
		if (*p == '"') {
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\')
					p++;
			continue;
		}
		if (comment_at(p, end)) {
			p = comment_at(p, end);
			continue;
		}
		if (*p == '(' || *p == '[' || *p == '{')
			depth++;
		else if ((*p == ')' || *p == ']' || *p == '}') && depth)
			depth--;
		else if (*p == ',' && !depth) {
			if (n < 6) {
				b[n] = start;
				e[n++] = p;
			}
			start = p + 1;
		}
	}
	if (n < 6 && skip_blanks(start, end) < end) {
		b[n] = start;
		e[n++] = end;
	}
	return n;
}

/* strace's names that core/argnames.def does not know (stracenames.def). */
static const struct {
	const char *name;
	uint64_t value;
} strace_names[] = {
#define SP_STRACE_NAME(name, value) { #name, value },
#include "output/stracenames.def"
#undef SP_STRACE_NAME
};

/* One word of a value: a number or a constant. */
static bool word_value(const char *w, uint64_t *out)
{
	if (sp_argname_parse(w, out) == 0)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(strace_names); i++)
		if (strcmp(strace_names[i].name, w) == 0) {
			*out = strace_names[i].value;
			return true;
		}
	return false;
}

/* One alternative, blanks taken out: words joined by '|'. */
static bool flags_value(char *s, uint64_t *out)
{
	char *o = s, *w, *save = NULL;
	uint64_t v = 0, x;

	for (const char *p = s; *p; p++)
		if (*p != ' ' && *p != '\t')
			*o++ = *p;
	*o = '\0';
	if (!*s || *s == '|' || o[-1] == '|' || strstr(s, "||"))
		return false;
	for (w = strtok_r(s, "|", &save); w; w = strtok_r(NULL, "|", &save)) {
		if (!word_value(w, &x))
			return false;
		v |= x;
	}
	*out = v;
	return true;
}

/* An ioctl request no name stands for, as strace prints it: "_IOC(
 * _IOC_READ|_IOC_WRITE, 0x99, 0x1, 0x10)". */
static bool ioc_value(const char *s, uint64_t *out)
{
	const char *b[SP_NARGS], *x[SP_NARGS];
	uint64_t v[4];
	size_t n = strlen(s);

	if (n < 6 || memcmp(s, "_IOC(", 5) || s[n - 1] != ')' ||
	    split_args(s + 5, s + n - 1, b, x) != 4)
		return false;
	for (int i = 0; i < 4; i++) {
		char w[64];
		size_t m = (size_t)(x[i] - b[i]);

		if (m >= sizeof(w))
			return false;
		memcpy(w, b[i], m);
		w[m] = '\0';
		if (!flags_value(w, &v[i]))
			return false;
	}
	if (v[0] > _IOC_DIRMASK || v[1] > _IOC_TYPEMASK ||
	    v[2] > _IOC_NRMASK || v[3] > _IOC_SIZEMASK)
		return false;
	*out = _IOC(v[0], v[1], v[2], v[3]);
	return true;
}

/* One argument's value, as strace prints numbers and constants:
 * "AF_INET", "SOCK_STREAM|SOCK_CLOEXEC", "0644", "-1", "NULL",
 * "0x5401 /\* TCGETS *\/", "SNDCTL_TMR_TIMEBASE or TCGETS" (any of the
 * alternatives that sandprint knows), -X verbose's "0x1 /\* SOCK_STREAM
 * *\/|0x80000 /\* SOCK_CLOEXEC *\/" (comments name what the numbers
 * are: the numbers count).  False for anything else (a string, a
 * structure, a name sandprint does not know). */
static bool arg_value(const char *p, const char *e, uint64_t *out)
{
	char buf[SP_ARGNAME_MAX], *o = buf, *alt, *or;

	for (p = skip_blanks(p, e); p < e; p++) {
		if (comment_at(p, e)) {
			p = comment_at(p, e);
			continue;
		}
		if (o == buf + sizeof(buf) - 1)
			return false;
		*o++ = *p;
	}
	*o = '\0';
	if (strcmp(buf, "NULL") == 0) {
		*out = 0;
		return true;
	}
	if (ioc_value(buf, out))
		return true;
	for (alt = buf; alt; alt = or ? or + 4 : NULL) {
		or = strstr(alt, " or ");
		if (or)
			*or = '\0';
		if (flags_value(alt, out))
			return true;
	}
	return false;
}

/* The value of "key=" at the top level of the struct text [p, e). */
static bool struct_field(const char *p, const char *e, const char *key,
			 uint64_t *out)
{
	const char *b[SP_NARGS], *x[SP_NARGS];
	size_t n = strlen(key);
	int k;

	if (e - p < 2 || *p != '{')
		return false;
	while (p < e) {
		k = split_args(p + 1, e - 1, b, x);
		for (int i = 0; i < k; i++) {
			const char *q = skip_blanks(b[i], x[i]);

			if ((size_t)(x[i] - q) > n + 1 && !memcmp(q, key, n) &&
			    q[n] == '=')
				return arg_value(q + n + 1, x[i], out);
		}
		if (k < 6)
			break;
		p = x[5];
	}
	return false;
}

/* The flags of clone3's or openat2's struct as the tracer reads them:
 * clone3's flags | exit_signal, as clone spells them (when they fit),
 * open_how's flags. */
static bool struct_flags(const char *name, const char *p, const char *e,
			 uint64_t *out)
{
	uint64_t flags, sig = 0;

	if (!struct_field(p, e, "flags", &flags))
		return false;
	if (strcmp(name, "clone3") == 0) {
		if (struct_field(p, e, "exit_signal", &sig) &&
		    ((flags & CSIGNAL) || (sig & ~(uint64_t)CSIGNAL)))
			return false;
		flags |= sig;
	}
	*out = flags;
	return true;
}

/* A string argument ("/usr/bin/ls", with strace's C escapes) into a new
 * string; NULL when it is not one, or was cut short ("..."). */
static char *arg_string(const char *p, const char *e)
{
	char *s, *o;

	bool cut;

	p = skip_blanks(p, e);
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	/* strace cuts long strings: "abc"... */
	cut = e - p >= 5 && !memcmp(e - 3, "...", 3);
	if (cut)
		e -= 3;
	if (e - p < 2 || *p != '"' || e[-1] != '"')
		return NULL;
	s = o = malloc((size_t)(e - p));
	if (!s)
		return NULL;
	for (p++, e--; p < e; p++) {
		if (*p != '\\' || p + 1 >= e) {
			*o++ = *p;
			continue;
		}
		p++;
		switch (*p) {
		case 'n': *o++ = '\n'; break;
		case 't': *o++ = '\t'; break;
		case 'r': *o++ = '\r'; break;
		case 'v': *o++ = '\v'; break;
		case 'f': *o++ = '\f'; break;
		case 'x':
			if (p + 2 < e && isxdigit((unsigned char)p[1]) &&
			    isxdigit((unsigned char)p[2])) {
				char hex[3] = { p[1], p[2], 0 };

				*o++ = (char)strtol(hex, NULL, 16);
				p += 2;
			}
			break;
		default:
			if (*p >= '0' && *p <= '7') {
				int v = 0, k;

				for (k = 0; k < 3 && p < e && *p >= '0' &&
					    *p <= '7'; k++, p++)
					v = v * 8 + (*p - '0');
				p--;
				*o++ = (char)v;
			} else {
				*o++ = *p;
			}
		}
	}
	*o = '\0';
	if (cut) {
		char *w = realloc(s, strlen(s) + 4);

		if (!w) {
			free(s);
			return NULL;
		}
		s = strcat(w, "...");
	}
	return s;
}

/* execve's argv as strace prints it: ["ls", "-l", "/"]. */
static int set_argv(struct sp_trace *t, const char *p, const char *e)
{
	const char *b[SP_NARGS], *x[SP_NARGS];
	char *v[64];
	size_t n = 0;
	int rc = 0;

	p = skip_blanks(p, e);
	if (p >= e || *p != '[' || e[-1] != ']')
		return 0;
	/* Only up to 64 words: a command line, not its environment. */
	for (const char *q = p + 1; q < e - 1 && n < 63;) {
		int k = split_args(q, e - 1, b, x);

		for (int i = 0; i < k && n < 63; i++) {
			v[n] = arg_string(b[i], x[i]);
			if (v[n])
				n++;
		}
		if (k < 6)
			break;
		q = x[5] + 1;
	}
	v[n] = NULL;
	if (n)
		rc = sp_trace_set_argv(t, v);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	return rc;
}

/* ---- strace's calls ---------------------------------------------------- */

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The closing parenthesis that matches the one at open, or NULL. */
static const char *close_paren(const char *open, const char *e)
{
	int depth = 0;

	for (const char *p = open; p < e; p++) {
		if (*p == '"') {
			for (p++; p < e && *p != '"'; p++)
				if (*p == '\\')
					p++;
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p;
	}
	return NULL;
}

/* A successful execve (or execveat) of task k: its new executable and
 * process image, and the trace's command when it has none yet. */
static int exec(struct sp_log_reader *S, struct sp_log_task *k, const char *name,
		const char *const b[SP_NARGS], const char *const x[SP_NARGS])
{
	int at = strcmp(name, "execve") == 0 ? 0 : 1;
	char *path = arg_string(b[at], x[at]), self[32];
	int idx;

	if (!path)
		return 0;
	/* execveat(fd, "", ..., AT_EMPTY_PATH) runs fd's file: -y names it
	 * ("3</usr/bin/true>"). */
	if (at && !*path) {
		const char *l = memchr(b[0], '<', (size_t)(x[0] - b[0]));
		const char *r = x[0];

		while (r > b[0] && (r[-1] == ' ' || r[-1] == '\t'))
			r--;
		free(path);
		path = l && r[-1] == '>' ? strndup(l + 1, (size_t)(r - l - 2)) :
					   strdup("?");
		if (!path)
			return -ENOMEM;
	}
	/* A relative path, from the directory the task is in. */
	if (*path != '/' && k->cwd && !k->cwd_lost) {
		const char *rel = path;
		char *joined;

		while (rel[0] == '.' && rel[1] == '/')
			rel += 2;
		if (asprintf(&joined, "%s/%s", k->cwd, rel) < 0) {
			free(path);
			return -ENOMEM;
		}
		free(path);
		path = joined;
	}
	/* /proc/self/exe is the caller's own executable. */
	snprintf(self, sizeof(self), "/proc/%d/exe", (int)k->tgid);
	if (k->exe != UNKNOWN_EXE && (!strcmp(path, "/proc/self/exe") ||
				      !strcmp(path, "/proc/thread-self/exe") ||
				      !strcmp(path, self)))
		idx = (int)k->exe;
	else
		idx = sp_trace_intern_exe(S->t, path);
	free(path);
	if (idx < 0)
		return idx;
	k->exe = (uint32_t)idx;
	if (image(S, k))
		return -ENOMEM;
	if (!S->t->argv && set_argv(S->t, b[at + 1], x[at + 1]))
		return -ENOMEM;
	return 0;
}

/* The 32-bit arch the native one runs programs of, or SP_ARCH_UNKNOWN. */
static enum sp_arch compat_arch(void)
{
	switch (sp_arch_native()) {
	case SP_ARCH_X86_64:
		return SP_ARCH_X86;
	case SP_ARCH_AARCH64:
		return SP_ARCH_ARM;
	default:
		return SP_ARCH_UNKNOWN;
	}
}

static const struct muxcall {
	const char *name, *mux;
	int call;
} muxcalls[] = {
#define SP_MUXCALL(name, mux, call) { #name, #mux, call },
#include "output/muxcall.def"
#undef SP_MUXCALL
};

/* Whether arch has a call strace names name: its own number, or through
 * a multiplexer. */
static bool has_call(enum sp_arch arch, const char *name)
{
	int64_t nr;

	return !sp_syscall_nr(arch, name, &nr) || sp_syscall_muxed(arch, name);
}

/* The number of m's call of its own on arch (i386's socket is 359), or
 * -1: libseccomp resolves the name to a pseudo-number only, so numbers
 * are asked for their names, once. */
static int64_t own_number(enum sp_arch arch, const struct muxcall *m)
{
	static int64_t own[ARRAY_SIZE(muxcalls)];
	static enum sp_arch built = SP_ARCH_UNKNOWN;

	if (built != arch) {
		for (size_t i = 0; i < ARRAY_SIZE(muxcalls); i++)
			own[i] = -1;
		for (int64_t nr = 0; nr < 1024; nr++) {
			const char *n = sp_syscall_name(arch, nr);

			for (size_t i = 0; n && i < ARRAY_SIZE(muxcalls); i++)
				if (own[i] < 0 && !strcmp(n, muxcalls[i].name))
					own[i] = nr;
		}
		built = arch;
	}
	return own[m - muxcalls];
}

/* Hands h, a call of k, to the callback under k's arch.  A call the arch
 * reaches through a multiplexer, which strace prints alike, goes out
 * both ways: its own number (when the arch has one) with its arguments,
 * and the multiplexer's with the call's number as its first. */
static int emit(struct sp_log_reader *S, const struct sp_log_task *k,
		struct held *h)
{
	const struct muxcall *m = NULL;
	struct sp_logged_call mux = { .known = 1 };
	int rc;

	h->c.ev.arch = k->arch;
	h->c.ev.tid = real_pid(k->tid);
	h->c.ev.tgid = real_pid(k->tgid);
	if (h->name[0] && sp_syscall_nr(k->arch, h->name, &h->c.ev.nr)) {
		for (size_t i = 0; i < ARRAY_SIZE(muxcalls); i++)
			if (!strcmp(muxcalls[i].name, h->name))
				m = &muxcalls[i];
		if (!m || !sp_syscall_muxed(k->arch, h->name) ||
		    sp_syscall_nr(k->arch, m->mux, &mux.ev.nr)) {
			S->st.unnamed++;
			return 0;
		}
		mux.ev.arch = k->arch;
		mux.ev.tid = h->c.ev.tid;
		mux.ev.tgid = h->c.ev.tgid;
		mux.ev.exe = h->c.ev.exe;
		mux.ev.args[0] = (uint64_t)m->call;
		rc = S->fn(S->ctx, &mux);
		h->c.ev.nr = own_number(k->arch, m);
		if (rc || h->c.ev.nr < 0) {
			S->st.calls += !rc;
			return rc;
		}
	}
	rc = S->fn(S->ctx, &h->c);
	if (!rc)
		S->st.calls++;
	return rc;
}

/* k's image runs arch: its held calls go out. */
static int settle(struct sp_log_reader *S, struct sp_log_task *k,
		  enum sp_arch arch)
{
	int rc = 0;

	k->arch = arch;
	k->arch_known = true;
	for (size_t i = 0; i < k->nheld && !rc; i++)
		rc = emit(S, k, &k->held[i]);
	free(k->held);
	k->held = NULL;
	k->nheld = k->heldcap = 0;
	return rc;
}

/* k's image ended (an exec, the task's end, the log's) with no call
 * showing its arch: the one of the task it was forked from, when that
 * one showed it, else the native one. */
static int settle_by_default(struct sp_log_reader *S, struct sp_log_task *k)
{
	const struct sp_log_task *f;

	if (k->arch_known)
		return 0;
	f = k->from ? known(S, k->from) : NULL;
	return settle(S, k, f && f->arch_known ? f->arch : sp_arch_native());
}

/* A call no more held than it must: more than this many held and the
 * image is taken for native (a 32-bit program shows its arch in its
 * first calls: mmap2, _llseek, fcntl64). */
#define HELD_MAX 1024

/* Call h of task k, named name: what the name says of the arch (a name
 * only one of native's and its 32-bit companion's tables holds), then
 * out or held.  A name neither knows is counted unnamed. */
static int call_out(struct sp_log_reader *S, struct sp_log_task *k,
		    struct held *h)
{
	enum sp_arch compat = compat_arch();

	S->read++;
	if (!k->arch_known && h->name[0] && compat != SP_ARCH_UNKNOWN) {
		bool native = has_call(sp_arch_native(), h->name);
		bool narrow = has_call(compat, h->name);

		if (native != narrow) {
			int rc = settle(S, k, native ? sp_arch_native() :
						       compat);

			if (rc)
				return rc;
		}
	}
	if (!k->arch_known && k->nheld >= HELD_MAX) {
		int rc = settle(S, k, sp_arch_native());

		if (rc)
			return rc;
	}
	/* Out now, its -k frames follow (a held call's are lost). */
	if (k->arch_known || compat == SP_ARCH_UNKNOWN) {
		int rc = emit(S, k, h);

		S->emitted = !rc;
		return rc;
	}
	if (k->nheld == k->heldcap) {
		size_t cap = k->heldcap ? k->heldcap * 2 : 16;
		struct held *g = realloc(k->held, cap * sizeof(*g));

		if (!g)
			return -ENOMEM;
		k->held = g;
		k->heldcap = cap;
	}
	k->held[k->nheld++] = *h;
	return 0;
}

/* A successful chdir(path) or fchdir(fd) of k, its argument [p, e): the
 * directory it is in now (fchdir's is -y's "3</srv>", else lost). */
static int chdir_to(struct sp_log_task *k, const char *name, const char *p,
		    const char *e)
{
	char *path = NULL, *joined;

	if (!strcmp(name, "chdir")) {
		path = arg_string(p, e);
	} else {
		const char *l = memchr(p, '<', (size_t)(e - p));

		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (l && e[-1] == '>')
			path = strndup(l + 1, (size_t)(e - l - 2));
	}
	if (!path || (path[0] != '/' && k->cwd_lost)) {
		k->cwd_lost = true;
		free(path);
		return 0;
	}
	if (path[0] != '/' && k->cwd) {
		if (asprintf(&joined, "%s/%s", k->cwd, path) < 0) {
			free(path);
			return -ENOMEM;
		}
		free(path);
		path = joined;
	}
	free(k->cwd);
	k->cwd = path;
	k->cwd_lost = false;
	return 0;
}

/* One call of task k: "name(args) = ret ...", whole (an unfinished call
 * put back together, or one whose return never came: ret NULL). */
static int strace_call(struct sp_log_reader *S, struct sp_log_task *k, const char *p,
		       const char *e)
{
	struct held h = { 0 };
	struct sp_logged_call *cp = &h.c;
	const char *open = p, *close, *b[SP_NARGS], *x[SP_NARGS], *r;
	char *name = h.name;
	long long ret = -1;
	bool has_ret = false, exec_ok, first_exec = false;
	size_t n;
	int nargs, rc = 0;

	while (open < e && is_name_char(*open))
		open++;
	n = (size_t)(open - p);
	if (!n || n >= sizeof(h.name) || open >= e || *open != '(') {
		S->st.skipped++;
		return 0;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	close = close_paren(open, e);
	/* A call cut off with no return (a task killed in it): its
	 * arguments up to where the line ends. */
	nargs = split_args(open + 1, close ? close : e, b, x);
	if (close) {
		r = skip_blanks(close + 1, e);
		if (r < e && *r == '=') {
			r = skip_blanks(r + 1, e);
			has_ret = number(&r, e, &ret);
		}
	}
	if (strncmp(name, "syscall_", 8) == 0) {
		unsigned long long v;
		char *end;

		/* strace prints the register whole (syscall(-1) as
		 * syscall_0xffffffffffffffff); seccomp saw its low 32 bits
		 * as an int, and so does a recording. */
		errno = 0;
		v = strtoull(name + 8, &end, 0);
		if (*end || end == name + 8 || errno) {
			S->st.skipped++;
			return 0;
		}
		cp->ev.nr = (int32_t)(uint32_t)v;
		name[0] = '\0';
	} else if (k->arch_known ? !has_call(k->arch, name) :
				   !has_call(sp_arch_native(), name) &&
					   (compat_arch() == SP_ARCH_UNKNOWN ||
					    !has_call(compat_arch(), name))) {
		S->st.unnamed++;
		return 0;
	}
	for (int i = 0; i < nargs; i++) {
		const char *q = skip_blanks(b[i], x[i]);
		int at = i;

		/* A struct the kernel reads its flags from (clone3's
		 * clone_args, openat2's open_how): its flags, as the tracer
		 * reads them (sp_event.read). */
		if (q < x[i] && *q == '{') {
			if (struct_flags(name, q, x[i], &cp->ev.args[i])) {
				cp->known |= (uint8_t)(1u << i);
				cp->ev.read |= (uint8_t)(1u << i);
			}
			continue;
		}
		/* clone prints its arguments by name, not in register
		 * order: only its flags (argument 0) are kept. */
		if (strcmp(name, "clone") == 0) {
			if (!starts(q, x[i], "flags="))
				continue;
			q += strlen("flags=");
			at = 0;
		}
		if (arg_value(q, x[i], &cp->ev.args[at]))
			cp->known |= (uint8_t)(1u << at);
	}
	/* The first program a task execs made the call that started it
	 * (as a recording counts it). */
	exec_ok = has_ret && ret == 0 && nargs >= 2 &&
		  (strcmp(name, "execve") == 0 ||
		   strcmp(name, "execveat") == 0);
	if (exec_ok && k->exe == UNKNOWN_EXE) {
		rc = exec(S, k, name, b, x);
		exec_ok = false;
		first_exec = true;
		if (rc)
			return rc;
	}
	rc = exe_index(S, k);
	if (rc < 0)
		return rc;
	cp->ev.exe = (uint32_t)rc;
	rc = call_out(S, k, &h);
	if (rc)
		return rc;
	/* The exec ends an image, made by the caller's arch; the new one's
	 * arch its calls will show. */
	if (exec_ok || first_exec) {
		rc = settle_by_default(S, k);
		if (rc)
			return rc;
		k->arch_known = false;
		k->from = 0;
	}
	if (exec_ok)
		return exec(S, k, name, b, x);
	if (has_ret && ret == 0 && nargs == 1 &&
	    (!strcmp(name, "chdir") || !strcmp(name, "fchdir")))
		return chdir_to(k, name, b[0], x[0]);

	/* What the call did to the process tree. */
	if (has_ret && ret > 0 &&
	    (strcmp(name, "clone") == 0 || strcmp(name, "clone3") == 0 ||
	     strcmp(name, "fork") == 0 || strcmp(name, "vfork") == 0)) {
		bool thread = strcmp(name, "clone") == 0 ?
				      (cp->known & 1) &&
					      (cp->ev.args[0] & CLONE_THREAD) :
				      memmem(open, (size_t)(e - open),
					     "CLONE_THREAD", 12) != NULL;
		pid_t parent_tgid = k->tgid, parent = k->tid;
		struct sp_log_task from = { .cwd = k->cwd,
					    .cwd_lost = k->cwd_lost };
		uint32_t parent_exe = k->exe;
		enum sp_arch arch = k->arch;
		bool arch_known = k->arch_known;
		/* k may move: the table can grow. */
		struct sp_log_task *child = task(S, (pid_t)ret);

		if (!child)
			return -ENOMEM;
		child->arch = arch;
		child->arch_known = arch_known;
		child->from = parent;
		if (!child->imaged) {
			inherit_cwd(child, &from);
			child->exe = parent_exe;
			child->tgid = thread ? parent_tgid : child->tid;
			child->ppid = parent_tgid;
			if (!thread && image(S, child))
				return -ENOMEM;
		}
	}
	return 0;
}

/* A call line, possibly in two parts. */
static int strace_call_line(struct sp_log_reader *S, struct sp_log_task *k, const char *p,
			    const char *e)
{
	static const char unfinished[] = " <unfinished ...>";
	size_t un = sizeof(unfinished) - 1;
	char *whole;
	int rc;

	if ((size_t)(e - p) >= un && memcmp(e - un, unfinished, un) == 0) {
		whole = strndup(p, (size_t)(e - p - un));
		return whole ? set_pending(S, k, whole) : -ENOMEM;
	}
	if (starts(p, e, "<... ")) {
		/* "<... name resumed>rest": the call's first part, kept
		 * when it began, and the rest. */
		const char *rest = memchr(p, '>', (size_t)(e - p));
		const char *nm = p + 5, *ne = nm;

		while (ne < e && is_name_char(*ne))
			ne++;
		if (!rest || !k->pending ||
		    strncmp(k->pending, nm, (size_t)(ne - nm)) != 0) {
			/* Its first part is not in this log: the name
			 * alone. */
			if (asprintf(&whole, "%.*s()", (int)(ne - nm), nm) < 0)
				return -ENOMEM;
		} else if (asprintf(&whole, "%s%.*s", k->pending,
				    (int)(e - rest - 1), rest + 1) < 0) {
			return -ENOMEM;
		}
		set_pending(S, k, NULL);
		rc = strace_call(S, k, whole, whole + strlen(whole));
		free(whole);
		return rc;
	}
	return strace_call(S, k, p, e);
}

/* A call begun and never resumed (its task died in it) was still made. */
static int flush_pending(struct sp_log_reader *S, struct sp_log_task *k)
{
	char *p = take_pending(S, k);
	int rc;

	if (!p)
		return 0;
	rc = strace_call(S, k, p, p + strlen(p));
	free(p);
	return rc;
}

static int signal_number(const char *p, const char *e)
{
	for (int s = 1; s < NSIG; s++) {
		const char *abbrev = sigabbrev_np(s);
		size_t n = abbrev ? strlen(abbrev) : 0;

		if (abbrev && (size_t)(e - p) > 3 + n && starts(p, e, "SIG") &&
		    memcmp(p + 3, abbrev, n) == 0 && !is_name_char(p[3 + n]))
			return s;
	}
	return 0;
}

/* strace to a terminal drops the pid prefix again when a single task is
 * left: the task not gone, when only one is; else (-qq logs no ends) the
 * first task, when it is not gone; else 0. */
static pid_t alone(struct sp_log_reader *S)
{
	const struct sp_log_task *k = known(S, S->alone);
	pid_t tid = 0;

	if (k && !k->gone)
		return k->tid;
	for (size_t i = 0; i < S->cap; i++) {
		k = &S->tasks[i];
		if (!k->tid || k->gone)
			continue;
		if (tid) {
			k = known(S, S->first);
			return k && !k->gone ? k->tid : 0;
		}
		tid = k->tid;
	}
	S->alone = tid;
	return tid;
}

/* A frame of -k, "MODULE(SYMBOL+0xN) [0xOFFSET]" (SYMBOL may be empty,
 * "+0xN" absent), to S->frame_fn; a line of another shape (libunwind's
 * "unexpected_backtracing_error") is passed over. */
static int frame_line(struct sp_log_reader *S, const char *p, const char *e)
{
	const char *open = memchr(p, '(', (size_t)(e - p));
	const char *close, *plus, *br, *q;
	char *module, *symbol = NULL;
	uint64_t off = 0;
	int rc;

	close = open ? memchr(open, ')', (size_t)(e - open)) : NULL;
	br = close ? memchr(close, '[', (size_t)(e - close)) : NULL;
	if (!close || open == p || !br || !starts(br + 1, e, "0x"))
		return 0;
	/* The line is not NUL-terminated: digits up to e only. */
	for (q = br + 3; q < e && isxdigit((unsigned char)*q) &&
			 off <= UINT64_MAX >> 4; q++) {
		int c = tolower((unsigned char)*q);

		off = off << 4 | (uint64_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
	}
	if (q == br + 3 || q >= e || *q != ']')
		return 0;
	plus = memchr(open, '+', (size_t)(close - open));
	if (!plus)
		plus = close;
	module = strndup(p, (size_t)(open - p));
	if (plus > open + 1)
		symbol = strndup(open + 1, (size_t)(plus - open - 1));
	if (!module || (plus > open + 1 && !symbol))
		rc = -ENOMEM;
	else
		rc = S->frame_fn(S->ctx, module, symbol, off);
	free(module);
	free(symbol);
	return rc;
}

static int strace_line(struct sp_log_reader *S, const struct line *l,
		       pid_t dflt)
{
	const char *p = skip_blanks(l->s, l->e), *e = l->e, *q;
	long long v;
	pid_t tid = dflt;
	struct sp_log_task *k;
	int rc;

	/* "[pid  1234] " (to a terminal) or "1234 " (-o with -f); -Y adds
	 * the command's name: "[pid 1234<srv>] ", "1234<srv> ". */
	if (starts(p, e, "[pid")) {
		q = skip_blanks(p + 4, e);
		if (!number(&q, e, &v) || !past_comm(&q, e, "]"))
			goto skip;
		tid = (pid_t)v;
		p = skip_blanks(q + 1, e);
	} else {
		q = p;
		if (number(&q, e, &v) && past_comm(&q, e, " \t")) {
			tid = (pid_t)v;
			p = skip_blanks(q, e);
		}
	}
	/* -t, -tt, -ttt, -r: a time before the call. */
	q = p;
	while (q < e && (isdigit((unsigned char)*q) || *q == ':' || *q == '.'))
		q++;
	if (q > p && q < e && (*q == ' ' || *q == '\t') &&
	    strpbrk_n(p, q, ":."))
		p = skip_blanks(q, e);
	/* -n, -i: "[ 257] " (the call's number), "[00007f0a12345678] "
	 * (where it was made; all '?' on lines of no call). */
	while (p < e && *p == '[') {
		const char *w = skip_blanks(p + 1, e);

		for (q = w; q < e && (isxdigit((unsigned char)*q) || *q == '?');
		     q++)
			;
		if (q == w || q >= e || *q != ']')
			break;
		p = skip_blanks(q + 1, e);
	}
	/* -k: the stack of the call above, a frame a line. */
	if (starts(p, e, "> ") && p > l->s)
		return S->emitted && S->frame_fn ? frame_line(S, p + 2, e) : 0;
	S->emitted = false;
	/* "[ Process PID=N runs in 32 bit mode. ]" names its task. */
	if (starts(p, e, "[ Process PID=")) {
		q = p + 14;
		if (number(&q, e, &v))
			tid = (pid_t)v;
	}
	/* strace's own messages ("strace: Process 12 attached") are no
	 * task's, nor -c's and -C's table of counts ("% time     seconds
	 * usecs/call ..." to "... total"). */
	if (starts(p, e, "strace: "))
		return 0;
	if (starts(p, e, "% time ")) {
		S->summary = S->summary_seen = true;
		return 0;
	}
	if (S->summary) {
		S->summary = !(e - p > 6 && !memcmp(e - 6, " total", 6));
		return 0;
	}
	if (tid && unprefixed_is(S, tid, p, e))
		rekey(S, tid);
	if (tid && tid != dflt)
		S->prefixed = true;
	else if (!tid && S->prefixed && !known(S, -1)) {
		/* None left alone (all gone: -C's summary follows): the
		 * line is no task's. */
		tid = alone(S);
		if (!tid)
			goto skip;
	}
	k = task(S, tid);
	if (!k)
		return -ENOMEM;
	/* A line of a gone task: its pid was used again. */
	k->gone = starts(p, e, "+++ ");
	if (starts(p, e, "+++ exited with ")) {
		q = p + 16;
		rc = flush_pending(S, k);
		if (rc || (rc = settle_by_default(S, k)))
			return rc;
		if (k->tid == S->first && S->t->end == SP_END_UNKNOWN &&
		    number(&q, e, &v)) {
			S->t->end = SP_END_EXITED;
			S->t->status = (int)v;
		}
		return 0;
	}
	if (starts(p, e, "+++ killed by ")) {
		rc = flush_pending(S, k);
		if (rc || (rc = settle_by_default(S, k)))
			return rc;
		if (k->tid == S->first && S->t->end == SP_END_UNKNOWN) {
			S->t->end = SP_END_SIGNALED;
			S->t->status = signal_number(p + 14, e);
		}
		return 0;
	}
	/* A thread's execve ends every other thread and goes on as the
	 * leader, whose pid it takes: the leader's line says so, then its
	 * "<... execve resumed>" ends the thread's call. */
	if (starts(p, e, "+++ superseded by execve in pid ")) {
		struct sp_log_task *from;

		q = p + 32;
		from = number(&q, e, &v) && v != k->tid ? known(S, (pid_t)v) :
							   NULL;
		if (from && from->pending) {
			from->gone = true;
			return set_pending(S, k, take_pending(S, from));
		}
		return 0;
	}
	if (starts(p, e, "+++ ") || starts(p, e, "--- "))
		return 0;
	if (starts(p, e, "[ Process PID=")) {
		if (memmem(p, (size_t)(e - p), "32 bit mode", 11))
			return settle(S, k, compat_arch() != SP_ARCH_UNKNOWN ?
						    compat_arch() :
						    sp_arch_native());
		if (memmem(p, (size_t)(e - p), "x32 mode", 8))
			return settle(S, k, SP_ARCH_X32);
		if (memmem(p, (size_t)(e - p), "64 bit mode", 11))
			return settle(S, k, sp_arch_native());
		return 0;
	}
	if (p < e && (is_name_char(*p) || *p == '<'))
		return strace_call_line(S, k, p, e);
skip:
	if (skip_blanks(l->s, l->e) < l->e)
		S->st.skipped++;
	return 0;
}

void sp_log_reader_init(struct sp_log_reader *r, struct sp_trace *t,
			sp_logged_fn fn, void *ctx)
{
	memset(r, 0, sizeof(*r));
	r->t = t;
	r->fn = fn;
	r->ctx = ctx;
}

int sp_log_reader_finish(struct sp_log_reader *r)
{
	int rc = 0;

	for (size_t i = 0; i < r->cap && !rc; i++) {
		struct sp_log_task *k = &r->tasks[i];

		if (!k->tid)
			continue;
		rc = flush_pending(r, k);
		if (!rc)
			rc = settle_by_default(r, k);
		/* A process that never forked nor exec'd in the log (the
		 * first one, strace -p): its image, by an unknown
		 * executable. */
		if (!rc && !k->imaged && k->tgid == k->tid)
			rc = image(r, k);
	}
	return rc;
}

void sp_log_reader_fini(struct sp_log_reader *r)
{
	for (size_t i = 0; i < r->cap; i++) {
		free(r->tasks[i].pending);
		free(r->tasks[i].held);
		free(r->tasks[i].cwd);
	}
	free(r->tasks);
	free(r->forking);
	sp_keyset_clear(&r->seen);
	sp_keyset_clear(&r->images);
	memset(r, 0, sizeof(*r));
}

/* Where strace's "strace: Process N attached" (or detached) cut the
 * line [s, e) it ends, to go on at the next line (strace's messages and
 * the calls share stderr), or NULL. */
static const char *cut_by_message(const char *s, const char *e)
{
	static const char *const ends[] = { " attached", " detached" };
	const char *m, *q;
	long long pid;

	s = skip_blanks(s, e);
	for (size_t i = 0; i < ARRAY_SIZE(ends); i++) {
		size_t n = strlen(ends[i]);

		if ((size_t)(e - s) < n || memcmp(e - n, ends[i], n))
			continue;
		for (m = e - n; m > s && isdigit((unsigned char)m[-1]); m--)
			;
		q = m;
		if (m - s > 16 && !memcmp(m - 16, "strace: Process ", 16) &&
		    number(&q, e, &pid) && q == e - n)
			return m - 16;
	}
	return NULL;
}

int sp_strace_read(struct sp_log_reader *r, const char *name,
		   const char *text, size_t len, pid_t pid, struct sp_diag *d)
{
	const char *at = text, *end = text + len, *cut;
	size_t before = r->read + r->st.unnamed;
	struct line l = { 0 };
	char *joined = NULL;
	int rc = 0;

	while (!rc && next_line(&at, end, &l)) {
		struct line whole = l;

		r->st.lines++;
		/* Put a line cut by strace's message back together: "...
		 * SIGCHLDstrace: Process 12 attached", then ", child_tidptr=
		 * ...) = 12". */
		while ((cut = cut_by_message(whole.s, whole.e))) {
			struct line next = l;
			char *w;

			if (!next_line(&at, end, &next)) {
				whole.e = cut;
				break;
			}
			r->st.lines++;
			w = malloc((size_t)(cut - whole.s) +
				   (size_t)(next.e - next.s) + 1);
			if (!w) {
				rc = -ENOMEM;
				break;
			}
			memcpy(w, whole.s, (size_t)(cut - whole.s));
			memcpy(w + (cut - whole.s), next.s,
			       (size_t)(next.e - next.s));
			whole.e = w + (cut - whole.s) + (next.e - next.s);
			whole.s = w;
			free(joined);
			joined = w;
			l.no = next.no;
		}
		if (!rc)
			rc = strace_line(r, &whole, pid);
		free(joined);
		joined = NULL;
	}
	if (!rc && r->read + r->st.unnamed == before) {
		sp_diag_set(d, name, 0, 0, NULL, r->summary_seen ?
			    "strace -c's table counts calls but shows none "
			    "(run strace without -c, or with -C)" :
			    "no strace output found (lines such as "
			    "'openat(AT_FDCWD, \"x\", O_RDONLY) = 3')");
		return -EINVAL;
	}
	return rc;
}

/* ---- audit records ----------------------------------------------------- */

/* The records of calls: the kernel's seccomp records (type=1326,
 * type=SECCOMP in audit.log) and its syscall records, which audit rules
 * ask for (type=1300, type=SYSCALL), with the first four arguments. */
static const char *const record_types[] = {
	"type=1326 ", "type=SECCOMP ", "type=1300 ", "type=SYSCALL ",
};

static bool is_record(const char *p, const char *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(record_types); i++)
		if (memmem(p, (size_t)(e - p), record_types[i],
			   strlen(record_types[i])))
			return true;
	return false;
}

bool sp_log_is_audit(const char *text, size_t len)
{
	return is_record(text, text + len);
}

/* The value of " key=" in [p, e): its text (a quoted string without its
 * quotes), or NULL. */
static const char *field(const char *p, const char *e, const char *key,
			 const char **vend)
{
	size_t n = strlen(key);

	for (const char *q = p; q + n + 1 < e; q++) {
		if ((q == p || q[-1] == ' ') && memcmp(q, key, n) == 0 &&
		    q[n] == '=') {
			const char *v = q + n + 1, *w;

			if (v < e && *v == '"') {
				w = memchr(v + 1, '"', (size_t)(e - v - 1));
				if (!w)
					return NULL;
				*vend = w;
				return v + 1;
			}
			for (w = v; w < e && *w != ' '; w++)
				;
			*vend = w;
			return v;
		}
	}
	return NULL;
}

/* audit's exe: "quoted", or in hex when it holds a blank or a quote. */
static char *exe_of(const char *v, const char *ve, bool quoted)
{
	size_t n = (size_t)(ve - v);
	char *s = malloc(n + 1);

	if (!s)
		return NULL;
	if (quoted || n % 2) {
		memcpy(s, v, n);
		s[n] = '\0';
		return s;
	}
	for (size_t i = 0; i < n; i += 2) {
		char hex[3] = { v[i], v[i + 1], 0 };

		if (!isxdigit((unsigned char)hex[0]) ||
		    !isxdigit((unsigned char)hex[1])) {
			memcpy(s, v, n);
			s[n] = '\0';
			return s;
		}
		s[i / 2] = (char)strtol(hex, NULL, 16);
	}
	s[n / 2] = '\0';
	return s;
}


/* "audit(1733450000.123:456)" as a key, or 0. */
static uint64_t serial_key(const char *p, const char *e)
{
	const char *a = memmem(p, (size_t)(e - p), "audit(", 6), *z;
	uint64_t h = 0xcbf29ce484222325ull;

	if (!a)
		return 0;
	z = memchr(a, ')', (size_t)(e - a));
	if (!z)
		return 0;
	for (; a < z; a++)
		h = (h ^ (unsigned char)*a) * 0x100000001b3ull;
	return h ? h : 1;
}

/* Whether [p, e) begins with a field, "key=". */
static bool next_is_field(const char *p, const char *e)
{
	const char *q = p;

	while (q < e && (islower((unsigned char)*q) || isdigit((unsigned char)*q) ||
			 *q == '_' || *q == '-'))
		q++;
	return q > p && q < e && *q == '=';
}

/* A record (at line l, v in it or NULL) not understood: counted, the
 * first one's place kept. */
static void not_understood(struct sp_log_reader *r, const struct line *l,
			   const char *v)
{
	r->st.skipped++;
	if (!r->bad_line) {
		r->bad_line = l->no;
		r->bad_column = v ? (int)(v - l->s) + 1 : 1;
	}
}

/* arch=: the kernel's number in hex (c000003e), or the name ausearch -i
 * writes (x86_64, i386: sandprint's x86). */
static bool arch_value(const char *v, const char *ve, uint32_t *out)
{
	char name[32], *end;
	enum sp_arch a;
	size_t n = (size_t)(ve - v);

	if (!n || n >= sizeof(name))
		return false;
	memcpy(name, v, n);
	name[n] = '\0';
	errno = 0;
	*out = (uint32_t)strtoul(name, &end, 16);
	if (!*end && !errno)
		return true;
	if (sp_arch_parse(strcmp(name, "i386") ? name : "x86", &a))
		return false;
	*out = sp_arch_audit(a);
	return true;
}

/* syscall=: a number, or the name ausearch -i writes ("mount", or
 * "unknown-syscall(999)"), on arch (an AUDIT_ARCH_* value, 0 when the
 * record has none: the native one). */
static bool syscall_value(const char *v, const char *ve, uint32_t arch,
			  long long *out)
{
	char name[64];
	const char *p = v;
	size_t n = (size_t)(ve - v);
	int64_t nr;

	if (number(&p, ve, out) && p == ve)
		return *out >= INT32_MIN && *out <= INT32_MAX;
	if (starts(v, ve, "unknown-syscall(") && ve[-1] == ')') {
		p = v + 16;
		return number(&p, ve, out) && p == ve - 1 &&
		       *out >= INT32_MIN && *out <= INT32_MAX;
	}
	if (!n || n >= sizeof(name))
		return false;
	memcpy(name, v, n);
	name[n] = '\0';
	if (sp_syscall_nr(arch ? sp_arch_of_call(arch, 0) : sp_arch_native(),
			  name, &nr))
		return false;
	*out = nr;
	return true;
}

static int audit_record(struct sp_log_reader *r, const struct line *l)
{
	struct sp_trace *t = r->t;
	struct sp_log_stats *st = &r->st;
	struct sp_logged_call c = { 0 };
	const char *v, *ve, *p;
	long long pid, nr;
	uint64_t key = serial_key(l->s, l->e);
	uint32_t arch = 0;
	bool interpreted;
	char *exe;
	int idx, rc;

	if (key) {
		rc = sp_keyset_add(&r->seen, key);
		if (rc)
			return rc < 0 ? rc : 0;
	}
	v = field(l->s, l->e, "arch", &ve);
	if (v && !arch_value(v, ve, &arch)) {
		not_understood(r, l, v);
		return 0;
	}
	v = field(l->s, l->e, "syscall", &ve);
	if (!v || !syscall_value(v, ve, arch, &nr)) {
		not_understood(r, l, v);
		return 0;
	}
	/* ausearch -i names the call: its arguments are named too. */
	p = v;
	interpreted = !number(&p, ve, &pid) || p != ve;
	pid = 0;
	c.ev.arch = arch ? sp_arch_of_call(arch, nr) : sp_arch_native();
	if (c.ev.arch == SP_ARCH_UNKNOWN) {
		not_understood(r, l, field(l->s, l->e, "arch", &ve));
		return 0;
	}
	/* A number libseccomp names nothing is kept, as a recording keeps
	 * it (syscall_N): the filter sees it all the same. */
	c.ev.nr = nr;
	v = field(l->s, l->e, "pid", &ve);
	p = v;
	if (!v || !number(&p, ve, &pid))
		pid = 0;
	v = field(l->s, l->e, "exe", &ve);
	/* ausearch -i writes it as it is, blanks and all: up to the next
	 * field. */
	if (v && v[-1] != '"')
		for (ve = v; ve < l->e && !(*ve == ' ' && next_is_field(ve + 1,
							l->e)); ve++)
			;
	exe = v ? exe_of(v, ve, v[-1] == '"') : strdup("?");
	if (!exe)
		return -ENOMEM;
	idx = sp_trace_intern_exe(t, exe);
	free(exe);
	if (idx < 0)
		return idx;
	c.ev.tid = c.ev.tgid = (pid_t)pid;
	c.ev.exe = (uint32_t)idx;
	/* A syscall record's a0..a3: in hex (ffffff9c), or as ausearch -i
	 * names them (AT_FDCWD, 0x7ffd, O_RDONLY|O_CLOEXEC). */
	for (int i = 0; i < 4; i++) {
		char an[3] = { 'a', (char)('0' + i), 0 }, hex[17], *end;
		size_t n;

		v = field(l->s, l->e, an, &ve);
		n = v ? (size_t)(ve - v) : 0;
		if (!n)
			continue;
		if (interpreted) {
			if (arg_value(v, ve, &c.ev.args[i]))
				c.known |= (uint8_t)(1u << i);
			continue;
		}
		if (n >= sizeof(hex))
			continue;
		memcpy(hex, v, n);
		hex[n] = '\0';
		errno = 0;
		c.ev.args[i] = strtoull(hex, &end, 16);
		if (!*end && !errno)
			c.known |= (uint8_t)(1u << i);
	}
	/* One image per (pid, exe): a pid that execs shows both. */
	rc = sp_keyset_add(&r->images,
			   ((uint64_t)(uint32_t)pid << 32 | (uint32_t)idx) + 1);
	if (rc < 0)
		return rc;
	if (!rc && sp_trace_add_process(t, (pid_t)pid, 0, (uint32_t)idx))
		return -ENOMEM;
	rc = r->fn(r->ctx, &c);
	if (!rc)
		st->calls++;
	return rc;
}

int sp_audit_read(struct sp_log_reader *r, const char *name,
		  const char *text, size_t len, struct sp_diag *d)
{
	const char *at = text, *end = text + len;
	struct line l = { 0 };
	size_t records = 0, skipped = r->st.skipped;
	int rc = 0;

	r->bad_line = 0;
	while (!rc && next_line(&at, end, &l)) {
		r->st.lines++;
		if (!is_record(l.s, l.e))
			continue;
		records++;
		rc = audit_record(r, &l);
	}
	if (!rc && !records) {
		sp_diag_set(d, name, 0, 0, NULL, "no audit record of a call "
			    "found (type=1326, type=SECCOMP, type=1300 or "
			    "type=SYSCALL)");
		return -EINVAL;
	}
	/* Records, and none of them read: no trace to make of them. */
	if (!rc && r->st.skipped - skipped == records) {
		sp_diag_set(d, name, r->bad_line, r->bad_column, NULL,
			    "an audit record with no arch or call sandprint "
			    "knows (the first of %zu)", records);
		return -EINVAL;
	}
	return rc;
}
