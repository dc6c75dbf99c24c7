/*
 * callsite_badframe: nocfi_getppid() has no unwind information and points
 * rbp at a made-up frame on its stack whose return address, 0x1000, lies
 * below mmap_min_addr, in no mapping.  An unwinder that falls back to the
 * frame-pointer chain where a function has no FDE (libunwind does; most of
 * a Chromium build has none, and code that keeps no frame pointer leaves
 * anything in rbp) takes that word for a caller.  The getppid(2) call has
 * one frame, nocfi_getppid: no frame in no code after it
 * (tests/stacks_test.c).
 */
#include <unistd.h>

long nocfi_getppid(void);

#if defined(__x86_64__)
__asm__(".text\n"
	".globl nocfi_getppid\n.type nocfi_getppid, @function\n"
	"nocfi_getppid:\n"
	"\tpush %rbp\n"
	"\tpush $0x1000\n"      /* the made-up frame's return address */
	"\tpush $0\n"           /* and its saved rbp: the chain's end */
	"\tmov %rsp, %rbp\n"
	"\tmov $110, %eax\n"    /* getppid */
	"\tsyscall\n"
	"\tadd $16, %rsp\n"
	"\tpop %rbp\n"
	"\tret\n"
	".size nocfi_getppid, .-nocfi_getppid\n");
#else
long nocfi_getppid(void)
{
	return getppid();
}
#endif

int main(void)
{
	return nocfi_getppid() > 0 ? 0 : 1;
}
