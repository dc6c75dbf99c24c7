/* Fuzz target: sandprint's cBPF interpreter (analyzer/interp.c).  The input is
 * a program (its length rounded down to whole 8-byte instructions, as the
 * raw BPF files in testdata/bpf are); sp_interp_check must judge it without
 * faulting, and a program it accepts is run over 16 seccomp_data
 * records: interesting numbers (-1, 999, x32, i386 arch) and arguments
 * from a generator seeded with the input.  Invariants checked: a filter
 * stacked on itself decides as it does stacked alone, and its raw result
 * maps to the same action. */
#include <stdlib.h>
#include <string.h>

#include <linux/audit.h>

#include "analyzer/interp.h"
#include "core/array.h"
#include "core/syscall.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t next(uint64_t *s)
{
	/* splitmix64 */
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int nrs[] = { 0, 1, 39, 59, 60, 231, -1, 999,
				   0x40000000 | 39, 0x7fffffff };
	static const uint32_t arches[] = { AUDIT_ARCH_X86_64,
					   AUDIT_ARCH_I386,
					   AUDIT_ARCH_AARCH64, 0 };
	size_t len = size / sizeof(struct sock_filter);
	struct sock_filter *insns;
	struct sp_bpf stack[2];
	struct sp_diag d;
	uint64_t seed = 0xcbf29ce484222325ULL;

	if (len == 0 || len > BPF_MAXINSNS)
		return 0;
	/* A copy of exactly len instructions: the sanitizers catch any read
	 * past the program. */
	insns = malloc(len * sizeof(*insns));
	if (!insns)
		return 0;
	memcpy(insns, data, len * sizeof(*insns));
	memset(&d, 0, sizeof(d));
	if (sp_interp_check(insns, len, "fuzz", &d) != 0) {
		free(insns);
		return 0;
	}
	for (size_t i = 0; i < size; i++)
		seed = (seed ^ data[i]) * 0x100000001b3ULL;
	stack[0].insns = stack[1].insns = insns;
	stack[0].len = stack[1].len = len;
	for (int i = 0; i < 16; i++) {
		struct seccomp_data sd;
		uint32_t r;
		int errdata;

		memset(&sd, 0, sizeof(sd));
		sd.nr = nrs[i % ARRAY_SIZE(nrs)];
		sd.arch = arches[i % ARRAY_SIZE(arches)];
		if (!sd.arch)
			sd.arch = (uint32_t)next(&seed);
		sd.instruction_pointer = next(&seed);
		for (int a = 0; a < SP_NARGS; a++)
			sd.args[a] = i & 1 ? next(&seed) : (uint64_t)a;
		r = sp_interp_run_stack(stack, 1, &sd);
		if (sp_interp_run_stack(stack, 2, &sd) != r)
			abort();
		/* Alone, the program's raw value: the same action (the
		 * kernel drops an ALLOW's data bits, seccomp_run_filters;
		 * regression input crash-7ab2b0ae...: RET 0x7fff0028). */
		if (sp_action_of_ret(sp_interp_run(insns, len, &sd),
				     &errdata) != sp_action_of_ret(r, &errdata))
			abort();
		(void)sp_action_allows(sp_action_of_ret(r, &errdata));
	}
	free(insns);
	return 0;
}
