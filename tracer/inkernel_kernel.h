/* The kernel's types the in-kernel recorder's program reads, as far as it
 * reads them: each member is relocated (CO-RE) by its name to where the
 * running kernel has it, so neither their order nor the members left out
 * matter; their sizes are the kernel's.  In place of a vmlinux.h of this
 * machine's kernel: the program's BTF, which the kernel checks at every
 * load, is 193 types, not some 780 (0.18 -> 0.04 ms, measured at 173),
 * and the build needs no kernel BTF. */
#ifndef SP_TRACER_INKERNEL_KERNEL_H
#define SP_TRACER_INKERNEL_KERNEL_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <stdbool.h>

typedef __u32 u32;
typedef __u64 u64;

#define SP_KERNEL_TYPE __attribute__((preserve_access_index))

/* x86_64's user register frame: the user ABI's layout, read as such
 * (args_of: offsets from the layout, not relocated). */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx,
		dx, si, di, orig_ax, ip, cs, flags, sp, ss;
} SP_KERNEL_TYPE;

struct thread_info {
	u32 status;
} SP_KERNEL_TYPE;

struct seccomp {
	int mode;
} SP_KERNEL_TYPE;

typedef struct {
	int counter;
} atomic_t;

struct signal_struct {
	atomic_t live;
	unsigned int flags;
	int group_exit_code;
} SP_KERNEL_TYPE;

struct qstr {
	u32 len;
	const unsigned char *name;
} SP_KERNEL_TYPE;

struct hlist_bl_node {
	struct hlist_bl_node **pprev;
} SP_KERNEL_TYPE;

struct inode {
	unsigned long i_ino;
} SP_KERNEL_TYPE;

struct dentry {
	struct hlist_bl_node d_hash;
	struct dentry *d_parent;
	struct qstr d_name;
	struct inode *d_inode;
} SP_KERNEL_TYPE;

struct vfsmount {
	struct dentry *mnt_root;
} SP_KERNEL_TYPE;

struct mount {
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
} SP_KERNEL_TYPE;

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
} SP_KERNEL_TYPE;

struct file {
	struct path f_path;
} SP_KERNEL_TYPE;

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
} SP_KERNEL_TYPE;

struct files_struct {
	struct fdtable *fdt;
} SP_KERNEL_TYPE;

struct mm_struct {
	struct file *exe_file;
} SP_KERNEL_TYPE;

/* A pid, numbered in each namespace from the initial one (level 0) down
 * to its task's own (level). */
struct ns_common {
	unsigned int inum;
} SP_KERNEL_TYPE;

struct pid_namespace {
	struct ns_common ns;
} SP_KERNEL_TYPE;

struct upid {
	int nr;
	struct pid_namespace *ns;
} SP_KERNEL_TYPE;

struct pid {
	unsigned int level;
	struct upid numbers[0];
} SP_KERNEL_TYPE;

struct css_set;

struct task_struct {
	struct thread_info thread_info;
	int exit_code;
	int tgid;
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	struct pid *thread_pid;
	struct mm_struct *mm;
	struct files_struct *files;
	struct signal_struct *signal;
	struct seccomp seccomp;
	struct css_set *cgroups;
} SP_KERNEL_TYPE;

struct linux_binprm {
	struct file *file;
} SP_KERNEL_TYPE;

struct kernel_siginfo {
	int si_code;
	union {
		struct {
			int _pid;
		} _kill;
	} _sifields;
} SP_KERNEL_TYPE;

struct kernfs_node {
	u64 id;
} SP_KERNEL_TYPE;

struct cgroup_subsys_state {
	struct cgroup_subsys_state *parent;
} SP_KERNEL_TYPE;

/* A cgroup hierarchy: hierarchy_id as /proc/PID/cgroup numbers it (0:
 * cgroup v2). */
struct cgroup_root {
	int hierarchy_id;
} SP_KERNEL_TYPE;

struct cgroup {
	struct cgroup_subsys_state self;
	struct kernfs_node *kn;
	struct cgroup_root *root;
} SP_KERNEL_TYPE;

/* A task's cgroups: dfl_cgrp, its cgroup v2 one. */
struct css_set {
	struct cgroup *dfl_cgrp;
} SP_KERNEL_TYPE;

#endif
