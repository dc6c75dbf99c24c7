/*
 * static_sites: a static executable without libc, whose system calls are
 * known from this source (tests/static_test.c checks the static analysis
 * finds exactly these numbers, from <sys/syscall.h>):
 *
 *   _start     getppid, then getuid passed to forward(), then exit_group
 *   forward    a forwarder: the number is its first argument (rdi), as in
 *              glibc's syscall()
 *   choose     getpgrp or getsid: the number set on two paths that join
 *              before the syscall instruction
 *   never      sync, in code nothing calls (a static binary counts whole)
 *   lowbyte    sched_yield, then clone3, each number written into the low
 *              byte (al) or word (ax) of a zeroed rax, as musl's __clone
 *              does (`xor %eax,%eax; mov $56,%al`); nothing calls it
 *   hoisted    syncfs, its number set in a callee-saved register (r14)
 *              before a switch (`jmp *%rax` through a table of offsets),
 *              made by a case laid after a call to dies(), which never
 *              returns, on a path that overwrote r14: musl's posix_spawn
 *              child() and its dup2; nothing calls it
 *   zero       read, number 0: rax computed, then `test %rax,%rax; je`
 *              to the syscall instruction, as musl's __stdio_read makes
 *              read(2); nothing calls it
 *
 * Run, it makes getppid, getuid, getpgrp and exit_group and exits 0.
 */
#include <sys/syscall.h>

#define STR_(x) #x
#define STR(x) STR_(x)

__asm__(".text\n"
	".globl _start\n"
	".type _start, @function\n"
	"_start:\n"
	"	mov $" STR(SYS_getppid) ", %eax\n"
	"	syscall\n"
	"	mov $" STR(SYS_getuid) ", %edi\n"
	"	call forward\n"
	"	xor %edi, %edi\n"
	"	call choose\n"
	"	mov $" STR(SYS_exit_group) ", %eax\n"
	"	xor %edi, %edi\n"
	"	syscall\n"
	"	hlt\n"
	".type forward, @function\n"
	"forward:\n"
	"	mov %rdi, %rax\n"
	"	syscall\n"
	"	ret\n"
	".type choose, @function\n"
	"choose:\n"
	"	mov $" STR(SYS_getpgrp) ", %eax\n"
	"	test %edi, %edi\n"
	"	jz 1f\n"
	"	mov $" STR(SYS_getsid) ", %eax\n"
	"1:	syscall\n"
	"	ret\n"
	".type never, @function\n"
	"never:\n"
	"	mov $" STR(SYS_sync) ", %eax\n"
	"	syscall\n"
	"	ret\n"
	".type lowbyte, @function\n"
	"lowbyte:\n"
	"	xor %eax, %eax\n"
	"	mov $" STR(SYS_sched_yield) ", %al\n"
	"	syscall\n"
	"	xor %eax, %eax\n"
	"	mov $" STR(SYS_clone3) ", %ax\n"
	"	syscall\n"
	"	ret\n"
	".type hoisted, @function\n"
	"hoisted:\n"
	"	mov $" STR(SYS_syncfs) ", %r14d\n"
	"	test %edi, %edi\n"
	"	jnz 2f\n"
	"	lea 4f(%rip), %r9\n"
	"	movslq (%r9), %rax\n"
	"	add %r9, %rax\n"
	"	jmp *%rax\n"
	"2:	imul %rdi, %r14\n"
	"	call dies\n"
	"3:	mov %r14, %rax\n"
	"	syscall\n"
	"	ret\n"
	".type dies, @function\n"
	"dies:\n"
	"	hlt\n"
	".type zero, @function\n"
	"zero:\n"
	"	mov %rdi, %rax\n"
	"	imul %rsi, %rax\n"
	"	test %rax, %rax\n"
	"	je 5f\n"
	"	ret\n"
	"5:	syscall\n"
	"	ret\n"
	".section .rodata\n"
	"4:	.long 3b - 4b\n"
	".text\n");
