/* What crosses between the in-kernel recorder's BPF program
 * (tracer/inkernel.bpf.c) and its loader (tracer/inkernel.c): map keys and
 * values, ring buffer events.  Included by both sides, so only fixed-width
 * kernel types. */
#ifndef SP_TRACER_INKERNEL_ABI_H
#define SP_TRACER_INKERNEL_ABI_H

#ifndef SP_TRACER_INKERNEL_KERNEL_H
#include <linux/types.h>
#endif

/* A path as the BPF program builds it (PATH_MAX), and the slack its
 * bounded writes need past the end. */
#define SP_IK_PATH_MAX 4096
#define SP_IK_NAME_MAX 256

/* The argument-kind table as the program sees it: per ABI, the numbers
 * below SP_IK_KEEP_NR (x32 without its bit). */
#define SP_IK_KEEP_NR 1024

/* The ABIs a call can come in on: the native one, the 32-bit compat one
 * (i386 on x86_64: int 0x80, sysenter) and x32 (native registers, numbers
 * with __X32_SYSCALL_BIT).  The loader maps them to enum sp_arch. */
enum sp_ik_abi {
	SP_IK_NATIVE = 0,
	SP_IK_COMPAT,
	SP_IK_X32,
	SP_IK_ABIS,
};

#define SP_IK_X32_BIT 0x40000000

/* keeps[abi * SP_IK_KEEP_NR + nr]: which arguments a pattern keeps (bit
 * i: argument i), which of those are 64 bits wide (the others are kept
 * on their low half), and which point to a struct whose flags are kept
 * instead (clone3, openat2; not kept when they cannot be read). */
struct sp_ik_keep {
	__u8 kept;
	__u8 wide;
	__u8 read;
};

/* patterns: one distinct call, counted in the caller's context. */
struct sp_ik_key {
	__u64 args[6];       /* 0 where not kept */
	__s64 nr;            /* raw, as the kernel saw it (x32: with its bit) */
	__u32 exe;           /* executable id (sp_ik_proc.exe) */
	__u8 abi;            /* enum sp_ik_abi */
	__u8 kept;
	__u16 pad;           /* zero: keys are compared bytewise */
};

/* counts: calls that keep no argument, by (exe, abi, nr without the x32
 * bit) in 64 bits; numbers from SP_IK_SMALL_NR on (and negative ones)
 * take the whole key. */
#define SP_IK_SMALL_NR (1u << 30)

static inline __u64 sp_ik_small_key(__u32 exe, int abi, __u32 nr)
{
	return (__u64)exe << 32 | (__u64)(abi & 3) << 30 | nr;
}

/* The count maps (the programs' counts and patterns, each the one entry
 * of an array of maps): their size, and the number of patterns at which
 * the program asks the loader to swap one for a fresh one (SP_IK_EV_FULL;
 * half: the calls of new patterns still find room while the loader
 * swaps, which takes an RCU grace period, not the ring). */
#define SP_IK_COUNT_MAX 16384
#define SP_IK_FULL_AT (SP_IK_COUNT_MAX / 4)

enum sp_ik_table {
	SP_IK_TABLE_COUNTS,
	SP_IK_TABLE_PATTERNS,
	SP_IK_TABLES,
};

/* The value of both count maps, one per CPU: pid is set on the CPU that
 * made the first call, 0 on the others. */
struct sp_ik_count {
	__u64 count;
	__u32 pid;           /* the process of the first call */
	__u32 pad;
};

/* sigs: the last signal of each number generated for a followed process,
 * and for sandprint itself, with who sent it (si_pid, si_code) and the
 * call that generated it (the generating thread, its call's number and
 * first argument: kill(2)'s pid), so that sandprint does not forward a
 * copy of a signal that reached the workload too (a kill of the whole
 * process group: tracer/signals.h).  Only the same call counts: an
 * earlier signal sent to the workload alone by the same sender (kill
 * PID, then kill of sandprint) is another call.  Kept until sandprint
 * looks. */
struct sp_ik_sig_key {
	__u32 tgid;
	__u32 sig;
};

struct sp_ik_sig_sent {
	__u32 sender;        /* si_pid */
	__s32 code;          /* si_code */
	__u32 by;            /* the generating thread (current) */
	__u32 pad;
	__s64 call;          /* its call's number (orig_ax) */
	__u64 target;        /* and first argument */
};

/* procs: the workload's processes, by tgid. */
enum sp_ik_state {
	SP_IK_ACTIVE = 0,    /* its calls are recorded */
	SP_IK_PENDING,       /* forked by the launcher: recorded from its
				first execve on (the workload's first
				instruction) */
	SP_IK_LAUNCHER,      /* sandprint while it forks the workload */
};

struct sp_ik_proc {
	__u32 exe;
	__u32 ppid;          /* the parent it was forked by (CLONE_PARENT:
				its parent's) */
	__u32 state;         /* enum sp_ik_state */
	__u32 pad;
};

/* Executable ids: the program numbers the files it sees exec'd from 1;
 * ids the loader gives (the command before its exec, processes found
 * running) have this bit. */
#define SP_IK_EXE_USER 0x80000000u

/* The ring buffer's events. */
enum sp_ik_event_type {
	SP_IK_EV_EXE = 1,    /* a new executable id: path follows */
	SP_IK_EV_FORK,       /* a new process followed (forked by one, or
				attached to the cgroup): its image */
	SP_IK_EV_EXEC,       /* a followed process exec'd: its new image */
	SP_IK_EV_EXIT,       /* a process's last thread exited */
	SP_IK_EV_CALL,       /* a call whose pattern the map had no room
				for (struct sp_ik_call_event) */
	SP_IK_EV_MAP,        /* a process mapped a file as code: exe is
				the file's id (as executables') */
	SP_IK_EV_FULL,       /* a count map is (half) full: exe is its
				enum sp_ik_table (once until swapped) */
};

struct sp_ik_event {
	__u32 type;
	__u32 pid;           /* FORK, EXEC, EXIT, MAP */
	__u32 ppid;          /* FORK, EXEC */
	__u32 exe;           /* EXE, FORK, EXEC, MAP */
	__s32 status;        /* EXIT: as wait(2) reports it */
	__u8 deleted;        /* EXE: the file was unlinked (" (deleted)") */
	__u8 truncated;      /* EXE: longer than SP_IK_PATH_MAX */
	__u16 pad16;
	__u32 pad;
};

/* SP_IK_EV_CALL: one call, counted by the loader. */
struct sp_ik_call_event {
	__u32 type;
	__u32 pid;           /* its process */
	struct sp_ik_key key;
};

/* SP_IK_EV_EXE: the event, then the path: the record's size less the
 * event's, at most SP_IK_PATH_MAX bytes, no NUL. */
struct sp_ik_exe_event {
	struct sp_ik_event e;
	char path[SP_IK_PATH_MAX];
};

/* The loss counters (stats, per CPU): tracer/inkernel_loss.def. */
enum sp_ik_loss {
#define SP_IK_LOSS(id, what) SP_IK_LOST_##id,
#include "tracer/inkernel_loss.def"
#undef SP_IK_LOSS
	SP_IK_NLOSSES,
};

#endif
