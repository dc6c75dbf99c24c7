#!/bin/bash
# show.sh - sandprint show as a reader meets it: values by name, the first
# call site, the generalized rules and why each safety addition is there,
# rules seen in only some runs flagged, unexercised imports, bad input.
#
# Usage: show.sh SANDPRINT PROGDIR
set -u
. "$(dirname -- "$0")/lib.sh"
SP=$(realpath -e -- "$1") || exit 2
PROGS=$(realpath -e -- "$2") || exit 2
[ "$(id -u)" = 0 ] || { echo "show: needs root; skipping" >&2; exit 77; }
sp_begin show

"$SP" record -q -o syscalls.json -- "$PROGS/syscalls" >/dev/null
"$SP" record -q --stacks -o callsite.json -- "$PROGS/callsite" >/dev/null
"$SP" record -q -o imports.json -- "$PROGS/imports_connect" >/dev/null 2>&1
"$SP" show syscalls.json >out.txt; st=$?
[ $st -eq 0 ] && ok show_trace_exits_0 || bad show_trace_exits_0 "status $st"
has values_by_name 'arg0=AF_UNIX arg1=SOCK_STREAM' out.txt
has prctl_option_by_name 'arg0=PR_SET_NAME' out.txt
has rule_condition_by_name 'arg0 == AF_UNIX' out.txt
has fallback_explained '\[fallback\] refused with ENOSYS' out.txt
has vdso_explained '\[vdso\] vDSO' out.txt
has runtime_explained '\[runtime\]' out.txt
"$SP" show callsite.json >cs.txt
has first_call_site_named 'at uname <- f <- g <- main' cs.txt
sed -n '/^profile (/,$p' cs.txt >cs-rules.txt
has rules_show_a_call_site '^        at ' cs-rules.txt
"$SP" show syscalls.json callsite.json >merged.txt
has one_run_rules_flagged 'in 1 of 2 traces.*not in every run' merged.txt
"$SP" show imports.json >imp.txt
has unexercised_import_named 'imports connect\(\) but connect never ran' imp.txt
"$SP" show --args none syscalls.json >none.txt
grep -q ' if ' none.txt && bad args_none_shows_no_conditions "$(grep ' if ' none.txt | head -2)" || ok args_none_shows_no_conditions

"$SP" profile -o p.json syscalls.json
"$SP" show p.json >prof.txt; st=$?
[ $st -eq 0 ] && ok show_profile_exits_0 || bad show_profile_exits_0 "status $st"
has profile_rules_by_origin '\[recorded\]' prof.txt
has profile_conditions_by_name 'arg0 == AF_UNIX' prof.txt

echo '{"format": "sandprint-trace", "version": 1,' >trunc.json
"$SP" show trunc.json 2>err.txt; st=$?
[ $st -eq 2 ] && ok bad_trace_exits_2 || bad bad_trace_exits_2 "status $st"
has bad_trace_message_names_file 'trunc.json:[0-9]+:' err.txt
"$SP" show missing.json 2>err.txt; st=$?
[ $st -eq 2 ] && ok missing_file_exits_2 || bad missing_file_exits_2 "status $st"

sp_end
