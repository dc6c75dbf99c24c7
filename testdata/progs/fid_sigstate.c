/*
 * fid_sigstate.c - the signal state a program starts with: the blocked
 * mask, the ignored and the caught signals (SigBlk, SigIgn, SigCgt of
 * /proc/self/status), and the pending ones.  A recorder must hand the
 * workload its caller's mask and ignored signals (nohup, a shell's
 * background job, a parent that ignores SIGCHLD), not its own
 * (tests/fidelity.sh).
 *
 * Prints the four lines as /proc/self/status has them.
 * Exit: 0; 2 /proc/self/status unreadable.
 */
#include <stdio.h>
#include <string.h>

int main(void)
{
	static const char *const keys[] = { "SigPnd:", "SigBlk:", "SigIgn:",
					     "SigCgt:" };
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f) {
		perror("fid_sigstate: /proc/self/status");
		return 2;
	}
	while (fgets(line, sizeof(line), f))
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strncmp(line, keys[i], strlen(keys[i])) == 0)
				fputs(line, stdout);
	fclose(f);
	return 0;
}
