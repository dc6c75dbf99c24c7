/* tree_cost TRACE...: how many cBPF instructions a filter runs per call,
 * on average over the calls a workload really made (each recorded pattern
 * weighted by its count), for the profile of the traces compiled two ways:
 * by libseccomp (sp_seccomp_compile, as crun and runc do) and by
 * sandprint's frequency-weighted tree (sp_cbpf_compile with the traces'
 * counts).  A small counting interpreter runs both programs on the same
 * seccomp_data; it also checks that they return the same action. */
#include <errno.h>
#include <inttypes.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/generate.h"
#include "output/cbpf.h"
#include "output/seccomp.h"
#include "output/trace_json.h"

/* Runs b on d; *steps counts the instructions executed.  Returns the
 * SECCOMP_RET value, or 0 (kill) on a program the kernel would refuse. */
static uint32_t run(const struct sp_bpf *b, const struct seccomp_data *d,
		    uint64_t *steps)
{
	uint32_t a = 0;

	for (size_t pc = 0; pc < b->len; pc++) {
		const struct sock_filter *s = &b->insns[pc];
		uint32_t w;

		++*steps;
		switch (s->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (s->k > sizeof(*d) - 4 || s->k % 4)
				return 0;
			memcpy(&w, (const char *)d + s->k, 4);
			a = w;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= s->k;
			break;
		case BPF_JMP | BPF_JA:
			pc += s->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == s->k ? s->jt : s->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > s->k ? s->jt : s->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= s->k ? s->jt : s->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += a & s->k ? s->jt : s->jf;
			break;
		case BPF_RET | BPF_K:
			return s->k;
		default:
			fprintf(stderr, "tree_cost: instruction %#x not "
					"emulated\n", s->code);
			exit(2);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sp_trace **traces = calloc((size_t)argc, sizeof(*traces));
	struct sp_compile_opts lo = { SP_COMPILE_AS_WRITTEN, NULL, NULL };
	struct sp_cbpf_opts so = { 0 };
	struct sp_generate_opts gen;
	struct sp_cbpf_weight *w = NULL;
	struct sp_bpf *lib = NULL, *own = NULL;
	struct sp_profile *p = NULL;
	struct sp_diag d = { 0 };
	uint64_t calls = 0, lsteps = 0, osteps = 0, differ = 0;
	size_t n = 0;

	if (argc < 2 || !traces) {
		fprintf(stderr, "usage: tree_cost TRACE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++, n++)
		if (sp_trace_read_json(argv[i], &traces[n], &d)) {
			fprintf(stderr, "tree_cost: %s: %s\n", argv[i], d.msg);
			return 2;
		}
	sp_generate_opts_init(&gen);
	if (sp_generate_profile(traces, n, &gen, &p) ||
	    sp_cbpf_weights_from_traces(traces, n, &w, &so.nweights)) {
		fprintf(stderr, "tree_cost: cannot build the profile\n");
		return 2;
	}
	so.weights = w;
	if (sp_seccomp_compile(p, &lo, &lib, &d) ||
	    sp_cbpf_compile(p, &so, &own, &d)) {
		fprintf(stderr, "tree_cost: %s\n", d.msg);
		return 2;
	}
	for (size_t t = 0; t < n; t++) {
		for (size_t i = 0; i < traces[t]->npatterns; i++) {
			const struct sp_pattern *pt = &traces[t]->patterns[i];
			struct seccomp_data sd = { 0 };
			uint64_t ls = 0, os = 0;

			sd.nr = (int)pt->nr;
			sd.arch = sp_arch_audit(pt->arch);
			memcpy(sd.args, pt->args, sizeof(sd.args));
			if (run(lib, &sd, &ls) != run(own, &sd, &os))
				differ += pt->count;
			calls += pt->count;
			lsteps += ls * pt->count;
			osteps += os * pt->count;
		}
	}
	printf("traces: %zu, calls: %" PRIu64 ", distinct patterns weighted\n"
	       "libseccomp: %zu instructions, %.2f executed per call\n"
	       "sandprint:  %zu instructions, %.2f executed per call\n"
	       "calls whose verdicts differ: %" PRIu64 "\n",
	       n, calls, lib->len, calls ? (double)lsteps / calls : 0.0,
	       own->len, calls ? (double)osteps / calls : 0.0, differ);
	sp_bpf_free(lib);
	sp_bpf_free(own);
	free(w);
	sp_profile_free(p);
	for (size_t i = 0; i < n; i++)
		sp_trace_free(traces[i]);
	free(traces);
	return differ ? 1 : 0;
}
