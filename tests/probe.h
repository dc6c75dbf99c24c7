/* The kernel as the oracle of a filter's meaning: what does it decide for
 * a call, without ever running the call?
 *
 * A child installs a listener filter (SECCOMP_RET_USER_NOTIF for calls
 * whose sixth argument is a magic value, ALLOW otherwise), hands the
 * listener to us, installs the filter under test on top, and makes each
 * probed call with the magic sixth argument.  The kernel runs both filters
 * and applies the stronger action (KILL > TRAP > ERRNO > USER_NOTIF >
 * TRACE > LOG > ALLOW): ERRNO comes back to the child as its errno, TRAP
 * reaches its SIGSYS handler, KILL kills it, and anything weaker than
 * USER_NOTIF reaches our listener, which answers with an error so the call
 * never runs.  A killed child is restarted after the case that killed it.
 *
 * Limits: the sixth argument is the magic value, so a filter that checks
 * args[5] cannot be probed; ALLOW here means ALLOW, LOG or TRACE (also
 * USER_NOTIF).  Test-only code. */
#ifndef SP_TESTS_PROBE_H
#define SP_TESTS_PROBE_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

enum sp_probe_kind {
	SP_PROBE_ALLOW,   /* reached the listener: the filter let it pass */
	SP_PROBE_ERRNO,   /* err holds the errno */
	SP_PROBE_TRAP,
	SP_PROBE_KILL,
	SP_PROBE_FAILED,  /* the probe itself failed */
};

struct sp_probe_case {
	int64_t nr;          /* x32: with its bit */
	uint64_t args[5];
};

struct sp_probe_verdict {
	enum sp_probe_kind kind;
	int err;
};

/* Asks the kernel about n cases under prog; fills out[n].  0, or -errno
 * when the probe could not run (e.g. the kernel rejected prog). */
int sp_probe_run(const struct sock_fprog *prog,
		 const struct sp_probe_case *cases, size_t n,
		 struct sp_probe_verdict *out);

/* An i386 call nr made from this 64-bit process by int $0x80, b, c and d
 * its first arguments as whole registers: seccomp sees their upper
 * halves, the kernel's i386 calls read the low ones.  Its return value
 * (-errno on failure). */
long sp_probe_int80(long nr, uint64_t b, uint64_t c, uint64_t d);

/* Makes the n calls c[k] = { nr, b, c, d } by sp_probe_int80 in a child
 * under prog: bit k of the result is call k not refused with EPERM;
 * SP_PROBE_NO_I386 when this kernel runs no i386 calls (ia32_emulation
 * off), -1 when the child could not run or install prog.  n < 8. */
#define SP_PROBE_NO_I386 255
int sp_probe_int80_under(const struct sock_fprog *prog,
			 const uint64_t (*c)[4], size_t n);

/* "ALLOW", "ERRNO(1)", "TRAP", "KILL": for messages. */
const char *sp_probe_str(const struct sp_probe_verdict *v, char *buf,
			 size_t len);

#endif
