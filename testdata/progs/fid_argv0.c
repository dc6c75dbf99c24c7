/*
 * fid_argv0.c - a program that reads its own name, as redis-server (a
 * symlink to redis-check-rdb) or busybox do (tests/fidelity.sh): argv[0]
 * and the command name the kernel gives it (/proc/self/comm, the last
 * component of the path execve(2) was given).
 *
 * Prints "argv0 ARGV0 comm COMM".  Exit: 0; 2 /proc unreadable.
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	char comm[64] = "";
	FILE *f = fopen("/proc/self/comm", "r");

	(void)argc;
	if (!f || !fgets(comm, sizeof(comm), f))
		return 2;
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	printf("argv0 %s comm %s\n", argv[0], comm);
	return 0;
}
