/* job_tstp: a full-screen program's ^Z, as an editor or a pager takes it:
 * its SIGTSTP handler puts the terminal back as it found it, says
 * "suspending", and stops the whole job (kill(0, SIGTSTP), as vim does);
 * continued, it takes the terminal again and says "resumed".  Reads keys
 * in raw mode ("key C"); "q" ends it ("bye").  (tests/cli.sh)
 * SIGTSTP is blocked but while it waits for a key (ppoll): a ^Z taken
 * just before read() began would else wait, unseen, for the next key
 * (natively a window of microseconds; under a tracer's stops, under load,
 * wide enough that the test waited out its two 30 s reads one run in 5). */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t tstp;

static void on_tstp(int sig)
{
	(void)sig;
	tstp = 1;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_tstp };
	struct termios cooked, raw;
	sigset_t tstp_only, waiting;

	if (tcgetattr(0, &cooked))
		return 2;
	raw = cooked;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	sigemptyset(&tstp_only);
	sigaddset(&tstp_only, SIGTSTP);
	sigprocmask(SIG_BLOCK, &tstp_only, &waiting);
	sigaction(SIGTSTP, &sa, NULL);
	tcsetattr(0, TCSANOW, &raw);
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		struct pollfd in = { .fd = 0, .events = POLLIN };
		char c;
		ssize_t n = -1;

		if (ppoll(&in, 1, NULL, &waiting) == 1)
			n = read(0, &c, 1);

		if (tstp) {
			tstp = 0;
			tcsetattr(0, TCSANOW, &cooked);
			printf("suspending\n");
			fflush(stdout);
			signal(SIGTSTP, SIG_DFL);
			sigprocmask(SIG_SETMASK, &waiting, NULL);
			kill(0, SIGTSTP);
			sigprocmask(SIG_BLOCK, &tstp_only, NULL);
			sigaction(SIGTSTP, &sa, NULL);
			tcsetattr(0, TCSANOW, &raw);
			printf("resumed\n");
			fflush(stdout);
		}
		if (n == 1 && c == 'q')
			break;
		if (n == 1) {
			printf("key %c\n", c);
			fflush(stdout);
		}
	}
	tcsetattr(0, TCSANOW, &cooked);
	printf("bye\n");
	return 0;
}
