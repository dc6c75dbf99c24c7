/*
 * edge_setuid.c - a setuid binary executed by root (validators README case
 * 10).  sandprint as root installs its filter without no_new_privs (it has
 * CAP_SYS_ADMIN), so a setuid-to-nobody copy of this program runs with
 * euid 65534 under sandprint as natively; with no_new_privs (non-root
 * sandprint, or a container's noNewPrivileges) the set-user-ID bit is
 * ignored and euid stays 0.
 *
 * Prints "ruid R euid E" and exits 0.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("ruid %d euid %d\n", (int)getuid(), (int)geteuid());
	return 0;
}
