#include "output/c.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

void sp_c_comment_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (s[0] == '*' && s[1] == '/')
			fputs("* ", f);
		else if (iscntrl((unsigned char)*s))
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

void sp_c_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\' || ch == '?' || !isprint(ch))
			fprintf(f, "\\%03o", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void errno_name(FILE *f, int err)
{
	const char *name;

	if (err < 0)
		err = EPERM;
	name = strerrorname_np(err);
	if (name)
		fputs(name, f);
	else
		fprintf(f, "%d", err);
}

void sp_c_action(FILE *f, enum sp_action a, int err)
{
	switch (a) {
	case SP_ACT_ERRNO:
	case SP_ACT_TRACE:
		fprintf(f, "%s(", sp_action_name(a));
		errno_name(f, err);
		fputc(')', f);
		return;
	case SP_ACT_KILL_PROCESS:
	case SP_ACT_KILL_THREAD:
	case SP_ACT_TRAP:
	case SP_ACT_NOTIFY:
	case SP_ACT_LOG:
	case SP_ACT_ALLOW:
	case SP_ACT_COUNT:
		break;
	}
	fputs(sp_action_name(a < SP_ACT_COUNT ? a : SP_ACT_ALLOW), f);
}

void sp_c_jail_main(FILE *f)
{
	fputs("#ifndef SANDPRINT_NO_MAIN\n"
	      "int main(int argc, char **argv)\n"
	      "{\n"
	      "\tint rc;\n"
	      "\n"
	      "\tif (argc < 2) {\n"
	      "\t\tfprintf(stderr, \"usage: %s CMD [ARG]...\\n\", "
	      "argv[0]);\n"
	      "\t\treturn 2;\n"
	      "\t}\n"
	      "\trc = sandprint_install();\n"
	      "\tif (rc) {\n"
	      "\t\tfprintf(stderr, \"%s: cannot install the seccomp "
	      "filter: %s\\n\",\n"
	      "\t\t\targv[0], strerror(-rc));\n"
	      "\t\treturn 2;\n"
	      "\t}\n"
	      "\texecvp(argv[1], argv + 1);\n"
	      "\trc = errno;\n"
	      "\tfprintf(stderr, \"%s: %s: %s\\n\", argv[0], argv[1], "
	      "strerror(rc));\n"
	      "\treturn rc == ENOENT ? 127 : 126;\n"
	      "}\n"
	      "#endif\n", f);
}

static bool same_action(enum sp_action a, int ea, enum sp_action b, int eb)
{
	if (a != b)
		return false;
	if (a != SP_ACT_ERRNO && a != SP_ACT_TRACE)
		return true;
	return (ea < 0 ? EPERM : ea) == (eb < 0 ? EPERM : eb);
}

static void write_rule(FILE *f, const struct sp_profile *p,
		       const struct sp_rule *r)
{
	fputs("\n\t/* ", f);
	sp_c_comment_text(f, r->comment ? r->comment : "(no comment)");
	if (r->nconds > 1 && sp_rule_index_repeats(r))
		fputs(";\n\t * an argument index repeats: each condition is "
		      "a rule of its own (ORed)", f);
	fputs(" */\n", f);
	if (same_action(r->action, r->errno_ret, p->default_action,
			p->default_errno)) {
		fputs("\t/* left out: its action is the default one */\n", f);
		return;
	}
	fputs("\t{\n\t\tstatic const char *const names[] = {\n", f);
	for (size_t i = 0; i < r->nnames; i++) {
		fputs("\t\t\t", f);
		sp_c_string(f, r->names[i]);
		fputs(",\n", f);
	}
	fputs("\t\t};\n", f);
	if (r->nconds) {
		fputs("\t\tstatic const struct scmp_arg_cmp cmp[] = {\n", f);
		for (size_t i = 0; i < r->nconds; i++) {
			const struct sp_cond *c = &r->conds[i];

			fprintf(f,
				"\t\t\t{ .arg = %u, .op = %s,\n"
				"\t\t\t  .datum_a = 0x%" PRIx64 ", "
				".datum_b = 0x%" PRIx64 " },\n",
				c->index, sp_cmp_name(c->op), c->value,
				c->value_two);
		}
		fputs("\t\t};\n", f);
	}
	fputs("\n", f);
	if (r->nconds > 1 && sp_rule_index_repeats(r)) {
		fputs("\t\tfor (size_t i = 0; i < N(cmp) && !rc; i++)\n"
		      "\t\t\trc = add(ctx, ", f);
		sp_c_action(f, r->action, r->errno_ret);
		fputs(", names, N(names), 1,\n\t\t\t\t &cmp[i]);\n", f);
	} else {
		fputs("\t\trc = add(ctx, ", f);
		sp_c_action(f, r->action, r->errno_ret);
		if (r->nconds)
			fputs(", names, N(names), N(cmp), cmp);\n", f);
		else
			fputs(", names, N(names), 0, NULL);\n", f);
	}
	fputs("\t\tif (rc)\n\t\t\tgoto fail;\n\t}\n", f);
}

int sp_profile_write_c(FILE *f, const struct sp_profile *p)
{
	bool any = false;

	for (size_t i = 0; i < p->nrules; i++)
		any |= !same_action(p->rules[i].action, p->rules[i].errno_ret,
				    p->default_action, p->default_errno);
	fputs("/*\n"
	      " * Seccomp profile written by sandprint " SP_VERSION
	      ": C on libseccomp.\n"
	      " *\n"
	      " *   cc -o jail profile.c -lseccomp && ./jail CMD [ARG]...\n"
	      " *\n"
	      " * runs CMD under the profile.  With -DSANDPRINT_NO_MAIN the "
	      "file gives\n"
	      " * sandprint_install() (sets no_new_privs and loads the filter "
	      "into the\n"
	      " * calling thread; 0 or -errno) and sandprint_export_bpf(FD) "
	      "(writes the\n"
	      " * raw cBPF program, as bwrap --seccomp FD takes it) to your "
	      "own program.\n"
	      " * Names this libseccomp does not know are skipped, as crun "
	      "and runc do.\n"
	      " *\n"
	      " * Default action: ", f);
	sp_c_action(f, p->default_action, p->default_errno);
	fputs("\n * Architectures:", f);
	for (size_t i = 0; i < p->narchs; i++)
		fprintf(f, " %s", sp_arch_name(p->archs[i]));
	fputs(p->narchs ? "\n" : " native\n", f);
	fputs(" */\n"
	      "#ifndef _GNU_SOURCE\n"
	      "#define _GNU_SOURCE /* execvp, syscall with -std=c11 */\n"
	      "#endif\n"
	      "#include <errno.h>\n"
	      "#include <seccomp.h>\n"
	      "#include <stddef.h>\n"
	      "#include <stdint.h>\n"
	      "#include <stdio.h>\n"
	      "#include <string.h>\n"
	      "#include <unistd.h>\n"
	      "\n"
	      "int sandprint_install(void);\n"
	      "int sandprint_export_bpf(int fd);\n"
	      "\n"
	      "#define N(a) (sizeof(a) / sizeof((a)[0]))\n", f);
	if (any)
		fputs("\n"
		      "/* Adds the rule for each name this libseccomp knows. "
		      "*/\n"
		      "static int add(scmp_filter_ctx ctx, uint32_t action,\n"
		      "\t       const char *const *names, size_t n, "
		      "unsigned int ncmp,\n"
		      "\t       const struct scmp_arg_cmp *cmp)\n"
		      "{\n"
		      "\tfor (size_t i = 0; i < n; i++) {\n"
		      "\t\tint nr = seccomp_syscall_resolve_name(names[i]);\n"
		      "\t\tint rc;\n"
		      "\n"
		      "\t\tif (nr == __NR_SCMP_ERROR)\n"
		      "\t\t\tcontinue;\n"
		      "\t\trc = seccomp_rule_add_array(ctx, action, nr, ncmp, "
		      "cmp);\n"
		      "\t\tif (rc)\n"
		      "\t\t\treturn rc;\n"
		      "\t}\n"
		      "\treturn 0;\n"
		      "}\n", f);
	fputs("\n"
	      "static int build(scmp_filter_ctx *out)\n"
	      "{\n"
	      "\tscmp_filter_ctx ctx = seccomp_init(", f);
	sp_c_action(f, p->default_action, p->default_errno);
	fputs(");\n"
	      "\tint rc = 0;\n"
	      "\n"
	      "\tif (!ctx)\n"
	      "\t\treturn -ENOMEM;\n", f);
	for (size_t i = 0; i < p->narchs; i++)
		fprintf(f,
			"\trc = seccomp_arch_add(ctx, %s);\n"
			"\tif (rc && rc != -EEXIST)\n"
			"\t\tgoto fail;\n"
			"\trc = 0;\n",
			sp_arch_oci_name(p->archs[i]));
	for (size_t i = 0; i < p->nrules; i++)
		write_rule(f, p, &p->rules[i]);
	if (!any && !p->narchs)
		fputs("\t(void)rc;\n", f);
	fputs("\n"
	      "\t*out = ctx;\n"
	      "\treturn 0;\n", f);
	fputs(any || p->narchs ? "fail:\n" : "", f);
	if (any || p->narchs)
		fputs("\tseccomp_release(ctx);\n"
		      "\treturn rc;\n", f);
	fputs("}\n"
	      "\n"
	      "int sandprint_install(void)\n"
	      "{\n"
	      "\tscmp_filter_ctx ctx;\n"
	      "\tint rc = build(&ctx);\n"
	      "\n"
	      "\tif (rc)\n"
	      "\t\treturn rc;\n"
	      "\trc = seccomp_load(ctx);\n"
	      "\tseccomp_release(ctx);\n"
	      "\treturn rc;\n"
	      "}\n"
	      "\n"
	      "int sandprint_export_bpf(int fd)\n"
	      "{\n"
	      "\tscmp_filter_ctx ctx;\n"
	      "\tint rc = build(&ctx);\n"
	      "\n"
	      "\tif (rc)\n"
	      "\t\treturn rc;\n"
	      "\trc = seccomp_export_bpf(ctx, fd);\n"
	      "\tseccomp_release(ctx);\n"
	      "\treturn rc;\n"
	      "}\n"
	      "\n", f);
	sp_c_jail_main(f);
	return ferror(f) ? -EIO : 0;
}
