/*
 * static_tcset: reads its terminal's settings (tcgetattr: ioctl
 * TCGETS) and, with an argument, sets them again once output drains
 * (tcsetattr(0, TCSADRAIN, ...)), whose request glibc computes as
 * TCSETS + the mode (`lea 0x5402(%r9), %esi`): no constant at its
 * syscall instruction, a constant (TCSADRAIN) at the program's call.
 * tests/static_test.c: recorded without the argument, the profile must
 * allow ioctl(TCSETSW).
 *
 * Exit: 0 (without a terminal both calls fail with ENOTTY, which is
 * fine); 1 when a call was refused with EPERM.
 */
#include <errno.h>
#include <stdio.h>
#include <termios.h>

int main(int argc, char **argv)
{
	struct termios t = { 0 };

	(void)argv;
	if (tcgetattr(0, &t) && errno == EPERM)
		return 1;
	if (argc > 1 && tcsetattr(0, TCSADRAIN, &t) && errno == EPERM) {
		perror("static_tcset: tcsetattr");
		return 1;
	}
	return 0;
}
