#!/bin/bash
# profile.sh - what `sandprint profile` adds and refuses, from a made-up
# trace: the OCI runtimes' calls only in what a runtime installs (json,
# k8s) unless --runtime asks; arch lists libseccomp cannot load and
# default actions that need a listener refused with a message; the
# sibling warnings (io_uring) said on stderr and in the rule.
#
# --root: the recorded paths read under a directory (a container's root
# file system), its absolute links inside it.
#
# Usage: profile.sh SANDPRINT PROGDIR
# Output: "ok NAME" / "FAIL NAME: why" per case, then "N passed, M failed".
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
sp_begin profile

# A workload that reads, writes and exits: none of the runtimes' calls
# (setuid, setgid, capset: runc's) is its own.
trace() { # FILE [EXTRA PATTERN]
	cat >"$1" <<JSON
{
  "format": "sandprint-trace", "version": 1, "command": ["w"],
  "end": "exited", "status": 0, "exit_status": 0, "partial": false,
  "no_new_privs": true, "calls": 4, "executables": ["/usr/bin/w"],
  "processes": [{"pid": 10, "ppid": 1, "exe": 0}],
  "patterns": [
    {"arch": "x86_64", "syscall": "read", "nr": 0, "args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 10},
    {"arch": "x86_64", "syscall": "write", "nr": 1, "args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 10}$2,
    {"arch": "x86_64", "syscall": "exit_group", "nr": 231, "args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 10}
  ]
}
JSON
}
trace t.json ""

# --- runtime additions: OCI formats only, unless asked ---------------------
# --static none: the made-up trace names a real file (/usr/bin/w), whose
# code, or the shell it can run, may hold setuid of its own.
"$SP" profile --static none -o p.json t.json 2>/dev/null
jq -e '[.syscalls[].names[]] | index("setuid")' p.json >/dev/null &&
	ok json_has_runtime_calls || bad json_has_runtime_calls "no setuid in json"
"$SP" profile --static none -f k8s -o p.yaml t.json 2>/dev/null
grep -qw setuid p.yaml && ok k8s_has_runtime_calls || bad k8s_has_runtime_calls "no setuid"
for f in systemd minijail c; do
	"$SP" profile --static none -f "$f" -o "p.$f" t.json 2>/dev/null
	if grep -qw setuid "p.$f"; then
		bad "${f}_has_no_runtime_calls" "$(grep -w setuid "p.$f" | head -1)"
	else
		ok "${f}_has_no_runtime_calls"
	fi
done
# bpf: the filter itself judges a setuid pattern.
trace su.json ',
    {"arch": "x86_64", "syscall": "getuid", "nr": 102, "args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 10}'
sed 's/"getuid", "nr": 102/"setuid", "nr": 105/' su.json >setuid.json
"$SP" profile --static none -f bpf -o p.bpf t.json 2>/dev/null
"$SP" check -q --profile p.bpf setuid.json >/dev/null 2>&1
expect_status bpf_refuses_runtime_calls 1 $?
"$SP" profile --static none -f bpf --runtime runc -o p2.bpf t.json 2>/dev/null
"$SP" check -q --profile p2.bpf setuid.json >/dev/null 2>&1
expect_status bpf_with_runtime_asked_allows_them 0 $?
"$SP" profile --static none -f systemd --runtime runc -o p2.systemd t.json 2>/dev/null
grep -qw setuid p2.systemd && ok systemd_with_runtime_asked_has_them ||
	bad systemd_with_runtime_asked_has_them "no setuid"

# --- combinations nothing can load: refused, exit 2, a reason ---------------
"$SP" profile --arch x86_64,s390x -o a.json t.json 2>err.txt
expect_status mixed_byte_orders_refused 2 $?
grep -q 'x86_64 and s390x.*byte order' err.txt && ok mixed_byte_orders_say_why ||
	bad mixed_byte_orders_say_why "$(cat err.txt)"
[ ! -e a.json ] && ok mixed_byte_orders_write_nothing || bad mixed_byte_orders_write_nothing "a.json written"
"$SP" profile --arch x86_64,x86,x32 -o a.json t.json 2>/dev/null
expect_status one_byte_order_accepted 0 $?
"$SP" profile --arch s390x -o a.json t.json 2>/dev/null
expect_status another_machines_arch_accepted 0 $?
"$SP" profile -q -o s.json - <t.json 2>err.txt
expect_status trace_from_standard_input 0 $?
"$SP" profile --arch "" -o e.json t.json 2>err.txt
expect_status empty_arch_list_refused 2 $?
grep -q -- '--arch: expected a list' err.txt && [ ! -e e.json ] &&
	ok empty_arch_list_says_why || bad empty_arch_list_says_why "$(cat err.txt)"
for act in notify trace; do
	"$SP" profile --default-action "$act" -o d.json t.json 2>err.txt
	expect_status "default_${act}_refused" 2 $?
	grep -q 'ENOSYS' err.txt && ok "default_${act}_says_why" ||
		bad "default_${act}_says_why" "$(cat err.txt)"
done

# --- io_uring: allowed as recorded, said loudly ------------------------------
sed 's/"getuid", "nr": 102/"io_uring_setup", "nr": 425/' su.json >uring.json
"$SP" profile -o u.json uring.json 2>err.txt
grep -q 'warning: io_uring_setup allowed.*never pass through seccomp' err.txt &&
	ok io_uring_warned || bad io_uring_warned "$(cat err.txt)"
jq -e '.syscalls[] | select(.names | index("io_uring_setup")) | .comment |
	test("UNFILTERED: io_uring")' u.json >/dev/null &&
	ok io_uring_rule_tagged || bad io_uring_rule_tagged "$(jq -c '.syscalls[] | select(.names | index("io_uring_setup"))' u.json)"

# --- --root: a container's files, not the host's at the same paths --------
# A trace as the hook writes it: its program at /opt/sp/prog, a path the
# host does not have; under ROOT it is an absolute link to the program
# (imports_connect: imports socket() and connect(), never calls them),
# its C library and loader under /usr, /lib and /lib64 links to them
# (merged /usr).  Read under ROOT, the program's imports reach connect
# [static]; read on the host, the program is not there.
libc=$(realpath -e "$(ldd "$PROGS/imports_connect" | awk '$1 ~ /^libc\.so/ { print $3 }')")
ld=$(realpath -e "$(ldd "$PROGS/imports_connect" | awk '$1 ~ /ld-linux/ { print $1 }')")
mkdir -p root/opt/sp/real "root$(dirname "$libc")" "root/usr/lib64"
cp "$PROGS/imports_connect" root/opt/sp/real/prog
ln -s /opt/sp/real/prog root/opt/sp/prog
cp "$libc" "root$libc"
cp "$ld" "root/usr/lib64/$(basename "$ld")"
ln -s /usr/lib root/lib
ln -s /usr/lib64 root/lib64
cat >c.json <<JSON
{
  "format": "sandprint-trace", "version": 1, "command": ["/opt/sp/prog"],
  "end": "exited", "status": 0, "exit_status": 0, "partial": false,
  "no_new_privs": false, "calls": 1, "other_mount_namespace": true,
  "executables": ["/opt/sp/prog"], "objects": ["$libc"],
  "processes": [{"pid": 10, "ppid": 1, "exe": 0, "objects": [0]}],
  "patterns": [
    {"arch": "x86_64", "syscall": "exit_group", "nr": 231, "args": [null, null, null, null, null, null], "count": 1, "exe": 0, "pid": 10}
  ]
}
JSON
connect_rule() { jq -r '[.syscalls[] | select(.names | index("connect")) | .comment // "no comment"] | first // empty' "$1"; }
export SANDPRINT_CACHE_DIR=$WORK/cache
if [ "$(id -u)" = 0 ]; then
	"$SP" profile -o host.json c.json 2>err.txt
	[ -z "$(connect_rule host.json)" ] && ok without_root_the_hosts_paths_are_read ||
		bad without_root_the_hosts_paths_are_read "connect: $(connect_rule host.json)"
	has other_mount_namespace_without_root_noted '^sandprint: the recording was made in another mount namespace .*--root DIR' err.txt
	"$SP" diff c.json c.json >/dev/null 2>err.txt
	has diff_of_a_containers_traces_notes_the_namespace '^sandprint: the recording was made in another mount namespace' err.txt
	# diff takes no --root: the way there is a profile made with it.
	has diff_note_names_the_way_to_the_root "'sandprint profile --root DIR' reads them under its root file system \\(give its profile" err.txt
	for run in cold cached; do
		"$SP" profile --root root -o "in-$run.json" c.json 2>err.txt
		! grep -q 'another mount namespace' err.txt && ok "root_given_no_namespace_note_$run" ||
			bad "root_given_no_namespace_note_$run" "$(cat err.txt)"
		case $(connect_rule "in-$run.json") in
		*"connect (connect() in libc.so.6, by prog)"*) ok "root_reads_the_files_under_it_$run" ;;
		*) bad "root_reads_the_files_under_it_$run" "connect: $(connect_rule "in-$run.json") $(cat err.txt)" ;;
		esac
	done
	n=$(find cache -name '*.code' 2>/dev/null | wc -l)
	[ "$n" -ge 2 ] && ok root_summaries_cached_where_sandprint_runs ||
		bad root_summaries_cached_where_sandprint_runs "$n summaries in $WORK/cache"
	# The same files on a file system mounted anew (a container's
	# overlay, at each start: another device number; here a tmpfs, a
	# copy): their summaries are the cache's, not made and stored again.
	mkdir mnt
	for i in 1 2; do
		unshare -m --propagation private sh -c 'mount -t tmpfs none "$1" &&
			cp -a "$2/." "$1" && exec "$3" profile --root "$1" -o "$4" c.json' \
			sh "$WORK/mnt" "$WORK/root" "$SP" "remount-$i.json" 2>err.txt
	done
	m=$(find cache -name '*.code' 2>/dev/null | wc -l)
	[ "$m" = "$n" ] && [ -n "$(connect_rule remount-2.json)" ] &&
		ok root_remounted_reads_the_cache ||
		bad root_remounted_reads_the_cache "$n summaries, then $m; connect: $(connect_rule remount-2.json) $(cat err.txt)"
	# A cache entry that is no regular file (a FIFO by a summary's
	# name) is not read: opened as it was, the analysis waited for a
	# writer for ever.
	for f in cache/*.code; do rm -f "$f" && mkfifo "$f"; done
	timeout 60 "$SP" profile --root root -o fifo.json c.json 2>err.txt
	rc=$?
	[ "$rc" = 0 ] && [ -n "$(connect_rule fifo.json)" ] &&
		ok cache_entry_not_a_file_is_not_read ||
		bad cache_entry_not_a_file_is_not_read "exit $rc; connect: $(connect_rule fifo.json) $(cat err.txt)"
	# No HOME (an OCI runtime under a systemd service runs the hook with
	# none): the cache is in the user's home all the same, from the
	# password database (here one whose root's home is in WORK).
	mkdir home
	awk -F: -v OFS=: -v h="$WORK/home" '$3 == 0 { $6 = h } 1' /etc/passwd >passwd
	unshare -m --propagation private sh -c 'mount --bind "$1" /etc/passwd &&
		[ "$(getent passwd 0 | cut -d: -f6)" = "$3" ] || exit 77
		exec env -u HOME -u XDG_CACHE_HOME -u SANDPRINT_CACHE_DIR \
			"$2" profile --root root -o nohome.json c.json' \
		sh "$WORK/passwd" "$SP" "$WORK/home" 2>err.txt
	case $? in
	77) echo "profile: the password database is not /etc/passwd here; no-HOME case skipped" >&2 ;;
	0) [ -n "$(find home/.cache/sandprint -name '*.code' 2>/dev/null)" ] &&
		ok no_home_caches_in_the_users_home ||
		bad no_home_caches_in_the_users_home "$(ls -R home) $(cat err.txt)" ;;
	*) bad no_home_caches_in_the_users_home "$(cat err.txt)" ;;
	esac
	"$SP" show --root root c.json >show.txt 2>&1
	has show_reads_under_the_root 'connect +connect\(\) in libc\.so\.6, by prog' show.txt
	! grep -q 'another mount namespace' show.txt && ok show_with_root_no_namespace_note ||
		bad show_with_root_no_namespace_note "$(grep 'another mount namespace' show.txt)"
	# Without --root, show says so among its notes, as profile does.
	"$SP" show c.json >show-here.txt 2>&1
	has show_of_a_containers_trace_notes_the_namespace '^  the recording was made in another mount namespace .*; --root DIR reads them' show-here.txt
	# generate -p of a process in a mount namespace of its own (a
	# container's): the program sits on a tmpfs mounted there over mp,
	# which stays empty on the host; the recorded path is theirs, and
	# the analysis reads it under their root.
	mkdir mp
	rm -f ns.up go rdy && mkfifo go rdy
	unshare -m --propagation private sh -c 'mount -t tmpfs none "$1" &&
		cp "$2" "$1/prog" && echo up >"$3" && read -r _ <"$4" &&
		exec "$1/prog"' sh "$WORK/mp" "$PROGS/imports_connect" ns.up go &
	nsp=$!
	wait_line ns.up up
	"$SP" generate -p $nsp --ready-fd 3 -o ns.json 3>rdy 2>ns.err &
	gen=$!
	read -r _ <rdy
	echo go >go
	wait $gen
	st=$?
	wait $nsp
	# The note counts the files it could not read: the program, were it
	# looked for on the host.
	if [ "$st" = 0 ] && [ -n "$(connect_rule ns.json)" ] &&
	   grep -q '^sandprint: static analysis of' ns.err &&
	   ! grep -Eq '[1-9][0-9]* files? not read' ns.err; then
		ok generate_p_reads_their_mount_namespaces_files
	else
		bad generate_p_reads_their_mount_namespaces_files "status $st: $(cat ns.err)"
	fi
	[ -z "$(ls mp)" ] && ok their_files_are_not_the_hosts || bad their_files_are_not_the_hosts "$(ls mp)"
	# generate --cgroup of a cgroup whose processes are all below it (a
	# pod's): their root is found there.  With a process of sandprint's
	# own mount namespace beside them (the runtime's monitor beside a
	# container, in a parent cgroup), no one root is theirs: the profile
	# says that their paths were read here.
	cgroot=$(findmnt -n -t cgroup2 -o TARGET | head -n 1)
	[ -z "$cgroot" ] && cgroot=$(findmnt -n -t cgroup -o TARGET,OPTIONS | awk '$2 ~ /pids/ {print $1; exit}')
	if [ -n "$cgroot" ]; then
		POD=$cgroot/sandprint-profile-$$
		mkdir "$POD" "$POD/c1" "$POD/c2"
		sp_at_exit 'rmdir "$POD/c1" "$POD/c2" "$POD" 2>/dev/null'
		mkdir mp2
		for mixed in no yes; do
			rm -f ns3.up go3 go4 rdy3 && mkfifo go3 go4 rdy3
			unshare -m --propagation private sh -c 'mount -t tmpfs none "$1" &&
				cp "$2" "$1/prog" && echo up >"$3" && read -r _ <"$4" &&
				exec "$1/prog"' sh "$WORK/mp2" "$PROGS/imports_connect" ns3.up go3 &
			nsp=$!
			wait_line ns3.up up
			echo $nsp >"$POD/c1/cgroup.procs"
			if [ $mixed = yes ]; then
				sh -c 'echo $$ >"$1/cgroup.procs" && exec cat "$2" >/dev/null' sh "$POD/c2" go4 &
				host=$!
				while ! grep -qx $host "$POD/c2/cgroup.procs"; do sleep 0.05; done
			fi
			"$SP" generate --cgroup "$POD" --ready-fd 3 -o pod-$mixed.json 3>rdy3 2>pod-$mixed.err &
			gen=$!
			read -r _ <rdy3
			echo go >go3
			[ $mixed = yes ] && echo >go4 && wait $host
			wait $gen
			eval "st_$mixed=\$?"
			wait $nsp
		done
		if [ "$st_no" = 0 ] && [ -n "$(connect_rule pod-no.json)" ] &&
		   ! grep -Eq '[1-9][0-9]* files? not read|another mount namespace' pod-no.err; then
			ok generate_cgroup_finds_their_root_below_it
		else
			bad generate_cgroup_finds_their_root_below_it "status $st_no: $(cat pod-no.err)"
		fi
		has generate_cgroup_of_several_mount_namespaces_says_so '^sandprint: the recording was made in another mount namespace' pod-yes.err
	fi
	# record -p says in the trace that its paths are another mount
	# namespace's; a command it starts shares sandprint's.
	rm -f ns2.up go2 rdy2 && mkfifo go2 rdy2
	unshare -m --propagation private sh -c 'echo up >"$1" && read -r _ <"$2"' sh ns2.up go2 &
	nsp=$!
	wait_line ns2.up up
	"$SP" record -q -p $nsp --ready-fd 3 -o ns2.trace.json 3>rdy2 2>ns2.err &
	rec=$!
	read -r _ <rdy2
	echo go >go2
	wait $rec
	wait $nsp
	[ "$(jq -r .other_mount_namespace ns2.trace.json 2>&1)" = true ] &&
		ok record_p_marks_another_mount_namespace ||
		bad record_p_marks_another_mount_namespace "$(jq -c '{other_mount_namespace}' ns2.trace.json 2>&1) $(cat ns2.err)"
	"$SP" record -q -o own.trace.json -- /bin/true
	[ "$(jq -r .other_mount_namespace own.trace.json)" = null ] &&
		ok own_mount_namespace_not_marked || bad own_mount_namespace_not_marked "$(jq -c '{other_mount_namespace}' own.trace.json)"
	if command -v setpriv >/dev/null; then
		chmod -R a+rX "$WORK"
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$SP" profile --root root c.json >nobody.out 2>err.txt
		expect_status root_without_chroot_refused 2 $?
		has root_without_chroot_says_why '^sandprint: --root root: cannot read the files under it: Operation not permitted \(it takes CAP_SYS_CHROOT' err.txt
		# A user's own container (a user and mount namespace of its
		# own): its root is found, and cannot be entered without
		# CAP_SYS_CHROOT; the profile is written without the
		# analysis, and says so.
		mkdir nb nb/mp && chmod 777 nb && rm -f nb/go nb/rdy &&
			mkfifo -m 666 nb/go nb/rdy
		setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urm sh -c 'mount -t tmpfs none "$1" &&
			cp "$2" "$1/prog" && echo up >"$3" && read -r _ <"$4" &&
			exec "$1/prog"' sh "$WORK/nb/mp" "$PROGS/imports_connect" nb/ns.up nb/go &
		nsp=$!
		if wait_line nb/ns.up up; then
			setpriv --reuid=65534 --regid=65534 --clear-groups \
				env HOME="$WORK/nb" "$SP" generate -p $nsp --ready-fd 3 -o nb/ns.json 3>nb/rdy 2>nb/ns.err &
			gen=$!
			read -r _ <nb/rdy
			echo go >nb/go
			wait $gen
			st=$?
			wait $nsp
			[ "$st" = 0 ] && [ -s nb/ns.json ] &&
				ok users_own_container_profiled_without_its_root ||
				bad users_own_container_profiled_without_its_root "status $st: $(cat nb/ns.err)"
			has users_own_container_root_not_entered_said '^sandprint: the recorded processes. root cannot be entered \(Operation not permitted\): the profile has no static analysis' nb/ns.err
		else
			echo "profile: no user namespace for a user here; its case skipped" >&2
		fi
	fi
fi
"$SP" profile --root "$WORK/none" -o n.json c.json 2>err.txt
expect_status root_missing_refused 2 $?
has root_missing_says_why "^sandprint: --root $WORK/none: No such file or directory" err.txt
"$SP" profile --root c.json -o n.json c.json 2>err.txt
expect_status root_not_a_directory_refused 2 $?
has root_not_a_directory_says_why '^sandprint: --root c.json: not a directory' err.txt
[ ! -e n.json ] && ok bad_root_writes_nothing || bad bad_root_writes_nothing "n.json written"

sp_end
