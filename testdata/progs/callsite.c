/*
 * callsite: its only uname(2) is made by f(), which only g() calls, which
 * main() calls: a recording with --stacks must show uname <- f <- g <- main
 * for the uname pattern (tests/stacks_test.c).  Built with -g -O0
 * -fno-omit-frame-pointer -fno-inline and not stripped; a stripped copy,
 * callsite-stripped, must show the same frames as module+offset.
 * Exits 0, or 1 when uname fails.
 */
#include <stdio.h>
#include <sys/utsname.h>

__attribute__((noinline)) int f(struct utsname *u);
__attribute__((noinline)) int g(void);

__attribute__((noinline)) int f(struct utsname *u)
{
	return uname(u);
}

__attribute__((noinline)) int g(void)
{
	struct utsname u;
	int rc = f(&u);

	/* Use the result after the call, so the call is not a tail call. */
	return rc == 0 && u.sysname[0] ? 0 : 1;
}

int main(void)
{
	int rc = g();

	if (rc)
		fprintf(stderr, "callsite: uname failed\n");
	return rc;
}
