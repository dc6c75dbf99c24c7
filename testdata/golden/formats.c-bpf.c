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
	/*    1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xc000003e, 0, 164), /* arch x86_64 */
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
	/*   14 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9, 0, 8), /* mmap */
	/*   15 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2]) + 4), /* load args[2] (upper half) */
	/*   16 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xffffffff), /* & 0xffffffff */
	/*   17 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4), /* == 0 */
	/*   18 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])), /* load args[2] (lower half) */
	/*   19 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfffffff8), /* & 0xfffffff8 */
	/*   20 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), /* == 0 */
	/*   21 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   22 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   23 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x27, 0, 1), /* getpid */
	/*   24 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   25 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xd0, 0, 40), /* >= io_getevents */
	/*   26 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x132, 0, 19), /* >= syncfs */
	/*   27 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x1a9, 0, 11), /* >= io_uring_setup */
	/*   28 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x1ab, 0, 5), /* >= io_uring_register */
	/*   29 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1ab, 0, 1), /* io_uring_register */
	/*   30 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   31 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1b3, 0, 1), /* clone3 */
	/*   32 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38), /* ERRNO(38) */
	/*   33 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   34 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1a9, 0, 1), /* io_uring_setup */
	/*   35 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   36 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1aa, 0, 1), /* io_uring_enter */
	/*   37 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   38 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   39 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x132, 0, 1), /* syncfs */
	/*   40 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   41 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x14c, 0, 1), /* statx */
	/*   42 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38), /* ERRNO(38) */
	/*   43 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x14d, 0, 1), /* io_pgetevents */
	/*   44 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   45 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   46 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xe7, 0, 12), /* >= exit_group */
	/*   47 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xe7, 0, 1), /* exit_group */
	/*   48 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   49 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xea, 0, 6), /* tgkill */
	/*   50 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]) + 4), /* load args[1] (upper half) */
	/*   51 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), /* NE 0 */
	/*   52 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] (lower half) */
	/*   53 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9, 1, 0), /* NE 0x9 */
	/*   54 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   55 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   56 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x115, 0, 1), /* sync_file_range */
	/*   57 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   58 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   59 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xd0, 0, 1), /* io_getevents */
	/*   60 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   61 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xd1, 0, 1), /* io_submit */
	/*   62 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   63 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xd2, 0, 1), /* io_cancel */
	/*   64 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   65 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   66 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x6d, 0, 56), /* >= setpgid */
	/*   67 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x9d, 0, 21), /* >= prctl */
	/*   68 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xce, 0, 5), /* >= io_setup */
	/*   69 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xce, 0, 1), /* io_setup */
	/*   70 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   71 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xcf, 0, 1), /* io_destroy */
	/*   72 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   73 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   74 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9d, 0, 11), /* prctl */
	/*   75 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*   76 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), /* EQ 0 */
	/*   77 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*   78 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x26, 0, 1), /* EQ 0x26 */
	/*   79 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   80 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*   81 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), /* EQ 0 */
	/*   82 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*   83 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf, 0, 1), /* EQ 0xf */
	/*   84 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 22), /* ERRNO(22) */
	/*   85 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   86 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xa2, 0, 1), /* sync */
	/*   87 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*   88 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*   89 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x6d, 0, 12), /* setpgid */
	/*   90 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*   91 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0, 9, 0), /* upper > 0 */
	/*   92 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), /* upper == 0 */
	/*   93 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*   94 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x5, 6, 0), /* LT 0x5 */
	/*   95 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]) + 4), /* load args[1] (upper half) */
	/*   96 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0, 3, 0), /* upper > 0 */
	/*   97 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), /* upper == 0 */
	/*   98 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] (lower half) */
	/*   99 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x7, 0, 1), /* GE 0x7 */
	/*  100 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  101 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  102 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x79, 0, 7), /* getpgid */
	/*  103 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*  104 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x1, 3, 0), /* upper > 0x1 */
	/*  105 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1, 0, 3), /* upper == 0x1 */
	/*  106 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*  107 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x5, 0, 1), /* GT 0x5 */
	/*  108 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  109 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  110 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x87, 0, 11), /* personality */
	/*  111 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*  112 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), /* EQ 0 */
	/*  113 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*  114 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x8, 0, 1), /* EQ 0x8 */
	/*  115 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  116 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*  117 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 3), /* EQ 0 */
	/*  118 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*  119 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffff, 0, 1), /* EQ 0xffffffff */
	/*  120 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  121 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  122 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  123 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x3e, 0, 16), /* >= kill */
	/*  124 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x4b, 0, 5), /* >= fdatasync */
	/*  125 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x4b, 0, 1), /* fdatasync */
	/*  126 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  127 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x66, 0, 1), /* getuid */
	/*  128 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP), /* TRAP */
	/*  129 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  130 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x3e, 0, 6), /* kill */
	/*  131 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]) + 4), /* load args[1] (upper half) */
	/*  132 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), /* NE 0 */
	/*  133 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] (lower half) */
	/*  134 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9, 1, 0), /* NE 0x9 */
	/*  135 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  136 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  137 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x4a, 0, 1), /* fsync */
	/*  138 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  139 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  140 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xa, 0, 8), /* mprotect */
	/*  141 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2]) + 4), /* load args[2] (upper half) */
	/*  142 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xffffffff), /* & 0xffffffff */
	/*  143 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4), /* == 0 */
	/*  144 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])), /* load args[2] (lower half) */
	/*  145 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfffffff8), /* & 0xfffffff8 */
	/*  146 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), /* == 0 */
	/*  147 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  148 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  149 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1a, 0, 1), /* msync */
	/*  150 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  151 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x29, 0, 13), /* socket */
	/*  152 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]) + 4), /* load args[0] (upper half) */
	/*  153 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0), /* & 0 */
	/*  154 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 9), /* == 0 */
	/*  155 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] (lower half) */
	/*  156 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xffffffff), /* & 0xffffffff */
	/*  157 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1, 0, 6), /* == 0x1 */
	/*  158 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]) + 4), /* load args[1] (upper half) */
	/*  159 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0, 4, 0), /* upper > 0 */
	/*  160 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2), /* upper == 0 */
	/*  161 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] (lower half) */
	/*  162 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x2, 1, 0), /* LE 0x2 */
	/*  163 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  164 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  165 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  166 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x40000003, 0, 130), /* arch x86 */
	/*  167 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)), /* load nr */
	/*  168 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xac, 0, 56), /* >= prctl */
	/*  169 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x13a, 0, 23), /* >= sync_file_range */
	/*  170 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x1a9, 0, 11), /* >= io_uring_setup */
	/*  171 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x1ab, 0, 5), /* >= io_uring_register */
	/*  172 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1ab, 0, 1), /* io_uring_register */
	/*  173 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  174 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1b3, 0, 1), /* clone3 */
	/*  175 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38), /* ERRNO(38) */
	/*  176 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  177 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1a9, 0, 1), /* io_uring_setup */
	/*  178 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  179 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x1aa, 0, 1), /* io_uring_enter */
	/*  180 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  181 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  182 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x17f, 0, 5), /* >= statx */
	/*  183 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x17f, 0, 1), /* statx */
	/*  184 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 38), /* ERRNO(38) */
	/*  185 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x181, 0, 1), /* io_pgetevents */
	/*  186 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  187 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  188 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x13a, 0, 1), /* sync_file_range */
	/*  189 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  190 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x158, 0, 1), /* syncfs */
	/*  191 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  192 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  193 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xf8, 0, 14), /* >= io_submit */
	/*  194 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xfc, 0, 8), /* >= exit_group */
	/*  195 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xfc, 0, 1), /* exit_group */
	/*  196 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  197 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x10e, 0, 4), /* tgkill */
	/*  198 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] */
	/*  199 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9, 1, 0), /* != 0x9 */
	/*  200 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  201 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  202 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  203 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf8, 0, 1), /* io_submit */
	/*  204 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  205 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf9, 0, 1), /* io_cancel */
	/*  206 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  207 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  208 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0xf6, 0, 5), /* >= io_destroy */
	/*  209 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf6, 0, 1), /* io_destroy */
	/*  210 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  211 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf7, 0, 1), /* io_getevents */
	/*  212 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  213 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  214 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xac, 0, 7), /* prctl */
	/*  215 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  216 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x26, 0, 1), /* == 0x26 */
	/*  217 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  218 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  219 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf, 0, 1), /* == 0xf */
	/*  220 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 22), /* ERRNO(22) */
	/*  221 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  222 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xf5, 0, 1), /* io_setup */
	/*  223 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  224 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  225 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x5a, 0, 40), /* >= mmap */
	/*  226 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x84, 0, 20), /* >= getpgid */
	/*  227 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x90, 0, 5), /* >= msync */
	/*  228 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x90, 0, 1), /* msync */
	/*  229 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  230 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x94, 0, 1), /* fdatasync */
	/*  231 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  232 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  233 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x84, 0, 4), /* getpgid */
	/*  234 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  235 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 0x5, 0, 1), /* > 0x5 */
	/*  236 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  237 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  238 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x88, 0, 7), /* personality */
	/*  239 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  240 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x8, 0, 1), /* == 0x8 */
	/*  241 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  242 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  243 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xffffffff, 0, 1), /* == 0xffffffff */
	/*  244 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  245 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  246 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  247 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x76, 0, 9), /* >= fsync */
	/*  248 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x76, 0, 1), /* fsync */
	/*  249 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  250 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x7d, 0, 5), /* mprotect */
	/*  251 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])), /* load args[2] */
	/*  252 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfffffff8), /* & 0xfffffff8 */
	/*  253 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), /* == 0 */
	/*  254 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  255 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  256 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  257 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x5a, 0, 5), /* mmap */
	/*  258 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])), /* load args[2] */
	/*  259 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xfffffff8), /* & 0xfffffff8 */
	/*  260 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), /* == 0 */
	/*  261 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  262 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  263 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x6c, 0, 1), /* fstat */
	/*  264 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  265 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  266 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x18, 0, 19), /* >= getuid */
	/*  267 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x25, 0, 13), /* >= kill */
	/*  268 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x25, 0, 4), /* kill */
	/*  269 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] */
	/*  270 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x9, 1, 0), /* != 0x9 */
	/*  271 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  272 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  273 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x39, 0, 6), /* setpgid */
	/*  274 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])), /* load args[0] */
	/*  275 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x5, 3, 0), /* < 0x5 */
	/*  276 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])), /* load args[1] */
	/*  277 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x7, 0, 1), /* >= 0x7 */
	/*  278 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  279 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  280 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  281 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x18, 0, 1), /* getuid */
	/*  282 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP), /* TRAP */
	/*  283 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x24, 0, 1), /* sync */
	/*  284 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  285 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  286 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x6, 0, 5), /* >= close */
	/*  287 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x6, 0, 1), /* close */
	/*  288 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  289 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x14, 0, 1), /* getpid */
	/*  290 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  291 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  292 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x3, 0, 1), /* read */
	/*  293 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  294 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x4, 0, 1), /* write */
	/*  295 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW), /* ALLOW */
	/*  296 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 1), /* ERRNO(1) */
	/*  297 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD), /* KILL_THREAD */
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
