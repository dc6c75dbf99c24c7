#!/bin/bash
# show.sh - sandprint show as a reader meets it: values by name, the first
# call site, the generalized rules and why each safety addition is there,
# rules seen in only some runs flagged, static coverage, bad input.
#
# Usage: show.sh SANDPRINT PROGDIR
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
[ "$(id -u)" = 0 ] || { echo "show: needs root; skipping" >&2; exit 77; }
sp_begin show

# lacks TEST PATTERN FILE: no line of FILE matches the extended regular
# expression PATTERN (the first that does is shown).
lacks() {
	if grep -qE -- "$2" "$3"; then
		bad "$1" "$(grep -m1 -E -- "$2" "$3")"
	else
		ok "$1"
	fi
}

# runs_under TEST PROFILE CMD...: CMD runs under PROFILE with the
# kernel's verdicts (run --enforce) and no refusal.
runs_under() {
	local test=$1 profile=$2 st
	shift 2
	"$SP" run -q --profile "$profile" --enforce --fail-on-refusal -- "$@" \
		2>err.txt; st=$?
	[ $st -eq 0 ] && ok "$test" || bad "$test" "status $st: $(cat err.txt)"
}

"$SP" record -q -o syscalls.json -- "$PROGS/syscalls" >/dev/null
"$SP" record -q --stacks -o callsite.json -- "$PROGS/callsite" >/dev/null
"$SP" record -q -o imports.json -- "$PROGS/imports_connect" >/dev/null 2>&1
# A trace of x86_64's dup2 (as glibc's dup2() makes it there), listed for
# aarch64 too, which has no dup2: the rule aarch64's dup2() needs, dup3,
# is shown under its own tag with the call it stands for, and explain
# says so of aarch64's dup3(3, 4, 0); listed for x86_64 alone, neither.
jq '.patterns = [{"arch": "x86_64", "syscall": "dup2", "nr": 33,
	"args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 7}] |
	.calls = 1' syscalls.json >dup2.json
"$SP" profile -q --static none --arch x86_64,aarch64 -o p-arm.json dup2.json
"$SP" profile -q --static none --arch x86_64 -o p-x86.json dup2.json
"$SP" profile --static none --arch x86_64,aarch64 -o p-arm2.json dup2.json 2>err-arm.txt
has arch_additions_said '^sandprint: 1 call another listed arch.s C library makes in place of allowed ones added \[arch\]' err-arm.txt
"$SP" profile --static none --arch x86_64 -o p-x862.json dup2.json 2>err-x86.txt
lacks one_arch_says_no_arch_additions '\[arch\]' err-x86.txt
"$SP" show p-arm.json >arm.txt
has arch_rule_tagged '^  \[arch\] not recorded; on a listed arch whose ABI lacks' arm.txt
has arch_rule_says_why '^        not recorded; on aarch64, which has no dup2, the C library calls dup3 for it: dup2\(fd, fd2\) is dup3\(fd, fd2, 0\)' arm.txt
"$SP" show p-x86.json >x86.txt
lacks one_arch_profile_has_no_arch_rule '\[arch\]|dup3' x86.txt
"$SP" explain -q --arch aarch64 p-arm.json dup3 3 4 0 >ex-arm.txt
has arch_rule_explained '^evidence:   not recorded; on aarch64, which has no dup2' ex-arm.txt
has arch_rule_allows_it '^verdict:    SCMP_ACT_ALLOW' ex-arm.txt
"$SP" show syscalls.json >out.txt; st=$?
[ $st -eq 0 ] && ok show_trace_exits_0 || bad show_trace_exits_0 "status $st"
has values_by_name 'arg0=AF_UNIX arg1=SOCK_STREAM' out.txt
has prctl_option_by_name 'arg0=PR_SET_NAME' out.txt
has rule_condition_by_name 'arg0 == AF_UNIX' out.txt
has fallback_explained '\[fallback\] refused with ENOSYS' out.txt
has vdso_explained '\[vdso\] vDSO' out.txt
has runtime_explained '\[runtime\]' out.txt
# One of a kind is singular ("1 process image", not "1 process images").
has trace_counts_in_words '^  exited 0, [0-9]+ calls, [0-9]+ patterns, 1 process image, 1 executable$' out.txt
"$SP" show callsite.json >cs.txt
has first_call_site_named 'at uname <- f <- g <- main' cs.txt
sed -n '/^profile (/,$p' cs.txt >cs-rules.txt
has rules_show_a_call_site '^        at ' cs-rules.txt
"$SP" show syscalls.json callsite.json >merged.txt
has one_run_rules_flagged 'in 1 of 2 traces.*not in every run' merged.txt
# Each trace's summary under its file's name, a line of its own (the
# name ran into it: "syscalls.jsontrace: ...").
[ "$(grep -n -A1 -x -e 'syscalls.json:' -e 'callsite.json:' merged.txt | grep -c -e '^[0-9]*-trace: /')" = 2 ] &&
	[ "$(sed -n 1p merged.txt)" = syscalls.json: ] &&
	ok several_traces_each_under_its_name ||
	bad several_traces_each_under_its_name "$(grep -n 'trace: ' merged.txt | head -n 3)"
"$SP" profile -o p-merged.json syscalls.json callsite.json 2>err.txt
has one_run_calls_named_by_trace 'seen in only some of 2 traces: ' err.txt
"$SP" show imports.json >imp.txt
# imports_connect imports connect() but never calls it in this run: the
# static analysis allows connect(2) and names the function and files.
sed -n '/^calls reachable in the loaded code/,/^$/p' imp.txt >imp-static.txt
has unrecorded_import_named '^  connect +connect\(\) in libc\.so\.6, by imports_connect$' imp-static.txt
has unrecorded_import_allowed '^  \[static\]' imp.txt
# static_uselib imports sp_lib_lock from its library, whose flock() in
# libc makes the call: each function is named with its own file.
"$SP" record -q -o uselib.json -- "$PROGS/static_uselib"
"$SP" show uselib.json >uselib.txt
has static_function_named_with_its_file '^  flock +sp_lib_lock\(\) in libsp_static_lib\.so -> flock in libc\.so\.6, by static_uselib$' uselib.txt
"$SP" show --static none imports.json >imp-none.txt
grep -q '^  connect ' imp-none.txt && bad static_none_adds_nothing "$(grep '^  connect ' imp-none.txt)" || ok static_none_adds_nothing
# profile says it in one line; generate -q says nothing.
"$SP" profile -o p-imp.json imports.json 2>err.txt
has static_summary_line '^sandprint: static analysis of [0-9]+ files?: [0-9]+ calls? not recorded but reachable added \[static\]' err.txt
[ "$(wc -l <err.txt)" -eq 1 ] && ok notes_are_one_line || bad notes_are_one_line "$(cat err.txt)"
has static_rule_in_profile '"comment": "sandprint: static: not recorded; reachable in the code the recording loaded: .*connect \(connect\(\) in libc\.so\.6, by imports_connect\)' p-imp.json
"$SP" generate -q -o g.json -- "$PROGS/imports_connect" 2>gq.txt
[ -s gq.txt ] && bad quiet_means_no_notes "$(cat gq.txt)" || ok quiet_means_no_notes
# Code that runs programs can run the shell without naming it (system(3)):
# static_shell, recorded without running it, gets the shell's calls too
# (dash's vfork, which its own code never makes), and its filter lets
# the shell run; the kernel decides (run --enforce).
"$SP" record -q -o shell.json -- "$PROGS/static_shell"
"$SP" profile --default-action kill-process -o p-shell.json shell.json \
	2>err.txt
has shell_read_too '/bin/sh read too \(the code runs programs' err.txt
"$SP" show shell.json >shell.txt
has shell_calls_named '^  vfork +vfork\(\) in libc\.so\.6, by sh$' shell.txt
runs_under shell_runs_under_its_profile p-shell.json \
	"$PROGS/static_shell" shell
# A library loaded with dlopen from a directory of its own is a plugin:
# the next run may load its neighbour (an interpreter's other module).
# static_plugin, recorded loading plugin_a.so, runs plugin_b.so, whose
# getpriority(2) nothing loaded makes, under its kill-default profile;
# the kernel decides (run --enforce).
"$SP" record -q -o plugin.json -- "$PROGS/static_plugin" a
"$SP" profile --default-action kill-process -o p-plugin.json plugin.json \
	2>err.txt
has plugin_neighbour_read_too '1 library not loaded read too, from 1 plugin directory' err.txt
"$SP" show plugin.json >plugin.txt
has plugin_neighbour_call_named '^  getpriority +getpriority\(\) in libc\.so\.6, by plugin_b\.so \(not loaded; plugin directory of plugin_a\.so\)$' plugin.txt
runs_under plugin_neighbour_runs_under_its_profile p-plugin.json \
	"$PROGS/static_plugin" b
# A library's module directory, named in its read-only data (as SoX's
# libsox names /usr/lib/x86_64-linux-gnu/sox), is a plugin directory
# before any module is loaded from it: static_moddir recorded loading
# none runs plugin_b.so from there, whose getpriority is explained by
# it; the same library's strings naming the C library's directory, its
# parent, / and a directory holding only a link to a library add no
# library (1 read, from 1 directory).
"$SP" record -q -o moddir.json -- "$PROGS/static_moddir" none
"$SP" profile --default-action kill-process -o p-moddir.json moddir.json \
	2>err.txt
has module_directory_string_only_its_modules '1 library not loaded read too, from 1 plugin directory' err.txt
"$SP" show moddir.json >moddir.txt
has module_directory_string_names_the_module '^  getpriority +getpriority\(\) in libc\.so\.6, by plugin_b\.so \(not loaded; plugin directory of libsp_moddir\.so\)$' moddir.txt
runs_under module_directory_string_module_runs_under_its_profile \
	p-moddir.json "$PROGS/static_moddir" b
# Scratch space (a directory anyone may write to: /tmp, /var/tmp,
# /dev/shm) holds no program's modules, whatever library lies there:
# bash names /var/tmp, GIO /tmp.  A library naming such a directory as
# a string, and a program loading a module from one, read none of the
# libraries beside (plugin_b.so's getpriority).
mkdir -p scratch/plugins scratch-mods
chmod 1777 scratch/plugins scratch-mods
cp "$PROGS/static_plugin" scratch/
cp "$PROGS/plugins/plugin_a.so" "$PROGS/plugins/plugin_b.so" scratch/plugins/
cp "$PROGS/plugins/plugin_b.so" scratch-mods/
printf '#include <dlfcn.h>\nconst char *scr_dir = "%s";\nvoid *scr_open(const char *p) { return dlopen(p, RTLD_NOW); }\n' \
	"$PWD/scratch-mods" >scr_lib.c
printf 'void *scr_open(const char *);\nint main(int argc, char **argv) { return argc > 2 && !scr_open(argv[1]); }\n' >scr.c
gcc -shared -fPIC -o libscr.so scr_lib.c -ldl
gcc -o scr scr.c -L. -lscr -Wl,-rpath,"$PWD"
"$SP" record -q -o scr.json -- ./scr
"$SP" show scr.json >scr.txt
lacks module_directory_string_scratch_space_is_none 'plugin_b\.so' scr.txt
"$SP" record -q -o plugin-scr.json -- scratch/static_plugin a
"$SP" show plugin-scr.json >plugin-scr.txt
lacks plugin_directory_scratch_space_is_none 'plugin_b\.so' plugin-scr.txt
# A library that loads its modules through another library's loader
# (BIND's libns through libuv's uv_dlopen, libaprutil through APR's
# apr_dso_load) imports no dlopen: the loader's function, in
# tracer/modload.def, says the same.  libuvl.so stands for libuv here.
mkdir -p uvmods
cp "$PROGS/plugins/plugin_b.so" uvmods/
printf '#include <dlfcn.h>\nint uv_dlopen(const char *f, void **lib) { *lib = dlopen(f, RTLD_NOW); return *lib ? 0 : -1; }\n' >uvl.c
printf 'int uv_dlopen(const char *, void **);\nconst char *uvn_dir = "%s";\nint uvn_open(const char *f) { void *h; return uv_dlopen(f, &h); }\n' \
	"$PWD/uvmods" >uvn.c
printf 'int uvn_open(const char *);\nint main(int argc, char **argv) { return argc > 2 && uvn_open(argv[1]); }\n' >uvp.c
gcc -shared -fPIC -o libuvl.so uvl.c -ldl
gcc -shared -fPIC -o libuvn.so uvn.c -L. -luvl -Wl,-rpath,"$PWD"
gcc -o uvp uvp.c -L. -luvn -Wl,-rpath,"$PWD"
"$SP" record -q -o uvp.json -- ./uvp
"$SP" show uvp.json >uvp.txt
has module_directory_string_of_a_library_loading_through_another '^  getpriority +getpriority\(\) in libc\.so\.6, by plugin_b\.so \(not loaded; plugin directory of libuvn\.so\)$' uvp.txt
# A module loaded tomorrow loads modules of its own: the module
# directories that a module, or a library it needs, names count too
# (Ruby's openssl.so needs libcrypto, which names engines-3).  libchi
# names chi-mods (plugin_b.so), libcho cho-mods (m1.so, which needs
# libchi); the program loads neither module.
mkdir -p chi-mods cho-mods
cp "$PROGS/plugins/plugin_b.so" chi-mods/
for l in chi cho; do
	printf '#include <dlfcn.h>\nconst char *%s_dir = "%s";\nvoid *%s_open(const char *f) { return dlopen(f, RTLD_NOW); }\n' \
		$l "$PWD/$l-mods" $l >$l.c
done
printf 'void *chi_open(const char *);\nint plugin_run(void) { return !chi_open("x"); }\n' >m1.c
printf 'void *cho_open(const char *);\nint main(int argc, char **argv) { return argc > 2 && !cho_open(argv[1]); }\n' >chp.c
gcc -shared -fPIC -o libchi.so chi.c -ldl
gcc -shared -fPIC -o libcho.so cho.c -ldl
gcc -shared -fPIC -o cho-mods/m1.so m1.c -L. -lchi -Wl,-rpath,"$PWD"
gcc -o chp chp.c -L. -lcho -Wl,-rpath,"$PWD"
"$SP" record -q -o chp.json -- ./chp
"$SP" show chp.json >chp.txt
has module_directory_string_of_a_module_counts_too '^  getpriority +getpriority\(\) in libc\.so\.6, by plugin_b\.so \(not loaded; plugin directory of libchi\.so\)$' chp.txt
# A named directory whose modules all lie in subdirectories (libkrb5's
# krb5/plugins, preauth/spake.so) is a module directory too, but not
# another program's installation, a tree holding a program (libbluray
# names the JVM's homes, bin/java, lib/server/libjvm.so): libkr names
# krmods (sub/plugin_b.so) and krhome (lib/plugin_b.so, bin/prog); krp,
# recorded loading nothing, runs krmods' plugin_b.so under its
# kill-default profile (run --enforce), and krhome's is not read (1
# library read, from 1 directory); nor is krbig's, a tree of more
# entries than a module directory holds (/usr/share/locale, /proc: GIO
# names them, and walking them cost every profile).
mkdir -p krmods/sub krhome/lib krhome/bin krbig/sub
cp "$PROGS/plugins/plugin_b.so" krmods/sub/
cp "$PROGS/plugins/plugin_b.so" krhome/lib/
cp "$PROGS/static_plugin" krhome/bin/prog
cp "$PROGS/plugins/plugin_b.so" krbig/sub/
(cd krbig && touch f{0001..1100})
printf '#include <dlfcn.h>\nconst char *kr_dirs[] = { "%s", "%s", "%s" };\nint kr_run(const char *f) { void *h = dlopen(f, RTLD_NOW); int (*run)(void) = h ? (int (*)(void))dlsym(h, "plugin_run") : 0; return run ? run() : 1; }\n' \
	"$PWD/krmods" "$PWD/krhome" "$PWD/krbig" >kr.c
printf 'int kr_run(const char *);\nint main(int argc, char **argv) { return argc > 1 && kr_run(argv[1]); }\n' >krp.c
gcc -shared -fPIC -o libkr.so kr.c -ldl
gcc -o krp krp.c -L. -lkr -Wl,-rpath,"$PWD"
"$SP" record -q -o krp.json -- ./krp
"$SP" profile --default-action kill-process -o p-krp.json krp.json 2>err.txt
has module_directory_string_subdirectories_only_its_modules '1 library not loaded read too, from 1 plugin directory' err.txt
"$SP" show krp.json >krp.txt
has module_directory_string_subdirectories_name_the_module '^  getpriority +getpriority\(\) in libc\.so\.6, by plugin_b\.so \(not loaded; plugin directory of libkr\.so\)$' krp.txt
runs_under module_directory_string_subdirectories_module_runs_under_its_profile \
	p-krp.json ./krp "$PWD/krmods/sub/plugin_b.so"
# glibc's gconv directory is no plugin directory (libc.so.6 names it but
# imports no dlopen; its modules call nothing the C library's own
# conversion does not): a program recorded converting to UCS-4, built
# into the C library (no module loaded), converts to EUC-JP and
# ISO-8859-15 (libJIS.so, ISO8859-15.so) under its kill-default profile
# (run --enforce).  Skipped where the C library has no such module.
printf '#include <iconv.h>\n#include <string.h>\nint main(int argc, char **argv) { iconv_t cd = iconv_open(argv[1], "UTF-8"); char in[] = "hello", out[64], *ip = in, *op = out; size_t il = strlen(in), ol = sizeof(out); return cd == (iconv_t)-1 || iconv(cd, &ip, &il, &op, &ol) == (size_t)-1; }\n' >iconvp.c
gcc -o iconvp iconvp.c
"$SP" record -q -o iconv.json -- ./iconvp UCS-4
"$SP" profile -q --default-action kill-process -o p-iconv.json iconv.json
for cs in EUC-JP ISO-8859-15; do
	if ./iconvp $cs; then
		runs_under "iconv_other_charset_runs_under_its_profile_$cs" \
			p-iconv.json ./iconvp $cs
	else
		echo "show: no $cs conversion here; case skipped" >&2
	fi
done
# An application's own tree in /opt (FHS 3.0, 3.13: /opt/APP) or
# /usr/libexec (4.7: /usr/libexec/APP) holds its modules: static_plugin,
# installed as /opt/spapp/bin/static_plugin with plugins/plugin_b.so
# beside it and recorded loading only libm (a system library), runs
# plugin_b.so under its kill-default profile (the kernel decides: run
# --enforce).  Each tree on a tmpfs over the host's directory, in a
# mount namespace of its own.
for top in /opt /usr/libexec; do
	t=app-${top//\//-}
	unshare -m --propagation private bash -c '
		mount -t tmpfs none "$1" || exit 1
		mkdir -p "$1/spapp/bin/plugins" &&
		cp "$3/static_plugin" "$1/spapp/bin/" &&
		cp "$3/plugins/plugin_b.so" "$1/spapp/bin/plugins/" || exit 1
		"$2" record -q -o "$4.json" -- "$1/spapp/bin/static_plugin" system &&
		"$2" profile -q --default-action kill-process -o "p-$4.json" \
			"$4.json" || exit 1
		"$2" show "$4.json" >"$4.txt"
		"$2" run -q --profile "p-$4.json" --enforce --fail-on-refusal \
			-- "$1/spapp/bin/static_plugin" b' \
		sh "$top" "$SP" "$PROGS" "$t" 2>err.txt
	st=$?
	[ $st -eq 0 ] && ok "application_tree_in${top//\//_}_runs_its_module" ||
		bad "application_tree_in${top//\//_}_runs_its_module" "status $st: $(cat err.txt)"
	has "application_tree_in${top//\//_}_names_the_module" '^  getpriority +getpriority\(\) in libc\.so\.6, by plugin_b\.so \(not loaded; plugin directory of static_plugin\)$' "$t.txt"
done
# A library opened by its name, as the loader finds a DT_NEEDED name
# (Phobos's std.net.curl opens libcurl.so.4 at its first request): the
# library whose loaded file names it as a string counts, though the run
# never opened it.  libsno names libsp_sno.so.1 (plugin_b.so, in its
# RUNPATH); the recording does not open it, the run does.
mkdir -p sno-libs
cp "$PROGS/plugins/plugin_b.so" sno-libs/libsp_sno.so.1
printf '#include <dlfcn.h>\nint sno_run(void) { void *h = dlopen("libsp_sno.so.1", RTLD_NOW); int (*r)(void) = h ? (int (*)(void))dlsym(h, "plugin_run") : 0; return r ? r() : 1; }\n' >sno.c
printf 'int sno_run(void);\nint main(int argc, char **argv) { return argc > 1 ? sno_run() : 0; }\n' >snp.c
gcc -shared -fPIC -o libsno.so sno.c -ldl -Wl,-rpath,"$PWD/sno-libs"
gcc -o snp snp.c -L. -lsno -Wl,-rpath,"$PWD"
"$SP" record -q -o snp.json -- ./snp
"$SP" show snp.json >snp.txt
has library_named_as_a_string_counts '^  getpriority +getpriority\(\) in libc\.so\.6, by libsp_sno\.so\.1 \(not loaded; named by libsno\.so\)$' snp.txt
"$SP" profile -q -o p-snp.json snp.json
runs_under library_named_as_a_string_runs_under_its_profile p-snp.json ./snp x
# A library rewritten in place (same inode) with another build of the
# same size, its modification time set back (cp -p, touch -r): its
# cached summary is not taken for it (kcmp(2) now, getpriority(2)
# before); the change time says it was written.
for n in 140 312; do
	printf '#include <unistd.h>\nlong ct_fn(int x) { return x > 5 ? syscall(%d, 0, 0, 0, 0, 0) : 0; }\n' \
		"$n" >ct$n.c
	gcc -shared -fPIC -o ct$n.so ct$n.c
done
printf 'long ct_fn(int);\nint main(int argc, char **argv) { return (int)ct_fn(argc); }\n' >ct.c
cp ct140.so libct.so
gcc -o ct ct.c -L. -lct -Wl,-rpath,"$PWD"
"$SP" record -q -o ct.json -- ./ct
SANDPRINT_CACHE_DIR=$PWD/ct-cache "$SP" show ct.json >ct-before.txt
touch -r libct.so ct-stamp
cat ct312.so >libct.so
touch -r ct-stamp libct.so
SANDPRINT_CACHE_DIR=$PWD/ct-cache "$SP" show ct.json >ct-after.txt
if [ "$(stat -c %s ct140.so)" != "$(stat -c %s ct312.so)" ]; then
	bad cache_not_taken_for_a_file_rewritten_in_place "the builds differ in size"
elif grep -qE '^  getpriority .*libct\.so' ct-before.txt &&
	grep -qE '^  kcmp .*libct\.so' ct-after.txt &&
	! grep -qE '^  getpriority .*libct\.so' ct-after.txt; then
	ok cache_not_taken_for_a_file_rewritten_in_place
else
	bad cache_not_taken_for_a_file_rewritten_in_place "$(grep -E 'getpriority|kcmp' ct-before.txt ct-after.txt)"
fi
# A cached summary whose bytes changed but stay well formed (libct's
# export ct_fn renamed ct_fm: every index still in range) is ignored,
# not trusted: the program's ct_fn still leads to kcmp.
python3 - ct-cache <<'PY'
import os, sys
for n in os.listdir(sys.argv[1]):
    p = os.path.join(sys.argv[1], n)
    b = open(p, 'rb').read()
    if b'/libct.so\n' in b:
        open(p, 'wb').write(b.replace(b'ct_fn', b'ct_fm'))
PY
SANDPRINT_CACHE_DIR=$PWD/ct-cache "$SP" show ct.json >ct-damaged.txt
has cache_entry_changed_but_well_formed_is_ignored '^  kcmp .*libct\.so' ct-damaged.txt
# A cache directory anyone may write to is not used: another user's
# summary there would be taken for the file's.
mkdir ct-shared
chmod 1777 ct-shared
SANDPRINT_CACHE_DIR=$PWD/ct-shared "$SP" show ct.json >ct-shared.txt
if [ -z "$(ls ct-shared)" ] && grep -qE '^  kcmp .*libct\.so' ct-shared.txt; then
	ok cache_directory_anyone_may_write_is_not_used
else
	bad cache_directory_anyone_may_write_is_not_used "$(ls ct-shared | head -3)"
fi
# A library a plugin needs, from elsewhere (libkrb5's libkeyutils.so.1
# for Python's lib-dynload): read too, and said to be needed by the
# plugin directory, not to be in it.  Its initializer passes kcmp's
# number to syscall().
mkdir -p sp/plugins sp/deps
cp "$PROGS/static_plugin" sp/
printf '#include <unistd.h>\n#include <sys/syscall.h>\n__attribute__((constructor)) static void dep_init(void) { if (getpid() == 1) syscall(SYS_kcmp, 0, 0, 0, 0, 0); }\nint dep_fn(void) { return 0; }\n' >dep.c
printf 'int plugin_run(void) { return 0; }\n' >plugin_a.c
printf 'int dep_fn(void);\nint plugin_run(void) { return dep_fn(); }\n' >plugin_b.c
gcc -shared -fPIC -o sp/deps/libdep.so dep.c
gcc -shared -fPIC -o sp/plugins/plugin_a.so plugin_a.c
gcc -shared -fPIC -o sp/plugins/plugin_b.so plugin_b.c -Lsp/deps -ldep \
	-Wl,-rpath,'$ORIGIN/../deps'
"$SP" record -q -o plugin-dep.json -- sp/static_plugin a
"$SP" show plugin-dep.json >plugin-dep.txt
has plugin_dependency_not_in_the_directory '^  kcmp +syscall\(312\) in libc\.so\.6, by libdep\.so \(not loaded; needed by the plugin directory of plugin_a\.so\)$' plugin-dep.txt
# A loaded library that another loaded one needs, in a plugin
# directory, counts whole as its neighbours do: the program may enter it
# through dlsym (the JVM's native methods in libnet.so, which libnio.so
# needs).  Recorded loading plugin_a.so, which needs plugin_b.so beside
# it (both loaded, b's plugin_run not reached from a), "b" runs b's
# getpriority(2) under the kill-default profile.
mkdir -p sp-needs/plugins
cp "$PROGS/static_plugin" sp-needs/
cp "$PROGS/plugins/plugin_b.so" sp-needs/plugins/
gcc -shared -fPIC -o sp-needs/plugins/plugin_a.so plugin_a.c \
	-Wl,--no-as-needed -Lsp-needs/plugins -l:plugin_b.so \
	-Wl,-rpath,'$ORIGIN'
"$SP" record -q -o plugin-needs.json -- sp-needs/static_plugin a
"$SP" profile -q --default-action kill-process -o p-plugin-needs.json \
	plugin-needs.json
runs_under loaded_needed_plugin_runs_under_its_profile \
	p-plugin-needs.json sp-needs/static_plugin b
# The same, one directory per module (Perl's auto/POSIX/POSIX.so): the
# modules are the parent directory's.
"$SP" record -q -o module.json -- "$PROGS/static_plugin" ma
"$SP" profile -q --default-action kill-process -o p-module.json module.json
runs_under module_beside_runs_under_its_profile p-module.json \
	"$PROGS/static_plugin" mb
# A child the recording never ran: the shell recorded echoing, run
# with a kill default reading a file through cat, whose advice to the
# kernel (coreutils' fdadvise: fadvise64) is refused with ENOSYS, not
# killed (--safety advice); cat carries on.
"$SP" record -q -o sh-echo.json -- sh -c 'echo x' >/dev/null
"$SP" profile -q --default-action kill-process -o p-sh-echo.json sh-echo.json
echo "cat's line" >cat-in.txt
"$SP" run --profile p-sh-echo.json --enforce -- sh -c 'cat cat-in.txt' \
	>cat-out.txt 2>err.txt; st=$?
if [ $st -eq 0 ] && [ "$(cat cat-out.txt)" = "cat's line" ] &&
	grep -q 'errno ENOSYS (38) *fadvise64' err.txt; then
	ok unrun_childs_advice_refused_not_killed
else
	bad unrun_childs_advice_refused_not_killed "status $st: $(cat err.txt)"
fi
# Control: libm.so.6, opened from the loader's system directory, brings
# none of the hundreds of libraries beside it.
"$SP" record -q -o plugin-sys.json -- "$PROGS/static_plugin" system
"$SP" profile -o p-plugin-sys.json plugin-sys.json 2>err.txt
if grep -q 'plugin director' err.txt; then
	bad system_library_brings_no_neighbours "$(cat err.txt)"
else
	ok system_library_brings_no_neighbours
fi
# A wrapper's request or option is its caller's constant (ioctl(2) in
# static_wrap's own code and through its helpers; prctl(2) inside libc, from
# pthread_setname_np): recorded with other values, the profile allows
# those the reachable callers pass, and "other" runs under it.
"$SP" record -q -o wrap.json -- "$PROGS/static_wrap"
"$SP" profile -q --default-action kill-process -o p-wrap.json wrap.json
# show names each value the static analysis allows with its own site.
"$SP" show wrap.json >wrap-trace.txt
has static_value_shown_with_its_site '^  ioctl +arg1 == TIOCGWINSZ \(low 32 bits\): site: main in static_wrap; call: ioctl\(\) in libc\.so\.6, by static_wrap$' wrap-trace.txt
"$SP" show p-wrap.json >wrap.txt
has wrapper_caller_request 'arg1 == TIOCGWINSZ' wrap.txt
has wrapper_caller_in_libc 'arg0 == PR_SET_NAME' wrap.txt
# Only callers the closure reaches count: glibc's pthread_getname_np
# calls prctl(PR_GET_NAME) (2.36: mov $0x10, %edi; call prctl), and
# static_wrap never reaches it.
lacks wrapper_unreached_caller_adds_nothing 'PR_GET_NAME' wrap.txt
# A request passed on unchanged by helpers (OpenSSL's BIO_socket_nbio ->
# BIO_socket_ioctl -> ioctl): its callers' constants count, in the
# program (FIONBIO) and from the program through a library (FIOCLEX);
# "other" makes them, under the profile of a run that did not.
has helper_caller_request 'arg1 == FIONBIO' wrap.txt
has library_helper_caller_request 'arg1 == FIOCLEX' wrap.txt
runs_under wrapper_callers_values_run p-wrap.json "$PROGS/static_wrap" other
# More distinct constant requests than the analysis lists (static_many:
# 72, a static program, as busybox's applets): the recorded request does
# not stand for the others, which "other" makes under the profile.
"$SP" record -q -o many.json -- "$PROGS/static_many"
"$SP" profile -q -o p-many.json many.json
runs_under unlisted_constants_not_held_to_recorded p-many.json \
	"$PROGS/static_many" other
# record --repeat: a call made in only one of two runs (cat, in the
# second) is counted so in the trace, named on stderr, flagged by show.
rm -f flip
"$SP" record --repeat 2 -o rep.json -- /bin/sh -c \
	'if [ -e flip ]; then rm flip; cat /dev/null; else : >flip; fi' 2>rep-err.txt
has repeat_runs_in_trace '^  "runs": 2,$' rep.json
has repeat_pattern_runs '"syscall": "fadvise64".*"runs": 1' rep.json
has repeat_named_on_stderr 'seen in only some of 2 runs: .*fadvise64 \(1\)' rep-err.txt
"$SP" show rep.json >rep-show.txt
has repeat_rule_flagged 'in 1 of 2 runs.*not in every run \(1 of 2\)' rep-show.txt
has repeat_runs_shown '^  2 runs \(record --repeat\), the first that failed or the last: exited 0, ' rep-show.txt
# generate takes record's --repeat: of the same runs, the same rules
# flagged "in 1 of 2 runs" and the same note as record + profile.
rm -f flip
"$SP" generate --repeat 2 -o p-gen-rep.json -- /bin/sh -c \
	'if [ -e flip ]; then rm flip; cat /dev/null; else : >flip; fi' 2>gen-rep-err.txt
"$SP" profile -o p-rep.json rep.json 2>rep-prof-err.txt
runs_of() { grep -oE 'in [0-9]+ of [0-9]+ runs, by .*"' "$1"; }
has generate_repeat_rule_comment 'in 1 of 2 runs, by ' p-gen-rep.json
[ "$(runs_of p-gen-rep.json)" = "$(runs_of p-rep.json)" ] &&
	ok generate_repeat_rules_as_record_then_profile ||
	bad generate_repeat_rules_as_record_then_profile "$(diff <(runs_of p-gen-rep.json) <(runs_of p-rep.json) | head -4)"
has generate_repeat_note 'seen in only some of 2 runs: .*fadvise64 \(1\)' gen-rep-err.txt
[ "$(grep 'only some of' gen-rep-err.txt)" = "$(grep 'only some of' rep-prof-err.txt)" ] &&
	ok generate_repeat_note_as_record_then_profile ||
	bad generate_repeat_note_as_record_then_profile "$(grep 'only some of' gen-rep-err.txt rep-prof-err.txt)"
# Two runs, socket(2) made with AF_UNIX in one and AF_INET in one: a
# trace counts a pattern's runs, not a name's, so whether socket was in
# both runs is unknown.  Neither the note nor show says it was not; a
# call surely missing from a run (unlink) still is named and flagged.
cat >two-values.json <<'EOF'
{"format": "sandprint-trace", "version": 1, "command": ["/bin/x"],
 "end": "exited", "status": 0, "partial": false, "no_new_privs": false,
 "calls": 4, "runs": 2,
 "executables": ["/bin/x"],
 "processes": [{"pid": 100, "ppid": 99, "exe": 0}],
 "patterns": [
  {"arch": "x86_64", "syscall": "socket", "nr": 41, "args": [1, 1, 0, null, null, null], "count": 1, "exe": 0, "pid": 100, "runs": 1},
  {"arch": "x86_64", "syscall": "socket", "nr": 41, "args": [2, 1, 0, null, null, null], "count": 1, "exe": 0, "pid": 100, "runs": 1},
  {"arch": "x86_64", "syscall": "unlink", "nr": 87, "args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 100, "runs": 1},
  {"arch": "x86_64", "syscall": "exit_group", "nr": 231, "args": [0, null, null, null, null, null], "count": 1, "exe": 0, "pid": 100, "runs": 2}
 ]}
EOF
"$SP" profile --static none -o p-two.json two-values.json 2>err.txt
has repeat_surely_missing_named 'seen in only some of 2 runs: unlink \(1\)$' err.txt
# --static none: the code is read for the language runtimes alone, and
# the note says so, not that the static analysis added nothing.
has static_none_note_says_languages_only '^sandprint: code of 1 file read for the language runtimes \(--static none\): 0 calls added \[language\] \(none\); 1 not read;' err.txt
lacks static_none_note_no_static '\[static\]' err.txt
"$SP" show --static none --args none two-values.json >two.txt
has repeat_unknown_runs_a_range '^        2 calls, in 1 to 2 of 2 runs, by x  <- thin: 2 calls$' two.txt
has repeat_missing_still_flagged 'in 1 of 2 runs, by x  <- not in every run \(1 of 2\)' two.txt
# Each rule is shown the call site of a call it allows: socket's AF_INET
# rule the site of the AF_INET socket, not of the first socket call.
cat >two-sites.json <<'EOF'
{"format": "sandprint-trace", "version": 1, "command": ["/bin/x"],
 "end": "exited", "status": 0, "partial": false, "no_new_privs": false,
 "calls": 2, "executables": ["/bin/x"], "modules": ["/bin/x"],
 "processes": [{"pid": 100, "ppid": 99, "exe": 0}],
 "patterns": [
  {"arch": "x86_64", "syscall": "socket", "nr": 41, "args": [1, 1, 0, null, null, null], "count": 1, "exe": 0, "pid": 100,
   "stack": [{"addr": "0x1000", "module": 0, "offset": "0x1000", "symbol": "unix_side"}]},
  {"arch": "x86_64", "syscall": "socket", "nr": 41, "args": [2, 1, 0, null, null, null], "count": 1, "exe": 0, "pid": 100,
   "stack": [{"addr": "0x2000", "module": 0, "offset": "0x2000", "symbol": "inet_side"}]}
 ]}
EOF
"$SP" show --static none two-sites.json >two-sites.txt
sed -n '/^profile/,$p' two-sites.txt | grep -A3 'arg0 == AF_INET ' >inet-rule.txt
has rule_site_fits_its_conditions '^        at inet_side$' inet-rule.txt
# A frame in no file (JIT code, anonymous memory) says so.
cat >jit-site.json <<'EOF2'
{"format": "sandprint-trace", "version": 1, "command": ["/bin/x"],
 "end": "exited", "status": 0, "partial": false, "no_new_privs": false,
 "calls": 1, "executables": ["/bin/x"], "modules": ["/bin/x"],
 "processes": [{"pid": 100, "ppid": 99, "exe": 0}],
 "patterns": [
  {"arch": "x86_64", "syscall": "getegid", "nr": 108, "args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 100,
   "stack": [{"addr": "0x7f0000001007", "module": null, "offset": "0x7f0000001007", "symbol": null},
	     {"addr": "0x1000", "module": 0, "offset": "0x1000", "symbol": null},
	     {"addr": "0x1100", "module": 0, "offset": "0x1100", "symbol": "a"},
	     {"addr": "0x1200", "module": 0, "offset": "0x1200", "symbol": "b"},
	     {"addr": "0x1300", "module": 0, "offset": "0x1300", "symbol": "c"},
	     {"addr": "0x1400", "module": 0, "offset": "0x1400", "symbol": "d"},
	     {"addr": "0x1500", "module": 0, "offset": "0x1500", "symbol": "main"}]}
 ]}
EOF2
"$SP" show --static none jit-site.json >jit-site.txt
has site_in_no_file_said '^        at 0x7f0000001007 \(no file\) <- x\+0x1000 <- a <- b <- c <- d <- main$' jit-site.txt
# An addition says why it is there, rule by rule: the recorded value an
# alike rule stands for; read back from a profile, the functions and
# files behind a static rule.
has alike_rule_says_its_recorded_value '^        not recorded; arg0 AF_INET6 grants what AF_INET, recorded, grants' two-sites.txt
"$SP" show p-imp.json >p-imp.txt
has profile_static_rule_evidence '^        not recorded; reachable in the code the recording loaded: .*connect \(connect\(\) in libc\.so\.6, by imports_connect\)' p-imp.txt
# An imported log names no executable: nothing for the static analysis
# to read, and both profile and show say so (not "0 files read").
echo '4242  getpid() = 4242' >noexe.log
"$SP" import -q -o noexe.json noexe.log
"$SP" profile -o p-noexe.json noexe.json 2>err.txt
has no_executable_no_static_note '^sandprint: no static analysis: the traces name no executable to read' err.txt
"$SP" show noexe.json >noexe.txt
has no_executable_no_static_shown '^  nothing read: the traces name no executable' noexe.txt
# A run that fails where another did not is named (the calls only it
# made may be the failure's); the status is the failing run's.
rm -f flip
"$SP" record --repeat 2 -o rep-fail.json -- /bin/sh -c \
	'if [ -e flip ]; then rm flip; exit 3; else : >flip; fi' 2>err.txt; st=$?
[ $st -eq 3 ] && ok repeat_failing_runs_status || bad repeat_failing_runs_status "status $st"
has repeat_failing_run_named '1 of 2 runs failed, run 2 first \(status 3\)' err.txt
# A command the first run deletes does not start again: 127, as a
# shell's "not found", and the trace of the run that ran.
printf '#!/bin/sh\nrm -f "$0"\n' >selfdel.sh
chmod +x selfdel.sh
"$SP" record --repeat 2 -o rep-gone.json -- ./selfdel.sh 2>err.txt; st=$?
[ $st -eq 127 ] && ok repeat_gone_command_127 || bad repeat_gone_command_127 "status $st"
has repeat_gone_command_named 'run 2 of 2 did not start: the trace holds 1 run$' err.txt
has repeat_gone_command_trace_kept '"exit_status": 0,' rep-gone.json
# ^C (SIGINT to the process group) in the first of three runs ends the
# repeat, as it ends a shell's loop: the trace holds that run, and
# sandprint dies of SIGINT (130) once it is written.  (The run's sleep
# outlasts a loaded machine's wait for it: the ^C ends it.)
rm -f started rep-int.json
set -m
"$SP" record --repeat 3 -o rep-int.json -- /bin/sh -c \
	': >started; exec sleep 30' 2>err.txt &
pid=$!
set +m
for _ in $(seq 600); do [ -e started ] && break; sleep 0.05; done
kill -INT -- -"$pid"
wait "$pid"; st=$?
[ $st -eq 130 ] && ok repeat_interrupt_status || bad repeat_interrupt_status "status $st"
has repeat_interrupt_named 'interrupted after run 1 of 3: the trace holds 1 run$' err.txt
lacks repeat_interrupt_no_more_runs '"runs"' rep-int.json
"$SP" record --repeat 0 -o rep0.json -- /bin/true 2>err.txt; st=$?
[ $st -eq 2 ] && ok repeat_zero_refused || bad repeat_zero_refused "status $st"
has repeat_zero_message 'repeat 0: expected a number of runs from 1 to 1000' err.txt
"$SP" show --args none syscalls.json >none.txt
grep -q ' if ' none.txt && bad args_none_shows_no_conditions "$(grep ' if ' none.txt | head -2)" || ok args_none_shows_no_conditions

"$SP" profile -o p.json syscalls.json
"$SP" show p.json >prof.txt; st=$?
[ $st -eq 0 ] && ok show_profile_exits_0 || bad show_profile_exits_0 "status $st"
has profile_rules_by_origin '\[recorded\]' prof.txt
has profile_conditions_by_name 'arg0 == AF_UNIX' prof.txt

# A musl program: its C library is its dynamic loader (PT_INTERP), which
# also answers its DT_NEEDED "libc.so".  The library is entered from the
# program's imports, not counted whole (that allowed about 200 calls:
# socket among them, which the program never imports); the fork path the
# recording did not take (fork, then waitpid's wait4 through musl's
# cancellation-point forwarder) runs under the profile.
if command -v musl-gcc >/dev/null; then
	musl-gcc -O2 -o musl_fork "$(dirname -- "$0")/../testdata/progs/musl_fork.c"
	"$SP" record -q --via ptrace -o musl.json -- ./musl_fork >/dev/null
	"$SP" show --static paths musl.json >musl.txt
	has musl_libc_entered_from_imports '^  fork +fork\(\) .*imported by musl_fork' musl.txt
	has musl_waitpid_reaches_wait4 '^  wait4 +waitpid\(\)' musl.txt
	lacks musl_libc_not_counted_whole '^  socket ' musl.txt
	"$SP" profile -q -o musl-p.json musl.json
	runs_under musl_fork_path_runs_under_profile musl-p.json ./musl_fork fork
	# DT_NEEDED "libutil.so.1", a name musl's loader answers itself
	# (glibc's libutil.so.1, needing libc.so.6, is on disk: the loader
	# never opens it, so glibc's libc must not answer the imports).
	echo 'int util_stub;' >util.c
	musl-gcc -shared -Wl,-soname,libutil.so.1 -o libutil.so.1 util.c
	musl-gcc -O2 -o musl_util \
		"$(dirname -- "$0")/../testdata/progs/musl_fork.c" \
		-Wl,--no-as-needed ./libutil.so.1
	rm -f libutil.so.1
	"$SP" record -q --via ptrace -o musl-util.json -- ./musl_util >/dev/null
	"$SP" show --static paths musl-util.json >musl-util.txt
	has musl_reserved_name_is_the_loader \
		'^  fork +fork\(\) -> _Fork in ld-musl-x86_64.so.1' musl-util.txt
	lacks musl_reserved_name_not_on_disk 'libc\.so\.6' musl-util.txt
	# system() in a musl program, recorded without running it: the
	# shell is read (a static program defines system() rather than
	# import it), and its loader's mapping of the shell's libraries
	# (mmap PROT_READ|PROT_EXEC), which the recording never saw (the
	# kernel maps musl's C library, its loader), is allowed: the shell
	# starts under the profile.
	for how in dynamic static; do
		musl-gcc -O2 $([ $how = static ] && echo -static) \
			-o musl_shell_$how \
			"$(dirname -- "$0")/../testdata/progs/static_shell.c"
		"$SP" record -q -o musl-shell-$how.json -- ./musl_shell_$how
		"$SP" profile -q --default-action kill-process \
			-o musl-shell-$how-p.json musl-shell-$how.json
		runs_under musl_${how}_system_shell_runs_under_profile \
			musl-shell-$how-p.json ./musl_shell_$how shell
	done
else
	echo "show: musl-gcc not found (scripts/deps.sh installs musl-tools); musl tests skipped" >&2
fi

echo '{"format": "sandprint-trace", "version": 1,' >trunc.json
"$SP" show trunc.json 2>err.txt; st=$?
[ $st -eq 2 ] && ok bad_trace_exits_2 || bad bad_trace_exits_2 "status $st"
has bad_trace_message_names_file 'trunc.json:[0-9]+:' err.txt
"$SP" show missing.json 2>err.txt; st=$?
[ $st -eq 2 ] && ok missing_file_exits_2 || bad missing_file_exits_2 "status $st"

sp_end
