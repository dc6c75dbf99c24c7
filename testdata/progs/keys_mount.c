#define _GNU_SOURCE
/* keys_mount: calls add_key, keyctl and mount, each once, and ignores
 * how they end (Docker's default profile refuses all three with EPERM;
 * outside a container they may fail for their own reasons).  Exits 0.
 * The calls are made with syscall(2) so no libc wrapper or library is
 * needed; the arguments are harmless (an empty description, a read-only
 * query, a mount of nothing onto a path that does not exist). */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	/* add_key("user", "", NULL, 0, KEY_SPEC_PROCESS_KEYRING = -2):
	 * an empty description is refused with EINVAL. */
	syscall(SYS_add_key, "user", "", NULL, 0, -2);
	/* keyctl(KEYCTL_GET_KEYRING_ID = 0, KEY_SPEC_THREAD_KEYRING = -1,
	 * create = 0): a query. */
	syscall(SYS_keyctl, 0, -1, 0);
	/* mount(NULL, "/nonexistent/sandprint", NULL, MS_REMOUNT, NULL). */
	syscall(SYS_mount, NULL, "/nonexistent/sandprint", NULL, 32, NULL);
	puts("keys_mount: done");
	return 0;
}
