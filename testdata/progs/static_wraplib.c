/*
 * libsp_static_wraplib.so (static_wrap.c): a library's helper around
 * ioctl(2), whose request is its caller's, in another file.
 */
#include <errno.h>
#include <sys/ioctl.h>

int sp_lib_ioctl(int fd, unsigned long req, void *arg)
{
	int ret = ioctl(fd, req, arg);

	if (ret < 0 && errno == EBADF)
		return -2;
	return ret;
}
