/*
 * callsite_mangled: uname(2) from a function whose symbol is the C++
 * name of void ns::K::go<double>(double), so that its call site must
 * read demangled (tests/stacks_test.c) without a C++ compiler in the
 * build.  Exits 0, or 1 when uname fails.
 */
#include <sys/utsname.h>

__attribute__((noinline)) int go(double x) __asm__("_ZN2ns1K2goIdEEvT_");

__attribute__((noinline)) int go(double x)
{
	struct utsname u;

	return uname(&u) == 0 && x > 0 ? 0 : 1;
}

int main(void)
{
	return go(1.0);
}
