/*
 * Seccomp profile written by sandprint 0.1.0: C with the raw cBPF
 * program sandprint compiled, no library needed.
 *
 *   cc -o jail profile.c && ./jail CMD [ARG]...
 *
 * runs CMD under the profile.  With -DSANDPRINT_NO_MAIN the file gives
 * sandprint_install() (sets no_new_privs and loads the filter into the
 * calling thread; 0 or -errno) and sandprint_export_bpf(FD) (writes the
 * raw program, as bwrap --seccomp FD takes it).
 *
 * The program checks the arch first, then walks a search tree over the
 * syscall numbers with the most frequently recorded calls nearest the
 * root.
 *
 * Default action: SCMP_ACT_ERRNO(EPERM)
 * Architectures: x86_64 x86
 *
 * Rule: SCMP_ACT_ALLOW
 *   sandprint: recorded: 1200 calls, by fixture
 *   close exit_group fdatasync fstat fsync getpid
 *   io_cancel io_destroy io_getevents io_pgetevents io_setup io_submit
 *   io_uring_enter io_uring_register io_uring_setup msync no_such_call read
 *   sync sync_file_range syncfs write
 *
 * Rule: SCMP_ACT_ALLOW, 1 argument condition
 *   64-bit comparison across the halves
 *   getpgid
 *
 * Rule: SCMP_ACT_ALLOW, 2 argument conditions
 *   two indexes: ANDed
 *   setpgid
 *
 * Rule: SCMP_ACT_ALLOW, 1 argument condition
 *   anything but SIGKILL
 *   kill tgkill
 *
 * Rule: SCMP_ACT_ALLOW, 2 argument conditions
 *   a repeated index: ORed
 *   personality
 *
 * Rule: SCMP_ACT_ALLOW, 1 argument condition
 *   no bit outside PROT_READ|PROT_WRITE|PROT_EXEC
 *   mmap mprotect
 *
 * Rule: SCMP_ACT_ALLOW, 2 argument conditions
 *   AF_UNIX on the low 32 bits, type up to SOCK_DGRAM
 *   socket
 *
 * Rule: SCMP_ACT_ALLOW, 1 argument condition
 *   PR_SET_NO_NEW_PRIVS
 *   prctl
 *
 * Rule: SCMP_ACT_ERRNO(EINVAL), 1 argument condition
 *   PR_SET_NAME refused with EINVAL
 *   prctl
 *
 * Rule: SCMP_ACT_ERRNO(ENOSYS)
 *   ENOSYS so that libc falls back
 *   clone3 statx
 *
 * Rule: SCMP_ACT_TRAP
 *   a trap
 *   getuid
 *
 * Rule: SCMP_ACT_ERRNO(EPERM)
 *   the default action again: left out
 *   uname
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* execvp, syscall with -std=c11 */
#endif
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int sandprint_install(void);
int sandprint_export_bpf(int fd);

static struct sock_filter filter[] = {
	/*    0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)), /* load arch */
	/*    1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xc000003e, 0, 158), /* arch x86_64 */
	/*    2 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)), /* load nr */
	/*    3 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 2), /* x32 call? */
	/*    4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffff, 1, 0), /* nr == -1 */
	/*    5 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD), /* KILL_THREAD */
	/*    6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), /* read */
	/*    7 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*    8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1, 0, 1), /* write */
	/*    9 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x3, 0, 1), /* close */
	/*   11 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   12 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x5, 0, 1), /* fstat */
	/*   13 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   14 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9, 0, 7), /* mmap */
	/*   15 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2]) + 4), /* load args[2] (upper half) */
	/*   16 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4), /* == 0 */
	/*   17 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])), /* load args[2] (lower half) */
	/*   18 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfffffff8), /* & 0xfffffff8 */
	/*   19 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), /* == 0 */
	/*   20 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   21 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   22 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x27, 0, 1), /* getpid */
	/*   23 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   24 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xd0, 0, 40), /* >= io_getevents */
	/*   25 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x132, 0, 19), /* >= syncfs */
	/*   26 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x1a9, 0, 11), /* >= io_uring_setup */
	/*   27 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x1ab, 0, 5), /* >= io_uring_register */
	/*   28 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1ab, 0, 1), /* io_uring_register */
	/*   29 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   30 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1b3, 0, 1), /* clone3 */
	/*   31 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38), /* ERRNO(38) */
	/*   32 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   33 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1a9, 0, 1), /* io_uring_setup */
	/*   34 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   35 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1aa, 0, 1), /* io_uring_enter */
	/*   36 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   37 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   38 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x132, 0, 1), /* syncfs */
	/*   39 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   40 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x14c, 0, 1), /* statx */
	/*   41 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38), /* ERRNO(38) */
	/*   42 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x14d, 0, 1), /* io_pgetevents */
	/*   43 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   44 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   45 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xe7, 0, 12), /* >= exit_group */
	/*   46 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xe7, 0, 1), /* exit_group */
	/*   47 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   48 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xea, 0, 6), /* tgkill */
	/*   49 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]) + 4), /* load args[1] (upper half) */
	/*   50 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), /* NE 0 */
	/*   51 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] (lower half) */
	/*   52 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9, 1, 0), /* NE 0x9 */
	/*   53 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   54 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   55 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x115, 0, 1), /* sync_file_range */
	/*   56 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   57 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   58 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xd0, 0, 1), /* io_getevents */
	/*   59 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   60 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xd1, 0, 1), /* io_submit */
	/*   61 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   62 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xd2, 0, 1), /* io_cancel */
	/*   63 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   64 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   65 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x6d, 0, 56), /* >= setpgid */
	/*   66 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x9d, 0, 21), /* >= prctl */
	/*   67 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xce, 0, 5), /* >= io_setup */
	/*   68 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xce, 0, 1), /* io_setup */
	/*   69 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   70 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xcf, 0, 1), /* io_destroy */
	/*   71 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   72 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   73 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9d, 0, 11), /* prctl */
	/*   74 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*   75 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), /* EQ 0 */
	/*   76 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*   77 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x26, 0, 1), /* EQ 0x26 */
	/*   78 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   79 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*   80 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), /* EQ 0 */
	/*   81 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*   82 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf, 0, 1), /* EQ 0xf */
	/*   83 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 22), /* ERRNO(22) */
	/*   84 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   85 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xa2, 0, 1), /* sync */
	/*   86 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   87 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   88 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x6d, 0, 12), /* setpgid */
	/*   89 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*   90 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0, 9, 0), /* upper > 0 */
	/*   91 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), /* upper == 0 */
	/*   92 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*   93 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x5, 6, 0), /* LT 0x5 */
	/*   94 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]) + 4), /* load args[1] (upper half) */
	/*   95 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0, 3, 0), /* upper > 0 */
	/*   96 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), /* upper == 0 */
	/*   97 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] (lower half) */
	/*   98 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x7, 0, 1), /* GE 0x7 */
	/*   99 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  100 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  101 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x79, 0, 7), /* getpgid */
	/*  102 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*  103 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x1, 3, 0), /* upper > 0x1 */
	/*  104 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1, 0, 3), /* upper == 0x1 */
	/*  105 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*  106 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x5, 0, 1), /* GT 0x5 */
	/*  107 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  108 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  109 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x87, 0, 11), /* personality */
	/*  110 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*  111 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), /* EQ 0 */
	/*  112 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*  113 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x8, 0, 1), /* EQ 0x8 */
	/*  114 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  115 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*  116 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), /* EQ 0 */
	/*  117 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*  118 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffff, 0, 1), /* EQ 0xffffffff */
	/*  119 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  120 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  121 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  122 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x3e, 0, 16), /* >= kill */
	/*  123 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x4b, 0, 5), /* >= fdatasync */
	/*  124 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x4b, 0, 1), /* fdatasync */
	/*  125 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  126 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x66, 0, 1), /* getuid */
	/*  127 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP), /* TRAP */
	/*  128 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  129 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x3e, 0, 6), /* kill */
	/*  130 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]) + 4), /* load args[1] (upper half) */
	/*  131 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), /* NE 0 */
	/*  132 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] (lower half) */
	/*  133 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9, 1, 0), /* NE 0x9 */
	/*  134 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  135 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  136 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x4a, 0, 1), /* fsync */
	/*  137 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  138 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  139 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xa, 0, 7), /* mprotect */
	/*  140 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2]) + 4), /* load args[2] (upper half) */
	/*  141 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4), /* == 0 */
	/*  142 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])), /* load args[2] (lower half) */
	/*  143 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfffffff8), /* & 0xfffffff8 */
	/*  144 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), /* == 0 */
	/*  145 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  146 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  147 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1a, 0, 1), /* msync */
	/*  148 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  149 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x29, 0, 9), /* socket */
	/*  150 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*  151 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1, 0, 6), /* == 0x1 */
	/*  152 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]) + 4), /* load args[1] (upper half) */
	/*  153 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0, 4, 0), /* upper > 0 */
	/*  154 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), /* upper == 0 */
	/*  155 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] (lower half) */
	/*  156 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x2, 1, 0), /* LE 0x2 */
	/*  157 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  158 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  159 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  160 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x40000003, 0, 130), /* arch x86 */
	/*  161 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)), /* load nr */
	/*  162 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xac, 0, 56), /* >= prctl */
	/*  163 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x13a, 0, 23), /* >= sync_file_range */
	/*  164 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x1a9, 0, 11), /* >= io_uring_setup */
	/*  165 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x1ab, 0, 5), /* >= io_uring_register */
	/*  166 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1ab, 0, 1), /* io_uring_register */
	/*  167 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  168 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1b3, 0, 1), /* clone3 */
	/*  169 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38), /* ERRNO(38) */
	/*  170 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  171 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1a9, 0, 1), /* io_uring_setup */
	/*  172 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  173 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1aa, 0, 1), /* io_uring_enter */
	/*  174 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  175 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  176 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x17f, 0, 5), /* >= statx */
	/*  177 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x17f, 0, 1), /* statx */
	/*  178 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38), /* ERRNO(38) */
	/*  179 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x181, 0, 1), /* io_pgetevents */
	/*  180 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  181 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  182 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x13a, 0, 1), /* sync_file_range */
	/*  183 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  184 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x158, 0, 1), /* syncfs */
	/*  185 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  186 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  187 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xf8, 0, 14), /* >= io_submit */
	/*  188 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xfc, 0, 8), /* >= exit_group */
	/*  189 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xfc, 0, 1), /* exit_group */
	/*  190 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  191 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x10e, 0, 4), /* tgkill */
	/*  192 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] */
	/*  193 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9, 1, 0), /* != 0x9 */
	/*  194 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  195 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  196 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  197 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf8, 0, 1), /* io_submit */
	/*  198 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  199 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf9, 0, 1), /* io_cancel */
	/*  200 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  201 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  202 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xf6, 0, 5), /* >= io_destroy */
	/*  203 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf6, 0, 1), /* io_destroy */
	/*  204 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  205 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf7, 0, 1), /* io_getevents */
	/*  206 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  207 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  208 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xac, 0, 7), /* prctl */
	/*  209 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  210 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x26, 0, 1), /* == 0x26 */
	/*  211 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  212 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  213 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf, 0, 1), /* == 0xf */
	/*  214 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 22), /* ERRNO(22) */
	/*  215 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  216 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf5, 0, 1), /* io_setup */
	/*  217 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  218 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  219 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x5a, 0, 40), /* >= mmap */
	/*  220 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x84, 0, 20), /* >= getpgid */
	/*  221 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x90, 0, 5), /* >= msync */
	/*  222 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x90, 0, 1), /* msync */
	/*  223 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  224 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x94, 0, 1), /* fdatasync */
	/*  225 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  226 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  227 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x84, 0, 4), /* getpgid */
	/*  228 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  229 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x5, 0, 1), /* > 0x5 */
	/*  230 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  231 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  232 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x88, 0, 7), /* personality */
	/*  233 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  234 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x8, 0, 1), /* == 0x8 */
	/*  235 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  236 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  237 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffff, 0, 1), /* == 0xffffffff */
	/*  238 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  239 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  240 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  241 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x76, 0, 9), /* >= fsync */
	/*  242 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x76, 0, 1), /* fsync */
	/*  243 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  244 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x7d, 0, 5), /* mprotect */
	/*  245 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])), /* load args[2] */
	/*  246 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfffffff8), /* & 0xfffffff8 */
	/*  247 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), /* == 0 */
	/*  248 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  249 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  250 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  251 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x5a, 0, 5), /* mmap */
	/*  252 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])), /* load args[2] */
	/*  253 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfffffff8), /* & 0xfffffff8 */
	/*  254 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), /* == 0 */
	/*  255 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  256 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  257 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x6c, 0, 1), /* fstat */
	/*  258 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  259 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  260 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x18, 0, 19), /* >= getuid */
	/*  261 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x25, 0, 13), /* >= kill */
	/*  262 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x25, 0, 4), /* kill */
	/*  263 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] */
	/*  264 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9, 1, 0), /* != 0x9 */
	/*  265 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  266 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  267 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x39, 0, 6), /* setpgid */
	/*  268 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  269 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x5, 3, 0), /* < 0x5 */
	/*  270 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] */
	/*  271 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x7, 0, 1), /* >= 0x7 */
	/*  272 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  273 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  274 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  275 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x18, 0, 1), /* getuid */
	/*  276 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP), /* TRAP */
	/*  277 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x24, 0, 1), /* sync */
	/*  278 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  279 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  280 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x6, 0, 5), /* >= close */
	/*  281 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x6, 0, 1), /* close */
	/*  282 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  283 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x14, 0, 1), /* getpid */
	/*  284 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  285 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  286 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x3, 0, 1), /* read */
	/*  287 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  288 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x4, 0, 1), /* write */
	/*  289 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  290 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  291 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD), /* KILL_THREAD */
};

int sandprint_install(void)
{
	struct sock_fprog prog = {
		.len = sizeof(filter) / sizeof(filter[0]),
		.filter = filter,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return -errno;
	return 0;
}

int sandprint_export_bpf(int fd)
{
	const char *buf = (const char *)filter;
	size_t left = sizeof(filter);

	while (left) {
		ssize_t n = write(fd, buf, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n;
		left -= (size_t)n;
	}
	return 0;
}

#ifndef SANDPRINT_NO_MAIN
int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CMD [ARG]...\n", argv[0]);
		return 2;
	}
	rc = sandprint_install();
	if (rc) {
		fprintf(stderr, "%s: cannot install the seccomp filter: %s\n",
			argv[0], strerror(-rc));
		return 2;
	}
	execvp(argv[1], argv + 1);
	rc = errno;
	fprintf(stderr, "%s: %s: %s\n", argv[0], argv[1], strerror(rc));
	return rc == ENOENT ? 127 : 126;
}
#endif
