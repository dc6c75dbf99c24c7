/*
 * enosys NAME[,NAME]... CMD [ARG]... - runs CMD with the named system
 * calls (names, or numbers for those libseccomp does not know) answering
 * ENOSYS, as a kernel that lacks them does: an older kernel's host for a
 * profile recorded on this one (bench/survive.sh --enosys).  Everything
 * else is allowed.  The filter is inherited by CMD's whole tree: an OCI
 * runtime run under it, its container, and the filter the runtime loads
 * there, whose actions rank below ENOSYS only where they allow.  Without
 * no_new_privs as root (CAP_SYS_ADMIN), so a set-id program in the tree
 * still gains its privileges.  Built on request (make enosys); never
 * part of the tests.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx;
	char *list, *name, *save = NULL;
	int rc;

	if (argc < 3) {
		fprintf(stderr, "usage: enosys NAME[,NAME]... CMD [ARG]...\n");
		return 2;
	}
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	list = strdup(argv[1]);
	if (!ctx || !list) {
		fprintf(stderr, "enosys: out of memory\n");
		return 2;
	}
	for (name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		int nr = seccomp_syscall_resolve_name(name);
		char *end;

		if (nr == __NR_SCMP_ERROR) {
			long n = strtol(name, &end, 10);

			if (*end || end == name || n < 0 || n > 4095) {
				fprintf(stderr, "enosys: no system call %s\n",
					name);
				return 2;
			}
			nr = (int)n;
		}
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0);
		if (rc) {
			fprintf(stderr, "enosys: %s: %s\n", name, strerror(-rc));
			return 2;
		}
	}
	if (geteuid() == 0)
		seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	rc = seccomp_load(ctx);
	if (rc) {
		fprintf(stderr, "enosys: seccomp_load: %s\n", strerror(-rc));
		return 2;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "enosys: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
