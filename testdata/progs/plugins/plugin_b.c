/*
 * plugin_b.so: plugin_a.so's neighbour, which the recording of
 * static_plugin never loads.  Its plugin_run() asks for the process's
 * nice value with getpriority(2), a call neither static_plugin nor the
 * libraries it loads otherwise make.  0, or 1 when the call failed.
 */
#include <errno.h>
#include <sys/resource.h>

int plugin_run(void)
{
	errno = 0;
	return getpriority(PRIO_PROCESS, 0) == -1 && errno ? 1 : 0;
}
