/* -f c-bpf: the program sandprint compiled (output/cbpf.c) as C source
 * that needs no library: a struct sock_filter array with one line per
 * instruction, spelled with the <linux/filter.h> macros. */
#include "output/cbpf.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "core/array.h"
#include "output/c.h"

/* The load offset k as an offsetof() expression. */
static void load_off(FILE *f, uint32_t k)
{
	if (k == offsetof(struct seccomp_data, nr))
		fputs("offsetof(struct seccomp_data, nr)", f);
	else if (k == offsetof(struct seccomp_data, arch))
		fputs("offsetof(struct seccomp_data, arch)", f);
	else if (k >= offsetof(struct seccomp_data, args) &&
		 k < sizeof(struct seccomp_data))
		fprintf(f, "offsetof(struct seccomp_data, args[%u])%s",
			(unsigned)(k - offsetof(struct seccomp_data, args)) / 8,
			k % 8 ? " + 4" : "");
	else
		fprintf(f, "%u", k);
}

static void ret_value(FILE *f, uint32_t k)
{
	static const struct {
		uint32_t act;
		const char *name;
	} acts[] = {
		{ SECCOMP_RET_KILL_PROCESS, "SECCOMP_RET_KILL_PROCESS" },
		{ SECCOMP_RET_KILL_THREAD, "SECCOMP_RET_KILL_THREAD" },
		{ SECCOMP_RET_TRAP, "SECCOMP_RET_TRAP" },
		{ SECCOMP_RET_ERRNO, "SECCOMP_RET_ERRNO" },
		{ SECCOMP_RET_USER_NOTIF, "SECCOMP_RET_USER_NOTIF" },
		{ SECCOMP_RET_TRACE, "SECCOMP_RET_TRACE" },
		{ SECCOMP_RET_LOG, "SECCOMP_RET_LOG" },
		{ SECCOMP_RET_ALLOW, "SECCOMP_RET_ALLOW" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(acts); i++) {
		if ((k & SECCOMP_RET_ACTION_FULL) != acts[i].act)
			continue;
		fputs(acts[i].name, f);
		if (k & SECCOMP_RET_DATA)
			fprintf(f, " | %u", k & SECCOMP_RET_DATA);
		return;
	}
	fprintf(f, "%#x", k);
}

static void insn(FILE *f, const struct sock_filter *s)
{
	switch (BPF_CLASS(s->code)) {
	case BPF_LD:
		fputs("BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ", f);
		load_off(f, s->k);
		fputc(')', f);
		return;
	case BPF_ALU:
		fprintf(f, "BPF_STMT(BPF_ALU | BPF_AND | BPF_K, %#x)", s->k);
		return;
	case BPF_RET:
		fputs("BPF_STMT(BPF_RET | BPF_K, ", f);
		ret_value(f, s->k);
		fputc(')', f);
		return;
	case BPF_JMP:
		switch (BPF_OP(s->code)) {
		case BPF_JA:
			fprintf(f, "BPF_STMT(BPF_JMP | BPF_JA, %u)", s->k);
			return;
		case BPF_JEQ:
			fputs("BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ", f);
			break;
		case BPF_JGT:
			fputs("BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, ", f);
			break;
		case BPF_JGE:
			fputs("BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, ", f);
			break;
		default:
			fprintf(f, "BPF_JUMP(%#x, ", s->code);
			break;
		}
		fprintf(f, "%#x, %u, %u)", s->k, s->jt, s->jf);
		return;
	default:
		break;
	}
	fprintf(f, "{ %#x, %u, %u, %#x }", s->code, s->jt, s->jf, s->k);
}

int sp_cbpf_write_c(FILE *f, const struct sp_profile *p,
		    const struct sp_bpf *b, char *const *notes)
{
	fputs("/*\n"
	      " * Seccomp profile written by sandprint " SP_VERSION
	      ": C with the raw cBPF\n"
	      " * program sandprint compiled, no library needed.\n"
	      " *\n"
	      " *   cc -o jail profile.c && ./jail CMD [ARG]...\n"
	      " *\n"
	      " * runs CMD under the profile.  With -DSANDPRINT_NO_MAIN the "
	      "file gives\n"
	      " * sandprint_install() (sets no_new_privs and loads the filter "
	      "into the\n"
	      " * calling thread; 0 or -errno) and sandprint_export_bpf(FD) "
	      "(writes the\n"
	      " * raw program, as bwrap --seccomp FD takes it).\n"
	      " *\n"
	      " * The program checks the arch first, then walks a search "
	      "tree over the\n"
	      " * syscall numbers with the most frequently recorded calls "
	      "nearest the\n"
	      " * root.\n"
	      " *\n"
	      " * Default action: ", f);
	sp_c_action(f, p->default_action, p->default_errno);
	fputs("\n * Architectures:", f);
	for (size_t i = 0; i < p->narchs; i++)
		fprintf(f, " %s", sp_arch_name(p->archs[i]));
	fputs(p->narchs ? "\n" : " native\n", f);
	for (size_t i = 0; i < p->nrules; i++) {
		const struct sp_rule *r = &p->rules[i];

		fputs(" *\n * Rule: ", f);
		sp_c_action(f, r->action, r->errno_ret);
		if (r->nconds)
			fprintf(f, ", %zu argument condition%s", r->nconds,
				r->nconds == 1 ? "" : "s");
		if (r->comment) {
			fputs("\n *   ", f);
			sp_c_comment_text(f, r->comment);
		}
		for (size_t k = 0; k < r->nnames; k++) {
			fputs(k % 6 ? " " : "\n *   ", f);
			sp_c_comment_text(f, r->names[k]);
		}
		fputc('\n', f);
	}
	fputs(" */\n"
	      "#ifndef _GNU_SOURCE\n"
	      "#define _GNU_SOURCE /* execvp, syscall with -std=c11 */\n"
	      "#endif\n"
	      "#include <errno.h>\n"
	      "#include <linux/filter.h>\n"
	      "#include <linux/seccomp.h>\n"
	      "#include <stddef.h>\n"
	      "#include <stdio.h>\n"
	      "#include <string.h>\n"
	      "#include <sys/prctl.h>\n"
	      "#include <sys/syscall.h>\n"
	      "#include <unistd.h>\n"
	      "\n"
	      "int sandprint_install(void);\n"
	      "int sandprint_export_bpf(int fd);\n"
	      "\n"
	      "static struct sock_filter filter[] = {\n", f);
	for (size_t i = 0; i < b->len; i++) {
		fprintf(f, "\t/* %4zu */ ", i);
		insn(f, &b->insns[i]);
		fputc(',', f);
		if (notes && notes[i]) {
			fputs(" /* ", f);
			sp_c_comment_text(f, notes[i]);
			fputs(" */", f);
		}
		fputc('\n', f);
	}
	fputs("};\n"
	      "\n"
	      "int sandprint_install(void)\n"
	      "{\n"
	      "\tstruct sock_fprog prog = {\n"
	      "\t\t.len = sizeof(filter) / sizeof(filter[0]),\n"
	      "\t\t.filter = filter,\n"
	      "\t};\n"
	      "\n"
	      "\tif (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))\n"
	      "\t\treturn -errno;\n"
	      "\tif (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, "
	      "&prog))\n"
	      "\t\treturn -errno;\n"
	      "\treturn 0;\n"
	      "}\n"
	      "\n"
	      "int sandprint_export_bpf(int fd)\n"
	      "{\n"
	      "\tconst char *buf = (const char *)filter;\n"
	      "\tsize_t left = sizeof(filter);\n"
	      "\n"
	      "\twhile (left) {\n"
	      "\t\tssize_t n = write(fd, buf, left);\n"
	      "\n"
	      "\t\tif (n < 0 && errno == EINTR)\n"
	      "\t\t\tcontinue;\n"
	      "\t\tif (n <= 0)\n"
	      "\t\t\treturn n < 0 ? -errno : -EIO;\n"
	      "\t\tbuf += n;\n"
	      "\t\tleft -= (size_t)n;\n"
	      "\t}\n"
	      "\treturn 0;\n"
	      "}\n"
	      "\n", f);
	sp_c_jail_main(f);
	return ferror(f) ? -EIO : 0;
}
