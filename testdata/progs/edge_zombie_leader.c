/*
 * edge_zombie_leader.c - the thread-group leader exits before its threads
 * (validators README case 2).  The leader calls pthread_exit (the exit
 * system call, not exit_group): it becomes a zombie whose death the
 * kernel reports only once every other thread is gone, while the threads
 * keep making calls.
 *
 * Three threads wait until /proc/self/task/LEADER/stat shows the leader in
 * state Z, then each makes a few calls (getpid, uname, write to
 * /dev/null).  The last thread to finish prints the result and returns,
 * which ends the process with status 0.
 *
 * Exit: 0 and "zombie_leader ok" on stdout on success; 2 pthread_create
 * failed, 3 the leader never became a zombie (within 2 s), 4 a call failed
 * in a thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 3

static pid_t leader;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int done;

static char leader_state(void)
{
	char path[64], buf[256], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", leader);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

static void *worker(void *arg)
{
	struct timespec ts = { 0, 10 * 1000000L };
	struct utsname u;
	int i, fd;

	(void)arg;
	/* At least one sleep: the calls made must not depend on how fast
	 * the leader exits (a profile recorded once must run it again). */
	i = 0;
	do
		nanosleep(&ts, NULL);
	while (++i < 200 && leader_state() != 'Z');
	if (leader_state() != 'Z') {
		fprintf(stderr, "zombie_leader: leader state %c, not Z\n",
			leader_state());
		exit(3);
	}
	fd = open("/dev/null", O_WRONLY);
	if (getpid() != leader || uname(&u) != 0 || fd < 0 ||
	    write(fd, "x", 1) != 1) {
		fprintf(stderr, "zombie_leader: call failed: %s\n",
			strerror(errno));
		exit(4);
	}
	close(fd);
	pthread_mutex_lock(&lock);
	if (++done == NTHREADS)
		printf("zombie_leader ok\n");
	fflush(stdout);
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t t;

	leader = getpid();
	for (int i = 0; i < NTHREADS; i++) {
		if (pthread_create(&t, NULL, worker, NULL)) {
			fprintf(stderr, "zombie_leader: pthread_create\n");
			return 2;
		}
	}
	pthread_exit(NULL);
}
