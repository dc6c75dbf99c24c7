/*
 * static_jit: links libsp_static_jit.so (static_jitlib.c), whose
 * sp_jit_run maps PROT_READ | PROT_WRITE | PROT_EXEC memory through
 * libc's mmap() and runs code it writes there.  Without arguments it
 * does not call it, so a recording never sees executable memory made;
 * with "jit" it does.  tests/static_test.c: recorded without arguments,
 * the profile must let "jit" run (the constant is the library's, at its
 * import call: code outside the C library that the program loaded and
 * reaches), and nothing executable but that value.
 *
 * Exit: 0; 1 when the compiled code did not run.
 */
#include <stdio.h>
#include <string.h>

int sp_jit_run(void);

int main(int argc, char **argv)
{
	int r;

	if (argc < 2 || strcmp(argv[1], "jit") != 0)
		return 0;
	r = sp_jit_run();
	if (r != 42) {
		fprintf(stderr, "static_jit: the compiled code did not run\n");
		return 1;
	}
	return 0;
}
