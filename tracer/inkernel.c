/*
 * The in-kernel recorder's loader and loop (record --via bpf): loads
 * tracer/inkernel.bpf.c with the argument-kind table the caller resolved,
 * starts the workload (or finds it running), follows its processes'
 * events through a ring buffer while it runs (and swaps the program's
 * count maps for fresh ones as they fill), and reads the counted patterns
 * back at the end.
 *
 * The workload is never stopped, traced or filtered.  What it costs is
 * the program's work at each call (its thread's task storage, a hash
 * lookup for the pattern), in the caller's own context.
 *
 * Orderings (the kernel's, relied on here):
 *   - sched_process_fork runs in the parent before the child first runs:
 *     a child is followed from its first instruction.  The command is
 *     forked while sandprint is marked the launcher: its child is pending
 *     until its execve, the workload's first call on the other paths.
 *   - Each process's events (fork, exec, exit) and calls are in the maps
 *     and the ring buffer before it can be reaped: once waitpid says
 *     ECHILD (sandprint is the subreaper: daemons stay its children),
 *     one more pass over the ring buffer has everything.
 *   - An exec's new executable comes as its own event before the process
 *     event that names it, except when two CPUs exec the same new file at
 *     once: ids are therefore resolved to paths only at the end.
 */
#include "tracer/inkernel.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/arch.h"
#include "core/array.h"
#include "core/keyset.h"
#include "core/syscall.h"
#include "tracer/inkernel_abi.h"
#include "tracer/inkernel_btf.h"
#include "tracer/maps.h"
#include "tracer/proc.h"
#include "tracer/signals.h"
#include "tracer/spawn.h"
#include "tracer/static.h"

#include "tracer/inkernel.skel.h"

/* linux/capability.h of Linux >= 5.8. */
#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

#define KERNEL_BTF "/sys/kernel/btf/vmlinux"

/* What names a program's executable id, resolved at the end: a process
 * image whose path had not come yet (two CPUs exec'ing a new file at
 * once), or an object a process image mapped. */
struct later {
	uint32_t proc;       /* index into the trace's processes */
	uint32_t id;
};

struct laters {
	struct later *v;
	size_t n, cap;
};

/* Patterns counted here, not in the program's count maps: the maps it
 * filled, read whole once swapped out (swap_end), and the calls that
 * came through the ring while a map was full (an open-addressing hash;
 * a power-of-two size). */
struct spill_slot {
	struct sp_ik_key key;
	uint64_t count;      /* 0: empty */
	pid_t pid;
};

struct spill {
	struct spill_slot *slots;
	size_t n, cap;
};

/* A count map being put in its slot (swap_start). */
struct swap {
	pthread_t thread;
	int slots;           /* the slot's array */
	int fd;              /* the new map */
	int wake_fd;         /* written when done */
	int err;
	bool done;           /* set by the thread */
	bool running, joined;
};

/* A cgroup as the program knows it: each hierarchy numbers its own. */
struct cgroup_key {
	uint64_t id;
	int hierarchy;
};

/* A growable array of strings indexed by id. */
struct names {
	char **v;
	size_t n;
};

struct rec {
	const struct sp_tracer_opts *opts;
	struct sp_trace *t;
	const struct sp_sink *sink;
	struct sp_diag *d;
	int err;                     /* the first failure, 0 if none */
	struct sp_inkernel *skel;
	struct ring_buffer *rb;
	int procs_fd;
	struct names paths;          /* the program's exe ids */
	uint32_t *exe_index;         /* program's id -> trace index + 1 */
	size_t nexe_index;
	struct laters exes_later;    /* process images' executables */
	struct laters maps;          /* objects mapped as code */
	struct spill spill;
	/* The count map in each of the program's slots (enum sp_ik_table),
	 * and the one swapping in. */
	int table_fd[SP_IK_TABLES];
	struct swap swap[SP_IK_TABLES];
	int swap_wake[2];            /* a swap done wakes the loop */
	int ncpu;                    /* per-CPU values' count */
	/* Attached (-p, --cgroup): the processes followed and alive. */
	struct sp_pidset live;
	bool attached;
	pid_t main_pid;              /* the command, or the first -p pid */
	int guard_fd;                /* the guardian's pipe (guard()), or -1 */
	pid_t guard_pid;             /* it, while it lives and is ours */
	pid_t stand_in_pid;          /* stand_in(), while it lives, or -1 */
	int stand_in_fd;             /* its pipe: closed, it goes */
	bool stand_in_continued;     /* by us, not reported since */
	bool main_reaped;
	/* The stop signal the main process is stopped by, or 0 (reap()). */
	int main_stop;
	/* What record() leaves to settle(): whether it ran, what start()
	 * said, whether the command never ran, PR_GET_CHILD_SUBREAPER's
	 * answer before. */
	bool recorded;
	int start_rc;
	bool never_ran;
	int was_subreaper;
};

static void fail(struct rec *R, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct rec *R, int err, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (R->err)
		return;
	R->err = err;
	R->t->partial = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sp_diag_set(R->d, NULL, 0, 0, NULL, "%s", msg);
}

/* libbpf's last warning, for the sentence that says why loading failed
 * (modules never print). */
static char libbpf_said[160];

static int on_libbpf_print(enum libbpf_print_level level, const char *fmt,
			   va_list ap)
{
	size_t n;

	if (level != LIBBPF_WARN)
		return 0;
	vsnprintf(libbpf_said, sizeof(libbpf_said), fmt, ap);
	n = strlen(libbpf_said);
	while (n && (libbpf_said[n - 1] == '\n' || libbpf_said[n - 1] == ' '))
		libbpf_said[--n] = '\0';
	return 0;
}

static int names_set(struct names *s, size_t id, const char *name)
{
	if (sp_array_cover(&s->v, &s->n, id + 1, sizeof(*s->v)))
		return -ENOMEM;
	free(s->v[id]);
	s->v[id] = strdup(name);
	return s->v[id] ? 0 : -ENOMEM;
}

static void names_fini(struct names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

/* The trace's index of executable id: ours (SP_IK_EXE_USER) are trace
 * indexes already; the program's are interned from the paths its events
 * gave (0, or an id whose event was lost and counted: "?"). */
static int exe_index(struct rec *R, uint32_t id)
{
	int idx;

	if (id & SP_IK_EXE_USER)
		return (int)(id & ~SP_IK_EXE_USER);
	if (id < R->nexe_index && R->exe_index[id])
		return (int)R->exe_index[id] - 1;
	idx = sp_trace_intern_exe(R->t, id < R->paths.n && R->paths.v[id] ?
						R->paths.v[id] : "?");
	if (idx < 0)
		return idx;
	if (sp_array_cover(&R->exe_index, &R->nexe_index, (size_t)id + 1,
			   sizeof(*R->exe_index)))
		return idx;     /* uncached, still right */
	R->exe_index[id] = (uint32_t)idx + 1;
	return idx;
}

static int later(struct laters *l, uint32_t proc, uint32_t id)
{
	if (l->n == l->cap) {
		size_t n = l->cap ? l->cap * 2 : 64;
		struct later *v = realloc(l->v, n * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = n;
	}
	l->v[l->n++] = (struct later){ proc, id };
	return 0;
}

/* A process image, into the trace now (what it maps is noted against
 * it as it comes), its executable's path later if it has not come. */
static int add_image(struct rec *R, pid_t pid, pid_t ppid, uint32_t exe)
{
	bool known = (exe & SP_IK_EXE_USER) ||
		     (exe < R->paths.n && R->paths.v[exe]);
	int idx = known ? exe_index(R, exe) : 0;

	if (idx < 0 || sp_trace_add_process(R->t, pid, ppid, (uint32_t)idx))
		return -ENOMEM;
	return known ? 0 : later(&R->exes_later, (uint32_t)R->t->nprocs - 1,
				 exe);
}

/* An object process pid's current image (its last) mapped as code. */
static int add_mapping(struct rec *R, pid_t pid, uint32_t id)
{
	for (size_t i = R->t->nprocs; i-- > 0;)
		if (R->t->procs[i].pid == pid)
			return later(&R->maps, (uint32_t)i, id);
	return 0;
}

static size_t spill_hash(const struct sp_ik_key *k)
{
	const uint8_t *b = (const void *)k;
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < sizeof(*k); i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return (size_t)(h ^ (h >> 29));
}

static struct spill_slot *spill_find(struct spill_slot *slots, size_t cap,
				     const struct sp_ik_key *k)
{
	size_t i = spill_hash(k) & (cap - 1);

	while (slots[i].count && memcmp(&slots[i].key, k, sizeof(*k)) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static int spill_add(struct spill *sp, const struct sp_ik_key *k, pid_t pid,
		     uint64_t count)
{
	struct spill_slot *s;

	if ((sp->n + 1) * 2 > sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 256;
		struct spill_slot *v = calloc(cap, sizeof(*v));

		if (!v)
			return -ENOMEM;
		for (size_t i = 0; i < sp->cap; i++)
			if (sp->slots[i].count)
				*spill_find(v, cap, &sp->slots[i].key) =
					sp->slots[i];
		free(sp->slots);
		sp->slots = v;
		sp->cap = cap;
	}
	s = spill_find(sp->slots, sp->cap, k);
	if (!s->count) {
		s->key = *k;
		s->pid = pid;
		sp->n++;
	}
	s->count += count;
	return 0;
}

/* The end of the main process, from a wait status. */
static void main_ended(struct rec *R, int status)
{
	if (WIFSIGNALED(status)) {
		R->t->end = SP_END_SIGNALED;
		R->t->status = WTERMSIG(status);
	} else {
		R->t->end = SP_END_EXITED;
		R->t->status = WEXITSTATUS(status);
	}
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct rec *R = ctx;
	const struct sp_ik_event *e = data;
	const struct sp_ik_exe_event *x;
	char path[SP_IK_PATH_MAX + 16];
	int rc = 0;

	if (size < sizeof(*e))
		return 0;
	switch (e->type) {
	case SP_IK_EV_EXE:
		x = data;
		if (size <= sizeof(*e) || size - sizeof(*e) > SP_IK_PATH_MAX)
			break;
		/* Longer than PATH_MAX: its end is not its path, which
		 * /proc/PID/exe does not give either (the other paths'
		 * "?"). */
		if (e->truncated)
			snprintf(path, sizeof(path), "?");
		else
			snprintf(path, sizeof(path), "%.*s%s",
				 (int)(size - sizeof(*e)), x->path,
				 e->deleted ? " (deleted)" : "");
		rc = names_set(&R->paths, e->exe, path);
		break;
	case SP_IK_EV_FORK:
		if (R->attached)
			rc = sp_pidset_add(&R->live, (pid_t)e->pid);
		/* A new process image. */
		__attribute__((fallthrough));
	case SP_IK_EV_EXEC:
		if (!rc)
			rc = add_image(R, (pid_t)e->pid, (pid_t)e->ppid,
				       e->exe);
		break;
	case SP_IK_EV_MAP:
		rc = add_mapping(R, (pid_t)e->pid, e->exe);
		break;
	case SP_IK_EV_CALL:
		if (size >= sizeof(struct sp_ik_call_event))
			rc = spill_add(&R->spill,
				       &((const struct sp_ik_call_event *)data)
						->key,
				       (pid_t)e->pid, 1);
		break;
	case SP_IK_EV_FULL:
		/* Only a wake-up: the loop swaps what the program's flags
		 * ask for (swap_asked), the event or not. */
		break;
	case SP_IK_EV_EXIT:
		if (!R->attached)
			break;
		sp_pidset_remove(&R->live, (pid_t)e->pid);
		if ((pid_t)e->pid == R->main_pid)
			main_ended(R, e->status);
		break;
	default:
		break;
	}
	if (rc)
		fail(R, rc, "cannot record a process: %s", strerror(-rc));
	return 0;
}

/* Why the recorder cannot run here, before trying (one sentence). */
static int unavailable(struct sp_diag *d)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];
	uint64_t eff;
	bool initial;

	if (access(KERNEL_BTF, R_OK)) {
		sp_diag_set(d, NULL, 0, 0, NULL, "this kernel has no BTF type "
			    "information (/sys/kernel/btf/vmlinux)");
		return -EOPNOTSUPP;
	}
	/* A user namespace's capabilities do not reach the kernel's BPF. */
	sp_proc_uid_outside((unsigned)geteuid(), &initial);
	if (!initial) {
		sp_diag_set(d, NULL, 0, 0, NULL, "it needs root in the initial "
			    "user namespace, not in a user namespace such as "
			    "a rootless container's");
		return -EOPNOTSUPP;
	}
	if (syscall(SYS_capget, &hdr, caps))
		return 0;
	eff = caps[0].effective | (uint64_t)caps[1].effective << 32;
	if (!(eff & (1ull << CAP_SYS_ADMIN)) &&
	    (!(eff & (1ull << CAP_BPF)) || !(eff & (1ull << CAP_PERFMON)))) {
		/* Root without them: a container's default set. */
		sp_diag_set(d, NULL, 0, 0, NULL, "it needs %s (CAP_BPF and "
			    "CAP_PERFMON, or CAP_SYS_ADMIN)",
			    geteuid() ? "root" :
					"capabilities this root lacks");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* The descriptors the program (its maps, programs and links), libbpf
 * while it loads, the ring buffer and the loop (the count maps it swaps,
 * their pipe) hold at once: 31 measured on Linux 6.18 before the count
 * maps' slots, 36 after (a recording under way), and some to spare. */
#define SP_IK_FDS 44

static int cannot_load(struct sp_diag *d, const char *what, int err)
{
	char release[128];
	struct rlimit nofile, as, data;

	/* Not the kernel's doing: each map, program and link is a
	 * descriptor, and the caller's limit is sandprint's (ulimit -n). */
	if (err == EMFILE && getrlimit(RLIMIT_NOFILE, &nofile) == 0) {
		sp_diag_set(d, NULL, 0, 0, NULL, "too few file descriptors to "
			    "%s its BPF program: ulimit -n is %llu (it needs "
			    "%d free)", what,
			    (unsigned long long)nofile.rlim_cur, SP_IK_FDS);
		return -EOPNOTSUPP;
	}
	/* Nor is memory the caller's limits leave too little of: the
	 * kernel's types alone are some 5 MB (ulimit -v, -d). */
	if (err == ENOMEM && !getrlimit(RLIMIT_AS, &as) &&
	    !getrlimit(RLIMIT_DATA, &data) &&
	    (as.rlim_cur != RLIM_INFINITY || data.rlim_cur != RLIM_INFINITY)) {
		bool v = as.rlim_cur != RLIM_INFINITY;

		sp_diag_set(d, NULL, 0, 0, NULL, "too little memory to %s its "
			    "BPF program: ulimit -%c is %llu KiB", what,
			    v ? 'v' : 'd',
			    (unsigned long long)(v ? as.rlim_cur :
						     data.rlim_cur) >> 10);
		return -EOPNOTSUPP;
	}
	if (sp_kernel_release(release, sizeof(release)))
		snprintf(release, sizeof(release), "?");
	sp_diag_set(d, NULL, 0, 0, NULL, "Linux %s cannot %s its BPF program "
		    "(it needs 5.17 or later with BTF): %s%s%s", release,
		    what, strerror(err), libbpf_said[0] ? ": " : "",
		    libbpf_said);
	return -EOPNOTSUPP;
}

/* The whole of a file: mapped where the kernel allows it (sysfs BTF
 * since Linux 6.16: no copy), else read to the end (4 KiB at a time from
 * sysfs, whatever the size says).  *mapped says which to release. */
static int read_file(const char *path, uint8_t **out, size_t *len,
		     bool *mapped)
{
	size_t cap = 8 << 20, n = 0;
	uint8_t *b = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
			       fd, 0);

		if (m != MAP_FAILED) {
			close(fd);
			*out = m;
			*len = (size_t)st.st_size;
			*mapped = true;
			return 0;
		}
	}
	b = malloc(cap);
	if (!b) {
		rc = -ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			uint8_t *v = realloc(b, cap *= 2);

			if (!v) {
				rc = -ENOMEM;
				goto out;
			}
			b = v;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = -errno;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
out:
	close(fd);
	if (rc) {
		free(b);
		return rc;
	}
	*out = b;
	*len = n;
	*mapped = false;
	return 0;
}

/* ---- the cut, cached ---- */

/* A cut depends on the running kernel's types, fixed until the next
 * boot, and on this build of sandprint (its program's roots, the cut's
 * code): it is cached under the boot's id and the executable's GNU
 * build ID, so that a recording after the first of a boot does not cut
 * again (0.5 ms of CPU here, "Start-up of --via bpf" in
 * bench/RESULTS.md).  One file, replaced whole when either differs. */
#define CUT_MAGIC "sandprint-btf 1\n"  /* 16 bytes: format version */
#define CUT_FILE "kernel-btf-cut"
#define CUT_MAX (4u << 20)

struct cut_head {
	char magic[16];
	uint32_t keylen, len;
	uint64_t sum;           /* sp_hash_bytes of the key and the cut */
};

/* The executable's GNU build ID, as hex in out (its first object). */
static int build_id(struct dl_phdr_info *info, size_t size, void *out)
{
	(void)size;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const uint8_t *p, *end;

		if (ph->p_type != PT_NOTE)
			continue;
		p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr);
		end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *n = (const void *)p;
			const uint8_t *name = p + sizeof(*n);
			const uint8_t *desc = name + ((n->n_namesz + 3) & ~3u);

			p = desc + ((n->n_descsz + 3) & ~3u);
			if (p > end)
				break;
			if (n->n_type != NT_GNU_BUILD_ID || n->n_namesz != 4 ||
			    memcmp(name, "GNU", 4) || !n->n_descsz ||
			    n->n_descsz > 64)
				continue;
			for (size_t k = 0; k < n->n_descsz; k++)
				sprintf((char *)out + 2 * k, "%02x", desc[k]);
			return 1;
		}
	}
	return 1;               /* the executable alone */
}

/* The cut's key: "BOOT_ID BUILD_ID"; -1 without either. */
static int cut_key(char *key, size_t len)
{
	char boot[64] = "", build[129] = "";
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, boot, sizeof(boot) - 1);

	if (fd >= 0)
		close(fd);
	if (n < 32)
		return -1;
	boot[n] = '\0';
	boot[strcspn(boot, "\n")] = '\0';
	dl_iterate_phdr(build_id, build);
	if (!build[0])
		return -1;
	n = snprintf(key, len, "%s %s", boot, build);
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* The cached cut of key, whole and intact, or NULL (*len its size). */
static void *cut_cached(int dir, const char *key, size_t *len)
{
	size_t klen = strlen(key);
	struct cut_head h;
	struct stat st;
	uint8_t *b = NULL;
	/* Not blocked by what is not a file (a FIFO waits for a writer):
	 * fstat says it is none. */
	int fd = openat(dir, CUT_FILE,
			O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size < (off_t)sizeof(h) ||
	    st.st_size > (off_t)(sizeof(h) + 256 + CUT_MAX) ||
	    read(fd, &h, sizeof(h)) != (ssize_t)sizeof(h) ||
	    memcmp(h.magic, CUT_MAGIC, sizeof(h.magic)) || h.keylen != klen ||
	    st.st_size != (off_t)(sizeof(h) + klen + h.len) ||
	    !(b = malloc(klen + h.len)) ||
	    read(fd, b, klen + h.len) != (ssize_t)(klen + h.len) ||
	    memcmp(b, key, klen) ||
	    sp_hash_bytes(0, b, klen + h.len) != h.sum) {
		free(b);
		close(fd);
		return NULL;
	}
	close(fd);
	memmove(b, b + klen, h.len);
	*len = h.len;
	return b;
}

/* Best effort: a cache that cannot be written only costs time.  Written
 * to a name of this process's own, then renamed over the cached one:
 * another sandprint reads the old cut or the whole new one.  A new file
 * only: whatever has that name already (a FIFO would block the open, a
 * link's other name be truncated) is left, and nothing is kept. */
static void cut_store(int dir, const char *key, const void *cut, size_t len)
{
	struct cut_head h = { .keylen = (uint32_t)strlen(key),
			      .len = (uint32_t)len };
	char tmp[64];
	bool ok;
	int fd;

	if (len > CUT_MAX)
		return;
	memcpy(h.magic, CUT_MAGIC, sizeof(h.magic));
	h.sum = sp_hash_bytes(sp_hash_bytes(0, key, h.keylen), cut, len);
	snprintf(tmp, sizeof(tmp), CUT_FILE ".%ld", (long)getpid());
	fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				      O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	ok = write(fd, &h, sizeof(h)) == (ssize_t)sizeof(h) &&
	     write(fd, key, h.keylen) == (ssize_t)h.keylen &&
	     write(fd, cut, len) == (ssize_t)len;
	close(fd);
	if (!ok || renameat(dir, tmp, dir, CUT_FILE))
		unlinkat(dir, tmp, 0);
}

/* The kernel's types the program relocates against, cut to the structs
 * its relocations start from (tracer/inkernel_btf.h), in a memfd: its
 * /proc path in path.  0, or -errno (then libbpf reads the whole of the
 * kernel's BTF). */
static int cut_kernel_btf(char *path, size_t len, int *memfd)
{
	size_t olen = 0, nnames = 0, klen = 0, clen = 0;
	const void *obj = sp_inkernel__elf_bytes(&olen);
	const char **names = NULL;
	uint8_t *kbtf = NULL;
	void *cut = NULL;
	bool mapped = false;
	int rc = 0, fd = -1, dir = sp_static_cache_open();
	char key[256];
	bool keyed = dir >= 0 && !cut_key(key, sizeof(key));

	if (keyed)
		cut = cut_cached(dir, key, &clen);
	if (!cut) {
		rc = sp_inkernel_btf_roots(obj, olen, &names, &nnames);
		if (!rc)
			rc = read_file(KERNEL_BTF, &kbtf, &klen, &mapped);
		if (!rc) {
			rc = sp_inkernel_btf_cut(kbtf, klen, names, nnames,
						 true, &cut, &clen);
			if (mapped)
				munmap(kbtf, klen);
			else
				free(kbtf);
		}
		if (!rc && keyed)
			cut_store(dir, key, cut, clen);
	}
	if (dir >= 0)
		close(dir);
	if (rc)
		goto out;
	fd = memfd_create("sandprint-btf", MFD_CLOEXEC);
	if (fd < 0 || write(fd, cut, clen) != (ssize_t)clen) {
		rc = fd < 0 ? -errno : -EIO;
		goto out;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	*memfd = fd;
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	free(cut);
	free(names);
	return rc;
}

/* The arch of each ABI the program tells apart. */
static enum sp_arch arch_of(enum sp_ik_abi abi)
{
	switch (abi) {
	case SP_IK_NATIVE:
		return sp_arch_native();
	case SP_IK_COMPAT:
		return SP_ARCH_X86;
	case SP_IK_X32:
		return SP_ARCH_X32;
	case SP_IK_ABIS:
		break;
	}
	return SP_ARCH_UNKNOWN;
}

size_t sp_inkernel_arches(enum sp_arch out[SP_INKERNEL_ARCHES])
{
	for (int abi = 0; abi < SP_IK_ABIS; abi++)
		out[abi] = arch_of((enum sp_ik_abi)abi);
	return SP_IK_ABIS;
}

/* The map of signals sent to the workload (sigs), for the handler. */
static int sigs_fd = -1;

/* Looks up and uses up what the program saw of signal sig sent to tgid.
 * Map calls: system calls, async-signal-safe. */
static bool take_sent(pid_t tgid, int sig, struct sp_ik_sig_sent *v)
{
	struct sp_ik_sig_key k = { .tgid = (__u32)tgid, .sig = (__u32)sig };

	if (bpf_map_lookup_elem(sigs_fd, &k, v))
		return false;
	bpf_map_delete_elem(sigs_fd, &k);
	return true;
}

/* tracer/signals.h's witness: whether the program saw process pid sent
 * the signal of si by the same call that sent it to sandprint (a kill of
 * a group both are in), not merely by the same sender earlier; both
 * used up. */
static bool witnessed(pid_t pid, const siginfo_t *si)
{
	struct sp_ik_sig_sent w, me;
	bool to_w, to_me;

	if (sigs_fd < 0)
		return false;
	to_w = take_sent(pid, si->si_signo, &w);
	to_me = take_sent(getpid(), si->si_signo, &me);
	return to_w && to_me && w.sender == (__u32)si->si_pid &&
	       w.code == si->si_code && me.sender == w.sender &&
	       me.code == w.code && me.by == w.by && me.call == w.call &&
	       me.target == w.target;
}

/* The initial pid namespace's inode (PROC_PID_INIT_INO,
 * include/linux/proc_ns.h). */
#define PID_NS_INITIAL 0xeffffffcu

/* The inode of sandprint's pid namespace, 0 where it is the initial one:
 * in another (a container's), the program numbers processes as sandprint
 * sees them, not as the kernel does (tgid_of, inkernel.bpf.c). */
static __u32 own_pidns(void)
{
	struct stat st;

	if (stat("/proc/self/ns/pid", &st) || st.st_ino == PID_NS_INITIAL)
		return 0;
	return (__u32)st.st_ino;
}

/* Whether SP_IK_FDS descriptors are free below the limit: asked first,
 * since libbpf retries a map that failed with EMFILE without its BTF
 * and reports the kernel's EINVAL (the kernel's fault, by its words). */
static int enough_fds(struct sp_diag *d)
{
	int fds[SP_IK_FDS], n = 0;
	struct rlimit nofile;

	fds[0] = open("/", O_PATH | O_CLOEXEC);
	if (fds[0] >= 0)
		for (n = 1; n < SP_IK_FDS; n++) {
			fds[n] = fcntl(fds[0], F_DUPFD_CLOEXEC, 0);
			if (fds[n] < 0)
				break;
		}
	for (int i = 0; i < n; i++)
		close(fds[i]);
	if (n == SP_IK_FDS || errno != EMFILE ||
	    getrlimit(RLIMIT_NOFILE, &nofile))
		return 0;
	sp_diag_set(d, NULL, 0, 0, NULL, "too few file descriptors for its "
		    "BPF program: ulimit -n is %llu, %d of them free; it needs "
		    "%d", (unsigned long long)nofile.rlim_cur, n, SP_IK_FDS);
	return -EOPNOTSUPP;
}

/* Loads and attaches the program with the argument-kind table. */
static void close_tables(struct rec *R)
{
	for (int i = 0; i < SP_IK_TABLES; i++) {
		if (R->table_fd[i] >= 0)
			close(R->table_fd[i]);
		R->table_fd[i] = -1;
	}
}

/* A count map of table's shape (the program's struct counts_map,
 * struct patterns_map): an fd, or -errno.  The first ones are named as
 * the program's maps, those swapped in after them "counts_next" and
 * "patterns_next" (as bpftool lists them). */
static int new_table(enum sp_ik_table table, bool first)
{
	LIBBPF_OPTS(bpf_map_create_opts, o, .map_flags = BPF_F_NO_PREALLOC);
	int fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_HASH,
				table == SP_IK_TABLE_COUNTS ?
					(first ? "counts_first" : "counts_next") :
					(first ? "patterns_first" :
						 "patterns_next"),
				table == SP_IK_TABLE_COUNTS ?
					sizeof(__u64) :
					sizeof(struct sp_ik_key),
				sizeof(struct sp_ik_count), SP_IK_COUNT_MAX,
				&o);

	return fd < 0 ? -errno : fd;
}

static int load(struct rec *R, const struct cgroup_key *cgroup)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo);
	char btf_path[64];
	const char *what = "open";
	struct sp_inkernel *s;
	int rc, memfd = -1;

	rc = unavailable(R->d);
	if (!rc)
		rc = enough_fds(R->d);
	if (rc)
		return rc;
	libbpf_said[0] = '\0';
	libbpf_set_print(on_libbpf_print);
	/* Out of memory, libbpf would not read the whole either (and
	 * says ESRCH, "no kernel BTF"). */
	rc = cut_kernel_btf(btf_path, sizeof(btf_path), &memfd);
	if (rc == -ENOMEM)
		return cannot_load(R->d, "read the kernel's types for", ENOMEM);
	if (rc == 0)
		oo.btf_custom_path = btf_path;
	s = sp_inkernel__open_opts(&oo);
	if (!s) {
		rc = errno;
		goto fail;
	}
	s->rodata->execve_nr = SYS_execve;
	s->rodata->execveat_nr = SYS_execveat;
	s->rodata->cgroup_id = cgroup->id;
	s->rodata->cgroup_hierarchy = cgroup->hierarchy;
	s->rodata->attached = R->attached;
	s->rodata->self_tgid = (__u32)getpid();
	s->rodata->pidns_ino = own_pidns();
	for (int abi = 0; abi < SP_IK_ABIS; abi++) {
		enum sp_arch arch = arch_of((enum sp_ik_abi)abi);
		/* The structs the program reads (read_flags), by the
		 * number in the table (x32's without its bit), in every ABI
		 * (a 32-bit program's calls read the same structs). */
		int64_t nr, clone3 = -1, openat2 = -1;

		if (sp_syscall_nr(arch, "clone3", &nr) == 0)
			clone3 = nr & ~(int64_t)SP_IK_X32_BIT;
		if (sp_syscall_nr(arch, "openat2", &nr) == 0)
			openat2 = nr & ~(int64_t)SP_IK_X32_BIT;
		/* i386 maps with mmap2 (its mmap takes a struct). */
		s->rodata->mmap_nr[abi] =
			sp_syscall_nr(arch, "mmap2", &nr) == 0 ||
					sp_syscall_nr(arch, "mmap", &nr) == 0 ?
				nr :
				-1;
		for (int64_t i = 0; i < SP_IK_KEEP_NR; i++) {
			const struct sp_keep *k = &R->opts->keep[arch][i];
			struct sp_ik_keep *to =
				&s->rodata->keeps[abi * SP_IK_KEEP_NR + i];
			/* clone3's struct clone_args (argument 0), openat2's
			 * struct open_how (2): the bit tells the program
			 * which; a pointer to any other struct is dropped
			 * here, as the program dropped it. */
			uint8_t read = k->read & (i == clone3 ? 1 :
						  i == openat2 ? 4 :
								 0);

			to->kept = k->kept & (uint8_t)~(k->read & ~read);
			to->wide = k->wide;
			to->read = read;
		}
	}
	/* Only --cgroup needs to see attachments; a running command, the
	 * signals its processes are sent. */
	if (!cgroup->id)
		bpf_program__set_autoload(s->progs.sp_ik_attach, false);
	bpf_program__set_autoload(cgroup->id && !cgroup->hierarchy ?
				  s->progs.sp_ik_fork : s->progs.sp_ik_fork_v2,
				  false);
	if (R->attached)
		bpf_program__set_autoload(s->progs.sp_ik_signal, false);
	/* The first count maps made here: each is the program's own (an
	 * empty slot's) and its slots' template, which libbpf would
	 * otherwise make and throw away (a bucket array zeroed for
	 * nothing). */
	rc = 0;
	for (int i = 0; i < SP_IK_TABLES && !rc; i++) {
		bool small = i == SP_IK_TABLE_COUNTS;
		int fd = new_table((enum sp_ik_table)i, true);

		R->table_fd[i] = fd;
		rc = fd < 0 ? fd :
			      bpf_map__reuse_fd(small ? s->maps.counts_first :
							s->maps.patterns_first,
						fd);
		if (!rc)
			rc = bpf_map__set_inner_map_fd(small ? s->maps.counts :
							       s->maps.patterns,
						       fd);
	}
	if (rc) {
		rc = -rc;
		what = "load";
		sp_inkernel__destroy(s);
		goto fail;
	}
	if (sp_inkernel__load(s)) {
		rc = errno;
		what = "load";
		sp_inkernel__destroy(s);
		goto fail;
	}
	if (memfd >= 0)
		close(memfd);
	memfd = -1;
	if (sp_inkernel__attach(s)) {
		rc = errno;
		sp_inkernel__destroy(s);
		return cannot_load(R->d, "attach", rc);
	}
	R->rb = ring_buffer__new(bpf_map__fd(s->maps.events), on_event, R,
				 NULL);
	if (!R->rb) {
		rc = errno;
		sp_inkernel__destroy(s);
		return cannot_load(R->d, "read the events of", rc);
	}
	R->ncpu = libbpf_num_possible_cpus();
	if (R->ncpu <= 0) {
		ring_buffer__free(R->rb);
		R->rb = NULL;
		sp_inkernel__destroy(s);
		return cannot_load(R->d, "count the CPUs of", -R->ncpu);
	}
	R->skel = s;
	R->procs_fd = bpf_map__fd(s->maps.procs);
	sigs_fd = bpf_map__fd(s->maps.sigs);
	return 0;
fail:
	if (memfd >= 0)
		close(memfd);
	close_tables(R);
	return cannot_load(R->d, what, rc);
}

/* Whether process pid is there and not a zombie (one will never call
 * again, nor report its exit to the program); a zombie leader whose
 * threads run on is alive. */
static bool alive(pid_t pid)
{
	return sp_proc_live_thread(pid) != 0;
}

/* Follows running process pid from now on (its threads are its tgid's).
 * 1 when it was new, 0 when followed already, -ESRCH when it is not a
 * running process, another -errno on failure. */
static int follow(struct rec *R, pid_t pid)
{
	struct sp_ik_proc p = { .state = SP_IK_ACTIVE };
	pid_t tgid = 0, ppid = 0;
	__u32 key = (__u32)pid;
	int idx, rc;

	if (pid == getpid())
		return 0;
	if (sp_proc_ids(pid, &tgid, &ppid) || tgid != pid || !alive(pid))
		return -ESRCH;
	idx = sp_proc_exe(R->t, pid, NULL);
	if (idx < 0)
		return idx;
	p.exe = SP_IK_EXE_USER | (uint32_t)idx;
	p.ppid = (__u32)ppid;
	if (bpf_map_update_elem(R->procs_fd, &key, &p, BPF_NOEXIST))
		return errno == EEXIST ? 0 : -errno;
	/* Gone before it was in the map: no exit event will say so. */
	if (!alive(pid)) {
		bpf_map_delete_elem(R->procs_fd, &key);
		return -ESRCH;
	}
	rc = add_image(R, pid, ppid, p.exe);
	/* What it mapped before we came (tracer/maps.h). */
	if (!rc && sp_maps_read(R->t, pid) == -ENOMEM)
		rc = -ENOMEM;
	if (!rc)
		rc = sp_pidset_add(&R->live, pid);
	return rc ? rc : 1;
}

/* One pass over the cgroup's processes and its descendants' (the
 * cgroup.procs of each directory): follows the new ones.  The number
 * of processes found (followed or not), or -errno. */
static long cgroup_pass(struct rec *R, const char *dir, int depth)
{
	char path[PATH_MAX];
	long found = 0, r;
	struct dirent *e;
	FILE *f;
	DIR *dp;

	if (snprintf(path, sizeof(path), "%s/cgroup.procs", dir) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 0 : -errno;  /* removed: empty */
	for (int pid; fscanf(f, "%d", &pid) == 1;) {
		/* sandprint, run from inside the cgroup it records, neither
		 * follows nor counts itself: it would wait for itself. */
		if (pid == getpid())
			continue;
		found++;
		if (!R->skel)
			continue;       /* only counting */
		r = follow(R, pid);
		if (r < 0 && r != -ESRCH) {
			fclose(f);
			return r;
		}
	}
	fclose(f);
	if (depth >= 64)
		return found;
	dp = opendir(dir);
	if (!dp)
		return found;
	while ((e = readdir(dp))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(path))
			continue;
		r = cgroup_pass(R, path, depth + 1);
		if (r < 0) {
			closedir(dp);
			return r;
		}
		found += r;
	}
	closedir(dp);
	return found;
}

/* Whether no process is left in the cgroup or below it. */
static bool cgroup_is_empty(struct rec *R)
{
	struct sp_inkernel *s = R->skel;
	long n;

	R->skel = NULL;         /* count, follow nothing */
	n = cgroup_pass(R, R->opts->cgroup, 0);
	R->skel = s;
	return n <= 0;
}

/* Whether every one of the comma-separated names in list is among the
 * comma-separated options opts. */
static bool all_in(const char *list, const char *opts)
{
	for (const char *n = list; *n;) {
		size_t len = strcspn(n, ","), olen;
		bool found = false;

		for (const char *o = opts; *o && !found;) {
			olen = strcspn(o, ",");
			found = olen == len && strncmp(o, n, len) == 0;
			o += olen + (o[olen] == ',');
		}
		if (!found)
			return false;
		n += len + (n[len] == ',');
	}
	return true;
}

/* The number /proc/self/cgroup gives the v1 hierarchy mounted from dev:
 * the line whose controllers (or name=) are among the options its mount
 * has (/proc/self/mountinfo); -1 when none is. */
static int v1_hierarchy(dev_t dev)
{
	char line[4096], opts[512] = "", want[32];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int id = -1;

	snprintf(want, sizeof(want), "%u:%u", major(dev), minor(dev));
	while (f && !opts[0] && fgets(line, sizeof(line), f)) {
		char devs[32], type[64], o[512];
		const char *dash = strstr(line, " - ");

		if (dash && sscanf(line, "%*s %*s %31s", devs) == 1 &&
		    strcmp(devs, want) == 0 &&
		    sscanf(dash + 3, "%63s %*s %511s", type, o) == 2 &&
		    strcmp(type, "cgroup") == 0)
			snprintf(opts, sizeof(opts), "%s", o);
	}
	if (f)
		fclose(f);
	f = opts[0] ? fopen("/proc/self/cgroup", "re") : NULL;
	while (f && id < 0 && fgets(line, sizeof(line), f)) {
		char ctl[256];
		int n;

		if (sscanf(line, "%d:%255[^:]:", &n, ctl) == 2 && n > 0 &&
		    all_in(ctl, opts))
			id = n;
	}
	if (f)
		fclose(f);
	return id;
}

/* The cgroup directory path as the program knows it (its inode number,
 * which is what the kernel's cgroup ids are, and its hierarchy), or
 * -errno with d set. */
static int cgroup_key_of(const char *path, struct cgroup_key *key,
			 struct sp_diag *d)
{
	struct statfs fs;
	struct stat st;

	if (statfs(path, &fs) || stat(path, &st)) {
		int err = errno;

		sp_diag_set(d, NULL, 0, 0, NULL, "--cgroup %s: %s", path,
			    strerror(err));
		return -err;
	}
	if ((fs.f_type != CGROUP2_SUPER_MAGIC &&
	     fs.f_type != CGROUP_SUPER_MAGIC) || !S_ISDIR(st.st_mode)) {
		sp_diag_set(d, NULL, 0, 0, NULL, "--cgroup %s: not a cgroup "
			    "directory", path);
		return -EINVAL;
	}
	key->id = st.st_ino;
	key->hierarchy = fs.f_type == CGROUP2_SUPER_MAGIC ?
				 0 :
				 v1_hierarchy(st.st_dev);
	if (key->hierarchy < 0) {
		sp_diag_set(d, NULL, 0, 0, NULL, "--cgroup %s: its hierarchy "
			    "is not among this process's (/proc/self/cgroup)",
			    path);
		return -EINVAL;
	}
	return 0;
}

/* SIGKILLs followed process tgid through a pidfd taken while the program
 * still follows it: the program forgets a process at its last thread's
 * exit, before it is reaped and its pid can be reused, so the pidfd is
 * that process's, never one that took its pid since. */
static void kill_followed(int procs_fd, __u32 tgid)
{
	struct sp_ik_proc v;
	int fd = (int)syscall(SYS_pidfd_open, (pid_t)tgid, 0);

	if (fd < 0)
		return;
	if (!bpf_map_lookup_elem(procs_fd, &tgid, &v))
		syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0);
	close(fd);
}

/* The guardian: if sandprint dies (SIGKILL) before its workload, the
 * workload dies too, as on the ptrace paths (PTRACE_O_EXITKILL), rather
 * than run on unrecorded.  A child in its own process group (a
 * terminal's ^C is not for it), holding the program's links and maps,
 * waits on a pipe: a byte says the recording ended; end of file, that
 * sandprint died.  It then kills every process the program follows, until
 * none is left (the program, still attached, follows what they fork
 * meanwhile), and goes, taking the program with it.  Being sandprint's
 * child, it is the one child the loop does not wait for (reap()).
 * Returns the pipe's write end, or -1 (no guardian: a killed sandprint
 * leaves the workload running, nothing else). */
static int guard(struct rec *R)
{
	int fds[2];
	pid_t p;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	p = fork();
	if (p == 0) {
		char c;

		sp_signals_unhold();
		setpgid(0, 0);
		close(fds[1]);
		for (int fd = 0; fd < 3; fd++)
			close(fd);
		if (read(fds[0], &c, 1) != 0)
			_exit(0);
		for (;;) {
			__u32 key, next;
			struct sp_ik_proc v;
			bool any = false, first = true;

			while (!bpf_map_get_next_key(R->procs_fd,
						     first ? NULL : &key,
						     &next)) {
				key = next;
				first = false;
				if (bpf_map_lookup_elem(R->procs_fd, &next, &v) ||
				    v.state == SP_IK_LAUNCHER)
					continue;
				kill_followed(R->procs_fd, next);
				any = true;
			}
			if (!any)
				_exit(0);
			usleep(1000);
		}
	}
	close(fds[0]);
	if (p < 0) {
		close(fds[1]);
		return -1;
	}
	/* Its own group from here, whichever of us runs first: a signal to
	 * sandprint's group (a terminal's ^C) must never reach it, even
	 * before it is scheduled (under load, after the workload has
	 * started). */
	setpgid(p, p);
	R->guard_pid = p;
	return fds[1];
}

/* The stand-in: sandprint's child in the workload's process group in
 * sandprint's place while sandprint is out of it (sp_signals_step_out,
 * tracer/signals.h).  It keeps the group alive while the workload is
 * started into it (a group sandprint led alone is gone when it leaves),
 * and takes what the group is sent as the workload starts to: a stop
 * signal stops it (unless the caller ignored it), SIGCONT continues it,
 * SIGKILL kills it, SIGINT and SIGTERM it relays to sandprint
 * (sp_signals_relay), anything else it ignores; what the caller blocked
 * it blocks, as the workload.  Nobody else knows its pid: its stops are
 * the group's, which reap() notes (continuing it at once) and sandprint
 * follows (a job stops with its main process).  It holds no descriptor
 * but its pipe's read end, goes with sandprint (PR_SET_PDEATHSIG) and is sent
 * away once the main process is reaped (let_stand_in_go): the job was the
 * main process's.  Returns its pid (*fd the pipe's write end), or -1. */
static pid_t stand_in(int *fd)
{
	pid_t parent = getpid(), p;
	sigset_t all, mask, ignored;
	int fds[2];

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	/* The stops as the caller left them (sp_signals_ignored: sandprint's
	 * handlers are in place), asked here, not in each copy of
	 * sandprint's pages the child touches. */
	sp_signals_ignored(&ignored);
	/* No handler of sandprint's runs in it before its own are set. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &mask);
	p = fork();
	if (p == 0) {
		char c;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(0);
		if (dup2(fds[0], 0) != 0)
			_exit(0);
		if (syscall(SYS_close_range, 1, ~0u, 0))
			for (int i = 1; i < 1024; i++)
				close(i);
		/* Not the relayed ones, not even for an instant: the
		 * group's SIGINT pending since before this child ran (a
		 * ^C as the workload started) would be dropped, and the
		 * user's second ^C taken for the first. */
		for (int sig = 1; sig < NSIG; sig++) {
			if (sig == SIGKILL || sig == SIGSTOP ||
			    sp_signals_relayed(sig))
				continue;
			if (sig == SIGTSTP || sig == SIGTTIN ||
			    sig == SIGTTOU || sig == SIGCONT)
				signal(sig, sigismember(&ignored, sig) == 1 ?
						    SIG_IGN : SIG_DFL);
			else
				signal(sig, SIG_IGN);
		}
		sp_signals_relay(parent);
		/* The caller's mask, the workload's (tracer/spawn.h): a
		 * signal it blocks (a ^C, a ^Z) is held, never taken, by
		 * the workload, and must not be by its stand-in (relayed,
		 * a ^C twice would kill the workload). */
		sigprocmask(SIG_SETMASK, &mask, NULL);
		/* Its relays (SA_RESTART) before it goes: a signal the
		 * group got before the main process died of it is told. */
		while (read(0, &c, 1) != 0)
			;
		_exit(0);
	}
	sigprocmask(SIG_SETMASK, &mask, NULL);
	close(fds[0]);
	if (p < 0) {
		close(fds[1]);
		return -1;
	}
	*fd = fds[1];
	return p;
}

/* Waits up to ms milliseconds for our child pid to be gone (a signal
 * caught meanwhile does not cut the wait short); it stays to be reaped. */
static void wait_gone(pid_t pid, int ms)
{
	struct pollfd gone = {
		.fd = (int)syscall(SYS_pidfd_open, pid, 0),
		.events = POLLIN,
	};
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (int left = ms; gone.fd >= 0 && left > 0;) {
		if (poll(&gone, 1, left) >= 0 || errno != EINTR)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = ms - (int)((now.tv_sec - start.tv_sec) * 1000 +
				  (now.tv_nsec - start.tv_nsec) / 1000000);
	}
	if (gone.fd >= 0)
		close(gone.fd);
}

/* Sends the stand-in away: the job it stood in for is over, or never
 * started.  It relays what it has pending first (the ^C the main process
 * died of), continued if it was stopped, and exits; reap() or
 * end_stand_in() reaps it.  Not waited for here: its last relays and its
 * exit go on beside the end of the recording (the count maps read, the
 * program destroyed), 0.2-0.3 ms of wall time on a free CPU. */
static void let_stand_in_go(struct rec *R)
{
	if (R->stand_in_fd >= 0) {
		close(R->stand_in_fd);
		R->stand_in_fd = -1;
	}
	if (R->stand_in_pid > 0)
		kill(R->stand_in_pid, SIGCONT);
}

/* Sends the stand-in away if it is not yet, and reaps it (what it relays
 * meanwhile is taken as it waits); not gone within a second, it is
 * killed. */
static void end_stand_in(struct rec *R)
{
	let_stand_in_go(R);
	if (R->stand_in_pid <= 0)
		return;
	wait_gone(R->stand_in_pid, 1000);
	kill(R->stand_in_pid, SIGKILL);
	while (waitpid(R->stand_in_pid, NULL, __WALL) < 0 && errno == EINTR)
		;
	sp_signals_stand_in(0);
	R->stand_in_pid = -1;
	R->stand_in_continued = false;
}

/* Sends the guardian away: the recording ended.  It is waited for by
 * unguarded(), once sandprint has destroyed its own copy of the program
 * (its exit beside that). */
static void unguard(struct rec *R)
{
	if (R->guard_fd < 0)
		return;
	/* Gone already (killed by someone): nothing to tell, and no
	 * SIGPIPE for sandprint, which would die of it (its disposition is
	 * the caller's, default). */
	sigset_t pipe_set, old;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	if (write(R->guard_fd, "e", 1) < 0 && errno == EPIPE &&
	    !sigismember(&old, SIGPIPE)) {
		struct timespec now = { 0, 0 };

		sigtimedwait(&pipe_set, NULL, &now);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	close(R->guard_fd);
	R->guard_fd = -1;
}

/* Waits for the guardian sent away (it goes at once): nothing of the
 * recording outlives sandprint, neither its program nor a zombie handed
 * to sandprint's caller to reap.  A second at most: one someone stopped
 * is left. */
static void unguarded(struct rec *R)
{
	if (R->guard_pid > 0) {
		wait_gone(R->guard_pid, 1000);
		waitpid(R->guard_pid, NULL, WNOHANG);
		R->guard_pid = -1;
	}
}

/* Forks the command while sandprint is the launcher (its child is
 * followed from before it runs, recorded from its execve on).  Errors
 * before exec come back on *errfd. */
static int launch(struct rec *R, const char *path, uint32_t exe,
		  int *errfd)
{
	struct sp_ik_proc self = { .exe = exe, .state = SP_IK_LAUNCHER };
	__u32 key = (__u32)getpid();
	char **sh_argv = sp_spawn_sh_argv(path, R->opts->argv);
	sigset_t ignored, all, mask;
	struct sp_spawn_kept kept;
	int err[2], verr;
	pid_t p, job;
	bool out = false;

	sp_signals_ignored(&ignored);
	/* Out of the job's group before the fork, the stand-in holding it:
	 * the workload's first call may be its kill of the group. */
	if (R->stand_in_pid > 0) {
		out = sp_signals_step_out(R->guard_pid);
		if (!out)
			end_stand_in(R);
	}
	job = sp_signals_job_pgrp();
	if (pipe2(err, O_CLOEXEC)) {
		fail(R, -errno, "cannot create a pipe: %s", strerror(errno));
		free(sh_argv);
		return R->err;
	}
	if (bpf_map_update_elem(R->procs_fd, &key, &self, BPF_ANY)) {
		fail(R, -errno, "cannot follow the workload: %s",
		     strerror(errno));
		close(err[0]);
		close(err[1]);
		free(sh_argv);
		return R->err;
	}
	/* vfork: sandprint's address space is not copied for an exec (nor
	 * torn down at it), 0.3 ms.  The child shares sandprint's memory
	 * until it execs: it makes system calls only, and no handler of
	 * sandprint's runs in it (signals blocked until they are reset). */
	sp_spawn_take_kept(&kept);
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &mask);
	p = vfork();
	verr = errno;
	if (p == 0) {
		struct sp_spawn_error e = { 3, 0 };

		/* In the caller's job (the stand-in keeps the group), as
		 * the other paths start it (tracer/spawn.h): the caller's
		 * signal state, exec as execvp. */
		if (out)
			(void)setpgid(0, job);
		sp_spawn_restore_signals(&ignored);
		sp_spawn_restore_limits();
		sigprocmask(SIG_SETMASK, &mask, NULL);
		sp_spawn_hand_kept(&kept);
		sp_spawn_exec(path, R->opts->argv, sh_argv);
		e.err = errno;
		if (write(err[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	/* Signals are forwarded to it from before they are unblocked: it
	 * has exec'd, and may have been sent one through sandprint. */
	if (p > 0) {
		sp_signals_forward(p);
		sp_spawn_drop_kept(&kept);
	}
	sigprocmask(SIG_SETMASK, &mask, NULL);
	sp_signals_open();
	free(sh_argv);
	bpf_map_delete_elem(R->procs_fd, &key);
	close(err[1]);
	if (p < 0) {
		close(err[0]);
		fail(R, -verr, "cannot fork: %s", strerror(verr));
		return R->err;
	}
	R->main_pid = p;
	*errfd = err[0];
	return 0;
}

/* Takes every exit reported so far, and the main process's stops (for
 * sp_signals_take_stop).  True when no child is left (but the guardian). */
static bool reap(struct rec *R)
{
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, __WALL | WNOHANG | WUNTRACED |
						      WCONTINUED);

		if (pid > 0 && pid == R->stand_in_pid) {
			/* The job's group was stopped or continued, or
			 * killed.  Its stop noted, the stand-in goes on at
			 * once: stopped, it would hold the group's SIGINT
			 * and SIGTERM unrelayed until a SIGCONT, which
			 * never comes where the main process took the ^Z
			 * without stopping (a handler of its own: natively
			 * nothing stops), and a ^C, a "kill %1" after it
			 * would not be the user's end.  sandprint stops
			 * for the job, as the main process does. */
			if (WIFSTOPPED(status)) {
				sp_signals_job_stopped(WSTOPSIG(status));
				R->stand_in_continued =
					kill(pid, SIGCONT) == 0;
			} else if (WIFCONTINUED(status)) {
				if (R->stand_in_continued)
					R->stand_in_continued = false;
				else
					sp_signals_job_stopped(0);
			} else {
				R->stand_in_pid = -1;
				/* Gone after the main process: its relays
				 * are all in, sandprint goes back. */
				if (R->main_reaped)
					sp_signals_step_in();
			}
			if (R->stand_in_pid < 0)
				sp_signals_stand_in(0);
			continue;
		}
		if (pid > 0 && (WIFSTOPPED(status) || WIFCONTINUED(status))) {
			if (pid == R->main_pid)
				R->main_stop = WIFSTOPPED(status) ?
						       WSTOPSIG(status) : 0;
			continue;
		}
		if (pid > 0) {
			if (pid == R->main_pid) {
				/* Its pid may be anyone's now: signals go
				 * to the daemons it left. */
				sp_signals_main_gone(R->guard_pid,
						     R->opts->on_left,
						     R->opts->ctx);
				main_ended(R, status);
				R->main_reaped = true;
				/* The stand-in goes, and sandprint goes back
				 * into the group once it is reaped (here or
				 * by end_stand_in): never in it while the
				 * stand-in may still relay, or a ^C would be
				 * taken twice, "stop now".  A group
				 * sandprint leads keeps its id (its pid)
				 * empty; one it did not lead (producer |
				 * sandprint ...) is gone with its last
				 * member, and the id the shell and the
				 * terminal know with it: there sandprint is
				 * back in while the stand-in still holds it. */
				if (R->stand_in_pid <= 0 ||
				    sp_signals_job_pgrp() != getpid())
					sp_signals_step_in();
				let_stand_in_go(R);
			}
			if (pid == R->guard_pid)
				R->guard_pid = -1;
			continue;
		}
		/* Children left: the guardian alone is not waited for, once
		 * the main process is reaped and the program follows no
		 * process any more (it drops one at its exit, before it can
		 * be reaped: what it did is all in by then, only the main
		 * process's status is still to come). */
		if (pid == 0) {
			__u32 key;

			return R->guard_pid > 0 && R->main_reaped &&
			       bpf_map_get_next_key(R->procs_fd, NULL, &key);
		}
		if (errno == EINTR)
			continue;
		if (errno != ECHILD)
			fail(R, -errno, "waitpid: %s", strerror(errno));
		return true;
	}
}

/* Kills every process of the launched workload (interrupted). */
static void kill_all(struct rec *R)
{
	__u32 key, next;
	bool first = true;

	while (!bpf_map_get_next_key(R->procs_fd, first ? NULL : &key,
				     &next)) {
		kill_followed(R->procs_fd, next);
		key = next;
		first = false;
	}
}

typedef int each_fn(struct rec *R, const struct sp_ik_key *k, uint64_t count,
		    pid_t pid, void *arg);

/* One entry of the program's count maps as fn takes it: its key (small:
 * an sp_ik_small_key, spelled out as a whole one) and its per-CPU counts
 * summed (the pid of the first call is set on one CPU only). */
static int each_entry(struct rec *R, const void *key, bool small,
		      const struct sp_ik_count *cpus, each_fn *fn, void *arg)
{
	struct sp_ik_key k;
	uint64_t count = 0;
	pid_t pid = 0;

	if (small) {
		__u64 sk;

		memcpy(&sk, key, sizeof(sk));
		k = (struct sp_ik_key){
			.nr = (__s64)(sk & (SP_IK_SMALL_NR - 1)),
			.exe = (__u32)(sk >> 32),
			.abi = (__u8)(sk >> 30 & 3),
		};
		if (k.abi == SP_IK_X32)
			k.nr |= SP_IK_X32_BIT;
	} else {
		memcpy(&k, key, sizeof(k));
	}
	for (int c = 0; c < R->ncpu; c++) {
		count += cpus[c].count;
		if (!pid)
			pid = (pid_t)cpus[c].pid;
	}
	return fn(R, &k, count, pid, arg);
}

/* Calls fn for every entry of one of the program's count maps (small:
 * keys are sp_ik_small_key's), read in batches: one system call for
 * hundreds of entries, not two for each (a key, then its counts).
 * Stops at fn's first non-zero return, and returns it; -errno when the
 * map cannot be read. */
static int each_in(struct rec *R, int fd, bool small, each_fn *fn, void *arg)
{
	size_t ksz = small ? sizeof(__u64) : sizeof(struct sp_ik_key);
	__u32 cap = 256, token = 0;
	bool first = true, end = false;
	uint8_t *keys = NULL;
	struct sp_ik_count *vals = NULL;
	int rc = 0;

	while (!rc && !end) {
		__u32 n = cap;

		if (!keys) {
			keys = malloc(cap * ksz);
			vals = malloc((size_t)cap * (size_t)R->ncpu *
				      sizeof(*vals));
			if (!keys || !vals) {
				rc = -ENOMEM;
				break;
			}
		}
		if (bpf_map_lookup_batch(fd, first ? NULL : &token, &token,
					 keys, vals, &n, NULL)) {
			rc = -errno;
			/* The end of the map: n entries came with it. */
			end = rc == -ENOENT;
			if (end)
				rc = 0;
			/* A bucket of more entries than fit: a bigger
			 * buffer, the same bucket again. */
			if (rc == -ENOSPC && n == 0) {
				free(keys);
				free(vals);
				keys = NULL;
				vals = NULL;
				cap *= 2;
				rc = 0;
				continue;
			}
		}
		first = false;
		for (__u32 i = 0; !rc && i < n; i++)
			rc = each_entry(R, keys + i * ksz, small,
					vals + (size_t)i * (size_t)R->ncpu, fn,
					arg);
	}
	free(keys);
	free(vals);
	return rc;
}

/* Calls fn for every counted pattern: the program's two maps in use, then
 * what was counted here (maps swapped out, calls through the ring).
 * Stops at fn's first non-zero return, and returns it. */
static int each_pattern(struct rec *R, each_fn *fn, void *arg)
{
	int rc = 0;

	for (int i = 0; !rc && i < SP_IK_TABLES; i++)
		rc = each_in(R, R->table_fd[i], i == SP_IK_TABLE_COUNTS, fn,
			     arg);
	for (size_t i = 0; !rc && i < R->spill.cap; i++) {
		const struct spill_slot *sl = &R->spill.slots[i];

		if (sl->count)
			rc = fn(R, &sl->key, sl->count, sl->pid, arg);
	}
	return rc;
}

/* A pattern of a map swapped out, counted here; arg counts them. */
static int take(struct rec *R, const struct sp_ik_key *k, uint64_t count,
		pid_t pid, void *arg)
{
	(*(uint64_t *)arg)++;
	return spill_add(&R->spill, k, pid, count);
}

/* Fills a slot (a thread of its own: swap_start). */
static void *swapping(void *arg)
{
	struct swap *sw = arg;
	__u32 zero = 0;

	sw->err = bpf_map_update_elem(sw->slots, &zero, &sw->fd, BPF_ANY) ?
			  -errno :
			  0;
	__atomic_store_n(&sw->done, true, __ATOMIC_RELEASE);
	if (write(sw->wake_fd, "", 1) < 0) {
		/* The pipe is full: the loop is awake already. */
	}
	return NULL;
}

/* The program asked for a fresh count map of table (SP_IK_FULL_AT
 * patterns, or a failed insert): a new one goes in the slot, and the one
 * it replaces is then read whole into R->spill and closed (swap_end).
 * Filling a slot of an array of maps returns once no program can still
 * be using what it held: the kernel waits for an RCU grace period
 * (maybe_wait_bpf_programs, kernel/bpf/syscall.c; the programs run under
 * rcu_read_lock), so the old map's counts are final then: nothing is lost
 * or counted twice, and nothing is deleted under a program's feet.  The
 * wait is milliseconds, up to a fifth of a second measured under load: a
 * thread waits, while the loop goes on reading the ring, where the calls
 * of new patterns go once the old map is full. */
static void swap_start(struct rec *R, enum sp_ik_table table)
{
	struct swap *sw = &R->swap[table];
	sigset_t all, old;
	int rc;

	sw->fd = new_table(table, false);
	if (sw->fd < 0) {
		fail(R, sw->fd, "cannot make a count map: %s",
		     strerror(-sw->fd));
		return;
	}
	sw->slots = bpf_map__fd(table == SP_IK_TABLE_COUNTS ?
					R->skel->maps.counts :
					R->skel->maps.patterns);
	sw->wake_fd = R->swap_wake[1];
	sw->done = false;
	/* Sandprint's signals are the loop's. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&sw->thread, NULL, swapping, sw);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		swapping(sw);
		sw->joined = true;
	} else {
		sw->joined = false;
	}
	sw->running = true;
}

/* The slot filled (wait: for it): the old map read and closed; the count
 * of inserted patterns the program keeps goes down by the old map's, and
 * the request is cleared last. */
static void swap_end(struct rec *R, enum sp_ik_table table, bool wait)
{
	struct swap *sw = &R->swap[table];
	uint64_t n = 0;
	int old, rc;

	if (!sw->running ||
	    (!wait && !__atomic_load_n(&sw->done, __ATOMIC_ACQUIRE)))
		return;
	if (!sw->joined)
		pthread_join(sw->thread, NULL);
	sw->running = false;
	if (sw->err) {
		close(sw->fd);
		fail(R, sw->err, "cannot swap a count map: %s",
		     strerror(-sw->err));
		return;
	}
	old = R->table_fd[table];
	R->table_fd[table] = sw->fd;
	rc = each_in(R, old, table == SP_IK_TABLE_COUNTS, take, &n);
	close(old);
	if (rc) {
		fail(R, rc, "cannot read a count map: %s", strerror(-rc));
		return;
	}
	__atomic_fetch_sub(&R->skel->bss->inserted[table], (__u32)n,
			   __ATOMIC_SEQ_CST);
	__atomic_store_n(&R->skel->bss->swap_asked[table], 0,
			 __ATOMIC_SEQ_CST);
}

/* Swaps done are ended, and those the program asks for started (wait:
 * the workload gone, the last ones waited for). */
static void swaps(struct rec *R, bool wait)
{
	char buf[16];

	while (read(R->swap_wake[0], buf, sizeof(buf)) > 0)
		;
	for (int i = 0; i < SP_IK_TABLES; i++) {
		swap_end(R, (enum sp_ik_table)i, wait);
		if (!wait && !R->err && !R->swap[i].running &&
		    __atomic_load_n(&R->skel->bss->swap_asked[i],
				    __ATOMIC_ACQUIRE))
			swap_start(R, (enum sp_ik_table)i);
	}
}

/* The status line's numbers: patterns and calls so far. */
static int tally(struct rec *R, const struct sp_ik_key *k, uint64_t count,
		 pid_t pid, void *arg)
{
	struct sp_trace *view = arg;

	(void)R;
	(void)k;
	(void)pid;
	view->npatterns++;
	view->ncalls += count;
	return 0;
}

static void progress(struct rec *R)
{
	struct sp_trace view = *R->t;
	size_t tasks;

	view.npatterns = 0;
	view.ncalls = 0;
	each_pattern(R, tally, &view);
	tasks = R->attached ? R->live.n : (size_t)(R->main_pid > 0);
	R->opts->on_progress(R->opts->ctx, &view, tasks);
}

/* Whether an attached recording is over: every followed process gone
 * (-p), or the cgroup empty (--cgroup). */
static bool attached_done(struct rec *R)
{
	if (R->opts->cgroup)
		return cgroup_is_empty(R);
	return R->live.n == 0;
}

/* Drops followed processes that are gone without an exit event (one
 * lost to a full ring buffer is counted; this keeps the loop from
 * waiting for it forever). */
static void sweep(struct rec *R)
{
	for (size_t i = 0; i < R->live.n;) {
		if (!alive(R->live.v[i]))
			sp_pidset_drop(&R->live, i);
		else
			i++;
	}
}

/* Until the workload is gone (a command: no child left, sandprint being
 * the subreaper of all it starts; attached: every process followed gone,
 * or the cgroup empty) or the user says stop: the program's events as
 * they come, exits (SIGCHLD, by signalfd), signals to sandprint
 * (tracer/signals.h: forwarded, or an interruption) and, every 250 ms,
 * the status line and a look at what is still alive. */
static void serve(struct rec *R)
{
	struct pollfd fds[3];
	sigset_t chld, old;
	int sfd;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0)
		fail(R, -errno, "signalfd: %s", strerror(errno));
	if (R->opts->on_progress || R->opts->on_left || R->attached)
		sp_signals_progress_timer(true);
	fds[0] = (struct pollfd){ .fd = ring_buffer__epoll_fd(R->rb),
				  .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = R->swap_wake[0], .events = POLLIN };
	fds[2] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	for (;;) {
		struct signalfd_siginfo si;

		if (ring_buffer__consume(R->rb) < 0)
			fail(R, -EIO, "cannot read the program's events");
		swaps(R, false);
		if (sp_signals_progress_due()) {
			if (R->opts->on_progress)
				progress(R);
			if (R->attached)
				sweep(R);
		}
		if (R->attached ? sp_signals_interrupted() || attached_done(R) :
				  reap(R))
			break;
		/* A ^Z: sandprint stops once the main process has, as the
		 * job would (an editor's handler has put the terminal back
		 * by then). */
		if (!R->attached) {
			int stop = sp_signals_take_stop(R->main_stop);

			if (stop)
				sp_signals_stop_self(stop);
		}
		if (sp_signals_interrupted() || sfd < 0)
			kill_all(R);
		if (poll(fds, sfd < 0 ? 2 : 3, sfd < 0 ? 10 : -1) < 0 &&
		    errno != EINTR) {
			fail(R, -errno, "poll: %s", strerror(errno));
			if (!R->attached)
				kill_all(R);
			usleep(10000);
		}
		if (sfd >= 0)
			while (read(sfd, &si, sizeof(si)) > 0)
				;
	}
	/* Launched: every process is gone; what they did is in the ring and
	 * the maps. */
	ring_buffer__consume(R->rb);
	swaps(R, true);
	if (R->opts->on_progress || R->opts->on_left || R->attached)
		sp_signals_progress_timer(false);
	if (sfd >= 0)
		close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* What the program could not keep: "lost N calls (...)" per counter. */
static void report_losses(struct rec *R)
{
	static const char *const what[] = {
#define SP_IK_LOSS(id, w) [SP_IK_LOST_##id] = w,
#include "tracer/inkernel_loss.def"
#undef SP_IK_LOSS
	};
	int ncpu = libbpf_num_possible_cpus();
	int fd = bpf_map__fd(R->skel->maps.losses);
	char msg[sizeof(R->d->msg)] = "";
	size_t len = 0;
	__u64 *v;

	if (ncpu <= 0)
		return;
	v = calloc((size_t)ncpu, sizeof(*v));
	if (!v)
		return;
	for (__u32 i = 0; i < SP_IK_NLOSSES; i++) {
		__u64 n = 0;

		if (bpf_map_lookup_elem(fd, &i, v))
			continue;
		for (int c = 0; c < ncpu; c++)
			n += v[c];
		if (n && len < sizeof(msg))
			len += (size_t)snprintf(msg + len, sizeof(msg) - len,
						"%slost %llu %s",
						len ? "; " : "",
						(unsigned long long)n, what[i]);
	}
	free(v);
	if (len) {
		/* Losses say more than any later failure. */
		R->err = 0;
		fail(R, -ENOSPC, "%s", msg);
	}
}

/* One counted pattern, to the sink.  0, or -errno (recorded). */
static int deliver(struct rec *R, const struct sp_ik_key *k, uint64_t count,
		   pid_t pid, void *arg)
{
	struct sp_pattern p = { 0 };
	int idx = exe_index(R, k->exe), rc;

	(void)arg;
	if (idx < 0) {
		fail(R, idx, "cannot record an executable");
		return idx;
	}
	p.arch = arch_of((enum sp_ik_abi)k->abi);
	p.nr = k->nr;
	p.kept = k->kept;
	memcpy(p.args, k->args, sizeof(p.args));
	p.count = count;
	p.exe = (uint32_t)idx;
	p.pid = pid;
	R->t->ncalls += count;
	rc = R->sink->on_pattern(R->sink->ctx, &p);
	if (rc < 0)
		fail(R, rc, "cannot record a call: %s", strerror(-rc));
	return rc < 0 ? rc : 0;
}

/* What was left for the end: executables and mapped objects named,
 * the counted patterns to the sink. */
static void collect(struct rec *R)
{
	int rc;

	for (size_t i = 0; i < R->exes_later.n; i++) {
		const struct later *l = &R->exes_later.v[i];
		int idx = exe_index(R, l->id);

		if (idx < 0) {
			fail(R, idx, "cannot record an executable");
			return;
		}
		R->t->procs[l->proc].exe = (uint32_t)idx;
	}
	for (size_t i = 0; i < R->maps.n; i++) {
		const struct later *l = &R->maps.v[i];
		const char *path = l->id < R->paths.n ? R->paths.v[l->id] : NULL;
		int obj;

		/* Its path lost (counted), or not a file's: as maps.c. */
		if (!path || path[0] != '/')
			continue;
		obj = sp_trace_intern_object(R->t, path);
		if (obj < 0 || sp_trace_add_mapping(R->t, l->proc,
						    (uint32_t)obj)) {
			fail(R, -ENOMEM, "cannot record a mapped object");
			return;
		}
	}
	rc = each_pattern(R, deliver, NULL);
	if (rc < 0)
		fail(R, rc, "cannot read the program's counts: %s",
		     strerror(-rc));
}

/* The command's exec failed (its child said so): true, R->err and R->d
 * say why. */
static bool report_spawn_error(struct rec *R, int errfd, const char *cmd,
			       const char *path)
{
	struct sp_spawn_error e;

	if (read(errfd, &e, sizeof(e)) != (ssize_t)sizeof(e) || e.stage != 3)
		return false;
	R->err = -e.err;
	sp_spawn_exec_diag(R->d, cmd, path, e.err);
	return true;
}

/* Starts what is to be recorded: the command, the pids, or the cgroup's
 * processes (passes over it until one finds nothing new: a process forked
 * meanwhile by one not yet followed shows in the next pass). */
static int start(struct rec *R, const char *path, int *errfd)
{
	const struct sp_tracer_opts *o = R->opts;
	uint32_t exe;
	long rc;

	if (o->argv) {
		/* Named as /proc/PID/exe names it: resolved. */
		char real[PATH_MAX];

		rc = sp_trace_intern_exe(R->t, realpath(path, real) ? real :
								      path);
		if (rc < 0)
			return (int)rc;
		exe = SP_IK_EXE_USER | (uint32_t)rc;
		return launch(R, path, exe, errfd);
	}
	if (o->cgroup) {
		size_t before;

		do {
			before = R->live.n;
			rc = cgroup_pass(R, o->cgroup, 0);
		} while (rc > 0 && R->live.n != before);
		R->main_pid = o->npids ? o->pids[0] : 0;
		return rc < 0 ? (int)rc : 0;
	}
	for (size_t i = 0; i < o->npids; i++) {
		rc = follow(R, o->pids[i]);
		if (rc == -ESRCH) {
			sp_diag_set(R->d, NULL, 0, 0, NULL,
				    "pid %d: no such process", o->pids[i]);
			return -ESRCH;
		}
		if (rc < 0)
			return (int)rc;
	}
	R->main_pid = o->pids[0];
	return 0;
}

/* What the trace says of the end: attached, once every process followed
 * is gone; launched, once the stand-in's last relays are in (settle()). */
static void outcome(struct rec *R)
{
	struct sp_trace *t = R->t;
	int rc = R->start_rc;

	/* Stopped by the user: every call up to then is in the trace, and
	 * it says why the workload ended (attached, unless the main
	 * process ended first). */
	if (sp_signals_interrupted() &&
	    (!R->attached || t->end == SP_END_RUNNING)) {
		t->end = SP_END_INTERRUPTED;
		t->status = sp_signals_interrupted();
	} else if (t->end == SP_END_RUNNING && R->attached && !R->err) {
		/* Every process followed is gone, or the cgroup empty: a
		 * cgroup without a main process has no exit of its own to
		 * tell (its processes came and went). */
		t->end = R->opts->cgroup && !R->main_pid ? SP_END_UNKNOWN :
							    SP_END_EXITED;
		t->status = 0;
	}
	/* The command never ran (its exec failed): the trace stays
	 * "running", nothing to keep, as on the other paths (a file written
	 * now would replace a real one with an empty trace; the CLI exits
	 * 127 or 126, as a shell would). */
	if (R->never_ran) {
		t->end = SP_END_RUNNING;
		t->status = 0;
	} else if (!rc && t->end == SP_END_RUNNING) {
		t->end = SP_END_ERROR;
	}
}

/* From the start to the patterns in the sink, the program loaded; what
 * the trace says of the end is settle()'s. */
static void record(struct rec *R, const char *path)
{
	struct sp_trace *t = R->t;
	int errfd = -1, rc;

	R->recorded = true;
	if (!R->attached) {
		R->guard_fd = guard(R);
		prctl(PR_GET_CHILD_SUBREAPER, &R->was_subreaper);
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	}
	sp_signals_follow_stops(!R->attached);
	sp_signals_install(R->attached);
	sp_signals_witness(witnessed);
	if (!R->attached && R->guard_fd >= 0 && getsid(0) != getpid()) {
		R->stand_in_pid = stand_in(&R->stand_in_fd);
		sp_signals_stand_in(R->stand_in_pid);
	}
	t->end = SP_END_RUNNING;
	rc = start(R, path, &errfd);
	R->start_rc = rc;
	if (rc && !R->err)
		R->err = rc;
	if (!rc && R->opts->on_ready)
		R->opts->on_ready(R->opts->ctx);
	if (!rc)
		serve(R);
	if (errfd >= 0) {
		R->never_ran = report_spawn_error(R, errfd, R->opts->argv[0],
						  path);
		close(errfd);
	}
	if (R->attached)
		outcome(R);
	if (!rc && !R->never_ran) {
		report_losses(R);
		if (!R->err || R->err == -ENOSPC)
			collect(R);
	}
}

/* The end of a recording, once the program is destroyed: the stand-in's
 * last relays taken (a ^C the main process died of ends record
 * --repeat; the same again, "stop now"), sandprint back in the job's
 * group, what the trace says of the end, the caller's signal handlers. */
static void settle(struct rec *R)
{
	end_stand_in(R);
	sp_signals_step_in();
	if (!R->attached)
		outcome(R);
	sp_signals_restore();
	if (!R->attached)
		prctl(PR_SET_CHILD_SUBREAPER, R->was_subreaper);
}

int sp_inkernel_run(const struct sp_tracer_opts *opts, struct sp_trace *t,
		    const struct sp_sink *sink, struct sp_diag *d)
{
	struct rec R = { .opts = opts, .t = t, .sink = sink, .d = d,
			 .procs_fd = -1, .guard_fd = -1, .guard_pid = -1,
			 .stand_in_pid = -1, .stand_in_fd = -1,
			 .table_fd = { -1, -1 }, .swap_wake = { -1, -1 } };
	char path[PATH_MAX];
	struct cgroup_key cgroup = { 0, 0 };
	int rc;

	if (!opts->keep || !sink->on_pattern || opts->filter ||
	    opts->unwinder)
		return -EINVAL;
	/* What is wrong with the request first (a command not found is
	 * 127 whatever the path), then the program: until it runs, the
	 * trace is untouched, so that another path can take over. */
	if (opts->argv) {
		rc = sp_spawn_find(opts->argv[0], path, sizeof(path), d);
		if (rc)
			return rc;
	} else if (opts->cgroup) {
		rc = cgroup_key_of(opts->cgroup, &cgroup, d);
		if (rc)
			return rc;
	}
	R.attached = !opts->argv;
	rc = load(&R, &cgroup);
	if (rc)
		return rc;
	if (opts->argv) {
		rc = sp_trace_set_argv(t, opts->argv);
	} else if (opts->cgroup) {
		char *v[2] = { path, NULL };

		snprintf(path, sizeof(path), "cgroup:%s", opts->cgroup);
		rc = sp_trace_set_argv(t, v);
	} else {
		rc = sp_proc_argv(t, opts->pids[0]);
		if (rc == -ENOENT) {
			rc = -ESRCH;
			sp_diag_set(d, NULL, 0, 0, NULL,
				    "pid %d: no such process", opts->pids[0]);
		}
	}
	if (!rc && pipe2(R.swap_wake, O_CLOEXEC | O_NONBLOCK))
		rc = -errno;
	if (rc && rc != -ESRCH)
		sp_diag_set(d, NULL, 0, 0, NULL, "%s", strerror(-rc));
	if (rc)
		R.err = rc;
	else
		record(&R, path);
	/* The guardian and the stand-in exit beside the program's end
	 * (detaching its tracepoints: 0.5 ms of sandprint's), waited for
	 * after it. */
	unguard(&R);
	ring_buffer__free(R.rb);
	sigs_fd = -1;           /* no witness of the program's any more */
	sp_inkernel__destroy(R.skel);
	close_tables(&R);
	if (R.recorded)
		settle(&R);
	unguarded(&R);
	rc = R.err;
	for (size_t i = 0; i < 2; i++)
		if (R.swap_wake[i] >= 0)
			close(R.swap_wake[i]);
	names_fini(&R.paths);
	free(R.exe_index);
	free(R.exes_later.v);
	free(R.maps.v);
	free(R.spill.slots);
	free(R.live.v);
	return rc;
}
