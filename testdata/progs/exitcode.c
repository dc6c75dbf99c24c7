/*
 * exitcode.c - exits with atoi(argv[1]) (0 without an argument), for
 * exit-status propagation tests. Prints nothing.
 */
#include <stdlib.h>

int main(int argc, char **argv)
{
	return argc > 1 ? atoi(argv[1]) : 0;
}
