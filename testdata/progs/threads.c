/*
 * threads.c - four pthreads each make a few syscalls; the main thread joins
 * them and checks every result.
 *
 * Each thread: gettid (must differ from the leader's and from each other's),
 * getpid (must equal the process's pid), openat+write+close on /dev/null
 * (write must return the full length), nanosleep 1 ms (must return 0).
 *
 * Exit: 0 and "4 threads ok" on stdout on success; 2 pthread_create failed,
 * 3 pthread_join failed, 4 a thread reported a failure, 5 tids not distinct.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 4

struct job {
	pid_t pid;	/* expected getpid() */
	pid_t tid;	/* filled in by the thread */
	int err;	/* 0 or the errno of the failing step */
	const char *step; /* name of the failing step */
};

static void *worker(void *arg)
{
	struct job *j = arg;
	static const char msg[] = "sandprint threads";
	struct timespec ts = { 0, 1000000 };
	ssize_t n;
	int fd;

	j->tid = (pid_t)syscall(SYS_gettid);
	if (getpid() != j->pid) {
		j->step = "getpid";
		j->err = EINVAL;
		return NULL;
	}
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		j->step = "open /dev/null";
		j->err = errno;
		return NULL;
	}
	n = write(fd, msg, sizeof(msg));
	if (n != (ssize_t)sizeof(msg)) {
		j->step = "write /dev/null";
		j->err = n < 0 ? errno : EIO;
		close(fd);
		return NULL;
	}
	if (close(fd) != 0) {
		j->step = "close";
		j->err = errno;
		return NULL;
	}
	if (nanosleep(&ts, NULL) != 0) {
		j->step = "nanosleep";
		j->err = errno;
		return NULL;
	}
	return NULL;
}

int main(void)
{
	pthread_t th[NTHREADS];
	struct job jobs[NTHREADS];
	pid_t pid = getpid();
	int i, k, rc;

	for (i = 0; i < NTHREADS; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].pid = pid;
		rc = pthread_create(&th[i], NULL, worker, &jobs[i]);
		if (rc != 0) {
			fprintf(stderr, "threads: pthread_create: %s\n",
				strerror(rc));
			return 2;
		}
	}
	for (i = 0; i < NTHREADS; i++) {
		rc = pthread_join(th[i], NULL);
		if (rc != 0) {
			fprintf(stderr, "threads: pthread_join: %s\n",
				strerror(rc));
			return 3;
		}
	}
	for (i = 0; i < NTHREADS; i++) {
		if (jobs[i].err != 0) {
			fprintf(stderr, "threads: thread %d: %s: %s\n", i,
				jobs[i].step, strerror(jobs[i].err));
			return 4;
		}
		if (jobs[i].tid == pid || jobs[i].tid <= 0) {
			fprintf(stderr, "threads: thread %d: bad tid %d\n", i,
				(int)jobs[i].tid);
			return 5;
		}
		for (k = 0; k < i; k++) {
			if (jobs[k].tid == jobs[i].tid) {
				fprintf(stderr,
					"threads: threads %d and %d share tid %d\n",
					k, i, (int)jobs[i].tid);
				return 5;
			}
		}
	}
	printf("%d threads ok\n", NTHREADS);
	return 0;
}
