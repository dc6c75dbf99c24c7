/*
 * callsite_lib: two libraries for callsite_dlopen, libsp_site_a.so
 * (site_call -> site_a -> uname) and libsp_site_b.so (SITE_B: site_call
 * -> site_b -> getppid).
 */
#include <sys/utsname.h>
#include <unistd.h>

void site_call(void);

#ifdef SITE_B
__attribute__((noinline)) int site_b(void)
{
	return getppid() > 0 ? 0 : 1;
}

void site_call(void)
{
	if (site_b())
		_exit(1);
}
#else
__attribute__((noinline)) int site_a(void)
{
	struct utsname u;

	return uname(&u);
}

void site_call(void)
{
	if (site_a())
		_exit(1);
}
#endif
