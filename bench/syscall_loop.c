/* syscall_loop [N [THREADS]] - makes N (default 200000) getppid calls,
 * nothing else after startup: the per-stop cost of a tracer, undiluted
 * (bench/run.sh).  With THREADS, each of that many threads makes N
 * (bench/refused.py: many callers at once). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static long n = 200000;

static void *loop(void *arg)
{
	long sum = 0;

	(void)arg;
	for (long i = 0; i < n; i++)
		sum += syscall(SYS_getppid);
	return sum == 0 ? (void *)1 : NULL;
}

int main(int argc, char **argv)
{
	long threads = argc > 2 ? strtol(argv[2], NULL, 10) : 0;
	pthread_t t[256];
	void *bad = NULL;

	if (argc > 1)
		n = strtol(argv[1], NULL, 10);
	if (threads < 1)
		return loop(NULL) != NULL;
	if (threads > 256)
		threads = 256;
	for (long i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, loop, NULL))
			return 1;
	for (long i = 0; i < threads; i++) {
		void *r;

		pthread_join(t[i], &r);
		bad = bad ? bad : r;
	}
	return bad != NULL;
}
