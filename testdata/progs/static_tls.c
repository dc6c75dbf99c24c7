/*
 * libsp_static_tls.so: thread-local state for tests/static_test.c, in
 * the shape of glibc's __rpc_thread_destroy (run at every thread's exit,
 * it returns at once unless the thread used Sun RPC).  sp_tls_cleanup
 * makes syncfs(2) only when its thread-local variable is set, which only
 * sp_tls_setup does: a program that cannot reach sp_tls_setup cannot
 * reach that syncfs.  sp_tls_shared_cleanup has the same shape but its
 * variable is exported (any object may set it), so its fdatasync(2)
 * always counts.  Initial-exec, as glibc reaches its own variables.
 */
#define _GNU_SOURCE
#include <unistd.h>

static __thread long state __attribute__((tls_model("initial-exec")));
__thread long sp_tls_shared __attribute__((tls_model("initial-exec")));

void sp_tls_setup(long fd)
{
	state = fd;
}

int sp_tls_cleanup(void)
{
	long fd = state;

	if (!fd)
		return 0;
	state = 0;
	return syncfs((int)fd);
}

int sp_tls_shared_cleanup(void)
{
	long fd = sp_tls_shared;

	if (!fd)
		return 0;
	sp_tls_shared = 0;
	return fdatasync((int)fd);
}
