/*
 * The in-kernel recorder: counts the workload's system calls into
 * patterns in the caller's own context, at the syscall tracepoints, so
 * that nothing stops, signals or filters the workload.
 *
 * Per call (sys_enter): the thread's state (task storage: a few loads;
 * a hash lookup of its process by tgid the first time), the
 * argument-kind table (an array in read-only data, filled by the loader
 * from analyzer/argkind.def: there is no copy of it here), the pattern (a
 * hash lookup, 8-byte keys for calls that keep no argument, and an add on
 * this CPU's count; an insert the first time).  Measured here (getppid,
 * CPU time, Linux 6.18): the two tracepoints cost 120-170 ns with empty
 * programs (30 ns when first measured), sys_enter's program 85-95 ns,
 * sys_exit's 15; a lookup with a 64-byte key 35 ns more than with an
 * 8-byte one (bench/RESULTS.md, "Per call of --via bpf").
 *
 * Processes are followed by the scheduler's tracepoints: a process forked
 * by a followed one is followed from before it first runs (fork, vfork,
 * clone, clone3, CLONE_UNTRACED alike: they all pass sched_process_fork),
 * exec gives it a new executable, its last thread's exit drops it.  With
 * --cgroup, a process attached to the cgroup (or one below it) joins.
 *
 * Calls the task's own seccomp filter refuses never reach sys_enter
 * (seccomp runs first) but do reach sys_exit, with their number and
 * arguments intact; a thread with a filter marks in its task storage the
 * number it entered, and an exit whose number was not entered is counted
 * there.  (Threads without a filter, nearly all, only clear the mark at
 * sys_exit.)  A call the filter kills (SECCOMP_RET_KILL_THREAD when other
 * threads remain) exits through do_exit without sys_exit: the task's
 * seccomp mode is then SECCOMP_MODE_DEAD (Linux >= 5.17) and its registers
 * still hold the call, counted at sched_process_exit.
 *
 * Everything the maps or the ring buffer cannot hold is counted
 * (tracer/inkernel_loss.def): nothing is lost silently.
 */
#include "tracer/inkernel_kernel.h"

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "tracer/inkernel_abi.h"

/* Kernel constants BTF does not carry (include/linux/seccomp.h,
 * include/linux/sched/signal.h, arch/x86/include/asm/thread_info.h). */
#define SECCOMP_MODE_DEAD 3
#define SIGNAL_GROUP_EXIT 0x00000004
#define PROT_EXEC_ 0x4          /* uapi asm-generic/mman-common.h */
#define MAP_ANONYMOUS_ 0x20
#define MAP_SHARED_ 0x01        /* MAP_SHARED_VALIDATE (3) has it too */
#define TS_COMPAT 0x0002
#define BPF_NOEXIST_ 1
#define EEXIST_ 17
#define SI_USER_ 0              /* uapi asm-generic/siginfo.h */
#define SI_KERNEL_ 0x80

/* A thread's mark: the number of the call it entered, or one of these. */
#define MARK_CLEAR (-1)      /* between calls */
#define MARK_DEAD_DONE (-2)  /* a killed call counted at sys_exit */

/* Set by the loader before load. */
const volatile __s64 execve_nr = -1;     /* native numbers */
const volatile __s64 execveat_nr = -1;
/* mmap, or i386's mmap2 (its arguments in the same places): the objects
 * a 32-bit program maps are read by the static analysis too. */
const volatile __s64 mmap_nr[SP_IK_ABIS];
const volatile __u64 cgroup_id;          /* --cgroup: its id; 0: none */
const volatile __s32 cgroup_hierarchy;   /* and its hierarchy (0: v2) */
const volatile bool attached;            /* -p, --cgroup: no command */
const volatile __u32 self_tgid;          /* sandprint's own */
/* Sandprint's pid namespace (its inode) where it is not the initial one
 * (sandprint in a container): 0 there. */
const volatile __u32 pidns_ino;
/* The argument-kind table: keeps[abi * SP_IK_KEEP_NR + nr]. */
const volatile struct sp_ik_keep keeps[SP_IK_ABIS * SP_IK_KEEP_NR];

__u32 next_exe;                          /* the last id given */


/* Sizes: memory is taken as entries are added (NO_PREALLOC), but the
 * bucket arrays are allocated at load, and their size is start-up time. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 16384);      /* processes alive at once */
	__type(key, __u32);
	__type(value, struct sp_ik_proc);
} procs SEC(".maps");

/* Counts per CPU: threads on two CPUs counting the same pattern would
 * otherwise pass its cache line back and forth at every call.  Calls
 * that keep no argument (most) are counted by an 8-byte key
 * (sp_ik_small_key), the others by the whole pattern.  Each map is the
 * one entry of an array of maps, looked up at each call: when one fills
 * (SP_IK_FULL_AT new patterns, or an insert fails), the loader is asked
 * once (ask_swap) to put a fresh map of the same shape in its place and
 * to count the old one whole into tables of its own, so that the maps'
 * size bounds kernel memory and start-up, never the patterns a recording
 * can hold.  (Their key and value by size: the types of an array's maps
 * come out of clang as declarations libbpf cannot size.) */
struct counts_map {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, SP_IK_COUNT_MAX);
	__uint(key_size, sizeof(__u64));
	__uint(value_size, sizeof(struct sp_ik_count));
};

struct patterns_map {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, SP_IK_COUNT_MAX);
	__uint(key_size, sizeof(struct sp_ik_key));
	__uint(value_size, sizeof(struct sp_ik_count));
};

/* The first maps, the programs' own: the slots start empty (filling
 * one waits for an RCU grace period, milliseconds of every start-up), and
 * an empty slot means these. */
struct counts_map counts_first SEC(".maps");
struct patterns_map patterns_first SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct counts_map);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct patterns_map);
} patterns SEC(".maps");

/* Per count map (enum sp_ik_table): the patterns inserted into the map
 * in its slot (the loader takes off those of the map it swapped out),
 * and whether the loader has been asked to swap it. */
__u32 inserted[SP_IK_TABLES];
__u32 swap_asked[SP_IK_TABLES];

struct exe_key {
	__u64 dentry;
	__u64 mnt;
	__u64 ino;
};

/* A cache of the files already named: (dentry, mount, inode) -> id.
 * Full, the path is walked again at each use. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 8192);
	__type(key, struct exe_key);
	__type(value, __u32);
} exes SEC(".maps");

/* An id per path (its hash): a file written again, or a memfd made
 * again (runc's clone of itself, fexecve), is a new dentry and inode
 * each time but the same executable, as the other paths name it; its
 * calls must not make a new set of patterns at every exec, which would
 * fill the pattern maps and then the ring in a long recording.  Full, a
 * new path gets an id of its own. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 8192);
	__type(key, __u64);
	__type(value, __u32);
} exe_paths SEC(".maps");

/* Each thread of the workload: what its process is (a copy of procs',
 * found once), and its seccomp mark. */
struct thread {
	__s64 mark;
	__u32 exe;
	__u32 state;         /* enum sp_ik_state */
	__u32 tail;          /* what a tail call into another program is for */
	__u32 tgid;          /* its process, as tgid_of() gives it */
	__u32 unread;        /* its call's struct could not be read at
				sys_enter: counted at its sys_exit (which
				clone3 and openat2 always reach: a fatal
				signal interrupts them, and is taken after
				sys_exit) */
};

/* struct thread's tail. */
enum {
	TAIL_NONE,
	TAIL_THEN_RETURN,    /* count the call it is in (sys_exit) */
	TAIL_THEN_EXIT,      /* the same, then back to sched_process_exit */
	TAIL_COUNTED,        /* back in sched_process_exit, counted */
	TAIL_MAPPING,        /* it maps a file as code (SLOT_MAP) */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct thread);
} threads SEC(".maps");

#define RING_BYTES (256 * 1024)

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, RING_BYTES);
} events SEC(".maps");

/* Events do not wake the loader one by one (a fork/exec loop would make
 * it switch in at every process): only when the ring is a quarter full,
 * and for what it waits on (exits, when attached).  It reads the rest
 * when the workload is gone. */
static __always_inline __u64 wake(void)
{
	return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) > RING_BYTES / 4 ?
		       BPF_RB_FORCE_WAKEUP :
		       BPF_RB_NO_WAKEUP;
}

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SP_IK_NLOSSES);
	__type(key, __u32);
	__type(value, __u64);
} losses SEC(".maps");

static __always_inline void lose(__u32 what)
{
	__u64 *n = bpf_map_lookup_elem(&losses, &what);

	if (n)
		*n += 1;
}

/* MAX_PID_NS_LEVEL (include/linux/pid_namespace.h). */
#define PID_NS_LEVELS 33

/* Process t's tgid in sandprint's pid namespace (pidns_ino), or 0 where
 * it has none there (a process of another container).  The kernel's
 * pids are the initial namespace's, which sandprint in a container does
 * not see: every pid the program keeps (procs, sigs) or sends (events,
 * counts) is the one sandprint's getpid(2), /proc, waitpid(2) and
 * pidfd_open(2) use.  The leader's pid is the process's: numbered at
 * each level from the initial namespace down to its own. */
static __always_inline __u32 tgid_of(struct task_struct *t)
{
	struct pid *pid;
	__u32 level;

	if (!pidns_ino)
		return BPF_CORE_READ(t, tgid);
	pid = BPF_CORE_READ(t, group_leader, thread_pid);
	level = BPF_CORE_READ(pid, level);
	for (__u32 i = 0; i < PID_NS_LEVELS && i <= level; i++) {
		struct upid *u = (void *)pid +
				 bpf_core_field_offset(struct pid, numbers) +
				 i * bpf_core_type_size(struct upid);

		if (BPF_CORE_READ(u, ns, ns.inum) == pidns_ino)
			return (__u32)BPF_CORE_READ(u, nr);
	}
	return 0;
}

/* The current task's (the caller's of a tracepoint), as tgid_of(). */
static __always_inline __u32 current_tgid(void)
{
	if (!pidns_ino)
		return bpf_get_current_pid_tgid() >> 32;
	return tgid_of(bpf_get_current_task_btf());
}

static __always_inline int abi_of(struct task_struct *t, long id)
{
#if defined(__TARGET_ARCH_x86)
	if (t->thread_info.status & TS_COMPAT)
		return SP_IK_COMPAT;
	if (id >= 0 && (id & SP_IK_X32_BIT))
		return SP_IK_X32;
#endif
	return SP_IK_NATIVE;
}

/* The six arguments of the call the task is in (regs: its user
 * registers, intact at sys_exit too: a refused call runs nothing). */
static __always_inline void args_of(struct pt_regs *regs, int abi,
				    __u64 a[6])
{
#if defined(__TARGET_ARCH_x86)
	/* One read of the registers from bp to di (the frame's layout is
	 * the user ABI's, struct user_regs_struct): every argument register
	 * of both ABIs, half the frame (the verifier copies the stack at
	 * every branch it follows: a smaller one loads faster). */
	enum { BP, BX, R11, R10, R9, R8, AX, CX, DX, SI, DI, NREGS };
	__u64 r[NREGS];

	bpf_probe_read_kernel(r, sizeof(r),
			      (char *)regs + __builtin_offsetof(struct pt_regs,
								bp));
	if (abi == SP_IK_COMPAT) {
		a[0] = (__u32)r[BX];
		a[1] = (__u32)r[CX];
		a[2] = (__u32)r[DX];
		a[3] = (__u32)r[SI];
		a[4] = (__u32)r[DI];
		a[5] = (__u32)r[BP];
		return;
	}
	a[0] = r[DI];
	a[1] = r[SI];
	a[2] = r[DX];
	a[3] = r[R10];
	a[4] = r[R8];
	a[5] = r[R9];
#else
#error "the in-kernel recorder reads x86_64 registers only"
#endif
}

/* The call's number, from its registers (sys_exit, sched_process_exit),
 * as sys_enter is given it, seccomp and ptrace report it and the kernel
 * runs it: the register's low 32 bits as an int (arch/x86/entry:
 * "syscall numbers are treated as int"; do_syscall_64's nr).  The whole
 * register, 0x100000000 | 39, is getpid's call, not another: taken
 * whole, a call the thread's own filter let through was counted again
 * at its exit as one it refused. */
static __always_inline long nr_of(struct pt_regs *regs)
{
	return (int)BPF_CORE_READ(regs, orig_ax);
}

/* Asks the loader, once until it has done it, to swap the count map
 * of table (enum sp_ik_table): one event, not one per call; a flag the
 * loader also reads if the ring had no room for it. */
static __always_inline void ask_swap(__u32 table)
{
	struct sp_ik_event *e;

	if (table >= SP_IK_TABLES ||
	    __sync_val_compare_and_swap(&swap_asked[table], 0, 1) != 0)
		return;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return;
	__builtin_memset(e, 0, sizeof(*e));
	e->type = SP_IK_EV_FULL;
	e->exe = table;
	bpf_ringbuf_submit(e, BPF_RB_FORCE_WAKEUP);
}

/* Adds one call to a per-CPU count found in the count map of table
 * (enum sp_ik_table: its slots, its first map) under key, or inserts it;
 * false when the map is full. */
static __always_inline bool add(void *slots, void *first, __u32 table,
				const void *key, __u32 tgid)
{
	__u32 zero = 0;
	void *map = bpf_map_lookup_elem(slots, &zero);
	struct sp_ik_count *v, nv = {};
	long err;

	/* Two lookups, not one of either map: the verifier inlines a
	 * lookup (the hash's own, no helper, no indirect call) only where
	 * the call sees one map; one call of both went through
	 * bpf_map_lookup_elem and the map's ops, 40 ns of every call here. */
	if (map) {
		v = bpf_map_lookup_elem(map, key);
	} else {
		map = first;
		v = bpf_map_lookup_elem(first, key);
	}
	if (v) {
		/* Atomic even on this CPU's count: a preempted program and
		 * another on the same CPU could both add. */
		__sync_fetch_and_add(&v->count, 1);
		return true;
	}
	nv.count = 1;
	nv.pid = tgid;
	err = bpf_map_update_elem(map, key, &nv, BPF_NOEXIST_);
	if (!err) {
		if (table < SP_IK_TABLES &&
		    __sync_fetch_and_add(&inserted[table], 1) + 1 >=
			    SP_IK_FULL_AT)
			ask_swap(table);
		return true;
	}
	/* Another program inserted it first. */
	v = err == -EEXIST_ ? bpf_map_lookup_elem(map, key) : NULL;
	if (v) {
		__sync_fetch_and_add(&v->count, 1);
		return true;
	}
	ask_swap(table);
	return false;
}

/* In place of the pointers in read (of a call in any ABI), the flags the
 * struct holds, which no filter can read (analyzer/sibling.def): clone3's
 * as clone spells them (flags | exit signal, when clone can: no CSIGNAL
 * bit in the flags, a signal that fits), openat2's open_how.flags.  As
 * tracer/loop.c's sp_loop_read_flags does.  The loader marks read only
 * clone3's argument 0 (bit 0) and openat2's argument 2 (bit 2), so the
 * bit says which struct it is: no number compared here (which, per ABI,
 * made the verifier follow the rest of count_call once for each).
 * Returns the arguments to keep: those not read are dropped (a pointer
 * is worth nothing).  *unread: the struct could not be read, which at
 * sys_enter need not mean the call cannot read it: the program cannot
 * fault a page in, and a struct in a page the workload has not touched
 * yet (a file's mapping, fresh memory) reads as a fault here, while the
 * kernel's copy (and the other paths' reads) fault it in. */
static __always_inline __u8 read_flags(__u64 a[6], __u8 kept, __u8 read,
				       bool *unread)
{
	__u64 w[5] = {};

	if (!read)
		return kept;
	if (read & 1) {
		if (bpf_probe_read_user(w, sizeof(w), (void *)a[0])) {
			*unread = true;
		} else if (!(w[0] & 0xff) && !(w[4] & ~(__u64)0xff)) {
			a[0] = w[0] | w[4];
			return kept;
		}
	} else if (read & 4) {
		if (bpf_probe_read_user(w, sizeof(w[0]), (void *)a[2])) {
			*unread = true;
		} else {
			a[2] = w[0];
			return kept;
		}
	}
	return kept & (__u8)~read;
}

/* count_call's abi, or'ed: the call is in its exit (or the task's), the
 * last chance to read its struct. */
#define AT_EXIT 4

/* Counts one call of process tgid into its pattern.  A function of its
 * own (global: the verifier checks it once, whatever its callers'
 * states), given scalars only.  Returns 1, counting nothing, when the
 * struct the call points to could not be read at sys_enter (read_flags):
 * the caller counts it at the call's exit (AT_EXIT), once the kernel has
 * faulted it in. */
__noinline int count_call(__u64 regs_addr, long id, int how, __u32 tgid,
			  __u32 exe)
{
	struct pt_regs *regs = (struct pt_regs *)regs_addr;
	int abi = how & 3;
	bool unread = false;
	struct sp_ik_call_event c = {};
	/* The x32 bit is an x32 call's only: in an i386 call (or any other)
	 * it makes a number no table names, not the one without it. */
	__u32 slot = (__u32)(abi == SP_IK_X32 ? id & ~(long)SP_IK_X32_BIT :
						  id);
	__u8 kept = 0, wide = 0, read = 0;

	if (slot < SP_IK_KEEP_NR) {
		__u32 i = slot + (__u32)abi * SP_IK_KEEP_NR;

		if (i < SP_IK_ABIS * SP_IK_KEEP_NR) {
			kept = keeps[i].kept;
			wide = keeps[i].wide;
			read = keeps[i].read;
		}
	}
	if (!kept && id >= 0 && slot < SP_IK_SMALL_NR) {
		__u64 k = sp_ik_small_key(exe, abi, slot);

		if (add(&counts, &counts_first, SP_IK_TABLE_COUNTS, &k, tgid))
			return 0;
	} else {
		if (kept) {
			__u64 a[6];

			args_of(regs, abi, a);
			kept = read_flags(a, kept, read, &unread);
			if (unread && !(how & AT_EXIT))
				return 1;
			/* Without branches: six of them would be 64 paths
			 * for the verifier to follow. */
#pragma unroll
			for (int i = 0; i < 6; i++) {
				__u64 in = -(__u64)((kept >> i) & 1);
				__u64 width = 0xffffffffull |
					      -(__u64)((wide >> i) & 1) << 32;

				c.key.args[i] = a[i] & in & width;
			}
		}
		c.key.nr = id;
		c.key.exe = exe;
		c.key.abi = (__u8)abi;
		c.key.kept = kept;
		if (add(&patterns, &patterns_first, SP_IK_TABLE_PATTERNS,
			&c.key, tgid))
			return 0;
	}
	/* The map is full (the loader is swapping it): the call goes to the
	 * loader, which counts it into patterns of its own. */
	c.type = SP_IK_EV_CALL;
	c.pid = tgid;
	c.key.nr = id;
	c.key.exe = exe;
	c.key.abi = (__u8)abi;
	c.key.kept = kept;
	if (bpf_ringbuf_output(&events, &c, sizeof(c), wake()))
		lose(SP_IK_LOST_CALLS);
	return 0;
}

/* The thread's state, found in its process's the first time.  NULL when
 * it is not the workload's (or its storage cannot be had: counted). */
static __always_inline struct thread *thread_of(struct task_struct *t)
{
	struct thread *th = bpf_task_storage_get(&threads, t, 0, 0);
	__u32 tgid;
	struct sp_ik_proc *p;

	if (th)
		return th;
	tgid = current_tgid();
	if (!tgid)
		return NULL;
	p = bpf_map_lookup_elem(&procs, &tgid);
	if (!p)
		return NULL;
	th = bpf_task_storage_get(&threads, t, 0,
				  BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!th) {
		lose(SP_IK_LOST_THREADS);
		return NULL;
	}
	th->exe = p->exe;
	th->state = p->state;
	th->mark = MARK_CLEAR;
	th->tgid = tgid;
	return th;
}

/* Whether the mmap whose registers are regs maps a file as code (the
 * dynamic loader mapping a library; an anonymous map is none), in the
 * task's ABI. */
static __always_inline bool maps_code(struct pt_regs *regs, int abi)
{
	__u64 a[6];

	args_of(regs, abi, a);
	return (a[2] & PROT_EXEC_) && !(a[3] & MAP_ANONYMOUS_) &&
	       (int)a[4] >= 0;
}

/* Work the programs share, done by one of them for the others through a
 * tail call, so that the verifier checks it once (each copy is checked
 * again, and the load's time is the verifier's): sys_enter's counts the
 * call a task is in for sys_exit (a call its own filter refused) and
 * sched_process_exit (a call its filter killed it in), which it then
 * calls back; sched_process_exec's names a file mapped as code for
 * sys_enter (the path walk).  Each tells the call from its own event by
 * the thread's tail (struct thread). */
enum { SLOT_COUNT, SLOT_MAP, SLOT_EXIT };

int sp_ik_sys_enter(struct bpf_raw_tracepoint_args *ctx);
int sp_ik_exec(struct bpf_raw_tracepoint_args *ctx);
int sp_ik_task_exit(struct bpf_raw_tracepoint_args *ctx);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__array(values, int(struct bpf_raw_tracepoint_args *));
} tails SEC(".maps") = {
	.values = {
		[SLOT_COUNT] = (void *)&sp_ik_sys_enter,
		[SLOT_MAP] = (void *)&sp_ik_exec,
		[SLOT_EXIT] = (void *)&sp_ik_task_exit,
	},
};

/* The call the task is in, counted (a tail call to SLOT_COUNT): its
 * registers are its own (the caller's context is another
 * tracepoint's). */
static __always_inline void count_current(struct task_struct *t,
					  struct thread *th)
{
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(t);
	__u64 addr = 0;
	long nr;

	/* count_call takes the registers' address as a number (a global
	 * function's arguments are scalars): read back from the stack, it
	 * is one. */
	bpf_probe_read_kernel(&addr, sizeof(addr), &regs);
	nr = nr_of(regs);
	if (addr && nr >= 0)
		count_call(addr, nr, abi_of(t, nr) | AT_EXIT, th->tgid,
			   th->exe);
}

SEC("raw_tp/sys_enter")
int sp_ik_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	long id = (long)ctx->args[1];
	struct thread *th = thread_of(t);
	__u32 tgid;

	if (!th)
		return 0;
	tgid = th->tgid;
	if (th->tail) {
		__u32 then = th->tail;

		th->tail = TAIL_NONE;
		count_current(t, th);
		if (then == TAIL_THEN_EXIT) {
			th->tail = TAIL_COUNTED;
			bpf_tail_call(ctx, &tails, SLOT_EXIT);
			th->tail = TAIL_NONE;
			lose(SP_IK_LOST_PROCS);
		}
		return 0;
	}
	if (th->state != SP_IK_ACTIVE) {
		struct sp_ik_proc *p;

		/* The launched command: from its execve on (its forks
		 * follow from procs). */
		if (th->state != SP_IK_PENDING ||
		    abi_of(t, id) != SP_IK_NATIVE ||
		    (id != execve_nr && id != execveat_nr))
			return 0;
		th->state = SP_IK_ACTIVE;
		p = bpf_map_lookup_elem(&procs, &tgid);
		if (p)
			p->state = SP_IK_ACTIVE;
	}
	th->mark = id;
	th->unread = count_call(ctx->args[0], id, abi_of(t, id), tgid,
				th->exe);
	if (id == mmap_nr[abi_of(t, id)] &&
	    maps_code((struct pt_regs *)ctx->args[0], abi_of(t, id))) {
		th->tail = TAIL_MAPPING;
		bpf_tail_call(ctx, &tails, SLOT_MAP);
		th->tail = TAIL_NONE;
		lose(SP_IK_LOST_EVENTS);
	}
	return 0;
}

/* The call the thread leaves counted by sys_enter's program (a tail
 * call), which comes back to nothing: a failed tail call is a loss. */
static __always_inline void count_back(struct bpf_raw_tracepoint_args *ctx,
				       struct thread *th)
{
	th->tail = TAIL_THEN_RETURN;
	bpf_tail_call(ctx, &tails, SLOT_COUNT);
	th->tail = TAIL_NONE;
	lose(SP_IK_LOST_CALLS);
}

/* Was the call the thread leaves entered?  If not, its own filter
 * refused it (ERRNO, TRAP, KILL_PROCESS, a notification answered without
 * running it, TRACE without a tracer).  The mark is cleared at every
 * exit, filter or not: a thread that gets a filter while it runs in user
 * space (a sibling's TSYNC) must not take the mark of its last call
 * before it for this one.  A thread seen leaving a call it was not seen
 * entering is new (its return from fork) or was in the call when it was
 * followed: the call was entered. */
SEC("raw_tp/sys_exit")
int sp_ik_sys_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	struct task_struct *t = bpf_get_current_task_btf();
	struct thread *th = bpf_task_storage_get(&threads, t, 0, 0);
	int mode = t->seccomp.mode;
	__s64 mark;
	long id;

	if (th && th->unread) {
		/* Its struct read again, now the call has read it. */
		th->unread = 0;
		th->mark = MARK_CLEAR;
		count_back(ctx, th);
		return 0;
	}
	if (!mode) {
		if (th)
			th->mark = MARK_CLEAR;
		return 0;
	}
	if (!th) {
		thread_of(t);
		return 0;
	}
	mark = th->mark;
	th->mark = MARK_CLEAR;
	id = nr_of(regs);
	if (th->state != SP_IK_ACTIVE || mark == id || id < 0)
		return 0;
	if (mode == SECCOMP_MODE_DEAD)
		th->mark = MARK_DEAD_DONE;
	count_back(ctx, th);
	return 0;
}

static __always_inline void emit_proc(__u32 type, __u32 pid, __u32 ppid,
				      __u32 exe)
{
	struct sp_ik_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e) {
		lose(SP_IK_LOST_EVENTS);
		return;
	}
	__builtin_memset(e, 0, sizeof(*e));
	e->type = type;
	e->pid = pid;
	e->ppid = ppid;
	e->exe = exe;
	bpf_ringbuf_submit(e, wake());
}

/* The walk from an executable up to the root, one bpf_loop step per
 * component, and the event it builds: a per-CPU scratch (too big for the
 * stack).  Its state lives here, not on the stack, so that the verifier
 * sees every step alike and checks the step once.  The path is built
 * from its end, then copied after the event's header: the ring takes
 * the path's own length, not PATH_MAX (a burst of new executables and
 * libraries fits in a ring a quarter of the size). */
struct walk {
	struct sp_ik_exe_event x;    /* the event as sent */
	char path[SP_IK_PATH_MAX + SP_IK_NAME_MAX]; /* the slack takes the
						       bounded writes of the
						       last name */
	struct dentry *d;
	struct mount *m;
	__u32 off;           /* the path so far is path[off..PATH_MAX) */
	__u64 hash;          /* of the path, its flags and length */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct walk);
} scratch SEC(".maps");

static long walk_step(__u32 i, void *arg)
{
	__u32 zero = 0, len, off;
	struct walk *w = bpf_map_lookup_elem(&scratch, &zero);
	struct dentry *d, *parent;
	const unsigned char *name;
	struct mount *m;

	if (!w)
		return 1;
	/* Locals: BPF_CORE_READ relocates every member access it sees,
	 * and struct walk is not the kernel's. */
	d = w->d;
	m = w->m;
	off = w->off;
	parent = BPF_CORE_READ(d, d_parent);
	if (d == BPF_CORE_READ(m, mnt.mnt_root)) {
		struct mount *pm = BPF_CORE_READ(m, mnt_parent);

		if (pm == m)
			return 1;       /* the namespace's root */
		w->d = BPF_CORE_READ(m, mnt_mountpoint);
		w->m = pm;
		return 0;
	}
	/* A detached tree's root ends the walk; if the walk began there, it
	 * is a pseudo file of its own (a memfd's, which fexecve runs): its
	 * name alone, as the kernel's simple_dname gives it ("/memfd:x"). */
	if (d == parent && off < SP_IK_PATH_MAX)
		return 1;
	len = BPF_CORE_READ(d, d_name.len);
	name = BPF_CORE_READ(d, d_name.name);
	if (len >= SP_IK_NAME_MAX || len + 1 > off || off > SP_IK_PATH_MAX) {
		w->x.e.truncated = 1;
		return 1;
	}
	off -= len + 1;
	bpf_probe_read_kernel(&w->path[(off + 1) & (SP_IK_PATH_MAX - 1)],
			      len & (SP_IK_NAME_MAX - 1), name);
	w->path[off & (SP_IK_PATH_MAX - 1)] = '/';
	w->off = off;
	w->d = parent;
	return d == parent;
}

/* FNV-1a over the path the walk built, 8 bytes a step (past its end,
 * zeros: walk_path; its length is in the seed). */
static long hash_step(__u32 i, void *arg)
{
	__u32 zero = 0, at;
	struct walk *w = bpf_map_lookup_elem(&scratch, &zero);
	__u64 v;

	if (!w)
		return 1;
	at = (w->off + i * 8) & (SP_IK_PATH_MAX - 1);
	__builtin_memcpy(&v, &w->path[at], sizeof(v));
	w->hash = (w->hash ^ v) * 0x100000001b3ULL;
	return 0;
}

/* Walks the path of (dentry, vfsmount) as d_path() would give it to a
 * reader at the namespace's root (mount points crossed, an unlinked file
 * flagged) into the scratch, and hashes it: the scratch, or NULL. */
static __always_inline struct walk *walk_path(struct dentry *d,
					      struct vfsmount *vm)
{
	__u32 zero = 0;
	struct walk *w = bpf_map_lookup_elem(&scratch, &zero);
	__u32 off;

	if (!w)
		return NULL;
	__builtin_memset(&w->x.e, 0, sizeof(w->x.e));
	w->x.e.type = SP_IK_EV_EXE;
	w->d = d;
	w->m = (void *)vm - bpf_core_field_offset(struct mount, mnt);
	w->off = SP_IK_PATH_MAX;
	/* As deep as a path of PATH_MAX goes ("/a" a component), and its
	 * mount points: the loop ends at the root, and the verifier checks a
	 * step once, whatever the bound. */
	if (bpf_loop(SP_IK_PATH_MAX, walk_step, NULL, 0) == SP_IK_PATH_MAX)
		w->x.e.truncated = 1;
	off = w->off;
	if (off >= SP_IK_PATH_MAX) {
		off = SP_IK_PATH_MAX - 1;
		w->path[off] = '/';
		w->off = off;
	}
	/* Unlinked, or a pseudo file (never linked: simple_dname says
	 * " (deleted)" too), not the root. */
	w->x.e.deleted = !BPF_CORE_READ(d, d_hash.pprev) &&
			 (d != BPF_CORE_READ(d, d_parent) ||
			  d != BPF_CORE_READ(vm, mnt_root));
	__builtin_memset(&w->path[SP_IK_PATH_MAX], 0, 8);
	w->hash = 0xcbf29ce484222325ULL ^
		  ((__u64)(SP_IK_PATH_MAX - off) << 2 |
		   (__u64)w->x.e.deleted << 1 | w->x.e.truncated);
	bpf_loop((SP_IK_PATH_MAX - off + 7) / 8, hash_step, NULL, 0);
	return w;
}

/* Sends the path the walk left in w as executable id's. */
static __always_inline void send_exe(struct walk *w, __u32 id)
{
	__u32 off = w->off, len;

	if (off >= SP_IK_PATH_MAX)
		return;
	len = SP_IK_PATH_MAX - off;
	w->x.e.exe = id;
	bpf_probe_read_kernel(w->x.path, len, &w->path[off]);
	if (bpf_ringbuf_output(&events, &w->x, sizeof(w->x.e) + len, wake()))
		lose(SP_IK_LOST_EVENTS);
}

/* The id of the file at (dentry, vfsmount): the same file by the same
 * path keeps its id, and so does another file by that path (so patterns
 * do not multiply with execs); a new path is numbered and sent. */
__noinline __u32 exe_id(__u64 dentry, __u64 vfsmount)
{
	struct dentry *d = (struct dentry *)dentry;
	struct vfsmount *vm = (struct vfsmount *)vfsmount;
	struct exe_key k = {
		.dentry = (__u64)d,
		.mnt = (__u64)vm,
		.ino = BPF_CORE_READ(d, d_inode, i_ino),
	};
	struct walk *w;
	__u32 *old, id;
	__u64 hash;

	old = bpf_map_lookup_elem(&exes, &k);
	if (old)
		return *old;
	w = walk_path(d, vm);
	if (!w)
		return 0;
	hash = w->hash;
	old = bpf_map_lookup_elem(&exe_paths, &hash);
	if (old) {
		id = *old;
	} else {
		/* The map full, or another CPU naming the path at the same
		 * time: an id of its own all the same (sandprint merges the
		 * ids of one path). */
		id = __sync_fetch_and_add(&next_exe, 1) + 1;
		bpf_map_update_elem(&exe_paths, &hash, &id, BPF_NOEXIST_);
		send_exe(w, id);
	}
	/* Only a cache: full, or raced, the path is walked again. */
	bpf_map_update_elem(&exes, &k, &id, BPF_NOEXIST_);
	return id;
}

/* An mmap of a file as code (the dynamic loader mapping a library): the
 * file goes to the loader as an object the process image maps, as
 * tracer/maps.c notes it on the other paths (the descriptor is closed
 * right after, so it is named here). */
static __always_inline void note_mmap(struct task_struct *t,
				      struct pt_regs *regs, __u32 tgid)
{
	struct fdtable *fdt;
	struct file **files, *f = NULL;
	struct sp_ik_event *e;
	__u64 a[6];
	__u32 id;
	int fd;

	/* The descriptor where the task's ABI has it (an x32 call's
	 * registers are x86_64's: no number here to tell it by). */
	args_of(regs, abi_of(t, -1), a);
	fd = (int)a[4];
	fdt = BPF_CORE_READ(t, files, fdt);
	if (fd < 0 || (unsigned int)fd >= BPF_CORE_READ(fdt, max_fds))
		return;
	files = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&f, sizeof(f), &files[fd]);
	if (!f)
		return;
	/* A shared executable view of a file with no name (a memfd, an
	 * unlinked file: its dentry never hashed, or no longer) is memory
	 * the process writes code into through another view (a JIT), not
	 * an object it loads (the loader maps private). */
	if ((a[3] & MAP_SHARED_) &&
	    !BPF_CORE_READ(f, f_path.dentry, d_hash.pprev))
		return;
	/* The file's id first: its path, when new, comes before. */
	id = exe_id((__u64)BPF_CORE_READ(f, f_path.dentry),
		    (__u64)BPF_CORE_READ(f, f_path.mnt));
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		lose(SP_IK_LOST_EVENTS);
		return;
	}
	__builtin_memset(e, 0, sizeof(*e));
	e->type = SP_IK_EV_MAP;
	e->pid = tgid;
	e->exe = id;
	bpf_ringbuf_submit(e, wake());
}

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, struct sp_ik_sig_key);
	__type(value, struct sp_ik_sig_sent);
} sigs SEC(".maps");

/* A signal generated for a followed process or for sandprint
 * (signal_generate: sig, info, task, group, result): who sent it and by
 * which call, for sandprint's handler of the same signal
 * (tracer/signals.h: a kill of the whole process group is not forwarded
 * as a second one).  The call is the generating thread's (current's):
 * one kill(2) of a group generates the workload's and sandprint's.
 * info may be SEND_SIG_NOINFO (0: a user's kill without details) or
 * SEND_SIG_PRIV (1: the kernel's). */
SEC("raw_tp/signal_generate")
int sp_ik_signal(struct bpf_raw_tracepoint_args *ctx)
{
	struct kernel_siginfo *info = (struct kernel_siginfo *)ctx->args[1];
	struct task_struct *task = (struct task_struct *)ctx->args[2];
	struct sp_ik_sig_key k = { .tgid = tgid_of(task),
				   .sig = (__u32)ctx->args[0] };
	struct sp_ik_sig_sent v = {};
	struct pt_regs *regs;

	if (!k.tgid ||
	    (k.tgid != self_tgid && !bpf_map_lookup_elem(&procs, &k.tgid)))
		return 0;
	regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	v.by = (__u32)bpf_get_current_pid_tgid();
	v.call = BPF_CORE_READ(regs, orig_ax);
	v.target = BPF_CORE_READ(regs, di);
	if ((unsigned long)info > 1) {
		v.code = BPF_CORE_READ(info, si_code);
		v.sender = BPF_CORE_READ(info, _sifields._kill._pid);
	} else if (info) {
		v.code = SI_KERNEL_;
	} else {
		v.code = SI_USER_;
		v.sender = current_tgid();
	}
	bpf_map_update_elem(&sigs, &k, &v, 0);
	return 0;
}

/* --cgroup: whether cgrp is the cgroup or below it. */
static __always_inline bool in_cgroup(struct cgroup *cgrp)
{
	/* Each hierarchy numbers its cgroups from 1 (the v1 ones, v2): an
	 * id is the cgroup's only in its own. */
	if (!cgrp || BPF_CORE_READ(cgrp, root, hierarchy_id) !=
			     cgroup_hierarchy)
		return false;
	for (int i = 0; i < 64 && cgrp; i++) {
		if (BPF_CORE_READ(cgrp, kn, id) == cgroup_id)
			return true;
		cgrp = (struct cgroup *)BPF_CORE_READ(cgrp, self.parent);
	}
	return false;
}

/* --cgroup: task, a process not followed, has joined the cgroup: it is
 * followed from now on, as the image it runs. */
static __always_inline void join(struct task_struct *task)
{
	__u32 tgid = tgid_of(task);
	struct sp_ik_proc np = {};
	struct file *f;

	if (!tgid || bpf_map_lookup_elem(&procs, &tgid))
		return;
	f = BPF_CORE_READ(task, mm, exe_file);
	np.exe = f ? exe_id((__u64)BPF_CORE_READ(f, f_path.dentry),
			    (__u64)BPF_CORE_READ(f, f_path.mnt)) :
		     0;
	np.ppid = tgid_of(BPF_CORE_READ(task, real_parent));
	np.state = SP_IK_ACTIVE;
	if (bpf_map_update_elem(&procs, &tgid, &np, BPF_NOEXIST_)) {
		if (!bpf_map_lookup_elem(&procs, &tgid))
			lose(SP_IK_LOST_PROCS);
		return;
	}
	emit_proc(SP_IK_EV_FORK, tgid, np.ppid, np.exe);
}

SEC("raw_tp/cgroup_attach_task")
int sp_ik_attach(struct bpf_raw_tracepoint_args *ctx)
{
	struct cgroup *dst = (struct cgroup *)ctx->args[0];

	if (cgroup_id && in_cgroup(dst))
		join((struct task_struct *)ctx->args[2]);
	return 0;
}

static __always_inline int on_fork(struct bpf_raw_tracepoint_args *ctx,
				   bool v2_cgroup)
{
	struct task_struct *parent = (struct task_struct *)ctx->args[0];
	struct task_struct *child = (struct task_struct *)ctx->args[1];
	__u32 ptgid, tgid;
	struct sp_ik_proc *p, np = {};

	if (BPF_CORE_READ(child, tgid) == BPF_CORE_READ(parent, tgid))
		return 0;               /* a thread */
	ptgid = tgid_of(parent);
	p = ptgid ? bpf_map_lookup_elem(&procs, &ptgid) : NULL;
	/* --cgroup: a child its parent, not followed, started in the
	 * cgroup (clone3's CLONE_INTO_CGROUP, as systemd and crun start a
	 * service's or a container's processes): cgroup_attach_task does not
	 * see it. */
	if (v2_cgroup && !p &&
	    in_cgroup(BPF_CORE_READ(child, cgroups, dfl_cgrp)))
		join(child);
	if (!p)
		return 0;
	tgid = tgid_of(child);
	np.exe = p->exe;
	np.ppid = tgid_of(BPF_CORE_READ(child, real_parent));
	np.state = p->state == SP_IK_ACTIVE ? SP_IK_ACTIVE : SP_IK_PENDING;
	if (bpf_map_update_elem(&procs, &tgid, &np, 0)) {
		lose(SP_IK_LOST_PROCS);
		return 0;
	}
	/* The launched command's image is added by the loader. */
	if (np.state == SP_IK_ACTIVE)
		emit_proc(SP_IK_EV_FORK, tgid, np.ppid, np.exe);
	return 0;
}

/* Two programs, one loaded: the cgroup walk is verified (a quarter of a
 * millisecond of every recording's start) only for --cgroup of v2. */
SEC("raw_tp/sched_process_fork")
int sp_ik_fork(struct bpf_raw_tracepoint_args *ctx)
{
	return on_fork(ctx, false);
}

SEC("raw_tp/sched_process_fork")
int sp_ik_fork_v2(struct bpf_raw_tracepoint_args *ctx)
{
	return on_fork(ctx, true);
}

/* A followed process's exec, or (SLOT_MAP, from sys_enter: the thread is
 * mapping) its mmap of a file as code. */
SEC("raw_tp/sched_process_exec")
int sp_ik_exec(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct thread *th = bpf_task_storage_get(&threads, t, 0, 0);
	struct linux_binprm *bprm;
	__u32 tgid = th ? th->tgid : current_tgid();
	struct sp_ik_proc *p;

	if (th && th->tail == TAIL_MAPPING) {
		th->tail = TAIL_NONE;
		note_mmap(t, (struct pt_regs *)ctx->args[0], tgid);
		return 0;
	}
	p = bpf_map_lookup_elem(&procs, &tgid);
	if (!p || p->state != SP_IK_ACTIVE)
		return 0;
	bprm = (struct linux_binprm *)ctx->args[2];
	p->exe = exe_id((__u64)BPF_CORE_READ(bprm, file, f_path.dentry),
			(__u64)BPF_CORE_READ(bprm, file, f_path.mnt));
	/* The other threads are gone (de_thread): this one's copy only. */
	if (th)
		th->exe = p->exe;
	emit_proc(SP_IK_EV_EXEC, tgid, p->ppid, p->exe);
	return 0;
}

/* Runs in the exiting task (current). */
SEC("raw_tp/sched_process_exit")
int sp_ik_task_exit(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 tgid = current_tgid();
	struct sp_ik_proc *p = tgid ? bpf_map_lookup_elem(&procs, &tgid) :
				      NULL;
	struct task_struct *t;
	struct signal_struct *sig;
	struct sp_ik_event *e;
	struct thread *th;

	if (!p)
		return 0;
	t = bpf_get_current_task_btf();
	th = bpf_task_storage_get(&threads, t, 0, 0);
	if (th && th->tail == TAIL_COUNTED) {
		th->tail = TAIL_NONE;
	} else if (p->state == SP_IK_ACTIVE &&
		   t->seccomp.mode == SECCOMP_MODE_DEAD &&
		   (!th || th->mark != MARK_DEAD_DONE)) {
		/* Killed in a call sys_exit did not count: counted by
		 * sys_enter's program, which comes back here.  A thread
		 * killed at its first call has no state yet. */
		if (!th) {
			th = bpf_task_storage_get(&threads, t, 0,
					BPF_LOCAL_STORAGE_GET_F_CREATE);
			if (th) {
				th->exe = p->exe;
				th->state = p->state;
				th->mark = MARK_CLEAR;
				th->tgid = tgid;
			}
		}
		if (th) {
			th->tail = TAIL_THEN_EXIT;
			bpf_tail_call(ctx, &tails, SLOT_COUNT);
			th->tail = TAIL_NONE;
		}
		lose(SP_IK_LOST_CALLS);
	}
	sig = BPF_CORE_READ(t, signal);
	if (BPF_CORE_READ(sig, live.counter))
		return 0;
	/* The last thread: the process is gone (its pid may be reused once
	 * it is reaped, so it must not stay followed).  Attached, the loader
	 * waits for these; running a command, waitpid tells it. */
	bpf_map_delete_elem(&procs, &tgid);
	if (!attached)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		__builtin_memset(e, 0, sizeof(*e));
		e->type = SP_IK_EV_EXIT;
		e->pid = tgid;
		e->status = BPF_CORE_READ(sig, flags) & SIGNAL_GROUP_EXIT ?
				    BPF_CORE_READ(sig, group_exit_code) :
				    BPF_CORE_READ(t, group_leader, exit_code);
		bpf_ringbuf_submit(e, 0);
	} else {
		lose(SP_IK_LOST_EVENTS);
	}
	return 0;
}

/* GPL-compatible: the kernel gives bpf_probe_read_kernel and task
 * storage only to such programs. */
char LICENSE[] SEC("license") = "Dual BSD/GPL";
