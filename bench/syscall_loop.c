/* syscall_loop [N] - makes N (default 200000) getppid calls, nothing else
 * after startup: the per-stop cost of a tracer, undiluted (bench/run.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 200000;
	long sum = 0;

	for (long i = 0; i < n; i++)
		sum += syscall(SYS_getppid);
	return sum == 0;
}
