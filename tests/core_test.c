/* core/: arches, syscall names from libseccomp, the trace and profile
 * models. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <netinet/in.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "core/arch.h"
#include "core/argnames.h"
#include "core/array.h"
#include "core/blake2b.h"
#include "core/diag.h"
#include "core/keyset.h"
#include "core/profile.h"
#include "core/syscall.h"
#include "core/text.h"
#include "core/trace.h"

Test(arch, x32_calls_are_told_apart_by_their_number_bit)
{
	cr_assert_eq(sp_arch_of_call(AUDIT_ARCH_X86_64, 39), SP_ARCH_X86_64);
	cr_assert_eq(sp_arch_of_call(AUDIT_ARCH_X86_64, 0x40000000 | 39),
		     SP_ARCH_X32);
	cr_assert_eq(sp_arch_of_call(AUDIT_ARCH_I386, 20), SP_ARCH_X86);
	cr_assert_eq(sp_arch_of_call(0x12345678, 1), SP_ARCH_UNKNOWN);
}

Test(arch, negative_numbers_stay_native)
{
	cr_assert_eq(sp_arch_of_call(AUDIT_ARCH_X86_64, -1), SP_ARCH_X86_64);
}

Test(arch, parses_both_spellings)
{
	enum sp_arch a;

	cr_assert_eq(sp_arch_parse("x86_64", &a), 0);
	cr_assert_eq(a, SP_ARCH_X86_64);
	cr_assert_eq(sp_arch_parse("SCMP_ARCH_X32", &a), 0);
	cr_assert_eq(a, SP_ARCH_X32);
	cr_assert_eq(sp_arch_parse("SCMP_ARCH_NOPE", &a), -EINVAL);
	cr_assert_str_eq(sp_arch_oci_name(SP_ARCH_X86), "SCMP_ARCH_X86");
	cr_assert_eq(sp_arch_audit(SP_ARCH_X86), AUDIT_ARCH_I386);
}

Test(arch, ilp32_by_layout_not_by_audit_value)
{
	cr_assert(sp_arch_ilp32(SP_ARCH_X86));
	cr_assert(sp_arch_ilp32(SP_ARCH_ARM));
	/* x32's audit value is x86_64's, its pointers 32 bits. */
	cr_assert(sp_arch_ilp32(SP_ARCH_X32));
	cr_assert_not(sp_arch_ilp32(SP_ARCH_X86_64));
	cr_assert_not(sp_arch_ilp32(SP_ARCH_AARCH64));
	cr_assert_not(sp_arch_ilp32(SP_ARCH_UNKNOWN));
}

/* The machine a call is made on: this one for its own arch and its
 * compat arches, else the 32-bit arch's 64-bit sibling. */
Test(arch, host_of_a_call)
{
	enum sp_arch native = sp_arch_native();

	cr_assert_eq(sp_arch_host(native), native);
	cr_assert_eq(sp_arch_host(SP_ARCH_UNKNOWN), SP_ARCH_UNKNOWN);
	cr_assert_eq(sp_arch_host(SP_ARCH_S390X), SP_ARCH_S390X);
	if (native == SP_ARCH_X86_64) {
		cr_assert_eq(sp_arch_host(SP_ARCH_X86), SP_ARCH_X86_64);
		cr_assert_eq(sp_arch_host(SP_ARCH_X32), SP_ARCH_X86_64);
		cr_assert_eq(sp_arch_host(SP_ARCH_ARM), SP_ARCH_AARCH64);
		cr_assert_eq(sp_arch_host(SP_ARCH_AARCH64), SP_ARCH_AARCH64);
	}
}

Test(arch, native_is_x86_64_here)
{
	cr_assert_eq(sp_arch_native(), SP_ARCH_X86_64);
}

Test(syscall, names_differ_per_arch)
{
	/* i386 20 is getpid, x86_64 20 is writev; i386 200 is getgid32,
	 * x86_64 200 is tkill (arch/x86/entry/syscalls/). */
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X86, 20), "getpid");
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X86_64, 20), "writev");
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X86, 200), "getgid32");
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X86_64, 200), "tkill");
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X86_64, SYS_getppid),
			 "getppid");
}

Test(syscall, x32_numbers_carry_their_bit)
{
	int64_t nr;

	cr_assert_str_eq(sp_syscall_name(SP_ARCH_X32, 0x40000000 | 39),
			 "getpid");
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X32, "getpid", &nr), 0);
	cr_assert_eq(nr, 0x40000000 | 39);
}

Test(syscall, unknown_numbers_are_kept_as_syscall_n)
{
	char buf[SP_SYSCALL_NAME_MAX];
	int64_t nr;

	cr_assert_null(sp_syscall_name(SP_ARCH_X86_64, 999));
	cr_assert_str_eq(sp_syscall_name_or_nr(SP_ARCH_X86_64, 999, buf),
			 "syscall_999");
	cr_assert_str_eq(sp_syscall_name_or_nr(SP_ARCH_X86_64, -1, buf),
			 "syscall_-1");
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, "syscall_999", &nr), 0);
	cr_assert_eq(nr, 999);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, "no_such_call", &nr),
		     -ENOENT);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, "syscall_", &nr), -ENOENT);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, "syscall_-1", &nr), 0);
	cr_assert_eq(nr, -1);
}

Test(syscall, numbers_no_int_holds_name_no_call)
{
	int64_t nr;

	/* 2^32 + 59 is execve's 59 to a filter reading the low 32 bits. */
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, "syscall_4294967355", &nr),
		     -ENOENT);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, "syscall_-2147483649", &nr),
		     -ENOENT);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, "syscall_2147483647", &nr),
		     0);
	cr_assert_eq(nr, INT32_MAX);
}

Test(syscall, numbers_only_as_sandprint_spells_them)
{
	static const char *const loose[] = {
		"syscall_ 1", "syscall_+1", "syscall_01", "syscall_1 ",
		"syscall_-0", "syscall_",
	};
	int64_t nr;

	for (size_t i = 0; i < sizeof(loose) / sizeof(loose[0]); i++)
		cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, loose[i], &nr),
			     -ENOENT, "%s", loose[i]);
	cr_assert_eq(sp_syscall_nr(SP_ARCH_X86_64, "syscall_-1", &nr), 0);
	cr_assert_eq(nr, -1);
}

Test(syscall, far_numbers_resolve_and_stay_valid)
{
	/* A number past the flat cache goes to libseccomp and is kept. */
	const char *a = sp_syscall_name(SP_ARCH_X86_64, 5000);
	const char *b = sp_syscall_name(SP_ARCH_X86_64, 5000);

	const char *flush = sp_syscall_name(SP_ARCH_ARM, 0xf0002);

	cr_assert_null(a);
	cr_assert_null(b);
	cr_assert_str_eq(flush, "cacheflush");
	/* Tens of thousands of numbers no ABI has (a trace of garbage
	 * numbers) on every arch: the names looked up before are the same
	 * strings after the table has grown, and a name is still found. */
	for (int64_t nr = 1100; nr < 41100; nr++)
		for (int arch = SP_ARCH_UNKNOWN + 1; arch < SP_ARCH_COUNT;
		     arch++)
			if (arch != SP_ARCH_ARM || nr != 0xf0002)
				cr_assert_null(sp_syscall_name(arch, nr),
					       "arch %d nr %" PRId64, arch, nr);
	cr_assert_eq(sp_syscall_name(SP_ARCH_ARM, 0xf0002), flush);
	cr_assert_str_eq(flush, "cacheflush");
	cr_assert_str_eq(sp_syscall_name(SP_ARCH_ARM, 0xf0005), "set_tls");
	cr_assert_null(sp_syscall_name(SP_ARCH_X86_64, 5000));
}

Test(trace, exit_status_is_what_a_shell_reports)
{
	struct sp_trace t = { 0 };

	t.end = SP_END_EXITED;
	t.status = 3;
	cr_assert_eq(sp_trace_exit_status(&t), 3);
	t.end = SP_END_SIGNALED;
	t.status = 11;
	cr_assert_eq(sp_trace_exit_status(&t), 139);
	t.end = SP_END_ERROR;
	cr_assert_eq(sp_trace_exit_status(&t), 2);
}

Test(trace, executables_are_interned_once)
{
	struct sp_trace *t = sp_trace_new();

	cr_assert_eq(sp_trace_intern_exe(t, "/usr/bin/ls"), 0);
	cr_assert_eq(sp_trace_intern_exe(t, "/usr/bin/sh"), 1);
	cr_assert_eq(sp_trace_intern_exe(t, "/usr/bin/ls"), 0);
	cr_assert_eq(t->nexes, 2);
	sp_trace_free(t);
}

/* Positions whose keys' hashes collide are each a candidate, the others
 * none; growing keeps them all. */
Test(trace, hash_index_hands_every_candidate_of_a_hash)
{
	struct sp_hashidx x = { 0 };
	uint32_t pos, seen = 0;
	size_t n = 0;

	for (uint32_t i = 0; i < 1000; i++)
		cr_assert_eq(sp_hashidx_add(&x, i % 3 ? i : 42, i), 0);
	for (size_t it = 0; sp_hashidx_next(&x, 42, &it, &pos); n++) {
		cr_assert_eq(pos % 3, 0);
		seen += pos;
	}
	cr_assert_eq(n, 334);
	cr_assert_eq(seen, 3 * (333 * 334 / 2));
	n = 0;
	for (size_t it = 0; sp_hashidx_next(&x, 7, &it, &pos); n++)
		cr_assert_eq(pos, 7);
	cr_assert_eq(n, 1);
	n = 0;
	cr_assert_not(sp_hashidx_next(&x, 3, &n, &pos), "3 was never added");
	sp_hashidx_clear(&x);
	n = 0;
	cr_assert_not(sp_hashidx_next(&x, 42, &n, &pos), "cleared");
}

/* Interned by hash (a build farm's 50,000 executables): each of many
 * found at its index; a rename (import's relative path taken as the
 * file here) found under the new name only, and refused onto a name
 * there already. */
Test(trace, executables_renamed_and_many_found_by_name)
{
	struct sp_trace *t = sp_trace_new();
	char name[32], *old = NULL;

	for (int i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "/b/t%d", i);
		cr_assert_eq(sp_trace_intern_exe(t, name), i);
	}
	for (int i = 4999; i >= 0; i -= 7) {
		snprintf(name, sizeof(name), "/b/t%d", i);
		cr_assert_eq(sp_trace_intern_exe(t, name), i);
	}
	cr_assert_eq(sp_trace_intern_exe(t, "./rel"), 5000);
	cr_assert_eq(sp_trace_rename_exe(t, 5000, "/b/t3", &old), 1);
	cr_assert_eq(sp_trace_rename_exe(t, 5000, "/b/rel", &old), 0);
	cr_assert_str_eq(old, "./rel");
	free(old);
	cr_assert_str_eq(t->exes[5000], "/b/rel");
	cr_assert_eq(sp_trace_intern_exe(t, "/b/rel"), 5000);
	cr_assert_eq(sp_trace_intern_exe(t, "./rel"), 5001);
	cr_assert_eq(t->nexes, 5002);
	sp_trace_free(t);
}

/* Mappings interleaved across images, one added twice: each image's own,
 * in the order added, the repeat not kept. */
Test(trace, mappings_kept_once_and_grouped_by_image)
{
	static const uint32_t adds[][2] = { { 2, 5 }, { 0, 1 }, { 2, 3 },
					    { 0, 1 }, { 0, 4 }, { 2, 5 } };
	struct sp_trace *t = sp_trace_new();
	uint32_t *objs;
	size_t *at;

	for (int i = 0; i < 3; i++)
		cr_assert_eq(sp_trace_add_process(t, 10 + i, 1, 0), 0);
	for (size_t i = 0; i < ARRAY_SIZE(adds); i++)
		cr_assert_eq(sp_trace_add_mapping(t, adds[i][0], adds[i][1]),
			     0);
	cr_assert_eq(t->nmaps, 4);
	cr_assert_eq(sp_trace_maps_by_proc(t, &at, &objs), 0);
	cr_assert_eq(at[0], 0);
	cr_assert_eq(at[1], 2);
	cr_assert_eq(at[2], 2);
	cr_assert_eq(at[3], 4);
	cr_assert_eq(objs[0], 1);
	cr_assert_eq(objs[1], 4);
	cr_assert_eq(objs[2], 5);
	cr_assert_eq(objs[3], 3);
	free(at);
	free(objs);
	sp_trace_free(t);
}

Test(trace, sort_orders_by_arch_then_number_then_args)
{
	struct sp_trace *t = sp_trace_new();
	struct sp_pattern p = { .arch = SP_ARCH_X86_64, .nr = 41, .kept = 1,
				.count = 1 };

	p.args[0] = 10;
	sp_trace_add_pattern(t, &p);
	p.args[0] = 1;
	sp_trace_add_pattern(t, &p);
	p.nr = 0;
	p.kept = 0;
	p.args[0] = 0;
	sp_trace_add_pattern(t, &p);
	p.arch = SP_ARCH_X86;
	p.nr = 500;
	sp_trace_add_pattern(t, &p);
	sp_trace_sort(t);
	cr_assert_eq(t->patterns[0].nr, 0);
	cr_assert_eq(t->patterns[1].args[0], 1);
	cr_assert_eq(t->patterns[2].args[0], 10);
	cr_assert_eq(t->patterns[3].arch, SP_ARCH_X86);
	sp_trace_free(t);
}

Test(profile, actions_parse_oci_and_command_line_forms)
{
	enum sp_action a;

	cr_assert_eq(sp_action_parse("SCMP_ACT_KILL_PROCESS", &a), 0);
	cr_assert_eq(a, SP_ACT_KILL_PROCESS);
	cr_assert_eq(sp_action_parse("kill-process", &a), 0);
	cr_assert_eq(a, SP_ACT_KILL_PROCESS);
	cr_assert_eq(sp_action_parse("SCMP_ACT_KILL", &a), 0);
	cr_assert_eq(a, SP_ACT_KILL_THREAD);
	cr_assert_eq(sp_action_parse("errno", &a), 0);
	cr_assert_eq(a, SP_ACT_ERRNO);
	cr_assert_eq(sp_action_parse("SCMP_ACT_NOPE", &a), -EINVAL);
	cr_assert_eq(sp_action_parse("kill_process", &a), -EINVAL);
	cr_assert_eq(sp_action_ret(SP_ACT_TRACE), 0x7ff00000u);
}

Test(profile, comparisons_map_to_libseccomp)
{
	enum sp_cmp c;

	cr_assert_eq(sp_cmp_parse("SCMP_CMP_MASKED_EQ", &c), 0);
	cr_assert_eq(c, SP_CMP_MASKED_EQ);
	cr_assert_eq(sp_cmp_scmp(c), SCMP_CMP_MASKED_EQ);
	cr_assert_eq(sp_cmp_parse("SCMP_CMP_LIKE", &c), -EINVAL);
}

Test(profile, rule_names_stay_sorted_and_unique)
{
	struct sp_profile *p = sp_profile_new();
	struct sp_rule *r = sp_profile_add_rule(p);

	sp_rule_add_name(r, "write");
	sp_rule_add_name(r, "read");
	sp_rule_add_name(r, "write");
	sp_rule_add_name(r, "close");
	cr_assert_eq(r->nnames, 3);
	cr_assert_str_eq(r->names[0], "close");
	cr_assert_str_eq(r->names[1], "read");
	cr_assert_str_eq(r->names[2], "write");
	sp_profile_free(p);
}

Test(diag, formats_the_parts_that_are_set)
{
	struct sp_diag d;
	char buf[256];

	sp_diag_set(&d, "p.json", 3, 7, NULL, "unexpected '}'");
	sp_diag_format(&d, buf, sizeof(buf));
	cr_assert_str_eq(buf, "p.json:3:7: unexpected '}'");
	sp_diag_set(&d, "p.json", 0, 0, "$.syscalls[2].action",
		    "unknown action \"X\"");
	sp_diag_format(&d, buf, sizeof(buf));
	cr_assert_str_eq(buf, "p.json: $.syscalls[2].action: unknown action "
			      "\"X\"");
}

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), e = strlen(end);

	return n >= e && strcmp(s + n - e, end) == 0;
}

/* Text too long for its buffer keeps its beginning and its end (the
 * reason a message gives comes last); the long name in it loses its
 * middle, and a cut never splits a UTF-8 character. */
Test(text, fit_keeps_the_reason_and_shortens_the_name)
{
	char name[210], buf[80], small[40], utf8[301] = "";

	memset(name, 'a', sizeof(name));
	memcpy(name + 200, "/out.json", 10);
	sp_text_fit(buf, sizeof(buf), "cannot write /%s: %s", name,
		    "No space left on device");
	cr_assert_leq(strlen(buf), sizeof(buf) - 1);
	cr_assert_eq(strncmp(buf, "cannot write /aaaa", 18), 0, "%s", buf);
	cr_assert(ends_with(buf, "a/out.json: No space left on device"), "%s",
		  buf);
	cr_assert_not_null(strstr(buf, "a...a"), "%s", buf);
	/* What fits is as it was. */
	cr_assert_str_eq(sp_text_fit(buf, sizeof(buf), "%s: %d", "short", 7),
			 "short: 7");
	/* 150 two-byte characters into 39 bytes. */
	for (int i = 0; i < 150; i++)
		strcat(utf8, "\xc3\xa9");
	sp_text_fit(small, sizeof(small), "%s: bad", utf8);
	cr_assert_leq(strlen(small), sizeof(small) - 1);
	cr_assert_eq(sp_text_safe(small, buf, sizeof(buf)), small,
		     "a character cut: %s", sp_text_safe(small, buf,
							 sizeof(buf)));
	cr_assert_not_null(strstr(small, "...\xc3\xa9"), "%s", small);
	cr_assert(ends_with(small, "\xc3\xa9: bad"), "%s", small);
}

/* Many names, each shorter than what must go: each loses its middle in
 * turn (a name shorter than the cut once made it run past the text). */
Test(text, fit_shortens_name_after_name)
{
	char words[12 * 41 + 1] = "", buf[100];

	for (int i = 0; i < 12; i++)
		strcat(words, i ? " 0123456789abcdefghijklmnopqrstuvwxyz012"
				: "0123456789abcdefghijklmnopqrstuvwxyz012");
	sp_text_fit(buf, sizeof(buf), "%s: gone", words);
	cr_assert_leq(strlen(buf), sizeof(buf) - 1);
	cr_assert_eq(strncmp(buf, "0123456789", 10), 0, "%s", buf);
	cr_assert(ends_with(buf, "z012: gone"), "%s", buf);
}

/* Megabytes of words (a trace's name in a message "unknown syscall
 * \"%s\"") are cut at once: the longest word, then looking again for the
 * longest, took a second a megabyte squared (this one, 8 MB, a quarter
 * of an hour; the reader of the trace, the OCI hook's recorder among
 * them, held that long).  The timeout is a hundred times what it takes
 * under ASan. */
Test(text, fit_of_megabytes_of_words_at_once, .timeout = 60)
{
	size_t n = 8 << 20;
	char *words = malloc(n + 1), buf[64];

	cr_assert_not_null(words);
	for (size_t i = 0; i < n; i++)
		words[i] = i % 31 == 30 ? ' ' : 'A';
	words[n - 1] = 'A';
	words[n] = '\0';
	sp_text_fit(buf, sizeof(buf), "%s: the reason", words);
	free(words);
	cr_assert_leq(strlen(buf), sizeof(buf) - 1);
	cr_assert_eq(strncmp(buf, "AAAAAAAAAAAA...AAAAAAAAAAAA A", 29), 0,
		     "%s", buf);
	cr_assert(ends_with(buf, "A: the reason"), "%s", buf);
}

/* A diag's JSON path longer than it holds keeps "$" and the key of the
 * bad value. */
Test(diag, long_path_keeps_its_ends)
{
	struct sp_diag d;
	char path[300] = "$.", buf[SP_DIAG_TEXT_MAX];

	memset(path + 2, 'k', 250);
	strcpy(path + 252, ".filter[1].op");
	sp_diag_set(&d, "f.json", 0, 0, path, "expected \"eq\"");
	cr_assert_eq(strncmp(d.path, "$.kkk", 5), 0, "%s", d.path);
	cr_assert_not_null(strstr(d.path, "k...k"), "%s", d.path);
	sp_diag_format(&d, buf, sizeof(buf));
	cr_assert(ends_with(buf, "k.filter[1].op: expected \"eq\""), "%s", buf);
}

/* A string from a file, printed for people: terminal controls escaped
 * (ESC, BEL, DEL, the C1 CSI U+009B, bytes that are not UTF-8), other
 * languages kept. */
Test(text, controls_escaped_and_utf8_kept)
{
	char buf[128], small[7];
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	cr_assert_str_eq(sp_text_safe("/usr/bin/caf\xc3\xa9 \xe6\x97\xa5", buf,
				      sizeof(buf)),
			 "/usr/bin/caf\xc3\xa9 \xe6\x97\xa5");
	cr_assert_str_eq(sp_text_safe("a\033]0;x\007b\x7f\xc2\x9b\xff\xc3", buf,
				      sizeof(buf)),
			 "a\\x1b]0;x\\x07b\\x7f\\xc2\\x9b\\xff\\xc3");
	cr_assert_str_eq(sp_text_safe("\n\ttab", buf, sizeof(buf)),
			 "\\x0a\\x09tab");
	/* Cut short, never mid-escape. */
	cr_assert_str_eq(sp_text_safe("ab\033cdef", small, sizeof(small)),
			 "ab\\x1b");
	f = open_memstream(&out, &len);
	cr_assert_not_null(f);
	cr_assert_eq(sp_text_put(f, "x\033[2Jy\xe6\x97\xa5"), 0);
	fclose(f);
	cr_assert_str_eq(out, "x\\x1b[2Jy\xe6\x97\xa5");
	free(out);
}

/* fexecve of a memfd is execveat(fd, "", argv, envp, AT_EMPTY_PATH):
 * show names the flag, not 0x1000. */
Test(argnames, execveat_flags_are_named)
{
	char buf[128];

	cr_assert_str_eq(sp_argname_format("execveat", 4, 0x1000, buf,
					   sizeof(buf)), "AT_EMPTY_PATH");
	cr_assert_str_eq(sp_argname_format("execveat", 4, 0x1100, buf,
					   sizeof(buf)),
			 "AT_EMPTY_PATH|AT_SYMLINK_NOFOLLOW");
}

/* Values of kept arguments (argkind.def) the kernel's headers name,
 * shown by name, the numbers here written from include/uapi:
 * personality(0x40000) showed as 0x40000, accept4's SOCK_CLOEXEC as
 * 0x80000.  0xffffffff asks personality for the persona without
 * changing it: shown as that, not as the bits it sets. */
static const char *named(const char *sc, unsigned i, uint64_t v)
{
	static char buf[SP_ARGNAME_MAX];

	return sp_argname_format(sc, i, v, buf, sizeof(buf));
}

Test(argnames, kept_flag_and_enum_values_are_named)
{
	cr_assert_str_eq(named("personality", 0, 0x40000),
			 "ADDR_NO_RANDOMIZE");
	cr_assert_str_eq(named("personality", 0, 0x20008),
			 "PER_LINUX32|UNAME26");
	cr_assert_str_eq(named("personality", 0, 0x440000),
			 "PER_LINUX|ADDR_NO_RANDOMIZE|READ_IMPLIES_EXEC");
	cr_assert_str_eq(named("personality", 0, 0), "PER_LINUX");
	cr_assert_str_eq(named("personality", 0, 8), "PER_LINUX32");
	cr_assert_str_eq(named("personality", 0, 0xffffffff), "0xffffffff");
	cr_assert_str_eq(named("clone3", 0, 0x200000100ull),
			 "CLONE_VM|CLONE_INTO_CGROUP");
	cr_assert_str_eq(named("accept4", 3, 0x80800),
			 "SOCK_NONBLOCK|SOCK_CLOEXEC");
	cr_assert_str_eq(named("pipe2", 1, 0x80000), "O_CLOEXEC");
	cr_assert_str_eq(named("dup3", 2, 0x80000), "O_CLOEXEC");
	cr_assert_str_eq(named("eventfd2", 1, 0x80801),
			 "EFD_SEMAPHORE|EFD_NONBLOCK|EFD_CLOEXEC");
	cr_assert_str_eq(named("epoll_create1", 0, 0x80000), "EPOLL_CLOEXEC");
	cr_assert_str_eq(named("inotify_init1", 0, 0x80800),
			 "IN_NONBLOCK|IN_CLOEXEC");
	cr_assert_str_eq(named("fanotify_init", 0, 0x205),
			 "FAN_CLASS_CONTENT|FAN_CLOEXEC|FAN_REPORT_FID");
	cr_assert_str_eq(named("mknodat", 2, 020644), "S_IFCHR|0x1a4");
	cr_assert_str_eq(named("shmat", 2, 010000), "SHM_RDONLY");
	cr_assert_str_eq(named("pwritev2", 5, 0x18), "RWF_NOWAIT|RWF_APPEND");
	cr_assert_str_eq(named("reboot", 2, 0x4321fedc),
			 "LINUX_REBOOT_CMD_POWER_OFF");
	cr_assert_str_eq(named("ioprio_set", 0, 1), "IOPRIO_WHO_PROCESS");
	cr_assert_str_eq(named("fallocate", 1, 0x10), "FALLOC_FL_ZERO_RANGE");
	cr_assert_str_eq(named("userfaultfd", 0, 0x80001),
			 "UFFD_USER_MODE_ONLY|O_CLOEXEC");
}

/* A condition on an enumerated field inside flags reads as the field's
 * value plus the bits allowed beside it; a zero field goes unsaid. */
Test(argnames, field_conditions_read_as_a_value_plus_bits)
{
	struct sp_cond type = { 1, 0xffffffffu & ~(uint64_t)SOCK_CLOEXEC,
				SOCK_DGRAM, SP_CMP_MASKED_EQ };
	struct sp_cond threads = { 0, ~(uint64_t)(CLONE_VM | CLONE_THREAD), 0,
				   SP_CMP_MASKED_EQ };
	char buf[256];

	sp_cond_format("socket", &type, &type, 1, buf, sizeof(buf));
	cr_assert_str_eq(buf, "arg1 is SOCK_DGRAM plus any of SOCK_CLOEXEC");
	sp_cond_format("clone", &threads, &threads, 1, buf, sizeof(buf));
	cr_assert_str_eq(buf,
			 "arg0 has no bit outside CLONE_VM|CLONE_THREAD");
}

/* A condition that clears a few bits and lets the rest through (a
 * guard, "(arg & guard) == 0", or SP_ARG_RECAST's SOCK_PACKET bit) reads
 * as the bits it refuses, not as the rest of the word. */
Test(argnames, few_bits_refused_read_as_those_bits)
{
	struct sp_cond packet = { 1, 0x8, 0, SP_CMP_MASKED_EQ };
	struct sp_cond exec = { 2, PROT_EXEC, 0, SP_CMP_MASKED_EQ };
	struct sp_cond ns = { 0, CLONE_NEWUSER | CLONE_NEWNS, 0,
			      SP_CMP_MASKED_EQ };
	char buf[256];

	sp_cond_format("socket", &packet, &packet, 1, buf, sizeof(buf));
	cr_assert_str_eq(buf, "arg1 has none of the bits 0x8");
	sp_cond_format("mmap", &exec, &exec, 1, buf, sizeof(buf));
	cr_assert_str_eq(buf, "arg2 has none of the bits PROT_EXEC");
	sp_cond_format("clone", &ns, &ns, 1, buf, sizeof(buf));
	cr_assert_str_eq(buf,
			 "arg0 has none of the bits CLONE_NEWNS|CLONE_NEWUSER");
}

/* An argument another one picks is named by that one's value: socket's
 * protocol as a netlink protocol beside AF_NETLINK, a number beside
 * AF_INET; prctl's second argument as PR_CAP_AMBIENT's sub-operation. */
Test(argnames, picked_argument_named_by_its_selector)
{
	struct sp_cond netlink[] = {
		{ 0, 0xffffffffu, AF_NETLINK, SP_CMP_MASKED_EQ },
		{ 2, 0xffffffffu, 15, SP_CMP_MASKED_EQ },
	};
	struct sp_cond inet[] = {
		{ 0, 0xffffffffu, AF_INET, SP_CMP_MASKED_EQ },
		{ 2, 0xffffffffu, 15, SP_CMP_MASKED_EQ },
	};
	struct sp_cond ambient[] = {
		{ 0, 0xffffffffu, PR_CAP_AMBIENT, SP_CMP_MASKED_EQ },
		{ 1, 2, 0, SP_CMP_EQ },
	};
	char buf[256];

	sp_cond_format("socket", &netlink[1], netlink, 2, buf, sizeof(buf));
	cr_assert_str_eq(buf, "arg2 == NETLINK_KOBJECT_UEVENT (low 32 bits)");
	sp_cond_format("socket", &inet[1], inet, 2, buf, sizeof(buf));
	cr_assert_str_eq(buf, "arg2 == 0xf (low 32 bits)");
	sp_cond_format("prctl", &ambient[1], ambient, 2, buf, sizeof(buf));
	cr_assert_str_eq(buf, "arg1 == PR_CAP_AMBIENT_RAISE");
}

/* Every argument argnames.def names, at its longest (every bit set),
 * fits SP_ARGNAME_MAX, the room each caller gives it; and a condition
 * built of the longest, in SP_COND_TEXT_MAX: diff printed Docker's clone
 * rule as "... plus any of ...|CLONE_NEWCGROUP|CLONE_N". */
Test(argnames, longest_values_and_conditions_are_never_cut)
{
	static const struct {
		const char *syscall;
		unsigned index, other;
		uint64_t value;
	} uses[] = {
#define SP_ARG_USE(sc, i, g) { #sc, i, SP_NARGS, 0 },
#define SP_ARG_USE_IF(sc, i, g, o, v) { #sc, i, o, v },
#include "core/argnames.def"
#undef SP_ARG_USE
#undef SP_ARG_USE_IF
	};
	/* CLONE_VM, with any other bit of the low 32 beside it. */
	struct sp_cond vm = { 0, CLONE_VM, CLONE_VM, SP_CMP_MASKED_EQ };
	char big[8192], buf[SP_COND_TEXT_MAX];
	size_t n;

	for (size_t i = 0; i < ARRAY_SIZE(uses); i++) {
		uint64_t args[SP_NARGS] = { 0 };
		uint8_t known = 0;

		if (uses[i].other < SP_NARGS) {
			args[uses[i].other] = uses[i].value;
			known = (uint8_t)(1u << uses[i].other);
		}
		sp_argname_format_in(uses[i].syscall, uses[i].index,
				     UINT64_MAX, args, known, big, sizeof(big));
		cr_assert_lt(strlen(big), SP_ARGNAME_MAX - 1, "%s arg%u: %zu",
			     uses[i].syscall, uses[i].index, strlen(big));
	}
	sp_cond_format("clone", &vm, &vm, 1, buf, sizeof(buf));
	n = strlen(buf);
	cr_assert(n > 9 && strcmp(buf + n - 9, "|CLONE_IO") == 0, "%s", buf);
	cr_assert(strstr(buf, "|CLONE_NEWUSER|"), "%s", buf);
}

/* What explain takes for an argument: numbers (header constants' values
 * from the kernel's headers here, not from the table under test) and
 * names joined by |; a part left empty is an error, never ignored. */
Test(argnames, parse_takes_names_numbers_and_unions_whole)
{
	uint64_t v = 0;

	cr_assert_eq(sp_argname_parse("AF_INET", &v), 0);
	cr_assert_eq(v, AF_INET);
	cr_assert_eq(sp_argname_parse("SOCK_STREAM|SOCK_CLOEXEC|0x800", &v), 0);
	cr_assert_eq(v, SOCK_STREAM | SOCK_CLOEXEC | 0x800);
	cr_assert_eq(sp_argname_parse("-1", &v), 0);
	cr_assert_eq(v, UINT64_MAX);
	static const char *const bad[] = { "", "|", "AF_INET|", "|AF_INET",
					   "AF_INET||1", "af_inet", "0x" };

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		cr_assert_eq(sp_argname_parse(bad[i], &v), -EINVAL, "\"%s\"",
			     bad[i]);
}

Test(array, grows_by_doubling_and_keeps_what_it_held)
{
	uint32_t *v = NULL;
	size_t cap = 0;

	for (uint32_t i = 0; i < 100; i++) {
		cr_assert_eq(sp_array_grow(&v, &cap, i + 1, sizeof(*v)), 0);
		v[i] = i * 7;
	}
	cr_assert_eq(cap, 128, "16, 32, 64, 128");
	for (uint32_t i = 0; i < 100; i++)
		cr_assert_eq(v[i], i * 7);
	cr_assert_eq(sp_array_grow(&v, &cap, 50, sizeof(*v)), 0);
	cr_assert_eq(cap, 128, "room enough: unchanged");
	free(v);
}

Test(array, cover_zeroes_what_it_adds_and_keeps_what_it_held)
{
	uint32_t *v = NULL;
	size_t cap = 0;

	cr_assert_eq(sp_array_cover(&v, &cap, 5, sizeof(*v)), 0);
	cr_assert_eq(cap, 16);
	for (size_t i = 0; i < cap; i++)
		cr_assert_eq(v[i], 0, "entry %zu", i);
	v[3] = 7;
	v[15] = 9;
	cr_assert_eq(sp_array_cover(&v, &cap, 100, sizeof(*v)), 0);
	cr_assert_eq(cap, 128);
	cr_assert_eq(v[3], 7);
	cr_assert_eq(v[15], 9);
	for (size_t i = 16; i < cap; i++)
		cr_assert_eq(v[i], 0, "entry %zu", i);
	v[100] = 1;
	cr_assert_eq(sp_array_cover(&v, &cap, 50, sizeof(*v)), 0);
	cr_assert_eq(v[100], 1, "room enough: nothing zeroed again");
	cr_assert_eq(sp_array_cover(&v, &cap, SIZE_MAX / 2, sizeof(*v)),
		     -ENOMEM);
	cr_assert_eq(cap, 128);
	cr_assert_eq(v[100], 1);
	free(v);
}

Test(array, an_impossible_size_fails_and_changes_nothing)
{
	uint64_t *v = NULL;
	size_t cap = 0;

	cr_assert_eq(sp_array_grow(&v, &cap, SIZE_MAX / 4, sizeof(*v)),
		     -ENOMEM);
	cr_assert_null(v);
	cr_assert_eq(cap, 0);
}

Test(array, push_appends_zeroed_elements)
{
	struct { uint64_t a, b; } *v = NULL;
	size_t n = 0, cap = 0;

	for (uint64_t i = 0; i < 40; i++) {
		__typeof__(v) e = sp_array_push(&v, &n, &cap, sizeof(*v));

		cr_assert_not_null(e);
		cr_assert_eq(e->a, 0);
		cr_assert_eq(e->b, 0);
		e->a = i;
	}
	cr_assert_eq(n, 40);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(v[i].a, i);
	free(v);
}

Test(array, lower_bound_by_a_key_inside_each_element)
{
	struct { uint32_t pad; uint64_t key; } v[] = {
		{ 0, 2 }, { 0, 4 }, { 0, 4 }, { 0, 9 },
	};
	size_t off = offsetof(__typeof__(v[0]), key);

	cr_assert_eq(sp_array_lower_u64(v, 4, sizeof(v[0]), off, 0), 0);
	cr_assert_eq(sp_array_lower_u64(v, 4, sizeof(v[0]), off, 2), 0);
	cr_assert_eq(sp_array_lower_u64(v, 4, sizeof(v[0]), off, 3), 1);
	cr_assert_eq(sp_array_lower_u64(v, 4, sizeof(v[0]), off, 4), 1);
	cr_assert_eq(sp_array_lower_u64(v, 4, sizeof(v[0]), off, 5), 3);
	cr_assert_eq(sp_array_lower_u64(v, 4, sizeof(v[0]), off, 10), 4);
	cr_assert_eq(sp_array_lower_u64(v, 0, sizeof(v[0]), off, 1), 0);
}

/* The digests below are Python's hashlib.blake2b's (and RFC 7693's for
 * "abc"), not this code's. */
static void blake2b_hex(const void *data, size_t len, size_t outlen,
			size_t step, char *hex)
{
	struct sp_blake2b s;
	uint8_t out[SP_BLAKE2B_MAX];

	sp_blake2b_init(&s, outlen);
	for (size_t at = 0; at < len; at += step)
		sp_blake2b_update(&s, (const uint8_t *)data + at,
				  len - at < step ? len - at : step);
	sp_blake2b_final(&s, out);
	for (size_t i = 0; i < outlen; i++)
		sprintf(hex + 2 * i, "%02x", out[i]);
}

Test(blake2b, digests_match_the_rfc_and_hashlib)
{
	char hex[2 * SP_BLAKE2B_MAX + 1];

	blake2b_hex("", 0, 64, 1, hex);
	cr_assert_str_eq(hex, "786a02f742015903c6c6fd852552d272912f4740e15847"
			      "618a86e217f71f5419d25e1031afee585313896444934e"
			      "b04b903a685b1448b755d56f701afe9be2ce");
	blake2b_hex("abc", 3, 64, 3, hex);
	cr_assert_str_eq(hex, "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4"
			      "b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533"
			      "cc9518d38aa8dbf1925ab92386edd4009923");
}

Test(blake2b, block_edges_and_pieces_give_the_same_digest)
{
	static const struct {
		size_t len;
		const char *hex;
	} want[] = {
		{ 127, "c9ae3859964b35f04c54b36d33cf299d7290ee621005d28e5159"
		       "8a943560aaaa" },
		{ 128, "f0501d06597880592bc49234eef100ec1ff349058d0e9d9b7535"
		       "04e24af86dd6" },
		{ 129, "a34a4e1e03c541dfbf3099c4b6c143c022ced65c28bd7e8a10e0"
		       "a098461aecf0" },
		{ 256, "d93ebb9c802f5630ab22516fd82b6c21bc8bd551d531349b715f"
		       "046ed11ed871" },
		{ 1000, "d62b6c768ce1afc8367e0498ab2f8e3f7c178c35b1429f14c460"
			"4b545d200f52" },
	};
	static const size_t steps[] = { 1, 7, 127, 128, 129, 1000 };
	uint8_t data[1000];
	char hex[2 * SP_BLAKE2B_MAX + 1];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3);
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++)
		for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
			blake2b_hex(data, want[w].len, 32, steps[k], hex);
			cr_assert_str_eq(hex, want[w].hex, "%zu bytes by %zu",
					 want[w].len, steps[k]);
		}
}
