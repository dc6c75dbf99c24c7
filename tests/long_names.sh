#!/bin/bash
# long_names.sh - a message keeps its reason and its place however long
# the names it quotes: paths of 1 to 4 KiB (up to PATH_MAX) in a deep
# directory, a JSON path through a long key, an option of a kilobyte.
# Each message still names the file (its last component), the line and
# column or the JSON path to the bad value, and the reason (strerror,
# "expected ..."); the status is 2 (127 for an executable that cannot
# run, as natively).  A too-long name loses its middle
# ("..."), never the message its end.  Before, fixed buffers cut the
# message's tail: "cannot write /tmp/.../directory_le" and no reason.
# And a merged rule's comment that cannot name every input says how
# many more there were ("and 7 more").
#
# Usage: long_names.sh SANDPRINT TESTDATA
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
TD=$(realpath -e -- "$2") || exit 2
sp_begin long_names
# The reasons are strerror's, in English.
export LC_ALL=C

# deep LEN: a new directory under WORK whose path is nearly LEN bytes.
deep() {
	local d=$WORK/$1 part
	part=$(printf 'level_%.0s' $(seq 20))
	while [ $((${#d} + ${#part} + 1)) -lt "$1" ]; do
		d=$d/$part
	done
	mkdir -p -- "$d" && echo "$d"
}

# says NAME PATTERN CMD...: CMD exits $want (2 unless set) and its
# stderr's first line matches PATTERN (grep -E).
says() {
	local name=$1 pattern=$2 st
	shift 2
	"$@" >/dev/null 2>err.txt
	st=$?
	if [ $st != "${want:-2}" ]; then
		bad "$name" "status $st: $(cut -c 1-300 err.txt)"
	elif head -n 1 err.txt | grep -qE -- "$pattern"; then
		ok "$name"
	else
		bad "$name" "not /$pattern/: $(head -c 300 err.txt) ... $(tail -c 300 err.txt)"
	fi
}

for len in 1200 3900; do
	D=$(deep $len) || { echo "setup failed"; exit 2; }
	says "record_output_reason_$len" \
		'/missing/out\.json: No such file or directory$' \
		"$SP" record -o "$D/missing/out.json" -- true
	says "profile_output_reason_$len" \
		'/missing/out\.json: No such file or directory$' \
		"$SP" profile -o "$D/missing/out.json" "$TD/golden/trace.json"
	printf '{"format": "sandprint-trace",\n "version": 1,\n "calls": ]\n}\n' \
		>"$D/bad-trace.json"
	says "profile_file_line_column_$len" \
		'/bad-trace\.json:3:11: [a-z]' \
		"$SP" profile "$D/bad-trace.json"
	says "check_profile_reason_$len" \
		'/missing\.json: .*No such file or directory$' \
		"$SP" check -P "$D/missing.json" "$TD/golden/trace.json"
	# A key long enough to fill a diag's JSON path alone, and one that
	# leaves no room for the keys under it.
	for klen in 115 $len; do
		key=$(head -c "$klen" /dev/zero | tr '\0' k)
		printf '{"%s": {"default_action": "trap", "filter_action": "allow", "filter": [{"syscall": "read"}, {"syscall": "write", "args": [{"index": 0, "type": "dword", "op": "bogus", "val": 1}]}]}}\n' \
			"$key" >"$D/filter.json"
		says "check_json_path_${len}_key_$klen" \
			'/filter\.json: \$\.kkkk.*\.\.\..*kkkk\.filter\[1\]\.args\[0\]\.op: expected "eq"' \
			"$SP" check -P "$D/filter.json" "$TD/golden/trace.json"
	done
	# An executable refused: the shell's status, 127, as natively.
	want=127 says "record_missing_program_reason_$len" \
		'/missing-program: command not found$' \
		"$SP" record -o out.json -- "$D/missing-program"
	printf '#!/nonexistent/interpreter\n' >"$D/script"
	chmod +x "$D/script"
	want=127 says "record_missing_interpreter_reason_$len" \
		'/script: its interpreter /nonexistent/interpreter: No such file or directory$' \
		"$SP" record -o out.json -- "$D/script"
	says "usage_error_reason_$len" \
		"--${D//[^l]/x}: options go before PROFILE$" \
		"$SP" explain "$TD/profiles/diff-base.json" read "--${D//[^l]/x}"
done

# Twenty inputs of 69-byte names, more than a rule's comment holds:
# those in same/ said the same of the rule, those in apart/ each its own.
mkdir same apart
for i in $(seq 20); do
	name=$(printf '%064d' "$i").json
	for dir in same apart; do
		printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "comment": "sandprint: recorded: %s calls"}]}\n' \
			"$([ $dir = same ] && echo 3 || echo "$i")" >"$dir/$name"
	done
done
# counted NAME FILE PATTERN: in FILE's comment, the names of inputs
# PATTERN finds (grep -oE) and the count that ends them ("and N more")
# make twenty.
counted() {
	local comment named more
	comment=$(grep -o '"comment": "[^"]*' "$2")
	named=$(grep -oE -- "$3" <<<"$comment" | sort -u | wc -l)
	more=$(grep -oE 'and [0-9]+ more' <<<"$comment" | tail -n 1 |
		grep -oE '[0-9]+')
	if [ -n "$more" ] && [ $((named + more)) = 20 ]; then
		ok "$1"
	else
		bad "$1" "$named named, '$more' more: $comment"
	fi
}
for dir in same apart; do
	"$SP" merge -o $dir.json $dir/*.json 2>err.txt ||
		bad merge_${dir}_succeeds "$(cat err.txt)"
done
# Where every input said the same, that is said once after the list.
counted merge_comment_counts_inputs_left_out same.json '[0-9]{64}\.json'
grep -o '"comment": "[^"]*"' same.json >same.comment
has merge_comment_keeps_what_they_said \
	'[0-9]{64}\.json, and [0-9]+ more\): 3 calls"$' same.comment
# Otherwise each input's words follow, those left out counted.
counted merge_comment_counts_words_left_out apart.json \
	'; [0-9]{64}\.json: [0-9]+ calls'
grep -o '"comment": "[^"]*"' apart.json >apart.comment
has merge_comment_lists_end_counted '[0-9]{64}\.json, and [0-9]+ more\); ' \
	apart.comment

# Twelve names this libseccomp lacks, each in two rules: the warning
# names eight whole and counts the other four once each.
names=$(for i in $(seq -w 12); do printf '"no_such_call_with_a_long_name_%s", ' "$i"; done)
printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [%s "read"], "action": "SCMP_ACT_ALLOW"}, {"names": [%s "write"], "action": "SCMP_ACT_LOG"}]}\n' \
	"$names" "$names" >unknown.json
"$SP" merge -o unknown-merged.json unknown.json 2>err.txt
has unknown_names_counted_past_eight \
	'^sandprint: warning: (no_such_call_with_a_long_name_0[1-8](, | and)){8} 4 more: unknown to this machine.s libseccomp' \
	err.txt

# 79 calls in one trace, 1 of them in another: the note on those seen in
# only some traces names what fits whole and counts the rest.
python3 - "$TD/golden/trace.json" <<'PY' || { echo "setup failed"; exit 2; }
import json, sys
t = json.load(open(sys.argv[1]))
p = dict(t["patterns"][0], args=[None] * 6, count=1)
del p["nr"]
names = """write open close stat fstat lstat poll lseek mmap mprotect munmap
brk rt_sigaction rt_sigprocmask rt_sigreturn ioctl pread64 pwrite64 readv
writev access pipe select sched_yield mremap msync mincore madvise shmget
shmat shmctl dup dup2 pause nanosleep getitimer alarm setitimer getpid
sendfile socket connect accept sendto recvfrom sendmsg recvmsg shutdown
bind listen getsockname getpeername socketpair setsockopt getsockopt clone
fork vfork execve exit wait4 kill uname semget semop semctl shmdt msgget
msgsnd msgrcv msgctl fcntl flock fsync fdatasync truncate ftruncate
getdents getcwd""".split()
t["patterns"] = [dict(p, syscall="read")]
json.dump(t, open("one.json", "w"))
t["patterns"] += [dict(p, syscall=n) for n in names]
json.dump(t, open("many.json", "w"))
PY
"$SP" profile --static none -o some.json many.json one.json 2>err.txt
note=$(grep 'seen in only some of 2 traces' err.txt)
named=$(grep -oE '[a-z0-9_]+ \(1\)' <<<"$note" | sort -u | wc -l)
more=$(grep -oE '\(1\) and [0-9]+ more$' <<<"$note" | grep -oE '[0-9]+ more' |
	grep -oE '[0-9]+')
[ -n "$more" ] && [ $((named + more)) = 79 ] &&
	ok calls_seen_in_some_counted_past_the_list ||
	bad calls_seen_in_some_counted_past_the_list "$named named, '$more' more: $note"
sp_end
