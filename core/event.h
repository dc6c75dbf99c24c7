/* One system call as the tracer saw it: the unit the tracer hands to its
 * sink.  Plain data, no ownership. */
#ifndef SP_CORE_EVENT_H
#define SP_CORE_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/arch.h"
#include "core/syscall.h"

struct sp_event {
	pid_t tid;
	pid_t tgid;
	enum sp_arch arch;
	int64_t nr;          /* raw, as seccomp saw it (x32: with its bit) */
	uint64_t args[SP_NARGS];
	uint64_t ip;         /* instruction pointer at the call */
	uint64_t sp;         /* stack pointer at the call */
	uint32_t exe;        /* index of the executable in the trace */
	uint16_t ret_data;   /* SECCOMP_RET_DATA of the filter's RET_TRACE
				(0 at a syscall-entry stop) */
	uint8_t read;        /* bit i: args[i] is not the register but the
				flags the tracer read from the struct it
				points to (clone3's clone_args, openat2's
				open_how: no filter can read them) */
	bool spawning;       /* made by sandprint's child before it exec'd
				the command (that execve): its stack is
				sandprint's, no frame of it the workload's */
	bool own_judged;     /* own_ret holds what the task's own filters
				return for the call (at a syscall-entry
				stop, before they run; with a judge) */
	uint32_t own_ret;    /* SECCOMP_RET_* with its data */
};

#endif
