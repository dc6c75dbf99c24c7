/* The shared objects each process image maps as code, for the trace's
 * "objects": the static analysis (tracer/static.h) follows what they
 * import.  The dynamic loader maps each library's code with an mmap(2) of
 * the open file and PROT_EXEC; the tracer sees that call before it runs
 * and names the file from /proc.  The executable and its interpreter are
 * mapped by the kernel at execve and are not listed (the executable is in
 * the trace already; the interpreter is named in it). */
#ifndef SP_TRACER_MAPS_H
#define SP_TRACER_MAPS_H

#include <stdint.h>
#include <sys/types.h>

#include "core/trace.h"

/* An mmap(2) by task tid of thread group tgid, with prot and fd as its
 * arguments: when it maps a file as code, records the file as mapped by
 * tgid's current process image (the last one of that pid).  A descriptor
 * /proc cannot name is skipped: 0 (gone, or not a file), 1 when /proc
 * keeps it from us (the task is another user's or undumpable, and
 * sandprint lacks CAP_SYS_PTRACE), or -ENOMEM. */
int sp_maps_note_mmap(struct sp_trace *t, pid_t tid, pid_t tgid,
		      uint64_t prot, uint64_t flags, int64_t fd);

/* Every file /proc/PID/maps shows mapped executable now, as mapped by
 * pid's current process image: for a process attached while it runs,
 * whose libraries were loaded before we came.  0, -ENOMEM, or -errno when
 * /proc cannot be read. */
int sp_maps_read(struct sp_trace *t, pid_t pid);

#endif
