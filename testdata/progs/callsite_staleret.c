/*
 * callsite_staleret: nocfi_getpgrp() has no unwind information, and
 * makes a local slot below its return address before its system call; the
 * slot holds a stale return address, left there by nocfi_plant's call of
 * nocfi_planted just before (both called by nocfi_run at the same stack
 * pointer).  That word lies in code just after a call instruction, yet no
 * call of nocfi_getpgrp returns there: the call it ends entered
 * nocfi_planted.  rbp points at a made-up frame whose return address,
 * 0x1000, lies in no mapping, as in callsite_badframe.  The getpgrp(2)
 * call shows no frame of nocfi_plant (tests/stacks_test.c).
 */
#include <unistd.h>

long nocfi_run(void);

#if defined(__x86_64__)
__asm__(".data\n"
	".balign 16\n"
	"nocfi_frame:\n\t.quad 0\n\t.quad 0x1000\n"
	".text\n"
	".globl nocfi_plant\n.type nocfi_plant, @function\n"
	"nocfi_plant:\n"
	"\tsub $8, %rsp\n"
	"\tcall nocfi_planted\n"  /* its return address stays below */
	"\tadd $8, %rsp\n"
	"\tret\n"
	".size nocfi_plant, .-nocfi_plant\n"
	".globl nocfi_planted\n.type nocfi_planted, @function\n"
	"nocfi_planted:\n"
	"\tret\n"
	".size nocfi_planted, .-nocfi_planted\n"
	".globl nocfi_getpgrp\n.type nocfi_getpgrp, @function\n"
	"nocfi_getpgrp:\n"
	"\tpush %rbp\n"
	"\tsub $8, %rsp\n"        /* the slot: nocfi_planted's return address */
	"\tlea nocfi_frame(%rip), %rbp\n"
	"\tmov $111, %eax\n"      /* getpgrp */
	"\tsyscall\n"
	"\tadd $8, %rsp\n"
	"\tpop %rbp\n"
	"\tret\n"
	".size nocfi_getpgrp, .-nocfi_getpgrp\n"
	".globl nocfi_run\n.type nocfi_run, @function\n"
	"nocfi_run:\n"
	"\tcall nocfi_plant\n"
	"\tcall nocfi_getpgrp\n"
	"\tret\n"
	".size nocfi_run, .-nocfi_run\n");
#else
long nocfi_run(void)
{
	return getpgrp();
}
#endif

int main(void)
{
	return nocfi_run() > 0 ? 0 : 1;
}
