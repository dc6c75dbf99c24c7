/* job_tstp: a full-screen program's ^Z, as an editor or a pager takes it:
 * its SIGTSTP handler puts the terminal back as it found it, says
 * "suspending", and stops the whole job (kill(0, SIGTSTP), as vim does);
 * continued, it takes the terminal again and says "resumed".  Reads keys
 * in raw mode ("key C"); "q" ends it ("bye").  (tests/cli.sh) */
#define _POSIX_C_SOURCE 200809L
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

	if (tcgetattr(0, &cooked))
		return 2;
	raw = cooked;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	sigaction(SIGTSTP, &sa, NULL);
	tcsetattr(0, TCSANOW, &raw);
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		char c;
		ssize_t n = read(0, &c, 1);

		if (tstp) {
			tstp = 0;
			tcsetattr(0, TCSANOW, &cooked);
			printf("suspending\n");
			fflush(stdout);
			signal(SIGTSTP, SIG_DFL);
			kill(0, SIGTSTP);
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
