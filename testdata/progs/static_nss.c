/*
 * static_nss: looks a user up by name with getpwnam(3), which may make
 * glibc open a Name Service Switch module (libnss_SERVICE.so.2) with
 * dlopen.  The static analysis' tests give it a C library whose
 * directory holds a module of their own.  Prints the user's id; exits 0
 * whether or not the user exists.
 */
#include <pwd.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	struct passwd *pw = getpwnam(argc > 1 ? argv[1] : "root");

	if (pw)
		printf("%u\n", (unsigned)pw->pw_uid);
	return 0;
}
