/*
 * callsite_signal: trap() is one ud2 instruction, right after before();
 * the SIGILL it raises runs on_ill(), which calls uname(2) and exits 0.
 * The frame below the signal frame is the instruction that was
 * interrupted, not a return address: it must be named trap, whose first
 * byte it is, not before, which the byte ahead of it belongs to
 * (tests/stacks_test.c).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/utsname.h>
#include <unistd.h>

void before(void);
void trap(void);

/* before's last byte is the one ahead of trap: no padding between. */
#if defined(__x86_64__) || defined(__i386__)
__asm__(".text\n"
	".globl before\n.type before, @function\n"
	"before:\n.cfi_startproc\n\tret\n.cfi_endproc\n"
	".size before, .-before\n"
	".globl trap\n.type trap, @function\n"
	"trap:\n.cfi_startproc\n\tud2\n.cfi_endproc\n"
	".size trap, .-trap\n");
#else
void before(void)
{
}

void trap(void)
{
	__builtin_trap();
}
#endif

static void on_ill(int sig)
{
	struct utsname u;

	(void)sig;
	_exit(uname(&u) == 0 ? 0 : 1);
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_ill };

	sigaction(SIGILL, &sa, NULL);
	before();
	trap();
	return 1;
}
